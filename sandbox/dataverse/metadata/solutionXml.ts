/**
 * Reads solution XML (the unpacked source of `pac solution unpack`, or customizations.xml inside a zip) into table,
 * column, relationship and role definitions. One reader for both, so a column added to solution/src appears in the
 * stand-in at start-up and after an ImportSolution of the built zip alike.
 */
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import type { AttrType, ColumnDef, Labels, OptionDef, RelationshipDef, RoleDef, TableDef, Depth, EnvironmentVariableDef } from './types';
import { buildTable, ALL_VERBS } from './columns';

export class XmlError extends Error {}

export function parseXmlText(text: string, label: string): Document {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = new DOMParser({
      onError: (level: string, msg: string) => {
        if (level !== 'warning') problems.push(msg);
      },
    }).parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
  } catch (e) {
    throw new XmlError(`${label} is not well-formed XML: ${problems[0] ?? (e as Error).message}`);
  }
  if (problems.length || !(doc as Document | undefined)?.documentElement) throw new XmlError(`${label} is not well-formed XML: ${problems[0] ?? 'no root element'}`);
  return doc as unknown as Document;
}

export const serializeXml = (node: Element): string => new XMLSerializer().serializeToString(node);

export const kids = (el: Element | null | undefined, name?: string): Element[] => {
  const out: Element[] = [];
  if (!el) return out;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (!name || (n as Element).localName === name)) out.push(n as Element);
  return out;
};
export const kid = (el: Element | null | undefined, name: string): Element | undefined => kids(el, name)[0];
export const txt = (el: Element | null | undefined, name: string): string | undefined => {
  const k = kid(el, name);
  return k ? (k.textContent ?? '').trim() : undefined;
};

function labelsOf(el: Element | undefined, container: string, item: string): Labels {
  const out: Labels = {};
  for (const l of kids(kid(el, container), item)) {
    const lcid = Number(l.getAttribute('languagecode'));
    const d = l.getAttribute('description');
    if (lcid && d != null) out[lcid] = d;
  }
  return out;
}

const TYPE_MAP: Record<string, AttrType> = {
  nvarchar: 'string',
  memo: 'memo',
  ntext: 'memo',
  int: 'integer',
  bigint: 'bigint',
  decimal: 'decimal',
  float: 'double',
  money: 'money',
  bit: 'boolean',
  datetime: 'datetime',
  picklist: 'picklist',
  state: 'state',
  status: 'status',
  lookup: 'lookup',
  customer: 'customer',
  owner: 'owner',
  primarykey: 'primarykey',
  uniqueidentifier: 'uniqueidentifier',
  timestamp: 'timestamp',
};

/** Lookups every table has; they are not listed in Relationships.xml. */
export const SYSTEM_LOOKUP_TARGETS: Record<string, string[]> = {
  createdby: ['systemuser'],
  modifiedby: ['systemuser'],
  createdonbehalfby: ['systemuser'],
  modifiedonbehalfby: ['systemuser'],
  owninguser: ['systemuser'],
  owningteam: ['team'],
  owningbusinessunit: ['businessunit'],
  ownerid: ['systemuser', 'team'],
  transactioncurrencyid: ['transactioncurrency'],
  organizationid: ['organization'],
};

function optionsOf(attr: Element): OptionDef[] | undefined {
  const set = kid(attr, 'optionset');
  if (!set) return undefined;
  const out: OptionDef[] = [];
  for (const o of kids(kid(set, 'options'), 'option')) out.push({ value: Number(o.getAttribute('value')), labels: labelsOf(o, 'labels', 'label') });
  for (const s of kids(kid(set, 'states'), 'state'))
    out.push({ value: Number(s.getAttribute('value')), labels: labelsOf(s, 'labels', 'label'), defaultStatus: Number(s.getAttribute('defaultstatus')), invariantName: s.getAttribute('invariantname') ?? undefined });
  for (const s of kids(kid(set, 'statuses'), 'status')) out.push({ value: Number(s.getAttribute('value')), labels: labelsOf(s, 'labels', 'label'), state: Number(s.getAttribute('state')) });
  return out;
}

export interface ParsedAttribute {
  column: ColumnDef;
  primaryName: boolean;
  unsupportedType?: string;
}

export function parseAttribute(attr: Element): ParsedAttribute {
  const rawType = (txt(attr, 'Type') ?? '').toLowerCase();
  const logicalName = (txt(attr, 'LogicalName') ?? txt(attr, 'Name') ?? attr.getAttribute('PhysicalName') ?? '').toLowerCase();
  const type = TYPE_MAP[rawType];
  const num = (n: string) => (txt(attr, n) !== undefined && txt(attr, n) !== '' ? Number(txt(attr, n)) : undefined);
  const flag = (n: string, dflt: boolean) => (txt(attr, n) === undefined ? dflt : txt(attr, n) === '1');
  const column: ColumnDef = {
    logicalName,
    schemaName: attr.getAttribute('PhysicalName') ?? logicalName,
    type: type ?? 'string',
    validForCreate: flag('ValidForCreateApi', true),
    validForUpdate: flag('ValidForUpdateApi', true),
    displayName: labelsOf(attr, 'displaynames', 'displayname'),
    isCustom: flag('IsCustomField', false),
  };
  const max = num('MaxLength');
  if (max !== undefined) column.maxLength = max;
  // A text column's format (text, email, url…): attribute maps need the same format on both sides (entityMaps.ts).
  if ((type === 'string' || type === 'memo') && txt(attr, 'Format')) column.format = txt(attr, 'Format')!.toLowerCase();
  if (num('MinValue') !== undefined) column.min = num('MinValue');
  if (num('MaxValue') !== undefined) column.max = num('MaxValue');
  if (num('Precision') !== undefined) column.precision = num('Precision');
  if (type === 'datetime' && txt(attr, 'Behavior') === '2') column.dateOnly = true;
  if (type === 'picklist' || type === 'state' || type === 'status') column.options = optionsOf(attr) ?? [];
  const dflt = num('AppDefaultValue');
  if (type === 'picklist' && dflt !== undefined && column.options?.some((o) => o.value === dflt)) column.defaultValue = dflt;
  if (type === 'boolean' && dflt !== undefined) column.defaultValue = dflt === 1;
  if (SYSTEM_LOOKUP_TARGETS[logicalName]) column.targets = SYSTEM_LOOKUP_TARGETS[logicalName];
  if (type === 'timestamp' || type === 'primarykey') column.validForUpdate = false;
  return { column, primaryName: (txt(attr, 'DisplayMask') ?? '').split('|').includes('PrimaryName'), unsupportedType: type ? undefined : rawType };
}

export interface ParsedEntity {
  logicalName: string;
  schemaName: string;
  /** Set when the XML carries a full table definition (a custom table); standard tables only add columns. */
  table?: TableDef;
  columns: ColumnDef[];
  warnings: string[];
}

const OWNERSHIP: Record<string, TableDef['ownership']> = { UserOwned: 'user', OrgOwned: 'org', OrganizationOwned: 'org', None: 'none', TeamOwned: 'user' };

/** Parses one `<Entity>` element (Entity.xml root, or a child of `<Entities>` in customizations.xml). */
export function parseEntity(entityEl: Element, source: string, objectTypeCodeFor: (logicalName: string) => number): ParsedEntity {
  const info = kid(kid(entityEl, 'EntityInfo'), 'entity');
  const schemaName = (txt(entityEl, 'Name') ?? info?.getAttribute('Name') ?? '').trim();
  const logicalName = schemaName.toLowerCase();
  const warnings: string[] = [];
  const columns: ColumnDef[] = [];
  let primaryName: string | undefined;
  for (const a of kids(kid(info, 'attributes'), 'attribute')) {
    const p = parseAttribute(a);
    if (p.unsupportedType) {
      warnings.push(`${logicalName}.${p.column.logicalName}: attribute type "${p.unsupportedType}" is not served by the stand-in; the column is skipped.`);
      continue;
    }
    if (p.primaryName) primaryName = p.column.logicalName;
    columns.push(p.column);
  }
  const entitySetName = txt(info, 'EntitySetName');
  const ownershipText = txt(info, 'OwnershipTypeMask');
  if (!entitySetName || !ownershipText) return { logicalName, schemaName, columns, warnings };

  const primaryKey = columns.find((c) => c.type === 'primarykey');
  const ownership = OWNERSHIP[ownershipText] ?? 'org';
  const table = buildTable(
    {
      logicalName,
      schemaName,
      entitySetName,
      primaryId: primaryKey?.logicalName ?? `${logicalName}id`,
      primaryName: primaryName ?? columns.find((c) => c.logicalName.endsWith('_name'))?.logicalName ?? `${logicalName}id`,
      objectTypeCode: Number(txt(entityEl, 'ObjectTypeCode')) || objectTypeCodeFor(logicalName),
      ownership,
      privilegeName: schemaName,
      privilegeVerbs: ownership === 'user' ? ALL_VERBS : ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo'],
      displayName: labelsOf(info, 'LocalizedNames', 'LocalizedName'),
      collectionName: labelsOf(info, 'LocalizedCollectionNames', 'LocalizedCollectionName'),
      columns,
      alternateKeys: kids(kid(info, 'EntityKeys'), 'EntityKey').map((k) => kids(kid(k, 'EntityKeyAttributes'), 'AttributeName').map((n) => (n.textContent ?? '').trim().toLowerCase())),
    },
    source,
  );
  return { logicalName, schemaName, table, columns, warnings };
}

/** Parses one `<EntityRelationship>` (one-to-many only; many-to-many are reported and skipped). */
export function parseRelationship(el: Element): RelationshipDef | { skipped: string } {
  const name = el.getAttribute('Name') ?? '';
  const type = txt(el, 'EntityRelationshipType');
  if (type && type !== 'OneToMany') return { skipped: `${name}: ${type} relationships are not served by the stand-in.` };
  const referencingEntity = (txt(el, 'ReferencingEntityName') ?? '').toLowerCase();
  const referencedEntity = (txt(el, 'ReferencedEntityName') ?? '').toLowerCase();
  const referencingAttribute = (txt(el, 'ReferencingAttributeName') ?? '').toLowerCase();
  if (!referencingEntity || !referencedEntity || !referencingAttribute) return { skipped: `${name}: ReferencingEntityName, ReferencedEntityName and ReferencingAttributeName are required.` };
  let single: string | undefined;
  let collection: string | undefined;
  for (const role of kids(kid(el, 'EntityRelationshipRoles'), 'EntityRelationshipRole')) {
    const navName = txt(role, 'NavigationPropertyName');
    if (!navName) continue;
    if (txt(role, 'RelationshipRoleType') === '1') single = navName;
    else collection = navName;
  }
  const cascade = txt(el, 'CascadeDelete') as RelationshipDef['cascadeDelete'] | undefined;
  return {
    schemaName: name,
    referencingEntity,
    referencedEntity,
    referencingAttribute,
    referencingNavigation: single ?? referencingAttribute,
    referencedNavigation: collection ?? name,
    cascadeDelete: cascade && ['Cascade', 'RemoveLink', 'Restrict', 'NoCascade'].includes(cascade) ? cascade : 'RemoveLink',
  };
}

const DEPTHS: Record<string, Depth> = { Basic: 'Basic', User: 'Basic', Local: 'Local', BusinessUnit: 'Local', Deep: 'Deep', Parent: 'Deep', Global: 'Global', Organization: 'Global' };

export function parseRole(el: Element, source: string): RoleDef {
  const id = (el.getAttribute('id') ?? '').replace(/[{}]/g, '').toLowerCase();
  const privileges = new Map<string, Depth>();
  for (const p of kids(kid(el, 'RolePrivileges'), 'RolePrivilege')) {
    const name = p.getAttribute('name');
    if (name) privileges.set(name, DEPTHS[p.getAttribute('level') ?? 'Global'] ?? 'Global');
  }
  return { id, name: el.getAttribute('name') ?? '', privileges, source };
}

export function parseEnvironmentVariable(doc: Document): EnvironmentVariableDef {
  const root = doc.documentElement as unknown as Element;
  const label = (container: string) => {
    const c = kid(root, container);
    return c?.getAttribute('default') ?? kid(c, 'label')?.getAttribute('description') ?? '';
  };
  const dv = kid(root, 'defaultvalue');
  return {
    schemaName: root.getAttribute('schemaname') ?? '',
    displayName: label('displayname'),
    description: label('description'),
    defaultValue: dv ? (dv.textContent ?? '') : null,
    type: Number(txt(root, 'type') ?? 100000000),
  };
}
