/**
 * The decisions of a synchronisation page (connector/sync/engine.ts reads and writes), pure: which side wins a
 * coupled pair (the mapping's direction and conflict rule, a forced side, the run's mode), what a pair's write is
 * when the ERP wins (new, changed or unchanged), what happens to a coupled record whose counterpart is gone, and
 * which record of the other side an uncoupled one matches (or why none may be used). Input: what the page read;
 * output: the intended writes and problems, which the engine turns into change sets and messages.
 */
import { crmBody, crmChanges, crmRead, decideWinner, flows, isLookup, lookupValueColumn, matchValues, type CrmValue, type IntegrationMapping, type MappingProblem } from '../../domain/mappings';
import { normalizeId } from '../../domain/orderValidation';
import type { BatchOperation } from '../dataverse/batch';
import { isCoupled, opSynced, type Coupling } from './couplings';
import { crmTableDef, type CrmRow } from './crmAccess';
import type { ErpRow } from './erpAccess';

export type Mode = 'full' | 'incremental' | 'retry';
/** Which side a forced synchronisation takes its values from (Synchronize now). */
export type Force = 'erp' | 'crm' | null;
export type PairWinner = 'erp' | 'crm' | 'none' | 'conflict';

/** A problem without its record noun (the engine adds it, with the mapping's name). */
export interface PlannedProblem {
  code: MappingProblem['code'];
  params: Record<string, string | number>;
  /** The other record a REC_ALREADY_COUPLED names, and its side. */
  other?: { side: 'sales' | 'erp'; row: CrmRow | ErpRow };
  /** The side a REC_NOT_FOUND names. */
  side?: 'sales' | 'erp';
}

const lower = (v: unknown): string => String(v ?? '').trim().toLowerCase();

export interface PairState {
  mapping: IntegrationMapping;
  mode: Mode;
  force: Force;
  coupling: Coupling;
  erpModified: string | null;
  crm: CrmRow;
  /** systemuserid of the connector's user: its own Sales changes are not the user's. */
  integrationUserId: string;
}

/**
 * Who wins a coupled pair. A forced side wins; else the mapping's direction and conflict rule on what changed
 * since the last synchronisation (domain/mappings/conflict.ts). When neither changed, an incremental run leaves the
 * pair alone, while a full run (or a retry) reconciles drift in the mapping's main direction.
 */
export function pairWinner(s: PairState): PairWinner {
  if (s.force) return s.force;
  const w = decideWinner({
    direction: s.mapping.direction,
    rule: s.mapping.conflictRule,
    lastSyncedOn: s.coupling.lastSyncedOn,
    erpVersionSynced: s.coupling.erpVersion,
    erpModified: s.erpModified || null,
    crmModified: (s.crm.modifiedon as string | undefined) ?? null,
    crmModifiedByIntegration: lower(s.crm._modifiedby_value) === s.integrationUserId,
  });
  if (w !== 'none' || s.mode === 'incremental') return w;
  return flows(s.mapping.direction, 'fromErp') ? 'erp' : 'crm';
}

/** A coupled record whose counterpart is no longer there (deleted, or out of the mapping's filter): a failure on its coupling. */
export function counterpartGone(side: 'sales' | 'erp'): PlannedProblem {
  return { code: 'REC_NOT_FOUND', params: {}, side };
}

export interface PairWrite {
  ops: BatchOperation[];
  count: 'modified' | 'unchanged';
  /** The Sales columns that change (empty: unchanged). */
  changes: Record<string, CrmValue>;
}

/**
 * The ERP's values onto the coupled Sales record: a PATCH of what differs (changed) or nothing (unchanged), and the
 * coupling marked synchronised when something was written, the record was retried, or `markSynced` (the ERP won).
 */
export function planSalesUpdate(mapping: IntegrationMapping, c: Coupling, crm: CrmRow, values: Record<string, CrmValue>, now: Date, erpVersion: unknown, markSynced: boolean): PairWrite {
  const t = crmTableDef(mapping);
  const changes = crmChanges(mapping, crm, values);
  const ops: BatchOperation[] = [];
  if (Object.keys(changes).length) ops.push({ method: 'PATCH', url: `${t.entitySet}(${c.crmId})`, body: crmBody(mapping, changes) });
  const retried = c.skipped || !!c.lastError;
  if (ops.length || retried || markSynced) ops.push(opSynced(c, now, retried, erpVersion as string | undefined));
  return { ops, count: Object.keys(changes).length ? 'modified' : 'unchanged', changes };
}

const shown = (v: CrmValue): string => (typeof v === 'object' && v ? v.lookup.id : String(v));

function sameMatch(a: unknown, b: CrmValue): boolean {
  if (typeof b === 'object' && b !== null && 'lookup' in b) return lower(a) === lower(b.lookup.id);
  if (typeof b === 'number') return Number(a) === b;
  return lower(a) === lower(b);
}

export type MatchDecision<T> = { match: T } | { problem: PlannedProblem } | { none: true };

/**
 * The Sales record an uncoupled ERP record matches, by the mapping's match keys in order (number, then name): one
 * hit is the match; several, a duplicate in Sales; a hit whose values the ERP holds more than once, a duplicate in
 * the ERP; a hit coupled to another ERP record (or matched earlier on this page), already coupled. None: create.
 */
export function matchInSales(input: {
  mapping: IntegrationMapping;
  row: ErpRow;
  /** The row's match values, as Sales columns. */
  key: Record<string, CrmValue>;
  /** Per match key, the Sales rows read as candidates. */
  candidatesByKey: readonly CrmRow[][];
  /** Couplings of the candidates, by Sales id. */
  candidateCouplings: ReadonlyMap<string, Coupling>;
  /** How many ERP records hold a value (`${field}=${value}`), for the non-unique match fields. */
  erpCounts: ReadonlyMap<string, number>;
  /** Sales ids matched earlier on this page. */
  claimed: ReadonlySet<string>;
}): MatchDecision<CrmRow> {
  const { mapping: m, row, key } = input;
  const t = crmTableDef(m);
  const erpId = normalizeId(String(row.id));
  for (let k = 0; k < m.match.length; k++) {
    const cols = m.match[k];
    const values = matchValues(m, cols, key);
    if (!values) continue;
    const hits = input.candidatesByKey[k].filter((r) => cols.every((col, i) => sameMatch(isLookup(t.columns[col]) ? r[lookupValueColumn(col)] : r[col], values[i])));
    if (hits.length > 1) return { problem: { code: 'REC_DUPLICATE_CRM', params: { count: hits.length, column: cols.join(' + '), value: values.map(shown).join(' + ') } } };
    if (hits.length === 1) {
      const hit = hits[0];
      const hitId = normalizeId(String(hit[t.primaryId]));
      const other = input.candidateCouplings.get(hitId);
      const erpFields = cols.map((col) => m.fields.find((f) => f.crm === col)!.erp);
      const sameInErp = input.erpCounts.get(erpFields.map((f) => `${f}=${lower(row[f])}`).join('|')) ?? 1;
      if (sameInErp > 1) return { problem: { code: 'REC_DUPLICATE_ERP', params: { count: sameInErp, field: erpFields.join(' + '), value: erpFields.map((f) => String(row[f] ?? '')).join(' + ') } } };
      if ((other && isCoupled(other) && other.erpId !== erpId) || input.claimed.has(hitId)) return { problem: { code: 'REC_ALREADY_COUPLED', params: {}, other: { side: 'sales', row: hit } } };
      return { match: hit };
    }
  }
  return { none: true };
}

/**
 * The ERP record an uncoupled Sales record matches, by the mapping's match keys in order: as matchInSales, the
 * other way round (several hits: a duplicate in the ERP; a key Sales holds more than once: a duplicate in Sales).
 */
export function matchInErp(input: {
  mapping: IntegrationMapping;
  row: CrmRow;
  /** The row's match values, as ERP fields. */
  key: Record<string, unknown>;
  candidatesByKey: readonly ErpRow[][];
  /** Couplings of the candidates, by ERP id (coupled ones only). */
  candidateCouplings: ReadonlyMap<string, Coupling>;
  /** How many Sales records hold a key value (`${keyIndex}|${values}`). */
  crmCounts: ReadonlyMap<string, number>;
  claimed: ReadonlySet<string>;
}): MatchDecision<ErpRow> {
  const { mapping: m, row, key } = input;
  const t = crmTableDef(m);
  const crmId = normalizeId(String(row[t.primaryId]));
  for (let k = 0; k < m.match.length; k++) {
    const cols = m.match[k];
    const fields = cols.map((col) => m.fields.find((f) => f.crm === col)!.erp);
    if (!fields.every((f) => key[f] !== undefined && key[f] !== null && key[f] !== '')) continue;
    const hits = input.candidatesByKey[k].filter((r) => fields.every((f) => lower(r[f]) === lower(key[f])));
    if (hits.length > 1) return { problem: { code: 'REC_DUPLICATE_ERP', params: { count: hits.length, field: fields.join(' + '), value: fields.map((f) => String(key[f])).join(' + ') } } };
    if (hits.length === 1) {
      const hitId = normalizeId(String(hits[0].id));
      const other = input.candidateCouplings.get(hitId);
      const sameInSales = input.crmCounts.get(`${k}|${cols.map((col) => lower(crmRead(row, col, t.columns[col]))).join('|')}`) ?? 1;
      if (sameInSales > 1) return { problem: { code: 'REC_DUPLICATE_CRM', params: { count: sameInSales, column: cols.join(' + '), value: cols.map((col) => String(crmRead(row, col, t.columns[col]) ?? '')).join(' + ') } } };
      if ((other && other.crmId !== crmId) || input.claimed.has(hitId)) return { problem: { code: 'REC_ALREADY_COUPLED', params: {}, other: { side: 'erp', row: hits[0] } } };
      return { match: hits[0] };
    }
  }
  return { none: true };
}
