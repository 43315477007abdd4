/**
 * Quotes: an activated quote becomes an ERP quote (number, name, valid-until date); a new revision updates the same
 * ERP quote and keeps the earlier revision's coupling; a won quote becomes the ERP order through makeOrder only when
 * its Sales order is submitted (§6.3), and a won quote without an order says so.
 */
import { QuoteState, QuoteStatus } from '../../domain/dataverseCodes';
import { RequestKind, RequestStatus, Tables } from '../../domain/schema';
import { BUILTIN_ROLE_IDS } from '../../sandbox/dataverse/security';
import { api, bcApi, drain, queueRequest, quoteKey, request, startStandins, startTestConnector, submitOrder, type Standins, type Json } from './harness';

jest.setTimeout(60_000);

let h: Standins;
let c: Awaited<ReturnType<typeof startTestConnector>>;
beforeAll(async () => {
  h = await startStandins();
  c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
});
afterAll(async () => {
  await c?.close();
  await h?.close();
});

const raw = (table: string, id: string, values: Record<string, unknown>): void => {
  const system = { key: 'system', id: h.dv.users.integration.id, fullName: 'SYSTEM', email: '', token: '', roleIds: [BUILTIN_ROLE_IDS.systemAdministrator], isIntegrationUser: true, languageId: 1033 };
  h.dv.engine.upsertRaw({ user: system, annotations: () => false, apiUrl: h.dv.apiUrl, correlationId: 'test' } as never, h.dv.engine.catalog.table(table)!, id, values as never);
};

async function process(quoteId: string): Promise<Json> {
  // As the command bar does (domain/idempotency decideSubmission): a processed quote gets the next round's key.
  const base = await quoteKey(h, quoteId);
  const rounds = (await api(h).list(`${Tables.integrationRequest.entitySet}?$select=erp_idempotencykey&$filter=startswith(erp_idempotencykey,'${base}')`)).length;
  const r = await queueRequest(h, RequestKind.processQuote, 'quote', quoteId, rounds ? `${base}:${rounds + 1}` : base);
  await drain(h, c, [r]);
  return request(h, r);
}
async function erpQuotes(number: string): Promise<Json[]> {
  return bcApi(h).list(`salesQuotes?$filter=externalDocumentNumber eq '${number}'&$expand=salesQuoteLines`);
}

async function newQuote(lines: Array<[string, number]>, extra: Record<string, unknown> = {}): Promise<string> {
  const a = api(h);
  const info = h.dv.seedInfo!;
  const id = await a.create('quotes', {
    name: 'Devis connecteur',
    'customerid_account@odata.bind': `/accounts(${info.accounts.C10000})`,
    'transactioncurrencyid@odata.bind': `/transactioncurrencies(${info.currencies.EUR})`,
    'pricelevelid@odata.bind': `/pricelevels(${info.priceLists.STANDARD})`,
    effectiveto: '2026-12-31',
    ...extra,
  });
  let n = 0;
  for (const [p, q] of lines) {
    n += 1;
    await a.create('quotedetails', { 'quoteid@odata.bind': `/quotes(${id})`, sequencenumber: n, 'productid@odata.bind': `/products(${info.products[p]})`, 'uomid@odata.bind': `/uoms(${info.units.PCS})`, quantity: q });
  }
  await a.patch('quotes', id, { statecode: QuoteState.active, statuscode: QuoteStatus.inProgress });
  return id;
}

async function win(quoteId: string): Promise<void> {
  await api(h, 'integration').call('POST', 'WinQuote', { QuoteClose: { '@odata.type': 'Microsoft.Dynamics.CRM.quoteclose', subject: 'Won', 'quoteid@odata.bind': `/quotes(${quoteId})` }, Status: QuoteStatus.won });
}

async function orderFromQuote(quoteId: string, lines: Array<[string, number]>): Promise<string> {
  const a = api(h);
  const info = h.dv.seedInfo!;
  const id = await a.create('salesorders', {
    name: 'Commande issue du devis',
    'quoteid@odata.bind': `/quotes(${quoteId})`,
    'customerid_account@odata.bind': `/accounts(${info.accounts.C10000})`,
    'transactioncurrencyid@odata.bind': `/transactioncurrencies(${info.currencies.EUR})`,
    'pricelevelid@odata.bind': `/pricelevels(${info.priceLists.STANDARD})`,
  });
  let n = 0;
  for (const [p, q] of lines) {
    n += 1;
    await a.create('salesorderdetails', { 'salesorderid@odata.bind': `/salesorders(${id})`, sequencenumber: n, 'productid@odata.bind': `/products(${info.products[p]})`, 'uomid@odata.bind': `/uoms(${info.units.PCS})`, quantity: q });
  }
  return id;
}

describe('quotes', () => {
  it('an activated quote becomes an ERP quote: number, name as comment, Effective To → valid until; post and coupling', async () => {
    const id = await newQuote([['SAF-0001', 5], ['SAF-0002', 2]]);
    const row = await process(id);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    const q = await api(h).get(`quotes(${id})?$select=quotenumber,erp_erpquotenumber`);
    const [erp] = await erpQuotes(q.quotenumber);
    expect(erp.number).toBe(q.erp_erpquotenumber);
    expect(erp.validUntilDate).toBe('2026-12-31');
    expect(erp.salesQuoteLines.map((l: Json) => [l.lineType, l.lineObjectNumber, l.quantity, l.description])).toEqual([
      ['Comment', '', 0, 'Devis connecteur'],
      ['Item', 'SAF-0001', 5, expect.any(String)],
      ['Item', 'SAF-0002', 2, expect.any(String)],
    ]);
    const posts = await api(h).list(`posts?$filter=_regardingobjectid_value eq ${id}&$select=text`);
    expect(posts.map((p) => p.text)).toEqual([`The quote was created or updated in the ERP as quote ${erp.number}.`]);
    expect(await api(h).list(`${Tables.coupling.entitySet}?$filter=erp_crmtable eq 'quote' and erp_crmid eq '${id}'`)).toHaveLength(1);
  });

  it('a new revision updates the same ERP quote and keeps the earlier revision’s coupling', async () => {
    const first = await newQuote([['SAF-0001', 1]]);
    await process(first);
    const q = await api(h).get(`quotes(${first})?$select=quotenumber,erp_erpquotenumber`);
    // Revise as Sales does: the old revision is closed as Revised, a new row keeps the number with revision 1.
    await api(h, 'integration').call('POST', 'CloseQuote', { QuoteClose: { '@odata.type': 'Microsoft.Dynamics.CRM.quoteclose', subject: 'Revised', 'quoteid@odata.bind': `/quotes(${first})` }, Status: QuoteStatus.revised });
    expect((await api(h).get(`quotes(${first})?$select=statecode`)).statecode).toBe(QuoteState.closed);
    const second = await newQuote([['SAF-0003', 4], ['SAF-0004', 6]], { quotenumber: q.quotenumber });
    raw('quote', second, { revisionnumber: 1 });
    const row = await process(second);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    expect(row.erp_log).toMatch(/updated ERP quote .* to this revision/);
    const erp = await erpQuotes(q.quotenumber);
    expect(erp).toHaveLength(1);
    expect(erp[0].number).toBe(q.erp_erpquotenumber);
    expect(erp[0].salesQuoteLines.filter((l: Json) => l.lineType === 'Item').map((l: Json) => [l.lineObjectNumber, l.quantity])).toEqual([
      ['SAF-0003', 4],
      ['SAF-0004', 6],
    ]);
    const couplings = await api(h).list(`${Tables.coupling.entitySet}?$filter=erp_crmtable eq 'quote' and erp_erpnumber eq '${q.erp_erpquotenumber}'`);
    expect(couplings.map((x) => x.erp_crmid).sort()).toEqual([first, second].sort());
    expect((await api(h).get(`quotes(${second})?$select=erp_erpquotenumber`)).erp_erpquotenumber).toBe(q.erp_erpquotenumber);
  });

  it('Sales’ Revise (CloseQuote as Revised, then ReviseQuote): the edited revision updates the same ERP quote', async () => {
    const first = await newQuote([['SAF-0001', 1], ['SAF-0002', 2]]);
    await process(first);
    const q = await api(h).get(`quotes(${first})?$select=quotenumber,erp_erpquotenumber`);
    await api(h).call('POST', 'CloseQuote', { QuoteClose: { '@odata.type': 'Microsoft.Dynamics.CRM.quoteclose', subject: 'Revised', 'quoteid@odata.bind': `/quotes(${first})` }, Status: QuoteStatus.revised });
    const revised = await api(h).call('POST', 'ReviseQuote', { QuoteId: first, ColumnSet: { AllColumns: false, Columns: ['quoteid', 'revisionnumber'] } });
    expect(revised.body.revisionnumber).toBe(1);
    const second = String(revised.body.quoteid);
    // The salesperson edits the draft revision: one line fewer, a quantity changed.
    const revLines = await api(h).list(`quotedetails?$select=quantity&$filter=_quoteid_value eq ${second}&$orderby=sequencenumber`);
    expect(revLines).toHaveLength(2);
    await api(h).call('DELETE', `quotedetails(${revLines[0].quotedetailid})`);
    await api(h).patch('quotedetails', String(revLines[1].quotedetailid), { quantity: 7 });
    await api(h).patch('quotes', second, { statecode: QuoteState.active, statuscode: QuoteStatus.inProgress });
    const row = await process(second);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    expect(row.erp_log).toMatch(/updated ERP quote .* to this revision/);
    const erp = await erpQuotes(q.quotenumber);
    expect(erp).toHaveLength(1);
    expect(erp[0].number).toBe(q.erp_erpquotenumber);
    expect(erp[0].salesQuoteLines.filter((l: Json) => l.lineType === 'Item').map((l: Json) => [l.lineObjectNumber, l.quantity])).toEqual([['SAF-0002', 7]]);
  });

  it('won quote: nothing made until its order is submitted, then the ERP order is made from the ERP quote (makeOrder)', async () => {
    const id = await newQuote([['SAF-0002', 3]]);
    await process(id);
    const q = await api(h).get(`quotes(${id})?$select=quotenumber,erp_erpquotenumber`);
    await win(id);
    const orderId = await orderFromQuote(id, [['SAF-0002', 3]]);
    const wonRow = await process(id);
    expect(wonRow.erp_status).toBe(RequestStatus.succeeded);
    expect(wonRow.erp_log).toMatch(/becomes an ERP order when the Sales order .* is submitted/);
    expect(await erpQuotes(q.quotenumber)).toHaveLength(1);

    const r = await submitOrder(h, orderId);
    await drain(h, c, [r]);
    const row = await request(h, r);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    expect(row.erp_log).toMatch(/made ERP order .* from ERP quote .* \(makeOrder\)/);
    const o = await api(h).get(`salesorders(${orderId})?$select=ordernumber,erp_erpordernumber`);
    const orders = await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${o.ordernumber}'&$expand=salesOrderLines`);
    expect(orders).toHaveLength(1);
    expect(orders[0].number).toBe(o.erp_erpordernumber);
    expect(await bcApi(h).list(`salesQuotes?$filter=number eq '${q.erp_erpquotenumber}'`)).toHaveLength(0);
  });

  it('Sales’ Create Order (ConvertQuoteToSalesOrder) on a processed active quote: the order is made from the ERP quote (makeOrder)', async () => {
    const id = await newQuote([['SAF-0003', 2], ['SAF-0004', 1]]);
    await process(id);
    const q = await api(h).get(`quotes(${id})?$select=quotenumber,erp_erpquotenumber`);
    const converted = await api(h).call('POST', 'ConvertQuoteToSalesOrder', { QuoteId: id, ColumnSet: { AllColumns: false, Columns: ['salesorderid'] }, QuoteCloseStatus: -1, QuoteCloseSubject: 'Won' });
    expect(converted.status).toBe(200);
    const orderId = String(converted.body.salesorderid);
    expect((await api(h).get(`quotes(${id})?$select=statecode`)).statecode).toBe(QuoteState.won);
    const r = await submitOrder(h, orderId);
    await drain(h, c, [r]);
    const row = await request(h, r);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    expect(row.erp_log).toMatch(/made ERP order .* from ERP quote .* \(makeOrder\)/);
    const o = await api(h).get(`salesorders(${orderId})?$select=ordernumber,erp_erpordernumber`);
    const [erp] = await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${o.ordernumber}'&$expand=salesOrderLines`);
    expect(erp.number).toBe(o.erp_erpordernumber);
    expect(erp.salesOrderLines.filter((l: Json) => l.lineType === 'Item').map((l: Json) => [l.lineObjectNumber, l.quantity])).toEqual([
      ['SAF-0003', 2],
      ['SAF-0004', 1],
    ]);
    expect(await bcApi(h).list(`salesQuotes?$filter=number eq '${q.erp_erpquotenumber}'`)).toHaveLength(0);
  });

  it('won quote whose order is already submitted: processing the quote makes the ERP order', async () => {
    const id = await newQuote([['SAF-0001', 2]]);
    await process(id);
    await win(id);
    const orderId = await orderFromQuote(id, [['SAF-0001', 2]]);
    await api(h).patch('salesorders', orderId, { statecode: 1, statuscode: 3 });
    const row = await process(id);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    expect(row.erp_log).toMatch(/made ERP order/);
    const o = await api(h).get(`salesorders(${orderId})?$select=ordernumber,erp_erpordernumber,lastbackofficesubmit`);
    expect(o.erp_erpordernumber).toMatch(/^S-ORD/);
    expect(o.lastbackofficesubmit).toBeTruthy();
  });

  it('won quote without a Sales order: done, with the message saying what to do', async () => {
    const id = await newQuote([['SAF-0004', 1]]);
    await win(id);
    const row = await process(id);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    expect(row.erp_log).toMatch(/no Sales order was created from it/);
  });
});
