/// <reference types="powerapps-component-framework" />
/**
 * Asks the connector to refresh ERP data: queues an erp_integrationrequest exactly once (the shared rules of
 * domain/idempotency.ts, the same the command bar uses, so a control and a ribbon click in the same minute
 * share one request) and polls it until the connector marks it done. Behind an interface so tests replace it.
 */
import { IntegrationRequestColumns as C, RequestKind, RequestStatus, Tables } from '../../domain/schema';
import { decideSubmission, refreshKey, requestKeyFilter, type ExistingRequest } from '../../domain/idempotency';
import { classifyError } from './errors';
import type { RecordRef } from './pcfContext';

export type RefreshOutcome =
  | { status: 'succeeded' }
  | { status: 'failed'; error: string | null; fixHint: string | null }
  | { status: 'timedOut' }
  | { status: 'cancelled' }
  /** Someone else asked in this minute and their request is not readable by this user (Basic read depth). */
  | { status: 'alreadyRequested' };

export interface CancelSignal {
  cancelled: boolean;
}

export interface RefreshRequester {
  refresh(kind: RequestKind, target: RecordRef, signal: CancelSignal): Promise<RefreshOutcome>;
}

export interface PollTiming {
  intervalMs: number;
  timeoutMs: number;
}

export const DEFAULT_POLL_TIMING: PollTiming = { intervalMs: 2_000, timeoutMs: 60_000 };

const T = Tables.integrationRequest;
const keyKind = (kind: RequestKind) => (kind === RequestKind.refreshStatistics ? 'refreshstatistics' : 'refreshavailability');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WebApiRefreshRequester implements RefreshRequester {
  constructor(
    private readonly webAPI: ComponentFramework.WebApi,
    /** The signed-in user, recorded as the requester (context.userSettings.userId). */
    private readonly userId: string | null,
    private readonly timing: PollTiming = DEFAULT_POLL_TIMING,
    private readonly now: () => number = Date.now,
  ) {}

  async refresh(kind: RequestKind, target: RecordRef, signal: CancelSignal): Promise<RefreshOutcome> {
    const started = this.now();
    const requestId = await this.queue(kind, target, refreshKey(keyKind(kind), target.id, new Date(started)));
    if (requestId === null) return { status: 'alreadyRequested' };
    for (;;) {
      if (signal.cancelled) return { status: 'cancelled' };
      const row = await this.webAPI.retrieveRecord(T.logicalName, requestId, `?$select=${C.status},${C.lastError},${C.fixHint}`);
      const status = row[C.status] as number | undefined;
      if (status === RequestStatus.succeeded) return { status: 'succeeded' };
      if (status === RequestStatus.failed || status === RequestStatus.cancelled) {
        return { status: 'failed', error: (row[C.lastError] as string | null) ?? null, fixHint: (row[C.fixHint] as string | null) ?? null };
      }
      if (this.now() - started >= this.timing.timeoutMs) return { status: 'timedOut' };
      await sleep(this.timing.intervalMs);
    }
  }

  private async find(baseKey: string): Promise<ExistingRequest[]> {
    const result = await this.webAPI.retrieveMultipleRecords(T.logicalName, `?$select=${T.primaryId},${C.idempotencyKey},${C.status}&$filter=${requestKeyFilter(baseKey)}`);
    return result.entities.map((r) => ({ id: r[T.primaryId] as string, key: r[C.idempotencyKey] as string, status: r[C.status] as number | null }));
  }

  /**
   * Joins an open request, puts a failed one of this minute back in the queue, or creates one. Null when another
   * user's request of this minute holds the key and this user cannot read it.
   */
  private async queue(kind: RequestKind, target: RecordRef, baseKey: string): Promise<string | null> {
    const decision = decideSubmission(baseKey, await this.find(baseKey));
    if (decision.action === 'track') return decision.requestId;
    if (decision.action === 'retry') {
      try {
        await this.webAPI.updateRecord(T.logicalName, decision.requestId, { [C.status]: RequestStatus.pending, [C.nextAttemptAt]: null, [C.lastError]: null, [C.fixHint]: null, [C.completedOn]: null });
      } catch (e) {
        // Roles without Write on requests (availability users) cannot requeue it: report that failure as it is.
        if (classifyError(e).kind !== 'privilege') throw e;
      }
      return decision.requestId;
    }
    const record: ComponentFramework.WebApi.Entity = {
      [C.name]: `${kind === RequestKind.refreshStatistics ? 'Statistics' : 'Availability'} ${target.id}`,
      [C.kind]: kind,
      [C.status]: RequestStatus.pending,
      [C.targetTable]: target.table,
      [C.targetId]: target.id,
      [C.idempotencyKey]: decision.key,
    };
    if (this.userId) record[`${C.requestedBy}@odata.bind`] = `/systemusers(${this.userId.replace(/[{}]/g, '').toLowerCase()})`;
    try {
      return (await this.webAPI.createRecord(T.logicalName, record)).id;
    } catch (e) {
      // Another tab, a ribbon click or the connector won the race for this key: follow their request.
      if (classifyError(e).kind !== 'duplicateKey') throw e;
      const winner = (await this.find(baseKey)).find((r) => r.key === decision.key);
      return winner ? winner.id : null;
    }
  }
}
