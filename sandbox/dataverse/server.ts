/**
 * The HTTP side: /api/data/v9.x/ with bearer tokens (401 otherwise), CORS for browser clients, service protection
 * limits, fault injection, the request log, $batch, $metadata, and an unauthenticated /_admin endpoint for tests,
 * benchmarks and the sandbox (faults, limits, request counts, webhook deliveries, users).
 */
import { actingUser, type ImpersonationHeaders } from './impersonation';
import * as http from 'http';
import { randomUUID } from 'crypto';
import { Codes, DataverseError } from './errors';
import { errorResponse, route, type Actions, type ApiRequest, type ApiResponse } from './api';
import type { Engine, RequestContext } from './engine';
import type { ServiceProtection, LimitOptions } from './limits';
import { routeKey, type Faults, type RequestLog, type FaultRule } from './faults';
import { parseBatch, runBatch } from './batch';
import { annotationFilter } from './values';
import type { DataverseUser } from './security';
import type { Webhooks } from './webhooks';
import { metadataDocument } from './csdl';
import { rejectWhenClientGone } from '../shared/clientGone';

export interface ServerDeps {
  engine: Engine;
  actions: Actions;
  limits: ServiceProtection;
  faults: Faults;
  log: RequestLog;
  webhooks: Webhooks;
  apiUrl: () => string;
  baseUrl: () => string;
  admin: boolean;
  addUser: (spec: Record<string, unknown>) => DataverseUser;
  save: () => void;
}

const API_ROOT = /^\/api\/data\/v9\.[0-2](\/|$)/i;
const EXPOSED = 'OData-EntityId, Location, Preference-Applied, Retry-After, ETag, OData-Version, REQ_ID, x-ms-service-request-id, x-ms-ratelimit-burst-remaining-xrm-requests';

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > max) {
      reject(new BodyTooLarge());
      return;
    }
    if (rejectWhenClientGone(req, reject)) return;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new BodyTooLarge());
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function corsHeaders(req: http.IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Expose-Headers': EXPOSED, Vary: 'Origin' };
}

function send(res: http.ServerResponse, req: http.IncomingMessage, r: ApiResponse, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { 'OData-Version': '4.0', ...corsHeaders(req), ...extra, ...r.headers };
  let payload: string | undefined;
  if (r.body !== undefined) {
    payload = JSON.stringify(r.body);
    headers['Content-Type'] = 'application/json; odata.metadata=minimal';
  } else if (r.text !== undefined) {
    payload = r.text;
    headers['Content-Type'] = r.contentType ?? 'text/plain';
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(r.status, headers);
  res.end(payload);
}

const json = (status: number, body: unknown): ApiResponse => ({ status, headers: {}, body });

export function createServer(deps: ServerDeps): http.Server {
  const server = http.createServer((req, res) => {
    handle(deps, req, res).catch((e) => send(res, req, errorResponse(e)));
  });
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;
  return server;
}

async function handle(deps: ServerDeps, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = Date.now();
  const reqId = randomUUID();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();

  if (method === 'OPTIONS') {
    res.writeHead(200, {
      ...corsHeaders(req),
      'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
      'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, Accept, OData-Version, OData-MaxVersion, Prefer, If-Match, If-None-Match'),
      'Access-Control-Max-Age': '600',
      'Content-Length': '0',
    });
    res.end();
    return;
  }

  if (url.pathname.startsWith('/_admin')) {
    if (!deps.admin) return send(res, req, json(404, { error: { code: Codes.odataQuery, message: 'The admin endpoint is disabled.' } }));
    let body: unknown = {};
    try {
      const raw = (await readBody(req, 1024 * 1024)).toString('utf8');
      body = raw ? JSON.parse(raw) : {};
    } catch (e) {
      return send(res, req, json(400, { error: { code: Codes.payload, message: `The admin endpoint takes JSON bodies: ${(e as Error).message}` } }));
    }
    return send(res, req, admin(deps, method, url.pathname.replace(/^\/_admin\/?/, ''), body));
  }

  const m = API_ROOT.exec(url.pathname);
  let relPath = m ? url.pathname.slice(m[0].length) : url.pathname;
  let badEncoding = false;
  try {
    relPath = decodeURIComponent(relPath);
  } catch {
    badEncoding = true;
  }
  const key = routeKey(method, relPath);
  let user: DataverseUser | undefined;
  let admitted = false;
  let status = 0;
  let operations: number | undefined;
  const finish = (r: ApiResponse) => {
    status = r.status;
    send(res, req, r, { REQ_ID: reqId, 'x-ms-service-request-id': reqId });
  };
  try {
    if (!m) throw new DataverseError(404, Codes.odataQuery, `Resource not found for the segment '${url.pathname.split('/').filter(Boolean)[0] ?? ''}'. The Web API is under /api/data/v9.2/.`);
    if (badEncoding) throw new DataverseError(400, Codes.odataQuery, `Bad Request - the URL path '${relPath}' has an invalid percent-encoding.`);

    const auth = String(req.headers.authorization ?? '');
    const token = /^Bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
    user = token ? deps.engine.security.userByToken(token) : undefined;
    if (!user) {
      req.resume();
      status = 401;
      res.writeHead(401, {
        ...corsHeaders(req),
        'WWW-Authenticate': `Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize, resource_id=${deps.baseUrl()}/, error="invalid_token", error_description="${token ? 'The access token is not one the stand-in issued' : 'No bearer token: send Authorization: Bearer <token>'}"`,
        'Content-Length': '0',
        REQ_ID: reqId,
      });
      res.end();
      return;
    }

    const { remaining } = deps.limits.admit(user.id);
    admitted = true;
    let bodyBuf: Buffer;
    try {
      bodyBuf = await readBody(req, deps.limits.limits.maxBodyBytes);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        res.setHeader('Connection', 'close');
        throw new DataverseError(413, Codes.requestTooLarge, `Request message length is too large. The limit of the stand-in is ${deps.limits.limits.maxBodyBytes} bytes.`);
      }
      throw e;
    }

    // The body is read before the injected latency: the server has the request and, like the real service, still
    // executes it when the client gives up waiting (a late write), and a client gone during the latency frees its slot.
    const decision = deps.faults.decide(method, relPath, user.key);
    if (decision.latencyMs) await new Promise((r) => setTimeout(r, decision.latencyMs));
    if (decision.drop) {
      status = 0;
      req.socket.destroy();
      return;
    }
    if (decision.error) throw decision.error;

    const actingUser = impersonate(deps, user, req);
    const ctx: RequestContext = { user: actingUser, annotations: annotationFilter(String(req.headers.prefer ?? '')), apiUrl: deps.apiUrl(), correlationId: String(req.headers['x-ms-correlation-request-id'] ?? reqId) };
    const headers = lowerHeaders(req);
    const extra = { 'x-ms-ratelimit-burst-remaining-xrm-requests': String(remaining) };

    if (relPath.replace(/\/$/, '') === '$metadata') {
      if (method !== 'GET') throw new DataverseError(405, Codes.odataQuery, 'The $metadata document is read with GET.');
      finish({ status: 200, headers: extra, text: metadataDocument(deps.engine.catalog), contentType: 'application/xml' });
      return;
    }
    if (relPath.replace(/\/$/, '') === '$batch') {
      if (method !== 'POST') throw new DataverseError(405, Codes.odataQuery, 'A $batch request is sent with POST.');
      const items = parseBatch(bodyBuf.toString('utf8'), headers['content-type'], [deps.apiUrl(), new URL(deps.apiUrl()).pathname], deps.limits.limits.maxBatchSize);
      const continueOnError = /odata\.continue-on-error/i.test(headers.prefer ?? '');
      const result = await runBatch(items, ctx, deps.engine.store, continueOnError, (r, c) => route(deps.engine, deps.actions, { ...c, annotations: annotationFilter(r.headers.prefer ?? headers.prefer) }, r), {
        tableOfSet: (s) => deps.engine.catalog.tableBySet(s)?.logicalName,
        setOfTable: (t) => deps.engine.catalog.table(t)?.entitySetName,
      });
      operations = result.operations;
      finish({ status: result.status, headers: extra, text: result.body, contentType: result.contentType });
      return;
    }
    const apiReq: ApiRequest = { method, path: relPath, query: url.search.replace(/^\?/, ''), headers, body: bodyBuf.toString('utf8') };
    const r = await route(deps.engine, deps.actions, ctx, apiReq);
    finish({ ...r, headers: { ...extra, ...r.headers } });
  } catch (e) {
    if (!res.headersSent) req.resume();
    finish(errorResponse(e));
  } finally {
    if (admitted && user) deps.limits.release(user.id);
    deps.log.add({ at: started, method, route: key, path: relPath, status, user: user?.key, ms: Date.now() - started, batchOperations: operations });
  }
}

function lowerHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** MSCRMCallerID / CallerObjectId: act as another user when the caller holds prvActOnBehalfOfAnotherUser (impersonation.ts). */
function impersonate(deps: ServerDeps, caller: DataverseUser, req: http.IncomingMessage): DataverseUser {
  return actingUser(deps.engine.security, deps.engine.store, caller, req.headers as ImpersonationHeaders);
}

function admin(deps: ServerDeps, method: string, path: string, body: unknown): ApiResponse {
  const [area, id] = path.split('/');
  try {
    switch (`${method} ${area}`) {
      case 'GET health': {
        const m = process.memoryUsage();
        const rows = [...deps.engine.catalog.tables.keys()].reduce((n, t) => n + deps.engine.store.count(t), 0);
        return json(200, { ok: true, apiUrl: deps.apiUrl(), rows, memory: { heapUsed: m.heapUsed, rss: m.rss } });
      }
      case 'GET requests':
        return json(200, { total: deps.log.total, counts: deps.log.counts(), entries: deps.log.entries.slice(-200) });
      case 'DELETE requests':
        deps.log.reset();
        return { status: 204, headers: {} };
      case 'GET faults':
        return json(200, { value: deps.faults.list() });
      case 'POST faults':
        return json(201, deps.faults.add(body as FaultRule & { pathRegex?: string }));
      case 'DELETE faults':
        if (id) return deps.faults.remove(id) ? { status: 204, headers: {} } : json(404, { error: { code: Codes.objectDoesNotExist, message: `No fault rule ${id}.` } });
        deps.faults.clear();
        return { status: 204, headers: {} };
      case 'GET limits':
        return json(200, deps.limits.limits);
      case 'PUT limits':
      case 'PATCH limits':
        deps.limits.configure(body as LimitOptions);
        return json(200, deps.limits.limits);
      case 'DELETE limits':
        deps.limits.reset();
        return { status: 204, headers: {} };
      case 'GET webhooks':
        return json(200, { value: deps.webhooks.deliveries });
      case 'GET users':
        return json(200, { value: deps.engine.security.users().map((u) => ({ key: u.key, id: u.id, fullName: u.fullName, email: u.email, token: u.token, roleIds: u.roleIds, isIntegrationUser: u.isIntegrationUser, languageId: u.languageId })) });
      case 'POST users': {
        const u = deps.addUser(body as Record<string, unknown>);
        return json(201, { key: u.key, id: u.id, token: u.token, roleIds: u.roleIds });
      }
      case 'POST save':
        deps.save();
        return { status: 204, headers: {} };
      default:
        return json(404, { error: { code: Codes.odataQuery, message: `Unknown admin route '${method} /_admin/${path}'. Routes: health, requests, faults, limits, webhooks, users, save.` } });
    }
  } catch (e) {
    return json(400, { error: { code: Codes.invalidArgument, message: (e as Error).message } });
  }
}

