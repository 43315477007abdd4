/**
 * Platform rules the stand-in takes from Microsoft's table reference pages (docs/dataverse-standin.md, "Rules from
 * the table reference pages"): delete cascades (Restrict), column lengths and choices of post, invoice state and
 * status pairs, and date columns by DateTime behaviour (UserLocal instants, DateOnly dates).
 */
import { InvoiceState, InvoiceStatus, PostSource, PostType } from '../../domain/dataverseCodes';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, idOf, start } from './support';

let dv: DataverseStandIn;
beforeAll(async () => {
  dv = await start();
});
afterAll(() => dv?.close());

const orderFor = async (accountId: string, extra: Record<string, unknown> = {}): Promise<string> =>
  idOf(
    await client(dv).post('salesorders', {
      name: 'Rule order',
      'customerid_account@odata.bind': `/accounts(${accountId})`,
      'pricelevelid@odata.bind': `/pricelevels(${dv.seedInfo!.priceLists.STANDARD})`,
      'transactioncurrencyid@odata.bind': `/transactioncurrencies(${dv.seedInfo!.currencies.EUR})`,
      ...extra,
    }),
  );

describe('delete cascades from the relationships', () => {
  it('an account with orders cannot be deleted (order_customer_accounts: Delete Restrict); without them it can', async () => {
    const c = client(dv);
    const account = idOf(await c.post('accounts', { name: 'Restrict test' }));
    const order = await orderFor(account);
    const refused = await c.del(`accounts(${account})`);
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('0x80040227');
    expect((await c.get(`salesorders(${order})?$select=_customerid_value`)).json._customerid_value).toBe(account);
    expect((await c.del(`salesorders(${order})`)).status).toBe(204);
    expect((await c.del(`accounts(${account})`)).status).toBe(204);
  });

  it('deleting an order deletes its lines (order_details: Delete Cascade)', async () => {
    const c = client(dv);
    const order = await orderFor(Object.values(dv.seedInfo!.accounts)[0]);
    const line = idOf(await c.post('salesorderdetails', { 'salesorderid@odata.bind': `/salesorders(${order})`, productdescription: 'Ligne libre', isproductoverridden: true, quantity: 1, priceperunit: 5, ispriceoverridden: true }));
    expect((await c.del(`salesorders(${order})`)).status).toBe(204);
    expect((await c.get(`salesorderdetails(${line})`)).status).toBe(404);
  });
});

describe('post columns', () => {
  // On an account: a new Sales organisation has the account wall on (orders need their wall enabled first).
  const post = (body: Record<string, unknown>) => {
    const account = Object.values(dv.seedInfo!.accounts)[0];
    return client(dv).post('posts', { 'regardingobjectid_account@odata.bind': `/accounts(${account})`, type: PostType.status, source: PostSource.autoPost, text: 'x', ...body });
  };

  it('text takes at most 2,000 characters', async () => {
    const long = await post({ text: 'é'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.json.error.message).toContain("maximum allowed length of '2000'");
    expect((await post({ text: 'é'.repeat(2000) })).status).toBe(204);
  });

  it('source takes 1, 2 and 3 (ActionHub Post), nothing else', async () => {
    expect((await post({ source: PostSource.actionHubPost })).status).toBe(204);
    const bad = await post({ source: 4 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('Accepted Values: 1,2,3');
  });
});

describe('invoice state and status pairs', () => {
  it('status 7 (Paid in Full, deprecated) belongs to the Closed state, so Paid + 7 is refused; Paid + Complete is accepted', async () => {
    const integ = client(dv, 'integration');
    const id = idOf(await integ.post('invoices', { name: 'INV pairs', 'customerid_account@odata.bind': `/accounts(${Object.values(dv.seedInfo!.accounts)[0]})` }));
    const refused = await integ.patch(`invoices(${id})`, { statecode: InvoiceState.paid, statuscode: InvoiceStatus.paidInFullDeprecated });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toContain('7 is not a valid status code for state code InvoiceState.Paid');
    expect((await integ.patch(`invoices(${id})`, { statecode: InvoiceState.paid, statuscode: InvoiceStatus.complete })).status).toBe(204);
  });
});

describe('date columns by DateTime behaviour', () => {
  it('UserLocal columns store and return the UTC instant; a bare date is midnight UTC', async () => {
    const c = client(dv);
    const order = await orderFor(Object.values(dv.seedInfo!.accounts)[0], { requestdeliveryby: '2026-12-23T23:00:00+00:00', submitdate: '2026-12-24' });
    const r = (await c.get(`salesorders(${order})?$select=requestdeliveryby,submitdate`)).json;
    expect([r.requestdeliveryby, r.submitdate]).toEqual(['2026-12-23T23:00:00Z', '2026-12-24T00:00:00Z']);
    const hit = await c.get(`salesorders?$select=salesorderid&$filter=${encodeURIComponent(`salesorderid eq ${order} and requestdeliveryby ge 2026-12-23T22:00:00Z and requestdeliveryby lt 2026-12-24T00:00:00Z`)}`);
    expect(hit.json.value).toHaveLength(1);
  });

  it('DateOnly columns (quote expireson) are dates, without a time or a zone', async () => {
    const c = client(dv);
    const id = idOf(await c.post('quotes', { name: 'Date-only quote', expireson: '2026-12-24T15:00:00Z' }));
    expect((await c.get(`quotes(${id})?$select=expireson`)).json.expireson).toBe('2026-12-24');
  });
});

describe('date query functions in $filter', () => {
  it("Today, Yesterday and LastXDays read dates in the caller's time zone", async () => {
    const c = client(dv);
    const days = (n: number) => new Date(Date.now() - n * 86400000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const recent = await orderFor(Object.values(dv.seedInfo!.accounts)[0], { name: 'Date fn recent', requestdeliveryby: days(2) });
    const old = await orderFor(Object.values(dv.seedInfo!.accounts)[0], { name: 'Date fn old', requestdeliveryby: days(5) });
    const ids = async (filter: string): Promise<string[]> =>
      (await c.get(`salesorders?$select=salesorderid&$filter=${encodeURIComponent(`(salesorderid eq ${recent} or salesorderid eq ${old}) and ${filter}`)}`)).json.value.map((o: { salesorderid: string }) => o.salesorderid);
    expect(await ids("Microsoft.Dynamics.CRM.Today(PropertyName='createdon')")).toHaveLength(2);
    expect(await ids("Microsoft.Dynamics.CRM.Yesterday(PropertyName='createdon')")).toEqual([]);
    expect(await ids("Microsoft.Dynamics.CRM.LastXDays(PropertyName='requestdeliveryby',PropertyValue=3)")).toEqual([recent]);
    expect(await ids("Microsoft.Dynamics.CRM.LastXDays(PropertyName='requestdeliveryby',PropertyValue=7)")).toHaveLength(2);
    const unknown = await c.get(`salesorders?$filter=${encodeURIComponent("Microsoft.Dynamics.CRM.InFiscalYear(PropertyName='createdon',PropertyValue=2026)")}`);
    expect(unknown.status).toBe(400);
  });
});

describe('user time zone settings', () => {
  it('writing timezonecode alone brings the zone rules Dataverse computes from it', async () => {
    const c = client(dv);
    const me = (await c.get('WhoAmI')).json.UserId as string;
    expect((await c.patch(`usersettingscollection(${me})`, { timezonecode: 4 })).status).toBe(204);
    expect((await c.get(`usersettingscollection(${me})?$select=timezonebias,timezonedaylightbias,timezonedaylightmonth`)).json).toMatchObject({ timezonebias: 480, timezonedaylightbias: -60, timezonedaylightmonth: 3 });
    expect((await c.patch(`usersettingscollection(${me})`, { timezonecode: 105 })).status).toBe(204);
    expect((await c.get(`usersettingscollection(${me})?$select=timezonebias`)).json.timezonebias).toBe(-60);
  });
});
