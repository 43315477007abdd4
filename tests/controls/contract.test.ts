/** The navigation properties the controls' single requests rely on exist in the solution source. */
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser } from '@xmldom/xmldom';
import { ProductAvailabilityNavigation } from '../../domain/availability';
import { AccountColumns, ItemAvailabilityColumns, Tables } from '../../domain/schema';

const OTHER = path.resolve(__dirname, '../../solution/src/Other');

function relationships(): Element[] {
  const files = [path.join(OTHER, 'Relationships.xml'), ...(fs.existsSync(path.join(OTHER, 'Relationships')) ? fs.readdirSync(path.join(OTHER, 'Relationships')).map((f) => path.join(OTHER, 'Relationships', f)) : [])];
  return files
    .filter((f) => f.endsWith('.xml') && fs.existsSync(f))
    .flatMap((f) => Array.from(new DOMParser().parseFromString(fs.readFileSync(f, 'utf8'), 'text/xml').getElementsByTagName('EntityRelationship') as unknown as ArrayLike<Element>))
    .filter((r) => r.getElementsByTagName('ReferencingEntityName').length > 0);
}

// Relationships name their tables by schema name, as exports do (issue 16).
const child = (e: Element, tag: string) => e.getElementsByTagName(tag)[0]?.textContent ?? null;
function navigationProperty(r: Element, roleType: '0' | '1'): string | null {
  const roles = Array.from(r.getElementsByTagName('EntityRelationshipRole') as unknown as ArrayLike<Element>);
  const role = roles.find((x) => child(x, 'RelationshipRoleType') === roleType);
  return role ? child(role, 'NavigationPropertyName') : null;
}

test('product → erp_itemavailability collection navigation property ($expand of all locations)', () => {
  const r = relationships().find((x) => child(x, 'ReferencingEntityName') === Tables.itemAvailability.schemaName && child(x, 'ReferencedEntityName') === 'Product');
  expect(r).toBeDefined();
  expect(child(r!, 'ReferencingAttributeName')).toBe(ItemAvailabilityColumns.product);
  expect(navigationProperty(r!, '0')).toBe(ProductAvailabilityNavigation);
});

test('account → erp_accountstatistics single-valued navigation property is named like the lookup column', () => {
  const r = relationships().find((x) => child(x, 'ReferencingEntityName') === 'Account' && child(x, 'ReferencedEntityName') === Tables.accountStatistics.schemaName);
  expect(r).toBeDefined();
  expect(child(r!, 'ReferencingAttributeName')).toBe(AccountColumns.statistics);
  expect(navigationProperty(r!, '1')).toBe(AccountColumns.statistics);
});
