/**
 * Resolves values that are records of other mappings (a customer's salesperson, currency, payment terms; an
 * item's unit) through their couplings. The engine prefetches what a page needs in one `$batch`, then the
 * conversion looks values up synchronously. The cache is bounded, so memory stays flat on large runs.
 *
 * The ERP's local currency is often not in its currencies list (Business Central shows LCY as a blank code): it
 * resolves to the Sales currency with the same ISO code even without a coupling.
 */
import { coupledMappingNames, lookupValueColumn, type CouplingResolver, type IntegrationMapping } from '../../domain/mappings';
import { normalizeId } from '../../domain/orderValidation';
import type { SyncContext } from './context';
import { chunks, crmReadMany } from './crmAccess';
import { byCrmIdPaths, byErpIdPaths, byErpNumberPaths, couplingTable, isCoupled, parseCouplings, type Coupling } from './couplings';
import { lit } from '../dataverse/client';
import { erpFindBy } from './erpAccess';

const MAX_ENTRIES = 50_000;

type By = 'id' | 'number';

export interface ErpNeed {
  mapping: string;
  by: By;
  value: string;
}

export interface CrmNeed {
  mapping: string;
  crmId: string;
}

const normValue = (by: By, v: string): string => (by === 'id' ? normalizeId(v) : v.trim().toUpperCase());

export class SyncResolver implements CouplingResolver {
  /** `${mapping}|${by}|${value}` → Sales id, or null when known not coupled. */
  private readonly toCrmCache = new Map<string, string | null>();
  /** `${mapping}|${crmId}` → coupling, or null. */
  private readonly toErpCache = new Map<string, Coupling | null>();
  private readonly unitGroups = new Map<string, string | null>();
  private lcyCurrencyId: string | null | undefined;
  /** `${mapping}|${erpId}` → the record's number, for messages about records referenced by id. */
  private readonly labels = new Map<string, string>();

  constructor(private readonly ctx: SyncContext) {}

  private mapping(name: string): IntegrationMapping {
    const m = this.ctx.byName.get(name);
    if (!m) throw new Error(`Unknown mapping ${name}`);
    return m;
  }

  private trim(): void {
    if (this.toCrmCache.size > MAX_ENTRIES) this.toCrmCache.clear();
    if (this.toErpCache.size > MAX_ENTRIES) this.toErpCache.clear();
    if (this.unitGroups.size > MAX_ENTRIES) this.unitGroups.clear();
  }

  /** What converting these ERP rows of `mapping` to Sales needs. */
  erpNeeds(mapping: IntegrationMapping, rows: ReadonlyArray<Record<string, unknown>>): ErpNeed[] {
    const needs: ErpNeed[] = [];
    for (const f of mapping.fields) {
      const t = f.transform;
      if (!t || (t.kind !== 'coupled' && t.kind !== 'unitGroupOf')) continue;
      for (const row of rows) {
        const v = row[f.erp];
        if (v === null || v === undefined || v === '' || v === '00000000-0000-0000-0000-000000000000') continue;
        if (t.kind === 'unitGroupOf') needs.push({ mapping: t.mapping, by: 'number', value: String(v) });
        else {
          const target = typeof t.mapping === 'string' ? t.mapping : t.mapping.cases[String(row[t.mapping.field] ?? '')];
          if (target) needs.push({ mapping: target, by: t.by, value: String(v) });
        }
      }
    }
    return needs;
  }

  /** What converting these Sales rows of `mapping` to the ERP needs. */
  crmNeeds(mapping: IntegrationMapping, rows: ReadonlyArray<Record<string, unknown>>): CrmNeed[] {
    const needs: CrmNeed[] = [];
    for (const f of mapping.fields) {
      const t = f.transform;
      if (!t || t.kind !== 'coupled' || typeof t.mapping !== 'string') continue;
      const target = this.mapping(t.mapping);
      for (const row of rows) {
        const v = target.kind === 'option' ? row[f.crm] : row[lookupValueColumn(f.crm)];
        if (v === null || v === undefined || v === '') continue;
        needs.push({ mapping: t.mapping, crmId: String(v) });
      }
    }
    return needs;
  }

  async prefetch(erp: readonly ErpNeed[], crm: readonly CrmNeed[]): Promise<void> {
    this.trim();
    const paths: string[] = [];
    const kinds: Array<{ kind: 'erp'; mapping: string; by: By; values: string[] } | { kind: 'crm'; mapping: string; ids: string[] } | { kind: 'lcy' }> = [];
    const groupedErp = new Map<string, { mapping: string; by: By; values: Set<string> }>();
    for (const n of erp) {
      const key = `${n.mapping}|${n.by}|${normValue(n.by, n.value)}`;
      if (this.toCrmCache.has(key)) continue;
      const g = groupedErp.get(`${n.mapping}|${n.by}`) ?? { mapping: n.mapping, by: n.by, values: new Set<string>() };
      g.values.add(normValue(n.by, n.value));
      groupedErp.set(`${n.mapping}|${n.by}`, g);
    }
    for (const g of groupedErp.values()) {
      const m = this.mapping(g.mapping);
      const values = [...g.values];
      const ps = g.by === 'id' ? byErpIdPaths(m, values) : byErpNumberPaths(m.erp.entity, values);
      for (const p of ps) {
        paths.push(p);
        kinds.push({ kind: 'erp', mapping: g.mapping, by: g.by, values });
      }
    }
    const groupedCrm = new Map<string, Set<string>>();
    for (const n of crm) {
      const id = this.mapping(n.mapping).kind === 'option' ? String(n.crmId) : normalizeId(n.crmId);
      if (this.toErpCache.has(`${n.mapping}|${id}`)) continue;
      const set = groupedCrm.get(n.mapping) ?? new Set<string>();
      set.add(id);
      groupedCrm.set(n.mapping, set);
    }
    for (const [name, ids] of groupedCrm) {
      for (const p of byCrmIdPaths(couplingTable(this.mapping(name)), [...ids])) {
        paths.push(p);
        kinds.push({ kind: 'crm', mapping: name, ids: [...ids] });
      }
    }
    const needsLcy = this.lcyCurrencyId === undefined && (erp.some((n) => this.isLcy(n)) || crm.some((n) => this.mapping(n.mapping).erp.entity === 'currencies'));
    if (needsLcy && this.ctx.s.ref.lcy) {
      paths.push(`transactioncurrencies?$select=transactioncurrencyid&$filter=${encodeURIComponent(`isocurrencycode eq ${lit(this.ctx.s.ref.lcy)}`)}`);
      kinds.push({ kind: 'lcy' });
    }
    if (!paths.length) return this.prefetchUnitGroups(erp);
    const results = await crmReadMany(this.ctx, paths);
    const seenErp = new Set<string>();
    const seenCrm = new Set<string>();
    results.forEach((rows, i) => {
      const k = kinds[i];
      if (k.kind === 'lcy') {
        this.lcyCurrencyId = rows.length === 1 ? normalizeId(String(rows[0].transactioncurrencyid)) : null;
        return;
      }
      const m = this.mapping(k.mapping);
      for (const c of parseCouplings(rows).filter(isCoupled)) {
        if (c.erpEntity !== m.erp.entity || c.crmTable !== couplingTable(m)) continue;
        if (k.kind === 'erp') {
          const v = k.by === 'id' ? c.erpId : c.erpNumber.toUpperCase();
          const key = `${k.mapping}|${k.by}|${v}`;
          this.toCrmCache.set(key, c.crmId);
          seenErp.add(key);
        } else {
          const key = `${k.mapping}|${c.crmId}`;
          this.toErpCache.set(key, c);
          seenCrm.add(key);
        }
      }
      if (k.kind === 'erp') for (const v of k.values) if (!seenErp.has(`${k.mapping}|${k.by}|${v}`)) this.toCrmCache.set(`${k.mapping}|${k.by}|${v}`, null);
      if (k.kind === 'crm') for (const id of k.ids) if (!seenCrm.has(`${k.mapping}|${id}`)) this.toErpCache.set(`${k.mapping}|${id}`, null);
    });
    await this.prefetchUnitGroups(erp);
    await this.prefetchLabels(erp);
  }

  /** Numbers of ERP records referenced by id and not coupled: messages then name them by number. */
  private async prefetchLabels(erp: readonly ErpNeed[]): Promise<void> {
    const missing = new Map<string, Set<string>>();
    for (const n of erp) {
      if (n.by !== 'id') continue;
      const id = normalizeId(n.value);
      if (this.toCrmCache.get(`${n.mapping}|id|${id}`) !== null || this.labels.has(`${n.mapping}|${id}`)) continue;
      const set = missing.get(n.mapping) ?? new Set<string>();
      set.add(id);
      missing.set(n.mapping, set);
    }
    for (const [name, ids] of missing) {
      const m = this.mapping(name);
      try {
        for (const r of await erpFindBy(this.ctx, m, 'id', [...ids])) this.labels.set(`${name}|${normalizeId(String(r.id))}`, String(r[m.erp.key] ?? r.id));
      } catch {
        // Only for messages: the GUID is shown instead.
      }
    }
  }

  display(mapping: string, by: By, erpValue: string): string | undefined {
    return by === 'id' ? this.labels.get(`${mapping}|${normalizeId(erpValue)}`) : undefined;
  }

  /** Unit groups of the Sales units the needs resolve to (product.defaultuomscheduleid). */
  private async prefetchUnitGroups(erp: readonly ErpNeed[]): Promise<void> {
    const unitMappings = new Set<string>();
    for (const m of this.ctx.set.mappings) for (const f of m.fields) if (f.transform?.kind === 'unitGroupOf') unitMappings.add(f.transform.mapping);
    const ids = new Set<string>();
    for (const n of erp) {
      if (!unitMappings.has(n.mapping)) continue;
      const id = this.toCrm(n.mapping, n.by, n.value);
      if (id && !this.unitGroups.has(id)) ids.add(id);
    }
    if (!ids.size) return;
    const paths = chunks([...ids]).map((part) => `uoms?$select=uomid,_uomscheduleid_value&$filter=${encodeURIComponent(part.map((id) => `uomid eq ${id}`).join(' or '))}`);
    for (const rows of await crmReadMany(this.ctx, paths)) {
      for (const r of rows) this.unitGroups.set(normalizeId(String(r.uomid)), r._uomscheduleid_value ? normalizeId(String(r._uomscheduleid_value)) : null);
    }
  }

  private isLcy(n: ErpNeed): boolean {
    return n.by === 'number' && this.mapping(n.mapping).erp.entity === 'currencies' && n.value.toUpperCase() === this.ctx.s.ref.lcy;
  }

  toCrm(mapping: string, by: By, erpValue: string): string | undefined {
    const hit = this.toCrmCache.get(`${mapping}|${by}|${normValue(by, erpValue)}`);
    if (hit) return hit;
    if (this.isLcy({ mapping, by, value: erpValue }) && this.lcyCurrencyId) return this.lcyCurrencyId;
    return undefined;
  }

  toErp(mapping: string, by: By, crmValue: string): string | undefined {
    const m = this.mapping(mapping);
    const id = m.kind === 'option' ? String(crmValue) : normalizeId(crmValue);
    const c = this.toErpCache.get(`${mapping}|${id}`);
    if (c) {
      if (by === 'id') return c.erpId || undefined;
      return c.erpNumber || undefined;
    }
    if (m.erp.entity === 'currencies' && this.lcyCurrencyId && id === this.lcyCurrencyId && this.ctx.s.ref.lcy) return by === 'number' ? this.ctx.s.ref.lcy : undefined;
    return undefined;
  }

  unitGroupOf(crmUnitId: string): string | undefined {
    return this.unitGroups.get(normalizeId(crmUnitId)) ?? undefined;
  }

  /** Forgets what is known about a mapping (after its run couples new records). */
  forget(mapping: string): void {
    for (const k of [...this.toCrmCache.keys()]) if (k.startsWith(`${mapping}|`)) this.toCrmCache.delete(k);
    for (const k of [...this.toErpCache.keys()]) if (k.startsWith(`${mapping}|`)) this.toErpCache.delete(k);
  }
}

/** Every mapping a mapping's field values go through (for "what must be coupled first"). */
export function referencedMappings(mapping: IntegrationMapping): string[] {
  const out = new Set<string>();
  for (const f of mapping.fields) {
    if (f.transform?.kind === 'coupled') coupledMappingNames(f.transform).forEach((n) => out.add(n));
    if (f.transform?.kind === 'unitGroupOf') out.add(f.transform.mapping);
  }
  return [...out];
}
