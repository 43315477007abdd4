/**
 * Full-synchronisation jobs in `erp_syncjob`: one row per mapping per run, created queued, claimed with If-Match
 * (two connector processes never run the same job), updated after every page with counts, progress and the
 * cursor to resume from (erp_watermark), finished with the state and the first errors. A job whose process died
 * stops being updated; after the lease it is claimed again and resumes from its cursor.
 *
 * Incremental runs keep one row per mapping (connector/flows/syncState.ts, shared with the other scheduled
 * jobs): its watermark says from when the next run reads changes.
 */
import { SyncJobColumns as J, SyncJobKind, SyncJobState, Tables } from '../../domain/schema';
import type { BatchOperation } from '../dataverse/batch';
import { batchPartError, lit } from '../dataverse/client';
import { stableGuid } from '../ids';
import { zeroCounts, type Counts, type SyncContext } from './context';

export const FULL_PREFIX = 'Full synchronisation';
export const LEASE_MS = 10 * 60_000;

export interface FullJob {
  id: string;
  etag: string;
  run: string;
  mapping: string;
  state: number;
  counts: Counts;
  progress: number;
  watermark: string | null;
  startedOn: string | null;
  modifiedOn: string | null;
}

const SELECT = [Tables.syncJob.primaryId, J.name, J.mapping, J.kind, J.state, J.inserted, J.modified, J.unchanged, J.failed, J.skipped, J.progress, J.watermark, J.startedOn, 'modifiedon'].join(',');

export const jobName = (run: string, mapping: string): string => `${FULL_PREFIX} ${run} · ${mapping}`;
export const runOfName = (name: string): string => name.slice(FULL_PREFIX.length + 1).split(' · ')[0];

function fromRow(r: Record<string, unknown>): FullJob {
  return {
    id: String(r[Tables.syncJob.primaryId]),
    etag: String(r['@odata.etag'] ?? '*'),
    run: runOfName(String(r[J.name] ?? '')),
    mapping: String(r[J.mapping] ?? ''),
    state: Number(r[J.state]),
    counts: { inserted: Number(r[J.inserted] ?? 0), modified: Number(r[J.modified] ?? 0), unchanged: Number(r[J.unchanged] ?? 0), failed: Number(r[J.failed] ?? 0), skipped: Number(r[J.skipped] ?? 0) },
    progress: Number(r[J.progress] ?? 0),
    watermark: (r[J.watermark] as string | null) ?? null,
    startedOn: (r[J.startedOn] as string | null) ?? null,
    modifiedOn: (r.modifiedon as string | null) ?? null,
  };
}

/** Creates the queued jobs of a new run (one change set: all or nothing). */
export async function createRun(ctx: SyncContext, mappings: readonly string[]): Promise<{ run: string; jobs: FullJob[] }> {
  const run = ctx.s.now().toISOString();
  const ops: BatchOperation[] = mappings.map((mapping) => ({
    method: 'POST',
    url: Tables.syncJob.entitySet,
    body: {
      [Tables.syncJob.primaryId]: stableGuid('erp-link-fullsync', run, mapping),
      [J.name]: jobName(run, mapping).slice(0, 200),
      [J.mapping]: mapping,
      [J.kind]: SyncJobKind.full,
      [J.state]: SyncJobState.queued,
      [J.inserted]: 0,
      [J.modified]: 0,
      [J.unchanged]: 0,
      [J.failed]: 0,
      [J.skipped]: 0,
      [J.progress]: 0,
    },
  }));
  const results = await ctx.s.dv.batch([{ changeSet: ops }]);
  const bad = results.find((r) => r.status >= 400);
  if (bad) throw batchPartError(bad, 'Creating the full synchronisation jobs');
  return { run, jobs: await runJobs(ctx, run) };
}

export async function runJobs(ctx: SyncContext, run: string): Promise<FullJob[]> {
  const rows = await ctx.s.dv.list<Record<string, unknown>>(
    `${Tables.syncJob.entitySet}?$select=${SELECT}&$filter=${encodeURIComponent(`${J.kind} eq ${SyncJobKind.full} and startswith(${J.name},${lit(`${FULL_PREFIX} ${run} `)})`)}`,
  );
  return rows.map(fromRow);
}

/** Jobs of full runs not finished: queued, or running (live or abandoned). Oldest run first. */
export async function unfinishedJobs(ctx: SyncContext): Promise<FullJob[]> {
  const rows = await ctx.s.dv.list<Record<string, unknown>>(
    `${Tables.syncJob.entitySet}?$select=${SELECT}&$filter=${encodeURIComponent(`${J.kind} eq ${SyncJobKind.full} and (${J.state} eq ${SyncJobState.queued} or ${J.state} eq ${SyncJobState.running})`)}&$orderby=createdon asc`,
  );
  return rows.map(fromRow);
}

export function isAbandoned(job: FullJob, now: Date): boolean {
  return job.state === SyncJobState.running && !!job.modifiedOn && now.getTime() - Date.parse(job.modifiedOn) > LEASE_MS;
}

export const isFinished = (job: FullJob): boolean => job.state !== SyncJobState.queued && job.state !== SyncJobState.running;

/** A job this process holds: every write checks it still holds it (If-Match on the ETag it got). */
export class JobLease {
  lost = false;
  constructor(
    private readonly ctx: SyncContext,
    readonly job: FullJob,
  ) {}

  private async patch(body: Record<string, unknown>): Promise<boolean> {
    const results = await this.ctx.s.dv.batch([
      { changeSet: [{ method: 'PATCH', url: `${Tables.syncJob.entitySet}(${this.job.id})?$select=${J.state}`, headers: { 'If-Match': this.job.etag, Prefer: 'return=representation' }, body }] },
    ]);
    const r = results[0];
    if (!r || r.status === 412) {
      this.lost = true;
      return false;
    }
    if (r.status >= 400) throw batchPartError(r, 'Updating the synchronisation job');
    this.job.etag = String((r.body as Record<string, unknown> | null)?.['@odata.etag'] ?? r.headers.etag ?? '*');
    return true;
  }

  /** Claims a queued or abandoned job. False when another process got it first. */
  async claim(): Promise<boolean> {
    const now = this.ctx.s.now().toISOString();
    return this.patch({ [J.state]: SyncJobState.running, ...(this.job.startedOn ? {} : { [J.startedOn]: now }), [J.finishedOn]: null });
  }

  async progress(counts: Counts, progress: number, watermark: string | null, lastError: string | null): Promise<boolean> {
    return this.patch({ ...countColumns(counts), [J.progress]: Math.max(0, Math.min(100, Math.round(progress * 100) / 100)), [J.watermark]: watermark, [J.lastError]: lastError ? lastError.slice(0, 4000) : null });
  }

  async patchState(state: number, lastError: string | null): Promise<boolean> {
    return this.patch({ [J.state]: state, [J.lastError]: lastError });
  }

  async finish(counts: Counts, lastError: string | null, crashed: string | null = null): Promise<boolean> {
    const state = crashed ? SyncJobState.failed : counts.failed > 0 ? SyncJobState.completedWithErrors : SyncJobState.succeeded;
    return this.patch({
      ...countColumns(counts),
      [J.state]: state,
      [J.progress]: crashed ? undefined : 100,
      [J.finishedOn]: this.ctx.s.now().toISOString(),
      [J.watermark]: crashed ? undefined : 'done',
      [J.lastError]: [crashed, lastError].filter(Boolean).join('\n').slice(0, 4000) || null,
    });
  }
}

function countColumns(c: Counts): Record<string, number> {
  return { [J.inserted]: c.inserted, [J.modified]: c.modified, [J.unchanged]: c.unchanged, [J.failed]: c.failed, [J.skipped]: c.skipped };
}

export { zeroCounts };
