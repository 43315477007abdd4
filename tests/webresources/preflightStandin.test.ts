/**
 * @jest-environment node
 */
// Credit and stock warnings end to end: the connector refreshes an account's statistics and a product's
// availability from the Business Central stand-in into the Dataverse stand-in, then the Submit command's reads
// (the salesperson's own Web API session) and the shared preflight rules turn them into the warnings the
// confirmation shows. Proves the reads are queries the Web API answers and the figures are the ERP's.
import { Formatter } from '../../domain/format';
import { formatMessage } from '../../domain/messages';
import { preflightProblems } from '../../domain/preflight';
import { RequestKind, RequestStatus } from '../../domain/schema';
import { readConnection, readErpFigures, readOrder } from '../../webresources/lib/dataverse';
import { fetchWebApi, setWebApi } from '../../webresources/lib/webApi';
import { api, bcApi, createOrder, drain, queueRequest, request, startStandins, startTestConnector, type Json, type Standins } from '../connector/harness';

jest.setTimeout(60_000);

let h: Standins;
let c: Awaited<ReturnType<typeof startTestConnector>>;
let customer: Json;

async function refresh(kind: number, table: string, id: string): Promise<void> {
  const r = await queueRequest(h, kind, table, id, `preflight:${table}:${id}:${Date.now()}`);
  await drain(h, c, [r]);
  expect((await request(h, r)).erp_status).toBe(RequestStatus.succeeded);
}

beforeAll(async () => {
  h = await startStandins();
  c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
  [customer] = await bcApi(h).list(`customers?$filter=number eq 'C10000'&$select=id,number,creditLimit,balanceDue`);
  setWebApi(fetchWebApi(h.dv.apiUrl, fetch, { Authorization: `Bearer ${h.dv.tokens.salesperson}` }));
});
afterAll(async () => {
  setWebApi(null);
  await c?.close();
  await h?.close();
});

describe('Submit to ERP: credit and stock from the figures the connector keeps', () => {
  it('a quantity above every location and an order above the credit limit are both said, with the ERP’s figures', async () => {
    const info = h.dv.seedInfo!;
    const accountId = info.accounts.C10000;
    const productId = info.products['SAF-0001'];
    // A credit limit the order will cross, set in the ERP, then both refreshes as the connector does them.
    const patched = await fetch(`${h.bc.companyUrl}/customers(${customer.id})`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${h.bc.token}`, 'Content-Type': 'application/json', 'If-Match': '*' },
      body: JSON.stringify({ creditLimit: 100 }),
    });
    expect(patched.status).toBe(200);
    await refresh(RequestKind.refreshStatistics, 'account', accountId);
    await refresh(RequestKind.refreshAvailability, 'product', productId);

    const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0001', quantity: 100000, price: 1 }] });
    const order = await readOrder(orderId);
    const connection = await readConnection();
    const figures = await readErpFigures(order, connection);

    const stored = await api(h).list(`erp_itemavailabilities?$select=erp_available&$filter=_erp_productid_value eq ${productId}`);
    expect(stored.length).toBeGreaterThan(0);
    expect(figures.availability?.[productId]).toHaveLength(stored.length);
    expect(figures.statistics?.creditLimit).toBe(100);

    const texts = preflightProblems(order, figures, new Formatter(1033)).map((p) => [p.code, formatMessage(p.code, p.params, 1033)]);
    expect(texts.map(([code]) => code)).toEqual(expect.arrayContaining(['CREDIT_LIMIT_EXCEEDED']));
    const stock = texts.find(([code]) => String(code).startsWith('STOCK_SHORT'));
    const available = stored.reduce((sum: number, r: Json) => sum + Math.max(0, r.erp_available ?? 0), 0);
    expect(stock?.[1]).toContain(`Line 1 (`);
    expect(stock?.[1]).toContain(`100,000 PCS requested, ${new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(available)} PCS available in the ERP`);
    expect(texts.find(([code]) => code === 'CREDIT_LIMIT_EXCEEDED')?.[1]).toMatch(/above its credit limit of €100\.00/);
  });

  it('a quantity the locations hold says nothing about stock', async () => {
    const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0001', quantity: 1 }] });
    const order = await readOrder(orderId);
    const figures = await readErpFigures(order, await readConnection());
    expect(figures.availability?.[h.dv.seedInfo!.products['SAF-0001']]?.length).toBeGreaterThan(0);
    const problems = preflightProblems(order, figures, new Formatter(1033));
    expect(problems.filter((p) => p.code.startsWith('STOCK_SHORT'))).toEqual([]);
  });
});
