/**
 * A failure the connector understands: its class (transient → retry later, permanent → a person must act), the
 * user-facing messages (each already saying what to fix) and a fix hint. HttpErrors and unknown errors are turned
 * into one by `toFailure`, so every path ends with a clear text on the request row.
 */
import type { ErrorClass } from '../domain/retryPolicy';
import { HttpError, serviceLabel } from './http/httpClient';

export interface FailureMessage {
  code: string;
  params: Record<string, string | number | null | undefined>;
}

export class ConnectorFailure extends Error {
  constructor(
    readonly errorClass: ErrorClass,
    readonly messages: FailureMessage[],
    readonly hintCode: string,
    readonly retryAfterMs: number | null = null,
    /** The failure says something about the document itself (so the order is reopened for editing). */
    readonly documentProblem = false,
    detail?: string,
    /** In doubt (domain/inDoubt.ts): look again at this time, whatever the attempt count, keeping the window's start. */
    readonly inDoubt: { retryAt: Date; since: string } | null = null,
  ) {
    super(detail ?? messages.map((m) => m.code).join(', '));
    this.name = 'ConnectorFailure';
  }
}

/** Thrown when a claim lost the race: another process has the row. Not a failure: the row is simply skipped. */
export class ClaimLost extends Error {
  constructor(readonly requestId: string) {
    super(`request ${requestId} was claimed by another connector process`);
    this.name = 'ClaimLost';
  }
}

/**
 * Thrown when a claim is refused because another request for the same record and kind is live (the alternate key on
 * erp_livekey, domain/liveRequest.ts): this row is a duplicate and is ended without running.
 */
export class LiveConflict extends Error {
  constructor(readonly requestId: string) {
    super(`request ${requestId} duplicates a live request for the same record`);
    this.name = 'LiveConflict';
  }
}

export function toFailure(e: unknown): ConnectorFailure {
  if (e instanceof ConnectorFailure) return e;
  if (e instanceof HttpError) {
    const service = serviceLabel(e.service);
    if (e.errorClass === 'permanent' && e.service === 'bc' && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 403) {
      return new ConnectorFailure('permanent', [{ code: 'ERP_REJECTED', params: { message: e.message } }], 'HINT_FIX_ERP', null, false, e.message);
    }
    if (e.errorClass === 'permanent') {
      const code = e.service === 'dataverse' ? 'DATAVERSE_REJECTED' : 'ERP_REJECTED';
      return new ConnectorFailure('permanent', [{ code, params: { message: `${service} ${e.status}${e.code ? ` ${e.code}` : ''}: ${e.message}` } }], 'HINT_ADMIN', null, false, e.message);
    }
    return new ConnectorFailure('transient', [{ code: 'ERP_TRANSIENT', params: { service, message: e.status ? `${e.status}${e.code ? ` ${e.code}` : ''}: ${e.message}` : e.message } }], 'HINT_WAIT', e.retryAfterMs, false, e.message);
  }
  const message = e instanceof Error ? e.message : String(e);
  return new ConnectorFailure('transient', [{ code: 'ERP_TRANSIENT', params: { service: 'The connector', message } }], 'HINT_WAIT', null, false, message);
}
