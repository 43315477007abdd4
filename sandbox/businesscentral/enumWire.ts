/**
 * Enum values of sales documents in the form live Business Central tenants send, and the `$filter` comparisons BC
 * refuses on them.
 *
 * - Wire form: the API v2.0 reference pages show AL member names ("In Review", " "), but responses captured from
 *   live tenants, and clients written against them, carry the names encoded as XML names (XmlConvert.EncodeName):
 *   "In_x0020_Review", the blank member as "_x0020_", "Expired " as "Expired_x0020_" (bc-api-v2.json, notes: "In
 *   API JSON/$filter, names with special characters are expected to be XML-encoded (space as _x0020_ ...)"; issue 13
 *   item 6). The stand-in serves every enum of the document entities (salesOrders, salesQuotes, salesInvoices,
 *   salesCreditMemos, their lines, salesShipments and their lines) that way; members without such characters
 *   ("Draft", "Open", "Item") are the same in both forms.
 * - `$filter`: a comparison on a document status enum (salesOrders.status "Sales Order Entity Buffer Status",
 *   salesInvoices.status "Invoice Entity Aggregate Status", salesQuotes.status, salesCreditMemos.status — the enums
 *   whose names need encoding, bc-docs api-v2-salesOrder / api-v2-salesInvoice list "In Review" and " ") is refused
 *   with 400, as issue 13 item 6 records for live tenants. BC's exact error text is not published: APPROX.
 */
import { encodeBcEnum } from '../../domain/bcEnums';
import { BcError } from './errors';
import { enumValues, type FieldDef } from './metadata';

const enumOf = (f: Pick<FieldDef, 'type'> & { enum?: string }): string | null => (f.enum ?? (/^Enum "(.*)"$/.exec(f.type ?? '')?.[1] ?? null));

/** Enums at least one of whose member names changes when encoded. */
const needsEncoding = (enumName: string): boolean => enumValues(enumName).some((v) => encodeBcEnum(v) !== v);

/** The document status enums a `$filter` may not compare (see above). */
export const FILTER_REFUSED_ENUMS: ReadonlySet<string> = new Set(['Sales Order Entity Buffer Status', 'Invoice Entity Aggregate Status', 'Sales Quote Entity Buffer Status', 'Sales Cr. Memo Entity Buffer Status']);

/** A projected document (or line) with its enum values in their wire form. */
export function wireEnums(fields: ReadonlyArray<Pick<FieldDef, 'name' | 'type'> & { enum?: string }>, obj: Record<string, unknown>): Record<string, unknown> {
  for (const f of fields) {
    const e = enumOf(f);
    const v = obj[f.name];
    if (e && typeof v === 'string' && needsEncoding(e)) obj[f.name] = encodeBcEnum(v);
  }
  return obj;
}

/** The fields of an entity whose comparisons `$filter` refuses. */
export function filterRefusedFields(fields: ReadonlyArray<Pick<FieldDef, 'name'> & { type?: string; enum?: string }>): Set<string> {
  return new Set(fields.filter((f) => FILTER_REFUSED_ENUMS.has(enumOf({ type: f.type ?? '', enum: f.enum }) ?? '')).map((f) => f.name));
}

export function refusedEnumComparison(property: string): BcError {
  return new BcError(400, 'BadRequest', `The property '${property}' is an enum whose values contain characters that must be encoded; a $filter comparison on it is not supported. Filter on other properties and check '${property}' in the results.`);
}
