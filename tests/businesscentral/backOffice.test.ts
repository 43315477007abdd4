import { demoCompany } from '../../sandbox/seed';
import { Api, bcError, enc, startApi, Json } from './helpers';

const demo = demoCompany();
const customer = demo.customers.find((c) => c.country === 'FR' && c.blocked === ' ' && c.inSales)!;
const itemA = demo.items.filter((i) => i.type === 'Inventory' && !i.blocked)[3];
const itemB = demo.items.filter((i) => i.type === 'Inventory' && !i.blocked)[9];

let api: Api;
let locations: Record<string, string>;
beforeAll(async () => {
  api = await startApi();
  locations = Object.fromEntries((await api.get('locations')).json.value.map((l: Json) => [l.code, l.id]));
});
afterAll(() => api.bc.close());

async function onHandAt(item: string, location: string): Promise<number> {
  const rows = (await api.get(`${api.bc.analyticsUrl}/itemLedgerEntries?$filter=${enc(`itemNo eq '${item}' and locationCode eq '${location}' and open eq true`)}`)).json.value;
  return rows.reduce((s: number, e: Json) => s + e.remainingQuantity, 0);
}

async function newOrder(lines: Array<{ item: string; qty: number; loc: string }>): Promise<Json> {
  const r = await api.call('POST', 'salesOrders?$expand=salesOrderLines', {
    customerNumber: customer.number, externalDocumentNumber: `BO-${Date.now()}`,
    salesOrderLines: lines.map((l) => ({ lineObjectNumber: l.item, quantity: l.qty, locationId: locations[l.loc] })),
  });
  expect(r.status).toBe(201);
  return r.json;
}

describe('back office: release, ship, invoice, pay', () => {
  it('release moves Draft → Open (released); reopen goes back; unknown orders are 404', async () => {
    const o = await newOrder([{ item: itemA.number, qty: 2, loc: 'MAIN' }]);
    const before = o.lastModifiedDateTime;
    const r = await api.admin('POST', `/salesOrders/${o.number}/release`);
    expect(r.status).toBe(200);
    const after = (await api.get(`salesOrders(${o.id})`)).json;
    expect(after.status).toBe('Open');
    expect(after.lastModifiedDateTime > before).toBe(true);
    expect((await api.admin('POST', `/salesOrders/${o.id}/reopen`)).json.status).toBe('Draft');
    const missing = await api.admin('POST', '/salesOrders/S-ORD999999/release');
    bcError(missing, 404, 'BadRequest_NotFound');
    const shipDraft = await api.admin('POST', `/salesOrders/${o.id}/ship`, {});
    expect(bcError(shipDraft, 400, 'Application_FieldValidationException').message).toContain('Release the order');
  });

  it('partial shipment with a tracking number: shipment and lines in the API, stock down at the line location, outstanding demand in analytics', async () => {
    const stockBefore = await onHandAt(itemA.number, 'LYON');
    const o = await newOrder([{ item: itemA.number, qty: 5, loc: 'LYON' }, { item: itemB.number, qty: 3, loc: 'MAIN' }]);
    const demand = (await api.get(`${api.bc.analyticsUrl}/outstandingSalesLines?$filter=${enc(`documentNo eq '${o.number}'`)}`)).json.value;
    expect(demand.map((d: Json) => [d.itemNo, d.locationCode, d.outstandingQtyBase]).sort()).toEqual([[itemA.number, 'LYON', 5], [itemB.number, 'MAIN', 3]].sort());
    await api.admin('POST', `/salesOrders/${o.id}/release`);
    const ship = await api.admin('POST', `/salesOrders/${o.id}/ship`, { lines: [{ sequence: 10000, quantity: 2 }], trackingNumber: '1Z999AA10123456784', shippingAgentCode: 'ups' });
    expect(ship.status).toBe(201);
    expect(ship.json.shipmentNumber).toMatch(/^S-SHPT\d+$/);
    const shipment = (await api.get(`salesShipments(${ship.json.shipmentId})?$expand=salesShipmentLines`)).json;
    expect(shipment.orderNumber).toBe(o.number);
    expect(shipment.customerNumber).toBe(customer.number);
    expect(shipment.salesShipmentLines.filter((l: Json) => l.quantity > 0).map((l: Json) => [l.lineObjectNumber, l.quantity])).toEqual([[itemA.number, 2]]);
    // Tracking numbers are on standard page 142 Posted Sales Shipments, once published (not on API v2.0).
    expect((await api.get(`${api.bc.odataV4Url}/PostedSalesShipments`)).status).toBe(404);
    expect((await api.admin('POST', '/webServices', { objectId: 142 })).status).toBe(201);
    const tracking = (await api.get(`${api.bc.odataV4Url}/PostedSalesShipments?$filter=${enc(`No eq '${ship.json.shipmentNumber}'`)}`)).json.value;
    expect(tracking).toHaveLength(1);
    expect(tracking[0]).toMatchObject({ No: ship.json.shipmentNumber, Package_Tracking_No: '1Z999AA10123456784', Shipping_Agent_Code: 'UPS', Sell_to_Customer_No: customer.number });
    const order = (await api.get(`salesOrders(${o.id})?$expand=salesOrderLines`)).json;
    expect(order.fullyShipped).toBe(false);
    expect(order.salesOrderLines.map((l: Json) => l.shippedQuantity)).toEqual([2, 0]);
    expect(await onHandAt(itemA.number, 'LYON')).toBe(stockBefore - 2);
    const ile = (await api.get(`itemLedgerEntries?$filter=${enc(`documentNumber eq '${ship.json.shipmentNumber}'`)}`)).json.value;
    expect(ile.map((e: Json) => [e.entryType, e.documentType, e.quantity])).toEqual([['Sale', 'Sales Shipment', -2]]);
    const demandAfter = (await api.get(`${api.bc.analyticsUrl}/outstandingSalesLines?$filter=${enc(`documentNo eq '${o.number}' and itemNo eq '${itemA.number}'`)}`)).json.value;
    expect(demandAfter[0].outstandingQtyBase).toBe(3);
    const tooMuch = await api.admin('POST', `/salesOrders/${o.id}/ship`, { lines: [{ sequence: 10000, quantity: 4 }] });
    expect(bcError(tooMuch, 400, 'Application_DialogException').message).toContain('3 remain');
  });

  it('invoice then partial and full payment: posted invoice, customer balance, remainingAmount and status Paid', async () => {
    const o = await newOrder([{ item: itemA.number, qty: 1, loc: 'MAIN' }, { item: itemB.number, qty: 2, loc: 'MAIN' }]);
    const balanceBefore = (await api.get(`customers(${customer.id})/customerFinancialDetails`)).json.balance;
    await api.admin('POST', `/salesOrders/${o.id}/release`);
    await api.admin('POST', `/salesOrders/${o.id}/ship`, { lines: [{ lineObjectNumber: itemA.number, quantity: 1 }] });
    const inv1 = await api.admin('POST', `/salesOrders/${o.id}/invoice`, {});
    expect(inv1.status).toBe(201);
    expect(inv1.json.orderDeleted).toBe(false);
    const invoice = (await api.get(`salesInvoices(${inv1.json.invoiceId})?$expand=salesInvoiceLines`)).json;
    expect(invoice).toMatchObject({ orderId: o.id, orderNumber: o.number, status: 'Open', customerNumber: customer.number });
    expect(invoice.salesInvoiceLines.map((l: Json) => [l.lineObjectNumber, l.quantity])).toEqual([[itemA.number, 1]]);
    expect(invoice.remainingAmount).toBe(invoice.totalAmountIncludingTax);
    const balanceAfter = (await api.get(`customers(${customer.id})/customerFinancialDetails`)).json.balance;
    expect(balanceAfter).toBeCloseTo(balanceBefore + invoice.totalAmountIncludingTax, 2);
    expect((await api.get(`salesOrders(${o.id})?$expand=salesOrderLines`)).json.salesOrderLines.map((l: Json) => l.invoicedQuantity)).toEqual([1, 0]);
    bcError(await api.admin('POST', `/salesOrders/${o.id}/invoice`, {}), 400, 'Application_DialogException');

    const half = Math.round(invoice.totalAmountIncludingTax * 50) / 100;
    const p1 = await api.admin('POST', `/salesInvoices/${invoice.number}/payments`, { amount: half });
    expect(p1.status).toBe(201);
    let after = (await api.get(`salesInvoices(${invoice.id})`)).json;
    expect(after.status).toBe('Open');
    expect(after.remainingAmount).toBeCloseTo(invoice.totalAmountIncludingTax - half, 2);
    expect(after.lastModifiedDateTime > invoice.lastModifiedDateTime).toBe(true);
    bcError(await api.admin('POST', `/salesInvoices/${invoice.number}/payments`, { amount: invoice.totalAmountIncludingTax }), 400, 'Application_DialogException');
    const p2 = await api.admin('POST', `/salesInvoices/${invoice.id}/payments`, {});
    expect(p2.json.remainingAmount).toBe(0);
    after = (await api.get(`salesInvoices(${invoice.id})`)).json;
    expect(after.status).toBe('Paid');
    expect(after.remainingAmount).toBe(0);
    expect((await api.get(`customers(${customer.id})/customerFinancialDetails`)).json.balance).toBeCloseTo(balanceBefore, 2);
    // The analytics customerLedgerEntries: each payment's initial entry, and its application to the invoice's entry.
    const ledger = (await api.get(`${api.bc.analyticsUrl}/customerLedgerEntries?$filter=${enc(`dcleCustomerNo eq '${customer.number}' and dcleDocumentType eq 'Payment'`)}&$orderby=dcleEntryNo`)).json.value;
    const initial = ledger.filter((e: Json) => e.dcleEntryType === 'Initial Entry');
    expect(initial.slice(-2).map((e: Json) => e.cleEntryNo)).toEqual([p1.json.paymentEntryNumber, p2.json.paymentEntryNumber]);
    expect(initial[initial.length - 2].dcleAmountLCY).toBeCloseTo(-half, 2);
    const onInvoice = ledger.filter((e: Json) => e.dcleEntryType === 'Application' && e.dcleAppliedCustLedgerEntryNo === p2.json.paymentEntryNumber);
    expect(onInvoice).toHaveLength(1);
    expect(onInvoice[0]).toMatchObject({ cleOpen: false, salesInvHeaderDocumentNo: '', dcleDocumentNo: p2.json.documentNumber });
    expect(onInvoice[0].cleClosedAtDate).not.toBe('0001-01-01');
    bcError(await api.admin('POST', `/salesInvoices/${invoice.id}/payments`, {}), 400, 'BadRequest');

    // Shipping and invoicing the rest completes the order, which BC then deletes.
    await api.admin('POST', `/salesOrders/${o.id}/ship`, {});
    const inv2 = await api.admin('POST', `/salesOrders/${o.id}/invoice`, {});
    expect(inv2.json.orderDeleted).toBe(true);
    expect((await api.get(`salesOrders(${o.id})`)).status).toBe(404);
    const invoices = (await api.get(`salesInvoices?$filter=${enc(`orderNumber eq '${o.number}'`)}`)).json.value;
    expect(invoices).toHaveLength(2);
  });

  it('customerPayments journal lines posted with journals(...)/Microsoft.NAV.post pay an invoice through the API', async () => {
    // BC refuses $filter comparisons on the invoice status enum: the status is checked in the results.
    bcError(await api.call('GET', `salesInvoices?$filter=${enc("status eq 'Open'")}`), 400, 'BadRequest');
    const open = (await api.get('salesInvoices')).json.value.find((i: Json) => i.status === 'Open');
    const line = await api.call('POST', 'customerPayments', { customerNumber: open.customerNumber, appliesToInvoiceNumber: open.number, description: 'Virement' });
    expect(line.status).toBe(201);
    expect(line.json.amount).toBeCloseTo(-open.remainingAmount, 2);
    expect(line.json.appliesToInvoiceId).toBe(open.id);
    bcError(await api.call('POST', 'customerPayments', { customerNumber: 'C10000', appliesToInvoiceNumber: 'S-INV0' }), 400, 'Internal_RecordNotFound');
    const journal = (await api.get('customerPaymentJournals')).json.value[0];
    expect((await api.get(`customerPaymentJournals(${journal.id})/customerPayments`)).json.value.map((l: Json) => l.id)).toContain(line.json.id);
    const posted = await api.call('POST', `journals(${journal.id})/Microsoft.NAV.post`);
    expect(posted.status).toBe(204);
    expect((await api.get(`salesInvoices(${open.id})`)).json.status).toBe('Paid');
    expect((await api.get('customerPayments')).json.value).toEqual([]);
    bcError(await api.call('POST', `journals(${journal.id})/Microsoft.NAV.post`), 400, 'Application_DialogException');
    const positive = await api.call('POST', 'customerPayments', { customerNumber: open.customerNumber, amount: 50 });
    expect(positive.status).toBe(201);
    expect(bcError(await api.call('POST', `journals(${journal.id})/Microsoft.NAV.post`), 400, 'Application_DialogException').message).toBe('The "amount" should be a negative number.');
  });

  it('cancel a posted invoice; a paid invoice cannot be cancelled', async () => {
    const o = await newOrder([{ item: itemA.number, qty: 1, loc: 'MAIN' }]);
    const inv = (await api.admin('POST', `/salesOrders/${o.id}/shipAndInvoice`, { trackingNumber: 'TRK-1' })).json;
    expect(inv.orderDeleted).toBe(true);
    expect((await api.admin('POST', `/salesInvoices/${inv.invoiceNumber}/cancel`)).json.status).toBe('Canceled');
    const paid = (await api.get('salesInvoices')).json.value.find((i: Json) => i.status === 'Paid');
    bcError(await api.admin('POST', `/salesInvoices/${paid.id}/cancel`), 400, 'Application_DialogException');
  });

  it('delete an order from the back office, refused while shipped but not invoiced', async () => {
    const o = await newOrder([{ item: itemA.number, qty: 2, loc: 'MAIN' }]);
    await api.admin('POST', `/salesOrders/${o.id}/release`);
    await api.admin('POST', `/salesOrders/${o.id}/ship`, { lines: [{ sequence: 10000, quantity: 1 }] });
    bcError(await api.admin('DELETE', `/salesOrders/${o.id}`), 400, 'BadRequest');
    const o2 = await newOrder([{ item: itemA.number, qty: 2, loc: 'MAIN' }]);
    await api.admin('POST', `/salesOrders/${o2.id}/release`);
    expect((await api.admin('DELETE', `/salesOrders/${o2.number}`)).status).toBe(204);
    expect((await api.get(`salesOrders(${o2.id})`)).status).toBe(404);
  });
});

describe('stock per location and incoming purchases', () => {
  it('change stock per location (delta or setTo) shows in the analytics API, the back office and items.inventory', async () => {
    const item = (await api.get(`items?$filter=${enc(`number eq '${itemB.number}'`)}`)).json.value[0];
    const r = await api.admin('POST', '/stock', { itemNumber: itemB.number, locationCode: 'GENEVA', setTo: 42 });
    expect(r.json).toEqual({ itemNumber: itemB.number, locationCode: 'GENEVA', onHand: 42 });
    expect(await onHandAt(itemB.number, 'GENEVA')).toBe(42);
    const r2 = await api.admin('POST', '/stock', { itemNumber: itemB.number, locationCode: 'GENEVA', quantity: -2 });
    expect(r2.json.onHand).toBe(40);
    const perLocation = (await api.admin('GET', `/stock/${itemB.number}`)).json.value;
    expect(perLocation.find((a: Json) => a.locationCode === 'GENEVA').inventory).toBe(40);
    const after = (await api.get(`items(${item.id})`)).json;
    expect(perLocation.reduce((s: number, a: Json) => s + a.inventory, 0)).toBeCloseTo(after.inventory, 5);
    expect(bcError(await api.admin('POST', '/stock', { itemNumber: 'NOPE', locationCode: 'MAIN', quantity: 1 }), 400, 'BadRequest').message).toContain('NOPE');
    expect(bcError(await api.admin('POST', '/stock', { itemNumber: itemB.number, locationCode: 'MARS', quantity: 1 }), 400, 'BadRequest').message).toContain('MARS');
    bcError(await api.admin('POST', '/stock', { itemNumber: itemB.number, locationCode: 'MAIN' }), 400, 'BadRequest');
  });

  it('availability per location = on hand − outstanding sales, + incoming purchases with the next receipt date', async () => {
    await api.admin('POST', '/stock', { itemNumber: itemA.number, locationCode: 'PARIS', setTo: 10 });
    const o = await newOrder([{ item: itemA.number, qty: 4, loc: 'PARIS' }]);
    const p1 = await api.admin('POST', '/purchaseLines', { itemNumber: itemA.number, locationCode: 'PARIS', quantity: 20, expectedReceiptDate: '2026-12-10' });
    await api.admin('POST', '/purchaseLines', { itemNumber: itemA.number, locationCode: 'PARIS', quantity: 5, expectedReceiptDate: '2026-12-03' });
    const ret = await api.admin('POST', '/purchaseLines', { itemNumber: itemA.number, locationCode: 'PARIS', quantity: 3, expectedReceiptDate: '2026-12-01', documentType: 'Return Order' });
    expect(ret.json.documentNumber).toMatch(/^P-RET/);
    const avail = (await api.admin('GET', `/stock/${itemA.number}`)).json.value.find((a: Json) => a.locationCode === 'PARIS');
    const existingIncoming = demo.purchaseLines.filter((p) => p.itemNumber === itemA.number && p.locationCode === 'PARIS').reduce((s, p) => s + p.outstandingQuantity, 0);
    expect(avail).toMatchObject({ inventory: 10, qtyOnSalesOrders: 4, availableInventory: 6, qtyOnPurchaseOrders: 25 + existingIncoming });
    // The analytics outstandingPurchaseLines: orders and return orders, as query 36973 filters them, summed per line group.
    const incoming = (await api.get(`${api.bc.analyticsUrl}/outstandingPurchaseLines?$filter=${enc(`itemNo eq '${itemA.number}' and locationCode eq 'PARIS'`)}&$orderby=expectedReceiptDate`)).json.value;
    expect(Object.keys(incoming[0])).toEqual(['itemNo', 'outstandingQtyBase', 'expectedReceiptDate', 'locationCode', 'buyFromVendorNo', 'documentNo', 'documentType', 'dimensionSetID', 'qtyPerUnitOfMeasure', 'unitOfMeasureCode']);
    expect(incoming.filter((l: Json) => l.documentType === 'Order').reduce((s: number, l: Json) => s + l.outstandingQtyBase, 0)).toBe(25 + existingIncoming);
    expect(incoming.filter((l: Json) => l.documentType === 'Return Order').map((l: Json) => [l.documentNo, l.outstandingQtyBase])).toEqual([[ret.json.documentNumber, 3]]);
    bcError(await api.admin('POST', '/purchaseLines', { itemNumber: itemA.number, locationCode: 'PARIS', quantity: 1, expectedReceiptDate: '2026-12-01', documentType: 'Invoice' }), 400, 'BadRequest');
    const received = await api.admin('POST', `/purchaseLines/${p1.json.id}/receive`, { quantity: 20 });
    expect(received.json.outstandingQuantity).toBe(0);
    expect(await onHandAt(itemA.number, 'PARIS')).toBe(30);
    void o;
  });

  it('the standard itemLedgerEntries has no location; the analytics route has locationCode/remainingQuantity/open as Microsoft publishes them', async () => {
    const v2 = (await api.get('itemLedgerEntries?$top=1')).json.value[0];
    expect(v2.locationCode).toBeUndefined();
    bcError(await api.get(`itemLedgerEntries?$filter=${enc("locationCode eq 'MAIN'")}`), 400, 'BadRequest_NotFound');
    const a = (await api.get(`${api.bc.analyticsUrl}/itemLedgerEntries?$top=1`)).json.value[0];
    expect(Object.keys(a)).toEqual(['entryNo', 'entryType', 'sourceType', 'sourceNo', 'documentNo', 'documentType', 'postingDate', 'itemNo', 'locationCode', 'serialNo', 'expirationDate', 'lotNo', 'quantity', 'unitOfMeasureCode', 'remainingQuantity', 'costAmountActual', 'salesAmountActual', 'dimensionSetID', 'open', 'positive', 'invoicedQuantity', 'qtyPerUnitOfMeasure']);
    bcError(await api.get(`${api.bc.analyticsUrl}/customers`), 404, 'BadRequest_ResourceNotFound');
  });
});

describe('admin endpoint hygiene', () => {
  it('lists its endpoints, rejects unknown ones and bad bodies with the BC error shape, and can require a token', async () => {
    const list = await api.admin('GET', '');
    expect(list.json.endpoints.join('\n')).toContain('/_admin/salesOrders/{id|number}/ship');
    bcError(await api.admin('POST', '/teleport'), 404, 'BadRequest_NotFound');
    const res = await fetch(`${api.bc.adminUrl}/stock`, { method: 'POST', body: '{oops' });
    expect(res.status).toBe(400);
    const secured = await startApi({ adminToken: 'admin-secret' });
    try {
      const denied = await fetch(`${secured.bc.adminUrl}/overview`);
      expect(denied.status).toBe(401);
      const ok = await secured.admin('GET', '/overview');
      expect(ok.status).toBe(200);
      expect(ok.json.orders.length).toBeGreaterThan(0);
      expect(ok.json.invoices[0]).toHaveProperty('remainingAmount');
    } finally {
      await secured.bc.close();
    }
  });
});
