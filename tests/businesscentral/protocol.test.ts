import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as net from 'net';
import { Api, bcError, enc, startApi, Json } from './helpers';

describe('authentication', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ tokens: { 'token-sales': 'SALES', 'token-sync': 'SYNC' } });
  });
  afterAll(() => api.bc.close());

  it('accepts configured bearer tokens and answers 401 with BC error shape and WWW-Authenticate otherwise', async () => {
    expect(api.bc.token).toBe('token-sales');
    const ok = await fetch(`${api.bc.companyUrl}/items?$top=1`, { headers: { Authorization: 'Bearer token-sync' } });
    expect(ok.status).toBe(200);
    for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: 'Basic dXNlcjpwYXNz' }] as Array<Record<string, string>>) {
      const r = await fetch(`${api.bc.companyUrl}/items`, { headers });
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await r.json()).toEqual({ error: { code: 'Authentication_InvalidCredentials', message: 'The server has rejected the client credentials.' } });
    }
  });
});

describe('$batch (JSON, at most 100 operations)', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.bc.close());

  const batch = (requests: unknown[], headers: Record<string, string> = {}) => api.call('POST', `${api.bc.apiUrl}/$batch`, { requests }, headers);

  it('runs reads and writes, with relative and absolute URLs, dependsOn, and per-operation status/headers/body', async () => {
    const c = `companies(${api.bc.companyId})`;
    const r = await batch([
      { id: '1', method: 'GET', url: `${c}/customers?$top=2&$select=number` },
      { id: '2', method: 'POST', url: `/api/v2.0/${c}/salesOrders`, headers: { 'Content-Type': 'application/json' }, body: { customerNumber: 'C10010', externalDocumentNumber: 'BATCH-1' } },
      { id: '3', method: 'GET', url: `${api.bc.companyUrl}/salesOrders?$filter=${enc("externalDocumentNumber eq 'BATCH-1'")}`, dependsOn: ['2'] },
      { id: '4', method: 'GET', url: `${c}/nothing` },
      { id: '5', method: 'GET', url: `${c}/items?$top=1`, dependsOn: ['4'] },
    ]);
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.json.responses.map((x: Json) => [x.id, x]));
    expect(byId['1'].status).toBe(200);
    expect(byId['1'].body.value).toHaveLength(2);
    expect(byId['2'].status).toBe(201);
    expect(byId['2'].headers.Location).toContain('/salesOrders(');
    expect(byId['3'].body.value.map((o: Json) => o.id)).toEqual([byId['2'].body.id]);
    expect(byId['4'].status).toBe(404);
    expect(byId['4'].body.error.code).toBe('BadRequest_ResourceNotFound');
    expect(byId['5'].status).toBe(424);
    expect(api.bc.requestLog.entries.filter((e) => e.batch).length).toBeGreaterThanOrEqual(4);
  });

  it('Isolation: snapshot rolls every change back when one operation fails', async () => {
    const c = `companies(${api.bc.companyId})`;
    const count = async (): Promise<number> => Number((await api.get('salesOrders/$count')).text);
    const before = await count();
    const r = await batch(
      [
        { id: 'a', method: 'POST', url: `${c}/salesOrders`, body: { customerNumber: 'C10010', externalDocumentNumber: 'ATOMIC-1' } },
        { id: 'b', method: 'POST', url: `${c}/salesOrders`, body: { customerNumber: 'C10010', externalDocumentNumber: 'Y'.repeat(40) } },
        { id: 'c', method: 'GET', url: `${c}/items?$top=1` },
      ],
      { Isolation: 'snapshot' },
    );
    const statuses = r.json.responses.map((x: Json) => [x.id, x.status]);
    expect(statuses).toEqual([['a', 424], ['b', 400], ['c', 424]]);
    expect(await count()).toBe(before);
    const ok = await batch([{ id: 'a', method: 'POST', url: `${c}/salesOrders`, body: { customerNumber: 'C10010', externalDocumentNumber: 'ATOMIC-2' } }], { Isolation: 'snapshot' });
    expect(ok.json.responses[0].status).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it('rejects more than 100 operations, malformed batches and nested batches', async () => {
    const ops = Array.from({ length: 101 }, (_, i) => ({ id: String(i), method: 'GET', url: `companies(${api.bc.companyId})/items?$top=1` }));
    expect(bcError(await batch(ops), 400, 'BadRequest').message).toContain('maximum is 100');
    const hundred = await batch(ops.slice(0, 100));
    expect(hundred.json.responses).toHaveLength(100);
    bcError(await api.call('POST', `${api.bc.apiUrl}/$batch`, { nope: [] }), 400, 'BadRequest');
    bcError(await batch([{ id: '1', method: 'GET' }]), 400, 'BadRequest');
    bcError(await batch([{ id: '1', method: 'GET', url: 'x' }, { id: '1', method: 'GET', url: 'y' }]), 400, 'BadRequest');
    const nested = await batch([{ id: '1', method: 'POST', url: '$batch', body: { requests: [] } }]);
    expect(nested.json.responses[0].status).toBe(400);
  });
});

describe('service protection limits', () => {
  it('rate limit per user: 429 Application_TooManyRequests with Retry-After, other users unaffected', async () => {
    const api = await startApi({ tokens: ['t1', 't2'], rateLimit: { requests: 5, windowMs: 60000 } });
    try {
      for (let i = 0; i < 5; i++) expect((await api.get('items?$top=1')).status).toBe(200);
      const r = await api.get('items?$top=1');
      const e = bcError(r, 429, 'Application_TooManyRequests');
      expect(e.message).toBe('Too many requests reached.  Actual (6).  Maximum (5).');
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const other = await fetch(`${api.bc.companyUrl}/items?$top=1`, { headers: { Authorization: 'Bearer t2' } });
      expect(other.status).toBe(200);
      await api.admin('PUT', '/limits', { rateLimit: null });
      expect((await api.get('items?$top=1')).status).toBe(200);
    } finally {
      await api.bc.close();
    }
  });

  it('5 concurrent requests per user run, the next ones queue; beyond the queue: 429', async () => {
    const api = await startApi({ concurrency: { perUser: 5, queueSize: 3 }, faults: [{ route: '/items', latencyMs: 300 }] });
    try {
      const started = Date.now();
      const results = await Promise.all(Array.from({ length: 10 }, () => api.get('items?$top=1').then((r) => ({ status: r.status, at: Date.now() - started }))));
      const ok = results.filter((r) => r.status === 200);
      const limited = results.filter((r) => r.status === 429);
      expect(ok).toHaveLength(8);
      expect(limited).toHaveLength(2);
      // Queued requests waited for a slot: they finish a full latency after the first five.
      const times = ok.map((r) => r.at).sort((a, b) => a - b);
      expect(times[7] - times[0]).toBeGreaterThanOrEqual(250);
    } finally {
      await api.bc.close();
    }
  });

  it('a queued request that waits too long gets 503', async () => {
    const api = await startApi({ concurrency: { perUser: 1, queueSize: 5, queueTimeoutMs: 100 }, faults: [{ route: '/items', latencyMs: 400 }] });
    try {
      const [a, b] = await Promise.all([api.get('items?$top=1'), api.get('items?$top=1')]);
      expect(a.status).toBe(200);
      bcError(b, 503, 'Internal_ServiceUnavailable');
    } finally {
      await api.bc.close();
    }
  });
});

describe('fault injection and the request log', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ faultSeed: 7 });
  });
  afterAll(() => api.bc.close());
  afterEach(() => api.admin('DELETE', '/faults'));

  it('injects 503 and 429 with Retry-After on one route, a given number of times', async () => {
    await api.admin('POST', '/faults', { route: '/salesOrders', method: 'POST', status: 503, retryAfterSeconds: 2, times: 2 });
    const body = { customerNumber: 'C10010' };
    const r1 = await api.call('POST', 'salesOrders', body);
    bcError(r1, 503, 'Internal_ServiceUnavailable');
    expect(r1.headers.get('retry-after')).toBe('2');
    bcError(await api.call('POST', 'salesOrders', body), 503, 'Internal_ServiceUnavailable');
    expect((await api.call('POST', 'salesOrders', body)).status).toBe(201);
    expect((await api.get('items?$top=1')).status).toBe(200);
    await api.admin('POST', '/faults', { route: '/customers', status: 429, retryAfterSeconds: 5 });
    const r429 = await api.get('customers?$top=1');
    bcError(r429, 429, 'Application_TooManyRequests');
    expect(r429.headers.get('retry-after')).toBe('5');
  });

  it('an error rate fails roughly that share of requests (deterministic with faultSeed)', async () => {
    await api.admin('POST', '/faults', { route: '/currencies', status: 500, errorRate: 0.5 });
    const statuses = await Promise.all(Array.from({ length: 40 }, () => api.get('currencies').then((r) => r.status)));
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
  });

  it('adds latency and drops connections', async () => {
    await api.admin('POST', '/faults', { route: '/locations', latencyMs: 250 });
    const t = Date.now();
    expect((await api.get('locations')).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    await api.admin('POST', '/faults', { route: '/paymentTerms', drop: true, times: 1 });
    await expect(fetch(`${api.bc.companyUrl}/paymentTerms`, { headers: { Authorization: `Bearer ${api.bc.token}` } })).rejects.toThrow();
    expect((await api.get('paymentTerms')).status).toBe(200);
  });

  it('rejects invalid fault rules with a message naming the problem', async () => {
    const r = await api.admin('POST', '/faults', { route: '/x', status: 200 });
    expect(bcError(r, 400, 'BadRequest').message).toContain('"status"');
    expect(bcError(await api.admin('POST', '/faults', { rute: '/x' }), 400, 'BadRequest').message).toContain('rute');
  });

  it('counts requests per normalised route and status; reset clears it', async () => {
    await api.admin('DELETE', '/requestLog');
    const c = (await api.get('customers?$top=1')).json.value[0];
    await api.get(`customers(${c.id})`);
    await api.get(`customers(${c.id})/customerFinancialDetails`);
    await api.get('customers(00000000-0000-0000-0000-000000000009)');
    const log = api.bc.requestLog;
    expect(log.counts()['GET /api/v2.0/companies({id})/customers({id})']).toBe(2);
    expect(log.routes['GET /api/v2.0/companies({id})/customers({id})'].statuses).toEqual({ 200: 1, 404: 1 });
    expect(log.count('/customers')).toBe(4);
    expect(log.count('customerFinancialDetails', 'GET')).toBe(1);
    const viaAdmin = await api.admin('GET', '/requestLog');
    expect(viaAdmin.json.routes['GET /api/v2.0/companies({id})/customers'].count).toBe(1);
  });
});

describe('bad input never crashes or hangs the server', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi({ maxBodyBytes: 64 * 1024 });
  });
  afterAll(() => api.bc.close());

  it('a huge body gets 413 with the BC error shape', async () => {
    const big = JSON.stringify({ customerNumber: 'C10010', externalDocumentNumber: 'x'.repeat(200 * 1024) });
    const r = await api.call('POST', 'salesOrders', big);
    bcError(r, 413, 'BadRequest_RequestEntityTooLarge');
    expect((await api.get('items?$top=1')).status).toBe(200);
  });

  it('garbage URLs, methods and bodies get 4xx answers', async () => {
    bcError(await api.call('PUT', 'customers', {}), 405, 'BadRequest_MethodNotAllowed');
    bcError(await api.get('customers(%E0%A4%A)'), 400, 'BadRequest_NotFound');
    bcError(await api.call('POST', 'customers', 'null'), 400, 'BadRequest');
    bcError(await api.call('POST', 'customers', '"just a string"'), 400, 'BadRequest');
    bcError(await api.call('PATCH', 'customers', {}), 405, 'BadRequest_MethodNotAllowed');
    const raw = await new Promise<string>((resolve) => {
      const s = net.connect(Number(new URL(api.bc.baseUrl).port), '127.0.0.1', () => s.end('GARBAGE / HTTP/1.1\r\n\r\n'));
      let out = '';
      s.on('data', (d) => (out += d.toString()));
      s.on('close', () => resolve(out));
      s.on('error', () => resolve(out));
    });
    expect(raw.startsWith('HTTP/1.1 400') || raw === '').toBe(true);
    expect((await api.get('items?$top=1')).status).toBe(200);
  });
});

describe('persistence to a data folder', () => {
  it('keeps changes across a restart and starts from the seed without a saved state', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-standin-'));
    try {
      const first = await startApi({ dataDir: dir });
      expect(first.bc.loadedFromDisk).toBe(false);
      const o = (await first.call('POST', 'salesOrders', { customerNumber: 'C10010', externalDocumentNumber: 'PERSIST-1', salesOrderLines: [{ lineObjectNumber: 'SAF-0001', quantity: 2 }] })).json;
      await first.admin('POST', `/salesOrders/${o.id}/release`);
      await first.bc.close();
      expect(fs.existsSync(path.join(dir, 'businesscentral-state.json'))).toBe(true);
      const second = await startApi({ dataDir: dir });
      try {
        expect(second.bc.loadedFromDisk).toBe(true);
        const again = (await second.get(`salesOrders(${o.id})?$expand=salesOrderLines`)).json;
        expect(again).toMatchObject({ number: o.number, status: 'Open', externalDocumentNumber: 'PERSIST-1' });
        expect(again.salesOrderLines[0].quantity).toBe(2);
        const next = (await second.call('POST', 'salesOrders', { customerNumber: 'C10010' })).json;
        expect(Number(next.number.slice(5))).toBe(Number(o.number.slice(5)) + 1);
      } finally {
        await second.bc.close();
      }
      fs.writeFileSync(path.join(dir, 'businesscentral-state.json'), '{broken');
      await expect(startApi({ dataDir: dir })).rejects.toThrow(/not valid JSON.*Delete it/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('validates its options', async () => {
    await expect(startApi({ workDate: '16/11/2026' })).rejects.toThrow(/"workDate" must be YYYY-MM-DD/);
    await expect(startApi({ tokens: [] })).rejects.toThrow(/"tokens" is empty/);
    await expect(startApi({ rateLimit: { requests: 0, windowMs: 1 } })).rejects.toThrow(/rateLimit/);
  });
});
