/**
 * Field-by-field conversion of one record between the ERP and Sales, and the comparison that decides whether
 * anything changed. A value that cannot be carried (too long, no counterpart, dependency not coupled) becomes a
 * per-record problem; nothing is ever cut or guessed.
 */
import { decodeBcEnum } from '../bcEnums';
import { crmCatalog, erpCatalog, isChoice, isLookup, lookupValueColumn, type CrmColumn, type CrmTable, type ErpField } from './catalog';
import { recordNoun, type MappingProblem } from './messages';
import type { FieldMapping, IntegrationMapping, NounLabel, Scalar } from './types';
import { fieldDirection, flows } from './validate';

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const EMPTY_DATE = '0001-01-01';

export type Row = Record<string, unknown>;
export interface CrmLookup {
  lookup: { table: string; id: string };
}
export type CrmValue = Scalar | CrmLookup;

export const isCrmLookup = (v: unknown): v is CrmLookup => typeof v === 'object' && v !== null && 'lookup' in v;

/** What the conversion needs from the couplings of other mappings. `undefined` means "not coupled". */
export interface CouplingResolver {
  /** ERP → Sales: the Sales id (or choice value) coupled to the ERP record of `mapping` with this id or number. */
  toCrm(mapping: string, by: 'id' | 'number', erpValue: string): string | undefined;
  /** Sales → ERP: the ERP id or number of the record of `mapping` coupled to this Sales id (or choice value). */
  toErp(mapping: string, by: 'id' | 'number', crmValue: string): string | undefined;
  /** The unit group of a Sales unit. */
  unitGroupOf(crmUnitId: string): string | undefined;
  /** How to show an ERP value in a message (the code of a record referenced by id), when known. */
  display?(mapping: string, by: 'id' | 'number', erpValue: string): string | undefined;
}

export interface MapResult<V> {
  values: Record<string, V>;
  problems: MappingProblem[];
}

export interface Mappings {
  get(name: string): IntegrationMapping | undefined;
}

const noun = (en: string, fr: string): NounLabel => ({ en: { the: en, a: en }, fr: { the: fr, a: fr } });
const SALES = noun('Sales', 'Sales');
const ERP = noun('the ERP', "l'ERP");
const crmColumnNoun = (table: string, column: string): NounLabel => noun(`the Sales column ${table}.${column}`, `la colonne Sales ${table}.${column}`);
const erpFieldNoun = (entity: string, field: string): NounLabel => noun(`the ERP field ${entity}.${field}`, `le champ ERP ${entity}.${field}`);
const the = (label: NounLabel) => ({ label, form: 'the' as const });
const a = (label: NounLabel) => ({ label, form: 'a' as const });

/** The record a problem is about: "the ERP customer C10570 (Alpine Sports)", "the account Alpine Sports". */
export function erpRecordNoun(mapping: IntegrationMapping, row: Row): NounLabel {
  const key = String(row[mapping.erp.key] ?? row.id ?? '');
  const name = row[mapping.erp.nameField];
  return recordNoun(mapping.labels.erp, key, typeof name === 'string' ? name : null);
}

export function crmRecordNoun(mapping: IntegrationMapping, row: Row): NounLabel {
  const table = crmCatalog[mapping.crm.table];
  const name = row[mapping.crm.nameField] ?? row[`${lookupValueColumn(mapping.crm.nameField)}@OData.Community.Display.V1.FormattedValue`];
  const id = table ? String(row[table.primaryId] ?? '') : '';
  return recordNoun(mapping.labels.crm, typeof name === 'string' && name ? name : id);
}

const blank = (v: unknown): boolean =>
  v === null || v === undefined || v === '' || v === EMPTY_GUID || v === EMPTY_DATE || (typeof v === 'string' && v.startsWith('0001-01-01'));

function erpFieldOf(mapping: IntegrationMapping, name: string): ErpField | undefined {
  return erpCatalog[mapping.erp.entity]?.fields[name];
}

export function crmTableOf(mapping: IntegrationMapping): CrmTable | undefined {
  return crmCatalog[mapping.crm.table];
}

/** The mapping a `coupled` transform goes through for this ERP record (switch on another field). */
function coupledTarget(field: FieldMapping, erpRow: Row | null): string | undefined {
  const t = field.transform;
  if (!t || t.kind !== 'coupled') return undefined;
  if (typeof t.mapping === 'string') return t.mapping;
  if (!erpRow) return undefined;
  return t.mapping.cases[String(erpRow[t.mapping.field] ?? '')];
}

/** Sales columns to $select when reading records of a mapping (lookups as _x_value). */
export function crmSelect(mapping: IntegrationMapping): string[] {
  const table = crmTableOf(mapping);
  if (!table) return [];
  const cols = new Set<string>([table.primaryId, 'modifiedon', lookupValueColumn('modifiedby')]);
  if (table.columns[mapping.crm.nameField]) cols.add(isLookup(table.columns[mapping.crm.nameField]) ? lookupValueColumn(mapping.crm.nameField) : mapping.crm.nameField);
  for (const f of mapping.fields) {
    const c = table.columns[f.crm];
    if (c) cols.add(isLookup(c) ? lookupValueColumn(f.crm) : f.crm);
  }
  if (table.columns.statecode) cols.add('statecode');
  return [...cols];
}

/** ERP fields to $select (virtual fields are read elsewhere). */
export function erpSelect(mapping: IntegrationMapping): string[] {
  const entity = erpCatalog[mapping.erp.entity];
  if (!entity) return [];
  const cols = new Set<string>(['id', mapping.erp.key, mapping.erp.nameField]);
  if (entity.modifiedField) cols.add(entity.modifiedField);
  if (mapping.erp.blocked) cols.add(mapping.erp.blocked.field);
  for (const f of mapping.fields) {
    cols.add(f.erp);
    const t = f.transform;
    if (t?.kind === 'coupled' && typeof t.mapping !== 'string') cols.add(t.mapping.field);
  }
  return [...cols].filter((c) => entity.fields[c] && !entity.fields[c].virtual);
}

/** Reads a Sales value as the conversion sees it: lookups by id, everything else as is. */
export function crmRead(row: Row, column: string, col?: CrmColumn): unknown {
  if (col && isLookup(col)) {
    const v = row[lookupValueColumn(column)];
    return typeof v === 'string' ? v.toLowerCase() : v ?? null;
  }
  return row[column];
}

function crmFormatted(row: Row, column: string, col?: CrmColumn): string | undefined {
  const key = col && isLookup(col) ? `${lookupValueColumn(column)}@OData.Community.Display.V1.FormattedValue` : `${column}@OData.Community.Display.V1.FormattedValue`;
  const v = row[key];
  return typeof v === 'string' ? v : undefined;
}

function splitName(full: string, part: 'first' | 'last'): string {
  const trimmed = full.trim();
  const i = trimmed.indexOf(' ');
  if (i < 0) return part === 'first' ? '' : trimmed;
  return part === 'first' ? trimmed.slice(0, i) : trimmed.slice(i + 1).trim();
}

/** ERP record → Sales column values for the fields that flow to Sales. */
export interface MapOptions {
  /** `create` adds create-only fields. */
  mode: 'create' | 'update';
  /** Limits the conversion to some fields (e.g. the match keys). */
  only?: (f: FieldMapping) => boolean;
  /** Match keys are compared whatever the field direction (the account number flows from the ERP only, yet finds accounts). */
  anyDirection?: boolean;
}

export function mapErpToCrm(mapping: IntegrationMapping, erpRow: Row, resolver: CouplingResolver, mappings: Mappings, options: MapOptions): MapResult<CrmValue> {
  const { mode, only, anyDirection } = options;
  const table = crmTableOf(mapping);
  const values: Record<string, CrmValue> = {};
  const problems: MappingProblem[] = [];
  if (!table) return { values, problems };
  const record = erpRecordNoun(mapping, erpRow);
  const problem = (p: Omit<MappingProblem, 'severity' | 'mapping'>): void => void problems.push({ ...p, severity: 'error', mapping: mapping.name, nouns: { record: the(record), ...(p.nouns ?? {}) } });

  for (const field of mapping.fields) {
    if (!anyDirection && !flows(fieldDirection(mapping, field), 'fromErp')) continue;
    if (field.createOnly && mode !== 'create') continue;
    if (only && !only(field)) continue;
    const col = table.columns[field.crm];
    const ef = erpFieldOf(mapping, field.erp);
    if (!col || !ef) continue;
    // A virtual field whose source is not there (a page not published) is absent from the row: the column keeps its value.
    if (ef.virtual && !(field.erp in erpRow)) continue;
    const raw = erpRow[field.erp];
    const t = field.transform;
    const fieldNoun = erpFieldNoun(mapping.erp.entity, field.erp);
    const target = crmColumnNoun(mapping.crm.table, field.crm);

    if (!t) {
      if (blank(raw)) values[field.crm] = null;
      else if (col.type === 'string' || col.type === 'memo') {
        const s = String(raw);
        if (col.max && s.length > col.max) {
          problem({ code: 'REC_TOO_LONG', field: field.crm, params: { length: s.length, max: col.max }, nouns: { field: the(fieldNoun), target: the(target), source: the(ERP) } });
          continue;
        }
        values[field.crm] = s;
      } else values[field.crm] = raw as Scalar;
      continue;
    }
    switch (t.kind) {
      case 'map': {
        // BC may send an enum member XML-encoded ("_x0020_" for " "): either form maps (domain/bcEnums.ts).
        const pair = t.values.find((p) => p.erp === raw || (typeof raw === 'string' && p.erp === decodeBcEnum(raw)));
        if (!pair) {
          problem({
            code: 'REC_INVALID_OPTION',
            field: field.crm,
            params: { value: String(raw), allowed: t.values.map((p) => String(p.erp)).join(', '), mapping: mapping.name },
            nouns: { field: the(fieldNoun), target: the(target), source: the(ERP) },
          });
          continue;
        }
        values[field.crm] = pair.crm;
        break;
      }
      case 'coupled': {
        if (blank(raw)) {
          // An owner cannot be empty: the current (or default) owner stays.
          if (col.type !== 'owner') values[field.crm] = null;
          break;
        }
        const targetName = coupledTarget(field, erpRow);
        const targetMapping = targetName ? mappings.get(targetName) : undefined;
        if (!targetName || !targetMapping) {
          problem({
            code: 'REC_INVALID_OPTION',
            field: field.crm,
            params: { value: String(erpRow[typeof t.mapping === 'string' ? field.erp : t.mapping.field] ?? ''), allowed: typeof t.mapping === 'string' ? t.mapping : Object.keys(t.mapping.cases).join(', '), mapping: mapping.name },
            nouns: { field: the(fieldNoun), target: the(target), source: the(ERP) },
          });
          continue;
        }
        const crmId = resolver.toCrm(targetName, t.by, String(raw));
        if (crmId === undefined) {
          problem({
            code: 'REC_DEPENDENCY_NOT_COUPLED',
            field: field.crm,
            params: { value: resolver.display?.(targetName, t.by, String(raw)) ?? String(raw), dependency: targetName },
            nouns: { subject: the(targetMapping.labels.erp), targetA: a(targetMapping.labels.crm) },
          });
          continue;
        }
        values[field.crm] = isLookup(col) ? { lookup: { table: targetMapping.crm.table, id: crmId } } : Number(crmId);
        break;
      }
      case 'namePart':
        values[field.crm] = blank(raw) ? null : splitName(String(raw), t.part) || null;
        if (typeof values[field.crm] === 'string' && col.max && (values[field.crm] as string).length > col.max) {
          problem({ code: 'REC_TOO_LONG', field: field.crm, params: { length: (values[field.crm] as string).length, max: col.max }, nouns: { field: the(fieldNoun), target: the(target), source: the(ERP) } });
          delete values[field.crm];
        }
        break;
      case 'decimalPlaces': {
        const m = /^\s*(\d+)/.exec(String(raw ?? ''));
        if (m) values[field.crm] = Number(m[1]);
        break;
      }
      case 'nonNegative':
        values[field.crm] = typeof raw === 'number' ? Math.max(0, raw) : null;
        break;
      case 'unitGroupOf': {
        if (blank(raw)) break;
        const uom = resolver.toCrm(t.mapping, 'number', String(raw));
        const group = uom ? resolver.unitGroupOf(uom) : undefined;
        const unitMapping = mappings.get(t.mapping);
        if (!group) {
          // The default-unit field reports the missing unit; this one only follows it.
          if (!mapping.fields.some((f) => f !== field && f.erp === field.erp && f.transform?.kind === 'coupled') && unitMapping) {
            problem({ code: 'REC_DEPENDENCY_NOT_COUPLED', field: field.crm, params: { value: String(raw), dependency: t.mapping }, nouns: { subject: the(unitMapping.labels.erp), targetA: a(unitMapping.labels.crm) } });
          }
          continue;
        }
        values[field.crm] = { lookup: { table: 'uomschedule', id: group } };
        break;
      }
    }
  }
  return { values, problems };
}

/** Sales record → ERP field values for the fields that flow to the ERP. */
export function mapCrmToErp(mapping: IntegrationMapping, crmRow: Row, resolver: CouplingResolver, mappings: Mappings, options: MapOptions): MapResult<Scalar> {
  const { mode, only, anyDirection } = options;
  const table = crmTableOf(mapping);
  const values: Record<string, Scalar> = {};
  const problems: MappingProblem[] = [];
  if (!table) return { values, problems };
  const record = crmRecordNoun(mapping, crmRow);
  const problem = (p: Omit<MappingProblem, 'severity' | 'mapping'>): void => void problems.push({ ...p, severity: 'error', mapping: mapping.name, nouns: { record: the(record), ...(p.nouns ?? {}) } });

  for (const field of mapping.fields) {
    if (!anyDirection && !flows(fieldDirection(mapping, field), 'toErp')) continue;
    if (field.createOnly && mode !== 'create') continue;
    if (only && !only(field)) continue;
    const col = table.columns[field.crm];
    const ef = erpFieldOf(mapping, field.erp);
    if (!col || !ef) continue;
    const raw = crmRead(crmRow, field.crm, col);
    const t = field.transform;
    const fieldNoun = crmColumnNoun(mapping.crm.table, field.crm);
    const target = erpFieldNoun(mapping.erp.entity, field.erp);
    const display = crmFormatted(crmRow, field.crm, col) ?? (raw === null || raw === undefined ? '' : String(raw));

    if (!t) {
      if (raw === null || raw === undefined || raw === '') {
        values[field.erp] = ef.type === 'decimal' || ef.type === 'int' ? 0 : ef.type === 'bool' ? false : ef.type === 'guid' ? EMPTY_GUID : ef.type === 'date' ? EMPTY_DATE : '';
        continue;
      }
      if (ef.type === 'text' || ef.type === 'code' || ef.type === 'enum') {
        let s = String(raw);
        if (ef.type === 'code') s = s.toUpperCase();
        if (ef.max && s.length > ef.max) {
          problem({ code: 'REC_TOO_LONG', field: field.erp, params: { length: s.length, max: ef.max }, nouns: { field: the(fieldNoun), target: the(target), source: the(SALES) } });
          continue;
        }
        if (ef.type === 'enum' && !(ef.values ?? []).includes(s)) {
          problem({ code: 'REC_INVALID_OPTION', field: field.erp, params: { value: s, allowed: (ef.values ?? []).join(', '), mapping: mapping.name }, nouns: { field: the(fieldNoun), target: the(target), source: the(SALES) } });
          continue;
        }
        values[field.erp] = s;
      } else if (ef.type === 'date') values[field.erp] = String(raw).slice(0, 10);
      else values[field.erp] = raw as Scalar;
      continue;
    }
    switch (t.kind) {
      case 'map': {
        const pair = t.values.find((p) => p.crm === raw);
        if (!pair) {
          problem({
            code: 'REC_INVALID_OPTION',
            field: field.erp,
            params: { value: display, allowed: t.values.map((p) => String(p.crm)).join(', '), mapping: mapping.name },
            nouns: { field: the(fieldNoun), target: the(target), source: the(SALES) },
          });
          continue;
        }
        values[field.erp] = pair.erp;
        break;
      }
      case 'coupled': {
        if (typeof t.mapping !== 'string') continue;
        if (raw === null || raw === undefined || raw === '') {
          values[field.erp] = ef.type === 'guid' ? EMPTY_GUID : '';
          break;
        }
        const targetMapping = mappings.get(t.mapping);
        const erpValue = resolver.toErp(t.mapping, t.by, String(raw));
        if (erpValue === undefined || !targetMapping) {
          problem({
            code: 'REC_DEPENDENCY_NOT_COUPLED',
            field: field.erp,
            params: { value: display, dependency: t.mapping },
            nouns: { subject: the(field.label ?? noun(`the ${field.crm}`, `${field.crm}`)), targetA: a(targetMapping?.labels.erp ?? noun(t.mapping, t.mapping)) },
          });
          continue;
        }
        values[field.erp] = erpValue;
        break;
      }
      default:
        // ERP → Sales transforms (validation keeps them fromErp).
        break;
    }
  }
  return { values, problems };
}

// ---- comparison -------------------------------------------------------------------------------------------

function sameNumber(a: unknown, b: unknown): boolean {
  const x = typeof a === 'number' ? a : a === null || a === undefined || a === '' ? 0 : Number(a);
  const y = typeof b === 'number' ? b : b === null || b === undefined || b === '' ? 0 : Number(b);
  // Sales rounds money and decimals to the column precision (2 by default).
  return Math.abs(x - y) < 0.005;
}

function sameText(a: unknown, b: unknown, caseInsensitive: boolean): boolean {
  const x = a === null || a === undefined ? '' : String(a);
  const y = b === null || b === undefined ? '' : String(b);
  return caseInsensitive ? x.toUpperCase() === y.toUpperCase() : x === y;
}

/** Whether a Sales column already holds `target`. */
export function crmEquals(col: CrmColumn, current: unknown, target: CrmValue): boolean {
  if (isCrmLookup(target)) return typeof current === 'string' && current.toLowerCase() === target.lookup.id.toLowerCase();
  if (target === null) return current === null || current === undefined || current === '';
  if (col.type === 'money' || col.type === 'decimal' || col.type === 'int') return sameNumber(current, target);
  if (col.type === 'datetime') return sameText(String(current ?? '').slice(0, 10), String(target).slice(0, 10), false);
  if (isChoice(col) || col.type === 'bool') return current === target;
  if (isLookup(col)) return false;
  return sameText(current, target, false);
}

/** Sales columns whose current value differs from the mapped one. */
export function crmChanges(mapping: IntegrationMapping, current: Row, target: Record<string, CrmValue>): Record<string, CrmValue> {
  const table = crmTableOf(mapping);
  const out: Record<string, CrmValue> = {};
  if (!table) return out;
  for (const [column, value] of Object.entries(target)) {
    const col = table.columns[column];
    if (!col) continue;
    if (!crmEquals(col, crmRead(current, column, col), value)) out[column] = value;
  }
  return out;
}

/** ERP fields whose current value differs from the mapped one (codes compare without case, as BC stores them upper-case). */
export function erpChanges(mapping: IntegrationMapping, current: Row, target: Record<string, Scalar>): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [name, value] of Object.entries(target)) {
    const ef = erpFieldOf(mapping, name);
    if (!ef) continue;
    const cur = current[name];
    const same =
      ef.type === 'decimal' || ef.type === 'int'
        ? sameNumber(cur, value)
        : ef.type === 'bool'
          ? Boolean(cur) === Boolean(value)
          : ef.type === 'guid'
            ? sameText(blank(cur) ? '' : cur, blank(value) ? '' : value, true)
            : ef.type === 'date'
              ? sameText(blank(cur) ? '' : String(cur).slice(0, 10), blank(value) ? '' : String(value).slice(0, 10), false)
              : sameText(cur, value, ef.type === 'code');
    if (!same) out[name] = value;
  }
  return out;
}

/** The Web API body for Sales values: lookups become `nav@odata.bind`. */
export function crmBody(mapping: IntegrationMapping, values: Record<string, CrmValue>): Record<string, unknown> {
  const table = crmTableOf(mapping);
  const body: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(values)) {
    const col = table?.columns[column];
    if (col && isLookup(col)) {
      const nav = (col.targets ?? []).length > 1 && col.type !== 'owner' && isCrmLookup(value) ? `${column}_${value.lookup.table}` : column;
      if (isCrmLookup(value)) body[`${nav}@odata.bind`] = `/${crmCatalog[value.lookup.table]?.entitySet ?? value.lookup.table + 's'}(${value.lookup.id})`;
      else if (value === null) body[`${nav}@odata.bind`] = null;
    } else body[column] = value;
  }
  return body;
}

/** The values of a match key for an ERP record, as Sales values (null when any part is missing). */
export function matchValues(mapping: IntegrationMapping, key: readonly string[], mapped: Record<string, CrmValue>): CrmValue[] | null {
  const out: CrmValue[] = [];
  for (const column of key) {
    const v = mapped[column];
    if (v === undefined || v === null || v === '') return null;
    out.push(v);
  }
  return out;
}
