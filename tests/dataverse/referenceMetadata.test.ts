/**
 * The stand-in's standard tables agree with Microsoft's table reference pages (shared/reference/dataverse-tables/,
 * generated into sandbox/dataverse/metadata/reference.generated.json): every column it serves exists on the page
 * with the same type, max length, DateTime behaviour, required level and choices; every lookup's targets,
 * collection-valued navigation names and delete cascade are the page's. A column the product reads or writes on a
 * standard table is served only if it exists, so a misspelt or invented column fails like on a real tenant.
 */
import { existsSync, readFileSync } from 'fs';
import { standardTables } from '../../sandbox/dataverse/metadata/standard';
import { referenceRelationship, referenceTables, SYSTEM_COLUMNS } from '../../sandbox/dataverse/metadata/reference';
import { DEFAULT_REFERENCE_DIR, GENERATED_FILE, generateReference, serialize } from '../../sandbox/dataverse/metadata/generateReference';
import type { ColumnDef } from '../../sandbox/dataverse/metadata/types';

const ref = referenceTables();
const tables = standardTables();

/** Reference page Type(s) for each stand-in column type. */
const TYPES: Record<ColumnDef['type'], string[]> = {
  string: ['String', 'EntityName'], memo: ['Memo', 'String'], integer: ['Integer'], bigint: ['BigInt'], decimal: ['Decimal'], double: ['Double'],
  money: ['Money'], boolean: ['Boolean'], datetime: ['DateTime'], picklist: ['Picklist'], state: ['State'], status: ['Status'], lookup: ['Lookup'],
  customer: ['Customer'], owner: ['Owner'], uniqueidentifier: ['Uniqueidentifier', 'Lookup'], primarykey: ['Uniqueidentifier'], timestamp: ['BigInt'],
};

/** Tables the stand-in serves without a reference page in shared/reference (platform tables the product reads little of). */
const NO_PAGE = ['organization', 'publisher', 'sdkmessage', 'sdkmessagefilter', 'solution', 'systemform', 'usersettings', 'webresource'];

describe('reference.generated.json', () => {
  it('is what the generator makes of the reference pages', () => {
    const dir = process.env.DATAVERSE_REFERENCE_DIR ?? DEFAULT_REFERENCE_DIR;
    const committed = readFileSync(GENERATED_FILE, 'utf8');
    if (existsSync(dir)) expect(serialize(generateReference(dir))).toBe(committed);
    // Either way every table names the page it came from (repository, path, commit).
    for (const t of Object.values(JSON.parse(committed) as Record<string, { source: string }>)) expect(t.source).toMatch(/^MicrosoftDocs\/\S+ \S+\.md @ [0-9a-f]{40}$/);
  });
});

describe('standard tables agree with the reference pages', () => {
  it('every standard table has a page, or is a listed platform table', () => {
    expect(tables.filter((t) => !ref[t.logicalName]).map((t) => t.logicalName).sort()).toEqual(NO_PAGE);
  });

  for (const t of tables.filter((x) => ref[x.logicalName])) {
    it(`${t.logicalName}: entity set, columns, types, lengths, dates, required levels, choices, relationships`, () => {
      const page = ref[t.logicalName];
      expect(t.entitySetName).toBe(page.entitySetName);
      expect(t.primaryId).toBe(page.primaryId);
      const problems: string[] = [];
      for (const c of t.columns.values()) {
        const p = page.columns[c.logicalName];
        if (!p) {
          if (!SYSTEM_COLUMNS.has(c.logicalName)) problems.push(`${c.logicalName}: not on the page`);
          continue;
        }
        if (!TYPES[c.type].includes(p.type)) problems.push(`${c.logicalName}: ${c.type} vs ${p.type}`);
        if ((c.type === 'string' || c.type === 'memo') && p.maxLength !== undefined && c.maxLength !== p.maxLength) problems.push(`${c.logicalName}: max length ${c.maxLength} vs ${p.maxLength}`);
        if (c.requiredLevel !== p.requiredLevel) problems.push(`${c.logicalName}: required ${c.requiredLevel} vs ${p.requiredLevel}`);
        if (c.type === 'datetime' && (c.dateTimeBehavior !== p.dateTimeBehavior || Boolean(c.dateOnly) !== (p.dateTimeBehavior === 'DateOnly'))) problems.push(`${c.logicalName}: date ${c.dateTimeBehavior}/${c.dateOnly} vs ${p.dateTimeBehavior}`);
        if (p.options && ['picklist', 'state', 'status'].includes(c.type)) {
          const mine = (c.options ?? []).map((o) => `${o.value}${o.state !== undefined ? `@${o.state}` : ''}`);
          const theirs = p.options.map((o) => `${o.value}${o.state !== undefined ? `@${o.state}` : ''}`);
          if (mine.join() !== theirs.join()) problems.push(`${c.logicalName}: choices ${mine.join()} vs ${theirs.join()}`);
        }
        // The platform's annotation page lists the platform's targets; the Sales tables add theirs (salesorder, quote, invoice, product).
        if (p.targets && t.logicalName !== 'annotation') for (const target of c.targets ?? []) if (!p.targets.includes(target)) problems.push(`${c.logicalName}: target ${target} not in ${p.targets.join(',')}`);
        for (const n of c.nav ?? []) {
          const rel = referenceRelationship(t.logicalName, c.logicalName, n.target);
          if (!rel) continue;
          if (rel.referencedNavigation && n.collection !== rel.referencedNavigation) problems.push(`${c.logicalName}→${n.target}: navigation ${n.collection} vs ${rel.referencedNavigation}`);
          if (['Cascade', 'RemoveLink', 'Restrict', 'NoCascade'].includes(rel.cascade.delete ?? '') && n.cascadeDelete !== rel.cascade.delete) problems.push(`${c.logicalName}→${n.target}: delete ${n.cascadeDelete} vs ${rel.cascade.delete}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('the rules the product depends on come out of the pages', () => {
    const col = (table: string, name: string) => tables.find((t) => t.logicalName === table)!.columns.get(name)!;
    for (const c of ['requestdeliveryby', 'submitdate', 'datefulfilled', 'lastbackofficesubmit']) expect([c, col('salesorder', c).dateTimeBehavior, col('salesorder', c).dateOnly]).toEqual([c, 'UserLocal', false]);
    expect(col('quote', 'expireson').dateOnly).toBe(true);
    expect(col('post', 'text').maxLength).toBe(2000);
    expect(col('post', 'source').options!.map((o) => o.value)).toEqual([1, 2, 3]);
    expect(col('invoice', 'statuscode').options!.find((o) => o.value === 7)!.state).toBe(1);
    expect(col('salesorder', 'customerid').nav!.find((n) => n.target === 'account')).toMatchObject({ collection: 'order_customer_accounts', cascadeDelete: 'Restrict' });
    for (const c of ['name', 'customerid', 'pricelevelid', 'transactioncurrencyid']) expect(col('salesorder', c).requiredLevel).toBe('ApplicationRequired');
  });
});
