/**
 * The schedule: every enabled mapping whose interval has passed reads what changed on both sides since its
 * watermark, in dependency order. Nothing runs while a full synchronisation is unfinished (it covers the same
 * records), and a mapping never fully synchronised has no watermark yet: it waits for the full run, which sets it.
 */
import { dependencyOrder, selectMappings, withDependencies } from '../../domain/mappings';
import { SyncJobColumns as J, SyncJobKind, Tables } from '../../domain/schema';
import { lit } from '../dataverse/client';
import { saveJob } from '../flows/syncState';
import type { Counts, SyncContext } from './context';
import { unfinishedJobs } from './jobs';
import { SyncResolver } from './resolver';
import { formatWatermark, parseWatermark, runIncremental } from './runner';
import { ErpRouteMissing } from './erpAccess';

export interface IncrementalSummary {
  ran: Record<string, Counts>;
  /** Mappings not run, with why. */
  notRun: Record<string, string>;
}

interface ScheduleRow {
  mapping: string;
  watermark: string | null;
  finishedOn: string | null;
}

async function scheduleRows(ctx: SyncContext, names: readonly string[]): Promise<Map<string, ScheduleRow>> {
  if (!names.length) return new Map();
  const filter = `${J.kind} eq ${SyncJobKind.incremental} and (${names.map((n) => `${J.mapping} eq ${lit(n)}`).join(' or ')})`;
  const rows = await ctx.s.dv.list<Record<string, unknown>>(`${Tables.syncJob.entitySet}?$select=${J.mapping},${J.watermark},${J.finishedOn}&$filter=${encodeURIComponent(filter)}`);
  return new Map(rows.map((r) => [String(r[J.mapping]), { mapping: String(r[J.mapping]), watermark: (r[J.watermark] as string | null) ?? null, finishedOn: (r[J.finishedOn] as string | null) ?? null }]));
}

export async function runIncrementalSync(ctx: SyncContext, options: { force?: boolean; names?: readonly string[] | null } = {}): Promise<IncrementalSummary> {
  const summary: IncrementalSummary = { ran: {}, notRun: {} };
  const open = await unfinishedJobs(ctx);
  const names = options.names?.length ? options.names : ctx.selection;
  const wanted = names?.length ? new Set(names.map((n) => n.toUpperCase())) : null;
  // The chosen mappings, with what they depend on (a customer needs its salesperson's coupling to be current).
  const mappings = wanted ? withDependencies(selectMappings(ctx.set), [...wanted]) : dependencyOrder(selectMappings(ctx.set));
  if (open.length) {
    for (const m of mappings) summary.notRun[m.name] = 'a full synchronisation is running';
    return summary;
  }
  const rows = await scheduleRows(ctx, mappings.map((m) => m.name));
  const resolver = new SyncResolver(ctx);
  for (const m of mappings) {
    const row = rows.get(m.name);
    const watermark = parseWatermark(row?.watermark ?? null);
    if (!watermark.erp && !watermark.crm) {
      summary.notRun[m.name] = 'never fully synchronised: run a full synchronisation first';
      continue;
    }
    const due = options.force || !row?.finishedOn || ctx.s.now().getTime() - Date.parse(row.finishedOn) >= m.intervalMinutes * 60_000;
    if (!due) {
      summary.notRun[m.name] = 'not due yet';
      continue;
    }
    const started = ctx.s.now();
    try {
      const result = await runIncremental(ctx, m, watermark, resolver);
      resolver.forget(m.name);
      summary.ran[m.name] = result.counts;
      await saveJob(ctx.s.dv, m.name, `Incremental · ${m.name}`, { ...result.counts, errors: result.errorSummary ? [result.errorSummary] : [] }, started, ctx.s.now(), formatWatermark(result.watermark));
    } catch (e) {
      const message = e instanceof ErpRouteMissing ? `The ERP does not offer ${m.erp.entity} (${e.message}).` : (e as Error).message;
      summary.notRun[m.name] = message;
      ctx.s.log.error('incremental synchronisation failed', { mapping: m.name, error: message });
      // The watermark stays: the next run reads the same changes again.
      await saveJob(ctx.s.dv, m.name, `Incremental · ${m.name}`, { inserted: 0, modified: 0, unchanged: 0, failed: 1, skipped: 0, errors: [message] }, started, ctx.s.now(), null).catch(() => undefined);
    }
  }
  return summary;
}
