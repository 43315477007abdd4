/**
 * Validation of a mapping set before anything runs: unknown entities, fields and columns, incompatible types,
 * directions that cannot work, transforms that do not fit, dependency cycles. Every problem names the mapping and
 * the field, and says what to change. Errors stop the set from being used; warnings are shown and it runs.
 */
import { crmCatalog, erpCatalog, isChoice, isLookup, type CrmColumn, type CrmTable, type ErpEntity, type ErpField } from './catalog';
import type { MappingProblem, NounRef } from './messages';
import { findCycle } from './order';
import type { Direction, FieldMapping, IntegrationMapping, MappingSet, NounLabel, Scalar, Transform } from './types';

export interface Catalogs {
  erp: Record<string, ErpEntity>;
  crm: Record<string, CrmTable>;
}

export interface ValidationResult {
  errors: MappingProblem[];
  warnings: MappingProblem[];
}

const DIRECTIONS: Direction[] = ['bidirectional', 'toErp', 'fromErp'];
const CONFLICT_RULES = ['erpWins', 'salesWins', 'newestWins', 'skip'];
const NAME = /^[A-Z0-9][A-Z0-9 -]*$/;

/** Whether values can flow ERP → Sales (`fromErp`) or Sales → ERP (`toErp`) under a direction. */
export function flows(direction: Direction, way: 'fromErp' | 'toErp'): boolean {
  return direction === 'bidirectional' || direction === way;
}

export function fieldDirection(mapping: Pick<IntegrationMapping, 'direction'>, field: FieldMapping): Direction {
  return field.direction ?? mapping.direction;
}

/** The mapping a `coupled` transform resolves through, for one record (switch on another field). */
export function coupledMappingNames(t: Extract<Transform, { kind: 'coupled' }>): string[] {
  return typeof t.mapping === 'string' ? [t.mapping] : Object.values(t.mapping.cases);
}

const describeErp = (f: ErpField): string => (f.max ? `${f.type}[${f.max}]` : f.type);
const describeCrm = (c: CrmColumn): string => (c.max ? `${c.type}(${c.max})` : c.type);

/** Identifiers compared in an OData $filter (`name eq 'x'`, `contains(name,'x')`). */
export function filterFields(filter: string): string[] {
  const out = new Set<string>();
  const withoutStrings = filter.replace(/'(?:[^']|'')*'/g, "''");
  for (const m of withoutStrings.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s+(?:eq|ne|gt|ge|lt|le)\s/g)) out.add(m[1]);
  for (const m of withoutStrings.matchAll(/(?:contains|startswith|endswith)\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,/g)) out.add(m[1]);
  return [...out];
}

function scalarTypeOk(value: Scalar, erp: ErpField): boolean {
  if (erp.type === 'enum') return typeof value === 'string' && (erp.values ?? []).includes(value);
  if (erp.type === 'bool') return typeof value === 'boolean';
  if (erp.type === 'int' || erp.type === 'decimal') return typeof value === 'number';
  return typeof value === 'string';
}

function crmScalarOk(value: Scalar, crm: CrmColumn): boolean {
  if (value === null) return true;
  if (isChoice(crm)) return typeof value === 'number' && (!crm.options || crm.options.includes(value));
  if (crm.type === 'bool') return typeof value === 'boolean';
  if (crm.type === 'int' || crm.type === 'decimal' || crm.type === 'money') return typeof value === 'number';
  return typeof value === 'string';
}

/** Types that copy into each other without a transform. */
function plainCompatible(erp: ErpField, crm: CrmColumn): boolean {
  switch (erp.type) {
    case 'text':
    case 'code':
    case 'enum':
      return crm.type === 'string' || crm.type === 'memo';
    case 'decimal':
    case 'int':
      return crm.type === 'int' || crm.type === 'decimal' || crm.type === 'money';
    case 'bool':
      return crm.type === 'bool';
    case 'date':
    case 'datetime':
      return crm.type === 'datetime';
    case 'guid':
      return crm.type === 'guid' || crm.type === 'string';
  }
}

function incompatibleHint(crm: CrmColumn, lang: 'en' = 'en'): string {
  void lang;
  if (isLookup(crm)) return 'A lookup holds a Sales record: use a "coupled" transform through the mapping of that table.';
  if (isChoice(crm)) return 'A choice holds numbers: use a "map" transform with a value table, or a "coupled" transform through an option mapping.';
  return 'Map it to a Sales column of the same kind, or add a transform.';
}

export function validateMappingSet(set: MappingSet, catalogs: Catalogs = { erp: erpCatalog, crm: crmCatalog }): ValidationResult {
  const errors: MappingProblem[] = [];
  const warnings: MappingProblem[] = [];
  const err = (p: Omit<MappingProblem, 'severity'>): void => void errors.push({ ...p, severity: 'error' });
  const warn = (p: Omit<MappingProblem, 'severity'>): void => void warnings.push({ ...p, severity: 'warning' });
  const byName = new Map<string, IntegrationMapping>();

  for (const m of set.mappings) {
    if (typeof m.name !== 'string' || !NAME.test(m.name)) err({ code: 'MAPPING_BAD_NAME', mapping: String(m.name ?? ''), params: { mapping: String(m.name ?? '') } });
    else if (byName.has(m.name)) err({ code: 'MAPPING_DUPLICATE_NAME', mapping: m.name, params: { mapping: m.name } });
    else byName.set(m.name, m);
  }

  for (const m of set.mappings) {
    const mapping = String(m.name ?? '');
    const bad = (property: string, value: unknown, allowed: readonly string[]): void =>
      err({ code: 'MAPPING_BAD_VALUE', mapping, field: property, params: { mapping, property, value: String(value), allowed: allowed.join(', ') } });
    if (m.kind !== 'table' && m.kind !== 'option') bad('kind', m.kind, ['table', 'option']);
    if (!DIRECTIONS.includes(m.direction)) bad('direction', m.direction, DIRECTIONS);
    if (!CONFLICT_RULES.includes(m.conflictRule)) bad('conflictRule', m.conflictRule, CONFLICT_RULES);
    if (typeof m.enabled !== 'boolean') bad('enabled', m.enabled, ['true', 'false']);
    if (typeof m.createNew !== 'boolean') bad('createNew', m.createNew, ['true', 'false']);
    if (!Number.isInteger(m.intervalMinutes) || m.intervalMinutes < 1 || m.intervalMinutes > 1440) {
      err({ code: 'MAPPING_NO_CREATE_INTERVAL', mapping, field: 'intervalMinutes', params: { mapping, value: String(m.intervalMinutes) } });
    }

    const erpEntity = catalogs.erp[m.erp?.entity];
    const crmTable = catalogs.crm[m.crm?.table];
    if (!erpEntity) err({ code: 'MAPPING_UNKNOWN_ERP_ENTITY', mapping, field: 'erp.entity', params: { mapping, entity: String(m.erp?.entity), allowed: Object.keys(catalogs.erp).join(', ') } });
    if (!crmTable) err({ code: 'MAPPING_UNKNOWN_CRM_TABLE', mapping, field: 'crm.table', params: { mapping, table: String(m.crm?.table), allowed: Object.keys(catalogs.crm).join(', ') } });

    // `where` is a configuration path (erp.key) or, for field mappings, a phrase in each language.
    const whereOf = (where: string | NounLabel): { params: Record<string, string>; nouns: Record<string, NounRef> } =>
      typeof where === 'string' ? { params: { where }, nouns: {} } : { params: {}, nouns: { where: { label: where, form: 'the' } } };
    const erpField = (name: string, where: string | NounLabel): ErpField | undefined => {
      if (!erpEntity) return undefined;
      const f = erpEntity.fields[name];
      const w = whereOf(where);
      if (!f) err({ code: 'MAPPING_UNKNOWN_ERP_FIELD', mapping, field: name, params: { mapping, ...w.params, entity: m.erp.entity, field: name }, nouns: w.nouns });
      return f;
    };
    const crmColumn = (name: string, where: string | NounLabel): CrmColumn | undefined => {
      if (!crmTable) return undefined;
      const lookupValue = /^_(.+)_value$/.exec(name);
      const c = crmTable.columns[lookupValue && isLookup(crmTable.columns[lookupValue[1]]) ? lookupValue[1] : name];
      const w = whereOf(where);
      if (!c) err({ code: 'MAPPING_UNKNOWN_CRM_COLUMN', mapping, field: name, params: { mapping, ...w.params, table: m.crm.table, field: name }, nouns: w.nouns });
      return c;
    };

    if (erpEntity) {
      const key = erpField(m.erp.key, 'erp.key');
      if (key && key.type !== 'code' && key.type !== 'guid' && key.type !== 'text') err({ code: 'MAPPING_KEY_NOT_UNIQUE', mapping, field: m.erp.key, params: { mapping, field: m.erp.key, entity: m.erp.entity } });
      erpField(m.erp.nameField, 'erp.nameField');
      for (const f of filterFields(m.erp.filter ?? '')) erpField(f, 'erp.filter');
      for (const f of Object.keys(m.erp.createDefaults ?? {})) erpField(f, 'erp.createDefaults');
      if (m.erp.blocked) {
        const bf = erpField(m.erp.blocked.field, 'erp.blocked');
        if (bf) {
          for (const v of m.erp.blocked.values) {
            if (!scalarTypeOk(v, bf)) err({ code: 'MAPPING_MAP_VALUE_INVALID', mapping, field: m.erp.blocked.field, params: { mapping, erpField: m.erp.blocked.field, crmField: '—', value: JSON.stringify(v), side: 'ERP', allowed: (bf.values ?? [bf.type]).map((x) => JSON.stringify(x)).join(', ') } });
          }
        }
        if (m.erp.blocked.action !== 'skip' && m.erp.blocked.action !== 'retire') bad('erp.blocked.action', m.erp.blocked.action, ['skip', 'retire']);
      }
    }

    if (m.kind === 'option') {
      const col = crmTable && m.crm.optionColumn ? crmTable.columns[m.crm.optionColumn] : undefined;
      if (crmTable && (!m.crm.optionColumn || !col || col.type !== 'picklist' || (m.fields ?? []).length > 0)) {
        const detail = !m.crm.optionColumn
          ? 'crm.optionColumn is missing.'
          : !col
            ? `${m.crm.table} has no column "${m.crm.optionColumn}".`
            : col.type !== 'picklist'
              ? `${m.crm.optionColumn} is ${col.type}, not a choice.`
              : 'Remove the field mappings: an option is matched and created by its label.';
        err({ code: 'MAPPING_OPTION_SHAPE', mapping, field: m.crm.optionColumn ?? 'crm.optionColumn', params: { mapping, table: m.crm.table, detail } });
      }
    } else if (crmTable) {
      crmColumn(m.crm.nameField, 'crm.nameField');
      for (const c of filterFields(m.crm.filter ?? '')) crmColumn(c, 'crm.filter');
      for (const c of Object.keys(m.crm.createDefaults ?? {})) {
        const col = crmColumn(c, 'crm.createDefaults');
        const v = m.crm.createDefaults![c];
        if (col && !crmScalarOk(v, col)) {
          err({ code: 'MAPPING_MAP_VALUE_INVALID', mapping, field: c, params: { mapping, erpField: '—', crmField: c, value: JSON.stringify(v), side: 'Sales', allowed: col.options ? col.options.join(', ') : col.type } });
        }
      }
    }

    for (const field of m.fields ?? []) validateField(m, field);

    for (const key of m.match ?? []) {
      for (const column of key) {
        if (!(m.fields ?? []).some((f) => f.crm === column)) err({ code: 'MAPPING_MATCH_UNMAPPED', mapping, field: column, params: { mapping, field: column } });
      }
    }

    for (const dep of m.dependencies ?? []) {
      const target = byName.get(dep);
      if (!target) err({ code: 'MAPPING_UNKNOWN_DEPENDENCY', mapping, field: 'dependencies', params: { mapping, dependency: dep } });
      else if (m.enabled && !target.enabled) warn({ code: 'MAPPING_DISABLED_DEPENDENCY', mapping, field: 'dependencies', params: { mapping, dependency: dep } });
    }

    function validateField(mp: IntegrationMapping, field: FieldMapping): void {
      const where: NounLabel = { en: { the: `field ${field.erp} → ${field.crm}`, a: '' }, fr: { the: `champ ${field.erp} → ${field.crm}`, a: '' } };
      const ef = erpField(field.erp, where);
      const cc = crmColumn(field.crm, where);
      const direction = fieldDirection(mp, field);
      const ids = { mapping, erpField: field.erp, crmField: field.crm };
      if (field.direction !== undefined && !DIRECTIONS.includes(field.direction)) bad(`direction of ${where.en.the}`, field.direction, DIRECTIONS);
      else if (field.direction && mp.direction !== 'bidirectional' && field.direction !== mp.direction) {
        err({ code: 'MAPPING_FIELD_DIRECTION', mapping, field: field.crm, params: { ...ids, direction: field.direction, mappingDirection: mp.direction } });
      }
      if (!ef || !cc) return;
      if (flows(direction, 'fromErp') && !cc.writable) err({ code: 'MAPPING_NOT_WRITABLE_CRM', mapping, field: field.crm, params: ids });
      if (flows(direction, 'toErp') && !ef.editable) err({ code: 'MAPPING_NOT_WRITABLE_ERP', mapping, field: field.erp, params: ids });
      const t = field.transform;
      const incompatible = (): void =>
        err({ code: 'MAPPING_INCOMPATIBLE_TYPES', mapping, field: field.crm, params: { ...ids, erpType: describeErp(ef), crmType: describeCrm(cc), hint: incompatibleHint(cc) } });
      if (!t) {
        if (!plainCompatible(ef, cc)) incompatible();
        return;
      }
      const erpOnly = (): void => {
        if (direction !== 'fromErp') err({ code: 'MAPPING_TRANSFORM_DIRECTION', mapping, field: field.crm, params: { ...ids, transform: t.kind } });
      };
      switch (t.kind) {
        case 'map': {
          const erpOk = ef.type === 'enum' || ef.type === 'bool' || ef.type === 'code' || ef.type === 'text' || ef.type === 'int';
          const crmOk = isChoice(cc) || cc.type === 'bool' || cc.type === 'int' || cc.type === 'string';
          if (!erpOk || !crmOk) return incompatible();
          for (const pair of t.values ?? []) {
            if (!scalarTypeOk(pair.erp, ef)) {
              err({ code: 'MAPPING_MAP_VALUE_INVALID', mapping, field: field.erp, params: { ...ids, value: JSON.stringify(pair.erp), side: 'ERP', allowed: (ef.values ?? [ef.type]).map((x) => JSON.stringify(x)).join(', ') } });
            }
            if (!crmScalarOk(pair.crm, cc)) {
              err({ code: 'MAPPING_MAP_VALUE_INVALID', mapping, field: field.crm, params: { ...ids, value: JSON.stringify(pair.crm), side: 'Sales', allowed: cc.options ? cc.options.join(', ') : cc.type } });
            }
          }
          return;
        }
        case 'coupled': {
          if (!(ef.type === 'code' || ef.type === 'text' || ef.type === 'guid') || !(isLookup(cc) || cc.type === 'picklist')) return incompatible();
          if (typeof t.mapping !== 'string') erpField(t.mapping.field, { en: { the: `${where.en.the} (switch)`, a: '' }, fr: { the: `${where.fr.the} (choix)`, a: '' } });
          for (const targetName of coupledMappingNames(t)) {
            const target = byName.get(targetName);
            if (!target) {
              err({ code: 'MAPPING_UNKNOWN_DEPENDENCY', mapping, field: field.crm, params: { mapping, dependency: targetName } });
              continue;
            }
            if (!(mp.dependencies ?? []).includes(targetName)) err({ code: 'MAPPING_COUPLED_NOT_DEPENDENCY', mapping, field: field.crm, params: { ...ids, target: targetName } });
            const fits = isLookup(cc)
              ? target.kind === 'table' && (cc.targets ?? []).includes(target.crm.table)
              : target.kind === 'option' && target.crm.table === mp.crm.table && target.crm.optionColumn === field.crm;
            if (!fits) {
              err({
                code: 'MAPPING_COUPLED_WRONG_TARGET',
                mapping,
                field: field.crm,
                params: { ...ids, target: targetName, targetTable: target.kind === 'option' ? `${target.crm.table}.${target.crm.optionColumn}` : target.crm.table, expected: isLookup(cc) ? (cc.targets ?? []).join(' / ') : `choices of ${mp.crm.table}.${field.crm}` },
              });
            }
          }
          return;
        }
        case 'namePart':
          erpOnly();
          if (!((ef.type === 'text' || ef.type === 'code') && cc.type === 'string')) incompatible();
          return;
        case 'decimalPlaces':
          erpOnly();
          if (!((ef.type === 'text' || ef.type === 'code') && cc.type === 'int')) incompatible();
          return;
        case 'nonNegative':
          erpOnly();
          if (!((ef.type === 'decimal' || ef.type === 'int') && (cc.type === 'money' || cc.type === 'decimal'))) incompatible();
          return;
        case 'unitGroupOf': {
          erpOnly();
          if (!((ef.type === 'code' || ef.type === 'text') && isLookup(cc) && (cc.targets ?? []).includes('uomschedule'))) incompatible();
          const target = byName.get(t.mapping);
          if (!target) err({ code: 'MAPPING_UNKNOWN_DEPENDENCY', mapping, field: field.crm, params: { mapping, dependency: t.mapping } });
          else if (!(mp.dependencies ?? []).includes(t.mapping)) err({ code: 'MAPPING_COUPLED_NOT_DEPENDENCY', mapping, field: field.crm, params: { ...ids, target: t.mapping } });
          return;
        }
        default:
          bad(`transform of ${where.en.the}`, (t as { kind?: unknown }).kind, ['map', 'coupled', 'namePart', 'decimalPlaces', 'nonNegative', 'unitGroupOf']);
      }
    }
  }

  const cycle = findCycle(set.mappings.filter((m) => typeof m.name === 'string' && Array.isArray(m.dependencies)));
  if (cycle) err({ code: 'MAPPING_DEPENDENCY_CYCLE', mapping: cycle[0], field: 'dependencies', params: { cycle: cycle.join(' → ') } });

  return { errors, warnings };
}
