/**
 * The connector's HTTP endpoint under attack (loopback only, bounded in count and time): malformed request targets,
 * a 50 MB body, 300 slow connections, unknown routes, failing handlers; the BC notification clientState; the
 * health listener; credentials inside URLs never printed.
 */
import * as net from 'net';
import { ClientStates } from '../../connector/bcSubscriptions';
import { formatConfigProblems } from '../../connector/config';
import { memoryLogger } from '../../connector/log';
import { redactUrlCredentials } from '../../connector/redact';
import { startHttpServer, type RunningServer, type ServerHooks } from '../../connector/server';

const KEY = 'endpoint-test-webhook-key-0123456789';

interface Fixture {
  server: RunningServer;
  events: Array<string | null>;
  notifications: string[][];
  hooks: ServerHooks;
  states: ClientStates;
  log: ReturnType<typeof memoryLogger>;
}

async function start(overrides: Partial<ServerHooks> = {}, limits: { headersTimeoutMs?: number; requestTimeoutMs?: number; maxBodyBytes?: number } = {}): Promise<Fixture> {
  const events: Array<string | null> = [];
  const notifications: string[][] = [];
  const states = new ClientStates();
  const log = memoryLogger('debug', [KEY]);
  const hooks: ServerHooks = {
    webhookKey: KEY,
    log,
    health: () => ({ healthy: false, body: { status: 'failing', lastHeartbeatError: 'connect ECONNREFUSED 10.1.2.3:443 as svc-erp@contoso' }, dependencies: { dataverse: 'failing', businessCentral: 'ok' } }),
    metrics: () => '# TYPE erp_link_healthy gauge\nerp_link_healthy 0\n',
    isBcClientState: (s) => states.accepts(s),
    onDataverseEvent: (entity) => events.push(entity),
    onBcNotification: (r) => notifications.push(r),
    ...overrides,
  };
  const server = await startHttpServer(
    { host: '127.0.0.1', port: 0, healthHost: '127.0.0.1', healthPort: 0, maxBodyBytes: limits.maxBodyBytes ?? 1024 * 1024, headersTimeoutMs: limits.headersTimeoutMs ?? 10_000, requestTimeoutMs: limits.requestTimeoutMs ?? 30_000 },
    hooks,
  );
  return { server, events, notifications, hooks, states, log };
}

/** Sends raw bytes and returns what came back before the server closed (or 5 s passed). */
function raw(port: number, data: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, '127.0.0.1', () => socket.write(data));
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, 5000);
    socket.on('data', (c) => {
      chunks.push(c);
      // One answer is enough: keep-alive sockets are not closed by the server.
      if (/\r\n\r\n/.test(Buffer.concat(chunks).toString('latin1'))) setTimeout(done, 50);
    });
    socket.on('error', done);
    socket.on('close', done);
  });
}

const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);

async function stillAnswers(f: Fixture): Promise<void> {
  const r = await fetch(`${f.server.url}/healthz`);
  expect(r.status).toBe(503);
  expect(await r.json()).toEqual({ status: 'failing', dependencies: { dataverse: 'failing', businessCentral: 'ok' } });
}

describe('malformed requests', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start();
  });
  afterAll(() => f.server.close());

  it.each([
    ['GET // HTTP/1.1', 400],
    ['GET /// HTTP/1.1', 400],
    ['GET http://[ HTTP/1.1', 400],
    ['GET http://[::1 HTTP/1.1', 400],
    ['GET * HTTP/1.1', 400],
    ['GET javascript:alert(1) HTTP/1.1', 400],
    ['GET /%ZZ%%% HTTP/1.1', 404],
    ['GET /healthz/../../etc/passwd HTTP/1.1', 404],
    ['POST /webhook/dataverse?code=%FF HTTP/1.1', 401],
    ['BREW /healthz HTTP/1.1', 400],
    ['DELETE /healthz HTTP/1.1', 405],
    ['GET /nowhere HTTP/1.1', 404],
  ])('%s is answered %i and the process keeps answering', async (line, status) => {
    const answer = await raw(f.server.port, `${line}\r\nHost: x\r\nContent-Length: 0\r\n\r\n`);
    expect(statusOf(answer)).toBe(status);
    await stillAnswers(f);
  });

  it('a garbage request line, a NUL byte and a header flood are refused by the parser, not thrown', async () => {
    expect(statusOf(await raw(f.server.port, 'HELLO\r\n\r\n'))).toBe(400);
    expect(statusOf(await raw(f.server.port, 'GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n'))).toBe(400);
    expect(statusOf(await raw(f.server.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`))).toBe(431);
    expect(statusOf(await raw(f.server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'))).toBe(400);
    await stillAnswers(f);
  });

  it('an absolute-form target is routed by its path only', async () => {
    const answer = await raw(f.server.port, `GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(statusOf(answer)).toBe(503);
  });
});

describe('bodies', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start();
  });
  afterAll(() => f.server.close());

  it('a declared 50 MB body is refused with 413 before it is read, with or without the key', async () => {
    for (const path of ['/webhook/dataverse', '/bc/notifications']) {
      const answer = await raw(f.server.port, `POST ${path} HTTP/1.1\r\nHost: x\r\nx-erp-link-key: ${KEY}\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n{"a":`);
      expect(statusOf(answer)).toBe(413);
    }
    expect(f.events).toEqual([]);
    await stillAnswers(f);
  });

  it('a 50 MB chunked body (no length declared) is cut off at the limit with 413', async () => {
    const status = await new Promise<number>((resolve) => {
      const socket = net.connect(f.server.port, '127.0.0.1');
      let answer = '';
      let sent = 0;
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      socket.on('data', (c) => {
        answer += c.toString('latin1');
      });
      const finish = (): void => resolve(statusOf(answer));
      socket.on('close', finish);
      socket.on('error', () => undefined);
      socket.write(`POST /webhook/dataverse HTTP/1.1\r\nHost: x\r\nx-erp-link-key: ${KEY}\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const pump = (): void => {
        while (sent < 50 && !socket.destroyed) {
          sent += 1;
          socket.write(`${chunk.length.toString(16)}\r\n`);
          socket.write(chunk);
          const ok = socket.write('\r\n');
          if (!ok) {
            socket.once('drain', pump);
            return;
          }
        }
        if (!socket.destroyed) socket.end('0\r\n\r\n');
      };
      pump();
    });
    expect(status).toBe(413);
    expect(f.events).toEqual([]);
    await stillAnswers(f);
  });

  it('a body under the limit that is not JSON still wakes the queue when the key is right (200-class), never crashes', async () => {
    const r = await fetch(`${f.server.url}/webhook/dataverse`, { method: 'POST', headers: { 'x-erp-link-key': KEY }, body: '\u0000{not json' });
    expect(r.status).toBe(202);
    expect(f.events).toEqual([null]);
  });
});

describe('slow clients', () => {
  it('300 slow connections (headers and bodies trickling) do not stop it answering, and are cut off by the timeouts', async () => {
    const f = await start({}, { headersTimeoutMs: 1000, requestTimeoutMs: 2000 });
    const sockets: net.Socket[] = [];
    const closed: Array<Promise<string>> = [];
    try {
      for (let i = 0; i < 300; i++) {
        const s = net.connect(f.server.port, '127.0.0.1');
        s.on('error', () => undefined);
        let answer = '';
        s.on('data', (c) => (answer += c.toString('latin1')));
        closed.push(new Promise((resolve) => s.on('close', () => resolve(answer))));
        // Half send headers that never end, half a body that never ends.
        if (i % 2 === 0) s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
        else s.write(`POST /webhook/dataverse HTTP/1.1\r\nHost: x\r\nx-erp-link-key: ${KEY}\r\nContent-Length: 1000\r\n\r\n{"a":`);
        sockets.push(s);
      }
      // While they hang, others are served.
      await stillAnswers(f);
      const pub = await fetch(`${f.server.url}/webhook/dataverse`, { method: 'POST', headers: { 'x-erp-link-key': KEY }, body: '{}' });
      expect(pub.status).toBe(202);
      // Every slow connection is closed by the server (408 or a plain close); none was served.
      const answers = await Promise.all(closed);
      expect(answers.every((a) => a === '' || statusOf(a) === 408)).toBe(true);
      expect(f.events).toEqual([null]);
      await stillAnswers(f);
    } finally {
      for (const s of sockets) s.destroy();
      await f.server.close();
    }
  }, 60_000);
});

describe('handler failures', () => {
  it('a hook that throws is a 500 with no internal text, and the next request is served', async () => {
    const f = await start({
      onDataverseEvent: () => {
        throw new Error('secret internal detail: Server=10.0.0.1;Password=hunter2');
      },
    });
    try {
      const r = await fetch(`${f.server.url}/webhook/dataverse`, { method: 'POST', headers: { 'x-erp-link-key': KEY }, body: '{}' });
      expect(r.status).toBe(500);
      expect(await r.text()).not.toMatch(/hunter2|10\.0\.0\.1|secret internal/);
      await stillAnswers(f);
      expect(f.log.lines.some((l) => l.level === 'error' && String(l.error).includes('secret internal detail'))).toBe(true);
    } finally {
      await f.server.close();
    }
  });

  it('health that throws is a 500 on both listeners', async () => {
    const f = await start({
      health: () => {
        throw new Error('boom');
      },
    });
    try {
      expect((await fetch(`${f.server.url}/healthz`)).status).toBe(500);
      expect((await fetch(`${f.server.healthUrl}/healthz`)).status).toBe(500);
      expect((await fetch(`${f.server.healthUrl}/metrics`)).status).toBe(200);
    } finally {
      await f.server.close();
    }
  });
});

describe('listeners', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start();
  });
  afterAll(() => f.server.close());

  it('the public /healthz shows dependency states only; the loopback health listener has the details and metrics', async () => {
    const pub = await (await fetch(`${f.server.url}/healthz`)).text();
    expect(pub).not.toMatch(/ECONNREFUSED|contoso|10\.1\.2\.3/);
    expect(f.server.healthUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const full = await (await fetch(`${f.server.healthUrl}/healthz`)).json();
    expect(full).toMatchObject({ lastHeartbeatError: expect.stringContaining('ECONNREFUSED'), dependencies: { dataverse: 'failing' } });
    const metrics = await fetch(`${f.server.healthUrl}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toContain('erp_link_healthy 0');
    // Metrics are not on the public listener, and webhooks are not on the health one.
    expect((await fetch(`${f.server.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${f.server.healthUrl}/webhook/dataverse`, { method: 'POST', headers: { 'x-erp-link-key': KEY } })).status).toBe(404);
  });

  it('the webhook refuses a missing or wrong key (401) and accepts the header or ?code=', async () => {
    expect((await fetch(`${f.server.url}/webhook/dataverse`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${f.server.url}/webhook/dataverse`, { method: 'POST', headers: { 'x-erp-link-key': 'x'.repeat(KEY.length) }, body: '{}' })).status).toBe(401);
    expect((await fetch(`${f.server.url}/webhook/dataverse?code=${KEY}`, { method: 'POST', body: '{"PrimaryEntityName":"salesorder"}' })).status).toBe(202);
    expect(f.events).toEqual(['salesorder']);
    // The key in ?code= never reaches the log.
    expect(JSON.stringify(f.log.lines)).not.toContain(KEY);
  });
});

describe('Business Central notifications', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await start();
  });
  afterAll(() => f.server.close());
  const post = (body: string): Promise<Response> => fetch(`${f.server.url}/bc/notifications`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

  it('wakes nothing without the current clientState: empty body, empty list, missing, empty or wrong state', async () => {
    f.states.rotate('salesOrders', 'current-state-0123456789abcdef');
    for (const body of ['', '{}', '{"value":[]}', '{"value":[{"resource":"x"}]}', '{"value":[{"clientState":"","resource":"x"}]}', '{"value":[{"clientState":"guess","resource":"x"}]}', '{"value":"x"}', 'null']) {
      const r = await post(body);
      expect([400, 401]).toContain(r.status);
    }
    // One forged notification among good ones spoils the batch: nothing is woken on a body we did not send.
    expect((await post('{"value":[{"clientState":"current-state-0123456789abcdef","resource":"a"},{"clientState":"x","resource":"b"}]}')).status).toBe(401);
    expect(f.notifications).toEqual([]);
    expect((await post('{"value":[{"clientState":"current-state-0123456789abcdef","resource":"a"}]}')).status).toBe(202);
    expect(f.notifications).toEqual([['a']]);
  });

  it('the handshake echoes the validation token as text', async () => {
    const r = await fetch(`${f.server.url}/bc/notifications?validationToken=abc123`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('abc123');
  });

  it('a rotated clientState is accepted for a grace period, then refused', () => {
    let now = 0;
    const states = new ClientStates(() => now);
    states.rotate('salesOrders', 'first');
    states.rotate('salesOrders', 'second');
    expect(states.accepts('second')).toBe(true);
    expect(states.accepts('first')).toBe(true);
    now = 11 * 60_000;
    expect(states.accepts('first')).toBe(false);
    expect(states.accepts('second')).toBe(true);
    expect(states.accepts('')).toBe(false);
  });
});

describe('credentials inside URLs', () => {
  it.each([
    ['https://user:p%40ss@bc.example/api/v2.0', 'https://[redacted]@bc.example/api/v2.0'],
    ['call https://connector.example/webhook/dataverse?code=abcdef&x=1 failed', 'call https://connector.example/webhook/dataverse?code=[redacted]&x=1 failed'],
    ['https://blob.example/c?sv=2020&sig=AbC%2Bd&se=1', 'https://blob.example/c?sv=2020&sig=[redacted]&se=1'],
    ['grant_type=client_credentials&client_secret=s3cr3t&scope=x', 'grant_type=client_credentials&client_secret=[redacted]&scope=x'],
    ['https://user@host.example/path', 'https://user@host.example/path'],
    ['no url here', 'no url here'],
  ])('%s', (input, output) => {
    expect(redactUrlCredentials(input)).toBe(output);
  });

  it('`connector -- check` problems and log lines never print them', () => {
    const text = formatConfigProblems([{ variable: 'BC_API_URL', problem: '"https://admin:Pa55word@bc.example/api" does not end with /api/v2.0', fix: 'Fix it.' }]);
    expect(text).not.toContain('Pa55word');
    expect(text).toContain('https://[redacted]@bc.example/api');
    const log = memoryLogger('debug');
    log.error('request failed', { url: 'https://svc:Pa55word@dv.example/api/data/v9.2/?access_token=tok123', error: 'GET https://x.example/?code=k3y failed' });
    const line = JSON.stringify(log.lines);
    expect(line).not.toMatch(/Pa55word|tok123|k3y/);
  });
});
