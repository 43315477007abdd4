/**
 * What Dataverse writes, when it exports a new table, that follows from the table's own definition: the system
 * relationships, the seven system views, the main, card and quick create forms and the empty ribbon skeleton.
 * The packer adds them to each new table (root behavior 0 with its metadata) unless the source already has them,
 * so solution/src keeps only what we decide (columns, our views and relationships). The shapes follow the real
 * export 01 (dataverse-ify, ../shared/reference/real-exports/) element by element; docs/solution.md lists them.
 */
import { createHash } from 'crypto';
import { el, childElements, firstChild, textOf, type Document, type Element } from './xml';
import { expectedSystemRelationships } from './checkShape';

/** Form control class ids (the same ids Dataverse writes in FormXml; export 01 for text, lookup and status). */
const CONTROL_CLASS: Record<string, string> = {
  nvarchar: '{4273EDBD-AC1D-40d3-9FB2-095C621B552D}',
  ntext: '{E0DECE4B-6FC8-4a8f-A065-082708572369}',
  lookup: '{270BD3DB-D9AF-4782-9025-509E298DEC0A}',
  owner: '{270BD3DB-D9AF-4782-9025-509E298DEC0A}',
  customer: '{270BD3DB-D9AF-4782-9025-509E298DEC0A}',
  picklist: '{3EF39988-22BB-4f0b-BBBE-64B5A3748AEE}',
  status: '{5D68B988-0661-4db2-BC3E-17598AD3BE6C}',
  money: '{533B9E00-756B-4312-95A0-DC888637AC78}',
  decimal: '{C3EFE0C3-0EC6-42be-8349-CBD9079DFD8E}',
  int: '{C6D124CA-7EDA-4a60-AEA9-7FB8D318B68F}',
  datetime: '{5B773807-9FB2-42db-97C3-7A91EFF8ADFF}',
  bit: '{B0C6723A-8503-4fd7-BB28-C8A06AC933C2}',
};

/** A stable GUID per table and component, so the same source gives the same ids (and the zip stays byte-identical). */
export function stableGuid(seed: string): string {
  const h = createHash('sha1').update(`erplink:${seed}`).digest('hex');
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}}`;
}

interface Column {
  logical: string;
  physical: string;
  type: string;
  custom: boolean;
  labels: Record<string, string>;
  primaryName: boolean;
}

export interface TableFacts {
  schemaName: string;
  logicalName: string;
  ownership: string;
  columns: Column[];
  primaryId: string;
  primaryName: string;
  names: Record<string, string>; // display name by language
  collectionNames: Record<string, string>;
}

function labelsOf(parent: Element, wrapper: string, item: string): Record<string, string> {
  const w = firstChild(parent, wrapper);
  return Object.fromEntries((w ? childElements(w, item) : []).map((l) => [l.getAttribute('languagecode') ?? '', l.getAttribute('description') ?? '']));
}

export function tableFacts(entity: Element): TableFacts | undefined {
  const info = firstChild(firstChild(entity, 'EntityInfo') ?? entity, 'entity');
  if (!info || !firstChild(info, 'OwnershipTypeMask')) return undefined;
  const schemaName = textOf(entity, 'Name') ?? '';
  const columns = childElements(firstChild(info, 'attributes')!, 'attribute').map((a) => ({
    logical: textOf(a, 'LogicalName') ?? '',
    physical: a.getAttribute('PhysicalName') ?? '',
    type: textOf(a, 'Type') ?? '',
    custom: textOf(a, 'IsCustomField') === '1',
    labels: labelsOf(a, 'displaynames', 'displayname'),
    primaryName: (textOf(a, 'DisplayMask') ?? '').split('|').includes('PrimaryName'),
  }));
  return {
    schemaName,
    logicalName: schemaName.toLowerCase(),
    ownership: textOf(info, 'OwnershipTypeMask') ?? '',
    columns,
    primaryId: columns.find((c) => c.type === 'primarykey')?.logical ?? `${schemaName.toLowerCase()}id`,
    primaryName: columns.find((c) => c.primaryName)?.logical ?? '',
    names: labelsOf(info, 'LocalizedNames', 'LocalizedName'),
    collectionNames: labelsOf(info, 'LocalizedCollectionNames', 'LocalizedCollectionName'),
  };
}

const LANGS = ['1033', '1036'];
const userOwned = (t: TableFacts) => t.ownership === 'UserOwned' || t.ownership === 'TeamOwned';

// ---------------------------------------------------------------------------------------------------------------
// 1. System relationships

const SYSTEM_REFERENCED: Record<string, { entity: string; description: string }> = {
  createdby: { entity: 'SystemUser', description: 'Unique identifier of the user who created the record.' },
  modifiedby: { entity: 'SystemUser', description: 'Unique identifier of the user who modified the record.' },
  ownerid: { entity: 'Owner', description: 'Owner Id' },
  owningbusinessunit: { entity: 'BusinessUnit', description: 'Unique identifier for the business unit that owns the record' },
  owningteam: { entity: 'Team', description: 'Unique identifier for the team that owns the record.' },
  owninguser: { entity: 'SystemUser', description: 'Unique identifier for the user that owns the record.' },
  organizationid: { entity: 'Organization', description: 'Unique identifier for the organization' },
  transactioncurrencyid: { entity: 'TransactionCurrency', description: 'Unique identifier of the currency associated with the entity.' },
};

export function systemRelationships(doc: Document, t: TableFacts): Element[] {
  const columns = new Set(t.columns.map((c) => c.logical));
  return expectedSystemRelationships(t.schemaName, t.ownership, columns).map((r) => {
    const ref = SYSTEM_REFERENCED[r.column];
    const physical = t.columns.find((c) => c.logical === r.column)?.physical ?? r.column;
    // The currency relationship restricts deleting a currency still in use (unpacked exports' TransactionCurrency.xml).
    const del = r.column === 'transactioncurrencyid' ? 'Restrict' : 'NoCascade';
    const text = (name: string, value: string) => el(doc, name, {}, [value]);
    return el(doc, 'EntityRelationship', { Name: r.name }, [
      text('EntityRelationshipType', 'OneToMany'),
      text('IsCustomizable', '1'),
      text('IntroducedVersion', '1.0'),
      text('IsHierarchical', '0'),
      text('ReferencingEntityName', t.schemaName),
      text('ReferencedEntityName', ref.entity),
      text('CascadeAssign', 'NoCascade'),
      text('CascadeDelete', del),
      text('CascadeArchive', del),
      text('CascadeReparent', 'NoCascade'),
      text('CascadeShare', 'NoCascade'),
      text('CascadeUnshare', 'NoCascade'),
      text('ReferencingAttributeName', physical),
      el(doc, 'RelationshipDescription', {}, [el(doc, 'Descriptions', {}, [el(doc, 'Description', { description: ref.description, languagecode: '1033' })])]),
    ]);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 4. System views

/** The columns users filter and sort on: our choices, lookups, dates and numbers, after the primary name. */
function viewColumns(t: TableFacts): string[] {
  const interesting = t.columns.filter((c) => c.custom && !c.primaryName && ['picklist', 'lookup', 'datetime', 'int', 'decimal', 'money', 'bit'].includes(c.type)).map((c) => c.logical);
  return [t.primaryName, ...interesting.slice(0, 5), 'createdon'].filter((c, i, all) => c && all.indexOf(c) === i && t.columns.some((x) => x.logical === c));
}

/** Find columns of the quick find view: the primary name and our single-line text columns. */
function findColumns(t: TableFacts): string[] {
  return [t.primaryName, ...t.columns.filter((c) => c.custom && c.type === 'nvarchar' && !c.primaryName).map((c) => c.logical)].filter(Boolean);
}

interface ViewSpec {
  key: string;
  queryType: number;
  isDefault: boolean;
  quickFind?: boolean;
  state?: 0 | 1;
  mine?: boolean;
  layout: boolean;
  order: boolean;
  canBeDeleted?: boolean;
  grid: 'resultset' | 'collection';
  preview: '0' | '1';
  names: Record<string, (n: string, plural: string) => string>;
}

const VIEWS: ViewSpec[] = [
  { key: 'active', queryType: 0, isDefault: true, state: 0, layout: true, order: true, grid: 'resultset', preview: '1', names: { 1033: (_n, p) => `Active ${p}`, 1036: (_n, p) => `${p} actifs` } },
  { key: 'inactive', queryType: 0, isDefault: false, state: 1, layout: true, order: true, grid: 'resultset', preview: '1', names: { 1033: (_n, p) => `Inactive ${p}`, 1036: (_n, p) => `${p} inactifs` } },
  { key: 'advancedfind', queryType: 1, isDefault: true, layout: true, order: true, grid: 'resultset', preview: '1', names: { 1033: (n) => `${n} Advanced Find View`, 1036: (n) => `Vue Recherche avancée ${n}` } },
  { key: 'associated', queryType: 2, isDefault: true, state: 0, layout: true, order: true, grid: 'collection', preview: '1', names: { 1033: (n) => `${n} Associated View`, 1036: (n) => `Vue associée ${n}` } },
  { key: 'quickfind', queryType: 4, isDefault: true, quickFind: true, state: 0, layout: true, order: true, grid: 'resultset', preview: '1', names: { 1033: (_n, p) => `Quick Find Active ${p}`, 1036: (_n, p) => `Recherche rapide ${p} actifs` } },
  { key: 'lookup', queryType: 64, isDefault: true, state: 0, layout: true, order: false, grid: 'collection', preview: '0', names: { 1033: (n) => `${n} Lookup View`, 1036: (n) => `Vue de recherche ${n}` } },
  { key: 'my', queryType: 8192, isDefault: true, state: 0, mine: true, layout: false, order: false, canBeDeleted: true, grid: 'resultset', preview: '1', names: { 1033: (_n, p) => `My ${p}`, 1036: (_n, p) => `Mes ${p}` } },
];

export function systemViews(doc: Document, t: TableFacts, existing: Element[]): Element[] {
  // The inactive view is told apart from our other non-default public views by its statecode = 1 filter.
  const inactive = (q: Element) => Array.from(q.getElementsByTagName('condition')).some((c) => c.getAttribute('attribute') === 'statecode' && c.getAttribute('value') === '1');
  const has = (v: ViewSpec) =>
    existing.some(
      (q) =>
        Number(textOf(q, 'querytype')) === v.queryType &&
        (v.key !== 'active' || textOf(q, 'isdefault') === '1') &&
        (v.key !== 'inactive' || inactive(q)) &&
        (v.queryType !== 4 || textOf(q, 'isquickfindquery') === '1'),
    );
  const columns = viewColumns(t);
  const text = (name: string, value: string) => el(doc, name, {}, [value]);
  return VIEWS.filter((v) => (!v.mine || userOwned(t)) && !has(v)).map((v) => {
    const filters: Element[] = [];
    if (v.state !== undefined || v.mine) {
      filters.push(
        el(doc, 'filter', { type: 'and' }, [
          v.state !== undefined ? el(doc, 'condition', { attribute: 'statecode', operator: 'eq', value: String(v.state) }) : null,
          v.mine ? el(doc, 'condition', { attribute: 'ownerid', operator: 'eq-userid' }) : null,
        ]),
      );
    }
    if (v.quickFind) filters.push(el(doc, 'filter', { type: 'or', isquickfindfields: '1' }, findColumns(t).map((c) => el(doc, 'condition', { attribute: c, operator: 'like', value: '{0}' }))));
    const rowName = v.grid === 'collection' ? t.logicalName : 'result';
    const gridName = v.grid === 'collection' ? `${t.logicalName}s` : 'resultset';
    return el(doc, 'savedquery', {}, [
      text('IsCustomizable', '1'),
      text('CanBeDeleted', v.canBeDeleted ? '1' : '0'),
      text('isquickfindquery', v.quickFind ? '1' : '0'),
      text('isprivate', '0'),
      text('isdefault', v.isDefault ? '1' : '0'),
      text('savedqueryid', stableGuid(`${t.logicalName}:view:${v.key}`)),
      v.layout
        ? el(doc, 'layoutxml', {}, [
            el(doc, 'grid', { name: gridName, jump: t.primaryName, select: '1', icon: '1', preview: v.preview }, [
              el(doc, 'row', { name: rowName, id: t.primaryId }, columns.map((c) => el(doc, 'cell', { name: c, width: c === t.primaryName ? '300' : '150' }))),
            ]),
          ])
        : null,
      text('querytype', String(v.queryType)),
      el(doc, 'fetchxml', {}, [
        el(doc, 'fetch', { version: '1.0', mapping: 'logical' }, [
          el(doc, 'entity', { name: t.logicalName }, [
            el(doc, 'attribute', { name: t.primaryId }),
            ...(v.mine ? [] : columns.map((c) => el(doc, 'attribute', { name: c }))),
            v.order ? el(doc, 'order', { attribute: t.primaryName, descending: 'false' }) : null,
            ...filters,
          ]),
        ]),
      ]),
      text('IntroducedVersion', '1.0'),
      el(doc, 'LocalizedNames', {}, LANGS.map((l) => el(doc, 'LocalizedName', { description: v.names[l](t.names[l] ?? t.schemaName, t.collectionNames[l] ?? t.schemaName), languagecode: l }))),
    ]);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Forms

const SECTION_LABELS: Record<string, Record<string, string>> = {
  general: { 1033: 'General', 1036: 'Général' },
  details: { 1033: 'Details', 1036: 'Détails' },
  system: { 1033: 'Record information', 1036: 'Informations sur l’enregistrement' },
};

export function systemForms(doc: Document, t: TableFacts): Element[] {
  const byName = (n: string) => t.columns.find((c) => c.logical === n);
  const labels = (l: Record<string, string>) => el(doc, 'labels', {}, LANGS.map((lang) => el(doc, 'label', { description: l[lang] ?? l['1033'] ?? '', languagecode: lang })));
  const cell = (form: string, c: Column) =>
    el(doc, 'cell', { id: stableGuid(`${t.logicalName}:${form}:cell:${c.logical}`), showlabel: 'true', locklevel: '0' }, [
      labels(c.labels),
      el(doc, 'control', { id: c.logical, classid: CONTROL_CLASS[c.type] ?? CONTROL_CLASS.nvarchar, datafieldname: c.logical, disabled: 'false' }),
    ]);
  const section = (form: string, key: string, cols: Column[]) =>
    el(doc, 'section', { name: key, showlabel: 'true', showbar: 'false', columns: '1', IsUserDefined: '0', id: stableGuid(`${t.logicalName}:${form}:section:${key}`) }, [
      labels(SECTION_LABELS[key]),
      el(doc, 'rows', {}, cols.map((c) => el(doc, 'row', {}, [cell(form, c)]))),
    ]);
  const tab = (form: string, sections: Element[]) =>
    el(doc, 'tabs', {}, [
      el(doc, 'tab', { name: 'general', verticallayout: 'true', id: stableGuid(`${t.logicalName}:${form}:tab`), IsUserDefined: '0' }, [
        labels(SECTION_LABELS.general),
        el(doc, 'columns', {}, [el(doc, 'column', { width: '100%' }, [el(doc, 'sections', {}, sections)])]),
      ]),
    ]);
  const ours = t.columns.filter((c) => c.custom && c.type !== 'primarykey');
  const primary = byName(t.primaryName);
  // Choices first (a request's status and kind), then text and lookups (its target), numbers, dates: what a user scans for.
  const rank = (c: Column) => ['picklist', 'nvarchar', 'lookup', 'customer', 'int', 'decimal', 'money', 'bit', 'datetime'].indexOf(c.type) + 1 || 99;
  const general = [primary, ...ours.filter((c) => !c.primaryName && c.type !== 'ntext').sort((a, b) => rank(a) - rank(b))].filter((c): c is Column => !!c);
  const details = ours.filter((c) => c.type === 'ntext');
  const system = ['ownerid', 'statuscode', 'createdon', 'modifiedon'].map(byName).filter((c): c is Column => !!c);
  const systemform = (form: string, type: string, formXml: Element, names: Record<string, string>, description: Record<string, string>) =>
    el(doc, 'forms', { type }, [
      el(doc, 'systemform', {}, [
        el(doc, 'formid', {}, [stableGuid(`${t.logicalName}:form:${form}`)]),
        el(doc, 'IntroducedVersion', {}, ['1.0']),
        el(doc, 'FormPresentation', {}, ['1']),
        el(doc, 'FormActivationState', {}, ['1']),
        formXml,
        el(doc, 'IsCustomizable', {}, ['1']),
        el(doc, 'CanBeDeleted', {}, ['1']),
        el(doc, 'LocalizedNames', {}, LANGS.map((l) => el(doc, 'LocalizedName', { description: names[l], languagecode: l }))),
        el(doc, 'Descriptions', {}, LANGS.map((l) => el(doc, 'Description', { description: description[l], languagecode: l }))),
      ]),
    ]);
  const info = { 1033: 'Information', 1036: 'Informations' };
  // Main first: readers that take a table's first form (the sandbox page) get the main form; the order does not matter to the import.
  const main = systemform(
    'main',
    'main',
    el(doc, 'form', {}, [tab('main', [section('main', 'general', general), details.length ? section('main', 'details', details) : null, system.length ? section('main', 'system', system) : null].filter((s): s is Element => !!s))]),
    info,
    { 1033: 'A form for this entity.', 1036: 'Formulaire de cette entité.' },
  );
  const card = systemform('card', 'card', el(doc, 'form', {}, [tab('card', [section('card', 'general', general.slice(0, 4))])]), info, { 1033: 'A card form for this entity.', 1036: 'Formulaire carte de cette entité.' });
  const quick = systemform('quick', 'quick', el(doc, 'form', {}, [tab('quick', [section('quick', 'general', general)])]), info, { 1033: 'A quick create form for this entity.', 1036: 'Formulaire de création rapide de cette entité.' });
  return [main, card, quick];
}

// ---------------------------------------------------------------------------------------------------------------
// 6. The ribbon skeleton every export writes for a table (export 01)

export function ribbonSkeleton(doc: Document): Element {
  return el(doc, 'RibbonDiffXml', {}, [
    el(doc, 'CustomActions'),
    el(doc, 'Templates', {}, [el(doc, 'RibbonTemplates', { Id: 'Mscrm.Templates' })]),
    el(doc, 'CommandDefinitions'),
    el(doc, 'RuleDefinitions', {}, [el(doc, 'TabDisplayRules'), el(doc, 'DisplayRules'), el(doc, 'EnableRules')]),
    el(doc, 'LocLabels'),
  ]);
}
