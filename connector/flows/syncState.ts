/**
 * Watermarks and run counters of the scheduled jobs, kept on one `erp_syncjob` row per mapping (visible in the
 * "sync jobs" views): state, start/finish, counts of the last run, last error and the watermark the next run starts
 * from. Updating one row per mapping keeps the table small (a job every two minutes would otherwise add 720 rows a day).
 */
import { SyncJobColumns as J, SyncJobKind, SyncJobState, Tables } from '../../domain/schema';
import type { DataverseApi } from '../dataverse/client';
import { lit } from '../dataverse/client';
import { stableGuid } from '../ids';

export interface JobRun {
  inserted: number;
  modified: number;
  unchanged: number;
  failed: number;
  skipped: number;
  errors: string[];
}

export const newRun = (): JobRun => ({ inserted: 0, modified: 0, unchanged: 0, failed: 0, skipped: 0, errors: [] });

export function jobId(mapping: string): string {
  return stableGuid('syncjob', mapping);
}

/** Watermarks of several mappings in one read (missing rows: null). */
export async function readWatermarks(dv: DataverseApi, mappings: readonly string[]): Promise<Record<string, string | null>> {
  const filter = mappings.map((m) => `${J.mapping} eq ${lit(m)}`).join(' or ');
  const rows = await dv.list<Record<string, unknown>>(`${Tables.syncJob.entitySet}?$select=${J.mapping},${J.watermark}&$filter=${encodeURIComponent(filter)}`, 1);
  const out: Record<string, string | null> = Object.fromEntries(mappings.map((m) => [m, null]));
  for (const r of rows) out[String(r[J.mapping])] = (r[J.watermark] as string | null) ?? null;
  return out;
}

/** The upsert of a mapping's row after a run (by stable id, so two processes update the same row). */
export function jobUpsert(
  mapping: string,
  name: string,
  run: JobRun,
  startedOn: Date,
  finishedOn: Date,
  watermark: string | null,
  options: { kind?: number; state?: number } = {},
): { path: string; body: Record<string, unknown> } {
  const state = options.state ?? (run.failed > 0 ? (run.inserted + run.modified > 0 ? SyncJobState.completedWithErrors : SyncJobState.failed) : SyncJobState.succeeded);
  const body: Record<string, unknown> = {
    [J.name]: name.slice(0, 200),
    [J.mapping]: mapping,
    [J.kind]: options.kind ?? SyncJobKind.incremental,
    [J.state]: state,
    [J.inserted]: run.inserted,
    [J.modified]: run.modified,
    [J.unchanged]: run.unchanged,
    [J.failed]: run.failed,
    [J.skipped]: run.skipped,
    [J.progress]: 100,
    [J.startedOn]: startedOn.toISOString(),
    [J.finishedOn]: finishedOn.toISOString(),
    [J.lastError]: run.errors.length ? run.errors.join('\n').slice(0, 4000) : null,
  };
  if (watermark !== null) body[J.watermark] = watermark.slice(0, 100);
  return { path: `${Tables.syncJob.entitySet}(${jobId(mapping)})`, body };
}

export async function saveJob(dv: DataverseApi, ...args: Parameters<typeof jobUpsert>): Promise<void> {
  const u = jobUpsert(...args);
  await dv.upsert(u.path, u.body);
}

/** The later of two ISO timestamps (null-safe). */
export function later(a: string | null, b: string | null | undefined): string | null {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
