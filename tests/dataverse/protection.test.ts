/**
 * Service protection limits (requests per window, concurrency → 429 + Retry-After with Dataverse's codes), fault
 * injection per route (latency, error rate, 429/503, dropped connections) by option or /_admin, and the request log.
 */
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, start } from './support';

let dv: DataverseStandIn;
beforeAll(async () => {
  dv = await start({ seed: false, faults: [{ path: 'teams', status: 503, retryAfterSeconds: 7 }] });
});
afterAll(() => dv.close());
afterEach(() => {
  dv.faults.clear();
  dv.limits.reset();
});

const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${dv.baseUrl}/_admin/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

describe('service protection limits', () => {
  it('counts requests per user in a sliding window: 429, code 0x80072322, Retry-After; other users are not affected', async () => {
    const u = dv.addUser({ key: 'busy', roles: ['Salesperson'] });
    const before = dv.limits.limits;
    dv.limits.configure({ requestsPerWindow: 5, windowSeconds: 60 });
    try {
      const c = client(dv, u.key);
      for (let i = 0; i < 5; i++) expect((await c.get('WhoAmI')).status).toBe(200);
      const r = await c.get('WhoAmI');
      expect(r.status).toBe(429);
      expect(r.json.error).toEqual({ code: '0x80072322', message: 'Number of requests exceeded the limit of 5 over time window of 60 seconds.' });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(55);
      expect((await client(dv, 'admin').get('WhoAmI')).status).toBe(200);
    } finally {
      dv.limits.configure(before);
    }
  });

  it('limits concurrent requests per user: 429 with code 0x80072326', async () => {
    const u = dv.addUser({ key: 'parallel', roles: ['Salesperson'] });
    const before = dv.limits.limits;
    dv.limits.configure({ concurrentRequests: 2, concurrencyRetryAfterSeconds: 2 });
    dv.faults.add({ path: 'WhoAmI', latencyMs: 300, user: u.key });
    try {
      const c = client(dv, u.key);
      const replies = await Promise.all([c.get('WhoAmI'), c.get('WhoAmI'), c.get('WhoAmI'), c.get('WhoAmI')]);
      const statuses = replies.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 429, 429]);
      const throttled = replies.find((r) => r.status === 429)!;
      expect(throttled.json.error).toEqual({ code: '0x80072326', message: 'Number of concurrent requests exceeded the limit of 2.' });
      expect(throttled.headers.get('retry-after')).toBe('2');
      expect((await c.get('WhoAmI')).status).toBe(200);
    } finally {
      dv.limits.configure(before);
    }
  });

  it('counts a $batch as one request, as Dataverse does', async () => {
    const u = dv.addUser({ key: 'batcher', roles: ['Salesperson'] });
    const before = dv.limits.limits;
    dv.limits.configure({ requestsPerWindow: 1, windowSeconds: 60 });
    try {
      const body = ['--b', 'Content-Type: application/http', '', 'GET WhoAmI HTTP/1.1', '', '--b', 'Content-Type: application/http', '', 'GET WhoAmI HTTP/1.1', '', '--b--', ''].join('\r\n');
      const r = await client(dv, u.key).post('$batch', body, { 'Content-Type': 'multipart/mixed; boundary=b' });
      expect(r.status).toBe(200);
      expect(r.text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    } finally {
      dv.limits.configure(before);
    }
  });

  it('can be changed and read through /_admin/limits', async () => {
    const r = await admin('PUT', 'limits', { concurrentRequests: 10 });
    expect((await r.json()).concurrentRequests).toBe(10);
    await admin('PUT', 'limits', { concurrentRequests: 52 });
    expect((await (await admin('GET', 'limits')).json()).requestsPerWindow).toBe(6000);
  });
});

describe('fault injection', () => {
  it('applies a rule given in the options (503 + Retry-After on teams)', async () => {
    const fresh = await start({ seed: false, faults: [{ path: 'teams', status: 503, retryAfterSeconds: 7 }] });
    try {
      const r = await client(fresh).get('teams');
      expect(r.status).toBe(503);
      expect(r.headers.get('retry-after')).toBe('7');
      expect(r.json.error.message).toContain('temporarily unavailable');
      expect((await client(fresh).get('accounts')).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('injects a 429 a given number of times, then lets requests through', async () => {
    dv.faults.add({ method: 'GET', path: 'accounts', status: 429, retryAfterSeconds: 3, times: 2 });
    const c = client(dv);
    const a = await c.get('accounts');
    const b = await c.get('accounts');
    expect([a.status, b.status]).toEqual([429, 429]);
    expect(a.headers.get('retry-after')).toBe('3');
    expect(a.json.error.code).toBe('0x80072322');
    expect((await c.get('accounts')).status).toBe(200);
  });

  it('adds latency to matching routes only', async () => {
    dv.faults.add({ path: /^contacts/, latencyMs: 250 });
    const c = client(dv);
    let t = Date.now();
    await c.get('contacts?$top=1');
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    t = Date.now();
    await c.get('accounts?$top=1');
    expect(Date.now() - t).toBeLessThan(200);
  });

  it('fails a share of requests with an error rate (deterministic seed)', async () => {
    dv.faults.add({ path: 'products', status: 500, rate: 0.5 });
    const c = client(dv);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await c.get('products?$top=1')).status);
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    expect(statuses.filter((s) => s !== 500).every((s) => s === 200)).toBe(true);
  });

  it('drops the connection without a response', async () => {
    dv.faults.add({ path: 'WhoAmI', drop: true, times: 1 });
    await expect(fetch(`${dv.apiUrl}WhoAmI`, { headers: { Authorization: `Bearer ${dv.tokens.admin}` } })).rejects.toThrow();
    expect((await client(dv).get('WhoAmI')).status).toBe(200);
  });

  it('is managed through /_admin/faults (add with a regex, list, remove)', async () => {
    const added = await (await admin('POST', 'faults', { pathRegex: '^uoms', status: 503 })).json();
    expect(added.id).toMatch(/^fault-\d+$/);
    expect((await client(dv).get('uoms')).status).toBe(503);
    const list = await (await admin('GET', 'faults')).json();
    expect(list.value.map((f: { id: string }) => f.id)).toContain(added.id);
    expect((await admin('DELETE', `faults/${added.id}`)).status).toBe(204);
    expect((await client(dv).get('uoms')).status).toBe(200);
    const bad = await admin('POST', 'faults', { status: 200 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('is not an HTTP error status');
  });
});

describe('request log', () => {
  it('counts requests per route with ids folded, readable in process and through /_admin/requests', async () => {
    dv.requestLog.reset();
    const c = client(dv);
    const id = (await c.get('accounts?$top=1')).json.value[0]?.accountid ?? (await c.post('accounts', { name: 'Logged' })).headers.get('odata-entityid')!.match(/\(([^)]+)\)/)![1];
    await c.get(`accounts(${id})`);
    await c.get(`accounts(${id})`);
    await c.get('WhoAmI');
    const counts = dv.requestLog.counts();
    expect(counts['GET accounts({id})']).toBe(2);
    expect(counts['GET WhoAmI']).toBe(1);
    expect(dv.requestLog.count(/^GET accounts/)).toBeGreaterThanOrEqual(3);
    const viaAdmin = await (await admin('GET', 'requests')).json();
    expect(viaAdmin.counts['GET accounts({id})']).toBe(2);
    expect(viaAdmin.entries.at(-1)).toMatchObject({ method: 'GET', route: 'GET WhoAmI', status: 200, user: 'admin' });
  });
});
