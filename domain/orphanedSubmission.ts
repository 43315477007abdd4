/**
 * An order marked submitted with no live request and no ERP number (issue 15, path 3): the browser sets the order
 * Submitted / Queued, then creates the request; if the tab closed in between, or the create and the revert both
 * failed, nothing would ever send it. Such an order is *orphaned* once the grace period has passed (the browser
 * creates the request right after the state, so a younger order may simply be mid-submission).
 * Pure: the pick-up job reads the candidates and the live requests, this decides.
 */
import { liveKeyFor } from './liveRequest';
import { normalizeId } from './orderValidation';
import { RequestKind } from './schema';

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
