/// <reference types="powerapps-component-framework" />
/**
 * Asks the connector to refresh ERP data: creates an erp_integrationrequest and polls it until the connector
 * marks it done. Behind an interface so that component tests replace it.
 */
import { IntegrationRequestColumns as C, RequestKind, RequestStatus, Tables } from '../../domain/schema';
import { classifyError } from './errors';
import type { RecordRef } from './pcfContext';

export type RefreshOutcome =
  | { status: 'succeeded' }
  | { status: 'failed'; error: string | null; fixHint: string | null }
  | { status: 'timedOut' }
  | { status: 'cancelled' };

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
/** Clicks within this window share one request (two tabs, a double click): nothing is asked twice. */
export const IDEMPOTENCY_WINDOW_MS = 60_000;

const kindNames = Object.fromEntries(Object.entries(RequestKind).map(([name, value]) => [value, name])) as Record<number, string>;

export function idempotencyKey(kind: RequestKind, target: RecordRef, now: number): string {
  return `${kindNames[kind] ?? kind}:${target.table}:${target.id}:${Math.floor(now / IDEMPOTENCY_WINDOW_MS)}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const escapeODataString = (s: string) => s.replace(/'/g, "''");

export class WebApiRefreshRequester implements RefreshRequester {
  constructor(
    private readonly webAPI: ComponentFramework.WebApi,
    private readonly timing: PollTiming = DEFAULT_POLL_TIMING,
    private readonly now: () => number = Date.now,
  ) {}

  async refresh(kind: RequestKind, target: RecordRef, signal: CancelSignal): Promise<RefreshOutcome> {
    const started = this.now();
    const requestId = await this.create(kind, target, idempotencyKey(kind, target, started));
    for (;;) {
      if (signal.cancelled) return { status: 'cancelled' };
      const row = await this.webAPI.retrieveRecord(Tables.integrationRequest.logicalName, requestId, `?$select=${C.status},${C.lastError},${C.fixHint}`);
      const status = row[C.status] as number | undefined;
      if (status === RequestStatus.succeeded) return { status: 'succeeded' };
      if (status === RequestStatus.failed || status === RequestStatus.cancelled) {
        return { status: 'failed', error: (row[C.lastError] as string | null) ?? null, fixHint: (row[C.fixHint] as string | null) ?? null };
      }
      if (this.now() - started >= this.timing.timeoutMs) return { status: 'timedOut' };
      await sleep(this.timing.intervalMs);
    }
  }

  /** Creates the request, or finds the one another click in the same window already created. */
  private async create(kind: RequestKind, target: RecordRef, key: string): Promise<string> {
    const table = Tables.integrationRequest;
    try {
      const created = await this.webAPI.createRecord(table.logicalName, {
        [C.name]: `${kindNames[kind] ?? kind} ${target.table} ${target.id}`,
        [C.kind]: kind,
        [C.status]: RequestStatus.pending,
        [C.targetTable]: target.table,
        [C.targetId]: target.id,
        [C.idempotencyKey]: key,
      });
      return created.id;
    } catch (e) {
      if (classifyError(e).kind !== 'duplicateKey') throw e;
      const existing = await this.webAPI.retrieveMultipleRecords(
        table.logicalName,
        `?$select=${table.primaryId}&$filter=${C.idempotencyKey} eq '${escapeODataString(key)}'`,
        1,
      );
      const id = existing.entities[0]?.[table.primaryId] as string | undefined;
      if (!id) throw e;
      return id;
    }
  }
}
