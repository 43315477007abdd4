/** Small builders for column definitions, shared by the standard tables and the system columns of every table. */
import type { ColumnDef, Labels, NavSpec, OptionDef, TableDef, Ownership, PrivilegeVerb } from './types';

type Extra = Partial<ColumnDef>;
const base = (logicalName: string, type: ColumnDef['type'], extra: Extra = {}): ColumnDef => ({
  logicalName,
  schemaName: logicalName,
  type,
  validForCreate: true,
  validForUpdate: true,
  ...extra,
});

export const ro: Extra = { validForCreate: false, validForUpdate: false };
export const createOnly: Extra = { validForUpdate: false };

export const str = (n: string, maxLength = 100, extra: Extra = {}) => base(n, 'string', { maxLength, ...extra });
export const memo = (n: string, maxLength = 2000, extra: Extra = {}) => base(n, 'memo', { maxLength, ...extra });
export const int = (n: string, extra: Extra = {}) => base(n, 'integer', { min: -2147483648, max: 2147483647, ...extra });
export const dec = (n: string, extra: Extra = {}) => base(n, 'decimal', { min: -100000000000, max: 100000000000, precision: 5, ...extra });
export const money = (n: string, extra: Extra = {}) => base(n, 'money', { min: -922337203685477, max: 922337203685477, precision: 2, ...extra });
export const bool = (n: string, extra: Extra = {}) => base(n, 'boolean', extra);
export const dt = (n: string, extra: Extra = {}) => base(n, 'datetime', extra);
export const dateOnly = (n: string, extra: Extra = {}) => base(n, 'datetime', { dateOnly: true, ...extra });
export const guidCol = (n: string, extra: Extra = {}) => base(n, 'uniqueidentifier', extra);

export const opts = (...list: Array<[number, string, string]>): OptionDef[] => list.map(([value, en, fr]) => ({ value, labels: { 1033: en, 1036: fr } }));
export const pick = (n: string, options: OptionDef[], extra: Extra = {}) => base(n, 'picklist', { options, ...extra });

/** A lookup to one or more tables with the navigation property names Dataverse uses. */
export const lookup = (n: string, nav: NavSpec[], extra: Extra = {}) =>
  base(n, nav.length > 1 && n === 'customerid' ? 'customer' : 'lookup', { targets: nav.map((x) => x.target), nav, ...extra });
export const nav = (target: string, single: string, collection: string, cascadeDelete: NavSpec['cascadeDelete'] = 'RemoveLink'): NavSpec => ({ target, single, collection, cascadeDelete });

export function stateColumns(states: Array<[number, string, string, number]>, statuses: Array<[number, string, string, number]>): ColumnDef[] {
  return [
    base('statecode', 'state', { options: states.map(([value, en, fr, defaultStatus]) => ({ value, labels: { 1033: en, 1036: fr }, defaultStatus })), defaultValue: states[0][0] }),
    base('statuscode', 'status', { options: statuses.map(([value, en, fr, state]) => ({ value, labels: { 1033: en, 1036: fr }, state })) }),
  ];
}
export const activeInactive = (): ColumnDef[] =>
  stateColumns(
    [[0, 'Active', 'Actif', 1], [1, 'Inactive', 'Inactif', 2]],
    [[1, 'Active', 'Actif', 0], [2, 'Inactive', 'Inactif', 1]],
  );

/** Lookups every table has, with the navigation names Dataverse gives them. */
export function systemColumns(logicalName: string, ownership: Ownership): ColumnDef[] {
  const cols: ColumnDef[] = [
    dt('createdon', ro),
    dt('modifiedon', ro),
    dt('overriddencreatedon', createOnly),
    lookup('createdby', [nav('systemuser', 'createdby', `lk_${logicalName}_createdby`)], ro),
    lookup('modifiedby', [nav('systemuser', 'modifiedby', `lk_${logicalName}_modifiedby`)], ro),
    lookup('createdonbehalfby', [nav('systemuser', 'createdonbehalfby', `lk_${logicalName}_createdonbehalfby`)], ro),
    lookup('modifiedonbehalfby', [nav('systemuser', 'modifiedonbehalfby', `lk_${logicalName}_modifiedonbehalfby`)], ro),
    base('versionnumber', 'timestamp', ro),
    int('importsequencenumber', createOnly),
  ];
  if (ownership === 'user') {
    cols.push(
      base('ownerid', 'owner', { targets: ['systemuser', 'team'], nav: [nav('systemuser', 'ownerid', `user_${logicalName}`), nav('team', 'ownerid', `team_${logicalName}`)] }),
      lookup('owninguser', [nav('systemuser', 'owninguser', `user_owner_${logicalName}`)], ro),
      lookup('owningteam', [nav('team', 'owningteam', `team_owner_${logicalName}`)], ro),
      lookup('owningbusinessunit', [nav('businessunit', 'owningbusinessunit', `business_unit_${logicalName}`)], ro),
    );
  }
  return cols;
}

export interface TableSpec {
  logicalName: string;
  entitySetName?: string;
  schemaName?: string;
  primaryId?: string;
  primaryName: string;
  objectTypeCode: number;
  ownership: Ownership;
  privilegeName: string;
  privilegeVerbs?: PrivilegeVerb[];
  securedBy?: TableDef['securedBy'];
  displayName: Labels;
  collectionName: Labels;
  columns: ColumnDef[];
  alternateKeys?: string[][];
  /** Adds transactioncurrencyid + exchangerate and a read-only _base twin for every money column. */
  currency?: boolean;
}

export const ALL_VERBS: PrivilegeVerb[] = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'];

export function buildTable(spec: TableSpec, source = 'standard'): TableDef {
  const primaryId = spec.primaryId ?? `${spec.logicalName}id`;
  const columns = new Map<string, ColumnDef>();
  const add = (c: ColumnDef) => {
    if (!columns.has(c.logicalName)) columns.set(c.logicalName, c);
  };
  add(base(primaryId, 'primarykey', createOnly));
  for (const c of spec.columns) add(c);
  if (spec.currency) {
    add(lookup('transactioncurrencyid', [nav('transactioncurrency', 'transactioncurrencyid', `transactioncurrency_${spec.logicalName}`)]));
    add(dec('exchangerate', { ...ro, precision: 10 }));
    for (const c of spec.columns) if (c.type === 'money') add(money(`${c.logicalName}_base`, ro));
  }
  for (const c of systemColumns(spec.logicalName, spec.ownership)) add(c);
  return {
    logicalName: spec.logicalName,
    schemaName: spec.schemaName ?? spec.logicalName.charAt(0).toUpperCase() + spec.logicalName.slice(1),
    entitySetName: spec.entitySetName ?? `${spec.logicalName}s`,
    primaryId,
    primaryName: spec.primaryName,
    objectTypeCode: spec.objectTypeCode,
    ownership: spec.ownership,
    privilegeName: spec.privilegeName,
    privilegeVerbs: spec.privilegeVerbs ?? (spec.ownership === 'user' ? ALL_VERBS : ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo']),
    securedBy: spec.securedBy,
    columns,
    displayName: spec.displayName,
    collectionName: spec.collectionName,
    alternateKeys: spec.alternateKeys ?? [],
    isCustom: false,
    source,
  };
}
