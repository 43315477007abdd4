/**
 * What the app asks about one record (account, contact, product forms and lists): search the ERP by number or
 * name, couple with an ERP record, create it in the ERP, create a Sales record from an ERP record, uncouple,
 * synchronise now with the side that wins, retry skipped records. Each refuses with the exact reason when a
 * dependency is missing ("the owner Jeanne Martin is not coupled to an ERP salesperson").
 */
import { crmCatalog, erpRecordNoun, flows, formatMappingProblem, mapCrmToErp, mapErpToCrm, selectMappings, type IntegrationMapping, type MappingProblem } from '../../domain/mappings';
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

/** A refusal the user can act on (becomes the request's error, permanent). */
export class RecordRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordRefused';
  }
}

const OPERATIONS: RecordOperation[] = ['search', 'couple', 'createInErp', 'createInSales', 'uncouple', 'syncNow', 'retry'];

export function parseRecordRequest(payload: string | null | undefined, target: { table?: string | null; id?: string | null }): RecordRequest | null {
  let p: Record<string, unknown> = {};
  if (payload && payload.trim()) {
    try {
      p = JSON.parse(payload) as Record<string, unknown>;
    } catch {
      throw new RecordRefused(`The request payload is not JSON (${payload.slice(0, 80)}). The command that created it must send {"operation": "...", ...}.`);
    }
  }
  if (p.operation === undefined) return null;
  if (!OPERATIONS.includes(p.operation as RecordOperation)) throw new RecordRefused(`Unknown operation "${String(p.operation)}". Use one of: ${OPERATIONS.join(', ')}.`);
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
  if (!row) throw new RecordRefused(`The ${mapping.crm.table} ${crmId} does not exist in Sales (deleted, or the connector's user cannot read it).`);
  return row;
}

async function readErp(ctx: SyncContext, mapping: IntegrationMapping, r: RecordRequest): Promise<ErpRow> {
  const rows = r.erpId ? await erpFindBy(ctx, mapping, 'id', [r.erpId]) : r.erpNumber ? await erpFindBy(ctx, mapping, mapping.erp.key, [r.erpNumber.toUpperCase(), r.erpNumber]) : [];
  const row = rows[0];
  if (!row) throw new RecordRefused(`The ERP has no ${mapping.erp.entity} record ${r.erpId ?? r.erpNumber ?? '(none given)'}. Search the ERP again and pick a record from the list.`);
  return row;
}

/** The mapping of a Sales record: explicit, its coupling's, the product's type, or the table's only mapping. */
export async function mappingFor(ctx: SyncContext, r: RecordRequest): Promise<IntegrationMapping> {
  if (r.mapping) {
    const m = ctx.byName.get(r.mapping);
    if (!m) throw new RecordRefused(`There is no mapping ${r.mapping}. Known mappings: ${[...ctx.byName.keys()].join(', ')}.`);
    return m;
  }
  const table = r.crmTable;
  const candidates = selectMappings(ctx.set).filter((m) => m.kind === 'table' && m.crm.table === table);
  if (!table || !candidates.length) throw new RecordRefused(`No enabled mapping synchronises the Sales table "${table ?? ''}". Name the mapping in the request, or turn its mapping on.`);
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
  if (!q) throw new RecordRefused('Type a number or part of a name to search the ERP.');
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

function firstError(sync: MappingSync, fallback: string): string {
  return sync.errors[0] ?? fallback;
}

export async function coupleRecord(ctx: SyncContext, mapping: IntegrationMapping, r: RecordRequest): Promise<RecordResult> {
  if (!r.crmId) throw new RecordRefused('Say which Sales record to couple (crmId).');
  const crm = await readCrm(ctx, mapping, r.crmId);
  const erp = await readErp(ctx, mapping, r);
  const crmId = normalizeId(r.crmId);
  const erpId = normalizeId(String(erp.id));
  const erpName = erpRecordNoun(mapping, erp).en.the;
  const existing = await couplingOfCrm(ctx, couplingTable(mapping), crmId);
  if (existing && isCoupled(existing) && existing.erpId !== erpId) {
    throw new RecordRefused(`This record is already coupled to ERP ${existing.erpEntity} ${existing.erpNumber}. Uncouple it first, then couple it again.`);
  }
  const other = (await readCouplings(ctx, byErpIdPaths(mapping, [erpId]))).filter((c) => isCoupled(c) && c.crmId !== crmId && c.crmTable === couplingTable(mapping));
  if (other.length) throw new RecordRefused(`${erpName.charAt(0).toUpperCase()}${erpName.slice(1)} is already coupled to another Sales record (${other[0].crmId}). Uncouple that one first.`);
  const side: Force = r.side ?? (flows(mapping.direction, 'fromErp') ? 'erp' : 'crm');
  const missing = await missingDependencies(ctx, mapping, side === 'crm' ? crm : null, side === 'erp' ? erp : null);
  if (missing.length) throw new RecordRefused(missing.join('\n'));
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
  if (run.counts.failed) throw new RecordRefused(`Coupled, but the first synchronisation failed: ${run.errorSummary ?? ''}`);
  return { message: `Coupled with ${erpName}; ${side === 'erp' ? 'the ERP' : 'Sales'} values applied (${run.counts.modified ? 'updated' : 'already equal'}).`, result: { couplingId: coupling.id, erpId, erpNumber: String(erp[mapping.erp.key] ?? '') } };
}

export async function createInErp(ctx: SyncContext, mapping: IntegrationMapping, r: RecordRequest): Promise<RecordResult> {
  if (!r.crmId) throw new RecordRefused('Say which Sales record to create in the ERP (crmId).');
  if (!flows(mapping.direction, 'toErp')) throw new RecordRefused(`Mapping ${mapping.name} only brings ERP records into Sales; it does not create ERP records. Create the record in the ERP, then couple it.`);
  const crm = await readCrm(ctx, mapping, r.crmId);
  const existing = await couplingOfCrm(ctx, couplingTable(mapping), r.crmId);
  if (existing && isCoupled(existing)) throw new RecordRefused(`This record is already coupled to ERP ${existing.erpEntity} ${existing.erpNumber}; nothing was created.`);
  const missing = await missingDependencies(ctx, mapping, crm, null);
  if (missing.length) throw new RecordRefused(missing.join('\n'));
  const sync = new MappingSync(ctx, mapping, new SyncResolver(ctx), 'retry', null, { allowCreate: true });
  await sync.crmPage([crm]);
  if (sync.counts.failed) throw new RecordRefused(firstError(sync, 'The ERP record could not be created.'));
  const after = await couplingOfCrm(ctx, couplingTable(mapping), r.crmId);
  if (!after || !isCoupled(after)) throw new RecordRefused('Nothing was created: the record is outside the mapping (its filter), or the mapping does not create records.');
  return {
    message: sync.counts.inserted ? `Created in the ERP as ${after.erpNumber} and coupled.` : `The ERP already had ${after.erpNumber} with the same number or name: coupled with it instead of creating a duplicate.`,
    result: { created: sync.counts.inserted > 0, erpId: after.erpId, erpNumber: after.erpNumber },
  };
}

export async function createInSales(ctx: SyncContext, mapping: IntegrationMapping, r: RecordRequest): Promise<RecordResult> {
  if (!flows(mapping.direction, 'fromErp')) throw new RecordRefused(`Mapping ${mapping.name} does not bring ERP records into Sales (for ${mapping.crm.table}, Sales is the source).`);
  const erp = await readErp(ctx, mapping, r);
  const missing = await missingDependencies(ctx, mapping, null, erp);
  if (missing.length) throw new RecordRefused(missing.join('\n'));
  const sync = new MappingSync(ctx, mapping, new SyncResolver(ctx), 'retry', null, { allowCreate: true });
  await sync.erpPage([erp]);
  if (sync.counts.failed) throw new RecordRefused(firstError(sync, 'The Sales record could not be created.'));
  const [c] = (await readCouplings(ctx, byErpIdPaths(mapping, [String(erp.id)]))).filter(isCoupled);
  if (!c) throw new RecordRefused('Nothing was created: the ERP record is outside the mapping (its filter).');
  return {
    message: sync.counts.inserted ? `Created in Sales and coupled with ${String(erp[mapping.erp.key])}.` : `Sales already had this record (same number or name): coupled with it instead of creating a duplicate.`,
    result: { created: sync.counts.inserted > 0, crmTable: mapping.crm.table, crmId: c.crmId },
  };
}

/** Removes the coupling and the ERP number the Sales record shows (account/product number columns). */
export async function uncouple(ctx: SyncContext, mapping: IntegrationMapping, r: RecordRequest): Promise<RecordResult> {
  if (!r.crmId) throw new RecordRefused('Say which Sales record to uncouple (crmId).');
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
  if (!r.crmId) throw new RecordRefused('Say which Sales record to synchronise (crmId).');
  if (!r.side) throw new RecordRefused('Choose which side wins: "erp" (the ERP values replace the Sales ones) or "crm" (the Sales values replace the ERP ones).');
  if (!flows(mapping.direction, r.side === 'erp' ? 'fromErp' : 'toErp')) {
    throw new RecordRefused(`Mapping ${mapping.name} does not carry values ${r.side === 'erp' ? 'from the ERP to Sales' : 'from Sales to the ERP'}; choose the other side.`);
  }
  const c = await couplingOfCrm(ctx, couplingTable(mapping), r.crmId);
  if (!c || !isCoupled(c)) throw new RecordRefused('The record is not coupled to an ERP record: couple it (or create it in the ERP) first.');
  const crm = await readCrm(ctx, mapping, r.crmId);
  const [erp] = await erpFindBy(ctx, mapping, 'id', [c.erpId]);
  const missing = await missingDependencies(ctx, mapping, r.side === 'crm' ? crm : null, r.side === 'erp' ? erp ?? null : null);
  if (missing.length) throw new RecordRefused(missing.join('\n'));
  const run = await runRetry(ctx, mapping, [c], r.side, 'retry');
  if (run.counts.failed) throw new RecordRefused(run.errorSummary ?? 'The synchronisation failed.');
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
