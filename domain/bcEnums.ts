/**
 * Business Central enum values as they travel on the wire.
 *
 * Microsoft's API v2.0 pages list enum members by their AL names ("In Review", " "), but responses from live tenants
 * carry the member names encoded as XML names (XmlConvert.EncodeName): a space is `_x0020_`, so "In Review" arrives
 * as "In_x0020_Review" and the blank member " " as "_x0020_" (reference: bc-api-v2.json notes; the enums concerned
 * include salesOrders.status "Sales Order Entity Buffer Status", salesInvoices.status "Invoice Entity Aggregate
 * Status", salesQuotes.status ("Expired "), salesCreditMemos.status, customers.blocked, the document lines'
 * lineType). The product accepts both forms through this one decoder, and never puts such a value in a `$filter`:
 * it filters on what is safe (numbers, dates, ids) and decides on status in code.
 */

/** XmlConvert.DecodeName: `_xHHHH_` → the character; anything else unchanged. */
export function decodeBcEnum(value: unknown): string {
  if (typeof value !== 'string') return value === null || value === undefined ? '' : String(value);
  return value.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** XmlConvert.EncodeName for the characters BC enum names use (space and punctuation that is not a name char). */
export function encodeBcEnum(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const ch = name[i];
    const ok = /[A-Za-z0-9]/.test(ch) || (i > 0 && /[-.]/.test(ch)) || (ch === '_' && !/^x[0-9A-Fa-f]{4}_/.test(name.slice(i + 1)));
    out += ok ? ch : `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
  }
  return out;
}

/** True when a wire value (either form) is the AL member `name` (compared trimmed: " " is the blank member). */
export function isBcEnum(value: unknown, name: string): boolean {
  return decodeBcEnum(value).trim() === name.trim();
}

/** Sales document statuses the product decides on (bc-docs api-v2-salesOrder / api-v2-salesInvoice). */
export const BcStatus = {
  draft: 'Draft',
  inReview: 'In Review',
  open: 'Open',
  paid: 'Paid',
  canceled: 'Canceled',
  corrective: 'Corrective',
} as const;

/** A posted invoice the ERP counts (not a draft, not in review, not cancelled), whichever form its status has. */
export const isPostedInvoiceStatus = (status: unknown): boolean => ![BcStatus.draft, BcStatus.inReview, BcStatus.canceled].some((s) => isBcEnum(status, s));
