/**
 * An order marked submitted with no live request and no ERP number (issue 15, path 3): the browser sets the order
 * Submitted / Queued, then creates the request; if the tab closed in between, or the create and the revert both
 * failed, nothing would ever send it. Such an order is *orphaned* once the grace period has passed (the browser
 * creates the request right after the state, so a younger order may simply be mid-submission).
 * Pure: the pick-up job reads the candidates and the live requests, this decides.
 */
import { liveKeyFor } from './liveRequest';
import { normalizeId } from './orderValidation';
import { RequestKind, RequestStatus, SubmissionStatus } from './schema';
import { SalesOrderState } from './dataverseCodes';

/** How long after "Submitted" an order without a request counts as orphaned. */
export const ORPHAN_GRACE_MS = 2 * 60_000;

export interface OrphanCandidate {
  salesorderid: string;
  erp_submittedon?: string | null;
}

/** The `$filter` instant before which a submitted order without a request is orphaned. */
export function orphanCutoff(now: Date, graceMs = ORPHAN_GRACE_MS): string {
  return new Date(now.getTime() - graceMs).toISOString();
}

/** The candidates with no live submit request (`liveKeys`: the live keys that exist). */
export function orphanedOrders<T extends OrphanCandidate>(candidates: readonly T[], liveKeys: ReadonlySet<string>): T[] {
  return candidates.filter((c) => {
    const key = liveKeyFor(RequestKind.submitOrder, normalizeId(c.salesorderid));
    return key !== null && !liveKeys.has(key);
  });
}

export interface OrderSubmissionState {
  statecode: number | null;
  submissionStatus: number | null;
  erpNumber: string | null;
}

/**
 * The form's "Resubmit to ERP" (recovery of an orphaned order): the order is marked submitted (Submitted state or
 * submission status Queued), it is not in the ERP, its last submission did not fail (Retry submission covers that),
 * and no live submit request exists. Re-queuing is then safe: the live key (erp_livekey) refuses a second live
 * request whatever happens meanwhile, and the ERP lookup by the order number finds an ERP order that exists.
 */
export function needsRecovery(order: OrderSubmissionState, hasLiveRequest: boolean): boolean {
  const status = order.submissionStatus;
  return !hasLiveRequest && !order.erpNumber && (status === SubmissionStatus.queued || (order.statecode === SalesOrderState.submitted && status !== SubmissionStatus.failed && status !== SubmissionStatus.inErp));
}

/** A request nobody has claimed yet (Pending): the only state in which the salesperson may take it back. */
export function isUnclaimed(status: number | null | undefined): boolean {
  return status === RequestStatus.pending;
}
