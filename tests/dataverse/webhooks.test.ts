/**
 * Webhooks registered through the Web API as `npm run connector -- register` does (serviceendpoint contract 8 +
 * sdkmessageprocessingsteps on sdkmessage/sdkmessagefilter rows): a RemoteExecutionContext POST with the configured
 * auth after create/update/delete, asynchronously, filtered by attributes, never for a rolled-back change set.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, idOf, start } from './support';

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown> & {
    MessageName: string;
    PrimaryEntityName: string;
    PrimaryEntityId: string;
    UserId: string;
    InitiatingUserId: string;
    Depth: number;
    Stage: number;
    InputParameters: Array<{ key: string; value: { Attributes?: Array<{ key: string; value: unknown }>; LogicalName: string; Id: string; __type: string } }>;
  };
}

let dv: DataverseStandIn;
let receiver: http.Server;
let receiverUrl: string;
let received: Received[] = [];
let answer = 200;
let delayMs = 0;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(data) });
      setTimeout(() => {
        res.writeHead(answer);
        res.end();
      }, delayMs);
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/dataverse`;
  dv = await start({ webhooks: { attempts: 3, backoffMs: 20, timeoutMs: 5000 } });
});
afterAll(async () => {
  await dv.close();
  await new Promise((r) => receiver.close(r));
});
beforeEach(() => {
  received = [];
  answer = 200;
  delayMs = 0;
});

const admin = () => client(dv, 'integration');

async function register(message: 'Create' | 'Update' | 'Delete', table: string, endpointId: string, filteringattributes: string | null = null): Promise<string> {
  const c = admin();
  const msg = (await c.get(`sdkmessages?$select=sdkmessageid&$filter=name eq '${message}'`)).json.value[0].sdkmessageid;
  const filter = (await c.get(`sdkmessagefilters?$select=sdkmessagefilterid&$filter=primaryobjecttypecode eq '${table}' and _sdkmessageid_value eq ${msg}`)).json.value[0].sdkmessagefilterid;
  const r = await c.post('sdkmessageprocessingsteps', {
    name: `Test: ${message} of ${table}`,
    'sdkmessageid@odata.bind': `/sdkmessages(${msg})`,
    'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filter})`,
    'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpointId})`,
    stage: 40,
    mode: 1,
    rank: 1,
    supporteddeployment: 0,
    asyncautodelete: true,
    filteringattributes,
  });
  expect(r.status).toBe(204);
  return idOf(r);
}

async function endpoint(authtype: number, authvalue: string, url = receiverUrl): Promise<string> {
  const r = await admin().post('serviceendpoints', { name: `Endpoint ${authtype} ${Math.random()}`, url, contract: 8, authtype, authvalue, messageformat: 2, userclaim: 1, connectionmode: 1 });
  expect(r.status).toBe(204);
  return idOf(r);
}

describe('webhook registration', () => {
  it('has the Create/Update/Delete message filters of every table, ours included', async () => {
    const c = admin();
    const filters = (await c.get("sdkmessagefilters?$select=primaryobjecttypecode&$filter=primaryobjecttypecode eq 'erp_integrationrequest'")).json.value;
    expect(filters).toHaveLength(3);
    const names = (await c.get('sdkmessages?$select=name')).json.value.map((m: { name: string }) => m.name);
    expect(names).toEqual(expect.arrayContaining(['Create', 'Update', 'Delete']));
  });

  it('never returns the endpoint’s secret (authvalue) on read', async () => {
    const id = await endpoint(5, '<settings><setting name="x-erp-link-key" value="s3cret" /></settings>');
    const r = await admin().get(`serviceendpoints(${id})?$select=name,authvalue,authtype`);
    expect(r.json.authvalue).toBeNull();
    expect(r.text).not.toContain('s3cret');
  });
});

describe('delivery', () => {
  let ep: string;
  const steps: string[] = [];
  beforeAll(async () => {
    ep = await endpoint(5, '<settings><setting name="x-erp-link-key" value="k&amp;ey-1" /></settings>');
    steps.push(await register('Create', 'erp_integrationrequest', ep));
    steps.push(await register('Update', 'salesorder', ep, 'statecode'));
    steps.push(await register('Delete', 'erp_integrationrequest', ep));
  });

  it('POSTs a RemoteExecutionContext with the HttpHeader auth after a create', async () => {
    const r = await client(dv, 'salesperson').post('erp_integrationrequests', { erp_name: 'Submit order', erp_kind: 719250000, erp_status: 719250000 });
    const id = idOf(r);
    await dv.webhooks.idle();
    expect(received).toHaveLength(1);
    const { headers, body, url } = received[0];
    expect(url).toBe('/webhook/dataverse');
    expect(headers['x-erp-link-key']).toBe('k&ey-1');
    expect(headers['x-ms-dynamics-entity-name']).toBe('erp_integrationrequest');
    expect(headers['x-ms-dynamics-request-name']).toBe('Create');
    expect(headers['x-ms-correlation-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toMatchObject({ MessageName: 'Create', PrimaryEntityName: 'erp_integrationrequest', PrimaryEntityId: id, UserId: dv.users.salesperson.id, InitiatingUserId: dv.users.salesperson.id, Depth: 1, Stage: 40, Mode: 1, SecondaryEntityName: 'none' });
    const target = body.InputParameters.find((p) => p.key === 'Target')!.value;
    expect(target).toMatchObject({ LogicalName: 'erp_integrationrequest', Id: id });
    const attrs = Object.fromEntries(target.Attributes!.map((a) => [a.key, a.value]));
    expect(attrs.erp_name).toBe('Submit order');
    expect(attrs.erp_kind).toEqual({ __type: 'OptionSetValue:http://schemas.microsoft.com/xrm/2011/Contracts', Value: 719250000 });
    expect(attrs.ownerid).toMatchObject({ Id: dv.users.salesperson.id, LogicalName: 'systemuser' });
    expect(String(attrs.createdon)).toMatch(/^\/Date\(\d+\)\/$/);
  });

  it('fires an Update step only when a filtering attribute changed, with the changed attributes as Target', async () => {
    const sp = client(dv, 'salesperson');
    const order = dv.seedInfo!.orders.ready;
    await sp.patch(`salesorders(${order})`, { description: 'not a state change' });
    await dv.webhooks.idle();
    expect(received).toHaveLength(0);
    await sp.patch(`salesorders(${order})`, { statecode: 1, statuscode: 3 });
    await dv.webhooks.idle();
    expect(received).toHaveLength(1);
    const attrs = Object.fromEntries(received[0].body.InputParameters[0].value.Attributes!.map((a) => [a.key, a.value]));
    expect(Object.keys(attrs).sort()).toEqual(['modifiedby', 'modifiedon', 'salesorderid', 'statecode', 'statuscode']);
    expect(attrs.statecode).toMatchObject({ Value: 1 });
  });

  it('sends Delete with an EntityReference target', async () => {
    const id = idOf(await admin().post('erp_integrationrequests', { erp_name: 'to delete' }));
    await dv.webhooks.idle();
    received = [];
    // The connector's account never deletes requests (ERP Integration Administrator has no Delete on them).
    expect((await client(dv, 'admin').del(`erp_integrationrequests(${id})`)).status).toBe(204);
    await dv.webhooks.idle();
    expect(received.map((r) => r.body.MessageName)).toEqual(['Delete']);
    expect(received[0].body.InputParameters[0].value).toMatchObject({ __type: 'EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts', Id: id, LogicalName: 'erp_integrationrequest' });
  });

  it('never blocks the original request, even when the receiver is slow', async () => {
    delayMs = 1500;
    const t = Date.now();
    const r = await admin().post('erp_integrationrequests', { erp_name: 'slow receiver' });
    expect(r.status).toBe(204);
    expect(Date.now() - t).toBeLessThan(700);
    await dv.webhooks.idle();
    expect(received).toHaveLength(1);
  });

  it('does not fire for a change set that was rolled back, nor for a disabled step', async () => {
    const body = [
      '--batch_1',
      'Content-Type: multipart/mixed; boundary=changeset_1',
      '',
      '--changeset_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'POST /api/data/v9.2/erp_integrationrequests HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"erp_name":"rolled back"}',
      '--changeset_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 2',
      '',
      'POST /api/data/v9.2/erp_integrationrequests HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"erp_name":"bad","erp_attempts":"three"}',
      '--changeset_1--',
      '--batch_1--',
      '',
    ].join('\r\n');
    const r = await admin().post('$batch', body, { 'Content-Type': 'multipart/mixed; boundary=batch_1' });
    expect(r.status).toBe(400);
    await dv.webhooks.idle();
    expect(received).toHaveLength(0);
    expect((await admin().get("erp_integrationrequests?$filter=erp_name eq 'rolled back'")).json.value).toEqual([]);

    await admin().patch(`sdkmessageprocessingsteps(${steps[0]})`, { statecode: 1, statuscode: 2 });
    await admin().post('erp_integrationrequests', { erp_name: 'step disabled' });
    await dv.webhooks.idle();
    expect(received).toHaveLength(0);
    await admin().patch(`sdkmessageprocessingsteps(${steps[0]})`, { statecode: 0, statuscode: 1 });
  });

  it('retries a failed delivery and logs every attempt', async () => {
    answer = 500;
    const id = idOf(await admin().post('erp_integrationrequests', { erp_name: 'receiver down' }));
    await dv.webhooks.idle();
    expect(received).toHaveLength(3);
    const attempts = dv.webhooks.deliveries.filter((d) => d.recordId === id);
    expect(attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
    ]);
  });

  it('passes a WebhookKey as ?code= and HttpQueryString pairs as query parameters', async () => {
    const keyed = await endpoint(4, 'abc-123');
    const queried = await endpoint(6, '<settings><setting name="tenant" value="demo" /></settings>');
    const s1 = await register('Create', 'erp_syncjob', keyed);
    const s2 = await register('Create', 'erp_syncjob', queried);
    await admin().post('erp_syncjobs', { erp_name: 'job' });
    await dv.webhooks.idle();
    const urls = received.map((r) => r.url).sort();
    expect(urls).toEqual(['/webhook/dataverse?code=abc-123', '/webhook/dataverse?tenant=demo']);
    await admin().del(`sdkmessageprocessingsteps(${s1})`);
    await admin().del(`sdkmessageprocessingsteps(${s2})`);
  });
});
