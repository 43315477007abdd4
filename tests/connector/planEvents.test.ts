/**
 * The ERP events plan (connector/flows/planEvents.ts), without any service: from what a pass read to the change sets
 * it writes. Each rule the issue names: new, changed and unchanged rows; each payment movement posted once
 * (partial 1, partial 2, paid in full); a release missed while the connector was down posted once; the lines of an
 * order Business Central deleted taken from its posted shipment (else invoice) lines; the watermark moving on
 * whatever the writes did.
 */
import { InvoiceState, InvoiceStatus, SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';
import type { BatchOperation, BatchPart } from '../../connector/dataverse/batch';
import { stableGuid } from '../../connector/ids';
import { linesOfGoneOrder, mergeWindow, nextWatermark, ordersTakingLines, planEvents, planInvoiceState, planLineDelivery, type CrmInvoice, type CrmOrder, type EventsInput } from '../../connector/flows/planEvents';
import type { BcRow } from '../../connector/bc/client';

const ORDER_ID = '11111111-0000-4000-8000-000000000001';
const ref = { postLcid: () => 1033, timeZones: {}, lcy: 'EUR', uomIdByCode: { PCS: 'uom-pcs' }, connectionId: null };
const crmOrder = (over: Partial<CrmOrder> = {}): CrmOrder => ({
  salesorderid: ORDER_ID,
  ordernumber: 'ORD-1',
  name: 'Order 1',
  statecode: SalesOrderState.submitted,
  statuscode: 3,
  erp_erpordernumber: 'S-1',
  customerid_account: { accountid: 'acc-1' },
  ...over,
});
const line = (sequence: number, quantity: number, shipped = 0, invoiced = 0) => ({ sequence, lineType: 'Item', quantity, shippedQuantity: shipped, invoicedQuantity: invoiced });
const erpOrder = (status: string, lines = [line(10000, 2)], over: Partial<BcRow> = {}): BcRow => ({ id: 'o-1', number: 'S-1', status, requestedDeliveryDate: '0001-01-01', salesOrderLines: lines, lastModifiedDateTime: '2026-03-01T10:00:00Z', ...over });
const shipment = (number: string, postingDate: string): BcRow => ({ id: `sh-${number}`, number, orderNumber: 'S-1', postingDate, lastModifiedDateTime: `${postingDate}T12:00:00Z` });
const invoice = (over: Partial<BcRow> = {}): BcRow => ({
  id: 'inv-1',
  number: 'I-1',
  orderNumber: 'S-1',
  postingDate: '2026-03-02',
  totalAmountIncludingTax: 120,
  totalAmountExcludingTax: 100,
  remainingAmount: 120,
  status: 'Open',
  currencyCode: '',
  salesInvoiceLines: [{ sequence: 10000, lineType: 'Item', lineObjectNumber: 'SAF-0002', unitOfMeasureCode: 'PCS', quantity: 2, unitPrice: 50, amountExcludingTax: 100, amountIncludingTax: 120 }],
  ...over,
});

function input(over: Partial<EventsInput> = {}): EventsInput {
  return {
    started: new Date('2026-03-03T00:00:00Z'),
    orders: [],
    shipments: [],
    invoices: [],
    crmOrders: new Map([['S-1', crmOrder()]]),
    progress: new Map(),
    lineOps: new Map(),
    tracking: new Map(),
    existingInvoices: new Map(),
    productIds: { 'SAF-0002': 'prod-2' },
    ref,
    ...over,
  };
}

const opsOf = (parts: ReadonlyArray<{ part: BatchPart } | BatchPart>): BatchOperation[] => parts.flatMap((p) => ('part' in p ? p.part : p)).flatMap((p) => ('changeSet' in p ? p.changeSet : [p]));
const posts = (parts: ReadonlyArray<{ part: BatchPart } | BatchPart>) => opsOf(parts).filter((o) => o.url === 'posts').map((o) => o.body as { postid: string; text: string });

describe('ERP events plan: new, changed and unchanged', () => {
  it('an unchanged draft order (not released: API status Draft; same dates, nothing shipped) writes nothing', () => {
    const plan = planEvents(input({ orders: [erpOrder('Draft')], progress: new Map([['S-1', { anyShipped: false, fullyShipped: false, anyInvoiced: false, fullyInvoiced: false }]]) }));
    expect(plan.parts).toEqual([]);
    expect([plan.ordersUpdated, plan.modified]).toEqual([0, 0]);
  });

  it('a changed requested delivery date is written at the owner’s local date; the same date again is not', () => {
    const changed = planEvents(input({ orders: [erpOrder('Draft', undefined, { requestedDeliveryDate: '2026-04-10' })] }));
    expect(opsOf(changed.parts)).toEqual([{ method: 'PATCH', url: `salesorders(${ORDER_ID})`, body: { requestdeliveryby: expect.stringMatching(/^2026-04-10/) } }]);
    const same = planEvents(input({ orders: [erpOrder('Draft', undefined, { requestedDeliveryDate: '2026-04-10' })], crmOrders: new Map([['S-1', crmOrder({ requestdeliveryby: '2026-04-10T00:00:00Z' })]]) }));
    expect(same.parts).toEqual([]);
  });

  it('a new posted invoice becomes a Sales invoice with a deterministic id, its coupling and one post; an existing one is not created again', () => {
    const plan = planEvents(input({ invoices: [invoice()], progress: new Map([['S-1', 'gone']]) }));
    const create = opsOf(plan.parts).find((o) => o.method === 'POST' && o.url === 'invoices')!;
    expect((create.body as { invoiceid: string }).invoiceid).toBe(stableGuid('invoice', 'inv-1'));
    expect(opsOf(plan.parts).some((o) => o.url.startsWith('erp_couplings('))).toBe(true);
    expect(posts(plan.parts).map((p) => p.text)).toEqual(['The order status has changed to Released.', expect.stringMatching(/^The order has been invoiced in full: invoice I-1/)]);
    expect([plan.invoicesCreated, plan.inserted]).toEqual([1, 1]);
    // Every part belongs to the order it is about: a refused write fails that order alone.
    expect(new Set(plan.parts.map((p) => p.orderNumber))).toEqual(new Set(['S-1']));

    const existing: CrmInvoice = { invoiceid: 'crm-inv', erp_erpinvoicenumber: 'I-1', statecode: InvoiceState.active, statuscode: InvoiceStatus.billed };
    const again = planEvents(input({ invoices: [invoice()], existingInvoices: new Map([['I-1', existing]]) }));
    expect(opsOf(again.parts).filter((o) => o.url === 'invoices')).toEqual([]);
    expect(again.invoicesCreated).toBe(0);
  });

  it('an ERP order of a Sales order that is not coupled is ignored', () => {
    expect(planEvents(input({ orders: [erpOrder('Open', undefined, { number: 'S-9' })], shipments: [{ ...shipment('SH-9', '2026-03-01'), orderNumber: 'S-9' }] })).parts).toEqual([]);
  });
});

describe('ERP events plan: payments, one post per movement', () => {
  const crmInv = (statecode: number, statuscode: number): CrmInvoice => ({ invoiceid: 'crm-inv', erp_erpinvoicenumber: 'I-1', statecode, statuscode });
  const paidPart = { statecode: InvoiceState.paid, statuscode: InvoiceStatus.partial };

  it('partial 1, partial 2, paid in full: three posts with three ids; a movement seen again has the same id', () => {
    const order = crmOrder();
    const p1 = planInvoiceState(crmInv(InvoiceState.active, InvoiceStatus.billed), paidPart, 80, 'EUR', order, ref);
    expect(p1.updated).toBe(true);
    expect(opsOf(p1.parts).filter((o) => o.url.startsWith('invoices('))).toEqual([{ method: 'PATCH', url: 'invoices(crm-inv)', body: paidPart }]);
    const p2 = planInvoiceState(crmInv(paidPart.statecode, paidPart.statuscode), paidPart, 30, 'EUR', order, ref);
    expect(p2.updated).toBe(false);
    const p2again = planInvoiceState(crmInv(paidPart.statecode, paidPart.statuscode), paidPart, 30, 'EUR', order, ref);
    const full = planInvoiceState(crmInv(paidPart.statecode, paidPart.statuscode), { statecode: InvoiceState.paid, statuscode: InvoiceStatus.complete }, 0, 'EUR', order, ref);
    expect(full.updated).toBe(true);
    const ids = [p1, p2, full].map((p) => posts(p.parts).map((x) => x.postid));
    expect(ids.map((x) => x.length)).toEqual([1, 1, 1]);
    expect(new Set(ids.flat()).size).toBe(3);
    expect(posts(p2again.parts).map((x) => x.postid)).toEqual(ids[1]);
  });

  it('an open invoice with nothing paid changes nothing and posts nothing', () => {
    const p = planInvoiceState(crmInv(InvoiceState.active, InvoiceStatus.billed), { statecode: InvoiceState.active, statuscode: InvoiceStatus.billed }, 120, 'EUR', crmOrder(), ref);
    expect(p).toEqual({ parts: [], updated: false });
  });

  it('a paid invoice that was closed is re-activated first, then set to its new status (one change set)', () => {
    const p = planInvoiceState(crmInv(InvoiceState.canceled, 100003), { statecode: InvoiceState.paid, statuscode: InvoiceStatus.complete }, 0, 'EUR', null, ref);
    expect(p.parts).toHaveLength(1);
    expect(opsOf(p.parts).map((o) => (o.body as { statecode: number }).statecode)).toEqual([InvoiceState.active, InvoiceState.paid]);
  });
});

describe('ERP events plan: releases and shipments', () => {
  it('a release missed while down is posted once when its shipment and invoice are seen, with the id a released order would get', () => {
    const plan = planEvents(input({ shipments: [shipment('SH-1', '2026-03-01')], invoices: [invoice()], progress: new Map([['S-1', 'gone']]) }));
    const released = posts(plan.parts).filter((p) => p.text === 'The order status has changed to Released.');
    expect(released).toHaveLength(1);
    const seenReleased = planEvents(input({ orders: [erpOrder('Open')] }));
    expect(posts(seenReleased.parts).map((p) => p.postid)).toEqual([released[0].postid]);
  });

  it('one post per shipment; only the last one of a fully shipped order says in full; the date fulfilled is the latest', () => {
    const plan = planEvents(
      input({
        orders: [erpOrder('Open', [line(10000, 3, 3)])],
        shipments: [shipment('SH-2', '2026-03-02'), shipment('SH-1', '2026-03-01')],
        tracking: new Map([['SH-2', 'PKG-2']]),
        progress: new Map([['S-1', { anyShipped: true, fullyShipped: true, anyInvoiced: false, fullyInvoiced: false }]]),
      }),
    );
    const texts = posts(plan.parts).map((p) => p.text);
    expect(texts.filter((t) => t.includes('SH-1'))).toEqual([expect.not.stringContaining('in full')]);
    expect(texts.filter((t) => t.includes('SH-2'))).toEqual([expect.stringMatching(/in full.*PKG-2|PKG-2.*in full/)]);
    expect(opsOf(plan.parts).find((o) => o.url === `salesorders(${ORDER_ID})` && 'datefulfilled' in (o.body as object))?.body).toEqual({ datefulfilled: expect.stringMatching(/^2026-03-02/) });
    expect(opsOf(plan.parts).some((o) => o.url === 'FulfillSalesOrder')).toBe(true);
  });
});

describe('ERP events plan: lines of an order Business Central deleted', () => {
  it('come from the posted shipment lines, summed per sequence, comments left out; else from the invoice lines', () => {
    const fromShipments = linesOfGoneOrder(
      [
        { sequence: 10000, lineType: 'Item', quantity: 2 },
        { sequence: 10000, lineType: 'Item', quantity: 1 },
        { sequence: 20000, lineType: 'Comment', quantity: 0 },
        { sequence: 30000, lineType: 'Item', quantity: 4 },
      ],
      [{ sequence: 10000, lineType: 'Item', quantity: 9 }],
    );
    expect(fromShipments).toEqual([
      { sequence: 10000, lineType: 'Item', quantity: 3, shippedQuantity: 3, invoicedQuantity: 3 },
      { sequence: 30000, lineType: 'Item', quantity: 4, shippedQuantity: 4, invoicedQuantity: 4 },
    ]);
    expect(linesOfGoneOrder([], [{ sequence: 10000, lineType: 'Item', quantity: 5 }])).toEqual([{ sequence: 10000, lineType: 'Item', quantity: 5, shippedQuantity: 5, invoicedQuantity: 5 }]);
    expect(linesOfGoneOrder([], [])).toBeNull();
  });

  it('become shipped quantities on the Sales lines (nothing back-ordered), written before the state change', () => {
    const erpLines = new Map([['S-1', linesOfGoneOrder([{ sequence: 10000, lineType: 'Item', quantity: 2 }, { sequence: 20000, lineType: 'Item', quantity: 1 }], [])!]]);
    const crm = new Map([['S-1', crmOrder()]]);
    const open = ordersTakingLines(crm, erpLines);
    const sales = new Map([
      [
        ORDER_ID,
        [
          { salesorderdetailid: 'l1', sequencenumber: 1, quantityshipped: 0, quantitybackordered: 2 },
          { salesorderdetailid: 'l2', sequencenumber: 2, quantityshipped: 0, quantitybackordered: 1 },
        ],
      ],
    ]);
    const lines = planLineDelivery(open, sales, erpLines);
    expect(lines.mismatched).toEqual([]);
    expect(lines.ops.get('S-1')).toEqual([
      { method: 'PATCH', url: 'salesorderdetails(l1)', body: { quantityshipped: 2, quantitybackordered: 0 } },
      { method: 'PATCH', url: 'salesorderdetails(l2)', body: { quantityshipped: 1, quantitybackordered: 0 } },
    ]);
    const plan = planEvents(input({ progress: new Map([['S-1', 'gone']]), lineOps: lines.ops }));
    const urls = opsOf(plan.parts).map((o) => o.url);
    expect(urls.indexOf('salesorderdetails(l1)')).toBeLessThan(urls.lastIndexOf(`salesorders(${ORDER_ID})`));
    expect(opsOf(plan.parts).at(-1)).toEqual({ method: 'PATCH', url: `salesorders(${ORDER_ID})`, body: { statecode: SalesOrderState.invoiced, statuscode: SalesOrderStatus.invoiced } });
  });

  it('an order whose lines no longer match one to one is named, not written; closed orders take no lines', () => {
    const erpLines = new Map([['S-1', [line(10000, 2, 2)]]]);
    const sales = new Map([[ORDER_ID, [{ salesorderdetailid: 'l1', sequencenumber: 1 }, { salesorderdetailid: 'l2', sequencenumber: 2 }]]]);
    expect(planLineDelivery(ordersTakingLines(new Map([['S-1', crmOrder()]]), erpLines), sales, erpLines)).toEqual({ ops: new Map(), mismatched: ['S-1'], unknownLocations: [] });
    expect(ordersTakingLines(new Map([['S-1', crmOrder({ statecode: SalesOrderState.invoiced, statuscode: SalesOrderStatus.invoiced })]]), erpLines)).toEqual([]);
  });
});

describe('ERP events plan: the ship-from location the ERP used', () => {
  const MAIN = '1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
  const NEW = '99999999-0000-4000-8000-000000000001';
  const codes = { [MAIN]: 'MAIN' };
  const at = (sequence: number, locationId: string) => ({ ...line(sequence, 2), locationId });

  it('PATCHes erp_locationcode on the Sales line the ERP gave a location, with the quantities, in the order’s change set', () => {
    const erpLines = new Map([['S-1', [at(10000, MAIN), at(20000, MAIN)]]]);
    const sales = new Map([
      [
        ORDER_ID,
        [
          { salesorderdetailid: 'l1', sequencenumber: 1, quantityshipped: 0, quantitybackordered: 0, erp_locationcode: null },
          { salesorderdetailid: 'l2', sequencenumber: 2, quantityshipped: 0, quantitybackordered: 0, erp_locationcode: 'MAIN' },
        ],
      ],
    ]);
    const lines = planLineDelivery(ordersTakingLines(new Map([['S-1', crmOrder()]]), erpLines), sales, erpLines, codes);
    expect(lines.ops.get('S-1')).toEqual([{ method: 'PATCH', url: 'salesorderdetails(l1)', body: { quantityshipped: 0, quantitybackordered: 0, erp_locationcode: 'MAIN' } }]);
    expect(lines.unknownLocations).toEqual([]);
    const plan = planEvents(input({ progress: new Map([['S-1', { anyShipped: false, fullyShipped: false, anyInvoiced: false, fullyInvoiced: false }]]), lineOps: lines.ops }));
    expect(opsOf(plan.parts)).toEqual([{ method: 'PATCH', url: 'salesorderdetails(l1)', body: { quantityshipped: 0, quantitybackordered: 0, erp_locationcode: 'MAIN' } }]);
    expect(plan.modified).toBe(1);
  });

  it('once written, the next pass plans nothing', () => {
    const erpLines = new Map([['S-1', [at(10000, MAIN)]]]);
    const sales = new Map([[ORDER_ID, [{ salesorderdetailid: 'l1', sequencenumber: 1, quantityshipped: 0, quantitybackordered: 0, erp_locationcode: 'MAIN' }]]]);
    expect(planLineDelivery(ordersTakingLines(new Map([['S-1', crmOrder()]]), erpLines), sales, erpLines, codes)).toEqual({ ops: new Map(), mismatched: [], unknownLocations: [] });
  });

  it('a location the reference data does not know: the line is left alone and the id is named once', () => {
    const erpLines = new Map([['S-1', [at(10000, NEW), at(20000, NEW)]]]);
    const sales = new Map([
      [
        ORDER_ID,
        [
          { salesorderdetailid: 'l1', sequencenumber: 1, quantityshipped: 0, quantitybackordered: 0, erp_locationcode: null },
          { salesorderdetailid: 'l2', sequencenumber: 2, quantityshipped: 0, quantitybackordered: 0, erp_locationcode: 'MAIN' },
        ],
      ],
    ]);
    expect(planLineDelivery(ordersTakingLines(new Map([['S-1', crmOrder()]]), erpLines), sales, erpLines, codes)).toEqual({ ops: new Map(), mismatched: [], unknownLocations: [NEW] });
  });
});

describe('ERP events plan: the window and the watermark', () => {
  it('orders waiting for their retry are left out of the window; due retries are added once', () => {
    const a = erpOrder('Draft', undefined, { id: 'a', number: 'S-1' });
    const b = erpOrder('Draft', undefined, { id: 'b', number: 'S-2' });
    const c = erpOrder('Draft', undefined, { id: 'c', number: 'S-3' });
    const merged = mergeWindow([a, b], [c, a], new Set(['S-2']), (x) => String(x.number));
    expect(merged.map((x) => x.id).sort()).toEqual(['a', 'c']);
  });

  it('moves to the newest row read, whatever the writes did; never back; stays without rows', () => {
    const rows = [{ lastModifiedDateTime: '2026-03-01T10:00:00Z' }, { lastModifiedDateTime: '2026-03-01T12:00:00Z' }] as BcRow[];
    expect(nextWatermark(rows, '2026-02-01T00:00:00Z')).toBe('2026-03-01T12:00:00Z');
    expect(nextWatermark(rows, '2026-04-01T00:00:00Z')).toBe('2026-04-01T00:00:00Z');
    expect(nextWatermark([], '2026-02-01T00:00:00Z')).toBe('2026-02-01T00:00:00Z');
    expect(nextWatermark([], null)).toBeNull();
  });
});
