/**
 * @jest-environment jsdom
 *
 * The stand-in driven by a browser client nobody here wrote: xrm-webapi-client, running on jsdom's XMLHttpRequest
 * against the stand-in on another origin (so CORS preflights are exercised as a model-driven app's SPA would).
 * CRUD, $batch with change sets, paging, ETag conflict, 429 handling.
 */
import * as WebApiClient from 'xrm-webapi-client';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { start } from './support';

let dv: DataverseStandIn;
type Api = typeof WebApiClient;

/** The library keeps its settings on its module object: Configure() sets them there (a namespace import is a copy). */
function as(user: string): Api {
  (WebApiClient as unknown as { Configure(settings: Record<string, string>): void }).Configure({ ClientUrl: dv.apiUrl, Token: dv.tokens[user] });
  return WebApiClient;
}

async function failure(p: Promise<unknown> | unknown): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  dv = await start();
});
afterAll(() => dv.close());

describe('xrm-webapi-client (browser, jsdom XHR) against the stand-in', () => {
  it('runs cross-origin: the preflight is answered with the allowed headers', () => {
    expect(window.location.origin).not.toBe(dv.baseUrl);
  });

  it('creates, retrieves, updates and deletes a record', async () => {
    const api = as('salesperson');
    const entityId = (await api.Create({ entityName: 'account', entity: { name: 'XRM Client GmbH' } })) as string;
    expect(entityId).toMatch(/accounts\([0-9a-f-]{36}\)$/);
    const id = /\(([0-9a-f-]{36})\)/.exec(entityId)![1];
    const got = (await api.Retrieve({ entityName: 'account', entityId: id, queryParams: '?$select=name,_ownerid_value' })) as { name: string; _ownerid_value: string };
    expect(got).toMatchObject({ name: 'XRM Client GmbH', _ownerid_value: dv.users.salesperson.id });
    await api.Update({ entityName: 'account', entityId: id, entity: { websiteurl: 'www.xrm.example' } });
    expect(((await api.Retrieve({ entityName: 'account', entityId: id, queryParams: '?$select=websiteurl' })) as { websiteurl: string }).websiteurl).toBe('www.xrm.example');
    await api.Delete({ entityName: 'account', entityId: id });
    const gone = await failure(api.Retrieve({ entityName: 'account', entityId: id }));
    expect(gone.message).toContain('Does Not Exist');
  });

  it('pages: returnAllPages follows @odata.nextLink until the last page', async () => {
    const api = as('admin');
    const page = (await api.Retrieve({ entityName: 'product', queryParams: '?$select=productnumber', headers: [{ key: 'Prefer', value: 'odata.maxpagesize=60' }] })) as { value: unknown[]; '@odata.nextLink'?: string };
    expect(page.value).toHaveLength(60);
    expect(page['@odata.nextLink']).toBeDefined();
    const all = (await api.Retrieve({ entityName: 'product', queryParams: '?$select=productnumber', headers: [{ key: 'Prefer', value: 'odata.maxpagesize=60' }], returnAllPages: true })) as { value: Array<{ productnumber: string }> };
    expect(all.value.length).toBeGreaterThan(60);
    expect(new Set(all.value.map((p) => p.productnumber)).size).toBe(all.value.length);
  });

  it('sends a $batch: a change set with Content-ID references and a GET, all answered', async () => {
    const api = as('salesperson');
    const batch = new api.Batch({
      changeSets: [
        new api.ChangeSet({
          requests: [
            api.Create({ entityName: 'account', entity: { name: 'XRM Batch Account' }, asBatch: true }) as WebApiClient.BatchRequest,
            api.Create({ entityName: 'account', entity: { name: 'XRM Batch Account 2' }, asBatch: true }) as WebApiClient.BatchRequest,
          ],
        }),
      ],
      requests: [api.Retrieve({ entityName: 'account', queryParams: "?$select=name&$filter=startswith(name,'XRM Batch')", asBatch: true }) as WebApiClient.BatchRequest],
    });
    const result = (await api.SendBatch(batch)) as WebApiClient.BatchResponse;
    expect(result.isFaulted).toBe(false);
    expect(result.changeSetResponses![0].responses!.map((r) => Number(r.status))).toEqual([204, 204]);
    expect(result.changeSetResponses![0].responses![0].headers['OData-EntityId']).toMatch(/accounts\([0-9a-f-]{36}\)/);
    // Parts run in the order sent: the change set first, so the GET after it sees both accounts.
    const listed = (result.batchResponses![0].payload as { value: Array<{ name: string }> }).value.map((a) => a.name);
    expect(listed.sort()).toEqual(['XRM Batch Account', 'XRM Batch Account 2']);
    const after = (await api.Retrieve({ entityName: 'account', queryParams: "?$select=name&$filter=startswith(name,'XRM Batch')" })) as { value: unknown[] };
    expect(after.value).toHaveLength(2);
  });

  it('a failing change set is rolled back and reported as faulted', async () => {
    const api = as('salesperson');
    const batch = new api.Batch({
      changeSets: [
        new api.ChangeSet({
          requests: [
            api.Create({ entityName: 'account', entity: { name: 'XRM Rollback' }, asBatch: true }) as WebApiClient.BatchRequest,
            api.Create({ entityName: 'account', entity: { name: 'XRM Rollback 2', nonexistentcolumn: 1 }, asBatch: true }) as WebApiClient.BatchRequest,
          ],
        }),
      ],
      // The library writes the closing delimiter after the last GET only, so a batch needs one.
      requests: [api.Retrieve({ entityName: 'account', queryParams: '?$select=name&$top=1', asBatch: true }) as WebApiClient.BatchRequest],
    });
    const outcome = await Promise.resolve(api.SendBatch(batch)).then(
      (r) => JSON.stringify(r),
      (e: Error) => e.message,
    );
    expect(outcome).toContain("The property 'nonexistentcolumn' does not exist on type 'Microsoft.Dynamics.CRM.account'");
    const left = (await api.Retrieve({ entityName: 'account', queryParams: "?$select=name&$filter=startswith(name,'XRM Rollback')" })) as { value: unknown[] };
    expect(left.value).toEqual([]);
  });

  it('reports an ETag conflict (412) on a stale If-Match', async () => {
    const api = as('salesperson');
    const id = /\(([0-9a-f-]{36})\)/.exec((await api.Create({ entityName: 'account', entity: { name: 'XRM Etag' } })) as string)![1];
    const read = (await api.Retrieve({ entityName: 'account', entityId: id, queryParams: '?$select=name' })) as { '@odata.etag': string };
    await api.Update({ entityName: 'account', entityId: id, entity: { name: 'XRM Etag changed' } });
    const e = await failure(api.Update({ entityName: 'account', entityId: id, entity: { name: 'XRM Etag mine' }, headers: [{ key: 'If-Match', value: read['@odata.etag'] }] }));
    expect(e.message).toContain("The version of the existing record doesn't match the RowVersion property provided.");
  });

  it('reports 429 from the service protection limits; a retry after Retry-After succeeds', async () => {
    const user = dv.addUser({ key: 'xrmthrottled', roles: ['Salesperson'] });
    const api = as(user.key);
    const before = dv.limits.limits;
    dv.limits.configure({ requestsPerWindow: 2, windowSeconds: 1 });
    try {
      await api.Retrieve({ entityName: 'account', queryParams: '?$top=1' });
      await api.Retrieve({ entityName: 'account', queryParams: '?$top=1' });
      const e = await failure(api.Retrieve({ entityName: 'account', queryParams: '?$top=1' }));
      expect(e.message).toContain('Number of requests exceeded the limit of 2 over time window of 1 seconds.');
      await new Promise((r) => setTimeout(r, 1100));
      expect(((await api.Retrieve({ entityName: 'account', queryParams: '?$top=1' })) as { value: unknown[] }).value).toHaveLength(1);
    } finally {
      dv.limits.configure(before);
    }
  });
});
