/**
 * At most one live submission per order, enforced by Dataverse (erp_livekey and its alternate key), not by timing
 * (issue 15, path 2). Before: `mustWait` compared claim times to the second, so two requests for one order claimed
 * in the same second both went on and each created an ERP order (10 orders → 10 duplicates).
 */
import { RequestKind, RequestStatus, SubmissionStatus, Tables, IntegrationRequestColumns as C } from '../../domain/schema';
import { liveKeyFor } from '../../domain/liveRequest';
import { useStandins, api, bcApi, createOrder, drain, request, startTestConnector, type Standins, type Json } from './harness';

jest.setTimeout(90_000);

let h!: Standins;
useStandins((s) => (h = s));

/** A request as a browser tab creates it, with a chosen id (Dataverse accepts the primary id on create). */
async function createRequest(orderId: string, requestId: string, key: string): Promise<string> {
  await api(h).create(Tables.integrationRequest.entitySet, {
    [Tables.integrationRequest.primaryId]: requestId,
    [C.name]: `Submit ${key}`,
    [C.kind]: RequestKind.submitOrder,
    [C.status]: RequestStatus.pending,
    [C.targetTable]: 'salesorder',
    [C.targetId]: orderId,
    [C.idempotencyKey]: key,
  });
  return requestId;
}

async function erpOrdersFor(orderId: string): Promise<Json[]> {
  const o = await api(h).get(`salesorders(${orderId})?$select=ordernumber`);
  return bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${o.ordernumber}'`);
}

describe('one live submission per order', () => {
  it('two requests for one order with different keys, claimed in the same second by two processes: one ERP order each', async () => {
    // Both processes on one clock: every claim is "in the same second". The second request has the smaller id (ties
    // went to it) and is claimed while the first one's ERP create is still running, so its lookup finds nothing.
    const fixed = new Date(Math.floor(Date.now() / 1000) * 1000 + 1);
    const a = await startTestConnector(h, { CONNECTOR_INSTANCE_ID: 'a' }, { now: () => fixed });
    const b = await startTestConnector(h, { CONNECTOR_INSTANCE_ID: 'b' }, { now: () => fixed });
    h.bc.faults.add({ id: 'slow-create', method: 'POST', route: '/salesOrders', latencyMs: 800 } as never);
    try {
      const orders: string[] = [];
      const requests: string[] = [];
      for (let i = 0; i < 10; i++) {
        const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
        orders.push(id);
        await api(h).patch('salesorders', id, { statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.queued });
        const n = String(i).padStart(12, '0');
        const first = await createRequest(id, `ffffffff-0000-4000-8000-${n}`, `tab1-${id}`);
        const running = a.processQueue();
        while ((await request(h, first)).erp_status !== RequestStatus.processing) await new Promise((r) => setTimeout(r, 20));
        // A colleague saved the order while the first tab's confirmation was open: the second tab's key differs.
        const second = await createRequest(id, `00000000-0000-4000-8000-${n}`, `tab2-${id}`);
        await b.processQueue();
        await running;
        requests.push(first, second);
      }
      h.bc.faults.remove('slow-create');
      await drain(h, a, requests);
      for (const id of orders) expect(await erpOrdersFor(id)).toHaveLength(1);
      const rows = await Promise.all(requests.map((r) => request(h, r)));
      for (let i = 0; i < orders.length; i++) {
        expect(rows[2 * i].erp_status).toBe(RequestStatus.succeeded);
        // The second was refused its claim while the first was live: Cancelled, naming the request to follow.
        expect(rows[2 * i + 1].erp_status).toBe(RequestStatus.cancelled);
        expect(rows[2 * i + 1].erp_lasterror).toContain(requests[2 * i]);
      }
      // Ended requests release the key: none is left holding one.
      expect(rows.every((r) => r[C.liveKey] === null || r[C.liveKey] === undefined)).toBe(true);
      const posts = await api(h).list(`posts?$select=_regardingobjectid_value&$filter=${orders.map((o) => `_regardingobjectid_value eq ${o}`).join(' or ')}`);
      expect(posts).toHaveLength(orders.length);
    } finally {
      h.bc.faults.remove('slow-create');
      await a.close();
      await b.close();
    }
  });

  it('Dataverse refuses a second live request for the same order and kind, whatever its key, and accepts it once the first ended', async () => {
    const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
    const live = liveKeyFor(RequestKind.submitOrder, id)!;
    expect(live).not.toMatch(/[/<>*%&:\\?]/);
    const body = (key: string) => ({ [C.name]: 'x', [C.kind]: RequestKind.submitOrder, [C.status]: RequestStatus.pending, [C.targetTable]: 'salesorder', [C.targetId]: id, [C.idempotencyKey]: key, [C.liveKey]: live });
    const first = await api(h).create(Tables.integrationRequest.entitySet, body(`k1-${id}`));
    const res = await fetch(`${h.dv.apiUrl}${Tables.integrationRequest.entitySet}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${h.dv.tokens.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body(`k2-${id}`)),
    });
    expect(res.status).toBe(412);
    await api(h).patch(Tables.integrationRequest.entitySet, first, { [C.status]: RequestStatus.succeeded, [C.liveKey]: null });
    expect(await api(h).create(Tables.integrationRequest.entitySet, body(`k3-${id}`))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
