/**
 * @jest-environment node
 */
// The page's Web API client names every table by its entity set (webresources/lib/webApi.ts): the map is written out
// member by member so the minifier can drop the rest of Tables, so this checks it still covers every table.
import { entitySetOf } from '../../webresources/lib/webApi';
import { Tables } from '../../domain/schema';
import { couplingTargets } from '../../webresources/lib/couplingTargets';

describe('entitySetOf', () => {
  it('knows the entity set of every table of ours, every coupling target and the standard tables the pages use', () => {
    for (const t of Object.values(Tables)) expect([t.logicalName, entitySetOf(t.logicalName)]).toEqual([t.logicalName, t.entitySet]);
    for (const t of Object.values(couplingTargets)) expect(entitySetOf(t.table)).toBe(t.entitySet);
    expect(entitySetOf('salesorder')).toBe('salesorders');
    expect(entitySetOf('environmentvariabledefinition')).toBe('environmentvariabledefinitions');
  });

  it('refuses a table it does not know rather than guessing a plural', () => {
    expect(() => entitySetOf('opportunity')).toThrow(/does not know the entity set of table "opportunity"/);
  });
});
