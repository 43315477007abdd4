import * as http from 'http';
import type { AddressInfo } from 'net';
import { formatConfigProblems, loadConfig, secretValues } from '../../connector/config';
import { buildBatch, parseBatchResponse } from '../../connector/dataverse/batch';
import { HttpClient, HttpError } from '../../connector/http/httpClient';
import { Limiter } from '../../connector/http/limiter';
import { StaticTokenProvider } from '../../connector/auth';
import { memoryLogger, redact } from '../../connector/log';
import { appendLog, LOG_MAX, readyFilter } from '../../connector/queue/requestRow';
import { stableGuid } from '../../connector/ids';
import { connectorCatalogs, connectorMessageKeys, text } from '../../connector/messages';
import { main } from '../../connector/main';

const base = {
  DATAVERSE_URL: 'http://127.0.0.1:5555',
  DATAVERSE_TOKEN: 'dv-token-123456',
  BC_API_URL: 'http://127.0.0.1:5556/api/v2.0',
  BC_COMPANY_ID: 'fd9ec26d-f3fa-45d0-b07d-244e7c4bf44a',
  BC_TOKEN: 'bc-token-123456',
  CONNECTOR_WEBHOOK_KEY: 'k'.repeat(32),
};

describe('config', () => {
  it('accepts a complete stand-in configuration with defaults within the published limits', () => {
    const { config, problems } = loadConfig(base);
    expect(problems).toEqual([]);
    expect(config.dataverse.maxConcurrency).toBeLessThanOrEqual(52);
    expect(config.bc.maxConcurrency).toBe(5);
    expect(config.bc.batchMax).toBe(100);
    expect(config.dataverse.batchMax).toBe(1000);
    expect(config.bc.analyticsUrl).toBe('http://127.0.0.1:5556/api/microsoft/analytics/v1.0');
    expect(secretValues(config).sort()).toEqual([base.BC_TOKEN, base.CONNECTOR_WEBHOOK_KEY, base.DATAVERSE_TOKEN].sort());
  });

  it('names every missing or invalid setting with its fix', () => {
    const { problems } = loadConfig({ ...base, DATAVERSE_URL: 'http://contoso.crm4.dynamics.com', BC_COMPANY_ID: 'abc', CONNECTOR_WEBHOOK_KEY: 'short', BC_MAX_CONCURRENCY: '9', BC_API_URL: undefined });
    const vars = problems.map((p) => p.variable).sort();
    expect(vars).toEqual(['BC_API_URL', 'BC_COMPANY_ID', 'BC_MAX_CONCURRENCY', 'CONNECTOR_WEBHOOK_KEY', 'DATAVERSE_URL'].sort());
    for (const p of problems) expect(p.fix.length).toBeGreaterThan(10);
    expect(formatConfigProblems(problems)).toMatch(/5 setting\(s\) to fix/);
  });

  it('client credentials: each missing part is named; a token next to credentials is refused (more in auth.test.ts)', () => {
    const { problems } = loadConfig({ ...base, DATAVERSE_TOKEN: undefined, AZURE_TENANT_ID: 'contoso.onmicrosoft.com', AZURE_CLIENT_SECRET: 's3cret-value' });
    expect(problems.map((p) => p.variable).sort()).toEqual(['DATAVERSE_CLIENT_ID']);
    const ok = loadConfig({ ...base, DATAVERSE_TOKEN: undefined, AZURE_TENANT_ID: 'contoso.onmicrosoft.com', AZURE_CLIENT_ID: 'id', AZURE_CLIENT_SECRET: 's3cret-value' });
    expect(ok.problems).toEqual([]);
    expect(ok.config.dataverse.auth).toMatchObject({ kind: 'clientSecret', scope: 'http://127.0.0.1:5555/.default' });
    const both = loadConfig({ ...base, BC_CLIENT_ID: 'x' });
    expect(both.problems.map((p) => p.variable)).toContain('BC_TOKEN');
  });

  it('main exits 2 and prints the problems when the configuration is incomplete, 0 for check when complete', async () => {
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['check'], { DOTENV_PATH: '/nonexistent/.env' })).toBe(2);
      expect(String(err.mock.calls.map((c) => c[0]).join(''))).toMatch(/DATAVERSE_URL is not set/);
      expect(await main(['check'], { ...base, DOTENV_PATH: '/nonexistent/.env' })).toBe(0);
      expect(await main(['register'], { ...base, DOTENV_PATH: '/nonexistent/.env' })).toBe(2);
      expect(String(err.mock.calls.map((c) => c[0]).join(''))).toMatch(/CONNECTOR_PUBLIC_URL/);
      expect(await main(['bogus'], {})).toBe(2);
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
  });
});

describe('logging', () => {
  it('never prints a secret, by value or by key', () => {
    const log = memoryLogger('debug', ['super-secret-token']);
    log.error('call failed', { url: 'https://x?token=super-secret-token', headers: { Authorization: 'Bearer abc' }, nested: { clientSecret: 'zzz' } });
    const line = JSON.stringify(log.lines[0]);
    expect(line).not.toContain('super-secret-token');
    expect(line).not.toContain('Bearer abc');
    expect(line).not.toContain('zzz');
    expect(log.lines[0]).toMatchObject({ level: 'error', msg: 'call failed' });
    expect(redact(new Error('boom super-secret-token'), ['super-secret-token'])).toMatchObject({ message: 'boom [redacted]' });
  });
});

describe('limiter', () => {
  it('never runs more than maxConcurrent at once', async () => {
    const l = new Limiter({ maxConcurrent: 3, maxPerWindow: 1000, windowMs: 1000 });
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        l.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
  it('keeps to the per-window maximum and pauses while asked to', async () => {
    const l = new Limiter({ maxConcurrent: 10, maxPerWindow: 2, windowMs: 150 });
    const t0 = Date.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 3 }, () => l.run(async () => void times.push(Date.now() - t0))));
    expect(times.sort((a, b) => a - b)[2]).toBeGreaterThanOrEqual(140);
    const l2 = new Limiter({ maxConcurrent: 10, maxPerWindow: 100, windowMs: 1000 });
    l2.pauseUntil(Date.now() + 100);
    const t1 = Date.now();
    await l2.run(async () => undefined);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(90);
  });
});

describe('limiter usage', () => {
  it('counts the calls started in the sliding window, what waits and how long a pause lasts', async () => {
    let now = 1_000_000;
    const l = new Limiter({ maxConcurrent: 10, maxPerWindow: 5400, windowMs: 300_000, now: () => now });
    await Promise.all(Array.from({ length: 3 }, () => l.run(async () => undefined)));
    expect(l.usage()).toEqual({ used: 3, limit: 5400, windowSeconds: 300, inFlight: 0, waiting: 0, pausedForSeconds: 0 });
    now += 200_000;
    await l.run(async () => undefined);
    l.pauseUntil(now + 4_500);
    expect(l.usage()).toMatchObject({ used: 4, pausedForSeconds: 5 });
    now += 100_001;
    expect(l.usage().used).toBe(1);
  });
});

describe('http client', () => {
  let server: http.Server;
  let url: string;
  let hits: Array<{ method: string; path: string; auth: string }> = [];
  let script: Array<(res: http.ServerResponse) => void> = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push({ method: req.method ?? '', path: req.url ?? '', auth: String(req.headers.authorization ?? '') });
      const step = script.shift();
      if (step) step(res);
      else {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"ok":true}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    hits = [];
    script = [];
  });
  const client = (overrides: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}): HttpClient =>
    new HttpClient({
      service: 'bc',
      tokens: new StaticTokenProvider('tok'),
      limiter: new Limiter({ maxConcurrent: 5, maxPerWindow: 100, windowMs: 60000 }),
      timeoutMs: 300,
      maxInlineRetries: 2,
      maxInlineWaitMs: 2000,
      log: memoryLogger(),
      ...overrides,
    });

  it('honours Retry-After on 429 and repeats the call, with the bearer token', async () => {
    script.push((res) => {
      res.writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"Application_TooManyRequests","message":"slow down"}}');
    });
    const c = client();
    const t0 = Date.now();
    const res = await c.request({ method: 'POST', url: `${url}/x`, body: '{}' });
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(hits).toHaveLength(2);
    expect(hits[0].auth).toBe('Bearer tok');
    expect(c.stats).toMatchObject({ requests: 2, throttled: 1 });
  });

  it('a long Retry-After is not waited in place: a transient error carries it to the queue', async () => {
    script.push((res) => {
      res.writeHead(429, { 'Retry-After': '120' });
      res.end('{"error":{"code":"TooMany","message":"later"}}');
    });
    const e = (await client().request({ method: 'GET', url: `${url}/y` }).catch((x) => x)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e).toMatchObject({ status: 429, errorClass: 'transient', retryAfterMs: 120000, code: 'TooMany' });
  });

  it('times out, retries idempotent reads, never repeats a POST that may have been executed', async () => {
    const hang = (res: http.ServerResponse): void => void setTimeout(() => res.end('{}'), 1000);
    script.push(hang, hang, hang);
    const e = (await client().request({ method: 'GET', url: `${url}/slow` }).catch((x) => x)) as HttpError;
    expect(e).toMatchObject({ status: 0, code: 'Timeout', errorClass: 'transient' });
    expect(e.message).toMatch(/did not answer/);
    expect(hits).toHaveLength(3);
    hits = [];
    script = [hang];
    const p = (await client().request({ method: 'POST', url: `${url}/create`, body: '{}' }).catch((x) => x)) as HttpError;
    expect(p.code).toBe('Timeout');
    expect(hits).toHaveLength(1);
  });

  it('keeps the OData error code and message; 400 is permanent', async () => {
    script.push((res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end('{"error":{"code":"Application_FieldValidationException","message":"Item 1000 is blocked."}}');
    });
    const e = (await client().request({ method: 'POST', url: `${url}/z`, body: '{}' }).catch((x) => x)) as HttpError;
    expect(e).toMatchObject({ status: 400, code: 'Application_FieldValidationException', message: 'Item 1000 is blocked.', errorClass: 'permanent' });
  });
});

describe('$batch (Dataverse multipart)', () => {
  it('builds change sets with Content-IDs and encodes spaces in request lines', () => {
    const { boundary, body } = buildBatch(
      [{ changeSet: [{ method: 'PATCH', url: 'erp_integrationrequests(1)', headers: { 'If-Match': 'W/"5"' }, body: { a: 1 } }] }, { method: 'GET', url: "salesorders(2)?$expand=order_details($orderby=sequencenumber asc)" }],
      'https://org/api/data/v9.2/',
    );
    expect(body.startsWith(`--${boundary}\r\nContent-Type: multipart/mixed; boundary=changeset_`)).toBe(true);
    expect(body).toContain('Content-ID: 1');
    expect(body).toContain('If-Match: W/"5"');
    expect(body).toContain('GET https://org/api/data/v9.2/salesorders(2)?$expand=order_details($orderby=sequencenumber%20asc) HTTP/1.1');
    expect(body.trimEnd().endsWith(`--${boundary}--`)).toBe(true);
  });
  it('parses nested change-set responses and plain parts in order', () => {
    const text = [
      '--batchresponse_1',
      'Content-Type: multipart/mixed; boundary=changesetresponse_2',
      '',
      '--changesetresponse_2',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'HTTP/1.1 412 Precondition Failed',
      'Content-Type: application/json; odata.metadata=minimal',
      '',
      '{"error":{"code":"0x80060882","message":"The version of the existing record doesn\'t match"}}',
      '--changesetresponse_2--',
      '--batchresponse_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 200 OK',
      'Content-Type: application/json',
      '',
      '{"value":[{"x":1}]}',
      '--batchresponse_1--',
      '',
    ].join('\r\n');
    const r = parseBatchResponse(text, 'multipart/mixed; boundary=batchresponse_1');
    expect(r.map((x) => x.status)).toEqual([412, 200]);
    expect(r[0].body).toMatchObject({ error: { code: '0x80060882' } });
    expect(r[1].body).toEqual({ value: [{ x: 1 }] });
  });
});

describe('queue rows, ids, messages', () => {
  it('the log keeps the newest lines within the column size', () => {
    const big = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    const log = appendLog(null, big);
    expect(log.length).toBeLessThanOrEqual(LOG_MAX);
    expect(log.endsWith(big[big.length - 1])).toBe(true);
    expect(log.startsWith('… (older lines removed')).toBe(true);
  });
  it('ready filter: pending, due retries and expired leases only', () => {
    const f = readyFilter(new Date('2026-01-01T00:10:00Z'), 120000, 'c1');
    expect(f).toContain('erp_nextattemptat le 2026-01-01T00:10:00.000Z');
    expect(f).toContain('erp_startedon lt 2026-01-01T00:08:00.000Z');
    expect(f).toContain('_erp_connectionid_value eq c1');
  });
  it('stable GUIDs are deterministic, distinct and RFC 4122 shaped', () => {
    expect(stableGuid('post', 'a', 'b')).toBe(stableGuid('post', 'a', 'b'));
    expect(stableGuid('post', 'a', 'b')).not.toBe(stableGuid('post', 'a', 'c'));
    expect(stableGuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('every connector text exists in English and French with the same placeholders', () => {
    for (const k of connectorMessageKeys) {
      const en = connectorCatalogs[1033][k];
      const fr = connectorCatalogs[1036][k];
      expect(fr).toBeTruthy();
      const ph = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ph(fr)).toEqual(ph(en));
    }
    expect(text('ERP_ITEM_BLOCKED', { number: '1000', product: 'Helmet' }, 1036)).toMatch(/^L’article ERP 1000 \(Helmet\) est bloqué/);
    expect(text('NO_LINES', {}, 1033)).toMatch(/no product lines/);
  });
});
