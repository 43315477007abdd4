/**
 * Submit order against both stand-ins: the happy path (one deep insert, write-back, coupling, one post), request
 * counts whatever the number of lines, idempotency (repeat, second request, concurrent processes), and every bad
 * input ending with a clear error on the request and the order and nothing written in the ERP.
 */
import { RequestKind, RequestStatus, SubmissionStatus, Tables } from '../../domain/schema';
import { SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';
import { orderSubmissionKey } from '../../domain/idempotency';
import { BUILTIN_ROLE_IDS } from '../../sandbox/dataverse/security';
import { api, bcApi, createOrder, drain, queueRequest, readSnapshot, request, startStandins, startTestConnector, submitOrder, type Standins, type Json } from './harness';

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

async function erpOrdersFor(orderNumber: string): Promise<Json[]> {
  return bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${orderNumber}'&$expand=salesOrderLines`);
}
async function order(id: string): Promise<Json> {
  return api(h).get(`salesorders(${id})?$select=ordernumber,statecode,statuscode,erp_erpordernumber,erp_submissionstatus,erp_lastsubmissionerror,lastbackofficesubmit`);
}
async function postsOn(id: string): Promise<string[]> {
  return (await api(h).list(`posts?$filter=_regardingobjectid_value eq ${id}&$select=text`)).map((p) => p.text as string);
}
async function couplingOf(id: string): Promise<Json[]> {
  return api(h).list(`${Tables.coupling.entitySet}?$filter=erp_crmtable eq 'salesorder' and erp_crmid eq '${id}'`);
}

describe('submit order: happy path', () => {
  it('creates the ERP order with its lines in one call and writes back number, coupling, date, status and one post', async () => {
    const longText = Array.from({ length: 400 }, (_, i) => `mot${i}`).join(' ').slice(0, 2000);
    const orderId = await createOrder(h, {
      name: 'Réassort chantier — lot 4 avec un nom bien plus long que les trente-cinq caractères de BC',
      currency: 'EUR',
      lines: [
        { productNumber: 'SAF-0002', quantity: 3 },
        { productNumber: 'SAF-0003', quantity: 2, description: longText },
        { writeIn: 'Support mural sur mesure', quantity: 1, price: 149 },
      ],
      extra: { requestdeliveryby: '2026-12-15', shipto_city: 'Genève', shipto_line1: '12 rue du Rhône', shipto_country: 'Suisse', shipto_postalcode: '1204', description: 'Livrer au quai 4.' },
    });
    const requestId = await submitOrder(h, orderId);
    c.services.dv.http.stats.requests = 0;
    c.services.bc.http.stats.requests = 0;
    await c.services.ref.ensureFresh(true);
    const dvBefore = c.services.dv.http.stats.requests;
    const bcBefore = c.services.bc.http.stats.requests;
    const result = await c.worker.processRow((await api(h).list(`${Tables.integrationRequest.entitySet}?$filter=erp_integrationrequestid eq ${requestId}`))[0]);
    expect(result).toBe('succeeded');
    // Per order: claim+read $batch and write-back $batch; ERP: the deep insert only (no earlier attempt: no lookup).
    expect(c.services.dv.http.stats.requests - dvBefore).toBe(2);
    expect(c.services.bc.http.stats.requests - bcBefore).toBe(1);

    const o = await order(orderId);
    expect(o.erp_erpordernumber).toMatch(/^S-ORD/);
    expect(o.erp_submissionstatus).toBe(SubmissionStatus.inErp);
    // UserLocal column: the instant of the submission.
    expect(o.lastbackofficesubmit).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(o.statecode).toBe(SalesOrderState.submitted);
    const [erp] = await erpOrdersFor(o.ordernumber);
    expect(erp.number).toBe(o.erp_erpordernumber);
    expect(erp.requestedDeliveryDate).toBe('2026-12-15');
    expect(erp).toMatchObject({ shipToCity: 'Genève', shipToCountry: 'CH', shipToAddressLine1: '12 rue du Rhône' });
    const lines = erp.salesOrderLines as Json[];
    const items = lines.filter((l) => l.lineType !== 'Comment');
    expect(items.map((l) => [l.lineType, l.lineObjectNumber, l.quantity])).toEqual([
      ['Item', 'SAF-0002', 3],
      ['Item', 'SAF-0003', 2],
      ['Item', h.dv.demo!.items.find((i) => i.type === 'Non-Inventory' && i.inSales)!.number, 1],
    ]);
    const comments = lines.filter((l) => l.lineType === 'Comment').map((l) => l.description as string);
    expect(comments.every((t) => t.length <= 100)).toBe(true);
    // The name (longer than 35) and the description travel whole; the 2,000-character line text too, nothing cut.
    expect(comments.join(' ')).toContain('Réassort chantier — lot 4 avec un nom bien plus long');
    expect(comments.join(' ').replace(/\s+/g, ' ')).toContain(longText);
    expect(comments).toContain('Livrer au quai 4.');
    expect(erp.externalDocumentNumber).toBe(o.ordernumber);

    const coupling = await couplingOf(orderId);
    expect(coupling).toHaveLength(1);
    expect(coupling[0]).toMatchObject({ erp_erpid: erp.id, erp_erpnumber: erp.number, erp_erpentity: 'salesOrders' });
    expect(await postsOn(orderId)).toEqual([`The order was created in the ERP as order ${erp.number}.`]);
    const r = await request(h, requestId);
    expect(r.erp_status).toBe(RequestStatus.succeeded);
    expect(r.erp_erpdocumentnumber).toBe(erp.number);
    expect(r.erp_erpdocumentid).toBe(erp.id);
    expect(r.erp_log).toMatch(/attempt 1: created ERP order .* in one call/);
    expect(r.erp_completedon).toBeTruthy();
  });

  it.each([1, 20, 200])('costs 2 Dataverse and 1 ERP request for an order of %i line(s)', async (n) => {
    const orderId = await createOrder(h, { lines: Array.from({ length: n }, (_, i) => ({ productNumber: i % 2 ? 'SAF-0001' : 'SAF-0002', quantity: 1 + (i % 5) })) });
    const requestId = await submitOrder(h, orderId);
    await c.services.ref.ensureFresh(true);
    const row = (await api(h).list(`${Tables.integrationRequest.entitySet}?$filter=erp_integrationrequestid eq ${requestId}`))[0];
    const dv0 = c.services.dv.http.stats.requests;
    const bc0 = c.services.bc.http.stats.requests;
    expect(await c.worker.processRow(row)).toBe('succeeded');
    expect(c.services.dv.http.stats.requests - dv0).toBe(2);
    expect(c.services.bc.http.stats.requests - bc0).toBe(1);
    const o = await order(orderId);
    const [erp] = await erpOrdersFor(o.ordernumber);
    expect((erp.salesOrderLines as Json[]).filter((l) => l.lineType === 'Item')).toHaveLength(n);
  });

  it('currency and discounts: a CHF order keeps its currency, line and order discounts reach the ERP order', async () => {
    const chfCustomer = h.dv.demo!.customers.find((x) => x.currencyCode === 'CHF' && x.inSales && x.blocked === ' ' && h.dv.seedInfo!.uncoupledAccount?.accountnumber !== x.number)!;
    const orderId = await createOrder(h, {
      accountNumber: chfCustomer.number,
      currency: 'CHF',
      lines: [
        { productNumber: 'SAF-0002', quantity: 4, price: 20 },
        { productNumber: 'SAF-0003', quantity: 1, price: 50 },
      ],
    });
    const [line1] = await api(h).list(`salesorderdetails?$filter=_salesorderid_value eq ${orderId} and sequencenumber eq 1&$select=salesorderdetailid`);
    await api(h).patch('salesorderdetails', line1.salesorderdetailid, { manualdiscountamount: 8 });
    await api(h).patch('salesorders', orderId, { discountamount: 12 });
    const r = await submitOrder(h, orderId);
    await drain(h, c, [r]);
    expect((await request(h, r)).erp_status).toBe(RequestStatus.succeeded);
    const o = await order(orderId);
    const [erp] = await erpOrdersFor(o.ordernumber);
    expect(erp.currencyCode).toBe('CHF');
    expect(erp.customerNumber).toBe(chfCustomer.number);
    const items = (erp.salesOrderLines as Json[]).filter((l) => l.lineType === 'Item');
    expect(items.map((l) => [l.unitPrice, l.discountAmount])).toEqual([
      [20, 8],
      [50, 0],
    ]);
    expect(erp.discountAmount).toBe(12);
    expect((await request(h, r)).erp_log).toMatch(/set the order discount 12\.00/);
  });

  it('French organisation: the errors are in French, and so is the post of a French owner\'s order', async () => {
    await api(h).patch('organizations', h.dv.seedInfo!.organizationId, { languagecode: 1036 });
    try {
      await c.services.ref.ensureFresh(true);
      const ok = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }], extra: { 'ownerid@odata.bind': `/systemusers(${h.dv.users.salesperson.id})` } });
      const bad = await createOrder(h, { lines: [] });
      await submitOrder(h, ok);
      const badReq = await submitOrder(h, bad);
      await c.processQueue();
      const o = await order(ok);
      expect(await postsOn(ok)).toEqual([`La commande a été créée dans l’ERP sous le numéro ${o.erp_erpordernumber}.`]);
      expect((await request(h, badReq)).erp_lasterror).toMatch(/Il n’y a aucune ligne|aucun produit|ligne/i);
    } finally {
      await api(h).patch('organizations', h.dv.seedInfo!.organizationId, { languagecode: 1033 });
      await c.services.ref.ensureFresh(true);
    }
  });
});

describe('submit order: idempotent', () => {
  it('a repeated request, a second request with another key and a retry never create a second ERP order', async () => {
    const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 4 }] });
    const first = await submitOrder(h, orderId);
    await c.processQueue();
    const o = await order(orderId);
    // Put the same request back (as Retry does) and queue a second one with a different key (automatic pick-up).
    await api(h).patch(Tables.integrationRequest.entitySet, first, { erp_status: RequestStatus.pending });
    const second = await queueRequest(h, RequestKind.submitOrder, 'salesorder', orderId, `${orderSubmissionKey(await readSnapshot(h, orderId))}:2`);
    await drain(h, c, [first, second]);
    expect(await erpOrdersFor(o.ordernumber)).toHaveLength(1);
    expect((await request(h, first)).erp_status).toBe(RequestStatus.succeeded);
    const r2 = await request(h, second);
    expect(r2.erp_status).toBe(RequestStatus.succeeded);
    expect(r2.erp_log).toMatch(/already in the ERP as order/);
    expect(await postsOn(orderId)).toHaveLength(1);
    expect(await couplingOf(orderId)).toHaveLength(1);
  });

  it('an ERP order left by an earlier attempt (order number written back lost) is found, not created again', async () => {
    const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0004', quantity: 2 }] });
    const requestId = await submitOrder(h, orderId);
    await c.processQueue();
    const o = await order(orderId);
    // Simulate losing the write-back: clear the number on the order and re-queue.
    await api(h, 'integration').patch('salesorders', orderId, { erp_erpordernumber: null, erp_submissionstatus: SubmissionStatus.queued, lastbackofficesubmit: null });
    await api(h).patch(Tables.integrationRequest.entitySet, requestId, { erp_status: RequestStatus.pending });
    await c.processQueue();
    expect(await erpOrdersFor(o.ordernumber)).toHaveLength(1);
    const r = await request(h, requestId);
    expect(r.erp_log).toMatch(/found ERP order .* not creating another/);
    expect((await order(orderId)).erp_erpordernumber).toBe(o.erp_erpordernumber);
    expect(await postsOn(orderId)).toHaveLength(1);
  });

  it('four connector processes side by side process 24 orders exactly once each', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) ids.push(await createOrder(h, { name: `Parallel ${i}`, lines: [{ productNumber: 'SAF-0002', quantity: 1 + i }] }));
    const requests: string[] = [];
    for (const id of ids) requests.push(await submitOrder(h, id));
    const others = await Promise.all([1, 2, 3].map((i) => startTestConnector(h, { CONNECTOR_INSTANCE_ID: `p${i}`, QUEUE_BATCH_SIZE: '50' })));
    try {
      await Promise.all([c, ...others].map((x) => x.processQueue()));
    } finally {
      await Promise.all(others.map((x) => x.close()));
    }
    for (const id of ids) {
      const o = await order(id);
      expect(o.erp_erpordernumber).toBeTruthy();
      expect(await erpOrdersFor(o.ordernumber)).toHaveLength(1);
      expect(await postsOn(id)).toHaveLength(1);
    }
    for (const r of requests) {
      const row = await request(h, r);
      expect(row.erp_status).toBe(RequestStatus.succeeded);
      expect(row.erp_attempts).toBe(1);
    }
    const lost = [c, ...others].reduce((n, x) => n + x.worker.stats.lost, 0);
    const succeeded = [c, ...others].reduce((n, x) => n + x.worker.stats.succeeded, 0);
    expect(succeeded).toBeGreaterThanOrEqual(24);
    expect(lost).toBeGreaterThanOrEqual(0);
  });
});

describe('submit order: bad input ends with a clear error on the request and the order, nothing in the ERP', () => {
  async function expectRefused(orderId: string, requestId: string, pattern: RegExp, reopened = true): Promise<Json> {
    const r = await request(h, requestId);
    expect(r.erp_status).toBe(RequestStatus.failed);
    expect(r.erp_lasterror).toMatch(pattern);
    expect(r.erp_fixhint).toBeTruthy();
    expect(r.erp_log).toMatch(/failed \(permanent\)/);
    const o = await order(orderId);
    expect(o.erp_submissionstatus).toBe(SubmissionStatus.failed);
    expect(o.erp_lastsubmissionerror).toMatch(pattern);
    expect(o.erp_erpordernumber).toBeNull();
    expect(o.lastbackofficesubmit).toBeNull();
    if (reopened) expect([o.statecode, o.statuscode]).toEqual([SalesOrderState.active, SalesOrderStatus.pending]);
    expect(await erpOrdersFor(o.ordernumber)).toHaveLength(0);
    expect(await couplingOf(orderId)).toHaveLength(0);
    expect(await postsOn(orderId)).toHaveLength(0);
    return r;
  }

  it('no customer', async () => {
    const id = await createOrder(h, { accountNumber: null, lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
    const r = await submitOrder(h, id);
    await c.processQueue();
    await expectRefused(id, r, /No customer is set/);
  });

  it('no lines', async () => {
    const id = await createOrder(h, { lines: [] });
    const r = await submitOrder(h, id);
    await c.processQueue();
    await expectRefused(id, r, /There are no product lines/);
  });

  it('uncoupled product: every problem at once', async () => {
    const p = h.dv.seedInfo!.uncoupledProduct!;
    const id = await createOrder(h, { lines: [{ productNumber: p.productnumber, quantity: 1 }, { productNumber: 'SAF-0002', quantity: 0 }] });
    const r = await submitOrder(h, id);
    await c.processQueue();
    const row = await expectRefused(id, r, /is not linked to an ERP item/);
    expect(row.erp_lasterror).toMatch(/Line 2 has quantity 0/);
    // The mapping finds the same missing coupling; the salesperson reads it once.
    expect((row.erp_lasterror as string).match(/is not linked to an ERP item/g)).toHaveLength(1);
  });

  it('write-in line without a write-in product on the ERP connection', async () => {
    const conn = h.dv.seedInfo!.connectionId!;
    const before = await api(h).get(`erp_connections(${conn})?$select=erp_writeinproductnumber`);
    await api(h).patch('erp_connections', conn, { erp_writeinproductnumber: null });
    try {
      const id = await createOrder(h, { lines: [{ writeIn: 'Sur mesure', quantity: 1, price: 10 }] });
      const r = await submitOrder(h, id);
      await c.processQueue();
      await expectRefused(id, r, /write-in product, but no write-in item or resource is set up/);
    } finally {
      await api(h).patch('erp_connections', conn, { erp_writeinproductnumber: before.erp_writeinproductnumber });
    }
  });

  it('unknown currency (in Dynamics 365, not in the ERP)', async () => {
    const jpy = await api(h).create('transactioncurrencies', { isocurrencycode: 'JPY', currencyname: 'Yen', currencysymbol: '¥', exchangerate: 160, currencyprecision: 0 });
    const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1, price: 1000 }], extra: { 'transactioncurrencyid@odata.bind': `/transactioncurrencies(${jpy})` } });
    const r = await submitOrder(h, id);
    await c.processQueue();
    await expectRefused(id, r, /The currency JPY does not exist in the ERP/);
  });

  it('zero and negative quantities (a negative one can only come from an import: Dataverse refuses it through the API)', async () => {
    const refused = await api(h).call('POST', 'salesorderdetails', { quantity: -2, isproductoverridden: true, productdescription: 'x' });
    expect(refused.status).toBe(400);
    const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 0 }, { productNumber: 'SAF-0001', quantity: 1 }] });
    const lineTable = h.dv.engine.catalog.table('salesorderdetail')!;
    const [line2] = await api(h).list(`salesorderdetails?$filter=_salesorderid_value eq ${id} and sequencenumber eq 2&$select=salesorderdetailid`);
    const system = { key: 'system', id: h.dv.users.integration.id, fullName: 'SYSTEM', email: '', token: '', roleIds: [BUILTIN_ROLE_IDS.systemAdministrator], isIntegrationUser: true, languageId: 1033 };
    h.dv.engine.upsertRaw({ user: system, annotations: () => false, apiUrl: h.dv.apiUrl, correlationId: 'test' } as never, lineTable, line2.salesorderdetailid, { quantity: -3 });
    const r = await submitOrder(h, id);
    await c.processQueue();
    const row = await expectRefused(id, r, /Line 1 has quantity 0/);
    expect(row.erp_lasterror).toMatch(/Line 2 has quantity -3/);
  });

  it('descriptions over Dataverse’s own 2,000-character limit never reach the connector; 6,000 characters of texts are sent whole as comment lines', async () => {
    const refused = await api(h).call('POST', 'salesorderdetails', { description: 'x'.repeat(5000), quantity: 1, isproductoverridden: true, productdescription: 'x' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/maximum allowed length of '2000'/);
    const text = (seed: string): string => Array.from({ length: 500 }, (_, i) => `${seed}${i}`).join(' ').slice(0, 2000).trim();
    const id = await createOrder(h, {
      lines: [
        { productNumber: 'SAF-0002', quantity: 1, description: text('a') },
        { writeIn: 'Pièce spéciale', quantity: 1, price: 5, description: text('b') },
      ],
      extra: { description: text('c') },
    });
    const r = await submitOrder(h, id);
    await c.processQueue();
    expect((await request(h, r)).erp_status).toBe(RequestStatus.succeeded);
    const o = await order(id);
    const [erp] = await erpOrdersFor(o.ordernumber);
    const comments = (erp.salesOrderLines as Json[]).filter((l) => l.lineType === 'Comment').map((l) => l.description as string);
    expect(comments.every((t) => t.length <= 100)).toBe(true);
    const all = (erp.salesOrderLines as Json[]).map((l) => l.description).join(' ');
    for (const seed of ['a', 'b', 'c']) expect(all.replace(/\s+/g, ' ')).toContain(text(seed));
    expect(comments.length).toBeGreaterThanOrEqual(60);
  });

  it('ERP-side: a blocked customer and a blocked item are refused before anything is created', async () => {
    const blockedCustomer = h.dv.demo!.customers.find((x) => x.blocked === 'All' && x.inSales)!;
    const [item] = await bcApi(h).list(`items?$filter=number eq 'SAF-0005'`);
    await fetch(`${h.bc.companyUrl}/items(${item.id})`, { method: 'PATCH', headers: { Authorization: `Bearer ${h.bc.token}`, 'Content-Type': 'application/json', 'If-Match': '*' }, body: JSON.stringify({ blocked: true }) });
    const id = await createOrder(h, { accountNumber: blockedCustomer.number, lines: [{ productNumber: 'SAF-0005', quantity: 1 }] });
    const r = await submitOrder(h, id);
    await c.processQueue();
    const row = await expectRefused(id, r, /is blocked in the ERP/);
    expect(row.erp_lasterror).toMatch(new RegExp(`ERP customer ${blockedCustomer.number}`));
    expect(row.erp_lasterror).toMatch(/ERP item SAF-0005/);
  });
});
