/**
 * The `erp_integrationrequest` row as the queue reads it, and the writes on it (claim, success, failure, log).
 * Every attempt appends one line to erp_log, so a user or admin can read on the row what happened when.
 */
import { IntegrationRequestColumns as C, RequestStatus, Tables } from '../../domain/schema';
import type { BatchOperation } from '../dataverse/batch';
import { liveKeyFor } from '../../domain/liveRequest';

export interface RequestRow {
  erp_integrationrequestid: string;
  '@odata.etag': string;
  erp_name?: string | null;
  erp_kind?: number | null;
  erp_status?: number | null;
  erp_targettable?: string | null;
  erp_targetid?: string | null;
  erp_payload?: string | null;
  erp_attempts?: number | null;
  erp_log?: string | null;
  erp_idempotencykey?: string | null;
  erp_startedon?: string | null;
  erp_claimedby?: string | null;
  erp_nextattemptat?: string | null;
  erp_livekey?: string | null;
  _erp_connectionid_value?: string | null;
  _erp_requestedby_value?: string | null;
  /** Set by Dataverse: who really created the row (erp_requestedby is what the client says). */
  _createdby_value?: string | null;
  /** Set by Dataverse when the row was created through impersonation: the real caller. */
  _createdonbehalfby_value?: string | null;
  /** Who last changed the row (and the real caller of that change): they ask for the request too. */
  _modifiedby_value?: string | null;
  _modifiedonbehalfby_value?: string | null;
  createdon?: string | null;
}

export const REQUEST_SELECT = [
  Tables.integrationRequest.primaryId,
  C.name,
  C.kind,
  C.status,
  C.targetTable,
  C.targetId,
  C.payload,
  C.attempts,
  C.log,
  C.idempotencyKey,
  C.startedOn,
  C.claimedBy,
  C.nextAttemptAt,
  C.liveKey,
  `_${C.connection}_value`,
  `_${C.requestedBy}_value`,
  '_createdby_value',
  '_createdonbehalfby_value',
  '_modifiedby_value',
  '_modifiedonbehalfby_value',
  'createdon',
].join(',');

/** erp_log holds 100,000 characters: keep the newest lines. */
export const LOG_MAX = 100_000;

export function appendLog(existing: string | null | undefined, lines: readonly string[]): string {
  const next = [existing ?? '', ...lines].filter((l) => l !== '').join('\n');
  if (next.length <= LOG_MAX) return next;
  const cut = next.slice(next.length - (LOG_MAX - 200));
  const firstBreak = cut.indexOf('\n');
  return `… (older lines removed to stay within ${LOG_MAX} characters)\n${firstBreak >= 0 ? cut.slice(firstBreak + 1) : cut}`;
}

export function logLine(now: Date, instanceId: string, attempt: number, text: string): string {
  return `${now.toISOString()} [${instanceId}] attempt ${attempt}: ${text}`;
}

/** `$filter` of rows ready to run: pending, retrying and due, or processing with an expired lease (a dead worker). */
export function readyFilter(now: Date, leaseMs: number, connectionId: string | null): string {
  const iso = now.toISOString();
  const expired = new Date(now.getTime() - leaseMs).toISOString();
  const ready =
    `(${C.status} eq ${RequestStatus.pending}` +
    ` or (${C.status} eq ${RequestStatus.retrying} and (${C.nextAttemptAt} le ${iso} or ${C.nextAttemptAt} eq null))` +
    ` or (${C.status} eq ${RequestStatus.processing} and (${C.startedOn} lt ${expired} or ${C.startedOn} eq null)))`;
  const mine = connectionId ? ` and (_${C.connection}_value eq ${connectionId} or _${C.connection}_value eq null)` : '';
  return `statecode eq 0 and ${ready}${mine}`;
}

export function listReadyPath(now: Date, leaseMs: number, connectionId: string | null, top: number): string {
  return `${Tables.integrationRequest.entitySet}?$select=${REQUEST_SELECT}&$filter=${encodeURIComponent(readyFilter(now, leaseMs, connectionId))}&$orderby=createdon asc&$top=${top}`;
}

/**
 * The claim: If-Match on the listed ETag (one process wins), and the live key (domain/liveRequest.ts) so that a
 * second live request for the same record and kind cannot be claimed, whatever its idempotency key.
 */
export function claimOperation(row: RequestRow, instanceId: string, now: Date, attempt: number): BatchOperation {
  const liveKey = liveKeyFor(row.erp_kind, row.erp_targetid);
  return {
    method: 'PATCH',
    url: `${Tables.integrationRequest.entitySet}(${row.erp_integrationrequestid})?$select=${Tables.integrationRequest.primaryId}`,
    headers: { 'If-Match': row['@odata.etag'], Prefer: 'return=representation' },
    body: {
      [C.status]: RequestStatus.processing,
      [C.claimedBy]: instanceId,
      [C.startedOn]: now.toISOString(),
      [C.attempts]: attempt,
      ...(liveKey ? { [C.liveKey]: liveKey } : {}),
    },
  };
}

export function finishOperation(row: RequestRow, etag: string, body: Record<string, unknown>): BatchOperation {
  return { method: 'PATCH', url: `${Tables.integrationRequest.entitySet}(${row.erp_integrationrequestid})`, headers: { 'If-Match': etag }, body };
}
