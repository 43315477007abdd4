/**
 * Read-only table metadata over the Web API, in the shape Dataverse returns it: EntityDefinitions (with $expand of
 * Attributes), .../Attributes(LogicalName='x'), the type casts (Microsoft.Dynamics.CRM.PicklistAttributeMetadata...)
 * with $expand=OptionSet, plus the InsertOptionValue action. Enough for clients that read labels and choices.
 */
import { createHash } from 'crypto';
import { Codes, DataverseError, payloadError, queryError, segmentNotFound } from './errors';
import type { ApiResponse } from './api';
import type { Engine, RequestContext } from './engine';
import type { ColumnDef, Labels, TableDef } from './metadata/types';
import type { ExpandItem, PathSegment, QueryOptions } from './odata/query';
import type { FilterNode } from './odata/filter';
import { parseArgs } from './odata/query';

const ATTRIBUTE_TYPE: Record<string, [string, string]> = {
  primarykey: ['Uniqueidentifier', 'UniqueidentifierAttributeMetadata'],
  uniqueidentifier: ['Uniqueidentifier', 'UniqueidentifierAttributeMetadata'],
  string: ['String', 'StringAttributeMetadata'],
  memo: ['Memo', 'MemoAttributeMetadata'],
  integer: ['Integer', 'IntegerAttributeMetadata'],
  bigint: ['BigInt', 'BigIntAttributeMetadata'],
  decimal: ['Decimal', 'DecimalAttributeMetadata'],
  double: ['Double', 'DoubleAttributeMetadata'],
  money: ['Money', 'MoneyAttributeMetadata'],
  boolean: ['Boolean', 'BooleanAttributeMetadata'],
  datetime: ['DateTime', 'DateTimeAttributeMetadata'],
  picklist: ['Picklist', 'PicklistAttributeMetadata'],
  state: ['State', 'StateAttributeMetadata'],
  status: ['Status', 'StatusAttributeMetadata'],
  lookup: ['Lookup', 'LookupAttributeMetadata'],
  customer: ['Customer', 'LookupAttributeMetadata'],
  owner: ['Owner', 'LookupAttributeMetadata'],
  timestamp: ['BigInt', 'BigIntAttributeMetadata'],
};
const CAST_TYPES: Record<string, string[]> = {};
for (const [type, [, cast]] of Object.entries(ATTRIBUTE_TYPE)) (CAST_TYPES[cast] ??= []).push(type);

const metadataId = (seed: string) => {
  const h = createHash('sha1').update(`metadata:${seed}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

function label(l: Labels | undefined, lang: number, seed: string): Record<string, unknown> {
  const localized = Object.entries(l ?? {}).map(([code, text]) => ({ Label: text, LanguageCode: Number(code), IsManaged: false, MetadataId: metadataId(`${seed}:${code}`), HasChanged: null }));
  const user = localized.find((x) => x.LanguageCode === lang) ?? localized.find((x) => x.LanguageCode === 1033) ?? null;
  return { LocalizedLabels: localized, UserLocalizedLabel: user };
}

function optionSet(table: TableDef, c: ColumnDef, lang: number): Record<string, unknown> {
  const seed = `${table.logicalName}.${c.logicalName}`;
  if (c.type === 'boolean') {
    const yes = { 1033: 'Yes', 1036: 'Oui' };
    const no = { 1033: 'No', 1036: 'Non' };
    return { MetadataId: metadataId(`${seed}:os`), Name: `${table.logicalName}_${c.logicalName}`, OptionSetType: 'Boolean', TrueOption: { Value: 1, Label: label(yes, lang, `${seed}:1`) }, FalseOption: { Value: 0, Label: label(no, lang, `${seed}:0`) } };
  }
  const options = (c.options ?? []).map((o) => {
    const out: Record<string, unknown> = { Value: o.value, Label: label(o.labels, lang, `${seed}:${o.value}`), Description: label({}, lang, `${seed}:${o.value}:d`) };
    if (c.type === 'status') out.State = o.state;
    if (c.type === 'state') {
      out.DefaultStatus = o.defaultStatus;
      out.InvariantName = o.invariantName ?? o.labels[1033] ?? String(o.value);
    }
    return out;
  });
  return { MetadataId: metadataId(`${seed}:os`), Name: `${table.logicalName}_${c.logicalName}`, IsGlobal: false, OptionSetType: c.type === 'state' ? 'State' : c.type === 'status' ? 'Status' : 'Picklist', Options: options };
}

function attribute(table: TableDef, c: ColumnDef, lang: number, expand: ExpandItem[] | undefined): Record<string, unknown> {
  const [type, cast] = ATTRIBUTE_TYPE[c.type] ?? ['String', 'StringAttributeMetadata'];
  const a: Record<string, unknown> = {
    '@odata.type': `#Microsoft.Dynamics.CRM.${cast}`,
    MetadataId: metadataId(`${table.logicalName}.${c.logicalName}`),
    LogicalName: c.logicalName,
    SchemaName: c.schemaName,
    EntityLogicalName: table.logicalName,
    AttributeType: type,
    AttributeTypeName: { Value: `${type}Type` },
    DisplayName: label(c.displayName, lang, `${table.logicalName}.${c.logicalName}:name`),
    IsCustomAttribute: !!c.isCustom,
    IsPrimaryId: c.logicalName === table.primaryId,
    IsPrimaryName: c.logicalName === table.primaryName,
    IsValidForCreate: c.validForCreate,
    IsValidForUpdate: c.validForUpdate,
    IsValidForRead: true,
    RequiredLevel: { Value: c.logicalName === table.primaryId ? 'SystemRequired' : (c.requiredLevel ?? 'None'), CanBeChanged: true, ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings' },
  };
  if (c.maxLength !== undefined) a.MaxLength = c.maxLength;
  if (c.min !== undefined) a.MinValue = c.min;
  if (c.max !== undefined) a.MaxValue = c.max;
  if (c.precision !== undefined) a.Precision = c.precision;
  if (c.targets) a.Targets = c.targets;
  if (c.type === 'datetime') {
    // From the table reference page (metadata/reference.ts): a UserLocal column may still have the Date Only format.
    a.Format = c.format ?? (c.dateOnly ? 'DateOnly' : 'DateAndTime');
    a.DateTimeBehavior = { Value: c.dateTimeBehavior ?? (c.dateOnly ? 'DateOnly' : 'UserLocal') };
  }
  for (const e of expand ?? []) {
    if ((e.nav === 'OptionSet' || e.nav === 'GlobalOptionSet') && ['picklist', 'state', 'status', 'boolean'].includes(c.type)) a[e.nav] = e.nav === 'OptionSet' ? optionSet(table, c, lang) : null;
  }
  return a;
}

function entity(table: TableDef, lang: number): Record<string, unknown> {
  return {
    MetadataId: metadataId(table.logicalName),
    LogicalName: table.logicalName,
    SchemaName: table.schemaName,
    EntitySetName: table.entitySetName,
    LogicalCollectionName: table.entitySetName,
    PrimaryIdAttribute: table.primaryId,
    PrimaryNameAttribute: table.primaryName,
    ObjectTypeCode: table.objectTypeCode,
    OwnershipType: table.ownership === 'user' ? 'UserOwned' : table.ownership === 'org' ? 'OrganizationOwned' : 'None',
    IsCustomEntity: table.isCustom,
    IsActivity: false,
    DisplayName: label(table.displayName, lang, `${table.logicalName}:name`),
    DisplayCollectionName: label(table.collectionName, lang, `${table.logicalName}:collection`),
    Keys: table.alternateKeys.map((k) => ({ KeyAttributes: k })),
  };
}

/** $select on metadata objects (MetadataId and @odata.type are always kept, as Dataverse does). */
function pick(obj: Record<string, unknown>, select: string[] | undefined, keep: string[] = []): Record<string, unknown> {
  if (!select) return obj;
  const out: Record<string, unknown> = {};
  for (const k of ['@odata.type', 'MetadataId', ...select, ...keep]) if (k in obj) out[k] = obj[k];
  return out;
}

function matches(obj: Record<string, unknown>, node: FilterNode | undefined): boolean {
  if (!node) return true;
  switch (node.type) {
    case 'and':
      return matches(obj, node.left) && matches(obj, node.right);
    case 'or':
      return matches(obj, node.left) || matches(obj, node.right);
    case 'not':
      return !matches(obj, node.expr);
    case 'cmp': {
      if (node.left.kind !== 'prop' || node.right.kind !== 'literal' || (node.op !== 'eq' && node.op !== 'ne')) throw queryError('Metadata queries support only <property> eq|ne <literal> with and/or/not.');
      const v = node.left.path.reduce<unknown>((o, p) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[p] : undefined), obj);
      const eq = (typeof v === 'string' && typeof node.right.value === 'string' ? v.toLowerCase() === node.right.value.toLowerCase() : v === node.right.value);
      return node.op === 'eq' ? eq : !eq;
    }
    default:
      throw queryError('Metadata queries support only <property> eq|ne <literal> with and/or/not.');
  }
}

function tableOf(engine: Engine, seg: PathSegment, q: QueryOptions): TableDef {
  const args = parseArgs(seg.args ?? '', q.aliases);
  const name = args.id ? [...engine.catalog.tables.values()].find((t) => metadataId(t.logicalName) === args.id)?.logicalName : String(args.named.LogicalName ?? '');
  const t = name ? engine.catalog.table(name) : undefined;
  if (!t) throw new DataverseError(404, Codes.objectDoesNotExist, `Could not find an entity with LogicalName = '${String(args.named.LogicalName ?? args.id ?? '')}'.`);
  return t;
}

/**
 * EntityDefinitions(...)?$expand=ManyToOneRelationships: the lookups of a table with the single-valued navigation
 * property a client binds them through (OneToManyRelationshipMetadata, "Entity relationship metadata" on Learn:
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api#retrieve-relationships).
 */
function manyToOne(engine: Engine, t: TableDef): Record<string, unknown>[] {
  return engine.catalog.relationships
    .filter((r) => r.referencingEntity === t.logicalName)
    .map((r) => ({
      SchemaName: r.schemaName,
      ReferencingEntity: r.referencingEntity,
      ReferencingAttribute: r.referencingAttribute,
      ReferencedEntity: r.referencedEntity,
      ReferencingEntityNavigationPropertyName: r.referencingNavigation,
      ReferencedEntityNavigationPropertyName: r.referencedNavigation,
    }));
}

export function entityDefinitions(engine: Engine, ctx: RequestContext, segs: PathSegment[], q: QueryOptions): ApiResponse {
  const lang = engine.userFormat(ctx).languageId;
  const ok = (body: Record<string, unknown>): ApiResponse => ({ status: 200, headers: {}, body });
  const context = `${ctx.apiUrl}$metadata#EntityDefinitions`;
  const attrExpand = q.expand?.find((e) => e.nav === 'Attributes');
  const relExpand = q.expand?.find((e) => e.nav === 'ManyToOneRelationships');
  const withAttributes = (t: TableDef, e: Record<string, unknown>) => {
    if (relExpand) e.ManyToOneRelationships = manyToOne(engine, t).map((r) => pick(r, relExpand.select));
    if (!attrExpand) return e;
    e.Attributes = [...t.columns.values()].map((c) => attribute(t, c, lang, attrExpand.expand)).filter((a) => matches(a, attrExpand.filter)).map((a) => pick(a, attrExpand.select));
    return e;
  };
  if (segs[0].args === undefined) {
    if (segs.length > 1) throw segmentNotFound(segs[1].name);
    const list = [...engine.catalog.tables.values()].map((t) => entity(t, lang)).filter((e) => matches(e, q.filter));
    return ok({ '@odata.context': context, value: list.map((e) => withAttributes(engine.catalog.table(String(e.LogicalName))!, pick(e, q.select))) });
  }
  const table = tableOf(engine, segs[0], q);
  if (segs.length === 1) return ok({ '@odata.context': `${context}/$entity`, ...withAttributes(table, pick(entity(table, lang), q.select)) });
  if (segs[1].name !== 'Attributes') throw segmentNotFound(segs[1].name);
  let columns = [...table.columns.values()];
  let rest = segs.slice(2);
  let single = false;
  if (segs[1].args !== undefined) {
    const args = parseArgs(segs[1].args, q.aliases);
    const c = args.id ? columns.find((x) => metadataId(`${table.logicalName}.${x.logicalName}`) === args.id) : table.columns.get(String(args.named.LogicalName ?? '').toLowerCase());
    if (!c) throw new DataverseError(404, Codes.objectDoesNotExist, `Could not find an attribute with LogicalName = '${String(args.named.LogicalName ?? args.id)}' on entity '${table.logicalName}'.`);
    columns = [c];
    single = true;
  }
  if (rest[0]) {
    const cast = rest[0].name.replace(/^Microsoft\.Dynamics\.CRM\./, '');
    const types = CAST_TYPES[cast];
    if (!types) throw segmentNotFound(rest[0].name);
    columns = columns.filter((c) => types.includes(c.type));
    if (single && !columns.length) throw new DataverseError(400, Codes.odataQuery, `The attribute is not of type ${cast}.`);
    rest = rest.slice(1);
  }
  if (rest.length) throw segmentNotFound(rest[0].name);
  const attrs = columns.map((c) => attribute(table, c, lang, q.expand)).filter((a) => matches(a, q.filter)).map((a) => pick(a, q.select, (q.expand ?? []).map((e) => e.nav)));
  if (single) return ok({ '@odata.context': `${context}/Attributes/$entity`, ...attrs[0] });
  return ok({ '@odata.context': `${context}/Attributes`, value: attrs });
}

/** InsertOptionValue: adds a choice to a picklist column. Dataverse requires prvWriteOptionSet for it. */
export function insertOptionValue(engine: Engine, ctx: RequestContext, params: Record<string, unknown>): ApiResponse {
  engine.security.checkMisc(ctx.user, 'prvWriteOptionSet', 'InsertOptionValue');
  const table = engine.catalog.table(String(params.EntityLogicalName ?? '').toLowerCase());
  const c = table?.columns.get(String(params.AttributeLogicalName ?? '').toLowerCase());
  if (!table || !c) throw new DataverseError(404, Codes.objectDoesNotExist, `Could not find attribute '${String(params.AttributeLogicalName)}' on entity '${String(params.EntityLogicalName)}'.`);
  if (c.type !== 'picklist') throw new DataverseError(400, '0x80044320', 'You can add option values only to picklist and status attributes.');
  const labels: Labels = {};
  const l = params.Label as { LocalizedLabels?: Array<{ Label?: string; LanguageCode?: number }> } | undefined;
  for (const x of l?.LocalizedLabels ?? []) if (x.Label && x.LanguageCode) labels[x.LanguageCode] = x.Label;
  if (!Object.keys(labels).length) throw payloadError('InsertOptionValue', 'Label must have at least one LocalizedLabel {Label, LanguageCode}.');
  const options = (c.options ??= []);
  const requested = typeof params.Value === 'number' ? params.Value : undefined;
  if (requested !== undefined && options.some((o) => o.value === requested)) throw new DataverseError(400, Codes.duplicateRecord, `An option with the value ${requested} already exists.`);
  const floor = c.isCustom ? 0 : 100000000 - 1;
  const value = requested ?? Math.max(floor, ...options.map((o) => o.value)) + 1;
  options.push({ value, labels });
  return { status: 200, headers: {}, body: { '@odata.context': `${ctx.apiUrl}$metadata#Microsoft.Dynamics.CRM.InsertOptionValueResponse`, NewOptionValue: value } };
}
