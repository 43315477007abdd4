/**
 * The connector's HTTP endpoints, on two listeners:
 *
 * Public (CONNECTOR_HOST:CONNECTOR_PORT), reachable by Dataverse and Business Central, so by anyone:
 *   POST /webhook/dataverse   Dataverse webhook (header x-erp-link-key, or ?code= for the Webhook Key auth type);
 *                             401 without the right key; wakes the queue / pick-up
 *   POST /bc/notifications    Business Central webhooks: echoes ?validationToken=, wakes the ERP events job only for
 *                             notifications carrying the current clientState of a subscription (401 otherwise)
 *   GET  /healthz             200/503 with each dependency's state only (no error text, no figures)
 *
 * Health (CONNECTOR_HEALTH_HOST:CONNECTOR_HEALTH_PORT, loopback by default), for the operator and the probes:
 *   GET  /healthz             the full state (errors, queue, budgets)
 *   GET  /metrics             Prometheus text format
 *
 * Whatever a client sends, the process answers or closes the socket and keeps running: the target is parsed inside
 * the handler's try (`GET //`, `http://[` are 400), bodies are capped (413), slow clients are cut off by the header
 * and request timeouts (408), unknown routes are 404, a wrong method 405, a handler failure 500, and a malformed
 * request line is answered by the clientError handler (400/408/431) instead of an uncaught error.
 */
import * as http from 'http';
import { timingSafeEqual } from 'crypto';
import type { AddressInfo, Socket } from 'net';
import { NOTIFICATION_PATH } from './bcSubscriptions';
import type { Logger } from './log';
import { WEBHOOK_HEADER, WEBHOOK_PATH } from './register';

export type DependencyState = 'ok' | 'failing' | 'unknown';

export interface HealthReport {
  healthy: boolean;
  /** The full state: the health listener only. */
  body: Record<string, unknown>;
  /** Dataverse and Business Central, as the public listener may show them. */
  dependencies: Record<string, DependencyState>;
}

export interface ServerHooks {
  webhookKey: string;
  log: Logger;
  health(): HealthReport;
  /** Prometheus text exposition of the connector's counters (health listener). */
  metrics?(): string;
  /** True when `clientState` is the current one of one of our Business Central subscriptions. */
  isBcClientState(clientState: string): boolean;
  onDataverseEvent(entity: string | null, message: string | null, id: string | null): void;
  onBcNotification(resources: string[]): void;
}

export interface ServerOptions {
  host: string;
  port: number;
  /** null: no health listener (tests that only need the webhooks). */
  healthHost: string | null;
  healthPort: number;
  maxBodyBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export const DEFAULT_SERVER_LIMITS = { maxBodyBytes: 1024 * 1024, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };

/** A refusal with its status, thrown anywhere in a handler. */
class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly close = false,
  ) {
    super(message);
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The request target as a URL, or a 400: `//`, `///`, `http://[` and friends make `new URL` throw. */
export function parseTarget(raw: string | undefined): URL {
  const target = raw ?? '/';
  // Origin-form targets only ("/path?query"); an absolute-form target is read for its path and query alone.
  if (!target.startsWith('/') || target.startsWith('//')) {
    try {
      const u = new URL(target);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
      return new URL(`${u.pathname}${u.search}`, 'http://connector.invalid');
    } catch {
      throw new HttpProblem(400, 'BadRequest', 'The request target is not a valid path.');
    }
  }
  try {
    return new URL(target, 'http://connector.invalid');
  } catch {
    throw new HttpProblem(400, 'BadRequest', 'The request target is not a valid path.');
  }
}

/** Reads the body up to `max` bytes; a larger one (declared or sent) is a 413 that closes the connection. */
export function readBody(req: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > max) {
      reject(new HttpProblem(413, 'PayloadTooLarge', `The body is larger than ${max} bytes.`, true));
      return;
    }
    let size = 0;
    let done = false;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > max) {
        done = true;
        chunks.length = 0;
        reject(new HttpProblem(413, 'PayloadTooLarge', `The body is larger than ${max} bytes.`, true));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
      done = true;
    });
    req.on('error', (e) => {
      if (!done) reject(e);
      done = true;
    });
    req.on('aborted', () => {
      if (!done) reject(new HttpProblem(400, 'BadRequest', 'The client closed the connection before sending its body.', true));
      done = true;
    });
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json', close = false): void {
  if (res.headersSent || res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (close) headers.Connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}

const problem = (code: string, message: string): Record<string, unknown> => ({ error: { code, message } });

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => Promise<void>;
type Routes = Record<string, Partial<Record<string, Handler>>>;

/** One listener: routes by exact path and method, every failure answered with a status, never thrown. */
function createListener(routes: Routes, options: ServerOptions, log: Logger, name: string): http.Server {
  // Node checks the header and request timeouts every connectionsCheckingInterval (30 s by default): check often
  // enough that a slow client is cut off close to its timeout.
  const checkEvery = Math.max(100, Math.min(5000, Math.floor(options.headersTimeoutMs / 2)));
  const server = http.createServer({ connectionsCheckingInterval: checkEvery, headersTimeout: options.headersTimeoutMs, requestTimeout: options.requestTimeoutMs }, (req, res) => {
    let path = '';
    const run = async (): Promise<void> => {
      const url = parseTarget(req.url);
      path = url.pathname;
      const route = routes[url.pathname];
      if (!route) throw new HttpProblem(404, 'NotFound', 'No such route.');
      const handler = route[req.method ?? ''];
      if (!handler) {
        res.setHeader('Allow', Object.keys(route).join(', '));
        throw new HttpProblem(405, 'MethodNotAllowed', `Use ${Object.keys(route).join(' or ')}.`);
      }
      await handler(req, res, url);
    };
    run().catch((e: unknown) => {
      if (e instanceof HttpProblem) {
        if (e.status >= 500) log.error(`${name} listener: ${e.message}`, { path });
        send(res, e.status, problem(e.code, e.message), 'application/json', e.close);
        // The rest of a refused body is not read: close once the answer is out.
        if (e.close) res.once('finish', () => req.socket.destroy());
        else req.resume();
        return;
      }
      log.error(`${name} listener: handler failed`, { error: (e as Error)?.message ?? String(e), path });
      send(res, 500, problem('InternalError', 'The connector could not handle the request; see its log.'), 'application/json', true);
      req.resume();
    });
  });
  server.headersTimeout = options.headersTimeoutMs;
  server.requestTimeout = options.requestTimeoutMs;
  server.keepAliveTimeout = 5000;
  // Idle sockets (a client that connects and says nothing) are closed too.
  server.setTimeout(options.requestTimeoutMs, (socket: Socket) => socket.destroy());
  server.maxHeadersCount = 100;
  // A request the HTTP parser rejects (bad request line, huge headers, timeout) is answered, not thrown.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const reason = status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return server;
}

async function listen(server: http.Server, host: string, port: number): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

function shownUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The health and metrics listener (null when disabled). */
  healthUrl: string | null;
  healthPort: number | null;
  close(): Promise<void>;
}

export function webhookRoutes(hooks: ServerHooks, maxBodyBytes: number): Routes {
  const dataverse: Handler = async (req, res, url) => {
    const given = String(req.headers[WEBHOOK_HEADER] ?? url.searchParams.get('code') ?? '');
    if (!given || !sameSecret(given, hooks.webhookKey)) {
      hooks.log.warn('webhook call refused: missing or wrong key', { remote: req.socket.remoteAddress });
      throw new HttpProblem(401, 'Unauthorized', `Missing or wrong ${WEBHOOK_HEADER} header.`, true);
    }
    const text = await readBody(req, maxBodyBytes);
    let entity: string | null = null;
    let message: string | null = null;
    let id: string | null = null;
    try {
      const ctx = JSON.parse(text) as { PrimaryEntityName?: unknown; MessageName?: unknown; PrimaryEntityId?: unknown };
      entity = typeof ctx?.PrimaryEntityName === 'string' ? ctx.PrimaryEntityName : null;
      message = typeof ctx?.MessageName === 'string' ? ctx.MessageName : null;
      id = typeof ctx?.PrimaryEntityId === 'string' ? ctx.PrimaryEntityId : null;
    } catch {
      /* an authenticated wake-up without a body is fine */
    }
    hooks.onDataverseEvent(entity, message, id);
    send(res, 202, { accepted: true });
  };
  const bc: Handler = async (req, res, url) => {
    const token = url.searchParams.get('validationToken');
    if (token !== null) {
      // The subscription handshake: BC expects the token back as text/plain. Only a short opaque token is echoed.
      await readBody(req, maxBodyBytes);
      if (token.length > 1024) throw new HttpProblem(400, 'BadRequest', 'The validation token is too long.');
      send(res, 200, token, 'text/plain');
      return;
    }
    const text = await readBody(req, maxBodyBytes);
    let value: unknown;
    try {
      value = (JSON.parse(text) as { value?: unknown })?.value;
    } catch {
      throw new HttpProblem(400, 'BadRequest', 'The notification body is not JSON.');
    }
    const items = Array.isArray(value) ? (value as Array<{ clientState?: unknown; resource?: unknown }>) : [];
    // Nothing is woken unless every notification carries a current clientState: an empty or forged one wakes nothing.
    const mine = items.filter((v) => typeof v?.clientState === 'string' && v.clientState !== '' && hooks.isBcClientState(v.clientState));
    if (!mine.length || mine.length !== items.length) {
      hooks.log.warn('Business Central notification refused: missing or wrong clientState', { remote: req.socket.remoteAddress, notifications: items.length });
      throw new HttpProblem(401, 'Unauthorized', 'Missing or unknown clientState.');
    }
    hooks.onBcNotification(mine.map((v) => String(v.resource ?? '')));
    send(res, 202, { accepted: mine.length });
  };
  const publicHealth: Handler = async (_req, res) => {
    const h = hooks.health();
    send(res, h.healthy ? 200 : 503, { status: h.healthy ? 'ok' : 'failing', dependencies: h.dependencies });
  };
  return {
    [WEBHOOK_PATH]: { POST: dataverse },
    [NOTIFICATION_PATH]: { POST: bc },
    '/healthz': { GET: publicHealth },
  };
}

export function healthRoutes(hooks: ServerHooks): Routes {
  return {
    '/healthz': {
      GET: async (_req, res) => {
        const h = hooks.health();
        send(res, h.healthy ? 200 : 503, { ...h.body, dependencies: h.dependencies });
      },
    },
    '/metrics': {
      GET: async (_req, res) => send(res, 200, hooks.metrics?.() ?? '', 'text/plain; version=0.0.4'),
    },
  };
}

export async function startHttpServer(options: ServerOptions, hooks: ServerHooks): Promise<RunningServer> {
  const pub = createListener(webhookRoutes(hooks, options.maxBodyBytes), options, hooks.log, 'public');
  const address = await listen(pub, options.host, options.port);
  let health: http.Server | null = null;
  let healthAddress: AddressInfo | null = null;
  if (options.healthHost !== null) {
    health = createListener(healthRoutes(hooks), options, hooks.log, 'health');
    try {
      healthAddress = await listen(health, options.healthHost, options.healthPort);
    } catch (e) {
      pub.close();
      pub.closeAllConnections();
      throw e;
    }
  }
  const closeOne = (s: http.Server): Promise<void> =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  return {
    url: shownUrl(options.host, address.port),
    port: address.port,
    healthUrl: healthAddress && options.healthHost !== null ? shownUrl(options.healthHost, healthAddress.port) : null,
    healthPort: healthAddress?.port ?? null,
    close: async () => {
      await Promise.all([closeOne(pub), ...(health ? [closeOne(health)] : [])]);
    },
  };
}
