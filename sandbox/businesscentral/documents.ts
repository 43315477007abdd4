/**
 * Sales documents of API v2.0: salesQuotes, salesOrders, salesInvoices (draft and posted) with their
 * lines (deep insert on POST), salesShipments and their lines, the bound actions makeOrder,
 * makeInvoice, send, shipAndInvoice, post and cancel, and the posting routines the back office reuses.
 */
import { wireEnums } from './enumWire';
import { errors } from './errors';
import { EMPTY_DATE, EMPTY_DATETIME, EMPTY_GUID, requireEntity } from './metadata';
import { etagOf, Internal, makeKinds, Resource, ServerContext, shape, validateBody, ActionResult } from './resource';
import type { CustomerRow, DocKind, ItemRow, LineRow, SalesDocRow, ShipmentLineRow, ShipmentRow } from './state';
import type { Store } from './store';
import { apiCurrencyCode, idOfCode, resolveCurrency } from './master';
import { documentTotals, dueDate, exchangeRate, lineAmounts, postItemEntry, round2, toLcy, workDate } from './ledger';
import { documentLocation, newLineLocation } from './locationDefault';

const DOC_SETS: Record<DocKind, string> = { order: 'salesOrders', quote: 'salesQuotes', invoice: 'salesInvoices' };
const LINE_SETS: Record<DocKind, string> = { order: 'salesOrderLines', quote: 'salesQuoteLines', invoice: 'salesInvoiceLines' };
const DOC_LABEL: Record<DocKind, string> = { order: 'Order', quote: 'Quote', invoice: 'Invoice' };
const DATE_FIELD: Record<DocKind, string> = { order: 'orderDate', quote: 'documentDate', invoice: 'invoiceDate' };
const LINE_TYPES_SUPPORTED = new Set(['Comment', 'Item', 'Resource', 'Account']);

const dateOrEmpty = (d: string): string => d || EMPTY_DATE;

function customerByNumber(store: Store, no: string): CustomerRow | undefined {
  return store.tables.customers.find((c) => c.number === no);
}

function requireCustomerOf(store: Store, doc: SalesDocRow): CustomerRow {
  const c = customerByNumber(store, doc.customerNumber);
  if (!c) throw errors.relatedNotFound('Customer', `No.='${doc.customerNumber}'`);
  return c;
}

/** BC's Customer.CheckBlockedCustOnDocs: All blocks everything, Invoice blocks quotes/orders/invoices, Ship blocks shipping. */
export function checkCustomerNotBlocked(c: CustomerRow, shipping: boolean): void {
  if (c.blocked === 'All' || c.blocked === 'Invoice' || (shipping && c.blocked === 'Ship')) {
    throw errors.dialog(`You cannot ${shipping ? 'ship to' : 'create this type of document when'} Customer ${c.number}${shipping ? ' because it' : ''} is blocked with type ${c.blocked}.`);
  }
}

export function unitPriceFor(store: Store, item: ItemRow, customer: CustomerRow, currencyCode: string, quantity: number): number {
  const lists = store.tables.priceLists.filter(
    (p) => p.currencyCode === currencyCode && (p.customerPriceGroupCode === null || p.customerPriceGroupCode === customer.customerPriceGroupCode) && p.startingDate <= workDate(store),
  );
  let best: number | undefined;
  for (const p of lists) {
    for (const l of p.lines) {
      if (l.itemNumber === item.number && l.minimumQuantity <= quantity && (best === undefined || l.unitPrice < best)) best = l.unitPrice;
    }
  }
  if (best !== undefined) return best;
  return round2(item.unitPrice * exchangeRate(store, currencyCode));
}

// ---- projection ------------------------------------------------------------------------------------

export function projectLine(ctx: ServerContext, doc: SalesDocRow, l: LineRow): Record<string, unknown> {
  const store = ctx.store;
  const a = lineAmounts(l);
  const totals = documentTotals(doc);
  const net = l.lineType === 'Comment' ? 0 : a.net;
  const linesNet = doc.lines.reduce((s, x) => s + lineAmounts(x).net, 0);
  const allocation = doc.discountAmount && linesNet ? round2((doc.discountAmount * net) / linesNet) : 0;
  const netAmount = round2(net - allocation);
  const netTax = round2((netAmount * l.taxPercent) / 100);
  void totals;
  const item = l.lineType === 'Item' ? store.tables.items.find((i) => i.number === l.lineObjectNumber) : undefined;
  const account = l.lineType === 'Account' ? store.tables.glAccounts.find((g) => g.number === l.lineObjectNumber) : undefined;
  return {
    id: l.id, documentId: doc.id, sequence: l.sequence, itemId: item?.id ?? EMPTY_GUID, accountId: account?.id ?? EMPTY_GUID, lineType: l.lineType,
    lineObjectNumber: l.lineObjectNumber, description: l.description, description2: l.description2,
    unitOfMeasureId: idOfCode(store, 'unitsOfMeasure', l.unitOfMeasureCode), unitOfMeasureCode: l.unitOfMeasureCode, quantity: l.quantity, unitPrice: l.unitPrice,
    discountAmount: l.discountAmount, discountPercent: l.discountPercent, discountAppliedBeforeTax: true, amountExcludingTax: net,
    taxCode: l.lineType === 'Comment' ? '' : `VAT${l.taxPercent}`, taxPercent: l.taxPercent, totalTaxAmount: a.tax, amountIncludingTax: round2(net + a.tax),
    invoiceDiscountAllocation: allocation, netAmount, netTaxAmount: netTax, netAmountIncludingTax: round2(netAmount + netTax),
    shipmentDate: dateOrEmpty(l.shipmentDate), shippedQuantity: l.shippedQuantity, invoicedQuantity: l.invoicedQuantity, invoiceQuantity: l.invoiceQuantity,
    shipQuantity: l.shipQuantity, itemVariantId: l.itemVariantId || EMPTY_GUID, locationId: idOfCode(store, 'locations', l.locationCode),
  };
}

export function projectDocument(ctx: ServerContext, d: SalesDocRow): Record<string, unknown> {
  const store = ctx.store;
  const customer = customerByNumber(store, d.customerNumber);
  const billTo = customerByNumber(store, d.billToCustomerNumber) ?? customer;
  const t = documentTotals(d);
  const shippable = d.lines.filter((l) => l.lineType !== 'Comment');
  const invoiceEntry = d.kind === 'invoice' && d.posted ? store.tables.custLedgerEntries.find((e) => e.documentType === 'Invoice' && e.documentNumber === d.number) : undefined;
  return {
    id: d.id, number: d.number, externalDocumentNumber: d.externalDocumentNumber, orderDate: dateOrEmpty(d.documentDate), documentDate: dateOrEmpty(d.documentDate),
    invoiceDate: dateOrEmpty(d.documentDate), postingDate: dateOrEmpty(d.postingDate), dueDate: dateOrEmpty(d.dueDate), promisedPayDate: dateOrEmpty(d.promisedPayDate),
    customerPurchaseOrderReference: d.customerPurchaseOrderReference,
    customerId: customer?.id ?? EMPTY_GUID, customerNumber: d.customerNumber, customerName: customer?.displayName ?? '', billToName: billTo?.displayName ?? '',
    billToCustomerId: billTo?.id ?? EMPTY_GUID, billToCustomerNumber: d.billToCustomerNumber, shipToName: d.shipToName, shipToContact: d.shipToContact,
    sellToAddressLine1: d.sellToAddressLine1, sellToAddressLine2: d.sellToAddressLine2, sellToCity: d.sellToCity, sellToCountry: d.sellToCountry, sellToState: d.sellToState, sellToPostCode: d.sellToPostCode,
    billToAddressLine1: billTo?.addressLine1 ?? '', billToAddressLine2: billTo?.addressLine2 ?? '', billToCity: billTo?.city ?? '', billToCountry: billTo?.country ?? '',
    billToState: billTo?.state ?? '', billToPostCode: billTo?.postalCode ?? '',
    shipToAddressLine1: d.shipToAddressLine1, shipToAddressLine2: d.shipToAddressLine2, shipToCity: d.shipToCity, shipToCountry: d.shipToCountry, shipToState: d.shipToState, shipToPostCode: d.shipToPostCode,
    shortcutDimension1Code: d.shortcutDimension1Code, shortcutDimension2Code: d.shortcutDimension2Code,
    currencyId: idOfCode(store, 'currencies', d.currencyCode), currencyCode: apiCurrencyCode(store, d.currencyCode), pricesIncludeTax: d.pricesIncludeTax,
    paymentTermsId: idOfCode(store, 'paymentTerms', d.paymentTermsCode), shipmentMethodId: idOfCode(store, 'shipmentMethods', d.shipmentMethodCode),
    salesperson: d.salesperson, partialShipping: d.partialShipping, requestedDeliveryDate: dateOrEmpty(d.requestedDeliveryDate), discountAmount: d.discountAmount,
    discountAppliedBeforeTax: true, totalAmountExcludingTax: t.net, totalTaxAmount: t.tax, totalAmountIncludingTax: t.gross,
    fullyShipped: shippable.length > 0 && shippable.every((l) => l.shippedQuantity >= l.quantity), status: d.status, lastModifiedDateTime: d.lastModifiedDateTime,
    phoneNumber: d.phoneNumber, email: d.email, validUntilDate: dateOrEmpty(d.validUntilDate), sentDate: d.sentDate || EMPTY_DATETIME, acceptedDate: dateOrEmpty(d.acceptedDate),
    orderId: d.orderId || EMPTY_GUID, orderNumber: d.orderNumber, disputeStatusId: EMPTY_GUID, disputeStatus: '',
    remainingAmount: d.kind === 'invoice' ? (invoiceEntry ? invoiceEntry.remainingAmount : d.posted ? 0 : t.gross) : 0,
  };
}

// ---- validation and application of bodies ---------------------------------------------------------------

function header(doc: SalesDocRow): string {
  return `Sales Header: Document Type=${DOC_LABEL[doc.kind]}, No.=${doc.number}`;
}

function requireEditable(doc: SalesDocRow): void {
  if (doc.kind === 'invoice' && doc.posted) throw errors.dialog(`You cannot change the posted sales invoice ${doc.number}.`);
  // A quote's Sent/Accepted are flags on an open document; only released orders and invoices are locked.
  if (doc.kind !== 'quote' && doc.status !== 'Draft') throw errors.fieldValidation(`Status must be equal to 'Open'  in ${header(doc)}. Current value is 'Released'.`);
}

function applyCustomer(store: Store, doc: SalesDocRow, c: CustomerRow): void {
  Object.assign(doc, {
    customerNumber: c.number, billToCustomerNumber: c.number, shipToName: c.displayName, shipToContact: '',
    sellToAddressLine1: c.addressLine1, sellToAddressLine2: c.addressLine2, sellToCity: c.city, sellToCountry: c.country, sellToState: c.state, sellToPostCode: c.postalCode,
    shipToAddressLine1: c.addressLine1, shipToAddressLine2: c.addressLine2, shipToCity: c.city, shipToCountry: c.country, shipToState: c.state, shipToPostCode: c.postalCode,
    currencyCode: c.currencyCode, paymentTermsCode: c.paymentTermsCode, shipmentMethodCode: c.shipmentMethodCode, salesperson: c.salespersonCode,
    phoneNumber: c.phoneNumber, email: c.email,
    // UpdateLocationCode(SellToCustomer."Location Code"): the customer's, else the company's (locationDefault.ts).
    locationCode: documentLocation(store, c),
  });
  if (doc.documentDate) doc.dueDate = dueDate(store, doc.documentDate, doc.paymentTermsCode);
  for (const l of doc.lines) if (l.lineType !== 'Comment') l.taxPercent = c.vatPercent;
}

const HEADER_DIRECT = [
  'externalDocumentNumber', 'postingDate', 'shipToName', 'shipToContact', 'sellToAddressLine1', 'sellToAddressLine2', 'sellToCity', 'sellToCountry', 'sellToState', 'sellToPostCode',
  'shipToAddressLine1', 'shipToAddressLine2', 'shipToCity', 'shipToCountry', 'shipToState', 'shipToPostCode', 'shortcutDimension1Code', 'shortcutDimension2Code',
  'pricesIncludeTax', 'partialShipping', 'requestedDeliveryDate', 'phoneNumber', 'email', 'validUntilDate', 'promisedPayDate', 'customerPurchaseOrderReference', 'dueDate',
];

function applyHeader(ctx: ServerContext, doc: SalesDocRow, v: Record<string, unknown>, creating: boolean): void {
  const store = ctx.store;
  // Customer first: it re-defaults addresses, currency and terms that the rest of the body may override.
  const byId = typeof v.customerId === 'string' ? store.get('customers', v.customerId) : undefined;
  if (typeof v.customerId === 'string' && !byId) throw errors.relatedNotFound('Customer', `Id='${v.customerId}'`);
  const byNo = typeof v.customerNumber === 'string' ? customerByNumber(store, v.customerNumber) : undefined;
  if (typeof v.customerNumber === 'string' && !byNo) throw errors.relatedNotFound('Customer', `No.='${v.customerNumber}'`);
  if (byId && byNo && byId !== byNo) throw errors.dialog(`The customerNumber '${byNo.number}' and the customerId '${byId.id}' refer to different customers.`);
  const customer = byId ?? byNo;
  if (creating && !customer) throw errors.dialog('A customerNumber or a customerID must be provided.');
  if (customer && customer.number !== doc.customerNumber) {
    if (!creating && doc.lines.some((l) => l.shippedQuantity > 0)) throw errors.dialog(`You cannot change the customer of ${DOC_LABEL[doc.kind].toLowerCase()} ${doc.number} because it has been shipped.`);
    checkCustomerNotBlocked(customer, false);
    applyCustomer(store, doc, customer);
  }
  const billTo = typeof v.billToCustomerId === 'string' ? store.get('customers', v.billToCustomerId) : typeof v.billToCustomerNumber === 'string' ? customerByNumber(store, v.billToCustomerNumber) : undefined;
  if ((typeof v.billToCustomerId === 'string' || typeof v.billToCustomerNumber === 'string') && !billTo) throw errors.relatedNotFound('Customer', `No.='${String(v.billToCustomerNumber ?? v.billToCustomerId)}'`);
  if (billTo) doc.billToCustomerNumber = billTo.number;
  for (const k of HEADER_DIRECT) if (k in v) (doc as unknown as Record<string, unknown>)[k] = v[k];
  const dateField = DATE_FIELD[doc.kind];
  if (typeof v[dateField] === 'string') {
    doc.documentDate = v[dateField] as string;
    if (!('dueDate' in v)) doc.dueDate = dueDate(store, doc.documentDate, doc.paymentTermsCode);
  }
  if ('currencyCode' in v || 'currencyId' in v) doc.currencyCode = resolveCurrency(store, v, doc.currencyCode);
  if (typeof v.paymentTermsId === 'string') {
    const t = v.paymentTermsId === EMPTY_GUID ? undefined : store.get('paymentTerms', v.paymentTermsId);
    if (v.paymentTermsId !== EMPTY_GUID && !t) throw errors.relatedNotFound('Payment Terms', `Id='${v.paymentTermsId}'`);
    doc.paymentTermsCode = t?.code ?? '';
    if (doc.documentDate && !('dueDate' in v)) doc.dueDate = dueDate(store, doc.documentDate, doc.paymentTermsCode);
  }
  if (typeof v.shipmentMethodId === 'string') {
    const m = v.shipmentMethodId === EMPTY_GUID ? undefined : store.get('shipmentMethods', v.shipmentMethodId);
    if (v.shipmentMethodId !== EMPTY_GUID && !m) throw errors.relatedNotFound('Shipment Method', `Id='${v.shipmentMethodId}'`);
    doc.shipmentMethodCode = m?.code ?? '';
  }
  if (typeof v.salesperson === 'string') {
    if (v.salesperson && !store.tables.salespeople.some((s) => s.code === v.salesperson)) throw errors.relatedNotFound('Salesperson/Purchaser', `Code='${v.salesperson}'`);
    doc.salesperson = v.salesperson;
  }
  if (typeof v.discountAmount === 'number') {
    if (v.discountAmount < 0) throw errors.fieldValidation(`Invoice Discount Amount must not be negative in ${header(doc)}.`);
    const linesNet = doc.lines.reduce((s, l) => s + lineAmounts(l).net, 0);
    if (v.discountAmount > linesNet && !creating) throw errors.dialog(`The invoice discount (${v.discountAmount}) cannot be larger than the document amount (${round2(linesNet)}).`);
    doc.discountAmount = v.discountAmount;
  }
  if (!doc.documentDate) {
    doc.documentDate = workDate(store);
    doc.dueDate = doc.dueDate || dueDate(store, doc.documentDate, doc.paymentTermsCode);
  }
  if (!doc.postingDate && doc.kind !== 'quote') doc.postingDate = doc.documentDate;
  if (doc.kind === 'quote' && !doc.validUntilDate) doc.validUntilDate = '';
}

function lineLabel(doc: SalesDocRow, sequence: number): string {
  return `Sales Line: Document Type=${DOC_LABEL[doc.kind]}, Document No.=${doc.number}, Line No.=${sequence}`;
}

function applyLine(ctx: ServerContext, doc: SalesDocRow, line: LineRow, v: Record<string, unknown>, creating: boolean): void {
  const store = ctx.store;
  const customer = requireCustomerOf(store, doc);
  if (!creating) {
    for (const k of ['lineType', 'lineObjectNumber', 'itemId', 'accountId'] as const) {
      if (k in v && v[k] !== (k === 'lineType' ? line.lineType : k === 'lineObjectNumber' ? line.lineObjectNumber : v[k])) {
        if (k === 'itemId' || k === 'accountId') continue;
        throw errors.dialog(`The ${k} of a line cannot be changed. Delete the line and insert it again.`);
      }
    }
  }
  if (creating) {
    const lineType = typeof v.lineType === 'string' ? v.lineType : typeof v.itemId === 'string' ? 'Item' : typeof v.accountId === 'string' ? 'Account' : typeof v.lineObjectNumber === 'string' ? 'Item' : 'Comment';
    if (typeof v.itemId === 'string' && typeof v.accountId === 'string') throw errors.dialog('itemId and accountId cannot both be set on a line.');
    if (typeof v.itemId === 'string' && lineType !== 'Item') throw errors.dialog(`itemId can only be set on a line of type Item; this line is of type ${lineType}.`);
    if (!LINE_TYPES_SUPPORTED.has(lineType)) throw errors.notImplemented(`Sales lines of type '${lineType}'`);
    line.lineType = lineType;
    if (lineType === 'Item') {
      const item = typeof v.itemId === 'string' ? store.get('items', v.itemId) : store.tables.items.find((i) => i.number === v.lineObjectNumber);
      if (!item) throw errors.relatedNotFound('Item', typeof v.itemId === 'string' ? `Id='${v.itemId}'` : `No.='${String(v.lineObjectNumber ?? '')}'`);
      if (typeof v.lineObjectNumber === 'string' && typeof v.itemId === 'string' && v.lineObjectNumber !== item.number) throw errors.dialog(`The lineObjectNumber '${v.lineObjectNumber}' does not match the itemId (item ${item.number}).`);
      if (item.blocked) throw errors.fieldValidation(`Blocked must be equal to 'No'  in Item: No.=${item.number}. Current value is 'Yes'.`);
      line.lineObjectNumber = item.number;
      line.description = item.displayName;
      line.description2 = item.displayName2;
      line.unitOfMeasureCode = item.baseUnitOfMeasureCode;
      // InitHeaderLocactionCode: the header's location; a locationId in the body replaces it below.
      line.locationCode = item.type === 'Inventory' ? newLineLocation(doc) : '';
    } else if (lineType === 'Resource') {
      const res = store.tables.resources.find((r) => r.number === v.lineObjectNumber);
      if (!res) throw errors.relatedNotFound('Resource', `No.='${String(v.lineObjectNumber ?? '')}'`);
      if (res.blocked) throw errors.fieldValidation(`Blocked must be equal to 'No'  in Resource: No.=${res.number}. Current value is 'Yes'.`);
      line.lineObjectNumber = res.number;
      line.description = res.name;
      line.unitOfMeasureCode = res.baseUnitOfMeasureCode;
    } else if (lineType === 'Account') {
      const acc = typeof v.accountId === 'string' ? store.get('glAccounts', v.accountId) : store.tables.glAccounts.find((g) => g.number === v.lineObjectNumber);
      if (!acc) throw errors.relatedNotFound('G/L Account', typeof v.accountId === 'string' ? `Id='${v.accountId}'` : `No.='${String(v.lineObjectNumber ?? '')}'`);
      line.lineObjectNumber = acc.number;
      line.description = acc.name;
    } else {
      if (typeof v.lineObjectNumber === 'string' && v.lineObjectNumber) throw errors.fieldValidation(`Type must not be Comment when No. is set in ${lineLabel(doc, line.sequence)}.`);
    }
    line.taxPercent = lineType === 'Comment' ? 0 : customer.vatPercent;
  }
  if (typeof v.description === 'string') line.description = v.description;
  if (typeof v.description2 === 'string') line.description2 = v.description2;
  if (line.lineType === 'Comment') {
    if (typeof v.quantity === 'number' && v.quantity !== 0) throw errors.fieldValidation(`Quantity must be equal to '0'  in ${lineLabel(doc, line.sequence)} of type Comment. Current value is '${v.quantity}'.`);
    return;
  }
  const unitCode = typeof v.unitOfMeasureId === 'string' ? store.get('unitsOfMeasure', v.unitOfMeasureId)?.code : typeof v.unitOfMeasureCode === 'string' ? v.unitOfMeasureCode : undefined;
  if (typeof v.unitOfMeasureId === 'string' && !unitCode) throw errors.relatedNotFound('Unit of Measure', `Id='${v.unitOfMeasureId}'`);
  if (unitCode !== undefined && unitCode !== line.unitOfMeasureCode) {
    if (line.lineType === 'Item') throw errors.relatedNotFound('Item Unit of Measure', `Item No.='${line.lineObjectNumber}',Code='${unitCode}'`);
    if (!store.tables.unitsOfMeasure.some((u) => u.code === unitCode)) throw errors.relatedNotFound('Unit of Measure', `Code='${unitCode}'`);
    line.unitOfMeasureCode = unitCode;
  }
  if (typeof v.quantity === 'number') {
    if (v.quantity <= 0) throw errors.fieldValidation(`Quantity must be positive in ${lineLabel(doc, line.sequence)}. Current value is '${v.quantity}'.`);
    if (v.quantity < line.shippedQuantity) throw errors.dialog(`Quantity ${v.quantity} cannot be less than the quantity already shipped (${line.shippedQuantity}) on line ${line.sequence}.`);
    line.quantity = v.quantity;
  } else if (creating) {
    throw errors.fieldValidation(`Quantity must be positive in ${lineLabel(doc, line.sequence)}. Current value is '0'.`);
  }
  if (typeof v.unitPrice === 'number') {
    if (v.unitPrice < 0) throw errors.fieldValidation(`Unit Price must not be negative in ${lineLabel(doc, line.sequence)}.`);
    line.unitPrice = v.unitPrice;
  } else if (creating) {
    if (line.lineType === 'Item') line.unitPrice = unitPriceFor(store, store.tables.items.find((i) => i.number === line.lineObjectNumber)!, customer, doc.currencyCode, line.quantity);
    else if (line.lineType === 'Resource') line.unitPrice = round2((store.tables.resources.find((r) => r.number === line.lineObjectNumber)?.unitPrice ?? 0) * exchangeRate(store, doc.currencyCode));
  }
  if (typeof v.discountPercent === 'number') {
    if (v.discountPercent < 0 || v.discountPercent > 100) throw errors.fieldValidation(`The value must be greater than or equal to 0 and less than or equal to 100. Field: Line Discount %, ${lineLabel(doc, line.sequence)}. Value: ${v.discountPercent}.`);
    line.discountPercent = v.discountPercent;
  }
  const gross = round2(line.quantity * line.unitPrice);
  if (typeof v.discountAmount === 'number') {
    if (v.discountAmount < 0 || v.discountAmount > gross) throw errors.fieldValidation(`Line Discount Amount must be between 0 and ${gross} in ${lineLabel(doc, line.sequence)}.`);
    line.discountAmount = v.discountAmount;
    line.discountPercent = gross ? round2((v.discountAmount / gross) * 100) : 0;
  } else {
    line.discountAmount = round2((gross * line.discountPercent) / 100);
  }
  if (typeof v.locationId === 'string') {
    const loc = v.locationId === EMPTY_GUID ? undefined : store.get('locations', v.locationId);
    if (v.locationId !== EMPTY_GUID && !loc) throw errors.relatedNotFound('Location', `Id='${v.locationId}'`);
    line.locationCode = loc?.code ?? '';
  }
  if (typeof v.itemVariantId === 'string' && v.itemVariantId !== EMPTY_GUID) throw errors.relatedNotFound('Item Variant', `Id='${v.itemVariantId}'`);
  if (typeof v.shipmentDate === 'string') line.shipmentDate = v.shipmentDate;
  else if (creating) line.shipmentDate = doc.requestedDeliveryDate || doc.documentDate;
  const outstanding = round2(line.quantity - line.shippedQuantity);
  if (typeof v.shipQuantity === 'number') {
    if (v.shipQuantity < 0 || v.shipQuantity > outstanding) throw errors.dialog(`You cannot ship more than ${outstanding} units on line ${line.sequence}.`);
    line.shipQuantity = v.shipQuantity;
  } else line.shipQuantity = outstanding;
  const invoiceable = round2(line.quantity - line.invoicedQuantity);
  if (typeof v.invoiceQuantity === 'number') {
    if (v.invoiceQuantity < 0 || v.invoiceQuantity > invoiceable) throw errors.dialog(`You cannot invoice more than ${invoiceable} units on line ${line.sequence}.`);
    line.invoiceQuantity = v.invoiceQuantity;
  } else line.invoiceQuantity = invoiceable;
}

function emptyLine(id: string, sequence: number): LineRow {
  return {
    id, sequence, lineType: 'Comment', lineObjectNumber: '', description: '', description2: '', unitOfMeasureCode: '', quantity: 0, unitPrice: 0, discountAmount: 0,
    discountPercent: 0, taxPercent: 0, shipmentDate: '', shippedQuantity: 0, invoicedQuantity: 0, shipQuantity: 0, invoiceQuantity: 0, locationCode: '', itemVariantId: '',
  };
}

export function newDocument(store: Store, kind: DocKind): SalesDocRow {
  return {
    id: store.newId(), version: 0, lastModifiedDateTime: '', kind, number: '', externalDocumentNumber: '', documentDate: '', postingDate: '', dueDate: '', requestedDeliveryDate: '',
    validUntilDate: '', promisedPayDate: '', customerNumber: '', billToCustomerNumber: '', shipToName: '', shipToContact: '', sellToAddressLine1: '', sellToAddressLine2: '',
    sellToCity: '', sellToCountry: '', sellToState: '', sellToPostCode: '', shipToAddressLine1: '', shipToAddressLine2: '', shipToCity: '', shipToCountry: '', shipToState: '',
    shipToPostCode: '', currencyCode: '', paymentTermsCode: '', shipmentMethodCode: '', salesperson: '', partialShipping: true, pricesIncludeTax: false, discountAmount: 0,
    status: 'Draft', posted: false, orderId: '', orderNumber: '', customerPurchaseOrderReference: '', sentDate: '', acceptedDate: '', phoneNumber: '', email: '',
    shortcutDimension1Code: '', shortcutDimension2Code: '', lines: [],
  };
}

function nextDocNumber(store: Store, kind: DocKind): string {
  const c = store.state.counters;
  if (kind === 'order') return `S-ORD${++c.order}`;
  if (kind === 'quote') return `S-QUO${++c.quote}`;
  return `S-DINV${++c.invoice}`;
}

function addLine(ctx: ServerContext, doc: SalesDocRow, lineResource: Resource, body: unknown): LineRow {
  const { values } = validateBody(lineResource, body, 'create');
  if (typeof values.documentId === 'string' && values.documentId !== doc.id) throw errors.dialog(`The documentId '${values.documentId}' of the line does not match the document ${doc.id}.`);
  const sequence = typeof values.sequence === 'number' ? values.sequence : doc.lines.reduce((m, l) => Math.max(m, l.sequence), 0) + 10000;
  if (doc.lines.some((l) => l.sequence === sequence)) throw errors.duplicateKey('Sales Line', `Document Type='${DOC_LABEL[doc.kind]}',Document No.='${doc.number}',Line No.='${sequence}'`);
  const line = emptyLine(ctx.store.newId(), sequence);
  applyLine(ctx, doc, line, values, true);
  doc.lines.push(line);
  doc.lines.sort((a, b) => a.sequence - b.sequence);
  if (ctx.store.get('salesDocuments', doc.id)) ctx.store.indexLine(doc, line);
  return line;
}

function touchDoc(ctx: ServerContext, doc: SalesDocRow, changeType: 'created' | 'updated' = 'updated'): void {
  ctx.store.touch(doc, DOC_SETS[doc.kind], changeType);
}

// ---- posting (shared with the back office) -----------------------------------------------------------

export interface ShipRequest {
  /** Quantities per line sequence; omitted = the line's shipQuantity (Qty. to Ship). */
  quantities?: Map<number, number>;
  trackingNumber?: string;
  shippingAgentCode?: string;
  postingDate?: string;
}

/** Posts a shipment for an order: shipment document, item ledger entries (stock down), shipped quantities. */
export function postShipment(ctx: ServerContext, order: SalesDocRow, req: ShipRequest = {}): ShipmentRow {
  const store = ctx.store;
  if (order.kind !== 'order') throw errors.dialog(`${order.number} is not a sales order.`);
  const customer = requireCustomerOf(store, order);
  checkCustomerNotBlocked(customer, true);
  if (order.status !== 'Open') throw errors.fieldValidation(`Status must be equal to 'Released'  in ${header(order)}. Current value is 'Open'. Release the order before shipping it.`);
  const postingDate = req.postingDate ?? workDate(store);
  const toShip = order.lines
    .filter((l) => l.lineType !== 'Comment')
    .map((l) => ({ line: l, qty: req.quantities ? req.quantities.get(l.sequence) ?? 0 : l.shipQuantity }))
    .filter((x) => x.qty > 0);
  if (req.quantities) {
    for (const [seq, qty] of req.quantities) {
      const l = order.lines.find((x) => x.sequence === seq);
      if (!l || l.lineType === 'Comment') throw errors.dialog(`Order ${order.number} has no line ${seq} to ship.`);
      if (qty < 0 || qty > round2(l.quantity - l.shippedQuantity)) throw errors.dialog(`You cannot ship ${qty} on line ${seq} of order ${order.number}: ${round2(l.quantity - l.shippedQuantity)} remain to be shipped.`);
    }
  }
  if (!toShip.length) throw errors.dialog('There is nothing to post.');
  if (!order.partialShipping) {
    // Shipping Advice = Complete: the whole order ships at once.
    const incomplete = order.lines.some((l) => l.lineType !== 'Comment' && round2(l.quantity - l.shippedQuantity) !== (toShip.find((x) => x.line === l)?.qty ?? 0));
    if (incomplete) throw errors.dialog(`You cannot ship order ${order.number} partially because its shipping advice is Complete.`);
  }
  const number = `S-SHPT${++store.state.counters.shipment}`;
  const shipment: ShipmentRow = {
    id: store.newId(), version: 0, lastModifiedDateTime: '', number, orderId: order.id, orderNumber: order.number, customerNumber: order.customerNumber,
    externalDocumentNumber: order.externalDocumentNumber, documentDate: postingDate, postingDate, dueDate: order.dueDate, currencyCode: order.currencyCode,
    paymentTermsCode: order.paymentTermsCode, shipmentMethodCode: order.shipmentMethodCode, salesperson: order.salesperson,
    customerPurchaseOrderReference: order.customerPurchaseOrderReference, shipToName: order.shipToName, shipToContact: order.shipToContact,
    shipToAddressLine1: order.shipToAddressLine1, shipToAddressLine2: order.shipToAddressLine2, shipToCity: order.shipToCity, shipToCountry: order.shipToCountry,
    shipToState: order.shipToState, shipToPostCode: order.shipToPostCode, packageTrackingNumber: req.trackingNumber ?? '', shippingAgentCode: req.shippingAgentCode ?? '', lines: [],
  };
  for (const l of order.lines) {
    const ship = toShip.find((x) => x.line === l);
    if (!ship && l.lineType !== 'Comment') continue;
    const qty = ship?.qty ?? 0;
    const sl: ShipmentLineRow = {
      id: store.newId(), sequence: l.sequence, lineType: l.lineType === 'Comment' ? ' ' : l.lineType === 'Account' ? 'G/L Account' : l.lineType, lineObjectNumber: l.lineObjectNumber,
      description: l.description, description2: l.description2, unitOfMeasureCode: l.unitOfMeasureCode, unitPrice: l.unitPrice, quantity: qty, discountPercent: l.discountPercent,
      taxPercent: l.taxPercent, shipmentDate: postingDate, locationCode: l.locationCode, orderLineId: l.id,
    };
    shipment.lines.push(sl);
    if (!ship) continue;
    const item = l.lineType === 'Item' ? store.tables.items.find((i) => i.number === l.lineObjectNumber) : undefined;
    if (item && item.type === 'Inventory') {
      postItemEntry(store, {
        itemNumber: item.number, postingDate, entryType: 'Sale', sourceType: 'Customer', sourceNumber: order.customerNumber, documentType: 'Sales Shipment', documentNumber: number,
        description: l.description, locationCode: l.locationCode, unitOfMeasureCode: l.unitOfMeasureCode, quantity: -qty, invoicedQuantity: 0,
        costAmountActual: round2(-qty * item.unitCost), salesAmountActual: 0,
      });
    }
    l.shippedQuantity = round2(l.shippedQuantity + qty);
    l.shipQuantity = round2(l.quantity - l.shippedQuantity);
    l.invoiceQuantity = round2(l.shippedQuantity - l.invoicedQuantity);
  }
  store.insert('shipments', shipment);
  store.touch(shipment, 'salesShipments', 'created');
  touchDoc(ctx, order);
  return shipment;
}

function postCustomerInvoiceEntry(ctx: ServerContext, inv: SalesDocRow): void {
  const store = ctx.store;
  const t = documentTotals(inv);
  store.insert('custLedgerEntries', {
    id: store.newId(), version: 1, lastModifiedDateTime: store.stamp(), entryNumber: ++store.state.counters.custEntry, customerNumber: inv.billToCustomerNumber || inv.customerNumber,
    postingDate: inv.postingDate, documentType: 'Invoice', documentNumber: inv.number, description: inv.orderNumber ? `Order ${inv.orderNumber}` : `Invoice ${inv.number}`,
    currencyCode: inv.currencyCode, amount: t.gross, remainingAmount: t.gross, dueDate: inv.dueDate, open: t.gross > 0, appliesToDocumentNumber: '',
    exchangeRate: exchangeRate(store, inv.currencyCode),
  });
}

/** Invoices what is shipped and not yet invoiced on an order: a posted salesInvoice and its customer ledger entry. */
export function postInvoiceFromOrder(ctx: ServerContext, order: SalesDocRow, postingDate?: string): SalesDocRow {
  const store = ctx.store;
  const lines = order.lines.filter((l) => l.lineType !== 'Comment' && round2(l.shippedQuantity - l.invoicedQuantity) > 0);
  if (!lines.length) throw errors.dialog(`There is nothing to invoice on order ${order.number}: ship it first.`);
  const date = postingDate ?? workDate(store);
  const inv = newDocument(store, 'invoice');
  Object.assign(inv, {
    ...order, id: inv.id, version: 0, kind: 'invoice', number: `S-INV${++store.state.counters.postedInvoice}`, documentDate: date, postingDate: date,
    dueDate: dueDate(store, date, order.paymentTermsCode), status: 'Open', posted: true, orderId: order.id, orderNumber: order.number,
    customerPurchaseOrderReference: order.externalDocumentNumber.slice(0, 35), lines: [],
  });
  let seq = 0;
  for (const l of order.lines) {
    const qty = l.lineType === 'Comment' ? 0 : round2(l.shippedQuantity - l.invoicedQuantity);
    if (l.lineType !== 'Comment' && qty <= 0) continue;
    const discountAmount = l.quantity ? round2((l.discountAmount * qty) / l.quantity) : 0;
    inv.lines.push({ ...l, id: store.newId(), sequence: (seq += 10000), quantity: qty, discountAmount, shippedQuantity: qty, invoicedQuantity: qty, shipQuantity: 0, invoiceQuantity: 0 });
    if (l.lineType !== 'Comment') {
      l.invoicedQuantity = round2(l.invoicedQuantity + qty);
      l.invoiceQuantity = round2(l.shippedQuantity - l.invoicedQuantity);
    }
  }
  // The order's invoice discount is invoiced with the first invoice.
  const alreadyDiscounted = store.tables.salesDocuments.some((d) => d.kind === 'invoice' && d.orderId === order.id && d.discountAmount > 0);
  inv.discountAmount = alreadyDiscounted ? 0 : Math.min(order.discountAmount, inv.lines.reduce((s, l) => s + lineAmounts(l).net, 0));
  // Sale entries of this order's shipments get their sales amount once invoiced.
  for (const e of store.tables.itemLedgerEntries) {
    if (e.entryType === 'Sale' && e.documentType === 'Sales Shipment' && e.invoicedQuantity === 0 && store.tables.shipments.some((s) => s.orderId === order.id && s.number === e.documentNumber)) {
      const line = inv.lines.find((l) => l.lineObjectNumber === e.itemNumber);
      if (line) {
        e.invoicedQuantity = e.quantity;
        e.salesAmountActual = toLcy(store, round2(-e.quantity * line.unitPrice), inv.currencyCode);
      }
    }
  }
  store.insert('salesDocuments', inv);
  for (const l of inv.lines) store.indexLine(inv, l);
  store.touch(inv, 'salesInvoices', 'created');
  postCustomerInvoiceEntry(ctx, inv);
  const complete = order.lines.every((l) => l.lineType === 'Comment' || l.invoicedQuantity >= l.quantity);
  if (complete && !ctx.options.keepFullyInvoicedOrders) {
    // BC deletes a sales order once it is completely shipped and invoiced.
    store.remove('salesDocuments', order.id);
    store.emit({ entitySet: 'salesOrders', id: order.id, changeType: 'deleted', at: store.stamp() });
  } else touchDoc(ctx, order);
  return inv;
}

/** Posts a draft invoice (same id, posted number), with its stock and customer ledger effects. */
export function postDraftInvoice(ctx: ServerContext, inv: SalesDocRow): void {
  const store = ctx.store;
  if (inv.posted) throw errors.dialog(`Sales invoice ${inv.number} is already posted.`);
  const customer = requireCustomerOf(store, inv);
  checkCustomerNotBlocked(customer, false);
  if (!inv.lines.some((l) => l.lineType !== 'Comment' && l.quantity > 0)) throw errors.dialog('There is nothing to post.');
  inv.number = `S-INV${++store.state.counters.postedInvoice}`;
  inv.posted = true;
  inv.status = 'Open';
  inv.postingDate = inv.postingDate || workDate(store);
  for (const l of inv.lines) {
    const item = l.lineType === 'Item' ? store.tables.items.find((i) => i.number === l.lineObjectNumber) : undefined;
    if (item && item.type === 'Inventory') {
      postItemEntry(store, {
        itemNumber: item.number, postingDate: inv.postingDate, entryType: 'Sale', sourceType: 'Customer', sourceNumber: inv.customerNumber, documentType: 'Sales Invoice' as never,
        documentNumber: inv.number, description: l.description, locationCode: l.locationCode, unitOfMeasureCode: l.unitOfMeasureCode, quantity: -l.quantity,
        costAmountActual: round2(-l.quantity * item.unitCost), salesAmountActual: toLcy(store, lineAmounts(l).net, inv.currencyCode),
      });
    }
    l.shippedQuantity = l.quantity;
    l.invoicedQuantity = l.quantity;
  }
  postCustomerInvoiceEntry(ctx, inv);
  touchDoc(ctx, inv);
}

export function cancelPostedInvoice(ctx: ServerContext, inv: SalesDocRow): void {
  const store = ctx.store;
  if (!inv.posted) throw errors.dialog(`Sales invoice ${inv.number} is not posted; delete the draft instead.`);
  if (inv.status === 'Canceled') throw errors.dialog(`Sales invoice ${inv.number} is already canceled.`);
  const entry = store.tables.custLedgerEntries.find((e) => e.documentType === 'Invoice' && e.documentNumber === inv.number);
  if (entry && entry.remainingAmount !== entry.amount) throw errors.dialog(`You cannot cancel posted sales invoice ${inv.number} because it is fully or partially paid.`);
  inv.status = 'Canceled';
  if (entry) {
    entry.remainingAmount = 0;
    entry.open = false;
    store.insert('custLedgerEntries', {
      ...entry, id: store.newId(), entryNumber: ++store.state.counters.custEntry, documentType: 'Credit Memo', documentNumber: `S-CR-${inv.number}`, amount: -entry.amount,
      remainingAmount: 0, open: false, postingDate: workDate(store), appliesToDocumentNumber: inv.number, description: `Cancellation of ${inv.number}`, lastModifiedDateTime: store.stamp(),
    });
  }
  for (const l of inv.lines) {
    const item = l.lineType === 'Item' ? store.tables.items.find((i) => i.number === l.lineObjectNumber) : undefined;
    if (item && item.type === 'Inventory' && l.quantity > 0) {
      postItemEntry(store, {
        itemNumber: item.number, postingDate: workDate(store), entryType: 'Sale', sourceType: 'Customer', sourceNumber: inv.customerNumber, documentType: 'Sales Credit Memo' as never,
        documentNumber: `S-CR-${inv.number}`, description: l.description, locationCode: l.locationCode, unitOfMeasureCode: l.unitOfMeasureCode, quantity: l.quantity,
        costAmountActual: round2(l.quantity * item.unitCost), salesAmountActual: 0,
      });
    }
  }
  touchDoc(ctx, inv);
}

/** Converts a quote into an order or a draft invoice, deleting the quote as BC does. */
export function convertQuote(ctx: ServerContext, quote: SalesDocRow, to: 'order' | 'invoice'): SalesDocRow {
  const store = ctx.store;
  const customer = requireCustomerOf(store, quote);
  checkCustomerNotBlocked(customer, false);
  if (!quote.lines.length) throw errors.dialog(`There are no lines on quote ${quote.number} to convert.`);
  for (const l of quote.lines) {
    if (l.lineType !== 'Item') continue;
    const item = store.tables.items.find((i) => i.number === l.lineObjectNumber);
    if (item?.blocked) throw errors.fieldValidation(`Blocked must be equal to 'No'  in Item: No.=${item.number}. Current value is 'Yes'.`);
  }
  const doc = newDocument(store, to);
  Object.assign(doc, {
    ...quote, id: doc.id, version: 0, kind: to, number: nextDocNumber(store, to), status: 'Draft', documentDate: workDate(store), postingDate: workDate(store),
    validUntilDate: '', sentDate: '', acceptedDate: '',
    lines: quote.lines.map((l) => ({ ...l, id: store.newId(), shippedQuantity: 0, invoicedQuantity: 0, shipQuantity: l.quantity, invoiceQuantity: l.quantity })),
  });
  doc.dueDate = dueDate(store, doc.documentDate, doc.paymentTermsCode);
  store.insert('salesDocuments', doc);
  store.touch(doc, DOC_SETS[to], 'created');
  store.remove('salesDocuments', quote.id);
  store.emit({ entitySet: 'salesQuotes', id: quote.id, changeType: 'deleted', at: store.stamp() });
  return doc;
}

export function releaseOrder(ctx: ServerContext, order: SalesDocRow): void {
  if (order.kind !== 'order') throw errors.dialog(`${order.number} is not a sales order.`);
  if (order.status === 'Open') return;
  if (!order.lines.some((l) => l.lineType !== 'Comment' && l.quantity > 0)) throw errors.dialog(`There is nothing to release for the document of type Order with the number ${order.number}.`);
  checkCustomerNotBlocked(requireCustomerOf(ctx.store, order), false);
  order.status = 'Open';
  touchDoc(ctx, order);
}

export function reopenOrder(ctx: ServerContext, order: SalesDocRow): void {
  if (order.status === 'Draft') return;
  order.status = 'Draft';
  touchDoc(ctx, order);
}

// ---- resources -----------------------------------------------------------------------------------------

function docsOf(ctx: ServerContext, kind: DocKind, posted?: boolean): SalesDocRow[] {
  return ctx.store.tables.salesDocuments.filter((d) => d.kind === kind && (posted === undefined || d.posted === posted));
}

function lineResource(kind: DocKind, get: (name: string) => Resource): Resource {
  const setName = LINE_SETS[kind];
  const def = requireEntity(setName);
  const resource: Resource = {
    setName, entityName: def.entityName, tableName: 'Sales Line', fields: def.fields, kinds: makeKinds(def.fields), keyKind: 'guid', keyProperty: 'id',
    operations: def.operations, changeTracking: false, requiresFilterOn: ['documentId', 'id'],
    list: (ctx, parent) => {
      if (parent) return (parent.row as unknown as SalesDocRow).lines.map((l) => ({ ...l, __doc: parent.row }) as unknown as Internal);
      return docsOf(ctx, kind).flatMap((d) => d.lines.map((l) => ({ ...l, __doc: d }) as unknown as Internal));
    },
    get: (ctx, key, parent) => {
      const found = ctx.store.line(key);
      if (!found || found.doc.kind !== kind || (parent && parent.row.id !== found.doc.id)) return undefined;
      return { ...found.line, __doc: found.doc } as unknown as Internal;
    },
    project: (ctx, row) => {
      const doc = (row as unknown as { __doc: SalesDocRow }).__doc;
      const line = doc.lines.find((l) => l.id === row.id) ?? (row as unknown as LineRow);
      return wireEnums(def.fields, shape(def.fields, projectLine(ctx, doc, line), setName));
    },
    // Each line has its own ETag, as in BC: changing one line does not invalidate the others.
    etag: (row) => {
      const doc = (row as unknown as { __doc: SalesDocRow }).__doc;
      const line = doc.lines.find((l) => l.id === row.id);
      return etagOf({ id: row.id, version: line?.version ?? 1 });
    },
    create: (ctx, body, parent) => {
      let doc = parent?.row as unknown as SalesDocRow | undefined;
      if (!doc) {
        const documentId = (body as Record<string, unknown> | null)?.documentId;
        if (typeof documentId !== 'string') throw errors.dialog('You must specify a documentId to insert a line.');
        doc = ctx.store.get('salesDocuments', documentId);
        if (!doc || doc.kind !== kind) throw errors.relatedNotFound(`Sales ${DOC_LABEL[kind]}`, `Id='${documentId}'`);
      }
      requireEditable(doc);
      const line = addLine(ctx, doc, resource, body);
      touchDoc(ctx, doc);
      return { ...line, __doc: doc } as unknown as Internal;
    },
    update: (ctx, row, body) => {
      const doc = (row as unknown as { __doc: SalesDocRow }).__doc;
      requireEditable(doc);
      const { values } = validateBody(resource, body, 'update');
      if ('documentId' in values && values.documentId !== doc.id) throw errors.dialog('The documentId of a line cannot be changed.');
      if ('sequence' in values && values.sequence !== (row as unknown as LineRow).sequence) throw errors.dialog('The sequence of a line cannot be changed after insert.');
      const line = doc.lines.find((l) => l.id === row.id)!;
      applyLine(ctx, doc, line, values, false);
      line.version = (line.version ?? 1) + 1;
      touchDoc(ctx, doc);
      return { ...line, __doc: doc } as unknown as Internal;
    },
    remove: (ctx, row) => {
      const doc = (row as unknown as { __doc: SalesDocRow }).__doc;
      requireEditable(doc);
      const line = doc.lines.find((l) => l.id === row.id)!;
      if (line.shippedQuantity > 0) throw errors.dialog(`You cannot delete line ${line.sequence} of ${doc.number} because it has been shipped.`);
      doc.lines = doc.lines.filter((l) => l.id !== row.id);
      ctx.store.unindexLine(row.id);
      touchDoc(ctx, doc);
    },
    navigations: {
      location: { name: 'location', target: () => get('locations'), many: false, single: (ctx, row) => ctx.store.tables.locations.find((l) => l.code === (row as unknown as LineRow).locationCode) as unknown as Internal | undefined },
      item: { name: 'item', target: () => get('items'), many: false, single: (ctx, row) => ((row as unknown as LineRow).lineType === 'Item' ? (ctx.store.tables.items.find((i) => i.number === (row as unknown as LineRow).lineObjectNumber) as unknown as Internal | undefined) : undefined) },
    },
  };
  return resource;
}

/** Document fields whose projection is the stored value (projectDocument). */
const DOCUMENT_RAW_FIELDS: ReadonlySet<string> = new Set(['number', 'externalDocumentNumber', 'customerNumber', 'orderNumber', 'status', 'salesperson']);

function documentResource(kind: DocKind, lines: Resource, get: (name: string) => Resource): Resource {
  const setName = DOC_SETS[kind];
  const def = requireEntity(setName);
  const resource: Resource = {
    setName, entityName: def.entityName, tableName: `Sales Header`, fields: def.fields, kinds: makeKinds(def.fields), keyKind: 'guid', keyProperty: 'id',
    operations: def.operations, changeTracking: true,
    list: (ctx) => docsOf(ctx, kind) as unknown as Internal[],
    // Lookups by number or External Document No. (the connector's, on every submission and reconciliation) use
    // the store's indexes instead of projecting every document; these fields are projected as stored.
    table: 'salesDocuments',
    inScope: (row) => (row as unknown as SalesDocRow).kind === kind,
    rawFields: new Set(def.fields.map((f) => f.name).filter((n) => DOCUMENT_RAW_FIELDS.has(n))),
    get: (ctx, key) => {
      const d = ctx.store.get('salesDocuments', key);
      return d && d.kind === kind ? (d as unknown as Internal) : undefined;
    },
    project: (ctx, row) => wireEnums(def.fields, shape(def.fields, projectDocument(ctx, row as unknown as SalesDocRow), setName)),
    etag: (row) => etagOf(row as never),
    // The header and every line are built and validated before anything is stored, so a failing deep
    // insert leaves nothing behind without a state snapshot (the hot path of order submission).
    selfAtomicCreate: true,
    create: (ctx, body) => {
      const { values, nested } = validateBody(resource, body, 'create');
      const counters = { ...ctx.store.state.counters };
      try {
        const doc = newDocument(ctx.store, kind);
        doc.number = nextDocNumber(ctx.store, kind);
        applyHeader(ctx, doc, values, true);
        for (const lineBody of nested[LINE_SETS[kind]] ?? []) addLine(ctx, doc, lines, lineBody);
        if (typeof values.discountAmount === 'number') {
          const linesNet = doc.lines.reduce((s, l) => s + lineAmounts(l).net, 0);
          if (values.discountAmount > linesNet) throw errors.dialog(`The invoice discount (${values.discountAmount}) cannot be larger than the document amount (${round2(linesNet)}).`);
        }
        ctx.store.insert('salesDocuments', doc);
        touchDoc(ctx, doc, 'created');
        return doc as unknown as Internal;
      } catch (e) {
        ctx.store.state.counters = counters;
        throw e;
      }
    },
    update: (ctx, row, body) => {
      const doc = row as unknown as SalesDocRow;
      requireEditable(doc);
      const { values } = validateBody(resource, body, 'update');
      applyHeader(ctx, doc, values, false);
      touchDoc(ctx, doc);
      return row;
    },
    remove: (ctx, row) => {
      const doc = row as unknown as SalesDocRow;
      if (doc.kind === 'invoice' && doc.posted) throw errors.dialog(`You cannot delete the posted sales invoice ${doc.number}.`);
      if (doc.kind === 'order' && doc.status !== 'Draft') throw errors.fieldValidation(`Status must be equal to 'Open'  in ${header(doc)}. Current value is 'Released'.`);
      if (doc.lines.some((l) => l.shippedQuantity > l.invoicedQuantity)) throw errors.dialog(`You cannot delete order ${doc.number} because it has been shipped but not invoiced.`);
      ctx.store.remove('salesDocuments', doc.id);
      ctx.store.emit({ entitySet: setName, id: doc.id, changeType: 'deleted', at: ctx.store.stamp() });
    },
    navigations: {
      [LINE_SETS[kind]]: { name: LINE_SETS[kind], target: () => lines, many: true, insertable: true, deepInsert: true },
      customer: { name: 'customer', target: () => get('customers'), many: false, single: (ctx, row) => customerByNumber(ctx.store, (row as unknown as SalesDocRow).customerNumber) as unknown as Internal | undefined },
      currency: { name: 'currency', target: () => get('currencies'), many: false, single: (ctx, row) => ctx.store.tables.currencies.find((c) => c.code === (row as unknown as SalesDocRow).currencyCode) as unknown as Internal | undefined },
      paymentTerm: { name: 'paymentTerm', target: () => get('paymentTerms'), many: false, single: (ctx, row) => ctx.store.tables.paymentTerms.find((c) => c.code === (row as unknown as SalesDocRow).paymentTermsCode) as unknown as Internal | undefined },
      shipmentMethod: { name: 'shipmentMethod', target: () => get('shipmentMethods'), many: false, single: (ctx, row) => ctx.store.tables.shipmentMethods.find((c) => c.code === (row as unknown as SalesDocRow).shipmentMethodCode) as unknown as Internal | undefined },
    },
  };
  const created = (to: DocKind, d: SalesDocRow): ActionResult => ({ created: { resource: get(DOC_SETS[to]), row: d as unknown as Internal } });
  if (kind === 'quote') {
    resource.actions = {
      makeOrder: (ctx, row) => created('order', convertQuote(ctx, row as unknown as SalesDocRow, 'order')),
      makeInvoice: (ctx, row) => created('invoice', convertQuote(ctx, row as unknown as SalesDocRow, 'invoice')),
      send: (ctx, row) => {
        const q = row as unknown as SalesDocRow;
        q.status = 'Sent';
        q.sentDate = ctx.store.stamp();
        touchDoc(ctx, q);
        return {};
      },
    };
  }
  if (kind === 'order') {
    resource.actions = {
      shipAndInvoice: (ctx, row) => {
        const order = row as unknown as SalesDocRow;
        // The API action releases and posts in one go, as BC's posting routine releases an open document first.
        if (order.status === 'Draft') releaseOrder(ctx, order);
        if (order.lines.some((l) => l.shipQuantity > 0)) postShipment(ctx, order);
        const inv = postInvoiceFromOrder(ctx, order);
        return created('invoice', inv);
      },
    };
  }
  if (kind === 'invoice') {
    const post = (ctx: ServerContext, row: Internal): ActionResult => {
      postDraftInvoice(ctx, row as unknown as SalesDocRow);
      return {};
    };
    const cancel = (ctx: ServerContext, row: Internal): ActionResult => {
      cancelPostedInvoice(ctx, row as unknown as SalesDocRow);
      return {};
    };
    resource.actions = {
      post,
      postAndSend: post,
      cancel,
      cancelAndSend: cancel,
      send: (_ctx, row) => {
        if (!(row as unknown as SalesDocRow).posted && (row as unknown as SalesDocRow).status === 'Draft') throw errors.dialog('Post the invoice before sending it.');
        return {};
      },
      makeCorrectiveCreditMemo: () => {
        throw errors.notImplemented('Microsoft.NAV.makeCorrectiveCreditMemo (credit memos)');
      },
    };
  }
  return resource;
}

function shipmentResources(): { shipments: Resource; lines: Resource } {
  const def = requireEntity('salesShipments');
  const ldef = requireEntity('salesShipmentLines');
  const projectShipment = (ctx: ServerContext, s: ShipmentRow): Record<string, unknown> => {
    const customer = customerByNumber(ctx.store, s.customerNumber);
    return {
      ...s, invoiceDate: s.documentDate, customerId: customer?.id ?? EMPTY_GUID, customerName: customer?.displayName ?? '', billToCustomerId: customer?.id ?? EMPTY_GUID,
      billToName: customer?.displayName ?? '', billToCustomerNumber: s.customerNumber, sellToAddressLine1: customer?.addressLine1 ?? '', sellToAddressLine2: customer?.addressLine2 ?? '',
      sellToCity: customer?.city ?? '', sellToCountry: customer?.country ?? '', sellToState: customer?.state ?? '', sellToPostCode: customer?.postalCode ?? '',
      billToAddressLine1: customer?.addressLine1 ?? '', billToAddressLine2: customer?.addressLine2 ?? '', billToCity: customer?.city ?? '', billToCountry: customer?.country ?? '',
      billToState: customer?.state ?? '', billToPostCode: customer?.postalCode ?? '', currencyCode: apiCurrencyCode(ctx.store, s.currencyCode), pricesIncludeTax: false,
      phoneNumber: customer?.phoneNumber ?? '', email: customer?.email ?? '', dueDate: s.dueDate || EMPTY_DATE,
    };
  };
  const lines: Resource = {
    setName: 'salesShipmentLines', entityName: ldef.entityName, tableName: 'Sales Shipment Line', fields: ldef.fields, kinds: makeKinds(ldef.fields), keyKind: 'guid', keyProperty: 'id',
    operations: ['GET'], changeTracking: false, requiresFilterOn: ['documentId', 'id'],
    list: (ctx, parent) => {
      const ships = parent ? [parent.row as unknown as ShipmentRow] : ctx.store.tables.shipments;
      return ships.flatMap((s) => s.lines.map((l) => ({ ...l, __shipment: s }) as unknown as Internal));
    },
    get: (ctx, key, parent) => {
      const f = ctx.store.shipmentLine(key);
      if (!f || (parent && parent.row.id !== f.shipment.id)) return undefined;
      return { ...f.line, __shipment: f.shipment } as unknown as Internal;
    },
    project: (_ctx, row) => {
      const s = (row as unknown as { __shipment: ShipmentRow }).__shipment;
      return wireEnums(ldef.fields, shape(ldef.fields, { ...row, documentId: s.id, documentNo: s.number }, 'salesShipmentLines'));
    },
    etag: (row) => etagOf({ id: row.id, version: 1 }),
  };
  const shipments: Resource = {
    setName: 'salesShipments', entityName: def.entityName, tableName: 'Sales Shipment Header', fields: def.fields, kinds: makeKinds(def.fields), keyKind: 'guid', keyProperty: 'id',
    operations: ['GET'], changeTracking: true,
    list: (ctx) => ctx.store.tables.shipments as unknown as Internal[],
    get: (ctx, key) => ctx.store.get('shipments', key) as unknown as Internal | undefined,
    project: (ctx, row) => wireEnums(def.fields, shape(def.fields, projectShipment(ctx, row as unknown as ShipmentRow), 'salesShipments')),
    etag: (row) => etagOf(row as never),
    navigations: { salesShipmentLines: { name: 'salesShipmentLines', target: () => lines, many: true } },
  };
  return { shipments, lines };
}

export function documentResources(get: (name: string) => Resource): Record<string, Resource> {
  const out: Record<string, Resource> = {};
  for (const kind of ['quote', 'order', 'invoice'] as DocKind[]) {
    const lines = lineResource(kind, get);
    out[LINE_SETS[kind]] = lines;
    out[DOC_SETS[kind]] = documentResource(kind, lines, get);
  }
  const s = shipmentResources();
  out.salesShipments = s.shipments;
  out.salesShipmentLines = s.lines;
  return out;
}

export { DOC_SETS, LINE_SETS };
