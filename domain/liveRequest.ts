/**
 * At most one live (pending, processing or retrying) request per record and kind, enforced by Dataverse rather than
 * by timing (issue 15). `erp_integrationrequest.erp_livekey` holds `<kind>-<record id>` while the request is live and
 * is cleared when it ends; an alternate key on the column makes a second live request for the same record and kind
 * impossible to create (the browser) or to claim (the connector), whatever its idempotency key.
 *
 * The value avoids the characters an alternate key value may not hold (/ < > * % & : \ ?, Microsoft Learn, "Define
 * alternate keys": such values break GET/PATCH by key), so the row stays addressable by its key.
 */
import { normalizeId } from './orderValidation';
import { RequestKind } from './schema';

/** Kinds whose requests create a document in the ERP: two live ones for one record could create it twice. */
export const SINGLE_LIVE_KINDS: readonly number[] = [RequestKind.submitOrder, RequestKind.processQuote];

/** The live key of a request, or null when its kind may run side by side (statistics, searches…). */
export function liveKeyFor(kind: number | null | undefined, targetId: string | null | undefined): string | null {
  const id = normalizeId(targetId ?? '');
  if (kind === null || kind === undefined || !SINGLE_LIVE_KINDS.includes(kind) || !id) return null;
  return `${kind}-${id}`;
}

/** Dataverse's duplicate-key answers: one rule for every part (domain/duplicateKey.ts). */
export { DUPLICATE_KEY_CODES, isDuplicateKeyAnswer } from './duplicateKey';
