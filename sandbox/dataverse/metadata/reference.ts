/**
 * Standard-table metadata from Microsoft's table reference pages (reference.generated.json, generated from
 * shared/reference/dataverse-tables/ by generateReference.ts). standard.ts names the tables and columns the
 * stand-in serves and their French labels; every property the platform enforces comes from here:
 * - string/memo MaxLength, integer/decimal/money ranges;
 * - DateTime behaviour and format ("Behavior and format of the date and time column",
 *   https://learn.microsoft.com/power-apps/maker/data-platform/behavior-format-date-time-field): only DateOnly
 *   behaviour is an Edm.Date; UserLocal columns (even with the Date Only format) are UTC instants;
 * - RequiredLevel (required.ts enforces SystemRequired/ApplicationRequired on create);
 * - choices (values, and the state each status belongs to);
 * - relationships' cascade configuration (Delete: Cascade / RemoveLink / Restrict / NoCascade).
 */
import type { ColumnDef, NavSpec, OptionDef, TableDef } from './types';
import type { RefColumn, RefRelationship, RefTable } from './referenceParser';
const generated = require('./reference.generated.json') as Record<string, RefTable>;

export const referenceTables = (): Record<string, RefTable> => generated;

let relIndex: Map<string, RefRelationship> | undefined;
const relKey = (referencing: string, attribute: string, referenced: string) => `${referencing}|${attribute}|${referenced}`;

/** The reference relationship for a lookup column pointing at a target table (undefined when no page describes it). */
export function referenceRelationship(referencing: string, attribute: string, referenced: string): RefRelationship | undefined {
  if (!relIndex) {
    relIndex = new Map();
    for (const t of Object.values(generated)) for (const r of t.relationships) relIndex.set(relKey(r.referencingEntity, r.referencingAttribute.toLowerCase(), r.referencedEntity), r);
  }
  return relIndex.get(relKey(referencing, attribute, referenced));
}

const NUMERIC = new Set(['integer', 'bigint', 'decimal', 'double', 'money']);

function mergeOptions(hand: OptionDef[] | undefined, ref: RefColumn): OptionDef[] {
  return (ref.options ?? []).map((o) => {
    const mine = hand?.find((h) => h.value === o.value);
    const out: OptionDef = { value: o.value, labels: mine?.labels ?? { 1033: o.label, 1036: o.label } };
    if (o.state !== undefined) out.state = o.state;
    if (o.defaultStatus !== undefined) out.defaultStatus = o.defaultStatus;
    else if (mine?.defaultStatus !== undefined) out.defaultStatus = mine.defaultStatus;
    if (mine?.invariantName) out.invariantName = mine.invariantName;
    return out;
  });
}

/** Applies the reference page's properties to one column the stand-in serves. */
export function applyReferenceColumn(c: ColumnDef, ref: RefColumn): void {
  c.requiredLevel = ref.requiredLevel;
  if ((c.type === 'string' || c.type === 'memo') && ref.maxLength !== undefined) c.maxLength = ref.maxLength;
  if (NUMERIC.has(c.type)) {
    if (ref.minValue !== undefined) c.min = ref.minValue;
    if (ref.maxValue !== undefined) c.max = ref.maxValue;
  }
  if (c.type === 'datetime' && ref.dateTimeBehavior) {
    c.dateTimeBehavior = ref.dateTimeBehavior;
    c.format = ref.format;
    c.dateOnly = ref.dateTimeBehavior === 'DateOnly';
  }
  if ((c.type === 'picklist' || c.type === 'state' || c.type === 'status') && ref.options?.length) c.options = mergeOptions(c.options, ref);
}

/** Columns every table has (columns.ts systemColumns) that some pages leave out; the stand-in keeps them. */
export const SYSTEM_COLUMNS = new Set(['createdon', 'modifiedon', 'overriddencreatedon', 'createdby', 'modifiedby', 'createdonbehalfby', 'modifiedonbehalfby', 'versionnumber', 'importsequencenumber']);

/**
 * Applies a reference page to a standard table built by standard.ts. A column the page does not list does not
 * exist on a real tenant, so the stand-in does not serve it either (reading it fails as it would there).
 */
export function applyReference(table: TableDef): void {
  const ref = generated[table.logicalName];
  if (!ref) return;
  for (const name of [...table.columns.keys()]) if (!ref.columns[name] && !SYSTEM_COLUMNS.has(name) && name !== table.primaryId) table.columns.delete(name);
  for (const c of table.columns.values()) {
    const r = ref.columns[c.logicalName];
    if (r) applyReferenceColumn(c, r);
    for (const n of c.nav ?? []) applyReferenceCascade(table.logicalName, c.logicalName, n);
  }
}

function applyReferenceCascade(table: string, attribute: string, n: NavSpec): void {
  const rel = referenceRelationship(table, attribute, n.target);
  if (rel?.referencedNavigation) n.collection = rel.referencedNavigation;
  const del = rel?.cascade.delete;
  if (del === 'Cascade' || del === 'RemoveLink' || del === 'Restrict' || del === 'NoCascade') n.cascadeDelete = del;
}
