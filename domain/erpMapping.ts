/**
 * Pure mappings between Dynamics 365 Sales documents and Business Central API v2.0 documents, in both directions.
 * No I/O: the connector reads (with the queries below), calls these, and writes what they return.
 *
 * CRM → ERP (original-solution.md §4.3, §4.4, §6.1), within what API v2.0 accepts (bc-api-v2.json):
 * - externalDocumentNumber (Code[35]) carries the CRM order/quote NUMBER, upper-cased as BC stores Code fields
 *   (domain/idempotency.ts): it is also how the connector finds the ERP document again after a crash. A number
 *   longer than 35 characters is a validation error, never cut.
 * - The CRM NAME and DESCRIPTION travel whole as comment lines (≤ 100 characters each) at the top of the ERP
 *   document: salesOrders has no Your Reference and no Work Description in API v2.0.
 * - Lines in CRM order (sequencenumber). Catalog product → Item (Sales Inventory) or Resource (Services), number
 *   from the coupling; write-ins → the write-in item/resource of the ERP connection with the CRM text as
 *   description (first ≤ 100 characters, the rest as comment lines). A catalog line whose CRM text differs from
 *   the product name keeps the ERP item's description and gets the whole CRM text as comment lines, as BC does.
 * - Line discount = quantity × volume discount + manual discount (§4.4). The order-level discount
 *   (total line amount − amount less freight) is returned separately: API v2.0 applies an invoice discount amount
 *   to existing lines only, so it is set on the created document, not in the deep insert.
 * - Ship-to: only when any ship-to field is filled (§4.3); otherwise the customer's default. Bill-to is read-only
 *   in API v2.0 (the bill-to customer's address applies): a filled CRM bill-to address is reported, not dropped silently.
 * - A value longer than the ERP field is an error naming the field, never cut.
 * - Payment terms and freight terms → paymentTermsId and shipmentMethodId when the choice names an ERP record
 *   (domain/documentChoices.ts); otherwise a warning and the customer's defaults apply. API v2.0 has no shipping
 *   agent on documents, so a shipping method is reported, not dropped silently.
 *
 * ERP → CRM (§4.5, §5, §7): order state from shipped/invoiced quantities, invoice state from the remaining amount,
 * Sales invoice bodies from posted ERP invoices.
 */
import { BcStatus, isBcEnum } from './bcEnums';
import { InvoiceState, InvoiceStatus, ProductType, SalesOrderState, SalesOrderStatus } from './dataverseCodes';
import { erpExternalDocumentNumber } from './idempotency';
import {
  ErpLimits,
  isWriteInLine,
  lineText,
  nameCommentLines,
  normalizeId,
  orderSnapshotQuery,
  quoteSnapshotQuery,
  splitIntoCommentLines,
  type AccountSnapshot,
  type ConnectionSettings,
  type KnownCouplings,
  type LineSnapshot,
  type OrderSnapshot,
  type QuoteSnapshot,
} from './orderValidation';
import { DocumentLineColumns, WriteInProductType } from './schema';
import { EMPTY_GUID } from './mappings/transforms';
import { localDateOf, type UserTimeZone } from './timeZone';
import { DocumentChoiceColumns, documentChoiceLabel, resolveDocumentChoice, type DocumentChoiceSetups } from './documentChoices';

// ---------------------------------------------------------------------------------------------------------------
// Reading: the shared snapshot query plus the columns only the ERP document needs.

/** Header columns the mapping needs beyond the shared pre-submit snapshot. */
export const ORDER_EXTRA_COLUMNS = [
  'description',
  'discountamount',
  'discountpercentage',
  'totallineitemamount',
  'totalamountlessfreight',
  'freightamount',
  '_quoteid_value',
  '_pricelevelid_value',
  'lastbackofficesubmit',
  'shipto_name',
  'shipto_line1',
  'shipto_line2',
  'shipto_line3',
  'shipto_city',
  'shipto_stateorprovince',
  'shipto_postalcode',
  'shipto_country',
  'billto_name',
  'billto_line1',
  'billto_line2',
  'billto_line3',
  'billto_city',
  'billto_stateorprovince',
  'billto_postalcode',
  'billto_country',
  'paymenttermscode',
  'freighttermscode',
  'shippingmethodcode',
] as const;
export const LINE_EXTRA_COLUMNS = ['volumediscountamount'] as const;

/**
 * Adds columns to the top-level $select and to the lines' $select of a shared snapshot query, keeping everything
 * else (so the pre-submit rules judge exactly what the web resource judged). Throws if the shared query's shape
 * changed, so a silent mismatch cannot happen.
 */
export function extendSnapshotQuery(query: string, linesNavigation: 'order_details' | 'quote_details', header: readonly string[], lines: readonly string[]): string {
  if (!query.startsWith('?$select=')) throw new Error('The shared snapshot query no longer starts with ?$select=; update extendSnapshotQuery.');
  const marker = `${linesNavigation}($select=`;
  if (!query.includes(marker)) throw new Error(`The shared snapshot query has no ${marker}; update extendSnapshotQuery.`);
  let out = `?$select=${header.join(',')},${query.slice('?$select='.length)}`;
  out = out.replace(marker, `${marker}${lines.join(',')},`);
  return out;
}

export const erpOrderQuery = (): string => extendSnapshotQuery(orderSnapshotQuery(), 'order_details', ORDER_EXTRA_COLUMNS, LINE_EXTRA_COLUMNS);
export const erpQuoteQuery = (): string =>
  extendSnapshotQuery(quoteSnapshotQuery(), 'quote_details', ORDER_EXTRA_COLUMNS.filter((c) => c !== 'lastbackofficesubmit' && c !== '_quoteid_value'), LINE_EXTRA_COLUMNS);

/** Document columns beyond the snapshot (all optional: a column the caller could not read is null). */
export interface DocumentExtras {
  description?: string | null;
  discountamount?: number | null;
  discountpercentage?: number | null;
  totallineitemamount?: number | null;
  totalamountlessfreight?: number | null;
  freightamount?: number | null;
  _quoteid_value?: string | null;
  _pricelevelid_value?: string | null;
  lastbackofficesubmit?: string | null;
  shipto_name?: string | null;
  shipto_line1?: string | null;
  shipto_line2?: string | null;
  shipto_line3?: string | null;
  shipto_city?: string | null;
  shipto_stateorprovince?: string | null;
  shipto_postalcode?: string | null;
  shipto_country?: string | null;
  billto_name?: string | null;
  billto_line1?: string | null;
  billto_line2?: string | null;
  billto_line3?: string | null;
  billto_city?: string | null;
  billto_stateorprovince?: string | null;
  billto_postalcode?: string | null;
  billto_country?: string | null;
  paymenttermscode?: number | null;
  'paymenttermscode@OData.Community.Display.V1.FormattedValue'?: string | null;
  freighttermscode?: number | null;
  'freighttermscode@OData.Community.Display.V1.FormattedValue'?: string | null;
  shippingmethodcode?: number | null;
  'shippingmethodcode@OData.Community.Display.V1.FormattedValue'?: string | null;
}
export type LineExtras = { volumediscountamount?: number | null };
export type ErpOrderSnapshot = OrderSnapshot & DocumentExtras & { order_details?: (NonNullable<OrderSnapshot['order_details']>[number] & LineExtras)[] | null };
export type ErpQuoteSnapshot = QuoteSnapshot & DocumentExtras & { quote_details?: (NonNullable<QuoteSnapshot['quote_details']>[number] & LineExtras)[] | null };

// ---------------------------------------------------------------------------------------------------------------
// Mapping problems: what the shared pre-submit rules cannot know (they need ERP field sizes or ERP codes), plus
// the couplings the mapping cannot do without, reported under the shared pre-submit codes so each has one text.

export const MappingCode = {
  fieldTooLong: 'ERP_FIELD_TOO_LONG',
  countryUnknown: 'ERP_COUNTRY_UNKNOWN',
  billToNotApplied: 'ERP_BILL_TO_NOT_APPLIED',
  freightAsComment: 'ERP_FREIGHT_AS_COMMENT',
  paymentTermsNotCoupled: 'ERP_PAYMENT_TERMS_NOT_COUPLED',
  shipmentMethodNotCoupled: 'ERP_SHIPMENT_METHOD_NOT_COUPLED',
  shippingAgentNotSent: 'ERP_SHIPPING_AGENT_NOT_SENT',
  locationUnknown: 'ERP_LOCATION_UNKNOWN',
  locationIgnored: 'ERP_LOCATION_IGNORED',
  unitNotMapped: 'UNIT_NOT_COUPLED',
  customerNotMapped: 'ACCOUNT_NOT_COUPLED',
  productNotMapped: 'PRODUCT_NOT_COUPLED',
} as const;
export type MappingCode = (typeof MappingCode)[keyof typeof MappingCode];

export interface MappingProblem {
  code: MappingCode;
  severity: 'error' | 'warning';
  params: Record<string, string | number>;
  field?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Business Central payload shapes (only the fields we send).

export type BcLineType = 'Item' | 'Resource' | 'Comment';

export interface BcDocumentLine {
  sequence: number;
  lineType: BcLineType;
  lineObjectNumber?: string;
  description?: string;
  unitOfMeasureCode?: string;
  quantity?: number;
  unitPrice?: number;
  discountAmount?: number;
  locationId?: string;
}

export interface BcDocumentHeader {
  externalDocumentNumber: string;
  customerNumber: string;
  currencyCode?: string;
  requestedDeliveryDate?: string;
  validUntilDate?: string;
  salesperson?: string;
  paymentTermsId?: string;
  shipmentMethodId?: string;
  shipToName?: string;
  shipToContact?: string;
  shipToAddressLine1?: string;
  shipToAddressLine2?: string;
  shipToCity?: string;
  shipToState?: string;
  shipToPostCode?: string;
  shipToCountry?: string;
}

export interface MappedDocument {
  /** The deep-insert body: header fields plus `salesOrderLines` / `salesQuoteLines`. */
  body: BcDocumentHeader & { salesOrderLines?: BcDocumentLine[]; salesQuoteLines?: BcDocumentLine[] };
  lines: BcDocumentLine[];
  /** Invoice discount amount to set on the created ERP document (0: none). */
  invoiceDiscountAmount: number;
  problems: MappingProblem[];
  /** Item and resource numbers the document uses (for the ERP-side existence check). */
  itemNumbers: string[];
  resourceNumbers: string[];
}

/** Field sizes of the API v2.0 document header (bc-api-v2.json notes: Base Application 26.3). */
export const BcFieldMax = {
  shipToName: 100,
  shipToContact: 100,
  shipToAddressLine1: 100,
  shipToAddressLine2: 50,
  shipToCity: 30,
  shipToState: 30,
  shipToPostCode: 20,
  shipToCountry: 10,
  lineObjectNumber: 20,
  unitOfMeasureCode: 10,
  salesperson: 20,
  customerNumber: 20,
} as const;

/** Business Central line numbers step by 10000 so lines can be inserted between them in the ERP. */
export const LINE_NO_STEP = 10000;

const blank = (s: string | null | undefined): boolean => s === null || s === undefined || s.trim() === '';
/** Amounts to the cent, half away from zero for the values we meet (1.005 → 1.01), as the ERP rounds them. */
export const round2 = (n: number): number => Math.round((n + Number.EPSILON) * 100) / 100;

/** Country names as Dataverse users type them (English and French) → ISO 3166 codes, which BC uses. */
const COUNTRY_CODES: Record<string, string> = {
  france: 'FR', belgium: 'BE', belgique: 'BE', switzerland: 'CH', suisse: 'CH', schweiz: 'CH', luxembourg: 'LU',
  germany: 'DE', allemagne: 'DE', deutschland: 'DE', italy: 'IT', italie: 'IT', spain: 'ES', espagne: 'ES', españa: 'ES',
  netherlands: 'NL', 'pays-bas': 'NL', austria: 'AT', autriche: 'AT', portugal: 'PT', 'united kingdom': 'GB', uk: 'GB',
  'great britain': 'GB', england: 'GB', 'royaume-uni': 'GB', 'united states': 'US', usa: 'US', 'united states of america': 'US',
  'états-unis': 'US', 'etats-unis': 'US', canada: 'CA', monaco: 'MC', ireland: 'IE', irlande: 'IE', denmark: 'DK', danemark: 'DK',
  sweden: 'SE', suède: 'SE', norway: 'NO', norvège: 'NO', poland: 'PL', pologne: 'PL',
};

/** A CRM country text → the ERP country code, or null when it is neither a code nor a known name. */
export function countryCode(text: string | null | undefined): string | null {
  if (blank(text)) return null;
  const t = (text as string).trim();
  if (/^[A-Za-z]{2,3}$/.test(t)) return t.toUpperCase();
  return COUNTRY_CODES[t.toLowerCase()] ?? null;
}

export interface MappingContext {
  connection: ConnectionSettings | null;
  /**
   * Couplings by CRM table → CRM id → ERP number: 'account' → customer no., 'product' → item/resource no.,
   * 'uom' → unit code, 'systemuser' → salesperson code. The number columns on account/product win.
   */
  couplings: KnownCouplings;
  /** The document table's payment-terms and freight-terms choices and the ERP records they can name. */
  choices?: DocumentChoiceSetups;
  /** ERP location code (upper case) → its API id, for lines that ship from a chosen location. */
  locations?: Readonly<Record<string, string>>;
  /**
   * systemuser id → the user's time zone (usersettings). User-local dates (requestdeliveryby, effectiveto) are UTC
   * instants; the ERP date is the calendar date in the document owner's zone (domain/timeZone.ts).
   */
  timeZones?: Readonly<Record<string, UserTimeZone>>;
}

/** The calendar date a user-local column of the document means, in its owner's time zone (UTC if unknown). */
function ownerLocalDate(doc: OrderSnapshot | QuoteSnapshot, value: string, ctx: MappingContext): string {
  const owner = doc._owninguser_value ?? doc.owninguser?.systemuserid ?? (blank(doc._owningteam_value) ? doc._ownerid_value : null);
  return localDateOf(value, blank(owner) ? null : ctx.timeZones?.[normalizeId(owner as string)]);
}

function coupled(ctx: MappingContext, table: string, id: string | null | undefined): string | null {
  if (blank(id)) return null;
  return ctx.couplings[table]?.[normalizeId(id)] ?? null;
}

function resolveAccount(doc: OrderSnapshot | QuoteSnapshot): AccountSnapshot | null {
  return doc.customerid_account ?? doc.customerid_contact?.parentcustomerid_account ?? null;
}

function checkLength(problems: MappingProblem[], field: string, value: string, max: number, crmField: string): void {
  if (value.length > max) problems.push({ code: MappingCode.fieldTooLong, severity: 'error', params: { field: crmField, length: value.length, max, value }, field: crmField });
}

type AnyLine = LineSnapshot & LineExtras & { id: string };

function mapLines(lines: readonly AnyLine[], ctx: MappingContext, problems: MappingProblem[], itemNumbers: Set<string>, resourceNumbers: Set<string>): BcDocumentLine[] {
  const out: BcDocumentLine[] = [];
  const comment = (text: string): void => {
    out.push({ sequence: 0, lineType: 'Comment', description: text });
  };
  const writeInType: BcLineType = ctx.connection?.erp_writeinproducttype === WriteInProductType.resource ? 'Resource' : 'Item';
  const writeInNumber = (ctx.connection?.erp_writeinproductnumber ?? '').trim().toUpperCase();

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const text = lineText(line);
    const quantity = line.quantity ?? 0;
    const discount = round2(quantity * (line.volumediscountamount ?? 0) + (line.manualdiscountamount ?? 0));
    const priced = (l: BcDocumentLine): BcDocumentLine => {
      l.quantity = quantity;
      if (typeof line.priceperunit === 'number') l.unitPrice = line.priceperunit;
      if (discount !== 0) l.discountAmount = discount;
      return l;
    };

    if (isWriteInLine(line)) {
      const pieces = text ? splitIntoCommentLines(text) : [];
      const l: BcDocumentLine = { sequence: 0, lineType: writeInType, lineObjectNumber: writeInNumber };
      if (pieces.length) l.description = pieces[0];
      shipFrom(l, line, lineNo, ctx, problems);
      out.push(priced(l));
      (writeInType === 'Item' ? itemNumbers : resourceNumbers).add(writeInNumber);
      pieces.slice(1).forEach(comment);
      return;
    }

    const product = line.productid;
    const number = (product?.erp_itemnumber ?? coupled(ctx, 'product', product?.productid ?? line._productid_value) ?? '').trim().toUpperCase();
    if (!number) {
      problems.push({ code: MappingCode.productNotMapped, severity: 'error', params: { line: lineNo, product: product?.name ?? product?.productnumber ?? line._productid_value ?? '' }, field: 'productid' });
      return;
    }
    checkLength(problems, 'lineObjectNumber', number, BcFieldMax.lineObjectNumber, 'productid');
    const type: BcLineType = product?.producttypecode === ProductType.services ? 'Resource' : 'Item';
    (type === 'Item' ? itemNumbers : resourceNumbers).add(number);
    const l: BcDocumentLine = { sequence: 0, lineType: type, lineObjectNumber: number };
    const uomId = line.uomid?.uomid ?? line._uomid_value;
    if (!blank(uomId)) {
      const code = coupled(ctx, 'uom', uomId);
      if (code) l.unitOfMeasureCode = code.toUpperCase();
      else problems.push({ code: MappingCode.unitNotMapped, severity: 'error', params: { line: lineNo, unit: line.uomid?.name ?? (uomId as string), product: product?.name ?? product?.productnumber ?? '' }, field: 'uomid' });
    }
    shipFrom(l, line, lineNo, ctx, problems);
    out.push(priced(l));
    // BC keeps the item's own description; a different CRM text follows whole as comment lines (§4.4).
    if (text && text !== (product?.name ?? '').trim()) splitIntoCommentLines(text).forEach(comment);
  });
  return out;
}

/**
 * The line's ship-from location → locationId. Only items are stocked at a location; a location on a resource line
 * is reported and not sent. An unknown code is an error listing the ERP's codes (never guessed).
 */
function shipFrom(l: BcDocumentLine, line: AnyLine, lineNo: number, ctx: MappingContext, problems: MappingProblem[]): void {
  const code = (line.erp_locationcode ?? '').trim().toUpperCase();
  if (!code) return;
  if (l.lineType !== 'Item') {
    problems.push({ code: MappingCode.locationIgnored, severity: 'warning', params: { line: lineNo, location: code }, field: 'erp_locationcode' });
    return;
  }
  const id = ctx.locations?.[code];
  if (id) l.locationId = id;
  else problems.push({ code: MappingCode.locationUnknown, severity: 'error', params: { line: lineNo, location: code, known: Object.keys(ctx.locations ?? {}).sort().join(', ') || '—' }, field: 'erp_locationcode' });
}

function mapHeader(doc: (OrderSnapshot | QuoteSnapshot) & DocumentExtras, number: string, ctx: MappingContext, problems: MappingProblem[]): BcDocumentHeader {
  const account = resolveAccount(doc);
  const customerNumber = (account?.erp_customernumber ?? coupled(ctx, 'account', account?.accountid) ?? '').trim().toUpperCase();
  if (!customerNumber) problems.push({ code: MappingCode.customerNotMapped, severity: 'error', params: { account: account?.name ?? '' }, field: 'customerid' });
  const header: BcDocumentHeader = { externalDocumentNumber: erpExternalDocumentNumber(number), customerNumber };
  const currency = doc.transactioncurrencyid?.isocurrencycode;
  if (!blank(currency)) header.currencyCode = (currency as string).trim().toUpperCase();
  if (!blank(doc.requestdeliveryby)) header.requestedDeliveryDate = ownerLocalDate(doc, doc.requestdeliveryby as string, ctx);
  const ownerId = doc._owninguser_value ?? doc.owninguser?.systemuserid ?? (blank(doc._owningteam_value) ? doc._ownerid_value : null);
  const salesperson = coupled(ctx, 'systemuser', ownerId);
  if (salesperson) header.salesperson = salesperson.toUpperCase();

  const shipTo = {
    shipToName: doc.shipto_name,
    shipToAddressLine1: doc.shipto_line1,
    shipToAddressLine2: [doc.shipto_line2, doc.shipto_line3].filter((s) => !blank(s)).map((s) => (s as string).trim()).join(', ') || null,
    shipToCity: doc.shipto_city,
    shipToState: doc.shipto_stateorprovince,
    shipToPostCode: doc.shipto_postalcode,
  };
  const crmField: Record<string, string> = {
    shipToName: 'shipto_name', shipToAddressLine1: 'shipto_line1', shipToAddressLine2: 'shipto_line2',
    shipToCity: 'shipto_city', shipToState: 'shipto_stateorprovince', shipToPostCode: 'shipto_postalcode',
  };
  const anyShipTo = Object.values(shipTo).some((v) => !blank(v)) || !blank(doc.shipto_country);
  if (anyShipTo) {
    for (const [key, value] of Object.entries(shipTo)) {
      if (blank(value)) continue;
      const v = (value as string).trim();
      const max = BcFieldMax[key as keyof typeof BcFieldMax];
      checkLength(problems, key, key === 'shipToPostCode' ? v.toUpperCase() : v, max, crmField[key]);
      (header as unknown as Record<string, string>)[key] = key === 'shipToPostCode' ? v.toUpperCase() : v;
    }
    if (!blank(doc.shipto_country)) {
      const code = countryCode(doc.shipto_country);
      if (!code || code.length > BcFieldMax.shipToCountry) {
        problems.push({ code: MappingCode.countryUnknown, severity: 'error', params: { country: (doc.shipto_country as string).trim() }, field: 'shipto_country' });
      } else header.shipToCountry = code;
    }
  }
  mapChoices(doc, ctx, header, problems);
  const billTo = [doc.billto_name, doc.billto_line1, doc.billto_line2, doc.billto_line3, doc.billto_city, doc.billto_stateorprovince, doc.billto_postalcode, doc.billto_country];
  if (billTo.some((v) => !blank(v))) {
    problems.push({ code: MappingCode.billToNotApplied, severity: 'warning', params: { address: billTo.filter((v) => !blank(v)).join(', ') }, field: 'billto_line1' });
  }
  return header;
}

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

/** Payment terms and shipment method by the ERP records the document's choices name; the shipping method is reported. */
function mapChoices(doc: DocumentExtras, ctx: MappingContext, header: BcDocumentHeader, problems: MappingProblem[]): void {
  const formatted = (column: 'paymenttermscode' | 'freighttermscode' | 'shippingmethodcode'): string | null =>
    (doc[`${column}${FORMATTED}` as keyof DocumentExtras] as string | null | undefined) ?? null;
  const sent = [
    { column: DocumentChoiceColumns.paymentTerms, field: 'paymentTermsId', code: MappingCode.paymentTermsNotCoupled },
    { column: DocumentChoiceColumns.shipmentMethod, field: 'shipmentMethodId', code: MappingCode.shipmentMethodNotCoupled },
  ] as const;
  for (const { column, field, code } of sent) {
    const value = doc[column];
    if (value === null || value === undefined) continue;
    const setup = ctx.choices?.[column];
    const erp = resolveDocumentChoice(setup, value, formatted(column));
    if (erp) header[field] = erp.erpId;
    else problems.push({ code, severity: 'warning', params: { terms: documentChoiceLabel(setup, value, formatted(column)) }, field: column });
  }
  if (doc.shippingmethodcode !== null && doc.shippingmethodcode !== undefined) {
    problems.push({ code: MappingCode.shippingAgentNotSent, severity: 'warning', params: { method: formatted('shippingmethodcode') ?? String(doc.shippingmethodcode) }, field: 'shippingmethodcode' });
  }
}

/** Comment lines at the top: the CRM name (whole), then the CRM description (whole). */
function headerComments(doc: DocumentExtras & { name?: string | null }): string[] {
  const lines = nameCommentLines(doc.name);
  if (!blank(doc.description)) lines.push(...splitIntoCommentLines(doc.description as string));
  return lines;
}

/** The invoice discount of the CRM document: line total − amount less freight (original-solution.md §4.3). */
export function documentDiscount(doc: DocumentExtras): number {
  const total = doc.totallineitemamount;
  const lessFreight = doc.totalamountlessfreight;
  if (typeof total === 'number' && typeof lessFreight === 'number') return Math.max(0, round2(total - lessFreight));
  return Math.max(0, round2(doc.discountamount ?? 0));
}

function finish(kind: 'order' | 'quote', header: BcDocumentHeader, top: string[], lines: BcDocumentLine[], doc: DocumentExtras, problems: MappingProblem[], items: Set<string>, resources: Set<string>): MappedDocument {
  const all: BcDocumentLine[] = [...top.map((t): BcDocumentLine => ({ sequence: 0, lineType: 'Comment', description: t })), ...lines];
  if ((doc.freightamount ?? 0) > 0) {
    // No freight item/G-L account is configured for the ERP (API v2.0 has no shipping-charge field): make it visible.
    problems.push({ code: MappingCode.freightAsComment, severity: 'warning', params: { amount: round2(doc.freightamount as number) }, field: 'freightamount' });
    all.push({ sequence: 0, lineType: 'Comment', description: `Freight: ${round2(doc.freightamount as number).toFixed(2)}${header.currencyCode ? ` ${header.currencyCode}` : ''}` });
  }
  all.forEach((l, i) => {
    l.sequence = (i + 1) * LINE_NO_STEP;
    if (l.description !== undefined && l.description.length > ErpLimits.lineDescription) {
      // Cannot happen (split above); kept as a guard so a change there never sends a value BC would reject.
      throw new Error(`Line ${i + 1} description has ${l.description.length} characters (max ${ErpLimits.lineDescription}).`);
    }
  });
  const body: MappedDocument['body'] = { ...header };
  if (kind === 'order') body.salesOrderLines = all;
  else body.salesQuoteLines = all;
  return { body, lines: all, invoiceDiscountAmount: documentDiscount(doc), problems, itemNumbers: [...items].sort(), resourceNumbers: [...resources].sort() };
}

function sortedLines<T extends LineSnapshot>(lines: readonly T[] | null | undefined, id: (l: T) => string): (T & { id: string })[] {
  return [...(lines ?? [])]
    .sort((a, b) => (a.sequencenumber ?? a.lineitemnumber ?? 0) - (b.sequencenumber ?? b.lineitemnumber ?? 0))
    .map((l) => ({ ...l, id: id(l) }));
}

/** CRM sales order → BC salesOrders deep-insert body. Run the shared pre-submit rules first; this adds ERP-side problems. */
export function mapOrderToSalesOrder(order: ErpOrderSnapshot, ctx: MappingContext): MappedDocument {
  const problems: MappingProblem[] = [];
  const items = new Set<string>();
  const resources = new Set<string>();
  const header = mapHeader(order, order.ordernumber ?? '', ctx, problems);
  const lines = mapLines(sortedLines(order.order_details, (l) => l.salesorderdetailid), ctx, problems, items, resources);
  return finish('order', header, headerComments(order), lines, order, problems, items, resources);
}

/** CRM quote → BC salesQuotes deep-insert body (Effective To → validUntilDate). */
export function mapQuoteToSalesQuote(quote: ErpQuoteSnapshot, ctx: MappingContext): MappedDocument {
  const problems: MappingProblem[] = [];
  const items = new Set<string>();
  const resources = new Set<string>();
  const header = mapHeader(quote, quote.quotenumber ?? '', ctx, problems);
  // salesQuotes has no requestedDeliveryDate in API v2.0 (bc-api-v2.json); the order made from it gets it.
  delete header.requestedDeliveryDate;
  if (!blank(quote.effectiveto)) header.validUntilDate = ownerLocalDate(quote, quote.effectiveto as string, ctx);
  const lines = mapLines(sortedLines(quote.quote_details, (l) => l.quotedetailid), ctx, problems, items, resources);
  return finish('quote', header, headerComments(quote), lines, quote, problems, items, resources);
}

// ---------------------------------------------------------------------------------------------------------------
// ERP → CRM

export interface BcLineProgress {
  lineType: string;
  quantity: number;
  shippedQuantity?: number | null;
  invoicedQuantity?: number | null;
}

export interface OrderProgress {
  anyShipped: boolean;
  fullyShipped: boolean;
  anyInvoiced: boolean;
  fullyInvoiced: boolean;
}

/** Shipped/invoiced progress of an ERP order from its item/resource lines (comment lines do not count). */
export function orderProgress(lines: readonly BcLineProgress[]): OrderProgress {
  const real = lines.filter((l) => l.lineType !== 'Comment' && l.quantity > 0);
  const shipped = real.map((l) => l.shippedQuantity ?? 0);
  const invoiced = real.map((l) => l.invoicedQuantity ?? 0);
  return {
    anyShipped: shipped.some((q) => q > 0),
    fullyShipped: real.length > 0 && real.every((l, i) => shipped[i] >= l.quantity),
    anyInvoiced: invoiced.some((q) => q > 0),
    fullyInvoiced: real.length > 0 && real.every((l, i) => invoiced[i] >= l.quantity),
  };
}

/** An ERP order line as the events flow reads it. */
export interface BcOrderLine extends BcLineProgress {
  sequence: number;
  /** API v2.0 salesOrderLines.locationId: the empty GUID = no location; absent = not read (e.g. lines of a gone order). */
  locationId?: string | null;
}

/** A Sales order line's delivery columns, as read. */
export interface CrmLineDelivery {
  salesorderdetailid: string;
  sequencenumber?: number | null;
  quantityshipped?: number | null;
  quantitybackordered?: number | null;
  /** The line's ship-from location (DocumentLineColumns.locationCode); absent = not read, left alone. */
  [DocumentLineColumns.locationCode]?: string | null;
}

/** What to write on one Sales line: its delivery, and its ship-from location when the ERP's differs (null = clear). */
export interface LineDeliveryUpdate {
  id: string;
  quantityshipped: number;
  quantitybackordered: number;
  [DocumentLineColumns.locationCode]?: string | null;
}

/**
 * The location code of an ERP line: '' for none (empty GUID), the code for a known id, undefined when not read or
 * unknown (a location created in the ERP after the reference data was loaded): then nothing is decided.
 */
export function erpLineLocation(locationId: string | null | undefined, codeById: Readonly<Record<string, string>>): string | undefined {
  if (locationId === undefined) return undefined;
  const id = normalizeId(locationId);
  if (!id || id === EMPTY_GUID) return '';
  return codeById[id];
}

/**
 * The location of an ERP line that says where its Sales line ships from: item lines only, as the submission sends a
 * location on item lines only (shipFrom). Business Central also gives Resource and G/L lines the header's location
 * (SalesLine.Table.al InitHeaderDefaults runs for every type), which means nothing for the Sales line.
 */
const shipsFrom = (l: BcOrderLine, codeById: Readonly<Record<string, string>>): string | undefined => (l.lineType === 'Item' ? erpLineLocation(l.locationId, codeById) : undefined);

/** ERP location ids of these item lines that the reference data does not know (not the empty GUID). */
export function unknownLineLocations(erpLines: readonly BcOrderLine[], codeById: Readonly<Record<string, string>>): string[] {
  const ids = erpLines.filter((l) => l.lineType === 'Item' && l.locationId != null && shipsFrom(l, codeById) === undefined).map((l) => normalizeId(l.locationId));
  return [...new Set(ids)];
}

/**
 * The ship-from location to write on a Sales line so it says where the ERP ships it from (issue #19 finding 11):
 * Business Central fills a line sent without location from the customer card, else the responsibility center's,
 * else the company's (UserSetupManagement.GetLocation), and the ERP is the truth once submitted. A code when the
 * ERP's differs (compared as BC compares Code fields: upper case, trimmed), null to clear one the ERP line does not
 * have, undefined for no change (same, not read, or unknown to the reference data).
 */
export function lineLocationChange(crmCode: string | null | undefined, erpCode: string | undefined): string | null | undefined {
  if (crmCode === undefined || erpCode === undefined) return undefined;
  const current = (crmCode ?? '').trim().toUpperCase();
  if (current === erpCode.toUpperCase()) return undefined;
  return erpCode ? erpCode : null;
}

/**
 * Per-line delivery on the Sales order (peers.md gap 6): `quantityshipped` from the ERP line, `quantitybackordered`
 * = what is still to ship once the order has shipped anything (0 before), and the ship-from location the ERP item
 * line has when the Sales line says otherwise (lineLocationChange; only when both were read). The ERP lines were created
 * one per Sales line, in Sales line order, with comment lines between (mapOrderToSalesOrder), so the n-th
 * item/resource line is the n-th Sales line; when the counts differ (lines added or deleted in the ERP) nothing is
 * matched (null). Only lines whose values change are returned.
 */
export function lineDeliveryUpdates(crmLines: readonly CrmLineDelivery[], erpLines: readonly BcOrderLine[], locationCodeById: Readonly<Record<string, string>> = {}): LineDeliveryUpdate[] | null {
  const sales = [...crmLines].sort((a, b) => (a.sequencenumber ?? 0) - (b.sequencenumber ?? 0));
  const erp = erpLines.filter((l) => l.lineType !== 'Comment').sort((a, b) => a.sequence - b.sequence);
  if (sales.length !== erp.length || !erp.length) return null;
  const anyShipped = erp.some((l) => (l.shippedQuantity ?? 0) > 0);
  const out: LineDeliveryUpdate[] = [];
  sales.forEach((line, i) => {
    const shipped = round2(erp[i].shippedQuantity ?? 0);
    const backordered = anyShipped ? round2(Math.max(0, erp[i].quantity - shipped)) : 0;
    const location = lineLocationChange(line[DocumentLineColumns.locationCode], shipsFrom(erp[i], locationCodeById));
    if ((line.quantityshipped ?? 0) !== shipped || (line.quantitybackordered ?? 0) !== backordered || location !== undefined) {
      out.push({ id: line.salesorderdetailid, quantityshipped: shipped, quantitybackordered: backordered, ...(location !== undefined ? { [DocumentLineColumns.locationCode]: location } : {}) });
    }
  });
  return out;
}

export interface CrmState {
  statecode: number;
  statuscode: number;
}

/**
 * The CRM order state the ERP progress calls for (issue 4 flow 4): fully invoiced → Invoiced; shipped → Fulfilled
 * Complete or Partial; otherwise no change (null). A state is never moved backwards by this rule.
 */
export function orderStateFromProgress(p: OrderProgress, current: CrmState): CrmState | null {
  const rank = (s: CrmState): number =>
    s.statecode === SalesOrderState.invoiced ? 3 : s.statecode === SalesOrderState.fulfilled ? (s.statuscode === SalesOrderStatus.complete ? 2 : 1) : 0;
  let target: CrmState | null = null;
  if (p.fullyInvoiced) target = { statecode: SalesOrderState.invoiced, statuscode: SalesOrderStatus.invoiced };
  else if (p.fullyShipped) target = { statecode: SalesOrderState.fulfilled, statuscode: SalesOrderStatus.complete };
  else if (p.anyShipped) target = { statecode: SalesOrderState.fulfilled, statuscode: SalesOrderStatus.partial };
  if (!target || current.statecode === SalesOrderState.canceled) return null;
  if (rank(target) <= rank(current)) return null;
  return target;
}

/** The API v2.0 salesOrders status that means "released" (bc-api-v2.json: Open = Released or Pending Prepayment), either wire form. */
export const isReleasedStatus = (status: string | null | undefined): boolean => isBcEnum(status, BcStatus.open);

/**
 * Payment status of a posted invoice (original-solution.md §7, CalculateActualStatusCode): remaining 0 → Paid
 * Complete; 0 < remaining ≠ amount → Paid Partial; remaining = amount → Active Billed. Cancelled → Canceled.
 */
export function invoiceStateFromErp(inv: { status?: string | null; remainingAmount?: number | null; totalAmountIncludingTax?: number | null }): CrmState {
  if (isBcEnum(inv.status, BcStatus.canceled) || isBcEnum(inv.status, BcStatus.corrective)) return { statecode: InvoiceState.canceled, statuscode: InvoiceStatus.canceled };
  const remaining = round2(inv.remainingAmount ?? 0);
  const amount = round2(inv.totalAmountIncludingTax ?? 0);
  if (remaining <= 0 || isBcEnum(inv.status, BcStatus.paid)) return { statecode: InvoiceState.paid, statuscode: InvoiceStatus.complete };
  if (remaining !== amount) return { statecode: InvoiceState.paid, statuscode: InvoiceStatus.partial };
  return { statecode: InvoiceState.active, statuscode: InvoiceStatus.billed };
}

export type PaymentEvent = { complete: boolean; remaining: number } | null;

/** The "paid" event a state change stands for (none when nothing was paid). */
export function paymentEvent(state: CrmState, remaining: number): PaymentEvent {
  if (state.statecode !== InvoiceState.paid) return null;
  return { complete: state.statuscode === InvoiceStatus.complete, remaining: round2(remaining) };
}

export interface BcInvoiceLine {
  sequence?: number;
  lineType: string;
  lineObjectNumber?: string | null;
  description?: string | null;
  unitOfMeasureCode?: string | null;
  quantity?: number | null;
  unitPrice?: number | null;
  discountAmount?: number | null;
  amountExcludingTax?: number | null;
  amountIncludingTax?: number | null;
}

export interface BcPostedInvoice {
  id: string;
  number: string;
  invoiceDate?: string | null;
  postingDate?: string | null;
  dueDate?: string | null;
  orderNumber?: string | null;
  totalAmountExcludingTax?: number | null;
  totalAmountIncludingTax?: number | null;
  discountAmount?: number | null;
  remainingAmount?: number | null;
  status?: string | null;
  salesInvoiceLines?: BcInvoiceLine[];
}

export interface InvoiceMappingContext {
  orderId: string | null;
  /** The order's customer, by its real type: an order's customer may be an account or a contact. */
  customer: { table: 'account' | 'contact'; id: string };
  currencyId: string | null;
  priceLevelId: string | null;
  ownerId?: string | null;
  /** ERP item/resource number (upper case) → CRM product id. */
  productByNumber: Record<string, string>;
  /** ERP unit code (upper case) → CRM uom id. */
  uomByCode: Record<string, string>;
}

/**
 * Posted ERP invoice → Dataverse `POST invoices` body with its lines (deep insert), state left to the caller
 * (Dataverse creates invoices Active; §7's Billed is statuscode 4, set on create). Catalog lines whose item is
 * not a CRM product become write-in lines with the ERP description, so the invoice total is never wrong.
 */
export function mapPostedInvoiceToCrm(inv: BcPostedInvoice, ctx: InvoiceMappingContext, name: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name,
    erp_erpinvoicenumber: inv.number,
    invoicenumber: inv.number,
    [`customerid_${ctx.customer.table}@odata.bind`]: `/${ctx.customer.table === 'account' ? 'accounts' : 'contacts'}(${normalizeId(ctx.customer.id)})`,
    ispricelocked: true,
    statuscode: InvoiceStatus.billed,
  };
  if (ctx.orderId) body['salesorderid@odata.bind'] = `/salesorders(${normalizeId(ctx.orderId)})`;
  if (ctx.currencyId) body['transactioncurrencyid@odata.bind'] = `/transactioncurrencies(${normalizeId(ctx.currencyId)})`;
  if (ctx.priceLevelId) body['pricelevelid@odata.bind'] = `/pricelevels(${normalizeId(ctx.priceLevelId)})`;
  if (ctx.ownerId) body['ownerid@odata.bind'] = `/systemusers(${normalizeId(ctx.ownerId)})`;
  if (inv.dueDate) body.duedate = inv.dueDate;
  if (inv.postingDate ?? inv.invoiceDate) body.datedelivered = (inv.postingDate ?? inv.invoiceDate) as string;
  if (typeof inv.discountAmount === 'number' && inv.discountAmount > 0) body.discountamount = inv.discountAmount;
  const details: Record<string, unknown>[] = [];
  let sequence = 0;
  for (const line of inv.salesInvoiceLines ?? []) {
    if (line.lineType === 'Comment' || !(line.quantity && line.quantity > 0)) continue;
    sequence += 1;
    const number = (line.lineObjectNumber ?? '').toUpperCase();
    const productId = ctx.productByNumber[number];
    const uomId = ctx.uomByCode[(line.unitOfMeasureCode ?? '').toUpperCase()];
    const d: Record<string, unknown> = {
      sequencenumber: sequence,
      quantity: line.quantity,
      priceperunit: line.unitPrice ?? 0,
      ispriceoverridden: true,
      manualdiscountamount: line.discountAmount ?? 0,
    };
    // VAT as the ERP computed it, so the Sales invoice totals equal the posted invoice's.
    if (typeof line.amountIncludingTax === 'number' && typeof line.amountExcludingTax === 'number') d.tax = round2(line.amountIncludingTax - line.amountExcludingTax);
    if (productId && uomId) {
      d['productid@odata.bind'] = `/products(${normalizeId(productId)})`;
      d['uomid@odata.bind'] = `/uoms(${normalizeId(uomId)})`;
    } else {
      d.isproductoverridden = true;
      d.productdescription = line.description || number;
    }
    details.push(d);
  }
  body.invoice_details = details;
  return body;
}
