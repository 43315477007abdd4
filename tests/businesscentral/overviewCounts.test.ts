/**
 * The ERP console's counts (issue 19, finding 15): the overview lists the most recent invoices only, but counts all
 * of them, as many as Business Central's own API v2.0 counts ($count=true), also past 200.
 */
import { OVERVIEW_INVOICES } from '../../sandbox/businesscentral/backOffice';
import { Api, Json, startApi } from './helpers';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.bc.close());

async function erpCount(entitySet: string): Promise<number> {
  const r = await api.get(`${entitySet}?$count=true&$top=1&$select=id`);
  expect(r.status).toBe(200);
  return r.json['@odata.count'];
}

describe('ERP console overview', () => {
  it('counts every invoice, order and quote although it lists at most the 200 most recent invoices', async () => {
    const overview = (await api.admin('GET', '/overview')).json as Json;
    const invoices = await erpCount('salesInvoices');
    // The demo company has more posted invoices than the list holds: the case the console counted wrong.
    expect(invoices).toBeGreaterThan(OVERVIEW_INVOICES);
    expect(overview.invoices).toHaveLength(OVERVIEW_INVOICES);
    expect(overview.counts).toEqual({ orders: await erpCount('salesOrders'), quotes: await erpCount('salesQuotes'), invoices });
    expect(overview.counts.orders).toBe(overview.orders.length);
    // The most recent first.
    const stamps = overview.invoices.map((d: Json) => d.lastModifiedDateTime as string);
    expect([...stamps].sort().reverse()).toEqual(stamps);
  });
});
