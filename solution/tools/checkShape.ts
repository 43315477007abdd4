/**
 * Checks that a package's tables look like what Dataverse writes when it exports them (issue 16, items 1–4).
 * Microsoft does not support hand-defining tables, columns and relationships in customizations.xml ("When to edit
 * the customizations file"); the reference for every rule here is a real export in ../shared/reference/real-exports/
 * (01 dataverse-ify: a new user-owned table; 08 K12Portal: tables extended with behavior 2; 04: a ribbon on a table
 * with behavior 1 and no metadata), cited next to each rule.
 */
import { childElements, firstChild, textOf, type Element } from './xml';

export interface ShapeFinding {
  severity: 'error' | 'warning';
  file: string;
  message: string;
  fix: string;
}

/** Standard tables' schema names, for relationships that name a table the package does not hold. */
export const STANDARD_SCHEMA_NAMES: Record<string, string> = {
  account: 'Account', contact: 'Contact', systemuser: 'SystemUser', team: 'Team', businessunit: 'BusinessUnit', owner: 'Owner',
  organization: 'Organization', transactioncurrency: 'TransactionCurrency', product: 'Product', salesorder: 'SalesOrder',
  salesorderdetail: 'SalesOrderDetail', quote: 'Quote', quotedetail: 'QuoteDetail', invoice: 'Invoice', invoicedetail: 'InvoiceDetail',
  opportunity: 'Opportunity', lead: 'Lead', incident: 'Incident', pricelevel: 'PriceLevel', uom: 'UoM', uomschedule: 'UoMSchedule',
  fileattachment: 'FileAttachment', activitypointer: 'ActivityPointer', task: 'Task', letter: 'Letter', email: 'Email',
};

/** The system relationships an export writes for a new table, by the columns it has (seen in real exports). */
export function expectedSystemRelationships(schemaName: string, ownership: string, columns: Set<string>): { name: string; column: string; why: string }[] {
  const t = schemaName.toLowerCase();
  const out: { name: string; column: string; why: string }[] = [];
  const add = (name: string, column: string, why: string) => {
    if (columns.has(column)) out.push({ name, column, why });
  };
  // 01 dataverse-ify and every unpacked export we found: lk_<table>_createdby / _modifiedby; no …onbehalfby ones.
  add(`lk_${t}_createdby`, 'createdby', 'who created a record');
  add(`lk_${t}_modifiedby`, 'modifiedby', 'who changed a record');
  if (ownership === 'UserOwned' || ownership === 'TeamOwned') {
    // 01 dataverse-ify (user-owned table).
    add(`owner_${t}`, 'ownerid', 'the owner (assign, share, security roles at user and business-unit depth)');
    add(`business_unit_${t}`, 'owningbusinessunit', 'the owning business unit (business-unit access depth)');
    add(`team_${t}`, 'owningteam', 'team ownership');
    add(`user_${t}`, 'owninguser', 'user ownership');
  } else {
    // Organization-owned tables: organization_<table> (microsoft/coe-starter-kit, Other/Relationships/Organization.xml).
    add(`organization_${t}`, 'organizationid', 'the organization a record belongs to');
  }
  // Money columns: TransactionCurrency_<SchemaName>, CascadeDelete Restrict (unpacked exports' Relationships/TransactionCurrency.xml).
  add(`TransactionCurrency_${schemaName}`, 'transactioncurrencyid', 'the currency of the money columns');
  return out;
}

/** Views a new table must have, by query type (01 dataverse-ify exports all seven; "My" needs an owner). */
export const SYSTEM_VIEWS: { queryType: number; name: string; userOwnedOnly?: boolean; why: string }[] = [
  { queryType: 0, name: 'Active (default public view)', why: 'the grid users open from the app' },
  { queryType: 1, name: 'Advanced Find', why: 'Advanced Find and the view designer start from it' },
  { queryType: 2, name: 'Associated', why: 'related-record grids and subgrids use it' },
  { queryType: 4, name: 'Quick Find (isquickfindquery=1)', why: 'quick search and search in lookups use its find columns' },
  { queryType: 64, name: 'Lookup', why: 'lookup fields list records with it' },
  { queryType: 8192, name: 'My', userOwnedOnly: true, why: 'the "My …" view of a user-owned table' },
];

export const SYSTEM_FORMS: { type: string; required: boolean; why: string }[] = [
  { type: 'main', required: true, why: 'without a main form the app falls back to a form the platform makes, with no sections' },
  { type: 'card', required: false, why: 'card forms show a record in lists on phones and in the timeline' },
  { type: 'quick', required: false, why: 'quick create from a lookup or the + button needs it' },
];

const info = (e: Element) => firstChild(firstChild(e, 'EntityInfo') ?? e, 'entity');
const attributes = (e: Element) => childElements(firstChild(info(e) ?? e, 'attributes') ?? e, 'attribute');
/** Table metadata = the table-level properties an export writes with behavior 0 or 1 ("include table metadata"). */
const hasTableMetadata = (e: Element) => !!info(e) && ['OwnershipTypeMask', 'EntitySetName'].some((n) => firstChild(info(e)!, n));

export function checkShape(customizations: Element, roots: { type: number; name: string; behavior: number }[]): ShapeFinding[] {
  const out: ShapeFinding[] = [];
  const err = (message: string, fix: string) => out.push({ severity: 'error', file: 'customizations.xml', message, fix });
  const entities = childElements(firstChild(customizations, 'Entities') ?? customizations, 'Entity');
  const bySchema = new Map<string, Element>();
  for (const e of entities) bySchema.set((textOf(e, 'Name') ?? '').toLowerCase(), e);
  const relationships = childElements(firstChild(customizations, 'EntityRelationships') ?? customizations, 'EntityRelationship');
  const relNames = new Set(relationships.map((r) => (r.getAttribute('Name') ?? '').toLowerCase()));
  const behavior = new Map(roots.filter((r) => r.type === 1).map((r) => [r.name.toLowerCase(), r.behavior]));

  for (const [logical, e] of bySchema) {
    const schemaName = textOf(e, 'Name') ?? logical;
    const b = behavior.get(logical);
    const ent = info(e);
    // 3. behavior 1 = "include table metadata": the import then expects the table's properties (04 has behavior 1 with
    // no EntityInfo at all, a ribbon only). An EntityInfo with columns but no table properties is neither shape.
    if (b === 1 && ent && !hasTableMetadata(e)) {
      err(
        `Table ${schemaName} is a root component with behavior="1" (include table metadata) but its EntityInfo has columns and no table metadata.`,
        'Why it matters: behavior 1 asks the import to apply the table definition, which this package does not carry. Use behavior="2" with only the columns you add, as exports of a table the solution does not own do (real export 08).',
      );
    }
    // 3. behavior 2 ships the columns only; labels would rename a customer's table to ours.
    if (b === 2 && ent && (firstChild(ent, 'LocalizedNames') || firstChild(ent, 'LocalizedCollectionNames'))) {
      err(
        `Table ${schemaName} has behavior="2" but ships its display names.`,
        'Why it matters: importing them renames the customer\'s table (a renamed Account or Order would take our label). Exports with behavior 2 carry only the added columns (real export 08); remove LocalizedNames and LocalizedCollectionNames.',
      );
    }
    if (b !== 0 || !ent || !hasTableMetadata(e)) continue;
    // A new table (behavior 0 with its metadata): what the export of such a table holds (real export 01).
    const ownership = textOf(ent, 'OwnershipTypeMask') ?? '';
    const columns = new Set(attributes(e).map((a) => (textOf(a, 'LogicalName') ?? a.getAttribute('PhysicalName') ?? '').toLowerCase()));
    // 1. System relationships.
    for (const r of expectedSystemRelationships(schemaName, ownership, columns)) {
      if (!relNames.has(r.name.toLowerCase())) {
        err(
          `New table ${schemaName} has the column ${r.column} but no relationship ${r.name}.`,
          `Why it matters: every export of a new table carries its system relationships (${r.why}); a hand-written solution without them failed to import (CreateAsyncOperationRelationship) until they were added. Add ${r.name} to Other/Relationships or let the packer generate it.`,
        );
      }
    }
    // 4. System views.
    const views = childElements(firstChild(firstChild(e, 'SavedQueries') ?? e, 'savedqueries') ?? firstChild(e, 'SavedQueries') ?? e, 'savedquery');
    for (const v of SYSTEM_VIEWS) {
      if (v.userOwnedOnly && ownership !== 'UserOwned' && ownership !== 'TeamOwned') continue;
      const found = views.some((q) => Number(textOf(q, 'querytype')) === v.queryType && (v.queryType !== 4 || textOf(q, 'isquickfindquery') === '1') && (v.queryType !== 0 || textOf(q, 'isdefault') === '1'));
      if (!found) err(`New table ${schemaName} has no ${v.name} view (querytype ${v.queryType}).`, `Why it matters: ${v.why}; without it the platform makes one from the primary column only. Add the view to SavedQueries (exports ship seven system views).`);
    }
    // 4. Forms.
    const formTypes = new Set(childElements(firstChild(e, 'FormXml') ?? e, 'forms').filter((f) => childElements(f, 'systemform').length).map((f) => f.getAttribute('type') ?? ''));
    for (const f of SYSTEM_FORMS) {
      if (formTypes.has(f.type)) continue;
      out.push({ severity: f.required ? 'error' : 'warning', file: 'customizations.xml', message: `New table ${schemaName} has no ${f.type} form.`, fix: `Why it matters: ${f.why}. Exports of a new table ship main, card and quick create forms (real export 01).` });
    }
  }

  // 2. Relationships name tables by schema name and lookups by the column's schema name (real export 01, every unpacked export).
  for (const r of relationships) {
    const name = r.getAttribute('Name') ?? '';
    for (const tag of ['ReferencingEntityName', 'ReferencedEntityName']) {
      const value = textOf(r, tag) ?? '';
      const inPackage = bySchema.get(value.toLowerCase());
      const expected = inPackage ? (textOf(inPackage, 'Name') ?? value) : STANDARD_SCHEMA_NAMES[value.toLowerCase()];
      if (expected && value !== expected) {
        err(`Relationship ${name}: ${tag} is "${value}", the logical name; exports write the schema name "${expected}".`, `Why it matters: the import resolves relationship ends by schema name; a hand-written solution failed to import until its relationships used schema names. Write ${expected}.`);
      }
    }
    const referencing = bySchema.get((textOf(r, 'ReferencingEntityName') ?? '').toLowerCase());
    const attr = textOf(r, 'ReferencingAttributeName') ?? '';
    const column = referencing && attributes(referencing).find((a) => (textOf(a, 'LogicalName') ?? '').toLowerCase() === attr.toLowerCase());
    const physical = column?.getAttribute('PhysicalName');
    // System columns of a table whose metadata is not shipped keep the export's casing (CreatedBy, OwnerId…): only our own columns are compared.
    if (physical && textOf(column!, 'IsCustomField') === '1' && physical !== attr) {
      err(`Relationship ${name}: ReferencingAttributeName is "${attr}"; the column's schema name is "${physical}".`, `Why it matters: exports name the lookup by its schema name (PhysicalName). Write ${physical}.`);
    }
  }
  return out;
}
