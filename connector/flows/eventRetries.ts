/**
 * ERP events that failed for one order, kept apart so they never stop the others (issue 13 item 3).
 *
 * A write Dataverse refuses for one order (a missing privilege, a record changed by hand, a rule) used to keep the
 * events watermark, so every later run re-read a growing window and failed again, for every order. Now the
 * watermark moves for everyone; each failing ERP order gets one erp_syncjob row (mapping
 * `erp-events:retry:<ERP order number>`, state Failed): its attempts (erp_failed), the last error (erp_lasterror),
 * the first failure (erp_startedon) and when to try again (erp_watermark, backoff of the queue's retry policy,
 * capped, never given up: an admin fixes the cause and the next due run goes through). Due orders are read again
 * by number, whatever their lastModifiedDateTime; when they go through, the row is deleted. The order's coupling
 * row carries the same error (erp_lasterror), its submission request's log gets a line (erpEvents.ts), and the
 * setup page lists them.
 */
import { RETRY_PREFIX, type EventRetry } from '../../domain/eventRetries';
import { CouplingColumns as K, SyncJobColumns as J, SyncJobKind, SyncJobState, Tables } from '../../domain/schema';
import type { BatchOperation } from '../dataverse/batch';
import type { DataverseApi } from '../dataverse/client';
import { lit } from '../dataverse/client';
import { couplingKeyPath } from './common';
import { jobId } from './syncState';

export { RETRY_PREFIX, isDue, nextRetry, type EventRetry } from '../../domain/eventRetries';

export async function readRetries(dv: DataverseApi): Promise<Map<string, EventRetry>> {
  const rows = await dv.list<Record<string, unknown>>(
    `${Tables.syncJob.entitySet}?$select=${J.mapping},${J.failed},${J.watermark},${J.startedOn},${J.lastError}&$filter=${encodeURIComponent(`startswith(${J.mapping},${lit(RETRY_PREFIX)})`)}`,
    5,
  );
  const out = new Map<string, EventRetry>();
  for (const r of rows) {
    const erpNumber = String(r[J.mapping]).slice(RETRY_PREFIX.length);
    out.set(erpNumber, {
      erpNumber,
      attempts: Number(r[J.failed] ?? 0),
      nextAttemptAt: String(r[J.watermark] ?? new Date(0).toISOString()),
      firstFailedOn: String(r[J.startedOn] ?? ''),
      lastError: String(r[J.lastError] ?? ''),
    });
  }
  return out;
}

/** The writes that record a failure: the retry row and the error on the order's coupling (only if it exists). */
export function failureOps(r: EventRetry, orderId: string | null, now: Date): BatchOperation[] {
  const text = `ERP events for ${r.erpNumber} failed (attempt ${r.attempts}; next try after ${r.nextAttemptAt}): ${r.lastError}`;
  const ops: BatchOperation[] = [
    {
      method: 'PATCH',
      url: `${Tables.syncJob.entitySet}(${jobId(RETRY_PREFIX + r.erpNumber)})`,
      body: {
        [J.name]: `ERP events waiting for a retry: ${r.erpNumber}`.slice(0, 200),
        [J.mapping]: RETRY_PREFIX + r.erpNumber,
        [J.kind]: SyncJobKind.incremental,
        [J.state]: SyncJobState.failed,
        [J.failed]: r.attempts,
        [J.startedOn]: r.firstFailedOn,
        [J.finishedOn]: now.toISOString(),
        // The bare error: attempts and the next try have their own columns, and the setup page shows this text
        // to an admin (no wrapper repeating an ISO instant).
        [J.lastError]: r.lastError.slice(0, 4000),
        [J.watermark]: r.nextAttemptAt,
      },
    },
  ];
  if (orderId) ops.push({ method: 'PATCH', url: couplingKeyPath('salesorder', orderId), body: { [K.lastError]: text.slice(0, 4000) }, headers: { 'If-Match': '*' } });
  return ops;
}

/** The writes that clear a recovered order: its retry row and the error on its coupling. */
export function recoveredOps(erpNumber: string, orderId: string | null): BatchOperation[] {
  const ops: BatchOperation[] = [{ method: 'DELETE', url: `${Tables.syncJob.entitySet}(${jobId(RETRY_PREFIX + erpNumber)})` }];
  if (orderId) ops.push({ method: 'PATCH', url: couplingKeyPath('salesorder', orderId), body: { [K.lastError]: null }, headers: { 'If-Match': '*' } });
  return ops;
}
