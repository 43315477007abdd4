/**
 * Idempotency of ERP requests: the same intent always yields the same key, a different intent a different key.
 *
 * 1. Dataverse side: `erp_integrationrequest.erp_idempotencykey` has an alternate key (unique). Keys:
 *      submitorder:<salesorderid>:<fingerprint>[:<round>]
 *      processquote:<quoteid>:<revisionnumber>:<fingerprint>[:<round>]
 *      refreshstatistics:<accountid>:<UTC minute>     refreshavailability:<productid>:<UTC minute>
 *    <fingerprint> is a 64-bit hash (`fingerprintText`) of the fields that make up the ERP document (customer, currency, owner,
 *    name, number, dates, every line's product/unit/quantity/price/discount/text), read with the shared query of
 *    orderValidation.ts. Hence:
 *    - double click, two tabs, the connector's automatic pick-up of the same Submitted order: same fingerprint, same
 *      key; the second create fails on the alternate key (or finds the open request first) and nothing is sent twice;
 *    - retry after a failure with the order unchanged: same key; the FAILED request row is put back to pending
 *      (`decideSubmission` → 'retry'), not duplicated;
 *    - the salesperson fixed the order after a failure (lines, customer…): new fingerprint, new key, new request;
 *    - an identical order submitted again after a completed or cancelled round (e.g. the ERP order was deleted and
 *      the order reset to Active, as BC does): next round `:2`, `:3`…
 *    Volatile columns (state, submission status, ERP number, modifiedon) are NOT in the fingerprint: submitting
 *    changes them, and the key must survive that.
 * 2. ERP side: the ERP document carries the CRM NUMBER (ordernumber / quotenumber, ≤ 35, upper-cased as BC stores
 *    Code fields) in `externalDocumentNumber`. Before creating, the connector looks it up with
 *    `erpLookupFilter(...)`; found → it records that document instead of creating a second one. This survives a
 *    crash between the ERP create and the write-back, which the Dataverse key alone cannot. The CRM order NAME
 *    travels whole as the first comment lines (orderValidation.ts `nameCommentLines`), never cut to 35.
 *    A quote keeps its number across revisions, so a new revision finds and updates the same ERP quote.
 */
import { normalizeId, type LineSnapshot, type OrderSnapshot, type QuoteSnapshot, ErpLimits } from './orderValidation';
import { RequestStatus } from './schema';

/** erp_integrationrequest.erp_idempotencykey MaxLength in solution/src. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 100;

/**
 * 64-bit fingerprint of `text` as 16 hex digits: two 32-bit FNV-1a passes with different offset bases over the
 * UTF-16 code units (both sides are JavaScript, so the input is the same everywhere). Not cryptographic; it only
 * tells intents apart. No BigInt: the controls compile this folder for ES6.
 */
export function fingerprintText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ (c & 0xff), 0x01000193);
    a = Math.imul(a ^ (c >>> 8), 0x01000193);
    b = Math.imul(b ^ (c >>> 8), 0x01000193);
    b = Math.imul(b ^ (c & 0xff), 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

const norm = (v: unknown): unknown => (v === undefined ? null : typeof v === 'string' ? v.trim() : v);

function lineFingerprintPart(id: string, line: LineSnapshot): unknown[] {
  return [
    normalizeId(id),
    norm(line.sequencenumber),
    normalizeId(line._productid_value ?? line.productid?.productid ?? null),
    line.isproductoverridden === true,
    norm(line.productdescription),
    norm(line.description),
    norm(line.quantity),
    norm(line.priceperunit),
    norm(line.manualdiscountamount),
    normalizeId(line._uomid_value ?? line.uomid?.uomid ?? null),
    // Only when set, so the keys of lines without a location stay what they were before the column existed.
    ...(line.erp_locationcode ? [norm(line.erp_locationcode.toUpperCase())] : []),
  ];
}

function headerFingerprintPart(doc: OrderSnapshot | QuoteSnapshot, number: string | null | undefined): unknown[] {
  return [
    norm(number),
    norm(doc.name),
    normalizeId(doc._customerid_value ?? doc.customerid_account?.accountid ?? doc.customerid_contact?.contactid ?? null),
    normalizeId(doc._transactioncurrencyid_value ?? doc.transactioncurrencyid?.transactioncurrencyid ?? null),
    normalizeId(doc._ownerid_value ?? null),
    norm(doc.requestdeliveryby),
  ];
}

function fingerprint(header: unknown[], lines: unknown[][]): string {
  // Lines sorted by id: the fingerprint must not depend on the $orderby a caller used.
  const sorted = [...lines].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return fingerprintText(JSON.stringify([header, sorted]));
}

export function orderFingerprint(order: OrderSnapshot): string {
  return fingerprint(
    headerFingerprintPart(order, order.ordernumber),
    (order.order_details ?? []).map((l) => lineFingerprintPart(l.salesorderdetailid, l)),
  );
}

export function quoteFingerprint(quote: QuoteSnapshot): string {
  return fingerprint(
    [...headerFingerprintPart(quote, quote.quotenumber), norm(quote.effectiveto)],
    (quote.quote_details ?? []).map((l) => lineFingerprintPart(l.quotedetailid, l)),
  );
}

/** Base key of "submit this order as it is now" (round 1). */
export function orderSubmissionKey(order: OrderSnapshot): string {
  return `submitorder:${normalizeId(order.salesorderid)}:${orderFingerprint(order)}`;
}

/** Base key of "process this quote revision as it is now" (round 1). */
export function quoteProcessingKey(quote: QuoteSnapshot): string {
  return `processquote:${normalizeId(quote.quoteid)}:${quote.revisionnumber ?? 0}:${quoteFingerprint(quote)}`;
}

/** Refresh requests: one per record per UTC minute, so a double click or two tabs queue one refresh. */
export function refreshKey(kind: 'refreshstatistics' | 'refreshavailability', recordId: string, now: Date): string {
  return `${kind}:${normalizeId(recordId)}:${now.toISOString().slice(0, 16)}`;
}

/** The key of round n (1 = the base key itself). */
export function roundKey(baseKey: string, round: number): string {
  return round <= 1 ? baseKey : `${baseKey}:${round}`;
}

/** The round a key belongs to, or null when it is not baseKey or one of its rounds. */
export function roundOf(baseKey: string, key: string): number | null {
  if (key === baseKey) return 1;
  if (!key.startsWith(`${baseKey}:`)) return null;
  const tail = key.slice(baseKey.length + 1);
  return /^\d+$/.test(tail) ? Number(tail) : null;
}

export interface ExistingRequest {
  id: string;
  key: string;
  status: number | null | undefined;
}

export type SubmissionDecision =
  | { action: 'create'; key: string }
  | { action: 'track'; requestId: string; key: string }
  | { action: 'retry'; requestId: string; key: string };

const openStatuses: readonly number[] = [RequestStatus.pending, RequestStatus.processing, RequestStatus.retrying];

/**
 * What to do, given the requests already stored whose key starts with `baseKey`
 * (query: `startswith(erp_idempotencykey,'<baseKey>')`):
 * - one is open (pending, processing, retrying) → track it, create nothing;
 * - the latest round failed → retry it (put that row back to pending; same key);
 * - the latest round succeeded or was cancelled → create the next round;
 * - none → create round 1.
 */
export function decideSubmission(baseKey: string, existing: readonly ExistingRequest[]): SubmissionDecision {
  const rounds = existing
    .map((r) => ({ ...r, round: roundOf(baseKey, r.key) }))
    .filter((r): r is ExistingRequest & { round: number } => r.round !== null)
    .sort((a, b) => b.round - a.round);
  const open = rounds.find((r) => r.status !== null && r.status !== undefined && openStatuses.includes(r.status));
  if (open) return { action: 'track', requestId: open.id, key: open.key };
  const latest = rounds[0];
  if (!latest) return { action: 'create', key: baseKey };
  if (latest.status === RequestStatus.failed) return { action: 'retry', requestId: latest.id, key: latest.key };
  return { action: 'create', key: roundKey(baseKey, latest.round + 1) };
}

/** The value the ERP document carries in externalDocumentNumber: the CRM number, upper-cased as BC stores Code. */
export function erpExternalDocumentNumber(crmNumber: string): string {
  const value = crmNumber.trim().toUpperCase();
  if (value.length === 0) throw new Error('The CRM document number is empty: save the record so Dataverse assigns one.');
  if (value.length > ErpLimits.externalDocumentNumber) {
    throw new Error(`The CRM document number "${value}" has ${value.length} characters; externalDocumentNumber holds ${ErpLimits.externalDocumentNumber}. Shorten the numbering format.`);
  }
  return value;
}

/** OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `$filter` that finds the ERP document carrying this CRM number (BC salesOrders / salesQuotes). */
export function erpLookupFilter(crmNumber: string): string {
  return `externalDocumentNumber eq ${odataString(erpExternalDocumentNumber(crmNumber))}`;
}

/** `$filter` for the stored requests of one base key and its rounds. */
export function requestKeyFilter(baseKey: string): string {
  return `startswith(erp_idempotencykey,${odataString(baseKey)})`;
}
