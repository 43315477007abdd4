import {
  countryCode,
  documentDiscount,
  erpOrderQuery,
  erpQuoteQuery,
  extendSnapshotQuery,
  invoiceStateFromErp,
  mapOrderToSalesOrder,
  mapPostedInvoiceToCrm,
  mapQuoteToSalesQuote,
  MappingCode,
  orderProgress,
  orderStateFromProgress,
  paymentEvent,
  type ErpOrderSnapshot,
  type ErpQuoteSnapshot,
  type MappingContext,
} from '../../domain/erpMapping';
import { backoffDelayMs, classifyHttpStatus, decideAfterFailure, parseRetryAfter, type RetryPolicy } from '../../domain/retryPolicy';
import { orderSnapshotQuery } from '../../domain/orderValidation';
import { InvoiceState, InvoiceStatus, SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';
import { WriteInProductType } from '../../domain/schema';

const accountId = '11111111-1111-1111-1111-111111111111';
const uomId = '22222222-2222-2222-2222-222222222222';
const userId = '33333333-3333-3333-3333-333333333333';

function order(overrides: Partial<ErpOrderSnapshot> = {}): ErpOrderSnapshot {
  return {
    salesorderid: 'aaaaaaaa-0000-0000-0000-000000000001',
    ordernumber: 'ORD-01001-X1Y2Z3',
    name: 'Spring restock',
    statecode: 1,
    requestdeliveryby: '2026-12-01',
    _customerid_value: accountId,
    customerid_account: { accountid: accountId, name: 'Alpine', customertypecode: 3, statecode: 0, erp_customernumber: 'c10000' },
    _transactioncurrencyid_value: 'cur',
    transactioncurrencyid: { transactioncurrencyid: 'cur', isocurrencycode: 'chf' },
    _ownerid_value: userId,
    _owninguser_value: userId,
    order_details: [
      {
        salesorderdetailid: 'l2',
        sequencenumber: 2,
        isproductoverridden: true,
        productdescription: 'Custom engraving',
        quantity: 1,
        priceperunit: 15,
      },
      {
        salesorderdetailid: 'l1',
        sequencenumber: 1,
        _productid_value: 'p1',
        productid: { productid: 'p1', name: 'Safety helmet', productnumber: '1000', statecode: 0, producttypecode: 1, erp_itemnumber: '1000' },
        _uomid_value: uomId,
        uomid: { uomid: uomId, name: 'PCS' },
        quantity: 3,
        priceperunit: 20,
        manualdiscountamount: 2,
        volumediscountamount: 1,
      },
    ],
    ...overrides,
  };
}

const ctx: MappingContext = {
  connection: { erp_writeinproducttype: WriteInProductType.item, erp_writeinproductnumber: 'writein' },
  couplings: { uom: { [uomId]: 'pcs' }, systemuser: { [userId]: 'jd' } },
};

describe('erpMapping: CRM order → BC salesOrders deep insert', () => {
  it('maps header, name comment, catalog and write-in lines in CRM order with BC line numbers', () => {
    const m = mapOrderToSalesOrder(order(), ctx);
    expect(m.problems).toEqual([]);
    expect(m.body).toMatchObject({
      externalDocumentNumber: 'ORD-01001-X1Y2Z3',
      customerNumber: 'C10000',
      currencyCode: 'CHF',
      requestedDeliveryDate: '2026-12-01',
      salesperson: 'JD',
    });
    expect(m.body.salesOrderLines).toEqual([
      { sequence: 10000, lineType: 'Comment', description: 'Spring restock' },
      { sequence: 20000, lineType: 'Item', lineObjectNumber: '1000', unitOfMeasureCode: 'PCS', quantity: 3, unitPrice: 20, discountAmount: 5 },
      { sequence: 30000, lineType: 'Item', lineObjectNumber: 'WRITEIN', description: 'Custom engraving', quantity: 1, unitPrice: 15 },
    ]);
    expect(m.itemNumbers).toEqual(['1000', 'WRITEIN']);
  });

  it('splits a 5,000-character description into comment lines of at most 100 characters, losing nothing', () => {
    const words = Array.from({ length: 1000 }, (_, i) => `w${String(i).padStart(3, '0')}`).join(' ');
    expect(words.length).toBe(4999);
    const o = order({ order_details: [{ salesorderdetailid: 'l1', sequencenumber: 1, isproductoverridden: true, productdescription: words, quantity: 1, priceperunit: 1 }] });
    const m = mapOrderToSalesOrder(o, ctx);
    const texts = m.lines.slice(1).map((l) => l.description as string);
    expect(m.lines[1].lineType).toBe('Item');
    expect(m.lines.slice(2).every((l) => l.lineType === 'Comment')).toBe(true);
    expect(texts.every((t) => t.length <= 100)).toBe(true);
    expect(texts.join(' ')).toBe(words);
    expect(m.lines.length).toBeGreaterThan(50);
  });

  it('adds a catalog line’s different CRM text as comment lines after it, keeps the item description', () => {
    const o = order();
    o.order_details![1].description = 'Blue, size L';
    const m = mapOrderToSalesOrder(o, ctx);
    expect(m.lines[1]).not.toHaveProperty('description');
    expect(m.lines[2]).toEqual({ sequence: 30000, lineType: 'Comment', description: 'Blue, size L' });
  });

  it('maps services to Resource lines and a resource write-in setup', () => {
    const o = order();
    o.order_details![1].productid!.producttypecode = 3;
    const m = mapOrderToSalesOrder(o, { ...ctx, connection: { erp_writeinproducttype: WriteInProductType.resource, erp_writeinproductnumber: 'WI-RES' } });
    expect(m.lines.map((l) => l.lineType)).toEqual(['Comment', 'Resource', 'Resource']);
    expect(m.resourceNumbers).toEqual(['1000', 'WI-RES']);
  });

  it('ship-to: sent only when filled, country names become codes, unknown countries and too-long fields are errors', () => {
    expect(mapOrderToSalesOrder(order(), ctx).body).not.toHaveProperty('shipToCity');
    const ok = mapOrderToSalesOrder(order({ shipto_city: 'Genève', shipto_country: 'Suisse', shipto_line2: 'Bât. B', shipto_line3: '2e étage', shipto_postalcode: 'ch-1201' }), ctx);
    expect(ok.problems).toEqual([]);
    expect(ok.body).toMatchObject({ shipToCity: 'Genève', shipToCountry: 'CH', shipToAddressLine2: 'Bât. B, 2e étage', shipToPostCode: 'CH-1201' });
    const bad = mapOrderToSalesOrder(order({ shipto_city: 'X'.repeat(31), shipto_country: 'Atlantis' }), ctx);
    expect(bad.problems.map((p) => [p.code, p.field])).toEqual([
      [MappingCode.fieldTooLong, 'shipto_city'],
      [MappingCode.countryUnknown, 'shipto_country'],
    ]);
    expect(bad.problems[0].params).toMatchObject({ length: 31, max: 30 });
  });

  it('reports a filled bill-to address (read-only in API v2.0) and freight as warnings, never silently', () => {
    const m = mapOrderToSalesOrder(order({ billto_line1: '1 rue X', freightamount: 12.5 }), ctx);
    expect(m.problems.map((p) => [p.code, p.severity])).toEqual([
      [MappingCode.billToNotApplied, 'warning'],
      [MappingCode.freightAsComment, 'warning'],
    ]);
    expect(m.lines[m.lines.length - 1]).toEqual({ sequence: 40000, lineType: 'Comment', description: 'Freight: 12.50 CHF' });
  });

  it('uncoupled unit, product without number and account without number are errors', () => {
    const o = order();
    o.order_details![1].productid!.erp_itemnumber = null;
    o.customerid_account!.erp_customernumber = null;
    const m = mapOrderToSalesOrder(o, { ...ctx, couplings: {} });
    expect(m.problems.map((p) => p.code).sort()).toEqual([MappingCode.customerNotMapped, MappingCode.productNotMapped].sort());
    const o2 = order();
    const m2 = mapOrderToSalesOrder(o2, { ...ctx, couplings: { uom: {} } });
    expect(m2.problems.map((p) => p.code)).toEqual([MappingCode.unitNotMapped]);
  });

  it('order discount = line total − amount less freight; the description follows the name as comments', () => {
    expect(documentDiscount({ totallineitemamount: 100, totalamountlessfreight: 90 })).toBe(10);
    expect(documentDiscount({ discountamount: 3 })).toBe(3);
    const m = mapOrderToSalesOrder(order({ description: 'Deliver to dock 4', totallineitemamount: 100, totalamountlessfreight: 95 }), ctx);
    expect(m.invoiceDiscountAmount).toBe(5);
    expect(m.lines.slice(0, 2).map((l) => l.description)).toEqual(['Spring restock', 'Deliver to dock 4']);
  });

  it('refuses a number longer than 35 characters instead of cutting it', () => {
    expect(() => mapOrderToSalesOrder(order({ ordernumber: 'N'.repeat(36) }), ctx)).toThrow(/36 characters/);
  });

  it('quotes: number → externalDocumentNumber, Effective To → validUntilDate, salesQuoteLines', () => {
    const o = order();
    const q: ErpQuoteSnapshot = { ...o, quoteid: 'q1', quotenumber: 'QUO-01001-A1', effectiveto: '2026-12-31T00:00:00Z', quote_details: o.order_details!.map((l) => ({ ...l, quotedetailid: l.salesorderdetailid })) };
    const m = mapQuoteToSalesQuote(q, ctx);
    expect(m.body).toMatchObject({ externalDocumentNumber: 'QUO-01001-A1', validUntilDate: '2026-12-31' });
    expect(m.body).not.toHaveProperty('requestedDeliveryDate');
    expect(m.body.salesQuoteLines).toHaveLength(3);
    expect(m.body).not.toHaveProperty('salesOrderLines');
  });

  it('extends the shared query with ERP-only columns and keeps the shared part intact', () => {
    const q = erpOrderQuery();
    expect(q).toContain('shipto_city');
    expect(q).toContain('order_details($select=volumediscountamount,salesorderdetailid');
    const shared = orderSnapshotQuery();
    expect(q.replace(/shipto_[a-z]+,|billto_[a-z0-9]+,/g, '')).not.toBe(shared);
    expect(q.endsWith(shared.slice(shared.indexOf('&$expand=')).replace('order_details($select=', 'order_details($select=volumediscountamount,'))).toBe(true);
    expect(erpQuoteQuery()).toContain('quote_details($select=volumediscountamount,');
    expect(() => extendSnapshotQuery('?$filter=x', 'order_details', [], [])).toThrow(/shape|select/);
  });

  it('country codes', () => {
    expect(countryCode('fr')).toBe('FR');
    expect(countryCode('États-Unis')).toBe('US');
    expect(countryCode('Narnia')).toBeNull();
    expect(countryCode('')).toBeNull();
  });
});

describe('erpMapping: ERP → CRM states', () => {
  const submitted = { statecode: SalesOrderState.submitted, statuscode: SalesOrderStatus.inProgress };
  it('progress from lines ignores comments', () => {
    const p = orderProgress([
      { lineType: 'Comment', quantity: 0 },
      { lineType: 'Item', quantity: 5, shippedQuantity: 5, invoicedQuantity: 2 },
      { lineType: 'Item', quantity: 2, shippedQuantity: 1, invoicedQuantity: 0 },
    ]);
    expect(p).toEqual({ anyShipped: true, fullyShipped: false, anyInvoiced: true, fullyInvoiced: false });
  });
  it('fulfilled partial, complete, invoiced; never backwards', () => {
    expect(orderStateFromProgress({ anyShipped: true, fullyShipped: false, anyInvoiced: false, fullyInvoiced: false }, submitted)).toEqual({ statecode: 3, statuscode: 100002 });
    expect(orderStateFromProgress({ anyShipped: true, fullyShipped: true, anyInvoiced: false, fullyInvoiced: false }, submitted)).toEqual({ statecode: 3, statuscode: 100001 });
    expect(orderStateFromProgress({ anyShipped: true, fullyShipped: true, anyInvoiced: true, fullyInvoiced: true }, { statecode: 3, statuscode: 100001 })).toEqual({ statecode: 4, statuscode: 100003 });
    expect(orderStateFromProgress({ anyShipped: true, fullyShipped: false, anyInvoiced: false, fullyInvoiced: false }, { statecode: 3, statuscode: 100001 })).toBeNull();
    expect(orderStateFromProgress({ anyShipped: false, fullyShipped: false, anyInvoiced: false, fullyInvoiced: false }, submitted)).toBeNull();
  });
  it('invoice payment rule of §7', () => {
    expect(invoiceStateFromErp({ remainingAmount: 0, totalAmountIncludingTax: 100 })).toEqual({ statecode: InvoiceState.paid, statuscode: InvoiceStatus.complete });
    expect(invoiceStateFromErp({ remainingAmount: 40, totalAmountIncludingTax: 100 })).toEqual({ statecode: InvoiceState.paid, statuscode: InvoiceStatus.partial });
    expect(invoiceStateFromErp({ remainingAmount: 100, totalAmountIncludingTax: 100 })).toEqual({ statecode: InvoiceState.active, statuscode: InvoiceStatus.billed });
    expect(invoiceStateFromErp({ status: 'Canceled', remainingAmount: 100, totalAmountIncludingTax: 100 })).toEqual({ statecode: 3, statuscode: 100003 });
    expect(paymentEvent({ statecode: 2, statuscode: 100002 }, 40)).toEqual({ complete: false, remaining: 40 });
    expect(paymentEvent({ statecode: 0, statuscode: 4 }, 100)).toBeNull();
  });
  it('posted invoice → Sales invoice with lines, write-in when the item is not a product', () => {
    const body = mapPostedInvoiceToCrm(
      {
        id: 'i',
        number: 'PSI-1',
        dueDate: '2026-12-30',
        postingDate: '2026-11-30',
        salesInvoiceLines: [
          { lineType: 'Comment', description: 'x' },
          { lineType: 'Item', lineObjectNumber: '1000', unitOfMeasureCode: 'PCS', quantity: 2, unitPrice: 10, discountAmount: 1 },
          { lineType: 'Item', lineObjectNumber: 'LGT-0014', description: 'Lamp', unitOfMeasureCode: 'PCS', quantity: 1, unitPrice: 5 },
        ],
      },
      { orderId: 'o1', customer: { table: 'account', id: 'a1' }, currencyId: 'c1', priceLevelId: null, productByNumber: { '1000': 'p1' }, uomByCode: { PCS: 'u1' } },
      'Invoice PSI-1',
    );
    expect(body).toMatchObject({ erp_erpinvoicenumber: 'PSI-1', statuscode: 4, 'salesorderid@odata.bind': '/salesorders(o1)', 'customerid_account@odata.bind': '/accounts(a1)', duedate: '2026-12-30' });
    // An order whose customer is a contact: the invoice binds the contact, never an account with a contact's id.
    const forContact = mapPostedInvoiceToCrm({ id: 'i2', number: 'PSI-2', salesInvoiceLines: [] }, { orderId: null, customer: { table: 'contact', id: 'c9' }, currencyId: null, priceLevelId: null, productByNumber: {}, uomByCode: {} }, 'x');
    expect(forContact['customerid_contact@odata.bind']).toBe('/contacts(c9)');
    expect(forContact).not.toHaveProperty('customerid_account@odata.bind');
    const details = body.invoice_details as Record<string, unknown>[];
    expect(details).toHaveLength(2);
    expect(details[0]).toMatchObject({ 'productid@odata.bind': '/products(p1)', 'uomid@odata.bind': '/uoms(u1)', quantity: 2, manualdiscountamount: 1 });
    expect(details[1]).toMatchObject({ isproductoverridden: true, productdescription: 'Lamp' });
  });
});

describe('retryPolicy', () => {
  const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000 };
  it('exponential with jitter between half and all of the ceiling, capped', () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(500);
    expect(backoffDelayMs(1, policy, () => 1)).toBe(1000);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(3000);
    expect(backoffDelayMs(10, policy, () => 1)).toBe(5000);
  });
  it('Retry-After is a floor, within the cap', () => {
    expect(backoffDelayMs(1, policy, () => 0, 4000)).toBe(4000);
    expect(backoffDelayMs(1, policy, () => 0, 60_000)).toBe(5000);
  });
  it('permanent fails at once, transient retries until the limit', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(decideAfterFailure(1, 'permanent', policy, now)).toEqual({ status: 'failed', reason: 'permanent' });
    const d = decideAfterFailure(2, 'transient', policy, now, () => 1);
    expect(d).toEqual({ status: 'retrying', delayMs: 2000, nextAttemptAt: new Date('2026-01-01T00:00:02Z') });
    expect(decideAfterFailure(4, 'transient', policy, now)).toEqual({ status: 'failed', reason: 'attemptsExhausted' });
  });
  it('classifies statuses and parses Retry-After', () => {
    expect([400, 401, 404, 408, 409, 425, 429, 500, 501, 503, 505].map((s) => classifyHttpStatus(s, 'bc'))).toEqual([
      'permanent', 'permanent', 'permanent', 'transient', 'transient', 'transient', 'transient', 'transient', 'permanent', 'transient', 'permanent',
    ]);
    // One rule for both services; only 409 differs: a stale ETag in Business Central, not worth repeating in Dataverse.
    expect([408, 409, 429, 500, 501].map((s) => classifyHttpStatus(s, 'dataverse'))).toEqual(['transient', 'permanent', 'transient', 'transient', 'permanent']);
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
