/**
 * A line's ship-from location (salesorderdetail.erp_locationcode) against both stand-ins: the ERP line ships from
 * that location and the availability the connector refreshes afterwards shows the quantity reserved there; an
 * unknown code fails the submission naming the ERP's codes and creates nothing; the same on quotes.
 */
import { RequestKind, RequestStatus, SubmissionStatus } from '../../domain/schema';
import { api, bcApi, createOrder, createQuote, drain, queueRequest, quoteKey, request, startStandins, startTestConnector, submitOrder, type Json, type Standins } from './harness';

jest.setTimeout(60_000);

let h: Standins;
let c: Awaited<ReturnType<typeof startTestConnector>>;
let locationCodeById: Map<string, string>;

beforeAll(async () => {
  h = await startStandins();
  c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
  locationCodeById = new Map((await bcApi(h).list('locations?$select=id,code')).map((l: Json) => [l.id, l.code]));
});
afterAll(async () => {
  await c?.close();
  await h?.close();
});

async function setLocation(orderId: string, code: string): Promise<void> {
  const [line] = await api(h).list(`salesorderdetails?$select=salesorderdetailid&$filter=_salesorderid_value eq ${orderId}`);
  await api(h).patch('salesorderdetails', line.salesorderdetailid, { erp_locationcode: code });
}

async function reservedAt(productId: string): Promise<Record<string, number>> {
  const r = await queueRequest(h, RequestKind.refreshAvailability, 'product', productId, `shipfrom:${productId}:${Date.now()}:${Math.random()}`);
  await drain(h, c, [r]);
  const rows = await api(h).list(`erp_itemavailabilities?$select=erp_locationcode,erp_reserved&$filter=_erp_productid_value eq ${productId}`);
  return Object.fromEntries(rows.map((x: Json) => [x.erp_locationcode, x.erp_reserved]));
}

describe('ship-from location per line', () => {
  it('the ERP line ships from the chosen location, and availability shows the quantity reserved there', async () => {
    const productId = h.dv.seedInfo!.products['SAF-0002'];
    const before = await reservedAt(productId);
    const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 7 }] });
    await setLocation(orderId, 'lyon');
    const requestId = await submitOrder(h, orderId);
    await drain(h, c, [requestId]);
    expect((await request(h, requestId)).erp_status).toBe(RequestStatus.succeeded);

    const { ordernumber } = await api(h).get(`salesorders(${orderId})?$select=ordernumber`);
    const [erp] = await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${ordernumber}'&$expand=salesOrderLines`);
    const itemLine = (erp.salesOrderLines as Json[]).find((l) => l.lineType === 'Item');
    expect(locationCodeById.get(itemLine.locationId)).toBe('LYON');

    const after = await reservedAt(productId);
    expect((after.LYON ?? 0) - (before.LYON ?? 0)).toBe(7);
    expect(after[''] ?? 0).toBe(before[''] ?? 0);
  });

  it('an unknown location fails the submission with the ERP’s codes, reopens the order and creates nothing', async () => {
    const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0001', quantity: 1 }] });
    await setLocation(orderId, 'NOWHERE');
    const requestId = await submitOrder(h, orderId);
    await drain(h, c, [requestId]);
    const row = await request(h, requestId);
    expect(row.erp_status).toBe(RequestStatus.failed);
    expect(row.erp_lasterror).toContain('Line 1 ships from the location “NOWHERE”, which the ERP does not have. Choose one of the ERP’s locations (GENEVA, LYON, MAIN, PARIS) on the line');
    const o = await api(h).get(`salesorders(${orderId})?$select=ordernumber,statecode,erp_submissionstatus`);
    expect(o.statecode).toBe(0);
    expect(o.erp_submissionstatus).toBe(SubmissionStatus.failed);
    expect(await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${o.ordernumber}'`)).toEqual([]);
  });

  it('a quote line ships from its location too', async () => {
    const quoteId = await createQuote(h, { name: 'Devis emplacement', lines: [{ productNumber: 'SAF-0001', quantity: 2, extra: { erp_locationcode: 'GENEVA' } }] });
    const a = api(h);
    const requestId = await queueRequest(h, RequestKind.processQuote, 'quote', quoteId, await quoteKey(h, quoteId));
    await drain(h, c, [requestId]);
    expect((await request(h, requestId)).erp_status).toBe(RequestStatus.succeeded);
    const { quotenumber } = await a.get(`quotes(${quoteId})?$select=quotenumber`);
    const [erp] = await bcApi(h).list(`salesQuotes?$filter=externalDocumentNumber eq '${quotenumber}'&$expand=salesQuoteLines`);
    expect(locationCodeById.get((erp.salesQuoteLines as Json[]).find((l) => l.lineType === 'Item').locationId)).toBe('GENEVA');
  });

  /** Sales' Create Order: ConvertQuoteToSalesOrder on the active quote; the order's id. */
  async function createOrderFromQuote(quoteId: string): Promise<string> {
    const converted = await api(h).call('POST', 'ConvertQuoteToSalesOrder', { QuoteId: quoteId, ColumnSet: { AllColumns: false, Columns: ['salesorderid'] }, QuoteCloseStatus: -1, QuoteCloseSubject: 'Won' });
    expect(converted.status).toBe(200);
    return String(converted.body.salesorderid);
  }

  it('an order created from a quote (the solution’s attribute map) ships each line from the quote line’s location', async () => {
    const quoteId = await createQuote(h, { name: 'Devis vers commande', lines: [{ productNumber: 'SAF-0002', quantity: 3, extra: { erp_locationcode: 'PARIS' } }, { productNumber: 'SAF-0001', quantity: 1 }] });
    const orderId = await createOrderFromQuote(quoteId);
    const lines = await api(h).list(`salesorderdetails?$select=erp_locationcode,sequencenumber&$filter=_salesorderid_value eq ${orderId}&$orderby=sequencenumber`);
    expect(lines.map((l: Json) => l.erp_locationcode ?? null)).toEqual(['PARIS', null]);
    const requestId = await submitOrder(h, orderId);
    await drain(h, c, [requestId]);
    expect((await request(h, requestId)).erp_status).toBe(RequestStatus.succeeded);
    const { ordernumber } = await api(h).get(`salesorders(${orderId})?$select=ordernumber`);
    const [erp] = await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${ordernumber}'&$expand=salesOrderLines`);
    const items = (erp.salesOrderLines as Json[]).filter((l) => l.lineType === 'Item').sort((a, b) => a.sequence - b.sequence);
    expect(items.map((l) => [l.lineObjectNumber, locationCodeById.get(l.locationId) ?? ''])).toEqual([
      ['SAF-0002', 'PARIS'],
      // No location sent: Business Central gives the line the order's, from the customer card (C10000 has none),
      // else Company Information's (the demo's MAIN) — sandbox/businesscentral/locationDefault.ts.
      ['SAF-0001', 'MAIN'],
    ]);
  });

  it('an order line moved to another location than its ERP quote line is not made from the ERP quote (makeOrder would ship from the quote’s)', async () => {
    const quoteId = await createQuote(h, { name: 'Devis déplacé', lines: [{ productNumber: 'SAF-0001', quantity: 2, extra: { erp_locationcode: 'GENEVA' } }] });
    const processed = await queueRequest(h, RequestKind.processQuote, 'quote', quoteId, await quoteKey(h, quoteId));
    await drain(h, c, [processed]);
    expect((await request(h, processed)).erp_status).toBe(RequestStatus.succeeded);
    const orderId = await createOrderFromQuote(quoteId);
    await setLocation(orderId, 'LYON');
    const requestId = await submitOrder(h, orderId);
    await drain(h, c, [requestId]);
    const row = await request(h, requestId);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    expect(row.erp_log).toMatch(/lines differ from ERP quote/);
    const { ordernumber } = await api(h).get(`salesorders(${orderId})?$select=ordernumber`);
    const [erp] = await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${ordernumber}'&$expand=salesOrderLines`);
    expect((erp.salesOrderLines as Json[]).filter((l) => l.lineType === 'Item').map((l) => locationCodeById.get(l.locationId))).toEqual(['LYON']);
  });

  it('an order line that kept its quote line’s location is made from the ERP quote and ships from there', async () => {
    const quoteId = await createQuote(h, { name: 'Devis gardé', lines: [{ productNumber: 'SAF-0001', quantity: 2, extra: { erp_locationcode: 'GENEVA' } }] });
    const processed = await queueRequest(h, RequestKind.processQuote, 'quote', quoteId, await quoteKey(h, quoteId));
    await drain(h, c, [processed]);
    const orderId = await createOrderFromQuote(quoteId);
    const requestId = await submitOrder(h, orderId);
    await drain(h, c, [requestId]);
    const row = await request(h, requestId);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    expect(row.erp_log).toMatch(/\(makeOrder\)/);
    const { ordernumber } = await api(h).get(`salesorders(${orderId})?$select=ordernumber`);
    const [erp] = await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${ordernumber}'&$expand=salesOrderLines`);
    expect((erp.salesOrderLines as Json[]).filter((l) => l.lineType === 'Item').map((l) => locationCodeById.get(l.locationId))).toEqual(['GENEVA']);
  });
});
