import { demoCompany } from '../../sandbox/seed';
import { Api, bcError, enc, startApi, Json } from './helpers';

const demo = demoCompany();
const frRetail = demo.customers.find((c) => c.country === 'FR' && c.customerPriceGroupCode === 'RETAIL' && c.blocked === ' ')!;
const chfCustomer = demo.customers.find((c) => c.currencyCode === 'CHF' && c.blocked === ' ')!;
const blockedCustomer = demo.customers.find((c) => c.blocked === 'All')!;
const blockedItem = demo.items.find((i) => i.blocked)!;
const stockItem = demo.items.find((i) => i.type === 'Inventory' && !i.blocked && i.baseUnitOfMeasureCode === 'PCS')!;
const stockItem2 = demo.items.filter((i) => i.type === 'Inventory' && !i.blocked)[5];

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.bc.close());

const orderCount = async (): Promise<number> => Number((await api.get('salesOrders/$count')).text);

describe('salesOrders: deep insert, validation and totals', () => {
  it('creates an order and its lines in one POST; the server assigns the number; totals are computed', async () => {
    const before = await orderCount();
    const r = await api.call('POST', 'salesOrders?$expand=salesOrderLines', {
      customerNumber: frRetail.number,
      externalDocumentNumber: 'crm-ord-01234 / Jean Dupont',
      requestedDeliveryDate: '2026-12-01',
      salesOrderLines: [
        { lineType: 'Item', lineObjectNumber: stockItem.number, quantity: 4, discountPercent: 10 },
        { lineType: 'Item', lineObjectNumber: stockItem2.number, quantity: 2, unitPrice: 100 },
        { lineType: 'Comment', description: 'Livrer par la porte arrière' },
        { lineType: 'Resource', lineObjectNumber: 'INSTALL', quantity: 3 },
        { lineType: 'Account', lineObjectNumber: '708500', description: 'Frais de port', quantity: 1, unitPrice: 25 },
      ],
    });
    expect(r.status).toBe(201);
    expect(await orderCount()).toBe(before + 1);
    const o = r.json;
    expect(o.number).toMatch(/^S-ORD\d{6}$/);
    expect(o.status).toBe('Draft');
    expect(o.externalDocumentNumber).toBe('CRM-ORD-01234 / JEAN DUPONT');
    expect(o.customerName).toBe(frRetail.displayName);
    expect(o.currencyCode).toBe('EUR');
    expect(o.salesperson).toBe(frRetail.salespersonCode);
    expect(o.requestedDeliveryDate).toBe('2026-12-01');
    expect(o.salesOrderLines.map((l: Json) => [l.sequence, l.lineType])).toEqual([[10000, 'Item'], [20000, 'Item'], [30000, 'Comment'], [40000, 'Resource'], [50000, 'Account']]);
    const [l1, l2, comment, res] = o.salesOrderLines;
    expect(l1.unitPrice).toBe(stockItem.unitPrice);
    expect(l1.itemId).toBe(stockItem.id);
    expect(l1.discountAmount).toBeCloseTo(stockItem.unitPrice * 4 * 0.1, 2);
    expect(l1.description).toBe(stockItem.displayName);
    expect(l1.unitOfMeasureCode).toBe('PCS');
    expect(l2.unitPrice).toBe(100);
    expect(comment.quantity).toBe(0);
    expect(comment.amountExcludingTax).toBe(0);
    expect(res.unitPrice).toBe(85);
    const net = o.salesOrderLines.reduce((s: number, l: Json) => s + l.amountExcludingTax, 0);
    expect(o.totalAmountExcludingTax).toBeCloseTo(net, 2);
    expect(o.totalTaxAmount).toBeCloseTo(net * 0.2, 1);
    expect(o.totalAmountIncludingTax).toBeCloseTo(o.totalAmountExcludingTax + o.totalTaxAmount, 2);
    expect(l1.taxPercent).toBe(20);
  });

  it('prices come from the customer currency price list (CHF) and itemId alone makes an Item line', async () => {
    const r = await api.call('POST', 'salesOrders?$expand=salesOrderLines', { customerId: chfCustomer.id, salesOrderLines: [{ itemId: stockItem.id, quantity: 1 }] });
    expect(r.status).toBe(201);
    expect(r.json.currencyCode).toBe('CHF');
    const line = r.json.salesOrderLines[0];
    expect(line.lineType).toBe('Item');
    expect(line.lineObjectNumber).toBe(stockItem.number);
    const chfList = demo.priceLists.find((p) => p.currencyCode === 'CHF')!;
    expect(line.unitPrice).toBe(chfList.lines.find((l) => l.itemNumber === stockItem.number)!.unitPrice);
    expect(line.taxPercent).toBe(0);
  });

  it('rejects an externalDocumentNumber longer than Code[35] with BC error text, creating nothing', async () => {
    const before = await orderCount();
    const e = bcError(await api.call('POST', 'salesOrders', { customerNumber: frRetail.number, externalDocumentNumber: 'X'.repeat(36) }), 400, 'Application_StringExceededLength');
    expect(e.message).toBe(`The length of the string is 36, but it must be less than or equal to 35 characters. Value: ${'X'.repeat(36)}`);
    expect(await orderCount()).toBe(before);
  });

  it('rejects a line description over Text[100] and rolls the whole deep insert back', async () => {
    const before = await orderCount();
    const long = 'é'.repeat(101);
    const e = bcError(
      await api.call('POST', 'salesOrders', { customerNumber: frRetail.number, externalDocumentNumber: 'ROLLBACK-1', salesOrderLines: [{ lineObjectNumber: stockItem.number, quantity: 1 }, { lineType: 'Comment', description: long }] }),
      400,
      'Application_StringExceededLength',
    );
    expect(e.message).toContain('must be less than or equal to 100 characters');
    expect(await orderCount()).toBe(before);
    expect((await api.get(`salesOrders?$filter=${enc("externalDocumentNumber eq 'ROLLBACK-1'")}`)).json.value).toEqual([]);
  });

  it.each([
    [{ lineObjectNumber: 'SAF-0001', quantity: 0 }, 'Application_FieldValidationException', 'Quantity must be positive'],
    [{ lineObjectNumber: 'SAF-0001', quantity: -2 }, 'Application_FieldValidationException', 'Quantity must be positive'],
    [{ lineObjectNumber: 'SAF-0001' }, 'Application_FieldValidationException', 'Quantity must be positive'],
    [{ lineObjectNumber: 'NOPE-0001', quantity: 1 }, 'Internal_RecordNotFound', "The Item does not exist. Identification fields and values: No.='NOPE-0001'"],
    [{ lineObjectNumber: blockedItem.number, quantity: 1 }, 'Application_FieldValidationException', `Blocked must be equal to 'No'  in Item: No.=${blockedItem.number}`],
    [{ lineObjectNumber: 'SAF-0001', quantity: 1, unitOfMeasureCode: 'BOX' }, 'Internal_RecordNotFound', 'Item Unit of Measure'],
    [{ lineType: 'Resource', lineObjectNumber: 'PAINTER', quantity: 1 }, 'Internal_RecordNotFound', 'The Resource does not exist'],
    [{ lineType: 'Item', lineObjectNumber: 'SAF-0001', quantity: '3' }, 'BadRequest', "Cannot convert the literal '3' to the expected type 'Edm.Decimal'"],
    [{ lineType: 'Gadget', lineObjectNumber: 'SAF-0001', quantity: 1 }, 'Application_EvaluateException', '"Gadget"'],
    [{ lineObjectNumber: 'SAF-0001', quantity: 1, colour: 'red' }, 'BadRequest', "The property 'colour' does not exist on type 'Microsoft.NAV.salesOrderLine'"],
    [{ lineObjectNumber: 'SAF-0001', quantity: 1, amountExcludingTax: 5 }, 'BadRequest_InvalidOperation', "Control 'amountExcludingTax' is read-only."],
    [{ lineObjectNumber: 'SAF-0001', quantity: 1, discountPercent: 120 }, 'Application_FieldValidationException', 'Line Discount %'],
  ])('rejects the line %j with %s', async (line, code, text) => {
    const before = await orderCount();
    const e = bcError(await api.call('POST', 'salesOrders', { customerNumber: frRetail.number, salesOrderLines: [line] }), 400, code);
    expect(e.message).toContain(text);
    expect(await orderCount()).toBe(before);
  });

  it.each([
    [{}, 'Application_DialogException', 'A customerNumber or a customerID must be provided.'],
    [{ customerNumber: 'C99999' }, 'Internal_RecordNotFound', "The Customer does not exist. Identification fields and values: No.='C99999'"],
    [{ customerNumber: blockedCustomer.number }, 'Application_DialogException', `Customer ${blockedCustomer.number} is blocked with type All`],
    [{ customerNumber: frRetail.number, currencyCode: 'XYZ' }, 'Internal_RecordNotFound', "The Currency does not exist. Identification fields and values: Code='XYZ'"],
    [{ customerNumber: frRetail.number, salesperson: 'NOBODY' }, 'Internal_RecordNotFound', 'Salesperson/Purchaser'],
    [{ customerNumber: frRetail.number, number: 'S-ORD1' }, 'BadRequest_InvalidOperation', "Control 'number' is read-only."],
    [{ customerNumber: frRetail.number, orderDate: '2026-13-45' }, 'BadRequest', 'Edm.Date'],
    [{ customerNumber: frRetail.number, status: 'Open' }, 'BadRequest_InvalidOperation', "Control 'status' is read-only."],
  ])('rejects the header %j with %s', async (body, code, text) => {
    const e = bcError(await api.call('POST', 'salesOrders', body), 400, code);
    expect(e.message).toContain(text);
  });

  it('accepts the local currency code (EUR) and a foreign one (USD) on an order', async () => {
    const eur = await api.call('POST', 'salesOrders', { customerNumber: chfCustomer.number, currencyCode: 'EUR' });
    expect(eur.json.currencyCode).toBe('EUR');
    expect(eur.json.currencyId).toBe('00000000-0000-0000-0000-000000000000');
    const usd = await api.call('POST', 'salesOrders', { customerNumber: frRetail.number, currencyCode: 'usd' });
    expect(usd.json.currencyCode).toBe('USD');
  });

  it('bad JSON and a non-object body get 400 Invalid Request Body', async () => {
    bcError(await api.call('POST', 'salesOrders', '{"customerNumber": '), 400, 'BadRequest');
    expect(bcError(await api.call('POST', 'salesOrders', '[1,2]'), 400, 'BadRequest').message).toContain('Invalid Request Body');
  });

  it('PATCH needs If-Match (400 BadRequest_InvalidToken); a stale ETag is 409 Request_EntityChanged; * is accepted', async () => {
    const o = (await api.call('POST', 'salesOrders', { customerNumber: frRetail.number })).json;
    const etag1 = o['@odata.etag'];
    bcError(await api.call('PATCH', `salesOrders(${o.id})`, { externalDocumentNumber: 'A' }), 400, 'BadRequest_InvalidToken');
    const ok = await api.call('PATCH', `salesOrders(${o.id})`, { externalDocumentNumber: 'A' }, { 'If-Match': etag1 });
    expect(ok.status).toBe(200);
    expect(ok.json['@odata.etag']).not.toBe(etag1);
    const stale = bcError(await api.call('PATCH', `salesOrders(${o.id})`, { externalDocumentNumber: 'B' }, { 'If-Match': etag1 }), 409, 'Request_EntityChanged');
    expect(stale.message).toBe('Another user has already changed the record.');
    bcError(await api.call('DELETE', `salesOrders(${o.id})`, undefined, { 'If-Match': etag1 }), 409, 'Request_EntityChanged');
    const star = await api.call('PATCH', `salesOrders(${o.id})`, { externalDocumentNumber: 'C' }, { 'If-Match': '*' });
    expect(star.json.externalDocumentNumber).toBe('C');
    const notModified = await api.get(`salesOrders(${o.id})`, { 'If-None-Match': star.json['@odata.etag'] });
    expect(notModified.status).toBe(304);
  });

  it('lines can be added, changed and deleted through the navigation; the header totals follow', async () => {
    const o = (await api.call('POST', 'salesOrders', { customerNumber: frRetail.number, salesOrderLines: [{ lineObjectNumber: stockItem.number, quantity: 1, unitPrice: 10 }] })).json;
    const added = await api.call('POST', `salesOrders(${o.id})/salesOrderLines`, { lineObjectNumber: stockItem2.number, quantity: 2, unitPrice: 5 });
    expect(added.status).toBe(201);
    expect(added.json.sequence).toBe(20000);
    expect(added.json.documentId).toBe(o.id);
    const firstLine = (await api.get(`salesOrders(${o.id})/salesOrderLines`)).json.value[0];
    const changed = await api.call('PATCH', `salesOrders(${o.id})/salesOrderLines(${added.json.id})`, { quantity: 4 }, { 'If-Match': added.json['@odata.etag'] });
    expect(changed.json.amountExcludingTax).toBe(20);
    // Line ETags are per line: the first line's ETag is still valid after the second changed.
    const first = await api.call('PATCH', `salesOrderLines(${firstLine.id})`, { description: 'Casque, coloris au choix' }, { 'If-Match': firstLine['@odata.etag'] });
    expect(first.status).toBe(200);
    bcError(await api.call('PATCH', `salesOrderLines(${firstLine.id})`, { description: 'stale' }, { 'If-Match': firstLine['@odata.etag'] }), 409, 'Request_EntityChanged');
    bcError(await api.call('PATCH', `salesOrders(${o.id})/salesOrderLines(${added.json.id})`, { lineObjectNumber: 'SAF-0002' }, { 'If-Match': '*' }), 400, 'Application_DialogException');
    let header = (await api.get(`salesOrders(${o.id})`)).json;
    expect(header.totalAmountExcludingTax).toBe(30);
    expect((await api.call('DELETE', `salesOrderLines(${added.json.id})`)).status).toBe(204);
    header = (await api.get(`salesOrders(${o.id})`)).json;
    expect(header.totalAmountExcludingTax).toBe(10);
    const viaTop = await api.call('POST', 'salesOrderLines', { documentId: o.id, lineType: 'Comment', description: 'via top level' });
    expect(viaTop.status).toBe(201);
    bcError(await api.call('POST', 'salesOrderLines', { lineType: 'Comment', description: 'no document' }), 400, 'Application_DialogException');
  });

  it('a released order cannot be changed or deleted through the API (status is read-only, release is back office)', async () => {
    const o = (await api.call('POST', 'salesOrders', { customerNumber: frRetail.number, salesOrderLines: [{ lineObjectNumber: stockItem.number, quantity: 1 }] })).json;
    expect((await api.admin('POST', `/salesOrders/${o.id}/release`)).json.status).toBe('Open');
    const e = bcError(await api.call('PATCH', `salesOrders(${o.id})`, { externalDocumentNumber: 'X' }, { 'If-Match': '*' }), 400, 'Application_FieldValidationException');
    expect(e.message).toContain("Status must be equal to 'Open'");
    bcError(await api.call('POST', `salesOrders(${o.id})/salesOrderLines`, { lineType: 'Comment', description: 'late' }), 400, 'Application_FieldValidationException');
    bcError(await api.call('DELETE', `salesOrders(${o.id})`), 400, 'Application_FieldValidationException');
    await api.admin('POST', `/salesOrders/${o.id}/reopen`);
    expect((await api.call('DELETE', `salesOrders(${o.id})`)).status).toBe(204);
    bcError(await api.get(`salesOrders(${o.id})`), 404, 'BadRequest_NotFound');
  });

  it('Microsoft.NAV.shipAndInvoice posts shipment and invoice; the fully invoiced order is deleted as in BC', async () => {
    const o = (await api.call('POST', 'salesOrders', { customerNumber: frRetail.number, externalDocumentNumber: 'SHIPINV-1', salesOrderLines: [{ lineObjectNumber: stockItem.number, quantity: 2 }] })).json;
    const r = await api.call('POST', `salesOrders(${o.id})/Microsoft.NAV.shipAndInvoice`);
    expect(r.status).toBe(201);
    const location = r.headers.get('location')!;
    expect(location).toMatch(new RegExp(`/salesInvoices\\([0-9a-f-]{36}\\)$`));
    const inv = (await api.get(location)).json;
    expect(inv.orderId).toBe(o.id);
    expect(inv.orderNumber).toBe(o.number);
    expect(inv.status).toBe('Open');
    expect(inv.remainingAmount).toBe(inv.totalAmountIncludingTax);
    expect(inv.externalDocumentNumber).toBe('SHIPINV-1');
    expect((await api.get(`salesOrders(${o.id})`)).status).toBe(404);
    const shipments = (await api.get(`salesShipments?$filter=${enc(`orderNumber eq '${o.number}'`)}`)).json.value;
    expect(shipments).toHaveLength(1);
    bcError(await api.call('POST', `salesOrders(${o.id})/Microsoft.NAV.release`), 404, 'BadRequest_NotFound');
    const other = (await api.get('salesOrders?$top=1')).json.value[0];
    bcError(await api.call('POST', `salesOrders(${other.id})/Microsoft.NAV.release`), 404, 'BadRequest_ResourceNotFound');
  });
});

describe('salesQuotes and salesInvoices', () => {
  it('quote → send → makeOrder: 201 with Location of the new order, lines and reference copied, quote deleted', async () => {
    const q = await api.call('POST', 'salesQuotes?$expand=salesQuoteLines', {
      customerNumber: frRetail.number, externalDocumentNumber: 'QUO-CRM-77', validUntilDate: '2026-12-31',
      salesQuoteLines: [{ lineObjectNumber: stockItem.number, quantity: 5 }, { lineType: 'Comment', description: 'Offre valable 30 jours' }],
    });
    expect(q.status).toBe(201);
    expect(q.json.number).toMatch(/^S-QUO\d+$/);
    expect(q.json.validUntilDate).toBe('2026-12-31');
    expect(q.json.salesQuoteLines).toHaveLength(2);
    expect((await api.call('POST', `salesQuotes(${q.json.id})/Microsoft.NAV.send`)).status).toBe(204);
    const sent = (await api.get(`salesQuotes(${q.json.id})`)).json;
    expect(sent.status).toBe('Sent');
    // A sent quote stays editable (Sent is a flag on an open document in BC).
    const edited = await api.call('PATCH', `salesQuotes(${q.json.id})`, { externalDocumentNumber: 'QUO-CRM-77' }, { 'If-Match': sent['@odata.etag'] });
    expect(edited.status).toBe(200);
    const made = await api.call('POST', `salesQuotes(${q.json.id})/Microsoft.NAV.makeOrder`);
    expect(made.status).toBe(201);
    const order = (await api.get(`${made.headers.get('location')}?$expand=salesOrderLines`)).json;
    expect(order.externalDocumentNumber).toBe('QUO-CRM-77');
    expect(order.status).toBe('Draft');
    expect(order.salesOrderLines.map((l: Json) => [l.lineType, l.quantity])).toEqual([['Item', 5], ['Comment', 0]]);
    expect((await api.get(`salesQuotes(${q.json.id})`)).status).toBe(404);
  });

  it('makeInvoice turns a quote into a draft invoice; post keeps the id and gives a posted number; cancel', async () => {
    const q = (await api.call('POST', 'salesQuotes', { customerNumber: frRetail.number, salesQuoteLines: [{ lineObjectNumber: stockItem.number, quantity: 1 }] })).json;
    const made = await api.call('POST', `salesQuotes(${q.id})/Microsoft.NAV.makeInvoice`);
    const draft = (await api.get(made.headers.get('location')!)).json;
    expect(draft.status).toBe('Draft');
    expect(draft.number).toMatch(/^S-DINV/);
    expect((await api.call('POST', `salesInvoices(${draft.id})/Microsoft.NAV.post`)).status).toBe(204);
    const posted = (await api.get(`salesInvoices(${draft.id})`)).json;
    expect(posted.number).toMatch(/^S-INV\d+$/);
    expect(posted.status).toBe('Open');
    expect(posted.remainingAmount).toBe(posted.totalAmountIncludingTax);
    bcError(await api.call('PATCH', `salesInvoices(${draft.id})`, { externalDocumentNumber: 'X' }, { 'If-Match': '*' }), 400, 'Application_DialogException');
    bcError(await api.call('DELETE', `salesInvoices(${draft.id})`), 400, 'Application_DialogException');
    expect((await api.call('POST', `salesInvoices(${draft.id})/Microsoft.NAV.cancel`)).status).toBe(204);
    const cancelled = (await api.get(`salesInvoices(${draft.id})`)).json;
    expect(cancelled.status).toBe('Canceled');
    expect(cancelled.remainingAmount).toBe(0);
    bcError(await api.call('POST', `salesInvoices(${draft.id})/Microsoft.NAV.makeCorrectiveCreditMemo`), 501, 'BadRequest_MethodNotImplemented');
  });

  it('a quote for a blocked item cannot become an order; a stale If-Match on an action is 409', async () => {
    const q = (await api.call('POST', 'salesQuotes', { customerNumber: frRetail.number, salesQuoteLines: [{ lineObjectNumber: stockItem2.number, quantity: 1 }] })).json;
    const item = (await api.get(`items?$filter=${enc(`number eq '${stockItem2.number}'`)}`)).json.value[0];
    await api.call('PATCH', `items(${item.id})`, { blocked: true }, { 'If-Match': item['@odata.etag'] });
    bcError(await api.call('POST', `salesQuotes(${q.id})/Microsoft.NAV.makeOrder`), 400, 'Application_FieldValidationException');
    await api.call('PATCH', `items(${item.id})`, { blocked: false }, { 'If-Match': '*' });
    bcError(await api.call('POST', `salesQuotes(${q.id})/Microsoft.NAV.makeOrder`, undefined, { 'If-Match': 'W/"stale"' }), 409, 'Request_EntityChanged');
    expect((await api.call('POST', `salesQuotes(${q.id})/Microsoft.NAV.makeOrder`, undefined, { 'If-Match': q['@odata.etag'] })).status).toBe(201);
  });

  it('the seed has open ERP quotes', async () => {
    const quotes = (await api.get('salesQuotes?$expand=salesQuoteLines')).json.value;
    expect(quotes.length).toBeGreaterThanOrEqual(4);
    expect(quotes.some((q: Json) => q.status === 'Sent')).toBe(true);
  });
});

describe('stale ETag status option', () => {
  it('answers 412 when started with staleEtagStatus 412', async () => {
    const api412 = await startApi({ staleEtagStatus: 412 });
    try {
      const c = (await api412.get('customers?$top=1')).json.value[0];
      await api412.call('PATCH', `customers(${c.id})`, { phoneNumber: '1' }, { 'If-Match': c['@odata.etag'] });
      bcError(await api412.call('PATCH', `customers(${c.id})`, { phoneNumber: '2' }, { 'If-Match': c['@odata.etag'] }), 412, 'Request_EntityChanged');
    } finally {
      await api412.bc.close();
    }
  });
});
