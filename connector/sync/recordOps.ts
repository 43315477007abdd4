/**
 * What the app asks about one record (account, contact, product forms and lists): search the ERP by number or
 * name, couple with an ERP record, create it in the ERP, create a Sales record from an ERP record, uncouple,
 * synchronise now with the side that wins, retry skipped records. Each refuses with the exact reason when a
 * dependency is missing ("the owner Jeanne Martin is not coupled to an ERP salesperson").
 */
import { crmCatalog, erpRecordNoun, flows, formatMappingProblem, mapCrmToErp, mapErpToCrm, recordNoun, selectMappings, type IntegrationMapping, type MappingMessageCode, type MappingProblem, type NounRef } from '../../domain/mappings';
import { normalizeId } from '../../domain/orderValidation';
import type { BatchOperation } from '../dataverse/batch';
import { bcLit } from '../bc/client';
import type { SyncContext } from './context';
import { crmByIdsPaths, crmReadMany, type CrmRow } from './crmAccess';
import { byCrmIdPaths, byErpIdPaths, couplingTable, isCoupled, isPendingErp, opCouple, opDelete, readCouplings, type Coupling } from './couplings';
import { MappingSync, type Force } from './engine';
import { erpFindBy, erpPages, erpQuery, type ErpRow } from './erpAccess';
import { SyncResolver } from './resolver';
import { couplingMarker, runRetry, skippedCouplings } from './runner';
import { runChangeSets, batchMessage } from './writes';

export type RecordOperation = 'search' | 'couple' | 'createInErp' | 'createInSales' | 'uncouple' | 'syncNow' | 'retry';

export interface RecordRequest {
  operation: RecordOperation;
  /** Mapping name; found from the Sales table (and product type) when absent. */
  mapping?: string;
  crmTable?: string;
  crmId?: string;
  erpId?: string;
  erpNumber?: string;
  /** search: number or part of the name. */
  query?: string;
  /** syncNow: the side whose values win. */
  side?: 'erp' | 'crm';
  /** retry: these couplings; none = every skipped record of the mapping (or of every mapping). */
  couplingIds?: string[];
}

export interface RecordResult {
  message: string;
  result?: Record<string, unknown>;
}

/** A refusal the user can act on (becomes the request's error, permanent), rendered in the reader's language. */
export class RecordRefused extends Error {
  private constructor(
    private readonly render: (lcid: number) => string,
  ) {
    super(render(1033));
    this.name = 'RecordRefused';
  }

  static of(code: MappingMessageCode, params: Record<string, string | number> = {}, nouns?: Record<string, NounRef>): RecordRefused {
    return new RecordRefused((lcid) => formatMappingProblem({ code, params, nouns }, lcid));
  }

  /** A text already in the reader's language (per-record errors the engine formatted with the context's language). */
  static text(message: string): RecordRefused {
    return new RecordRefused(() => message);
  }

  text(lcid: number): string {
    return this.render(lcid);
  }
}

/** "the ERP customer C10000" for a coupling row, from the mapping of its entity (the entity set name otherwise). */
function coupledNoun(ctx: SyncContext, c: Coupling): NounRef {
  const m = [...ctx.byName.values()].find((x) => x.erp.entity === c.erpEntity);
  const label = m?.labels?.erp ?? { en: { the: `the ERP ${c.erpEntity} record`, a: `an ERP ${c.erpEntity} record` }, fr: { the: `l’enregistrement ERP ${c.erpEntity}`, a: `un enregistrement ERP ${c.erpEntity}` } };
  return { label: recordNoun(label, c.erpNumber), form: 'the' };
}

const OPERATIONS: RecordOperation[] = ['search', 'couple', 'createInErp', 'createInSales', 'uncouple', 'syncNow', 'retry'];

export function parseRecordRequest(payload: string | null | undefined, target: { table?: string | null; id?: string | null }): RecordRequest | null {
  let p: Record<string, unknown> = {};
  if (payload && payload.trim()) {
    try {
      p = JSON.parse(payload) as Record<string, unknown>;
    } catch {
      throw RecordRefused.of('OP_BAD_PAYLOAD', { payload: payload.slice(0, 80) });
    }
  }
  if (p.operation === undefined) return null;
  if (!OPERATIONS.includes(p.operation as RecordOperation)) throw RecordRefused.of('OP_UNKNOWN', { operation: String(p.operation), allowed: OPERATIONS.join(', ') });
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  return {
    operation: p.operation as RecordOperation,
    mapping: str(p.mapping)?.toUpperCase(),
    crmTable: str(p.crmTable) ?? str(target.table),
    crmId: str(p.crmId) ?? str(target.id),
    erpId: str(p.erpId),
    erpNumber: str(p.erpNumber),
    query: str(p.query),
    side: p.side === 'erp' || p.side === 'crm' ? p.side : undefined,
    couplingIds: Array.isArray(p.couplingIds) ? p.couplingIds.filter((x): x is string => typeof x === 'string') : undefined,
  };
}

async function couplingOfCrm(ctx: SyncContext, crmTable: string, crmId: string): Promise<Coupling | undefined> {
  return (await readCouplings(ctx, byCrmIdPaths(crmTable, [crmId])))[0];
}

async function readCrm(ctx: SyncContext, mapping: IntegrationMapping, crmId: string): Promise<CrmRow> {
  const [row] = (await crmReadMany(ctx, crmByIdsPaths(mapping, [crmId]))).flat();
  if (!row) throw RecordRefused.of('OP_CRM_MISSING', {}, { record: { label: recordNoun(mapping.labels.crm, normalizeId(crmId)), form: 'the' } });
  return row;
}

async function readErp(ctx: SyncContext, mapping: IntegrationMapping, r: RecordRequest): Promise<ErpRow> {
  const rows = r.erpId ? await erpFindBy(ctx, mapping, 'id', [r.erpId]) : r.erpNumber ? await erpFindBy(ctx, mapping, mapping.erp.key, [r.erpNumber.toUpperCase(), r.erpNumber]) : [];
  const row = rows[0];
  if (!row) throw RecordRefused.of('OP_ERP_MISSING', { key: r.erpId ?? r.erpNumber ?? '?' }, { erpA: { label: mapping.labels.erp, form: 'a' } });
  return row;
}

/** The mapping of a Sales record: explicit, its coupling's, the product's type, or the table's only mapping. */
export async function mappingFor(ctx: SyncContext, r: RecordRequest): Promise<IntegrationMapping> {
  if (r.mapping) {
    const m = ctx.byName.get(r.mapping);
    if (!m) throw RecordRefused.of('OP_UNKNOWN_MAPPING', { mapping: r.mapping, allowed: [...ctx.byName.keys()].join(', ') });
    return m;
  }
  const table = r.crmTable;
  const candidates = selectMappings(ctx.set).filter((m) => m.kind === 'table' && m.crm.table === table);
  if (!table || !candidates.length) throw RecordRefused.of('OP_NO_MAPPING', { table: table ?? '' });
  if (candidates.length === 1) return candidates[0];
  if (r.crmId) {
    const c = await couplingOfCrm(ctx, table, r.crmId);
    const byCoupling = c && candidates.find((m) => m.erp.entity === c.erpEntity);
    if (byCoupling) return byCoupling;
    if (table === 'product') {
      const [row] = (await crmReadMany(ctx, [`products?$select=productid,producttypecode&$filter=productid eq ${normalizeId(r.crmId)}`])).flat();
      const services = row?.producttypecode === 3;
      const pick = candidates.find((m) => (services ? m.erp.entity === 'resources' : m.erp.entity === 'items'));
      if (pick) return pick;
    }
  }
  return candidates[0];
}

/** Dependencies the record's values need that are not coupled, as messages (empty: all coupled). */
async function missingDependencies(ctx: SyncContext, mapping: IntegrationMapping, crm: CrmRow | null, erp: ErpRow | null): Promise<string[]> {
  const resolver = new SyncResolver(ctx);
  await resolver.prefetch(erp ? resolver.erpNeeds(mapping, [erp]) : [], crm ? resolver.crmNeeds(mapping, [crm]) : []);
  const mappings = { get: (n: string) => ctx.byName.get(n) };
  const problems: MappingProblem[] = [];
  if (erp && flows(mapping.direction, 'fromErp')) problems.push(...mapErpToCrm(mapping, erp, resolver, mappings, { mode: 'update' }).problems);
  if (crm && flows(mapping.direction, 'toErp')) problems.push(...mapCrmToErp(mapping, crm, resolver, mappings, { mode: 'update' }).problems);
  return [...new Set(problems.filter((p) => p.code === 'REC_DEPENDENCY_NOT_COUPLED').map((p) => formatMappingProblem(p, ctx.lcid)))];
}

export async function searchErp(ctx: SyncContext, mapping: IntegrationMapping, query: string): Promise<RecordResult> {
  const q = query.trim();
  if (!q) throw RecordRefused.of('OP_EMPTY_QUERY');
  let rows: ErpRow[];
  if (q === '*') {
    // The whole (small) list, for pickers such as "couple salespeople with users".
    rows = [];
    for await (const page of erpPages(ctx, mapping, { orderby: `${mapping.erp.key} asc`, pageSize: 100 })) {
      rows.push(...page);
      if (rows.length >= 200) break;
    }
  } else {
    const filters = [`${mapping.erp.key} eq ${bcLit(q.toUpperCase())}`, `contains(${mapping.erp.nameField},${bcLit(q)})`];
    if (mapping.erp.nameField !== mapping.erp.key) filters.push(`startswith(${mapping.erp.key},${bcLit(q.toUpperCase())})`);
    rows = [...new Map((await erpQuery(ctx, mapping, filters)).flat().map((r) => [String(r.id), r])).values()].slice(0, 25);
  }
  const couplings = rows.length ? await readCouplings(ctx, byErpIdPaths(mapping, rows.map((r) => String(r.id)))) : [];
  const coupled = new Map(couplings.filter(isCoupled).map((c) => [c.erpId, c.crmId]));
  const matches = rows.map((r) => ({ id: normalizeId(String(r.id)), number: String(r[mapping.erp.key] ?? ''), name: String(r[mapping.erp.nameField] ?? ''), coupledTo: coupled.get(normalizeId(String(r.id))) ?? null }));
  return { message: `${matches.length} ERP record(s) match "${q}".`, result: { mapping: mapping.name, matches } };
}

export async function coupleRecord(ctx: SyncContext, mapping: IntegrationMapping, r: RecordRequest): Promise<RecordResult> {
  if (!r.crmId) throw RecordRefused.of('OP_NO_RECORD');
  const crm = await readCrm(ctx, mapping, r.crmId);
  const erp = await readErp(ctx, mapping, r);
  const crmId = normalizeId(r.crmId);
  const erpId = normalizeId(String(erp.id));
  const erpName = erpRecordNoun(mapping, erp).en.the;
  const existing = await couplingOfCrm(ctx, couplingTable(mapping), crmId);
  if (existing && isCoupled(existing) && existing.erpId !== erpId) {
    throw RecordRefused.of('OP_ALREADY_COUPLED', {}, { other: coupledNoun(ctx, existing) });
  }
  const other = (await readCouplings(ctx, byErpIdPaths(mapping, [erpId]))).filter((c) => isCoupled(c) && c.crmId !== crmId && c.crmTable === couplingTable(mapping));
  if (other.length) throw RecordRefused.of('OP_ERP_TAKEN', { crmId: other[0].crmId }, { record: { label: erpRecordNoun(mapping, erp), form: 'the' } });
  const side: Force = r.side ?? (flows(mapping.direction, 'fromErp') ? 'erp' : 'crm');
  const missing = await missingDependencies(ctx, mapping, side === 'crm' ? crm : null, side === 'erp' ? erp : null);
  if (missing.length) throw RecordRefused.text(missing.join('\n'));
  const pending = (await readCouplings(ctx, byErpIdPaths(mapping, [erpId]))).filter(isPendingErp);
  const ops: BatchOperation[] = [
    opCouple({ mapping, crmId, erpId, erpNumber: String(erp[mapping.erp.key] ?? ''), name: `${String(crm[mapping.crm.nameField] ?? crmId)} ⇄ ${String(erp[mapping.erp.key] ?? '')}`, now: ctx.s.now(), connectionId: ctx.connectionId }),
    ...pending.map(opDelete),
  ];
  const [res] = await runChangeSets(ctx, [ops]);
  if (!res.ok) throw new Error(`Writing the coupling failed: ${batchMessage(res.error)}`);
  const [coupling] = await readCouplings(ctx, byCrmIdPaths(couplingTable(mapping), [crmId]));
  // Not a skipped record: a forced run that carries the winning side's values across (the marker columns too).
  const run = await runRetry(ctx, mapping, [{ ...coupling, lastSyncedOn: null }], side, 'retry');
  if (run.counts.failed) throw RecordRefused.of('OP_FIRST_SYNC_FAILED', { message: run.errorSummary ?? '' });
  return { message: `Coupled with ${erpName}; ${side === 'erp' ? 'the ERP' : 'Sales'} values applied (${run.counts.modified ? 'updated' : 'already equal'}).`, result: { couplingId: coupling.id, erpId, erpNumber: String(erp[mapping.erp.key] ?? '') } };
}

export async function createInErp(ctx: SyncContext, mapping: IntegrationMapping, r: RecordRequest): Promise<RecordResult> {
  if (!r.crmId) throw RecordRefused.of('OP_NO_RECORD');
  if (!flows(mapping.direction, 'toErp')) throw RecordRefused.of('OP_NO_ERP_CREATE', { mapping: mapping.name });
  const crm = await readCrm(ctx, mapping, r.crmId);
  const existing = await couplingOfCrm(ctx, couplingTable(mapping), r.crmId);
  if (existing && isCoupled(existing)) throw RecordRefused.of('OP_ALREADY_COUPLED_NOT_CREATED', {}, { other: coupledNoun(ctx, existing) });
  const missing = await missingDependencies(ctx, mapping, crm, null);
  if (missing.length) throw RecordRefused.text(missing.join('\n'));
  const sync = new MappingSync(ctx, mapping, new SyncResolver(ctx), 'retry', null, { allowCreate: true });
  await sync.crmPage([crm]);
  if (sync.counts.failed) throw sync.errors[0] ? RecordRefused.text(sync.errors[0]) : RecordRefused.of('OP_ERP_CREATE_FAILED');
  const after = await couplingOfCrm(ctx, couplingTable(mapping), r.crmId);
  if (!after || !isCoupled(after)) throw RecordRefused.of('OP_OUTSIDE_FILTER_CRM');
  return {
    message: sync.counts.inserted ? `Created in the ERP as ${after.erpNumber} and coupled.` : `The ERP already had ${after.erpNumber} with the same number or name: coupled with it instead of creating a duplicate.`,
    result: { created: sync.counts.inserted > 0, erpId: after.erpId, erpNumber: after.erpNumber },
  };
}

export async function createInSales(ctx: SyncContext, mapping: IntegrationMapping, r: RecordRequest): Promise<RecordResult> {
  if (!flows(mapping.direction, 'fromErp')) throw RecordRefused.of('OP_NO_CRM_CREATE', { mapping: mapping.name, table: mapping.crm.table });
  const erp = await readErp(ctx, mapping, r);
  const missing = await missingDependencies(ctx, mapping, null, erp);
  if (missing.length) throw RecordRefused.text(missing.join('\n'));
  const sync = new MappingSync(ctx, mapping, new SyncResolver(ctx), 'retry', null, { allowCreate: true });
  await sync.erpPage([erp]);
  if (sync.counts.failed) throw sync.errors[0] ? RecordRefused.text(sync.errors[0]) : RecordRefused.of('OP_CRM_CREATE_FAILED');
  const [c] = (await readCouplings(ctx, byErpIdPaths(mapping, [String(erp.id)]))).filter(isCoupled);
  if (!c) throw RecordRefused.of('OP_OUTSIDE_FILTER_ERP');
  return {
    message: sync.counts.inserted ? `Created in Sales and coupled with ${String(erp[mapping.erp.key])}.` : `Sales already had this record (same number or name): coupled with it instead of creating a duplicate.`,
    result: { created: sync.counts.inserted > 0, crmTable: mapping.crm.table, crmId: c.crmId },
  };
}

/** Removes the coupling and the ERP number the Sales record shows (account/product number columns). */
export async function uncouple(ctx: SyncContext, mapping: IntegrationMapping, r: RecordRequest): Promise<RecordResult> {
  if (!r.crmId) throw RecordRefused.of('OP_NO_RECORD');
  const c = await couplingOfCrm(ctx, couplingTable(mapping), r.crmId);
  if (!c) return { message: 'The record was not coupled; nothing to do.' };
  const table = crmCatalog[mapping.crm.table];
  const marker = couplingMarker(mapping);
  const markers = marker ? [marker] : [];
  const ops: BatchOperation[] = [opDelete(c)];
  if (markers.length && table) ops.push({ method: 'PATCH', url: `${table.entitySet}(${normalizeId(r.crmId)})`, body: Object.fromEntries(markers.map((m) => [m, null])) });
  const [res] = await runChangeSets(ctx, [ops]);
  if (!res.ok) throw new Error(`Uncoupling failed: ${batchMessage(res.error)}`);
  return { message: `Uncoupled from ERP ${c.erpEntity} ${c.erpNumber}. Neither record was changed otherwise.`, result: { erpNumber: c.erpNumber } };
}

export async function syncNow(ctx: SyncContext, mapping: IntegrationMapping, r: RecordRequest): Promise<RecordResult> {
  if (!r.crmId) throw RecordRefused.of('OP_NO_RECORD');
  if (!r.side) throw RecordRefused.of('OP_CHOOSE_SIDE');
  if (!flows(mapping.direction, r.side === 'erp' ? 'fromErp' : 'toErp')) {
    throw RecordRefused.of(r.side === 'erp' ? 'OP_SIDE_NOT_CARRIED_ERP' : 'OP_SIDE_NOT_CARRIED_CRM', { mapping: mapping.name });
  }
  const c = await couplingOfCrm(ctx, couplingTable(mapping), r.crmId);
  if (!c || !isCoupled(c)) throw RecordRefused.of('OP_NOT_COUPLED');
  const crm = await readCrm(ctx, mapping, r.crmId);
  const [erp] = await erpFindBy(ctx, mapping, 'id', [c.erpId]);
  const missing = await missingDependencies(ctx, mapping, r.side === 'crm' ? crm : null, r.side === 'erp' ? erp ?? null : null);
  if (missing.length) throw RecordRefused.text(missing.join('\n'));
  const run = await runRetry(ctx, mapping, [c], r.side, 'retry');
  if (run.counts.failed) throw run.errorSummary ? RecordRefused.text(run.errorSummary) : RecordRefused.of('OP_SYNC_FAILED');
  return { message: run.counts.modified ? `Synchronised: the ${r.side === 'erp' ? 'ERP' : 'Sales'} values replaced the other side's.` : 'Both sides already held the same values.', result: { ...run.counts } };
}

export async function retrySkipped(ctx: SyncContext, r: RecordRequest): Promise<RecordResult> {
  const mappings = r.mapping ? [await mappingFor(ctx, r)] : selectMappings(ctx.set);
  const totals = { retried: 0, inserted: 0, modified: 0, unchanged: 0, failed: 0 };
  const errors: string[] = [];
  for (const m of mappings) {
    const couplings = await skippedCouplings(ctx, m, r.couplingIds);
    if (!couplings.length) continue;
    const run = await runRetry(ctx, m, couplings);
    totals.retried += couplings.length;
    totals.inserted += run.counts.inserted;
    totals.modified += run.counts.modified;
    totals.unchanged += run.counts.unchanged;
    totals.failed += run.counts.failed;
    if (run.errorSummary) errors.push(run.errorSummary);
  }
  const ok = totals.retried - totals.failed;
  return { message: `Retried ${totals.retried} skipped record(s): ${ok} now synchronised, ${totals.failed} still failing.${errors.length ? `\n${errors.join('\n')}` : ''}`, result: totals };
}

export async function runRecordRequest(ctx: SyncContext, r: RecordRequest): Promise<RecordResult> {
  if (r.operation === 'retry') return retrySkipped(ctx, r);
  const mapping = await mappingFor(ctx, r);
  switch (r.operation) {
    case 'search':
      return searchErp(ctx, mapping, r.query ?? '');
    case 'couple':
      return coupleRecord(ctx, mapping, r);
    case 'createInErp':
      return createInErp(ctx, mapping, r);
    case 'createInSales':
      return createInSales(ctx, mapping, r);
    case 'uncouple':
      return uncouple(ctx, mapping, r);
    case 'syncNow':
      return syncNow(ctx, mapping, r);
  }
}
