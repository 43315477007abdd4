/**
 * Scheduled jobs run once across replicas. Before a scheduled run, a replica claims that job's lease: one
 * `erp_syncjob` row per job (stable id, mapping `schedule:<job>`), whose `erp_watermark` holds
 * `<lease end ISO>|<instance>`. The claim is a PATCH with `If-Match` on the ETag just read (or a create with
 * `If-None-Match: *` the first time), so of several replicas reading the same free row exactly one write succeeds;
 * the others get 412 and skip this run. The lease lasts one interval from the claim: the next run, on whichever
 * replica ticks first after it ends, is one interval later. A replica that dies stops renewing; its lease simply ends.
 * The same row shows the last run (state, start, finish, error) in the "sync jobs" views. Queue workers take no
 * lease: every replica works the queue, each request claimed on its own row (queue/worker.ts).
 *
 * `decideClaim` decides (pure); `ScheduleLeases` does the two or three requests.
 */
import { SyncJobColumns as J, SyncJobKind, SyncJobState, Tables } from '../domain/schema';
import type { DataverseApi, Row } from './dataverse/client';
import { HttpError } from './http/httpClient';
import { stableGuid } from './ids';
import type { Logger } from './log';

export interface Lease {
  until: Date;
  holder: string;
}

/** `erp_watermark` → lease (null when the row holds none or something else). */
export function parseLease(watermark: unknown): Lease | null {
  if (typeof watermark !== 'string') return null;
  const bar = watermark.indexOf('|');
  if (bar < 0) return null;
  const until = new Date(watermark.slice(0, bar));
  return Number.isNaN(until.getTime()) ? null : { until, holder: watermark.slice(bar + 1) };
}

export function formatLease(lease: Lease): string {
  // erp_watermark holds 100 characters: the ISO time takes 24 and the separator 1.
  return `${lease.until.toISOString()}|${lease.holder.slice(0, 75)}`;
}

export type ClaimDecision = { claim: true; reason: 'free' | 'expired' } | { claim: false; reason: 'held'; holder: string; until: Date };

/**
 * Whether a replica may claim: when nobody holds the lease or it has ended. Its own unexpired lease counts as held
 * too: a replica ticking early (a webhook-woken run, a restart with the same instance id) must not run twice within
 * one interval either.
 */
export function decideClaim(current: Lease | null, now: Date): ClaimDecision {
  if (!current) return { claim: true, reason: 'free' };
  if (current.until.getTime() <= now.getTime()) return { claim: true, reason: 'expired' };
  return { claim: false, reason: 'held', holder: current.holder, until: current.until };
}

export const leaseRowId = (job: string): string => stableGuid('schedule-lease', job);

/** 412 (If-Match lost the race, or If-None-Match found the row) and Dataverse's duplicate-key answers. */
function lostRace(e: unknown): boolean {
  return e instanceof HttpError && (e.status === 412 || e.status === 409);
}

export class ScheduleLeases {
  /** Claims and skips, per job (health and tests). */
  readonly stats: Record<string, { claimed: number; skipped: number }> = {};
  /** When this replica's current lease of each job began: the time the interval is counted from, for its log line. */
  readonly claimedAt: Record<string, Date> = {};

  constructor(
    private readonly dv: DataverseApi,
    private readonly instance: string,
    private readonly now: () => Date,
    private readonly log: Logger,
  ) {}

  private count(job: string, key: 'claimed' | 'skipped'): void {
    (this.stats[job] ??= { claimed: 0, skipped: 0 })[key] += 1;
  }

  /** True when this replica holds the job's lease for the next `intervalMs` and should run it now. */
  async claim(job: string, intervalMs: number): Promise<boolean> {
    const id = leaseRowId(job);
    const set = Tables.syncJob.entitySet;
    const row = await this.dv.getOrNull<Row>(`${set}(${id})?$select=${J.watermark}`);
    const now = this.now();
    const decision = decideClaim(parseLease(row?.[J.watermark]), now);
    if (!decision.claim) {
      this.count(job, 'skipped');
      this.log.debug('scheduled run skipped: another replica holds the lease', { job, holder: decision.holder, until: decision.until.toISOString() });
      return false;
    }
    const body = {
      [J.name]: `Schedule: ${job}`,
      [J.mapping]: `schedule:${job}`,
      [J.kind]: SyncJobKind.incremental,
      [J.state]: SyncJobState.running,
      [J.startedOn]: now.toISOString(),
      [J.watermark]: formatLease({ until: new Date(now.getTime() + intervalMs), holder: this.instance }),
    };
    try {
      if (row) await this.dv.update(set, id, body, { ifMatch: row['@odata.etag'] ?? '*' });
      else await this.dv.upsert(`${set}(${id})`, body, { ifNoneMatch: true });
    } catch (e) {
      if (!lostRace(e)) throw e;
      this.count(job, 'skipped');
      this.log.debug('scheduled run skipped: another replica claimed the lease first', { job });
      return false;
    }
    this.count(job, 'claimed');
    this.claimedAt[job] = now;
    return true;
  }

  /** Records how the run ended on the lease row (the lease itself stays until its end). */
  async finish(job: string, outcome: { error: string | null }): Promise<void> {
    await this.dv.update(Tables.syncJob.entitySet, leaseRowId(job), {
      [J.state]: outcome.error ? SyncJobState.failed : SyncJobState.succeeded,
      [J.finishedOn]: this.now().toISOString(),
      [J.lastError]: outcome.error ? outcome.error.slice(0, 4000) : null,
    });
  }
}
