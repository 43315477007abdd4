/**
 * The service around the flows: `register` creates and updates the webhook endpoint and steps idempotently on the
 * Dataverse stand-in, which then calls the connector when a request is queued (401 without the key); automatic
 * pick-up of Submitted orders (switch on erp_connection) with the command bar's idempotency key; heartbeat on
 * erp_connection and /healthz; structured logs without secrets.
 */
import { orderSubmissionKey } from '../../domain/idempotency';
import { RequestStatus, SubmissionStatus, Tables } from '../../domain/schema';
import { ENDPOINT_NAME, STEPS, WEBHOOK_HEADER } from '../../connector/register';
import { useStandins, api, createOrder, drain, readSnapshot, request, startTestConnector, submitOrder, WEBHOOK_KEY, type Standins } from './harness';

jest.setTimeout(60_000);

let h!: Standins;
useStandins((s) => (h = s));

describe('register and webhook', () => {
  it('register creates the endpoint and its steps, a second run updates them; the key is never readable back', async () => {
    const c = await startTestConnector(h);
    try {
      // As a new Sales organization: the order and quote post configurations exist but are off.
      for (const w of await api(h).list(`msdyn_postconfigs?$filter=msdyn_entityname eq 'salesorder' or msdyn_entityname eq 'quote'`))
        await api(h).patch('msdyn_postconfigs', w.msdyn_postconfigid, { statecode: 1, statuscode: 2, msdyn_configurewall: false });
      const first = await c.register(c.url as string);
      expect(first.endpoint).toBe('created');
      expect(first.steps.map((s) => s.action)).toEqual(STEPS.map(() => 'created'));
      const second = await c.register(c.url as string);
      expect(second.endpoint).toBe('updated');
      expect(second.endpointId).toBe(first.endpointId);
      expect(second.steps.map((s) => s.action)).toEqual(STEPS.map(() => 'updated'));
      // The order wall is enabled once, as Business Central does, so ERP events show on the order timeline.
      expect(first.orderWall).toBe('enabled');
      expect(second.orderWall).toBe('already enabled');
      expect(first.walls.map((w) => `${w.table} ${w.state}`)).toEqual(['salesorder enabled', 'quote enabled']);
      expect(second.walls.map((w) => w.state)).toEqual(['already enabled', 'already enabled']);
      const walls = await api(h).list(`msdyn_postconfigs?$filter=msdyn_entityname eq 'salesorder'`);
      expect(walls).toHaveLength(1);
      expect(walls[0]).toMatchObject({ msdyn_configurewall: true, statecode: 0 });
      const endpoints = await api(h).list(`serviceendpoints?$filter=name eq '${ENDPOINT_NAME}'`);
      expect(endpoints).toHaveLength(1);
      expect(endpoints[0]).toMatchObject({ contract: 8, authtype: 5, url: `${c.url}/webhook/dataverse` });
      expect(JSON.stringify(endpoints[0])).not.toContain(WEBHOOK_KEY);
      const steps = await api(h).list(`sdkmessageprocessingsteps?$filter=startswith(name,'ERP Link: ')&$select=name,stage,mode,filteringattributes,_eventhandler_value`);
      expect(steps).toHaveLength(STEPS.length);
      expect(steps.every((s) => s.stage === 40 && s.mode === 1 && s._eventhandler_value === first.endpointId)).toBe(true);
      // An obsolete step of ours is removed on the next run.
      const createMsg = (await api(h).list(`sdkmessages?$filter=name eq 'Create'&$select=sdkmessageid`))[0].sdkmessageid;
      await api(h).create('sdkmessageprocessingsteps', { name: 'ERP Link: Create of account', 'sdkmessageid@odata.bind': `/sdkmessages(${createMsg})`, 'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${first.endpointId})`, stage: 40, mode: 1, rank: 1, supporteddeployment: 0 });
      expect((await c.register(c.url as string)).removed).toEqual(['ERP Link: Create of account']);
    } finally {
      await c.close();
    }
  });

  it('Dataverse calls the webhook when a request is queued; the connector processes it without polling', async () => {
    const c = await startTestConnector(h, { POLL_INTERVAL_SECONDS: '3600' }, { schedules: false });
    try {
      await c.register(c.url as string);
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 2 }] });
      const r = await submitOrder(h, id);
      const end = Date.now() + 10_000;
      while ((await request(h, r)).erp_status !== RequestStatus.succeeded) {
        if (Date.now() > end) throw new Error('the webhook did not lead to processing');
        await new Promise((res) => setTimeout(res, 100));
      }
      expect(c.worker.stats.polls).toBeGreaterThanOrEqual(1);
      const deliveries = h.dv.webhooks.deliveries.filter((d) => d.table === 'erp_integrationrequest');
      expect(deliveries.some((d) => d.status === 202)).toBe(true);
    } finally {
      await c.close();
    }
  });

  it('the webhook refuses calls without the key (401) and accepts ?code= or the header', async () => {
    const c = await startTestConnector(h);
    try {
      const url = `${c.url}/webhook/dataverse`;
      expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(401);
      expect((await fetch(url, { method: 'POST', headers: { [WEBHOOK_HEADER]: 'wrong-key-wrong-key-wrong' }, body: '{}' })).status).toBe(401);
      expect((await fetch(`${url}?code=${WEBHOOK_KEY}`, { method: 'POST', body: '{}' })).status).toBe(202);
      expect((await fetch(url, { method: 'POST', headers: { [WEBHOOK_HEADER]: WEBHOOK_KEY }, body: '{"PrimaryEntityName":"erp_integrationrequest"}' })).status).toBe(202);
      expect((await fetch(`${c.url}/nowhere`)).status).toBe(404);
      expect(c.log.lines.some((l) => l.msg === 'webhook call refused: missing or wrong key')).toBe(true);
      expect(JSON.stringify(c.log.lines)).not.toContain(WEBHOOK_KEY);
    } finally {
      await c.close();
    }
  });
});

describe('automatic pick-up', () => {
  it('Submitted orders not picked up get one request with the command bar’s key, only when the switch is on', async () => {
    const c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
    const conn = h.dv.seedInfo!.connectionId!;
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0001', quantity: 3 }] });
      await api(h).patch('salesorders', id, { statecode: 1, statuscode: 3 });
      const off = await c.pickUp();
      expect(off.orders.queued).toBe(0);
      await api(h).patch(Tables.connection.entitySet, conn, { erp_autocreateorders: true });
      const on = await c.pickUp();
      expect(on.orders.queued).toBeGreaterThanOrEqual(1);
      const key = orderSubmissionKey(await readSnapshot(h, id));
      const rows = await api(h).list(`${Tables.integrationRequest.entitySet}?$filter=erp_idempotencykey eq '${key}'`);
      expect(rows).toHaveLength(1);
      expect((await api(h).get(`salesorders(${id})?$select=erp_submissionstatus`)).erp_submissionstatus).toBe(SubmissionStatus.queued);
      // Running again queues nothing more; the order is processed once.
      expect((await c.pickUp()).orders.queued).toBe(0);
      await drain(h, c, [rows[0].erp_integrationrequestid]);
      expect((await api(h).get(`salesorders(${id})?$select=erp_erpordernumber`)).erp_erpordernumber).toMatch(/^S-ORD/);
      expect((await c.pickUp()).orders.queued).toBe(0);
      // An order queued by the command bar is not queued twice.
      const other = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      const mine = await submitOrder(h, other);
      await c.pickUp();
      expect(await api(h).list(`${Tables.integrationRequest.entitySet}?$filter=erp_targetid eq '${other}'`)).toHaveLength(1);
      await drain(h, c, [mine]);
    } finally {
      await api(h).patch(Tables.connection.entitySet, conn, { erp_autocreateorders: false });
      await c.close();
    }
  });
});

describe('automatic quote processing', () => {
  it('activated quotes not yet in the ERP are queued once when the switch is on, then processed', async () => {
    const c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
    const conn = h.dv.seedInfo!.connectionId!;
    try {
      expect((await c.pickUp()).quotes.queued).toBe(0);
      await api(h).patch(Tables.connection.entitySet, conn, { erp_autoprocessquotes: true });
      const first = await c.pickUp();
      expect(first.quotes.queued).toBeGreaterThanOrEqual(1);
      const quoteId = h.dv.seedInfo!.quotes.active;
      const [row] = await api(h).list(`${Tables.integrationRequest.entitySet}?$filter=erp_targetid eq '${quoteId}'`);
      await drain(h, c, [row.erp_integrationrequestid]);
      expect((await api(h).get(`quotes(${quoteId})?$select=erp_erpquotenumber`)).erp_erpquotenumber).toMatch(/^S-QUO/);
      expect((await c.pickUp()).quotes.queued).toBe(0);
      expect(await api(h).list(`${Tables.integrationRequest.entitySet}?$filter=erp_targetid eq '${quoteId}'`)).toHaveLength(1);
    } finally {
      await api(h).patch(Tables.connection.entitySet, conn, { erp_autoprocessquotes: false });
      await c.close();
    }
  });
});

describe('health', () => {
  it('heartbeat on erp_connection, /healthz 200 when healthy and 503 when Dataverse fails', async () => {
    const c = await startTestConnector(h, { HEARTBEAT_INTERVAL_SECONDS: '60' });
    try {
      await c.heartbeat();
      const conn = await api(h).get(`${Tables.connection.entitySet}(${h.dv.seedInfo!.connectionId})?$select=erp_lastheartbeat,erp_connectorversion`);
      expect(Date.now() - Date.parse(conn.erp_lastheartbeat)).toBeLessThan(60_000);
      expect(conn.erp_connectorversion).toMatch(/^\d+\.\d+\.\d+ \(/);
      const ok = await fetch(`${c.healthUrl}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ status: 'ok', lastHeartbeatError: null, dependencies: { dataverse: 'ok', businessCentral: 'ok' } });
      h.dv.faults.add({ method: 'PATCH', path: Tables.connection.entitySet, status: 503, retryAfterSeconds: 0, times: 5 });
      await c.heartbeat();
      const bad = await fetch(`${c.healthUrl}/healthz`);
      expect(bad.status).toBe(503);
      expect((await bad.json()).lastHeartbeatError).toMatch(/503|unavailable/i);
      // The public listener says which dependency fails, never why (error texts name hosts, users, tables).
      const pub = await fetch(`${c.url}/healthz`);
      expect(pub.status).toBe(503);
      expect(await pub.json()).toEqual({ status: 'failing', dependencies: { dataverse: 'failing', businessCentral: 'ok' } });
      const errorLine = c.log.lines.find((l) => l.msg === 'heartbeat failed');
      expect(errorLine).toMatchObject({ level: 'error', error: expect.stringMatching(/503|unavailable/i) });
    } finally {
      h.dv.faults.clear();
      await c.close();
    }
  });
});
