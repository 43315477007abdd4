/**
 * The stand-in driven by a client nobody here wrote: dynamics-web-api (Node), for CRUD, $batch with change sets,
 * paging, ETag conflicts and 429 handling. If this library works against the stand-in unchanged, so does ours.
 */
import { DynamicsWebApi } from 'dynamics-web-api';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, start } from './support';

let dv: DataverseStandIn;
const api = (user = 'salesperson') => new DynamicsWebApi({ serverUrl: dv.baseUrl, dataApi: { version: '9.2' }, onTokenRefresh: async () => dv.tokens[user] });

beforeAll(async () => {
  dv = await start();
});
afterAll(() => dv.close());

interface ApiError {
  status?: number;
  code?: string;
  message: string;
  headers?: Record<string, string>;
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected the call to fail');
}

describe('dynamics-web-api against the stand-in', () => {
  it('creates, retrieves, updates and deletes a record', async () => {
    const dwa = api();
    const created = await dwa.create<{ name: string }, { accountid: string; name: string }>({ collection: 'accounts', data: { name: 'DWA Client SARL' }, returnRepresentation: true, select: ['name'] });
    expect(created.name).toBe('DWA Client SARL');
    const got = await dwa.retrieve<{ name: string; _ownerid_value: string }>({ collection: 'accounts', key: created.accountid, select: ['name', '_ownerid_value'] });
    expect(got._ownerid_value).toBe(dv.users.salesperson.id);
    await dwa.update({ collection: 'accounts', key: created.accountid, data: { telephone1: '+33 4 00 00 00 00' } });
    expect((await dwa.retrieve<{ telephone1: string }>({ collection: 'accounts', key: created.accountid, select: ['telephone1'] })).telephone1).toBe('+33 4 00 00 00 00');
    await dwa.deleteRecord({ collection: 'accounts', key: created.accountid });
    const gone = await failure(dwa.retrieve({ collection: 'accounts', key: created.accountid }));
    expect(gone.status).toBe(404);
    expect(gone.message).toBe(`Entity 'account' With Id = ${created.accountid} Does Not Exist`);
  });

  it('pages with maxPageSize and @odata.nextLink, and retrieveAll returns every row once', async () => {
    const dwa = api('admin');
    const first = await dwa.retrieveMultiple<{ productnumber: string }>({ collection: 'products', select: ['productnumber'], maxPageSize: 40, orderBy: ['productnumber'] });
    expect(first.value).toHaveLength(40);
    expect(first.oDataNextLink).toContain('$skiptoken=');
    const second = await dwa.retrieveMultiple<{ productnumber: string }>({ collection: 'products', select: ['productnumber'], maxPageSize: 40 }, first.oDataNextLink);
    expect(second.value[0].productnumber > first.value[39].productnumber).toBe(true);
    const all = await dwa.retrieveAll<{ productid: string }>({ collection: 'products', select: ['productid'], maxPageSize: 40 });
    const count = (await client(dv).get('products?$count=true&$top=1')).json['@odata.count'];
    expect(all.value).toHaveLength(count);
    expect(new Set(all.value.map((p) => p.productid)).size).toBe(count);
  });

  it('sends a $batch with a change set and a query, and reads every response', async () => {
    const dwa = api();
    dwa.startBatch();
    dwa.create({ collection: 'accounts', data: { name: 'Batch One' }, contentId: '1' });
    dwa.create({ collection: 'contacts', data: { lastname: 'Batchson', 'parentcustomerid_account@odata.bind': '$1' } });
    dwa.retrieveMultiple({ collection: 'accounts', select: ['name'], filter: "startswith(name,'Batch ')" });
    const results = await dwa.executeBatch();
    expect(results).toHaveLength(3);
    expect(results[0]).toMatch(/^[0-9a-f-]{36}$/);
    const contact = await dwa.retrieve<{ _parentcustomerid_value: string }>({ collection: 'contacts', key: results[1] as string, select: ['_parentcustomerid_value'] });
    expect(contact._parentcustomerid_value).toBe(results[0]);
    expect((results[2] as { value: Array<{ name: string }> }).value.map((a) => a.name)).toContain('Batch One');
  });

  it('rolls a failed change set back completely', async () => {
    const dwa = api();
    dwa.startBatch();
    dwa.create({ collection: 'accounts', data: { name: 'Rollback Me SA' } });
    dwa.create({ collection: 'accounts', data: { name: 'Broken', numberofemployees: 'many' } });
    const e = await failure(dwa.executeBatch());
    expect(JSON.stringify(e)).toMatch(/Cannot convert the literal 'many' to the expected type 'Edm.Int32'/);
    const left = await dwa.retrieveMultiple({ collection: 'accounts', select: ['name'], filter: "name eq 'Rollback Me SA'" });
    expect(left.value).toEqual([]);
  });

  it('reports an ETag conflict as 412 and lets the client re-read and retry', async () => {
    const dwa = api();
    const { accountid } = await dwa.create<{ name: string }, { accountid: string }>({ collection: 'accounts', data: { name: 'Concurrent SA' }, returnRepresentation: true, select: ['accountid'] });
    const read = await dwa.retrieve<{ '@odata.etag': string }>({ collection: 'accounts', key: accountid, select: ['name'] });
    await api('admin').update({ collection: 'accounts', key: accountid, data: { name: 'Changed by someone else' } });
    // dynamics-web-api turns a 412 on update into `false` (its documented optimistic-concurrency result)...
    expect(await dwa.update({ collection: 'accounts', key: accountid, data: { name: 'Mine' }, ifmatch: read['@odata.etag'] })).toBe(false);
    expect((await dwa.retrieve<{ name: string }>({ collection: 'accounts', key: accountid, select: ['name'] })).name).toBe('Changed by someone else');
    // ...and with propagateErrors it hands over Dataverse's error.
    const strict = new DynamicsWebApi({ serverUrl: dv.baseUrl, dataApi: { version: '9.2' }, onTokenRefresh: async () => dv.tokens.salesperson, propagateErrors: true });
    const conflict = await failure(strict.update({ collection: 'accounts', key: accountid, data: { name: 'Mine' }, ifmatch: read['@odata.etag'] }));
    expect(conflict.status).toBe(412);
    expect(conflict.code).toBe('0x80060882');
    const fresh = await dwa.retrieve<{ '@odata.etag': string }>({ collection: 'accounts', key: accountid, select: ['name'] });
    await dwa.update({ collection: 'accounts', key: accountid, data: { name: 'Mine' }, ifmatch: fresh['@odata.etag'] });
    expect((await dwa.retrieve<{ name: string }>({ collection: 'accounts', key: accountid, select: ['name'] })).name).toBe('Mine');
  });

  it('surfaces 429 with Retry-After; waiting that long and retrying succeeds', async () => {
    const user = dv.addUser({ key: 'throttled', roles: ['Salesperson'] });
    const dwa = api(user.key);
    const before = dv.limits.limits;
    dv.limits.configure({ requestsPerWindow: 3, windowSeconds: 2 });
    try {
      for (let i = 0; i < 3; i++) await dwa.retrieveMultiple({ collection: 'accounts', select: ['name'], top: 1 });
      const e = await failure(dwa.retrieveMultiple({ collection: 'accounts', select: ['name'], top: 1 }));
      expect(e.status).toBe(429);
      expect(e.code).toBe('0x80072322');
      expect(e.message).toBe('Number of requests exceeded the limit of 3 over time window of 2 seconds.');
      const retryAfter = Number(e.headers?.['retry-after'] ?? e.headers?.['Retry-After']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);
      await new Promise((r) => setTimeout(r, retryAfter * 1000 + 50));
      const ok = await dwa.retrieveMultiple({ collection: 'accounts', select: ['name'], top: 1 });
      expect(ok.value).toHaveLength(1);
    } finally {
      dv.limits.configure(before);
    }
  });

  it('calls functions and actions (WhoAmI, FulfillSalesOrder)', async () => {
    const dwa = api('integration');
    const me = await dwa.callFunction<{ UserId: string }>({ functionName: 'WhoAmI' });
    expect(me.UserId).toBe(dv.users.integration.id);
    await dwa.callAction({ actionName: 'FulfillSalesOrder', action: { OrderClose: { subject: 'Shipped', 'salesorderid@odata.bind': `/salesorders(${dv.seedInfo!.orders.submitted})` }, Status: 100001 } });
    const order = await dwa.retrieve<{ statecode: number }>({ collection: 'salesorders', key: dv.seedInfo!.orders.submitted, select: ['statecode'] });
    expect(order.statecode).toBe(3);
  });
});
