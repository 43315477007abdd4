/**
 * Business Central API v2.0 entity and field definitions, read from the vendored reference
 * (bc-api-v2.json: APIV2 pages of microsoft/ALAppExtensions, field types from Base Application 26.3).
 * Every standard route of the stand-in takes its entity-set names, field names, field order,
 * editability and maximum lengths from here, so nothing is invented on standard routes.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface FieldDef {
  name: string;
  type: string;
  editable: boolean;
  enum?: string;
  computed?: boolean;
  flowField?: boolean;
  kind?: string;
  note?: string;
}

export interface EntityDef {
  entitySetName: string;
  entityName: string;
  keyProperty: string | null;
  operations: string[];
  flags: { editable: boolean; insertAllowed: boolean; modifyAllowed: boolean; deleteAllowed: boolean; changeTrackingAllowed?: boolean };
  parts: Array<{ name: string; entitySetName: string; multiplicity: string }>;
  actions: Array<{ odataAction: string; procedure: string }>;
  fields: FieldDef[];
}

export interface RelatedEntityDef {
  entitySetName: string;
  entityName: string;
  apiRoute: string;
  fields: Array<{ name: string; type?: string }>;
}

interface Reference {
  entities: EntityDef[];
  relatedOutsideApiV2: RelatedEntityDef[];
  enums: Record<string, { values: Array<{ ordinal: number; name: string }> }>;
}

const reference = JSON.parse(fs.readFileSync(path.join(__dirname, 'bc-api-v2.json'), 'utf8')) as Reference;
const bySet = new Map(reference.entities.map((e) => [e.entitySetName, e]));

export function entityDef(entitySetName: string): EntityDef | undefined {
  return bySet.get(entitySetName);
}

export function requireEntity(entitySetName: string): EntityDef {
  const e = bySet.get(entitySetName);
  if (!e) throw new Error(`bc-api-v2.json has no entity set "${entitySetName}"`);
  return e;
}

export function allEntitySets(): string[] {
  return [...bySet.keys()];
}

export function relatedEntity(entitySetName: string, routeIncludes: string): RelatedEntityDef {
  const e = reference.relatedOutsideApiV2.find((r) => r.entitySetName === entitySetName && r.apiRoute.includes(routeIncludes));
  if (!e) throw new Error(`bc-api-v2.json has no related entity "${entitySetName}" on ${routeIncludes}`);
  return e;
}

export function enumValues(enumName: string): string[] {
  return reference.enums[enumName]?.values.map((v) => v.name) ?? [];
}

/** Maximum length of a Text[n]/Code[n] field, or undefined. */
export function maxLength(type: string): number | undefined {
  const m = /^(?:Text|Code)\[(\d+)\]$/.exec(type);
  return m ? Number(m[1]) : undefined;
}

export function isCode(type: string): boolean {
  return type.startsWith('Code');
}

/** The OData (Edm) primitive kind a field is serialised as. */
export type EdmKind = 'string' | 'guid' | 'decimal' | 'int' | 'boolean' | 'date' | 'datetime' | 'enum' | 'stream';

export function edmKind(type: string | undefined): EdmKind {
  if (!type) return 'string';
  if (type.startsWith('Text') || type.startsWith('Code') || type === 'DateFormula') return 'string';
  if (type === 'Guid') return 'guid';
  if (type === 'Decimal') return 'decimal';
  if (type === 'Integer' || type === 'Int64') return 'int';
  if (type === 'Boolean') return 'boolean';
  if (type === 'Date') return 'date';
  if (type === 'DateTime') return 'datetime';
  if (type.startsWith('Enum')) return 'enum';
  if (type === 'BLOB') return 'stream';
  return 'string';
}

export function edmTypeName(type: string | undefined): string {
  switch (edmKind(type)) {
    case 'guid': return 'Edm.Guid';
    case 'decimal': return 'Edm.Decimal';
    case 'int': return type === 'Int64' ? 'Edm.Int64' : 'Edm.Int32';
    case 'boolean': return 'Edm.Boolean';
    case 'date': return 'Edm.Date';
    case 'datetime': return 'Edm.DateTimeOffset';
    case 'stream': return 'Edm.Stream';
    default: return 'Edm.String';
  }
}

/** Fields as a name → definition map (keeps declaration order through `fieldNames`). */
export function fieldMap(entitySetName: string): Map<string, FieldDef> {
  return new Map(requireEntity(entitySetName).fields.map((f) => [f.name, f]));
}

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
export const EMPTY_DATE = '0001-01-01';
export const EMPTY_DATETIME = '0001-01-01T00:00:00Z';
