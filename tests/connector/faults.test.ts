/**
 * Faults: ERP errors, 429s (short Retry-After waited in place, long one scheduled), timeouts (the ERP creates the
 * order after the connector gave up), Dataverse failing at the write-back, a crash between the ERP create and the
 * write-back, and a real connector process killed mid-submission: no lost request, no duplicate ERP order, no
 * duplicate post.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { RequestStatus, SubmissionStatus } from '../../domain/schema';
import { SalesOrderState } from '../../domain/dataverseCodes';
import { SimulatedCrash } from '../../connector/services';
import { useStandins, api, bcApi, connectorEnv, createOrder, drain, request, startTestConnector, submitOrder, type Standins, type Json } from './harness';

jest.setTimeout(90_000);

let h!: Standins;
useStandins((s) => (h = s));
afterEach(() => {
  h.bc.faults.remove();
  h.dv.faults.clear();
});

async function erpOrdersFor(orderId: string): Promise<Json[]> {
  const o = await api(h).get(`salesorders(${orderId})?$select=ordernumber`);
  return bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${o.ordernumber}'`);
}
async function postsOn(id: string): Promise<string[]> {
  return (await api(h).list(`posts?$filter=_regardingobjectid_value eq ${id}&$select=text`)).map((p) => p.text as string);
}
const bcFault = (rule: Record<string, unknown>): void => void h.bc.faults.add(rule as never);

describe('ERP errors and throttling', () => {
  it('a 503 from the ERP on create: retried with backoff, then succeeds once', async () => {
    const c = await startTestConnector(h);
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      const r = await submitOrder(h, id);
      bcFault({ method: 'POST', route: '/salesOrders', status: 503, retryAfterSeconds: 1, times: 1 });
      await c.processQueue();
      const mid = await request(h, r);
      expect(mid.erp_status).toBe(RequestStatus.retrying);
      expect(Date.parse(mid.erp_nextattemptat)).toBeGreaterThan(Date.now() - 2000);
      expect(mid.erp_lasterror).toMatch(/Business Central could not process the request .*503/);
      expect(mid.erp_log).toMatch(/will retry at/);
      expect((await api(h).get(`salesorders(${id})?$select=erp_submissionstatus`)).erp_submissionstatus).toBe(SubmissionStatus.queued);
      await drain(h, c, [r]);
      const done = await request(h, r);
      expect(done.erp_status).toBe(RequestStatus.succeeded);
      expect(done.erp_attempts).toBe(2);
      expect(await erpOrdersFor(id)).toHaveLength(1);
      expect(await postsOn(id)).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('a 429 with a short Retry-After is waited out in place; a long one schedules the next attempt at that time', async () => {
    const c = await startTestConnector(h);
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      const r = await submitOrder(h, id);
      bcFault({ method: 'POST', route: '/salesOrders', status: 429, retryAfterSeconds: 1, times: 1 });
      const t0 = Date.now();
      await c.processQueue();
      expect((await request(h, r)).erp_status).toBe(RequestStatus.succeeded);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
      expect(c.services.bc.http.stats.throttled).toBe(1);

      const id2 = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      const r2 = await submitOrder(h, id2);
      bcFault({ method: 'POST', route: '/salesOrders', status: 429, retryAfterSeconds: 40, times: 1 });
      const before = Date.now();
      await c.processQueue();
      const row = await request(h, r2);
      expect(row.erp_status).toBe(RequestStatus.retrying);
      expect(Date.parse(row.erp_nextattemptat) - before).toBeGreaterThanOrEqual(3_000); // capped by RETRY_MAX_SECONDS=4 in tests
      expect(row.erp_lasterror).toMatch(/429/);
      expect(await erpOrdersFor(id2)).toHaveLength(0);
    } finally {
      await c.close();
    }
  });

  it('the ERP refuses the document: failed at once with its message, the order stays submitted for a retry', async () => {
    const c = await startTestConnector(h);
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      const r = await submitOrder(h, id);
      bcFault({ method: 'POST', route: '/salesOrders', status: 400, times: 1 });
      await c.processQueue();
      const row = await request(h, r);
      expect(row.erp_status).toBe(RequestStatus.failed);
      expect(row.erp_lasterror).toMatch(/The ERP refused the document/);
      expect(row.erp_fixhint).toMatch(/Retry submission/);
      const o = await api(h).get(`salesorders(${id})?$select=statecode,erp_submissionstatus,erp_lastsubmissionerror`);
      expect(o.statecode).toBe(SalesOrderState.submitted);
      expect(o.erp_submissionstatus).toBe(SubmissionStatus.failed);
      expect(o.erp_lastsubmissionerror).toMatch(/refused/);
      expect(await erpOrdersFor(id)).toHaveLength(0);
    } finally {
      await c.close();
    }
  });

  it('a timeout: the slow ERP call is abandoned, retried with backoff, and the order exists once', async () => {
    // The create is in doubt after the timeout (domain/inDoubt.ts): it is looked up every second here.
    const c = await startTestConnector(h, { HTTP_TIMEOUT_SECONDS: '1', IN_DOUBT_LOOKUP_SECONDS: '1' });
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0003', quantity: 2 }] });
      const r = await submitOrder(h, id);
      await c.services.ref.ensureFresh();
      bcFault({ id: 'slow', method: 'POST', route: '/salesOrders', latencyMs: 2500 });
      await c.processQueue();
      h.bc.faults.remove('slow');
      const mid = await request(h, r);
      expect(mid.erp_status).toBe(RequestStatus.retrying);
      expect(mid.erp_lasterror).toMatch(/did not answer .*no answer within 1 s/);
      expect(c.services.bc.http.stats.timeouts).toBe(1);
      await new Promise((res) => setTimeout(res, 2000));
      await drain(h, c, [r]);
      expect((await request(h, r)).erp_status).toBe(RequestStatus.succeeded);
      expect(await erpOrdersFor(id)).toHaveLength(1);
      expect(await postsOn(id)).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('the ERP created the order but its answer was lost: the retry finds it by its number, no second order', async () => {
    let lost = 0;
    // Only this test's order loses its answer: a request left over by an earlier test may be posted first.
    let orderNumber = '\u0000';
    const fetchImpl: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (lost === 0 && init?.method === 'POST' && /\/salesOrders$/.test(String(input)) && String(init.body ?? '').toUpperCase().includes(orderNumber.toUpperCase())) {
        lost += 1;
        await res.text();
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      }
      return res;
    };
    const c = await startTestConnector(h, { IN_DOUBT_LOOKUP_SECONDS: '1' }, { fetchImpl });
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0003', quantity: 5 }] });
      orderNumber = String((await api(h).get(`salesorders(${id})?$select=ordernumber`)).ordernumber);
      const r = await submitOrder(h, id);
      await c.processQueue();
      expect(lost).toBe(1);
      // The row's move to Retrying wakes the connector through its own webhook, so on a loaded machine the retry may
      // already have run here: judge the outcome from the row's attempt log, not from a moment in between.
      const mid = await request(h, r);
      expect([RequestStatus.retrying, RequestStatus.succeeded]).toContain(mid.erp_status);
      expect(await erpOrdersFor(id)).toHaveLength(1);
      await drain(h, c, [r]);
      const done = await request(h, r);
      expect(done.erp_status).toBe(RequestStatus.succeeded);
      expect(done.erp_attempts).toBeGreaterThanOrEqual(2);
      expect(done.erp_log).toMatch(/ECONNRESET/);
      expect(done.erp_log).toMatch(/found ERP order .* not creating another/);
      expect(await erpOrdersFor(id)).toHaveLength(1);
      expect(await postsOn(id)).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('retries stop after MAX_ATTEMPTS with a message that says so; the order keeps its place for Retry submission', async () => {
    const c = await startTestConnector(h, { MAX_ATTEMPTS: '2', RETRY_BASE_SECONDS: '0' });
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      const r = await submitOrder(h, id);
      await c.services.ref.ensureFresh();
      bcFault({ method: 'POST', route: '/salesOrders', status: 503, times: 10 });
      await drain(h, c, [r]);
      const row = await request(h, r);
      expect(row.erp_status).toBe(RequestStatus.failed);
      expect(row.erp_attempts).toBe(2);
      expect(row.erp_lasterror).toMatch(/after 2 attempts/);
      expect((await api(h).get(`salesorders(${id})?$select=statecode,erp_submissionstatus`)).statecode).toBe(SalesOrderState.submitted);
    } finally {
      await c.close();
    }
  });
});

describe('Dataverse failing, crashes and restarts', () => {
  it('Dataverse unavailable while claiming: nothing is counted, the row is processed on the next poll', async () => {
    const c = await startTestConnector(h);
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      const r = await submitOrder(h, id);
      h.dv.faults.add({ path: '$batch', status: 503, retryAfterSeconds: 0, times: 3 });
      const row = (await api(h).list(`erp_integrationrequests?$filter=erp_integrationrequestid eq ${r}`))[0];
      expect(await c.worker.processRow(row)).toBe('unclaimed');
      expect((await request(h, r)).erp_status).toBe(RequestStatus.pending);
      await drain(h, c, [r]);
      expect((await request(h, r)).erp_attempts).toBe(1);
      expect(await erpOrdersFor(id)).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('Dataverse fails at the write-back after the ERP create: the lease expires, the next attempt finds the order', async () => {
    const c = await startTestConnector(h, { LEASE_SECONDS: '5' }, {
      hooks: {
        afterErpCreate: () => {
          h.dv.faults.add({ path: '$batch', status: 503, retryAfterSeconds: 0, times: 2 });
        },
      },
    });
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 7 }] });
      const r = await submitOrder(h, id);
      await c.processQueue();
      expect((await request(h, r)).erp_status).toBe(RequestStatus.processing);
      expect(await erpOrdersFor(id)).toHaveLength(1);
      c.services.hooks.afterErpCreate = undefined;
      await new Promise((res) => setTimeout(res, 5500));
      await drain(h, c, [r]);
      const row = await request(h, r);
      expect(row.erp_status).toBe(RequestStatus.succeeded);
      expect(row.erp_log).toMatch(/found ERP order/);
      expect(await erpOrdersFor(id)).toHaveLength(1);
      expect(await postsOn(id)).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('a crash between the ERP create and the write-back, then a restart: one ERP order, one post, request done', async () => {
    const first = await startTestConnector(h, { LEASE_SECONDS: '5' }, { hooks: { afterErpCreate: () => Promise.reject(new SimulatedCrash()) } });
    const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0004', quantity: 3 }] });
    const r = await submitOrder(h, id);
    await first.processQueue();
    await first.close();
    expect((await request(h, r)).erp_status).toBe(RequestStatus.processing);
    expect(await erpOrdersFor(id)).toHaveLength(1);
    expect(await postsOn(id)).toHaveLength(0);
    await new Promise((res) => setTimeout(res, 5500));
    const second = await startTestConnector(h, { LEASE_SECONDS: '5' });
    try {
      await drain(h, second, [r]);
    } finally {
      await second.close();
    }
    const row = await request(h, r);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
    expect(row.erp_attempts).toBe(2);
    expect(await erpOrdersFor(id)).toHaveLength(1);
    expect(await postsOn(id)).toHaveLength(1);
  });

  it('a connector process killed (SIGKILL) in the middle of a submission: restarted, nothing lost or doubled', async () => {
    const ids: string[] = [];
    const reqs: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(await createOrder(h, { name: `Kill ${i}`, lines: [{ productNumber: 'SAF-0001', quantity: 1 + i }] }));
      reqs.push(await submitOrder(h, ids[i]));
    }
    // Slow ERP creates and slow Dataverse batches, so the kill lands between an ERP create and its write-back.
    bcFault({ method: 'POST', route: '/salesOrders', latencyMs: 400 });
    h.dv.faults.add({ method: 'POST', path: '$batch', latencyMs: 3000 });
    // A create here lands within the fault's 400 ms, so CREATE_MAX_SECONDS 2 bounds the in-doubt window (lease + 2 s)
    // of a request killed after its attempt mark and before its POST: with the 10-minute default it waits that long,
    // as it must on a real tenant (seen once on a loaded machine: one request still Retrying when the test gave up).
    const inDoubt = { CREATE_MAX_SECONDS: '2', IN_DOUBT_LOOKUP_SECONDS: '1' };
    const env = { ...process.env, ...connectorEnv(h, { LEASE_SECONDS: '5', POLL_INTERVAL_SECONDS: '1', WORKER_CONCURRENCY: '2', LOG_LEVEL: 'error', ...inDoubt }), DOTENV_PATH: '/nonexistent/.env' };
    const posts = (): number => Object.entries(h.bc.requestLog.routes).filter(([k]) => k.startsWith('POST ') && k.endsWith('/salesOrders')).reduce((n, [, v]) => n + v.count, 0);
    const baseline = posts();
    // One process (tsx as a loader, not its CLI, which runs the program in a child a SIGKILL would leave running).
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../connector/main.ts')], { env, stdio: 'ignore', cwd: path.join(__dirname, '../..') });
    try {
      const deadline = Date.now() + 30_000;
      while (posts() <= baseline) {
        if (Date.now() > deadline) throw new Error('the connector process never created an order');
        await new Promise((res) => setTimeout(res, 50));
      }
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((res) => child.once('exit', res));
    // The kill landed mid-way: some orders exist in the ERP, some requests were claimed and never finished.
    const atKill = await Promise.all(reqs.map(async (r) => (await request(h, r)).erp_status as number));
    expect(atKill.some((st) => st !== RequestStatus.succeeded)).toBe(true);
    expect(atKill.some((st) => st === RequestStatus.processing)).toBe(true);
    h.bc.faults.remove();
    h.dv.faults.clear();
    await new Promise((res) => setTimeout(res, 5500));
    const c = await startTestConnector(h, { LEASE_SECONDS: '5', ...inDoubt });
    try {
      await drain(h, c, reqs, 30_000);
    } finally {
      await c.close();
    }
    for (let i = 0; i < ids.length; i++) {
      expect((await request(h, reqs[i])).erp_status).toBe(RequestStatus.succeeded);
      expect(await erpOrdersFor(ids[i])).toHaveLength(1);
      expect(await postsOn(ids[i])).toHaveLength(1);
    }
  });
});
