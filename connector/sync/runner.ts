/**
 * Runs mappings: full (every record, resumable from the job's cursor), incremental (what changed since the
 * watermark, both ways, the integration user's own changes excluded) and retry (skipped records, one or all).
 * Pages stream through the engine, so memory does not grow with the number of records.
 */
import { erpCatalog, fieldDirection, flows, lookupValueColumn, type IntegrationMapping } from '../../domain/mappings';
import { CouplingColumns as K, Tables } from '../../domain/schema';
import { lit } from '../dataverse/client';
import type { Counts, SyncContext } from './context';
import { crmByIdsPaths, crmCount, crmPages, crmReadMany, crmTableDef } from './crmAccess';
import { couplingTable, entityFilter, isPendingCrm, isPendingErp, parseCouplings, pendingTables, type Coupling } from './couplings';
import { MappingSync, type Force, type Mode } from './engine';
import { erpCount, erpFindBy, erpPages, ErpRouteMissing, type ErpRow } from './erpAccess';
import type { JobLease } from './jobs';
import { syncOptionMapping } from './options';
import { SyncResolver } from './resolver';
import { odataString } from '../../domain/idempotency';

export interface RunResult {
  counts: Counts;
  errorSummary: string | null;
}

const stringKey = odataString;

function erpKeyFilter(mapping: IntegrationMapping, after: string): string {
  const f = erpCatalog[mapping.erp.entity]?.fields[mapping.erp.key];
  return `${mapping.erp.key} gt ${f?.type === 'guid' ? after : stringKey(after)}`;
}

function report(ctx: SyncContext, mapping: IntegrationMapping, phase: 'erp' | 'crm' | 'done', processed: number, total: number | null, sync: MappingSync): void {
  ctx.onProgress?.({ mapping: mapping.name, phase, processed, total, counts: { ...sync.counts } });
}

/**
 * Full synchronisation of one mapping: ERP → Sales (when it flows that way), then Sales → ERP for the Sales
 * records the first phase did not couple. The lease's watermark holds the phase and the last key done.
 */
export async function runFull(ctx: SyncContext, mapping: IntegrationMapping, lease: JobLease | null, resolver = new SyncResolver(ctx)): Promise<RunResult> {
  const sync = new MappingSync(ctx, mapping, resolver, 'full');
  if (lease) Object.assign(sync.counts, lease.job.counts);
  if (mapping.kind === 'option') {
    await syncOptionMapping(ctx, mapping, sync);
    report(ctx, mapping, 'done', 1, 1, sync);
    return { counts: sync.counts, errorSummary: sync.errorSummary() };
  }
  const cursor = lease?.job.watermark ?? null;
  const phaseB = cursor?.startsWith('B:') ?? false;
  const fromErp = flows(mapping.direction, 'fromErp');
  const toErp = flows(mapping.direction, 'toErp');
  const marker = fromErp ? couplingMarker(mapping) : null;
  const erpTotal = fromErp ? await erpCount(ctx, mapping) : 0;
  const crmTotal = toErp ? await crmCount(ctx, mapping, marker ? `${marker} eq null` : undefined) : 0;
  const total = (erpTotal ?? 0) + (crmTotal ?? 0) || null;
  let processed = lease ? Math.round(((lease.job.progress ?? 0) / 100) * (total ?? 0)) : 0;
  const save = async (watermark: string): Promise<void> => {
    if (!lease) return;
    const ok = await lease.progress(sync.counts, total ? (100 * processed) / total : 0, watermark, sync.errorSummary());
    if (!ok) throw new Error(`The job of mapping ${mapping.name} was taken over by another process; this one stops.`);
  };

  if (fromErp && !phaseB) {
    sync.erpPhaseRan = true;
    const keyset = mapping.erp.key !== 'id';
    const after = cursor?.startsWith('A:') ? cursor.slice(2) : null;
    for await (const page of erpPages(ctx, mapping, { orderby: `${mapping.erp.key} asc`, filter: keyset && after ? erpKeyFilter(mapping, after) : undefined })) {
      await sync.erpPage(page);
      processed += page.length;
      await save(`A:${String(page[page.length - 1][mapping.erp.key])}`.slice(0, 100));
      report(ctx, mapping, 'erp', processed, total, sync);
    }
  }
  if (fromErp) sync.erpPhaseRan = true;
  if (toErp) {
    const t = crmTableDef(mapping);
    const after = phaseB ? cursor!.slice(2) : null;
    // After the ERP phase, only Sales records without the ERP number column the coupling fills are left to do.
    const filter = [after ? `${t.primaryId} gt ${after}` : null, marker ? `${marker} eq null` : null].filter(Boolean).join(' and ') || undefined;
    for await (const page of crmPages(ctx, mapping, { orderby: `${t.primaryId} asc`, filter })) {
      await sync.crmPage(page);
      processed += page.length;
      await save(`B:${String(page[page.length - 1][t.primaryId])}`);
      report(ctx, mapping, 'crm', processed, total, sync);
    }
  }
  report(ctx, mapping, 'done', processed, total, sync);
  return { counts: sync.counts, errorSummary: sync.errorSummary() };
}

/** The Sales column that holds the coupled ERP number (account.erp_customernumber, product.erp_itemnumber), if any. */
export function couplingMarker(mapping: IntegrationMapping): string | null {
  const f = mapping.fields.find((x) => x.erp === mapping.erp.key && x.crm.startsWith('erp_') && fieldDirection(mapping, x) === 'fromErp');
  return f ? f.crm : null;
}

export interface Watermark {
  erp: string | null;
  crm: string | null;
}

export function parseWatermark(text: string | null): Watermark {
  const out: Watermark = { erp: null, crm: null };
  for (const part of (text ?? '').split(';')) {
    const [k, v] = part.split('=');
    if ((k === 'erp' || k === 'crm') && v && !Number.isNaN(Date.parse(v))) out[k] = v;
  }
  return out;
}

export const formatWatermark = (w: Watermark): string => `erp=${w.erp ?? ''};crm=${w.crm ?? ''}`;

/** Re-reads the last minute before a watermark: clocks of three machines are involved, and reading twice is harmless. */
export const OVERLAP_MS = 60_000;

/** Changes since the watermark, both ways. Returns the counts and the watermark for the next run. */
export async function runIncremental(ctx: SyncContext, mapping: IntegrationMapping, watermark: Watermark, resolver = new SyncResolver(ctx)): Promise<RunResult & { watermark: Watermark }> {
  const startedAt = new Date(ctx.s.now().getTime() - OVERLAP_MS).toISOString();
  const sync = new MappingSync(ctx, mapping, resolver, 'incremental');
  if (mapping.kind === 'option') {
    await syncOptionMapping(ctx, mapping, sync);
    return { counts: sync.counts, errorSummary: sync.errorSummary(), watermark: { erp: startedAt, crm: startedAt } };
  }
  const modifiedField = erpCatalog[mapping.erp.entity]?.modifiedField;
  let processed = 0;
  if (flows(mapping.direction, 'fromErp') && modifiedField && watermark.erp) {
    for await (const page of erpPages(ctx, mapping, { orderby: `${modifiedField} asc`, filter: `${modifiedField} gt ${watermark.erp}` })) {
      await sync.erpPage(page);
      processed += page.length;
      report(ctx, mapping, 'erp', processed, null, sync);
    }
  }
  if (flows(mapping.direction, 'toErp') && watermark.crm) {
    const filter = `modifiedon gt ${watermark.crm} and ${lookupValueColumn('modifiedby')} ne ${ctx.integrationUserId}`;
    for await (const page of crmPages(ctx, mapping, { orderby: 'modifiedon asc', filter })) {
      await sync.crmPage(page);
      processed += page.length;
      report(ctx, mapping, 'crm', processed, null, sync);
    }
  }
  report(ctx, mapping, 'done', processed, null, sync);
  return { counts: sync.counts, errorSummary: sync.errorSummary(), watermark: { erp: startedAt, crm: startedAt } };
}

/** Skipped couplings of a mapping (all, or the given coupling ids). */
export async function skippedCouplings(ctx: SyncContext, mapping: IntegrationMapping, couplingIds?: readonly string[]): Promise<Coupling[]> {
  const tables = [couplingTable(mapping), ...pendingTables(couplingTable(mapping))];
  const base = `statecode eq 0 and ${K.skipped} eq true and (${entityFilter(mapping.erp.entity)}) and (${tables.map((t) => `${K.crmTable} eq ${lit(t)}`).join(' or ')})`;
  const idFilter = couplingIds?.length ? ` and (${couplingIds.map((id) => `${Tables.coupling.primaryId} eq ${id}`).join(' or ')})` : '';
  const rows = await ctx.s.dv.list<Record<string, unknown>>(
    `${Tables.coupling.entitySet}?$select=${[Tables.coupling.primaryId, K.crmTable, K.crmId, K.erpEntity, K.erpId, K.erpNumber, K.lastSyncedOn, K.skipped, K.lastError].join(',')}&$filter=${encodeURIComponent(base + idFilter)}`,
  );
  return parseCouplings(rows);
}

/**
 * Retries skipped records: each goes through the synchronisation again, errors cleared when it passes, kept (with
 * the new error) when not. `force` chooses the side whose values win (Synchronize now).
 */
export async function runRetry(ctx: SyncContext, mapping: IntegrationMapping, couplings: readonly Coupling[], force: Force = null, mode: Mode = 'retry'): Promise<RunResult> {
  const resolver = new SyncResolver(ctx);
  const sync = new MappingSync(ctx, mapping, resolver, mode, force);
  if (mapping.kind === 'option') {
    await syncOptionMapping(ctx, mapping, sync);
    return { counts: sync.counts, errorSummary: sync.errorSummary() };
  }
  const fromErpSide = couplings.filter((c) => !isPendingCrm(c) && (force !== 'crm' || isPendingErp(c)));
  const fromCrmSide = couplings.filter((c) => isPendingCrm(c) || (force === 'crm' && !isPendingErp(c)));
  for (let i = 0; i < fromErpSide.length; i += ctx.erpPageSize) {
    const part = fromErpSide.slice(i, i + ctx.erpPageSize);
    const rows: ErpRow[] = await erpFindBy(ctx, mapping, 'id', part.map((c) => c.erpId));
    await sync.erpPage(rows);
    const found = new Set(rows.map((r) => String(r.id).toLowerCase()));
    sync.counts.failed += part.filter((c) => !found.has(c.erpId)).length;
  }
  for (let i = 0; i < fromCrmSide.length; i += ctx.crmPageSize) {
    const part = fromCrmSide.slice(i, i + ctx.crmPageSize);
    const rows = (await crmReadMany(ctx, crmByIdsPaths(mapping, part.map((c) => c.crmId)))).flat();
    sync.erpPhaseRan = false;
    await sync.crmPage(rows);
  }
  return { counts: sync.counts, errorSummary: sync.errorSummary() };
}

export { ErpRouteMissing };
