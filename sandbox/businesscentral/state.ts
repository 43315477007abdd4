/**
 * The stand-in's data: plain JSON-serialisable tables (so a snapshot, a rollback and persistence are
 * a copy of one object), with id indexes rebuilt on load. Field names follow the Business Central
 * tables behind the API pages; the resource layer projects them to API v2.0 JSON.
 */
import { demoCompany, addDays } from '../seed';
import type { DemoCompany, SeedDocumentLine } from '../seed';
import { locationFor } from './locationDefault';

export interface Row {
  id: string;
  version: number;
  lastModifiedDateTime: string;
}

export interface CustomerRow extends Row {
  number: string; displayName: string; type: string; addressLine1: string; addressLine2: string; city: string; state: string; country: string;
  postalCode: string; phoneNumber: string; email: string; website: string; salespersonCode: string; creditLimit: number; taxLiable: boolean;
  taxRegistrationNumber: string; currencyCode: string; paymentTermsCode: string; shipmentMethodCode: string; paymentMethodCode: string;
  blocked: string; vatPercent: number; customerPriceGroupCode: string; languageCode: string;
  /**
   * Customer card "Location Code" (table 18). Internal: API v2.0 customers has no such field, so the projection
   * (shape over bc-api-v2.json's fields) never shows it. Absent in states saved before it existed = none.
   */
  locationCode?: string;
}
export interface ContactRow extends Row {
  number: string; type: string; displayName: string; firstName: string; lastName: string; jobTitle: string; companyNumber: string; companyName: string;
  customerNumber: string; addressLine1: string; addressLine2: string; city: string; state: string; country: string; postalCode: string;
  phoneNumber: string; mobilePhoneNumber: string; email: string; website: string; privacyBlocked: boolean; taxRegistrationNumber: string;
}
export interface ItemRow extends Row {
  number: string; displayName: string; displayName2: string; type: string; itemCategoryCode: string; blocked: boolean; gtin: string; unitPrice: number;
  priceIncludesTax: boolean; unitCost: number; taxGroupCode: string; baseUnitOfMeasureCode: string; generalProductPostingGroupCode: string; inventoryPostingGroupCode: string;
}
export interface LocationRow extends Row {
  code: string; displayName: string; contact: string; addressLine1: string; addressLine2: string; city: string; state: string; country: string;
  postalCode: string; phoneNumber: string; email: string; website: string;
}
export interface CodeRow extends Row { code: string; displayName: string }
export interface UnitRow extends CodeRow { internationalStandardCode: string; symbol: string }
export interface CurrencyRow extends CodeRow { symbol: string; amountDecimalPlaces: string; amountRoundingPrecision: number; exchangeRate: number }
export interface PaymentTermRow extends CodeRow { dueDateCalculation: string; discountDateCalculation: string; discountPercent: number; calculateDiscountOnCreditMemos: boolean; dueDays: number }
export interface SalespersonRow extends Row {
  code: string; displayName: string; email: string; email2: string; phoneNo: string; jobTitle: string; commisionPercent: number; privacyBlocked: boolean; blocked: boolean;
}
export interface ResourceRow extends Row { number: string; name: string; baseUnitOfMeasureCode: string; unitPrice: number; unitCost?: number; blocked: boolean }
export interface GlAccountRow extends Row { number: string; name: string }
export interface PriceListRow extends Row {
  code: string; description: string; currencyCode: string; customerPriceGroupCode: string | null; startingDate: string;
  lines: Array<{ itemNumber: string; unitOfMeasureCode: string; minimumQuantity: number; unitPrice: number }>;
}

export type DocKind = 'order' | 'quote' | 'invoice';

export interface LineRow {
  id: string;
  sequence: number;
  lineType: string;
  lineObjectNumber: string;
  description: string;
  description2: string;
  unitOfMeasureCode: string;
  quantity: number;
  unitPrice: number;
  discountAmount: number;
  discountPercent: number;
  taxPercent: number;
  shipmentDate: string;
  shippedQuantity: number;
  invoicedQuantity: number;
  shipQuantity: number;
  invoiceQuantity: number;
  locationCode: string;
  itemVariantId: string;
  /** Per-line version for the line's own ETag (absent = 1). */
  version?: number;
}

export interface SalesDocRow extends Row {
  kind: DocKind;
  number: string;
  externalDocumentNumber: string;
  documentDate: string;
  postingDate: string;
  dueDate: string;
  requestedDeliveryDate: string;
  validUntilDate: string;
  promisedPayDate: string;
  customerNumber: string;
  billToCustomerNumber: string;
  shipToName: string; shipToContact: string;
  sellToAddressLine1: string; sellToAddressLine2: string; sellToCity: string; sellToCountry: string; sellToState: string; sellToPostCode: string;
  shipToAddressLine1: string; shipToAddressLine2: string; shipToCity: string; shipToCountry: string; shipToState: string; shipToPostCode: string;
  currencyCode: string;
  paymentTermsCode: string;
  shipmentMethodCode: string;
  salesperson: string;
  partialShipping: boolean;
  pricesIncludeTax: boolean;
  discountAmount: number;
  /** API status of the document (order: Draft/In Review/Open; quote: Draft/Sent/Accepted; invoice: Draft/Open/Paid/Canceled). */
  status: string;
  posted: boolean;
  orderId: string;
  orderNumber: string;
  customerPurchaseOrderReference: string;
  sentDate: string;
  acceptedDate: string;
  phoneNumber: string;
  email: string;
  shortcutDimension1Code: string;
  shortcutDimension2Code: string;
  /**
   * Sales Header "Location Code", set when the customer is (locationDefault.ts); new item lines take it. Internal:
   * API v2.0 has no header location (bc-api-v2.json). Absent in states saved before it existed = none.
   */
  locationCode?: string;
  lines: LineRow[];
}

export interface ShipmentLineRow {
  id: string; sequence: number; lineType: string; lineObjectNumber: string; description: string; description2: string; unitOfMeasureCode: string;
  unitPrice: number; quantity: number; discountPercent: number; taxPercent: number; shipmentDate: string; locationCode: string; orderLineId: string;
}
export interface ShipmentRow extends Row {
  number: string; orderId: string; orderNumber: string; customerNumber: string; externalDocumentNumber: string; documentDate: string; postingDate: string; dueDate: string;
  currencyCode: string; paymentTermsCode: string; shipmentMethodCode: string; salesperson: string; customerPurchaseOrderReference: string;
  shipToName: string; shipToContact: string; shipToAddressLine1: string; shipToAddressLine2: string; shipToCity: string; shipToCountry: string; shipToState: string; shipToPostCode: string;
  packageTrackingNumber: string; shippingAgentCode: string; lines: ShipmentLineRow[];
}

export interface ItemLedgerRow extends Row {
  entryNumber: number; itemNumber: string; postingDate: string; entryType: string; sourceType: string; sourceNumber: string; documentType: string;
  documentNumber: string; description: string; locationCode: string; unitOfMeasureCode: string; quantity: number; remainingQuantity: number;
  open: boolean; positive: boolean; invoicedQuantity: number; costAmountActual: number; salesAmountActual: number;
}
export interface PurchaseLineRow extends Row {
  documentNumber: string; lineNumber: number; vendorNumber: string; itemNumber: string; locationCode: string; unitOfMeasureCode: string;
  outstandingQuantity: number; expectedReceiptDate: string;
  /** Purchase Header "Document Type": Order, or Return Order (stock going back to the vendor); absent = Order. */
  documentType?: 'Order' | 'Return Order';
}
/** An item line of a sales return order (back office only: API v2.0 has no sales return orders). */
export interface SalesReturnLineRow extends Row {
  documentNumber: string; lineNumber: number; customerNumber: string; itemNumber: string; locationCode: string; unitOfMeasureCode: string;
  outstandingQuantity: number; shipmentDate: string;
}
/** A row of the Web Services page (table 2000000192 Tenant Web Service): what an admin published, under which name. */
export interface WebServiceRow {
  objectType: 'Page' | 'Query';
  objectId: number;
  serviceName: string;
  published: boolean;
}
export interface CustLedgerRow extends Row {
  entryNumber: number; customerNumber: string; postingDate: string; documentType: 'Invoice' | 'Payment' | 'Credit Memo'; documentNumber: string;
  description: string; currencyCode: string; amount: number; remainingAmount: number; dueDate: string; open: boolean; appliesToDocumentNumber: string;
  /** Units of document currency per 1 LCY at posting. */
  exchangeRate: number;
}
export interface JournalBatchRow extends Row { code: string; displayName: string; template: 'CASHRCPT' | 'GENERAL'; balancingAccountNumber: string }
export interface JournalLineRow extends Row {
  journalId: string; lineNumber: number; customerNumber: string; postingDate: string; documentNumber: string; externalDocumentNumber: string;
  amount: number; appliesToInvoiceNumber: string; description: string; comment: string;
}
export interface SubscriptionRow extends Row {
  subscriptionId: string; notificationUrl: string; resource: string; userId: string; clientState: string; expirationDateTime: string; systemCreatedAt: string;
}

export interface Tables {
  customers: CustomerRow[];
  contacts: ContactRow[];
  items: ItemRow[];
  locations: LocationRow[];
  unitsOfMeasure: UnitRow[];
  currencies: CurrencyRow[];
  paymentTerms: PaymentTermRow[];
  shipmentMethods: CodeRow[];
  paymentMethods: CodeRow[];
  itemCategories: CodeRow[];
  countriesRegions: CodeRow[];
  salespeople: SalespersonRow[];
  resources: ResourceRow[];
  glAccounts: GlAccountRow[];
  priceLists: PriceListRow[];
  salesDocuments: SalesDocRow[];
  shipments: ShipmentRow[];
  itemLedgerEntries: ItemLedgerRow[];
  purchaseLines: PurchaseLineRow[];
  salesReturnLines: SalesReturnLineRow[];
  custLedgerEntries: CustLedgerRow[];
  journalBatches: JournalBatchRow[];
  journalLines: JournalLineRow[];
  subscriptions: SubscriptionRow[];
}

export interface Counters {
  order: number; quote: number; invoice: number; shipment: number; postedInvoice: number; itemEntry: number; custEntry: number; payment: number; receipt: number; purchase: number;
}

export interface State {
  format: 'erp-link-bc-standin/1';
  /** Pages and queries published on the Web Services page. */
  webServices: WebServiceRow[];
  seed: number;
  workDate: string;
  company: { id: string; name: string; displayName: string; businessProfileId: string; systemCreatedAt: string; lcy: string; companyInfo: Record<string, string> & { id: string; lastModifiedDateTime: string } };
  tables: Tables;
  counters: Counters;
  /** Last stamp handed out, so lastModifiedDateTime is strictly increasing. */
  lastStamp: number;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Builds the initial state from the deterministic demo company. */
export function stateFromSeed(seed: number | undefined, workDate: string | undefined): State {
  const d: DemoCompany = demoCompany(seed, workDate ? { workDate } : {});
  const setup = `${addDays(d.workDate, -400)}T08:00:00.000Z`;
  let nextGuidCounter = 0;
  // Rows the seed does not give an id (lines, ledger entries) get ids derived from the seed's own ids,
  // so the state is deterministic too.
  const derivedId = (base: string): string => {
    nextGuidCounter++;
    const hex = (nextGuidCounter + 0x100000).toString(16).slice(-6);
    return `${base.slice(0, 24)}${hex}${base.slice(30)}`;
  };
  const row = <T extends object>(id: string, stamp: string, data: T): T & Row => ({ id, version: 1, lastModifiedDateTime: stamp, ...data });
  const lcy = d.company.localCurrencyCode;
  const blankLcy = (code: string): string => (code === lcy ? '' : code);
  const customerByNo = new Map(d.customers.map((c) => [c.number, c]));

  const tables: Tables = {
    customers: d.customers.map((c) =>
      row(c.id, c.lastModifiedDateTime, {
        number: c.number, displayName: c.displayName, type: c.type, addressLine1: c.addressLine1, addressLine2: c.addressLine2, city: c.city, state: c.state,
        country: c.country, postalCode: c.postalCode, phoneNumber: c.phoneNumber, email: c.email, website: c.website, salespersonCode: c.salespersonCode,
        creditLimit: c.creditLimit, taxLiable: c.taxLiable, taxRegistrationNumber: c.taxRegistrationNumber, currencyCode: blankLcy(c.currencyCode),
        paymentTermsCode: c.paymentTermsCode, shipmentMethodCode: c.shipmentMethodCode, paymentMethodCode: 'BANK', blocked: c.blocked, vatPercent: c.vatPercent,
        customerPriceGroupCode: c.customerPriceGroupCode, languageCode: c.languageCode, locationCode: c.locationCode,
      }),
    ),
    contacts: d.contacts.map((c) =>
      row(c.id, c.lastModifiedDateTime, {
        number: c.number, type: c.type, displayName: c.displayName, firstName: c.firstName, lastName: c.lastName, jobTitle: c.jobTitle, companyNumber: c.companyNumber,
        companyName: c.companyName, customerNumber: c.customerNumber, addressLine1: c.addressLine1, addressLine2: '', city: c.city, state: '', country: c.country,
        postalCode: c.postalCode, phoneNumber: c.phoneNumber, mobilePhoneNumber: c.mobilePhoneNumber, email: c.email, website: '', privacyBlocked: false,
        taxRegistrationNumber: c.type === 'Company' ? customerByNo.get(c.customerNumber)?.taxRegistrationNumber ?? '' : '',
      }),
    ),
    items: d.items.map((i) =>
      row(i.id, i.lastModifiedDateTime, {
        number: i.number, displayName: i.displayName, displayName2: i.displayName2, type: i.type, itemCategoryCode: i.itemCategoryCode, blocked: i.blocked, gtin: i.gtin,
        unitPrice: i.unitPrice, priceIncludesTax: i.priceIncludesTax, unitCost: i.unitCost, taxGroupCode: i.taxGroupCode, baseUnitOfMeasureCode: i.baseUnitOfMeasureCode,
        generalProductPostingGroupCode: i.generalProductPostingGroupCode, inventoryPostingGroupCode: i.inventoryPostingGroupCode,
      }),
    ),
    locations: d.locations.map((l) => row(l.id, setup, { code: l.code, displayName: l.displayName, contact: l.contact, addressLine1: l.addressLine1, addressLine2: l.addressLine2, city: l.city, state: l.state, country: l.country, postalCode: l.postalCode, phoneNumber: l.phoneNumber, email: l.email, website: l.website })),
    unitsOfMeasure: d.unitsOfMeasure.map((u) => row(u.id, setup, { code: u.code, displayName: u.displayName, internationalStandardCode: u.internationalStandardCode, symbol: u.symbol })),
    currencies: d.currencies
      .filter((c) => c.code !== lcy)
      .map((c) => row(c.id, setup, { code: c.code, displayName: c.displayName, symbol: c.symbol, amountDecimalPlaces: c.amountDecimalPlaces, amountRoundingPrecision: c.amountRoundingPrecision, exchangeRate: c.exchangeRate })),
    paymentTerms: d.paymentTerms.map((p) => row(p.id, setup, { code: p.code, displayName: p.displayName, dueDateCalculation: p.dueDateCalculation, discountDateCalculation: p.discountDateCalculation, discountPercent: p.discountPercent, calculateDiscountOnCreditMemos: p.calculateDiscountOnCreditMemos, dueDays: p.dueDays })),
    shipmentMethods: d.shipmentMethods.map((s) => row(s.id, setup, { code: s.code, displayName: s.displayName })),
    paymentMethods: [
      row(derivedId(d.company.id), setup, { code: 'BANK', displayName: 'Bank transfer' }),
      row(derivedId(d.company.id), setup, { code: 'CARD', displayName: 'Card payment' }),
    ],
    itemCategories: d.itemCategories.map((c) => row(c.id, setup, { code: c.code, displayName: c.displayName })),
    countriesRegions: [['BE', 'Belgium'], ['CH', 'Switzerland'], ['DE', 'Germany'], ['FR', 'France'], ['GB', 'United Kingdom'], ['SE', 'Sweden'], ['US', 'United States']].map(([code, name]) =>
      row(derivedId(d.company.id), setup, { code, displayName: name }),
    ),
    salespeople: d.salespeople.map((s) => row(s.id, setup, { code: s.code, displayName: s.displayName, email: s.email, email2: '', phoneNo: s.phoneNo, jobTitle: s.jobTitle, commisionPercent: s.commisionPercent, privacyBlocked: false, blocked: s.blocked })),
    resources: d.resources.map((r) => row(r.id, setup, { number: r.number, name: r.name, baseUnitOfMeasureCode: r.baseUnitOfMeasureCode, unitPrice: r.unitPrice, unitCost: r.unitCost, blocked: false })),
    glAccounts: [['707000', 'Sales of goods'], ['706000', 'Services rendered'], ['708500', 'Freight and packaging re-invoiced'], ['758000', 'Miscellaneous income']].map(([number, name]) =>
      row(derivedId(d.company.id), setup, { number, name }),
    ),
    priceLists: d.priceLists.map((p) => row(p.id, setup, { code: p.code, description: p.description, currencyCode: blankLcy(p.currencyCode), customerPriceGroupCode: p.customerPriceGroupCode, startingDate: p.startingDate, lines: p.lines.map((l) => ({ ...l })) })),
    salesDocuments: [],
    shipments: [],
    itemLedgerEntries: [],
    purchaseLines: d.purchaseLines.map((p) => row(p.id, setup, { documentNumber: p.documentNumber, lineNumber: p.lineNumber, vendorNumber: p.vendorNumber, itemNumber: p.itemNumber, locationCode: p.locationCode, unitOfMeasureCode: p.unitOfMeasureCode, outstandingQuantity: p.outstandingQuantity, expectedReceiptDate: p.expectedReceiptDate })),
    salesReturnLines: [],
    custLedgerEntries: [],
    journalBatches: [],
    journalLines: [],
    subscriptions: [],
  };

  const toLine = (l: SeedDocumentLine, base: string, shipped: number, invoiced: number): LineRow => ({
    id: derivedId(base), sequence: l.sequence, lineType: l.lineType, lineObjectNumber: l.lineObjectNumber, description: l.description, description2: '',
    unitOfMeasureCode: l.unitOfMeasureCode, quantity: l.quantity, unitPrice: l.unitPrice, discountAmount: round2(l.quantity * l.unitPrice * l.discountPercent / 100),
    discountPercent: l.discountPercent, taxPercent: l.taxPercent, shipmentDate: '', shippedQuantity: shipped, invoicedQuantity: invoiced,
    shipQuantity: l.quantity - shipped, invoiceQuantity: shipped - invoiced, locationCode: l.locationCode, itemVariantId: '',
  });
  const docBase = (kind: DocKind, id: string, number: string, customerNumber: string, stamp: string): SalesDocRow => {
    const c = customerByNo.get(customerNumber)!;
    return {
      id, version: 1, lastModifiedDateTime: stamp, kind, number, externalDocumentNumber: '', documentDate: '', postingDate: '', dueDate: '', requestedDeliveryDate: '',
      validUntilDate: '', promisedPayDate: '', customerNumber, billToCustomerNumber: customerNumber, shipToName: c.displayName, shipToContact: '',
      sellToAddressLine1: c.addressLine1, sellToAddressLine2: c.addressLine2, sellToCity: c.city, sellToCountry: c.country, sellToState: c.state, sellToPostCode: c.postalCode,
      shipToAddressLine1: c.addressLine1, shipToAddressLine2: c.addressLine2, shipToCity: c.city, shipToCountry: c.country, shipToState: c.state, shipToPostCode: c.postalCode,
      currencyCode: blankLcy(c.currencyCode), paymentTermsCode: c.paymentTermsCode, shipmentMethodCode: c.shipmentMethodCode, salesperson: c.salespersonCode,
      partialShipping: true, pricesIncludeTax: false, discountAmount: 0, status: 'Draft', posted: false, orderId: '', orderNumber: '', customerPurchaseOrderReference: '',
      sentDate: '', acceptedDate: '', phoneNumber: c.phoneNumber, email: c.email, shortcutDimension1Code: '', shortcutDimension2Code: '',
      locationCode: locationFor(c.locationCode, d.company.locationCode), lines: [],
    };
  };

  let custEntry = 0;
  const rateOf = (code: string): number => d.currencies.find((c) => c.code === code)?.exchangeRate ?? 1;
  for (const inv of d.postedInvoices) {
    const stamp = `${inv.postingDate}T17:30:00.000Z`;
    const doc = docBase('invoice', inv.id, inv.number, inv.customerNumber, stamp);
    Object.assign(doc, {
      externalDocumentNumber: inv.externalDocumentNumber, documentDate: inv.invoiceDate, postingDate: inv.postingDate, dueDate: inv.dueDate,
      paymentTermsCode: inv.paymentTermsCode, shipmentMethodCode: inv.shipmentMethodCode, salesperson: inv.salesperson, currencyCode: blankLcy(inv.currencyCode),
      status: inv.status, posted: true, orderNumber: inv.orderNumber, customerPurchaseOrderReference: inv.externalDocumentNumber.slice(0, 35),
      lines: inv.lines.map((l) => toLine(l, inv.id, l.quantity, l.quantity)),
    });
    tables.salesDocuments.push(doc);
    tables.shipments.push({
      id: inv.shipmentId, version: 1, lastModifiedDateTime: `${inv.postingDate}T17:00:00.000Z`, number: inv.shipmentNumber, orderId: '', orderNumber: inv.orderNumber,
      customerNumber: inv.customerNumber, externalDocumentNumber: inv.externalDocumentNumber, documentDate: inv.postingDate, postingDate: inv.postingDate, dueDate: inv.dueDate,
      currencyCode: blankLcy(inv.currencyCode), paymentTermsCode: inv.paymentTermsCode, shipmentMethodCode: inv.shipmentMethodCode, salesperson: inv.salesperson,
      customerPurchaseOrderReference: inv.externalDocumentNumber.slice(0, 35), shipToName: doc.shipToName, shipToContact: '', shipToAddressLine1: doc.shipToAddressLine1,
      shipToAddressLine2: doc.shipToAddressLine2, shipToCity: doc.shipToCity, shipToCountry: doc.shipToCountry, shipToState: doc.shipToState, shipToPostCode: doc.shipToPostCode,
      packageTrackingNumber: '', shippingAgentCode: '',
      lines: inv.lines.map((l) => ({
        id: derivedId(inv.shipmentId), sequence: l.sequence, lineType: l.lineType === 'Comment' ? ' ' : l.lineType, lineObjectNumber: l.lineObjectNumber, description: l.description,
        description2: '', unitOfMeasureCode: l.unitOfMeasureCode, unitPrice: l.unitPrice, quantity: l.quantity, discountPercent: l.discountPercent, taxPercent: l.taxPercent,
        shipmentDate: inv.postingDate, locationCode: l.locationCode, orderLineId: '',
      })),
    });
    tables.custLedgerEntries.push({
      id: derivedId(inv.id), version: 1, lastModifiedDateTime: stamp, entryNumber: ++custEntry, customerNumber: inv.customerNumber, postingDate: inv.postingDate,
      documentType: 'Invoice', documentNumber: inv.number, description: `Order ${inv.orderNumber}`, currencyCode: blankLcy(inv.currencyCode),
      amount: inv.totalAmountIncludingTax, remainingAmount: inv.remainingAmount, dueDate: inv.dueDate, open: inv.remainingAmount > 0, appliesToDocumentNumber: '',
      exchangeRate: rateOf(inv.currencyCode),
    });
  }
  for (const p of d.payments) {
    tables.custLedgerEntries.push({
      id: p.id, version: 1, lastModifiedDateTime: `${p.postingDate}T10:00:00.000Z`, entryNumber: ++custEntry, customerNumber: p.customerNumber, postingDate: p.postingDate,
      documentType: 'Payment', documentNumber: p.documentNumber, description: p.description, currencyCode: blankLcy(p.currencyCode), amount: -p.amount, remainingAmount: 0,
      dueDate: p.postingDate, open: false, appliesToDocumentNumber: p.appliesToInvoiceNumber, exchangeRate: rateOf(p.currencyCode),
    });
  }
  for (const o of d.salesOrders) {
    const doc = docBase('order', o.id, o.number, o.customerNumber, `${o.orderDate}T09:15:00.000Z`);
    Object.assign(doc, {
      externalDocumentNumber: o.externalDocumentNumber, documentDate: o.orderDate, postingDate: o.orderDate, requestedDeliveryDate: o.requestedDeliveryDate,
      currencyCode: blankLcy(o.currencyCode), salesperson: o.salesperson, paymentTermsCode: o.paymentTermsCode, shipmentMethodCode: o.shipmentMethodCode, status: o.status,
      lines: o.lines.map((l) => toLine(l, o.id, 0, 0)),
    });
    tables.salesDocuments.push(doc);
  }
  for (const q of d.salesQuotes) {
    const doc = docBase('quote', q.id, q.number, q.customerNumber, `${q.documentDate}T11:00:00.000Z`);
    Object.assign(doc, {
      externalDocumentNumber: q.externalDocumentNumber, documentDate: q.documentDate, validUntilDate: q.validUntilDate, currencyCode: blankLcy(q.currencyCode),
      salesperson: q.salesperson, status: q.status, sentDate: q.status === 'Sent' ? `${q.documentDate}T15:00:00.000Z` : '',
      dueDate: addDays(q.documentDate, d.paymentTerms.find((p) => p.code === customerByNo.get(q.customerNumber)!.paymentTermsCode)?.dueDays ?? 0),
      lines: q.lines.map((l) => toLine(l, q.id, 0, 0)),
    });
    tables.salesDocuments.push(doc);
  }
  tables.itemLedgerEntries = d.itemLedgerEntries.map((e) => row(e.id, `${e.postingDate}T18:00:00.000Z`, {
    entryNumber: e.entryNumber, itemNumber: e.itemNumber, postingDate: e.postingDate, entryType: e.entryType, sourceType: e.sourceType, sourceNumber: e.sourceNumber,
    documentType: e.documentType, documentNumber: e.documentNumber, description: e.description, locationCode: e.locationCode, unitOfMeasureCode: e.unitOfMeasureCode,
    quantity: e.quantity, remainingQuantity: e.remainingQuantity, open: e.open, positive: e.positive, invoicedQuantity: e.invoicedQuantity,
    costAmountActual: e.costAmountActual, salesAmountActual: e.salesAmountActual,
  }));
  tables.journalBatches = [
    row(derivedId(d.company.id), setup, { code: 'GENERAL', displayName: 'Customer payments', template: 'CASHRCPT' as const, balancingAccountNumber: '512000' }),
    row(derivedId(d.company.id), setup, { code: 'DEFAULT', displayName: 'Default journal batch', template: 'GENERAL' as const, balancingAccountNumber: '' }),
  ];

  const maxNo = (prefix: string, numbers: string[]): number => numbers.filter((n) => n.startsWith(prefix)).reduce((m, n) => Math.max(m, Number(n.slice(prefix.length)) || 0), 0);
  const docs = tables.salesDocuments;
  const counters: Counters = {
    order: Math.max(maxNo('S-ORD', docs.map((x) => x.number)), maxNo('S-ORD', docs.map((x) => x.orderNumber)), 101000),
    quote: Math.max(maxNo('S-QUO', docs.map((x) => x.number)), 1000),
    invoice: 102000,
    postedInvoice: Math.max(maxNo('S-INV', docs.map((x) => x.number)), 103000),
    shipment: Math.max(maxNo('S-SHPT', tables.shipments.map((s) => s.number)), 102000),
    itemEntry: tables.itemLedgerEntries.reduce((m, e) => Math.max(m, e.entryNumber), 0),
    custEntry,
    payment: d.payments.length,
    receipt: 108000,
    purchase: 106500,
  };
  const c = d.company;
  return {
    format: 'erp-link-bc-standin/1',
    seed: d.seed,
    workDate: d.workDate,
    company: {
      id: c.id, name: c.name, displayName: c.displayName, businessProfileId: '', systemCreatedAt: setup, lcy,
      companyInfo: {
        id: derivedId(c.id), lastModifiedDateTime: setup, displayName: c.displayName, addressLine1: c.addressLine1, addressLine2: '', city: c.city, state: '',
        country: c.country, postalCode: c.postalCode, phoneNumber: c.phoneNumber, faxNumber: '', email: c.email, website: c.website,
        taxRegistrationNumber: c.taxRegistrationNumber, industry: 'Wholesale',
        // Company Information "Location Code": not an API v2.0 companyInformation field (the projection drops it).
        locationCode: c.locationCode,
      },
    },
    tables,
    counters,
    lastStamp: 0,
    webServices: [],
  };
}
