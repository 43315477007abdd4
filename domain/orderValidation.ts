/**
 * Pre-submit rules for sales orders and quotes, shared by the command bar (webresources/) and the connector.
 *
 * Input is the JSON of ONE Dataverse Web API read (see `orderSnapshotQuery` / `quoteSnapshotQuery`: both sides
 * must read with exactly these $select/$expand so that they judge the same data) plus the `erp_connection`
 * settings and the couplings the caller knows. Output is EVERY problem at once, never the first one only:
 * the salesperson fixes everything in one go (original-solution.md §9: errors used to surface one by one, later,
 * in the ERP). Message texts live in `domain/messages` under the same codes.
 *
 * Severities: `error` blocks; `warning` is shown and the user may go on (the connector logs it); `info` tells
 * what the ERP document will look like (e.g. a long description becomes comment lines) and never blocks.
 *
 * Decisions (docs/webresources.md, "Rules"):
 * - The ERP document's External Document No. (Code[35], upper-cased by BC) carries the CRM order/quote NUMBER,
 *   not the name, because it is also the key the connector looks the ERP document up by (domain/idempotency.ts).
 *   A number longer than 35 characters is an ERROR (never cut). The name is not cut either: it travels whole as
 *   comment lines of ≤ 100 characters at the top of the ERP document (`nameCommentLines`).
 * - Owner not coupled to an ERP salesperson is a WARNING: Business Central then uses the customer's salesperson,
 *   the order is still correct; blocking a sale on a back-office mapping would be the friction we remove.
 * - Catalog product types: Sales Inventory → Item, Services → Resource; anything else is an error (as BC).
 */
import { AccountCustomerType, ProductState, ProductType, QuoteState, SalesOrderState } from './dataverseCodes';
import { SubmissionStatus } from './schema';

export type Severity = 'error' | 'warning' | 'info';

export const ProblemCode = {
  orderUnsaved: 'ORDER_UNSAVED',
  orderNotActive: 'ORDER_NOT_ACTIVE',
  orderNotSubmitted: 'ORDER_NOT_SUBMITTED',
  orderAlreadyInErp: 'ORDER_ALREADY_IN_ERP',
  quoteUnsaved: 'QUOTE_UNSAVED',
  quoteNotActive: 'QUOTE_NOT_ACTIVE',
  noConnection: 'NO_CONNECTION',
  customerMissing: 'CUSTOMER_MISSING',
  contactWithoutAccount: 'CONTACT_WITHOUT_ACCOUNT',
  accountInactive: 'ACCOUNT_INACTIVE',
  accountNotCustomer: 'ACCOUNT_NOT_CUSTOMER',
  accountNotCoupled: 'ACCOUNT_NOT_COUPLED',
  noLines: 'NO_LINES',
  productNotFound: 'PRODUCT_NOT_FOUND',
  productNotCoupled: 'PRODUCT_NOT_COUPLED',
  productInactive: 'PRODUCT_INACTIVE',
  productTypeUnsupported: 'PRODUCT_TYPE_UNSUPPORTED',
  unitMissing: 'UNIT_MISSING',
  unitNotCoupled: 'UNIT_NOT_COUPLED',
  quantityNotPositive: 'QUANTITY_NOT_POSITIVE',
  writeInSetupMissing: 'WRITE_IN_SETUP_MISSING',
  writeInDescriptionMissing: 'WRITE_IN_DESCRIPTION_MISSING',
  currencyMissing: 'CURRENCY_MISSING',
  currencyUnsupported: 'CURRENCY_UNSUPPORTED',
  ownerNotUser: 'OWNER_NOT_USER',
  ownerNotCoupled: 'OWNER_NOT_COUPLED',
  documentNumberMissing: 'DOCUMENT_NUMBER_MISSING',
  documentNumberTooLong: 'DOCUMENT_NUMBER_TOO_LONG',
  descriptionSplit: 'DESCRIPTION_SPLIT',
  locationFromErp: 'LOCATION_FROM_ERP',
  // ERP figures already in Dataverse (domain/preflight.ts): never blocking, the ERP decides.
  creditLimitExceeded: 'CREDIT_LIMIT_EXCEEDED',
  creditLimitAlreadyExceeded: 'CREDIT_LIMIT_ALREADY_EXCEEDED',
  overdueBalance: 'OVERDUE_BALANCE',
  stockShort: 'STOCK_SHORT',
  stockShortNoReceipt: 'STOCK_SHORT_NO_RECEIPT',
  stockShortAtLocation: 'STOCK_SHORT_AT_LOCATION',
  stockShortAtLocationNoReceipt: 'STOCK_SHORT_AT_LOCATION_NO_RECEIPT',
} as const;
export type ProblemCode = (typeof ProblemCode)[keyof typeof ProblemCode];

/** Severity of each code; one place so the UI and the connector never disagree on what blocks. */
export const problemSeverity: Record<ProblemCode, Severity> = {
  ORDER_UNSAVED: 'error',
  ORDER_NOT_ACTIVE: 'error',
  ORDER_NOT_SUBMITTED: 'error',
  ORDER_ALREADY_IN_ERP: 'error',
  QUOTE_UNSAVED: 'error',
  QUOTE_NOT_ACTIVE: 'error',
  NO_CONNECTION: 'error',
  CUSTOMER_MISSING: 'error',
  CONTACT_WITHOUT_ACCOUNT: 'error',
  ACCOUNT_INACTIVE: 'error',
  ACCOUNT_NOT_CUSTOMER: 'error',
  ACCOUNT_NOT_COUPLED: 'error',
  NO_LINES: 'error',
  PRODUCT_NOT_FOUND: 'error',
  PRODUCT_NOT_COUPLED: 'error',
  PRODUCT_INACTIVE: 'error',
  PRODUCT_TYPE_UNSUPPORTED: 'error',
  UNIT_MISSING: 'error',
  UNIT_NOT_COUPLED: 'error',
  QUANTITY_NOT_POSITIVE: 'error',
  WRITE_IN_SETUP_MISSING: 'error',
  WRITE_IN_DESCRIPTION_MISSING: 'warning',
  CURRENCY_MISSING: 'error',
  CURRENCY_UNSUPPORTED: 'error',
  OWNER_NOT_USER: 'warning',
  OWNER_NOT_COUPLED: 'warning',
  DOCUMENT_NUMBER_MISSING: 'error',
  DOCUMENT_NUMBER_TOO_LONG: 'error',
  DESCRIPTION_SPLIT: 'info',
  LOCATION_FROM_ERP: 'info',
  CREDIT_LIMIT_EXCEEDED: 'warning',
  CREDIT_LIMIT_ALREADY_EXCEEDED: 'warning',
  OVERDUE_BALANCE: 'warning',
  STOCK_SHORT: 'warning',
  STOCK_SHORT_NO_RECEIPT: 'warning',
  STOCK_SHORT_AT_LOCATION: 'warning',
  STOCK_SHORT_AT_LOCATION_NO_RECEIPT: 'warning',
};

export type ProblemParams = Record<string, string | number>;

export interface RecordRef {
  table: string;
  id: string;
}

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  /** Logical name of the column on the document (or its line) to fix, when there is one. */
  field?: string;
  /** The record to open to fix it (a product, the account, the line…). */
  recordRef?: RecordRef;
  params: ProblemParams;
}

/** Business Central limits the rules enforce (bc-api-v2.json notes: Base Application 26.3). */
export const ErpLimits = {
  externalDocumentNumber: 35,
  lineDescription: 100,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Snapshot shapes: exactly what the Web API returns for the queries below (lookups as _x_value, expands by
// navigation-property name). Everything optional/nullable because a missing privilege or a deleted record
// yields null, and the rules must say so instead of crashing.

export interface ProductSnapshot {
  productid: string;
  name?: string | null;
  productnumber?: string | null;
  statecode?: number | null;
  producttypecode?: number | null;
  erp_itemnumber?: string | null;
}

export interface UomSnapshot {
  uomid: string;
  name?: string | null;
}

export interface AccountSnapshot {
  accountid: string;
  name?: string | null;
  accountnumber?: string | null;
  customertypecode?: number | null;
  statecode?: number | null;
  erp_customernumber?: string | null;
  /** The customer's location in the ERP (customer card), written by the connector when page 22 is published. */
  erp_erplocationcode?: string | null;
}

export interface ContactSnapshot {
  contactid: string;
  fullname?: string | null;
  _parentcustomerid_value?: string | null;
  parentcustomerid_account?: AccountSnapshot | null;
}

export interface CurrencySnapshot {
  transactioncurrencyid: string;
  isocurrencycode?: string | null;
  currencyname?: string | null;
}

export interface UserSnapshot {
  systemuserid: string;
  fullname?: string | null;
}

export interface LineSnapshot {
  sequencenumber?: number | null;
  lineitemnumber?: number | null;
  isproductoverridden?: boolean | null;
  productdescription?: string | null;
  description?: string | null;
  quantity?: number | null;
  priceperunit?: number | null;
  manualdiscountamount?: number | null;
  _productid_value?: string | null;
  productid?: ProductSnapshot | null;
  _uomid_value?: string | null;
  uomid?: UomSnapshot | null;
  /** ERP location code the line ships from (DocumentLineColumns.locationCode); empty: the ERP's default. */
  erp_locationcode?: string | null;
}

export interface OrderLineSnapshot extends LineSnapshot {
  salesorderdetailid: string;
}

export interface QuoteLineSnapshot extends LineSnapshot {
  quotedetailid: string;
}

interface DocumentHeaderSnapshot {
  name?: string | null;
  statecode?: number | null;
  statuscode?: number | null;
  requestdeliveryby?: string | null;
  _customerid_value?: string | null;
  customerid_account?: AccountSnapshot | null;
  customerid_contact?: ContactSnapshot | null;
  _transactioncurrencyid_value?: string | null;
  transactioncurrencyid?: CurrencySnapshot | null;
  _ownerid_value?: string | null;
  _owninguser_value?: string | null;
  _owningteam_value?: string | null;
  owninguser?: UserSnapshot | null;
  /** Total amount in the document currency (tax and freight included): what a credit check counts. */
  totalamount?: number | null;
  /** Tax on the order's lines (Sales leaves it 0 unless a tax is entered): tells whether totalamount includes tax. */
  totaltax?: number | null;
}

export interface OrderSnapshot extends DocumentHeaderSnapshot {
  salesorderid: string;
  ordernumber?: string | null;
  erp_erpordernumber?: string | null;
  erp_submissionstatus?: number | null;
  order_details?: OrderLineSnapshot[] | null;
}

export interface QuoteSnapshot extends DocumentHeaderSnapshot {
  quoteid: string;
  quotenumber?: string | null;
  revisionnumber?: number | null;
  effectiveto?: string | null;
  erp_erpquotenumber?: string | null;
  quote_details?: QuoteLineSnapshot[] | null;
}

/** The `erp_connection` columns the rules need (null when no connection row exists or is readable). */
export interface ConnectionSettings {
  erp_writeinproducttype?: number | null;
  erp_writeinproductnumber?: string | null;
}

/**
 * Couplings the caller knows, by CRM table logical name → CRM id (lower-case GUID) → ERP number.
 * A table that is absent was not looked up and its check is skipped; a table that is present but lacks the id means
 * "not coupled". Products and accounts carry their ERP numbers in columns (erp_itemnumber, erp_customernumber); an
 * entry here also counts, so a coupling row written before the column was filled is not reported falsely.
 */
export type KnownCouplings = Partial<Record<string, Record<string, string>>>;

export interface ValidationSettings {
  connection: ConnectionSettings | null;
  couplings: KnownCouplings;
  /**
   * Where the rules run. `client`: the command bar, before submitting (order must be Active, or Submitted with a
   * queued/failed submission when retrying). `connector`: while processing (order must be Submitted).
   */
  stage: 'client' | 'connector';
  /** The form has unsaved changes (client only): the snapshot would not be what gets submitted. */
  hasUnsavedChanges?: boolean;
  /** ISO codes of the currencies the ERP knows (upper case); omit when unknown: only presence is checked then. */
  erpCurrencyCodes?: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// The read both sides use. One request: header + lines + products + units + customer + owner + currency.

const lineSelect =
  'sequencenumber,lineitemnumber,isproductoverridden,productdescription,description,quantity,priceperunit,manualdiscountamount,_productid_value,_uomid_value,erp_locationcode';
const lineExpand =
  'productid($select=productid,name,productnumber,statecode,producttypecode,erp_itemnumber),uomid($select=uomid,name)';
const accountSelect = 'accountid,name,accountnumber,customertypecode,statecode,erp_customernumber,erp_erplocationcode';
const headerSelect =
  'name,statecode,statuscode,requestdeliveryby,totalamount,totaltax,_customerid_value,_transactioncurrencyid_value,_ownerid_value,_owninguser_value,_owningteam_value';
const headerExpand = [
  `customerid_account($select=${accountSelect})`,
  `customerid_contact($select=contactid,fullname,_parentcustomerid_value;$expand=parentcustomerid_account($select=${accountSelect}))`,
  'transactioncurrencyid($select=transactioncurrencyid,isocurrencycode,currencyname)',
  'owninguser($select=systemuserid,fullname)',
];

/** `?$select=…&$expand=…` for `salesorders(<id>)`. */
export function orderSnapshotQuery(): string {
  const expand = [...headerExpand, `order_details($select=salesorderdetailid,${lineSelect};$expand=${lineExpand};$orderby=sequencenumber asc)`];
  return `?$select=salesorderid,ordernumber,erp_erpordernumber,erp_submissionstatus,${headerSelect}&$expand=${expand.join(',')}`;
}

/** `?$select=…&$expand=…` for `quotes(<id>)`. */
export function quoteSnapshotQuery(): string {
  const expand = [...headerExpand, `quote_details($select=quotedetailid,${lineSelect};$expand=${lineExpand};$orderby=sequencenumber asc)`];
  return `?$select=quoteid,quotenumber,revisionnumber,effectiveto,erp_erpquotenumber,${headerSelect}&$expand=${expand.join(',')}`;
}

// ---------------------------------------------------------------------------------------------------------------

/** Lower-cased GUID without braces: Dataverse returns lower case, forms return upper case with braces. */
export function normalizeId(id: string | null | undefined): string {
  return (id ?? '').replace(/[{}]/g, '').toLowerCase();
}

const blank = (s: string | null | undefined): boolean => s === null || s === undefined || s.trim() === '';

/** Splits a text into pieces of at most `max` characters (BC comment lines), breaking at spaces when possible. */
export function splitIntoCommentLines(text: string, max: number = ErpLimits.lineDescription): string[] {
  const out: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let rest = paragraph.trim();
    while (rest.length > max) {
      let cut = rest.lastIndexOf(' ', max);
      if (cut <= 0) cut = max;
      out.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
    if (rest.length > 0) out.push(rest);
  }
  return out;
}

/** The comment lines that carry the CRM document name at the top of the ERP document (never cut). */
export function nameCommentLines(name: string | null | undefined): string[] {
  return blank(name) ? [] : splitIntoCommentLines(name as string);
}

/** The line text the ERP receives: description, else the product description (write-ins), as BC does (§4.4). */
export function lineText(line: LineSnapshot): string {
  if (!blank(line.description)) return (line.description as string).trim();
  if (!blank(line.productdescription)) return (line.productdescription as string).trim();
  return '';
}

export function isWriteInLine(line: LineSnapshot): boolean {
  return line.isproductoverridden === true || (blank(line._productid_value) && !line.productid);
}

/** A readable label for a product in messages: "Bike 500 (BK-500)". */
function productLabel(p: ProductSnapshot | null | undefined, fallbackId: string): string {
  if (!p) return fallbackId;
  const name = p.name ?? p.productnumber ?? p.productid;
  return p.productnumber && p.name ? `${name} (${p.productnumber})` : name;
}

function resolveAccount(doc: DocumentHeaderSnapshot): AccountSnapshot | null {
  if (doc.customerid_account) return doc.customerid_account;
  if (doc.customerid_contact) return doc.customerid_contact.parentcustomerid_account ?? null;
  return null;
}

function isCoupled(couplings: KnownCouplings, table: string, id: string, numberColumn?: string | null): boolean | undefined {
  if (!blank(numberColumn)) return true;
  const known = couplings[table];
  if (known === undefined) return numberColumn === undefined ? undefined : false;
  return Object.prototype.hasOwnProperty.call(known, normalizeId(id));
}

type DocKind = 'order' | 'quote';

/** A problem with the severity its code has everywhere (problemSeverity). */
export function problem(code: ProblemCode, params: ProblemParams, extra: Omit<Problem, 'code' | 'severity' | 'params'> = {}): Problem {
  return { code, severity: problemSeverity[code], params, ...extra };
}

function push(problems: Problem[], code: ProblemCode, params: ProblemParams, extra: Omit<Problem, 'code' | 'severity' | 'params'> = {}): void {
  problems.push(problem(code, params, extra));
}

function validateCommon(kind: DocKind, doc: DocumentHeaderSnapshot, documentNumber: string | null | undefined, lines: ReadonlyArray<{ id: string; table: string; line: LineSnapshot }>, settings: ValidationSettings, problems: Problem[]): void {
  if (!settings.connection) push(problems, ProblemCode.noConnection, {});

  // Customer: account, or contact → its parent account; the account must be active, a customer and coupled.
  if (blank(doc._customerid_value) && !doc.customerid_account && !doc.customerid_contact) {
    push(problems, ProblemCode.customerMissing, {}, { field: 'customerid' });
  } else if (doc.customerid_contact && !doc.customerid_contact.parentcustomerid_account) {
    push(problems, ProblemCode.contactWithoutAccount, { contact: doc.customerid_contact.fullname ?? doc.customerid_contact.contactid }, {
      field: 'customerid',
      recordRef: { table: 'contact', id: normalizeId(doc.customerid_contact.contactid) },
    });
  } else {
    const account = resolveAccount(doc);
    if (!account) {
      // A customer id we could not read (deleted, or no read privilege): say so rather than guess.
      push(problems, ProblemCode.customerMissing, {}, { field: 'customerid' });
    } else {
      const ref = { table: 'account', id: normalizeId(account.accountid) };
      const accountName = account.name ?? account.accountid;
      if (account.statecode !== undefined && account.statecode !== null && account.statecode !== 0) {
        push(problems, ProblemCode.accountInactive, { account: accountName }, { field: 'customerid', recordRef: ref });
      }
      if (account.customertypecode !== AccountCustomerType.customer) {
        push(problems, ProblemCode.accountNotCustomer, { account: accountName }, { field: 'customerid', recordRef: ref });
      }
      if (isCoupled(settings.couplings, 'account', account.accountid, account.erp_customernumber ?? null) === false) {
        push(problems, ProblemCode.accountNotCoupled, { account: accountName }, { field: 'customerid', recordRef: ref });
      }
    }
  }

  // Currency: present, and known to the ERP when the caller knows the ERP's list.
  const currency = doc.transactioncurrencyid;
  if (blank(doc._transactioncurrencyid_value) && !currency) {
    push(problems, ProblemCode.currencyMissing, {}, { field: 'transactioncurrencyid' });
  } else if (settings.erpCurrencyCodes && currency) {
    const iso = (currency.isocurrencycode ?? '').toUpperCase();
    if (!settings.erpCurrencyCodes.map((c) => c.toUpperCase()).includes(iso)) {
      push(problems, ProblemCode.currencyUnsupported, { currency: iso || (currency.currencyname ?? '') }, {
        field: 'transactioncurrencyid',
        recordRef: { table: 'transactioncurrency', id: normalizeId(currency.transactioncurrencyid) },
      });
    }
  }

  // Owner → ERP salesperson (warning, see header).
  if (!blank(doc._owningteam_value) && blank(doc._owninguser_value)) {
    push(problems, ProblemCode.ownerNotUser, {}, { field: 'ownerid' });
  } else {
    const ownerId = doc._owninguser_value ?? doc.owninguser?.systemuserid ?? doc._ownerid_value;
    if (!blank(ownerId) && isCoupled(settings.couplings, 'systemuser', ownerId as string) === false) {
      push(problems, ProblemCode.ownerNotCoupled, { owner: doc.owninguser?.fullname ?? (ownerId as string) }, {
        field: 'ownerid',
        recordRef: { table: 'systemuser', id: normalizeId(ownerId) },
      });
    }
  }

  // The number is the External Document No. and the lookup key in the ERP: never cut, never absent.
  if (blank(documentNumber)) {
    push(problems, ProblemCode.documentNumberMissing, {}, { field: kind === 'order' ? 'ordernumber' : 'quotenumber' });
  } else if ((documentNumber as string).trim().length > ErpLimits.externalDocumentNumber) {
    push(problems, ProblemCode.documentNumberTooLong, { number: documentNumber as string, length: (documentNumber as string).trim().length, max: ErpLimits.externalDocumentNumber }, {
      field: kind === 'order' ? 'ordernumber' : 'quotenumber',
    });
  }

  // Lines.
  if (lines.length === 0) {
    push(problems, ProblemCode.noLines, {});
  }
  const writeInConfigured = !!settings.connection && settings.connection.erp_writeinproducttype !== null && settings.connection.erp_writeinproducttype !== undefined && !blank(settings.connection.erp_writeinproductnumber);
  lines.forEach(({ id, table, line }, index) => {
    const lineNo = index + 1;
    const lineRef = { table, id: normalizeId(id) };
    const text = lineText(line);
    if (isWriteInLine(line)) {
      if (!writeInConfigured) {
        push(problems, ProblemCode.writeInSetupMissing, { line: lineNo, product: text || '—' }, { recordRef: lineRef });
      }
      if (text === '') {
        push(problems, ProblemCode.writeInDescriptionMissing, { line: lineNo }, { field: 'productdescription', recordRef: lineRef });
      }
    } else {
      const p = line.productid;
      const productId = p?.productid ?? (line._productid_value as string);
      const label = productLabel(p, productId);
      const productRef = { table: 'product', id: normalizeId(productId) };
      if (!p) {
        push(problems, ProblemCode.productNotFound, { line: lineNo, product: label }, { field: 'productid', recordRef: lineRef });
      } else {
        if (p.statecode !== ProductState.active) {
          push(problems, ProblemCode.productInactive, { line: lineNo, product: label }, { field: 'productid', recordRef: productRef });
        }
        if (p.producttypecode !== ProductType.salesInventory && p.producttypecode !== ProductType.services) {
          push(problems, ProblemCode.productTypeUnsupported, { line: lineNo, product: label }, { field: 'productid', recordRef: productRef });
        }
        if (isCoupled(settings.couplings, 'product', p.productid, p.erp_itemnumber ?? null) === false) {
          push(problems, ProblemCode.productNotCoupled, { line: lineNo, product: label }, { field: 'productid', recordRef: productRef });
        }
      }
      if (blank(line._uomid_value) && !line.uomid) {
        push(problems, ProblemCode.unitMissing, { line: lineNo, product: label }, { field: 'uomid', recordRef: lineRef });
      } else {
        const uomId = line.uomid?.uomid ?? (line._uomid_value as string);
        if (isCoupled(settings.couplings, 'uom', uomId) === false) {
          push(problems, ProblemCode.unitNotCoupled, { line: lineNo, product: label, unit: line.uomid?.name ?? uomId }, {
            field: 'uomid',
            recordRef: { table: 'uom', id: normalizeId(uomId) },
          });
        }
      }
    }
    if (line.quantity === null || line.quantity === undefined || !(line.quantity > 0)) {
      push(problems, ProblemCode.quantityNotPositive, { line: lineNo, quantity: line.quantity ?? 0 }, { field: 'quantity', recordRef: lineRef });
    }
    if (text.length > ErpLimits.lineDescription) {
      push(problems, ProblemCode.descriptionSplit, { line: lineNo, length: text.length, count: splitIntoCommentLines(text).length, max: ErpLimits.lineDescription }, {
        field: 'description',
        recordRef: lineRef,
      });
    }
  });
}

/**
 * Stock lines without a ship-from location go to the ERP without one, and Business Central's Sales Line takes the
 * header's Location Code (InitHeaderDefaults), which the header copies from the customer card or else the user's or
 * company's default (Sales Header, Sell-to Customer No. OnValidate; UserSetupManagement.GetLocation). API v2.0
 * exposes none of these, so the salesperson is told the rule, once for all such lines, with how to choose instead
 * (issue 19, finding 11). When the connector has copied the customer card's Location Code onto the account
 * (erp_erplocationcode, from page 22), the note names it: GetLocation returns the customer's location whenever it
 * is set. `source` is 'customer' with `location` that code, or 'rule'. Orders only (quotes ship nothing): kept out of validateCommon so the
 * quote script does not carry it.
 */
function shipFromNote(order: OrderSnapshot, lines: ReadonlyArray<{ id: string; table: string; line: LineSnapshot }>, problems: Problem[]): void {
  const unlocated = lines
    .map(({ id, table, line }, index) => ({ ref: { table, id: normalizeId(id) }, lineNo: index + 1, line }))
    .filter(({ line }) => !isWriteInLine(line) && line.productid?.producttypecode === ProductType.salesInventory && blank(line.erp_locationcode));
  if (!unlocated.length) return;
  // `source` chooses the text; the code itself is only a value, so a location coded NONE or OTHER reads as a location.
  const location = resolveAccount(order)?.erp_erplocationcode?.trim().toUpperCase() ?? '';
  const params = { lines: unlocated.map((u) => u.lineNo).join(', '), count: unlocated.length, source: location ? 'customer' : 'rule', location };
  push(problems, ProblemCode.locationFromErp, params, { field: 'erp_locationcode', recordRef: unlocated[0].ref });
}

function sortLines<T extends LineSnapshot>(lines: readonly T[] | null | undefined): T[] {
  return [...(lines ?? [])].sort((a, b) => (a.sequencenumber ?? a.lineitemnumber ?? 0) - (b.sequencenumber ?? b.lineitemnumber ?? 0));
}

/** Every problem that stands between this order and a correct ERP sales order. */
export function validateOrderForSubmission(order: OrderSnapshot, settings: ValidationSettings): Problem[] {
  const problems: Problem[] = [];
  if (settings.stage === 'client') {
    if (settings.hasUnsavedChanges) push(problems, ProblemCode.orderUnsaved, {});
    if (!blank(order.erp_erpordernumber)) {
      push(problems, ProblemCode.orderAlreadyInErp, { number: order.erp_erpordernumber as string });
    } else {
      const retrying =
        order.statecode === SalesOrderState.submitted &&
        (order.erp_submissionstatus === SubmissionStatus.failed || order.erp_submissionstatus === SubmissionStatus.queued);
      if (order.statecode !== SalesOrderState.active && !retrying) push(problems, ProblemCode.orderNotActive, {}, { field: 'statecode' });
    }
  } else if (order.statecode !== SalesOrderState.submitted) {
    push(problems, ProblemCode.orderNotSubmitted, {}, { field: 'statecode' });
  }
  const lines = sortLines(order.order_details).map((line) => ({ id: line.salesorderdetailid, table: 'salesorderdetail', line }));
  validateCommon('order', order, order.ordernumber, lines, settings, problems);
  shipFromNote(order, lines, problems);
  return problems;
}

/** Every problem that stands between this quote and a correct ERP sales quote. Activated (or won) quotes only. */
export function validateQuoteForProcessing(quote: QuoteSnapshot, settings: ValidationSettings): Problem[] {
  const problems: Problem[] = [];
  if (settings.stage === 'client' && settings.hasUnsavedChanges) push(problems, ProblemCode.quoteUnsaved, {});
  if (quote.statecode !== QuoteState.active && quote.statecode !== QuoteState.won) {
    push(problems, ProblemCode.quoteNotActive, {}, { field: 'statecode' });
  }
  const lines = sortLines(quote.quote_details).map((line) => ({ id: line.quotedetailid, table: 'quotedetail', line }));
  validateCommon('quote', quote, quote.quotenumber, lines, settings, problems);
  return problems;
}

export const hasBlockingProblems = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error');
