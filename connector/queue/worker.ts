/**
 * The request queue worker. Lists ready `erp_integrationrequest` rows, claims each with If-Match on its ETag (the
 * claim travels in the same $batch as the handler's first reads, so a lost race costs one request and reads
 * nothing), runs the handler for its kind and writes the outcome in one change set with the handler's own writes:
 * the ERP number on the order, the coupling, the timeline post and the request's final state commit together or
 * not at all.
 *
 * Crash safety: a claimed row carries erp_startedon; if its worker dies, the row becomes ready again when the
 * lease expires and another worker (or the restarted one) processes it. Handlers are idempotent (the submit flow
 * finds the ERP order by the number it carries), so nothing is lost and nothing is created twice.
 */
import { decideAfterFailure, type FailureDecision } from '../../domain/retryPolicy';
import { IntegrationRequestColumns as C, RequestStatus, Tables } from '../../domain/schema';
import { batchPartError } from '../dataverse/client';
import { HttpError } from '../http/httpClient';
import type { BatchOperation, BatchPart, BatchResult } from '../dataverse/batch';
import { postsChangeSet, retryPendingPosts, splitPosts } from './pendingPosts';
import { ClaimLost, ConnectorFailure, LiveConflict, toFailure } from '../errors';
import { isDuplicateKeyAnswer, liveKeyFor } from '../../domain/liveRequest';
import { text } from '../messages';
import { SimulatedCrash, type Services } from '../services';
import { authorizeOnClaim, RequestRefused } from './authorizeRequest';
import { requestProblem } from '../../domain/requestValidation';
import { LogLimiter } from './logLimiter';
import { appendLog, claimOperation, finishOperation, listReadyPath, logLine, type RequestRow } from './requestRow';

export interface HandlerContext {
  row: RequestRow;
  attempt: number;
  now: Date;
  lcid: number;
  services: Services;
  /** Claims the row and runs `reads` in the same $batch. Throws ClaimLost when another process has it. */
  claimAndRead(reads: BatchOperation[]): Promise<BatchResult[]>;
  /** Adds a line to this attempt's log on the row. */
  note(line: string): void;
  /** An ERP create was sent ('sent') or definitely refused ('refused'): decides whether a failure keeps the attempt's mark. */
  createSent(state: 'sent' | 'refused'): void;
}

export interface Outcome {
  summary: string;
  erpDocumentNumber?: string | null;
  erpDocumentId?: string | null;
  /** Writes committed with the request's success, in one change set. */
  ops: BatchOperation[];
  /** Replaces erp_payload on success: an answer the caller reads back (search results, connection test). */
  payload?: string;
}

export interface FailureInfo {
  decision: FailureDecision;
  failure: ConnectorFailure;
  message: string;
  hint: string;
}

export interface RequestHandler {
  kind: number;
  process(ctx: HandlerContext): Promise<Outcome>;
  /** Writes committed with the request's failure/retry (e.g. the error on the order). */
  failureOps?(ctx: HandlerContext, info: FailureInfo): BatchOperation[];
}

export type RowResult = 'succeeded' | 'failed' | 'retrying' | 'lost' | 'crashed' | 'unclaimed' | 'cancelled';

export interface WorkerStats {
  polls: number;
  processed: number;
  succeeded: number;
  failed: number;
  retrying: number;
  lost: number;
}

/** Dataverse's duplicate-key answer (HTTP 412, domain/liveRequest.ts). */
export function isDuplicate(r: BatchResult): boolean {
  return isDuplicateKeyAnswer(r.status, (r.body as { error?: { code?: string } } | null)?.error?.code);
}
const PENDING_POSTS_INTERVAL_MS = 60_000;

async function runPool<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}

export class QueueWorker {
  readonly stats: WorkerStats = { polls: 0, processed: 0, succeeded: 0, failed: 0, retrying: 0, lost: 0 };
  lastPollAt: Date | null = null;
  lastPollError: string | null = null;
  private readonly handlers = new Map<number, RequestHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly inFlight = new Set<string>();
  /** Repeated poll and claim errors are written once a minute with a count, not once per row and poll. */
  private readonly logLimiter = new LogLimiter();
  private lastPendingPostsAt: number | null = null;

  constructor(private readonly s: Services) {}

  register(handler: RequestHandler): void {
    this.handlers.set(handler.kind, handler);
  }

  start(): void {
    this.stopped = false;
    const tick = (): void => {
      if (this.stopped) return;
      this.wake();
      this.timer = setTimeout(tick, this.s.config.queue.pollIntervalMs);
      this.timer.unref?.();
    };
    tick();
  }

  /** Polls now (webhook, tests); coalesces with a poll already running. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const full = await this.pollOnce();
          if (full) this.again = true;
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Waits for the current poll and stops polling. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One poll: list ready rows, process them; returns true when the page was full (more may be waiting). */
  async pollOnce(): Promise<boolean> {
    const { config, dv, log } = this.s;
    this.stats.polls += 1;
    let rows: RequestRow[];
    try {
      await this.s.ref.ensureFresh();
      rows = await dv.list<RequestRow>(listReadyPath(this.s.now(), config.queue.leaseMs, this.s.ref.connectionId, config.queue.batchSize), 1);
      this.lastPollAt = this.s.now();
      this.lastPollError = null;
    } catch (e) {
      this.lastPollError = (e as Error).message;
      const gate = this.logLimiter.allow(`poll:${(e as Error).message}`);
      if (gate.write) log.error('queue poll failed', { error: (e as Error).message, ...(gate.suppressed ? { repeatedSinceLastLog: gate.suppressed } : {}) });
      return false;
    }
    rows = rows.filter((r) => !this.inFlight.has(r.erp_integrationrequestid));
    // A random order: side-by-side processes then rarely race for the same rows. When claims keep failing, the list
    // is stale (other processes took those rows): stop and list again rather than try every row of it.
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(this.s.random() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    let lost = 0;
    let stale = false;
    let progressed = 0;
    await runPool(rows, config.queue.concurrency, async (row) => {
      if (this.stopped || stale) return;
      const result = await this.processRow(row);
      if (result !== 'unclaimed') progressed += 1;
      if (result === 'lost' && ++lost >= config.queue.concurrency) stale = true;
    });
    await this.pendingPostsPass();
    // A full page of rows none of which could be claimed: wait for the next poll rather than spin on them.
    return progressed > 0 && (stale || rows.length >= config.queue.batchSize);
  }

  async processRow(row: RequestRow): Promise<RowResult> {
    const id = row.erp_integrationrequestid;
    this.inFlight.add(id);
    try {
      return await this.processClaimed(row);
    } finally {
      this.inFlight.delete(id);
    }
  }

  private async processClaimed(row: RequestRow): Promise<RowResult> {
    const { dv, log, config } = this.s;
    const now = this.s.now();
    // A pending row starts a round (new, or put back by Retry submission): attempts count within the round, the
    // log keeps the whole history. Retrying rows and rows of a dead worker continue their round.
    const attempt = row.erp_status === RequestStatus.pending ? 1 : (row.erp_attempts ?? 0) + 1;
    const lcid = this.s.ref.lcid;
    const notes: string[] = [];
    let etag: string | null = null;
    let create: 'none' | 'sent' | 'refused' = 'none';
    const rlog = log.child({ requestId: row.erp_integrationrequestid, kind: row.erp_kind, attempt });

    const ctx: HandlerContext = {
      row,
      attempt,
      now,
      lcid,
      services: this.s,
      note: (line) => notes.push(line),
      createSent: (state) => {
        create = state;
      },
      claimAndRead: async (reads) => {
        const results = await dv.batch([{ changeSet: [claimOperation(row, config.instanceId, now, attempt)] }, ...reads]);
        const claim = results[0];
        if (claim && isDuplicateKeyAnswer(claim.status, (claim.body as { error?: { code?: string } } | null)?.error?.code)) throw new LiveConflict(row.erp_integrationrequestid);
        if (!claim || claim.status === 412) throw new ClaimLost(row.erp_integrationrequestid);
        if (claim.status >= 400) throw batchPartError(claim, 'Claiming the request');
        etag = ((claim.body as Record<string, unknown> | null)?.['@odata.etag'] as string | undefined) ?? claim.headers['etag'] ?? '*';
        return results.slice(1);
      },
    };

    // Authorised against the requesting user's own rights when the handler claims the row, before it does anything
    // else (every handler claims first): authorizeRequest.ts.
    // Ending a row that cannot run (poisoned, refused before its claim) needs the claim only, not the authorisation.
    const claimOnly = ctx.claimAndRead;
    ctx.claimAndRead = authorizeOnClaim(ctx, ctx.claimAndRead);
    const handler = this.handlers.get(row.erp_kind ?? -1);
    try {
      const poison = requestProblem(row);
      if (poison) {
        // Nothing can make this row runnable: claim it alone and end it Failed, without the handler or its reads.
        await claimOnly([]);
        throw new ConnectorFailure('permanent', [{ code: 'PAYLOAD_INVALID', params: { problem: lcid === 1036 ? poison.problemFr : poison.problem } }], 'HINT_ADMIN', null, false, poison.problem);
      }
      if (!handler) {
        await ctx.claimAndRead([]);
        throw new ConnectorFailure('permanent', [{ code: 'UNKNOWN_KIND', params: { kind: row.erp_kind ?? '', version: config.version } }], 'HINT_ADMIN');
      }
      const outcome = await handler.process(ctx);
      if (etag === null) await ctx.claimAndRead([]);
      const finished = this.s.now();
      const body: Record<string, unknown> = {
        [C.status]: RequestStatus.succeeded,
        [C.completedOn]: finished.toISOString(),
        [C.lastError]: null,
        [C.fixHint]: null,
        [C.nextAttemptAt]: null,
        [C.liveKey]: null,
        [C.log]: appendLog(row.erp_log, [...notes.map((n) => logLine(finished, config.instanceId, attempt, n)), logLine(finished, config.instanceId, attempt, `succeeded: ${outcome.summary}`)]),
      };
      if (outcome.erpDocumentNumber !== undefined) body[C.erpDocumentNumber] = outcome.erpDocumentNumber;
      if (outcome.erpDocumentId !== undefined) body[C.erpDocumentId] = outcome.erpDocumentId;
      if (outcome.payload !== undefined) body[C.payload] = outcome.payload;
      // The write-back in its own change set; the timeline posts in a second one (never rolling the write-back back).
      const { writes, posts } = splitPosts(outcome.ops);
      if (posts.length) body[C.pendingPosts] = JSON.stringify(posts);
      const parts: BatchPart[] = [{ changeSet: [...writes, finishOperation(row, etag as unknown as string, body)] }];
      if (posts.length) parts.push(postsChangeSet(row.erp_integrationrequestid, posts));
      const results = await dv.batch(parts);
      const first = results.slice(0, writes.length + 1);
      const bad = first.find((r) => r.status >= 400) ?? (first.length < writes.length + 1 ? results[results.length - 1] : undefined);
      if (bad) {
        if (bad.status === 412 && !isDuplicate(bad)) {
          this.stats.lost += 1;
          rlog.warn('request changed while processing (lease expired and another worker took it); nothing written', {});
          return 'lost';
        }
        throw batchPartError(bad, 'Writing the result back to Dynamics 365');
      }
      const postBad = results.slice(writes.length + 1).find((r) => r.status >= 400);
      if (postBad) await this.postsRefused(row, body, postBad, rlog);
      this.stats.processed += 1;
      this.stats.succeeded += 1;
      rlog.info('request succeeded', { summary: outcome.summary, erpNumber: outcome.erpDocumentNumber ?? undefined });
      return 'succeeded';
    } catch (e) {
      if (e instanceof ClaimLost) {
        this.stats.lost += 1;
        rlog.debug('claim lost', {});
        return 'lost';
      }
      if (e instanceof LiveConflict) return this.endDuplicate(row, rlog);
      if (e instanceof SimulatedCrash) {
        rlog.warn('simulated crash: stopping without writing anything', {});
        return 'crashed';
      }
      if (etag === null && toFailure(e).errorClass === 'permanent') {
        // Refused before the claim (a read the claim's $batch carried was refused, a handler check): claim the row
        // alone and end it, or it would stay Pending and be tried again on every poll.
        try {
          await claimOnly([]);
        } catch (claimError) {
          if (claimError instanceof LiveConflict) return this.endDuplicate(row, rlog);
          if (claimError instanceof ClaimLost) return 'lost';
        }
      }
      if (etag === null) {
        // Not claimed (Dataverse unreachable while claiming): the row is untouched and will be listed again.
        const gate = this.logLimiter.allow(`claim:${(e as Error).message}`);
        if (gate.write) rlog.warn('could not claim the request', { error: (e as Error).message, ...(gate.suppressed ? { repeatedSinceLastLog: gate.suppressed } : {}) });
        return 'unclaimed';
      }
      // A refusal is written on the request only: no handler failure writes on a document the user may not touch.
      // The attempt's mark (erp_startedon) stays when a create may have happened; otherwise the failure clears it,
      // so the next attempt needs no lookup window (domain/inDoubt.ts).
      const keepMark = (create as 'none' | 'sent' | 'refused') === 'sent' || (e instanceof HttpError && e.inDoubt);
      return this.fail(ctx, e instanceof RequestRefused ? undefined : handler, etag, notes, e, rlog, keepMark);
    }
  }

  /**
   * The write-back landed but its timeline post did not: one that exists already (an earlier attempt wrote it) is
   * done; another stays in erp_pendingposts with a log line, and the pending-post pass writes it later, once.
   */
  private async postsRefused(row: RequestRow, body: Record<string, unknown>, bad: BatchResult, rlog: Services['log']): Promise<void> {
    const { dv, config } = this.s;
    const now = this.s.now();
    const exists = isDuplicate(bad);
    const line = exists ? 'timeline post already written by an earlier attempt; not posting twice' : `timeline post refused (${batchPartError(bad, 'Dataverse').message}); the result stands, the post is kept in erp_pendingposts and written later`;
    const patch: Record<string, unknown> = { [C.log]: appendLog(body[C.log] as string, [logLine(now, config.instanceId, row.erp_attempts ?? 0, line)]) };
    if (exists) patch[C.pendingPosts] = null;
    await dv.batch([{ changeSet: [{ method: 'PATCH', url: `${Tables.integrationRequest.entitySet}(${row.erp_integrationrequestid})`, body: patch }] }]).catch((e: unknown) => {
      rlog.warn('could not note the refused post on the request', { error: (e as Error).message });
    });
    if (exists) rlog.info(line, {});
    else rlog.warn('timeline post refused; kept on the request for a later pass', { status: bad.status });
  }

  /** Writes timeline posts left pending by refused posts, at most once a minute (the first poll only starts the clock). */
  private async pendingPostsPass(): Promise<void> {
    const now = this.s.now();
    if (this.lastPendingPostsAt === null) {
      this.lastPendingPostsAt = now.getTime();
      return;
    }
    if (now.getTime() - this.lastPendingPostsAt < PENDING_POSTS_INTERVAL_MS) return;
    this.lastPendingPostsAt = now.getTime();
    try {
      const r = await retryPendingPosts(this.s.dv, this.s.config.instanceId, now);
      if (r.written || r.missing) this.s.log.info('pending timeline posts', r);
    } catch (e) {
      const gate = this.logLimiter.allow(`posts:${(e as Error).message}`);
      if (gate.write) this.s.log.warn('pending timeline posts could not be written', { error: (e as Error).message });
    }
  }

  /**
   * A row whose claim the live key refused: another request for the same record and kind is live and does the work.
   * This one ends Cancelled, saying which request to follow; nothing was run, so nothing is sent twice.
   */
  private async endDuplicate(row: RequestRow, rlog: Services['log']): Promise<RowResult> {
    const { dv, config } = this.s;
    const now = this.s.now();
    let other: string | null = null;
    try {
      const key = liveKeyFor(row.erp_kind, row.erp_targetid);
      const holder = key ? (await dv.list<{ erp_name?: string; erp_integrationrequestid: string }>(`${Tables.integrationRequest.entitySet}?$select=erp_name&$filter=${encodeURIComponent(`${C.liveKey} eq '${key}'`)}`, 1))[0] : undefined;
      other = holder ? `${holder.erp_name ?? ''} ${holder.erp_integrationrequestid}`.trim() : null;
    } catch {
      other = null;
    }
    if (other === null) {
      // The live request ended meanwhile (or could not be read): leave this row as it is; the next poll claims it.
      this.stats.lost += 1;
      return 'lost';
    }
    const message = text('ANOTHER_REQUEST_LIVE', { other }, this.s.ref.lcid);
    const body: Record<string, unknown> = {
      [C.status]: RequestStatus.cancelled,
      [C.completedOn]: now.toISOString(),
      [C.lastError]: message.slice(0, 4000),
      [C.nextAttemptAt]: null,
      [C.log]: appendLog(row.erp_log, [logLine(now, config.instanceId, row.erp_attempts ?? 0, `not run: ${message}`)]),
    };
    const results = await dv.batch([{ changeSet: [finishOperation(row, row['@odata.etag'], body)] }]).catch(() => null);
    if (!results || results.some((r) => r.status >= 400)) {
      this.stats.lost += 1;
      return 'lost';
    }
    this.stats.processed += 1;
    rlog.info('duplicate of a live request for the same record: cancelled without running', { other });
    return 'cancelled';
  }

  private async fail(ctx: HandlerContext, handler: RequestHandler | undefined, etag: string, notes: string[], e: unknown, rlog: Services['log'], keepMark = true): Promise<RowResult> {
    const { dv, config } = this.s;
    const failure = toFailure(e);
    const now = this.s.now();
    // In doubt: look again at the flow's time whatever the attempt count; never given up while a create may land.
    const decision: FailureDecision = failure.inDoubt
      ? { status: 'retrying', nextAttemptAt: failure.inDoubt.retryAt, delayMs: Math.max(0, failure.inDoubt.retryAt.getTime() - now.getTime()) }
      : decideAfterFailure(ctx.attempt, failure.errorClass, config.queue.retry, now, this.s.random, failure.retryAfterMs);
    const lcid = ctx.lcid;
    const fmtTime = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
    let messages = failure.messages.map((m) =>
      text(m.code, { ...m.params, attempt: ctx.attempt, max: config.queue.retry.maxAttempts, next: decision.status === 'retrying' ? fmtTime(decision.nextAttemptAt) : '' }, lcid),
    );
    let hintCode = failure.hintCode;
    if (decision.status === 'failed' && decision.reason === 'attemptsExhausted') {
      messages = failure.messages.map((m) => text('ERP_ATTEMPTS_EXHAUSTED', { service: String(m.params.service ?? 'The ERP'), attempts: ctx.attempt, message: String(m.params.message ?? '') }, lcid));
      hintCode = 'HINT_RETRY_LATER';
    }
    const message = messages.join('\n');
    const hint = text(hintCode, {}, lcid);
    const info: FailureInfo = { decision, failure, message, hint };
    const status = decision.status === 'retrying' ? RequestStatus.retrying : RequestStatus.failed;
    const body: Record<string, unknown> = {
      [C.status]: status,
      [C.lastError]: message.slice(0, 4000),
      [C.fixHint]: hint.slice(0, 2000),
      [C.nextAttemptAt]: decision.status === 'retrying' ? decision.nextAttemptAt.toISOString() : null,
      [C.log]: appendLog(ctx.row.erp_log, [
        ...notes.map((n) => logLine(now, config.instanceId, ctx.attempt, n)),
        logLine(now, config.instanceId, ctx.attempt, `${decision.status === 'retrying' ? `will retry at ${decision.nextAttemptAt.toISOString()}` : 'failed'} (${failure.errorClass}): ${message}${failure.message && !message.includes(failure.message) ? ` [${failure.message}]` : ''}`),
      ]),
    };
    if (decision.status === 'failed') {
      body[C.completedOn] = now.toISOString();
      body[C.liveKey] = null;
    }
    // The attempt's mark: kept from the start of the in-doubt window, or when a create was sent; cleared otherwise.
    // Without a create of its own, the attempt hands on the mark it found (an earlier attempt's create may still
    // land), or none.
    if (failure.inDoubt) body[C.startedOn] = failure.inDoubt.since;
    else if (!keepMark) body[C.startedOn] = ctx.row.erp_startedon ?? null;
    let ops: BatchOperation[] = [];
    try {
      ops = handler?.failureOps?.(ctx, info) ?? [];
    } catch (err) {
      rlog.error('failureOps threw', { error: (err as Error).message });
    }
    try {
      const results = await dv.batch([{ changeSet: [...ops, finishOperation(ctx.row, etag, body)] }]);
      const bad = results.find((r) => r.status >= 400);
      if (bad && ops.length > 0 && bad.status >= 400 && bad.status < 500 && bad.status !== 412) {
        // The handler's own writes were refused (e.g. a state Dataverse does not allow): still record the failure.
        rlog.error('failure writes refused; recording the failure on the request only', { status: bad.status, error: batchPartError(bad, 'failure writes').message });
        body[C.log] = appendLog(body[C.log] as string, [logLine(now, config.instanceId, ctx.attempt, `could not update the document: ${batchPartError(bad, 'Dataverse').message}`)]);
        const retry = await dv.batch([{ changeSet: [finishOperation(ctx.row, etag, body)] }]);
        const bad2 = retry.find((r) => r.status >= 400);
        if (bad2) throw batchPartError(bad2, 'Writing the failure back');
      } else if (bad) throw batchPartError(bad, 'Writing the failure back');
    } catch (err) {
      rlog.error('could not write the failure; the lease will expire and the request will run again', { error: (err as Error).message });
      return 'unclaimed';
    }
    this.stats.processed += 1;
    if (status === RequestStatus.retrying) this.stats.retrying += 1;
    else this.stats.failed += 1;
    rlog[status === RequestStatus.retrying ? 'warn' : 'error']('request ' + (status === RequestStatus.retrying ? 'will be retried' : 'failed'), {
      errorClass: failure.errorClass,
      error: failure.message,
      nextAttemptAt: decision.status === 'retrying' ? decision.nextAttemptAt.toISOString() : undefined,
    });
    return status === RequestStatus.retrying ? 'retrying' : 'failed';
  }
}
