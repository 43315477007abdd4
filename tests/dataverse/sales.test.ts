/**
 * State and status of salesorder, quote and invoice as Dataverse enforces them (codes in domain/dataverseCodes.ts):
 * valid pairs only, closed states through their own messages, submitted/closed records read-only except for
 * integration users, lines following their header.
 */
import { SalesOrderState, SalesOrderStatus, QuoteState, QuoteStatus, InvoiceState, InvoiceStatus } from '../../domain/dataverseCodes';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, idOf, start } from './support';

let dv: DataverseStandIn;
beforeAll(async () => {
  dv = await start();
});
afterAll(() => dv.close());

async function newOrder(user = 'salesperson'): Promise<string> {
  const c = client(dv, user);
  const account = (await c.get(`accounts?$select=name&$filter=_ownerid_value eq ${dv.users.salesperson.id}&$top=1`)).json.value[0];
  const product = (await c.get('products?$select=name&$filter=statecode eq 0&$top=1')).json.value[0];
  const r = await c.post('salesorders', {
    name: 'State test',
    'customerid_account@odata.bind': `/accounts(${account.accountid})`,
    'pricelevelid@odata.bind': `/pricelevels(${dv.seedInfo!.priceLists.STANDARD})`,
    order_details: [{ 'productid@odata.bind': `/products(${product.productid})`, quantity: 1 }],
  });
  expect(r.status).toBe(204);
  return idOf(r);
}

const state = async (set: string, id: string) => (await client(dv).get(`${set}(${id})?$select=statecode,statuscode`)).json;

describe('salesorder', () => {
  it('is created Active/New with an order number, and only in the Active state', async () => {
    const id = await newOrder();
    const r = (await client(dv).get(`salesorders(${id})?$select=ordernumber,statecode,statuscode`)).json;
    expect(r).toMatchObject({ statecode: SalesOrderState.active, statuscode: SalesOrderStatus.new });
    expect(r.ordernumber).toMatch(/^ORD-\d{5}-[A-Z0-9]{6}$/);
    const submittedAtOnce = await client(dv).post('salesorders', { name: 'x', statecode: 1, statuscode: 3 });
    expect(submittedAtOnce.status).toBe(400);
  });

  it('rejects a status reason that does not belong to the state, with Dataverse’s text', async () => {
    const id = await newOrder();
    const r = await client(dv, 'salesperson').patch(`salesorders(${id})`, { statecode: SalesOrderState.submitted, statuscode: SalesOrderStatus.new });
    expect(r.status).toBe(400);
    expect(r.json.error).toEqual({ code: '0x80048408', message: `1 is not a valid status code for state code SalesOrderState.Submitted on salesorder with Id ${id}.` });
    expect(await state('salesorders', id)).toMatchObject({ statecode: 0 });
  });

  it('submits through Update; a submitted order is read-only for the salesperson but not for the integration user', async () => {
    const id = await newOrder();
    const sp = client(dv, 'salesperson');
    expect((await sp.patch(`salesorders(${id})`, { statecode: SalesOrderState.submitted, statuscode: SalesOrderStatus.inProgress })).status).toBe(204);
    const edit = await sp.patch(`salesorders(${id})`, { name: 'changed after submit' });
    expect(edit.status).toBe(400);
    expect(edit.json.error).toEqual({ code: '0x8004022e', message: 'The object cannot be updated because it is read-only.' });
    const line = (await sp.get(`salesorders(${id})/order_details?$select=quantity`)).json.value[0];
    expect((await sp.patch(`salesorderdetails(${line.salesorderdetailid})`, { quantity: 9 })).status).toBe(400);
    expect((await sp.del(`salesorderdetails(${line.salesorderdetailid})`)).status).toBe(400);
    const integ = client(dv, 'integration');
    expect((await integ.patch(`salesorders(${id})`, { lastbackofficesubmit: '2026-11-16', erp_erpordernumber: 'S-ORD101009' })).status).toBe(204);
    // lastbackofficesubmit is UserLocal (Date Only format): a date written without a time is midnight UTC, returned as an instant.
    expect((await integ.get(`salesorders(${id})?$select=lastbackofficesubmit,erp_erpordernumber`)).json).toMatchObject({ lastbackofficesubmit: '2026-11-16T00:00:00Z', erp_erpordernumber: 'S-ORD101009' });
    // The back office toggles Active → write → Submitted as Business Central does.
    expect((await sp.patch(`salesorders(${id})`, { statecode: SalesOrderState.active, statuscode: SalesOrderStatus.pending })).status).toBe(204);
    expect((await sp.patch(`salesorders(${id})`, { name: 'editable again' })).status).toBe(204);
  });

  it('reaches Fulfilled and Canceled only through FulfillSalesOrder / CancelSalesOrder', async () => {
    const id = await newOrder();
    const integ = client(dv, 'integration');
    const viaUpdate = await integ.patch(`salesorders(${id})`, { statecode: SalesOrderState.fulfilled, statuscode: SalesOrderStatus.partial });
    expect(viaUpdate.status).toBe(400);
    expect(viaUpdate.json.error.message).toBe('This message can not be used to set the state of salesorder to Fulfilled. In order to set state of salesorder to Fulfilled, use the FulfillSalesOrderRequest message instead.');
    const bad = await integ.post('FulfillSalesOrder', { OrderClose: { subject: 'Shipped', 'salesorderid@odata.bind': `/salesorders(${id})` }, Status: SalesOrderStatus.invoiced });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe(`100003 is not a valid status code for state code SalesOrderState.Fulfilled on salesorder with Id ${id}.`);
    expect((await integ.post('FulfillSalesOrder', { OrderClose: { subject: 'Partly shipped', 'salesorderid@odata.bind': `/salesorders(${id})` }, Status: SalesOrderStatus.partial })).status).toBe(204);
    expect(await state('salesorders', id)).toMatchObject({ statecode: SalesOrderState.fulfilled, statuscode: SalesOrderStatus.partial });
    expect((await integ.post('FulfillSalesOrder', { OrderClose: { subject: 'Shipped', 'salesorderid@odata.bind': `/salesorders(${id})` }, Status: SalesOrderStatus.complete })).status).toBe(204);
    const back = await integ.patch(`salesorders(${id})`, { statecode: SalesOrderState.active, statuscode: SalesOrderStatus.new });
    expect(back.status).toBe(400);
    expect(back.json.error.message).toContain('The state transition requested is not valid for the current state');
    expect((await integ.patch(`salesorders(${id})`, { statecode: SalesOrderState.invoiced, statuscode: SalesOrderStatus.invoiced })).status).toBe(204);
    expect(await state('salesorders', id)).toMatchObject({ statecode: SalesOrderState.invoiced, statuscode: SalesOrderStatus.invoiced });

    const other = await newOrder();
    expect((await client(dv, 'salesperson').post('CancelSalesOrder', { OrderClose: { 'salesorderid@odata.bind': `/salesorders(${other})` }, Status: -1 })).status).toBe(204);
    expect(await state('salesorders', other)).toMatchObject({ statecode: SalesOrderState.canceled, statuscode: SalesOrderStatus.noMoney });
  });
});

describe('quote', () => {
  it('is activated through Update, won or closed only through WinQuote / CloseQuote', async () => {
    const sp = client(dv, 'salesperson');
    const id = idOf(await sp.post('quotes', { name: 'Quote states', 'customerid_account@odata.bind': `/accounts(${Object.values(dv.seedInfo!.accounts)[0]})` }));
    expect(await state('quotes', id)).toMatchObject({ statecode: QuoteState.draft, statuscode: QuoteStatus.inProgressDraft });
    const early = await sp.post('WinQuote', { QuoteClose: { subject: 'Won', 'quoteid@odata.bind': `/quotes(${id})` }, Status: QuoteStatus.won });
    expect(early.status).toBe(400);
    expect((await sp.patch(`quotes(${id})`, { statecode: QuoteState.active, statuscode: QuoteStatus.inProgress })).status).toBe(204);
    expect((await sp.patch(`quotes(${id})`, { description: 'edit an active quote' })).json.error.code).toBe('0x8004022e');
    const viaUpdate = await sp.patch(`quotes(${id})`, { statecode: QuoteState.won, statuscode: QuoteStatus.won });
    expect(viaUpdate.json.error.message).toContain('use the WinQuoteRequest message instead');
    expect((await sp.post('WinQuote', { QuoteClose: { subject: 'Won', 'quoteid@odata.bind': `/quotes(${id})` }, Status: QuoteStatus.won })).status).toBe(204);
    expect(await state('quotes', id)).toMatchObject({ statecode: QuoteState.won, statuscode: QuoteStatus.won });

    const lost = idOf(await sp.post('quotes', { name: 'Lost quote' }));
    await sp.patch(`quotes(${lost})`, { statecode: QuoteState.active, statuscode: QuoteStatus.open });
    expect((await sp.post('CloseQuote', { QuoteClose: { 'quoteid@odata.bind': `/quotes(${lost})` }, Status: QuoteStatus.won })).status).toBe(400);
    expect((await sp.post('CloseQuote', { QuoteClose: { 'quoteid@odata.bind': `/quotes(${lost})` }, Status: QuoteStatus.lost })).status).toBe(204);
    expect(await state('quotes', lost)).toMatchObject({ statecode: QuoteState.closed, statuscode: QuoteStatus.lost });
  });
});

describe('invoice', () => {
  it('goes from Active to Paid (partial, then complete) and can be canceled', async () => {
    const integ = client(dv, 'integration');
    const id = idOf(await integ.post('invoices', { name: 'INV test', 'customerid_account@odata.bind': `/accounts(${Object.values(dv.seedInfo!.accounts)[0]})`, 'salesorderid@odata.bind': `/salesorders(${dv.seedInfo!.orders.submitted})` }));
    expect((await integ.patch(`invoices(${id})`, { statuscode: InvoiceStatus.billed })).status).toBe(204);
    expect((await integ.patch(`invoices(${id})`, { statecode: InvoiceState.paid, statuscode: InvoiceStatus.partial })).status).toBe(204);
    expect((await integ.patch(`invoices(${id})`, { statecode: InvoiceState.paid, statuscode: InvoiceStatus.complete })).status).toBe(204);
    expect(await state('invoices', id)).toMatchObject({ statecode: InvoiceState.paid, statuscode: InvoiceStatus.complete });
    const wrong = await integ.patch(`invoices(${id})`, { statecode: InvoiceState.paid, statuscode: InvoiceStatus.billed });
    expect(wrong.json.error.message).toBe(`4 is not a valid status code for state code InvoiceState.Paid on invoice with Id ${id}.`);
    const other = idOf(await integ.post('invoices', { name: 'INV cancel' }));
    expect((await integ.patch(`invoices(${other})`, { statecode: InvoiceState.canceled, statuscode: InvoiceStatus.canceled })).status).toBe(204);
    expect((await integ.patch(`invoices(${other})`, { statecode: InvoiceState.active, statuscode: InvoiceStatus.new })).status).toBe(400);
  });
});
