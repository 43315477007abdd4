/**
 * The Business Central stand-in's HTTP server: routing between API v2.0, the analytics API (Power BI Reports app
 * queries), standard pages published as OData V4 web services, webhook subscriptions, $batch, $metadata and the
 * /_admin back office; bearer
 * authentication; service-protection limits; fault injection; request log; persistence.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { BcError, errors } from './errors';
import { ApiRequest, ApiResponse, errorResponse, jsonResponse, ODataHandler } from './odataHandler';
import { Resource, ServerContext } from './resource';
import { Store } from './store';
import { masterResources } from './master';
import { documentResources } from './documents';
import { paymentResources } from './payments';
import { analyticsResources } from './queries';
import { publishedResources, publishStandardPages } from './publishedPages';
import { ConcurrencyLimiter, ConcurrencyOptions, FaultRule, Faults, normaliseRoute, RateLimiter, RateLimitOptions, RequestLog } from './limits';
import { Webhooks, WebhookOptions } from './webhooks';
import { handleAdmin } from './admin';
import { metadataXml } from './csdl';
import { rejectWhenClientGone } from '../shared/clientGone';

export interface BusinessCentralOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Demo company seed (sandbox/seed). */
  seed?: number;
  /** Work date of the demo company (YYYY-MM-DD); documents default to it. */
  workDate?: string;
  /** Folder where the state is saved (after changes and on close) and loaded from at start. */
  dataDir?: string;
  /** Bearer tokens accepted, as a list (user = "bc-user-1", ...) or a map token → user name. */
  tokens?: string[] | Record<string, string>;
  /** Token for /_admin; when unset, /_admin needs no authentication. */
  adminToken?: string;
  /** Concurrent requests per user (default BC's 5 + queue 95, 8 min), or false to disable. */
  concurrency?: Partial<ConcurrencyOptions> | false;
  /** Request rate per user per window (default BC's 6,000 per 5 minutes), or null to disable. */
  rateLimit?: RateLimitOptions | null;
  /** Fault rules applied from the start (more can be added through /_admin/faults). */
  faults?: FaultRule[];
  faultSeed?: number;
  /** Largest request body accepted (default 10 MB); bigger gets 413. */
  maxBodyBytes?: number;
  /** Server page size (BC: 20,000); Prefer: odata.maxpagesize lowers it per request. */
  maxPageSize?: number;
  /** Status of a stale If-Match: 409 (Business Central) by default; 412 for clients that expect it. */
  staleEtagStatus?: 409 | 412;
  webhooks?: Partial<WebhookOptions>;
  /** Keep orders once completely shipped and invoiced (BC deletes them; default false). */
  keepFullyInvoicedOrders?: boolean;
  /** Maximum operations in a $batch (BC: 100). */
  maxBatchOperations?: number;
  /**
   * Standard pages published as OData V4 web services from the start (and after a reset): true = all the pages the
   * stand-in models under their standard service names, or a list of page ids. Default: none, as in a new company.
   */
  publishedPages?: boolean | number[];
}

export interface BusinessCentralServer {
  baseUrl: string;
  /** {baseUrl}/api/v2.0 */
  apiUrl: string;
  /** {apiUrl}/companies({companyId}) */
  companyUrl: string;
  /** {baseUrl}/api/microsoft/analytics/v1.0/companies({companyId}) */
  analyticsUrl: string;
  /** {baseUrl}/ODataV4/Company('{company name}') — where published pages are served. */
  odataV4Url: string;
  adminUrl: string;
  companyId: string;
  companyName: string;
  /** First accepted bearer token. */
  token: string;
  tokens: Record<string, string>;
  adminToken?: string;
  /** True when the state came from dataDir rather than the seed. */
  loadedFromDisk: boolean;
  requestLog: RequestLog;
  faults: Faults;
  store: Store;
  webhooks: Webhooks;
  rateLimiter: RateLimiter;
  concurrency: ConcurrencyLimiter | null;
  /** Sends pending webhook notifications now. */
  flushWebhooks(): Promise<void>;
  /** Writes the state to dataDir now (no-op without dataDir). */
  save(): void;
  close(): Promise<void>;
}

export const DEFAULT_TOKEN = 'bc-standin-token';
const API_V2 = '/api/v2.0';
const ANALYTICS = '/api/microsoft/analytics/v1.0';
const ODATA_V4 = '/ODataV4';

function tokenMap(tokens: BusinessCentralOptions['tokens']): Record<string, string> {
  if (!tokens) return { [DEFAULT_TOKEN]: 'BC-STANDIN-USER' };
  if (Array.isArray(tokens)) {
    if (!tokens.length) throw new Error('Business Central stand-in: "tokens" is empty; give at least one bearer token.');
    return Object.fromEntries(tokens.map((t, i) => [t, `BC-USER-${i + 1}`]));
  }
  if (!Object.keys(tokens).length) throw new Error('Business Central stand-in: "tokens" is empty; give at least one bearer token.');
  return { ...tokens };
}

function validateOptions(o: BusinessCentralOptions): void {
  const fail = (m: string): never => {
    throw new Error(`Business Central stand-in: ${m}`);
  };
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)) fail(`"port" must be an integer 0..65535, got ${o.port}.`);
  if (o.workDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.workDate)) fail(`"workDate" must be YYYY-MM-DD, got "${o.workDate}".`);
  if (o.maxBodyBytes !== undefined && !(o.maxBodyBytes > 0)) fail('"maxBodyBytes" must be greater than 0.');
  if (o.maxPageSize !== undefined && !(o.maxPageSize > 0)) fail('"maxPageSize" must be greater than 0.');
  if (o.staleEtagStatus !== undefined && o.staleEtagStatus !== 409 && o.staleEtagStatus !== 412) fail('"staleEtagStatus" must be 409 or 412.');
  if (o.rateLimit && (!(o.rateLimit.requests > 0) || !(o.rateLimit.windowMs > 0))) fail('"rateLimit" needs requests > 0 and windowMs > 0, or null to disable it.');
}

export async function startServer(options: BusinessCentralOptions = {}): Promise<BusinessCentralServer> {
  validateOptions(options);
  const { store, loaded } = Store.open(options.dataDir, options.seed, options.workDate);
  const tokens = tokenMap(options.tokens);
  const requestLog = new RequestLog();
  const faults = new Faults(options.faults ?? [], options.faultSeed ?? 1);
  const rateLimiter = new RateLimiter(options.rateLimit === undefined ? { requests: 6000, windowMs: 300000 } : options.rateLimit);
  const concurrency = options.concurrency === false ? null : new ConcurrencyLimiter({ perUser: 5, queueSize: 95, queueTimeoutMs: 8 * 60 * 1000, ...(options.concurrency ?? {}) });
  const webhooks = new Webhooks(store, {
    notificationDelayMs: 30000, subscriptionTtlMs: 3 * 24 * 3600 * 1000, handshakeTimeoutMs: 5000, collectionThreshold: 1000, maxSubscriptions: 200, retries: 3, retryDelayMs: 1000,
    ...(options.webhooks ?? {}),
  });
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const maxBatch = options.maxBatchOperations ?? 100;

  const registry: Record<string, Resource> = {};
  const get = (name: string): Resource => {
    const r = registry[name];
    if (!r) throw new Error(`Business Central stand-in: no resource ${name}`);
    return r;
  };
  Object.assign(registry, masterResources(get), documentResources(get), paymentResources(get));
  const handlerOptions = { staleEtagStatus: options.staleEtagStatus ?? 409, maxPageSize: options.maxPageSize ?? 20000 };
  const v2 = new ODataHandler(registry, { ...handlerOptions, readOnly: false }, API_V2);
  const analyticsRegistry = { companies: registry.companies, ...analyticsResources() };
  const analytics = new ODataHandler(analyticsRegistry, { ...handlerOptions, readOnly: true }, ANALYTICS);
  const publish = (): void => {
    if (options.publishedPages) publishStandardPages(store.state, options.publishedPages === true ? undefined : options.publishedPages);
  };
  if (!loaded) publish();
  /** GET …/ODataV4/Company('<name>')/<Service Name>: the published pages of the company named (case-sensitive, as BC). */
  const odataV4 = async (ctx: ServerContext, req: ApiRequest, rest: string, tx: <T>(fn: () => T, commit?: (r: T) => boolean) => T): Promise<ApiResponse> => {
    const m = /^Company\(([^)]*)\)(?:\/(.*))?$/.exec(rest);
    if (!m) throw errors.segmentNotFound(rest.split('/')[0] ?? '');
    let name: string;
    try {
      name = decodeURIComponent(m[1]);
    } catch {
      throw errors.querySyntax(`Invalid URL segment 'Company(${m[1]})'.`);
    }
    if (!/^'.*'$/.test(name) || name.slice(1, -1).replace(/''/g, "'") !== store.state.company.name) {
      throw new BcError(400, 'BadRequest', `Cannot open company ${name}: the company does not exist or you do not have access to it (the company name is case-sensitive).`);
    }
    const services = publishedResources(store.state);
    if (!m[2]) return jsonResponse(200, { '@odata.context': `${baseUrl}${ODATA_V4}/$metadata`, value: Object.keys(services).map((n) => ({ name: n, kind: 'EntitySet', url: n })) });
    if (req.method !== 'GET') throw errors.methodNotAllowed(req.method, m[2].split('/')[0]);
    const handler = new ODataHandler({ companies: registry.companies, ...services }, { ...handlerOptions, readOnly: true }, ODATA_V4);
    return handler.handle(ctx, req, `companies(${ctx.companyId})/${m[2]}`, tx);
  };

  let baseUrl = '';
  const ctxFor = (userId: string): ServerContext => ({
    store, apiRoot: `${baseUrl}${API_V2}`, baseUrl, companyId: store.state.company.id, userId, options: { keepFullyInvoicedOrders: !!options.keepFullyInvoicedOrders },
  });

  let saveTimer: NodeJS.Timeout | null = null;
  const save = (): void => {
    if (!options.dataDir) return;
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    store.save(options.dataDir);
  };
  const scheduleSave = (): void => {
    if (!options.dataDir || !store.dirty || saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      try {
        save();
      } catch (e) {
        process.stderr.write(`Business Central stand-in: could not save to ${options.dataDir}: ${(e as Error).message}\n`);
      }
    }, 200);
  };

  /** Executes one API request (top level or inside $batch). */
  const dispatch = async (req: ApiRequest, inBatch: boolean): Promise<ApiResponse> => {
    const path = req.url.pathname.replace(/\/+$/, '');
    const ctx = ctxFor(req.userId);
    const tx = <T>(fn: () => T, commit?: (r: T) => boolean): T => store.transaction(fn, commit);
    // A request that may write invalidates the store's indexes before and after (a $batch: each of its requests).
    const mayWrite = req.method !== 'GET' && path !== `${API_V2}/$batch`;
    if (mayWrite) store.changed();
    try {
      if (path === API_V2 || path === `${API_V2}/`) {
        return jsonResponse(200, { '@odata.context': `${baseUrl}${API_V2}/$metadata`, value: Object.keys(registry).map((name) => ({ name, kind: 'EntitySet', url: name })).concat([{ name: 'subscriptions', kind: 'EntitySet', url: 'subscriptions' }]) });
      }
      if (path === `${API_V2}/$metadata`) {
        if (req.method !== 'GET') throw errors.methodNotAllowed(req.method, '$metadata');
        return { status: 200, headers: { 'Content-Type': 'application/xml; charset=utf-8', 'OData-Version': '4.0' }, text: metadataXml(registry) };
      }
      if (path === `${API_V2}/$batch`) {
        if (inBatch) throw new BcError(400, 'BadRequest', 'A $batch request cannot contain another $batch request.');
        if (req.method !== 'POST') throw errors.methodNotAllowed(req.method, '$batch');
        return await runBatch(req);
      }
      if (path === `${API_V2}/subscriptions` || path.startsWith(`${API_V2}/subscriptions(`)) return await subscriptions(req, path, ctx);
      if (path.startsWith(`${API_V2}/`)) return await v2.handle(ctx, req, path.slice(API_V2.length + 1), tx);
      if (path.startsWith(`${ANALYTICS}/`)) return await analytics.handle(ctx, req, path.slice(ANALYTICS.length + 1), tx);
      if (path.startsWith(`${ODATA_V4}/`)) return await odataV4(ctx, req, path.slice(ODATA_V4.length + 1), tx);
      const first = path.split('/').filter(Boolean);
      throw errors.segmentNotFound(first[first.length - 1] ?? '');
    } catch (e) {
      if (e instanceof BcError) return errorResponse(e);
      return errorResponse(errors.internal(`The stand-in failed to process the request: ${(e as Error).message}`));
    } finally {
      if (mayWrite) store.changed();
      scheduleSave();
    }
  };

  const subscriptions = async (req: ApiRequest, path: string, ctx: ServerContext): Promise<ApiResponse> => {
    const m = /^\/api\/v2\.0\/subscriptions(?:\('([^']*)'\))?$/.exec(path);
    if (!m) throw errors.segmentNotFound(path.split('/').pop() ?? '');
    const ctxUrl = `${baseUrl}${API_V2}/$metadata#subscriptions`;
    if (m[1] === undefined) {
      if (req.method === 'GET') return jsonResponse(200, { '@odata.context': ctxUrl, value: webhooks.list().map((s) => webhooks.project(s)) });
      if (req.method === 'POST') {
        const row = await webhooks.create(req.body, req.userId, ctx.companyId);
        return jsonResponse(201, { '@odata.context': `${ctxUrl}/$entity`, ...webhooks.project(row) }, { Location: `${baseUrl}${API_V2}/subscriptions('${row.subscriptionId}')` });
      }
      throw errors.methodNotAllowed(req.method, 'subscriptions');
    }
    const row = webhooks.find(m[1]);
    if (!row) throw errors.recordNotFound('API Webhook Subscription', `Subscription Id='${m[1]}'`);
    const etag = webhooks.project(row)['@odata.etag'] as string;
    const ifMatch = req.headers['if-match'];
    const checkEtag = (required: boolean): void => {
      if (!ifMatch) {
        if (required) throw errors.missingEtag();
        return;
      }
      if (ifMatch !== '*' && ifMatch !== etag) throw errors.entityChanged(handlerOptions.staleEtagStatus);
    };
    if (req.method === 'GET') return jsonResponse(200, { '@odata.context': `${ctxUrl}/$entity`, ...webhooks.project(row) }, { ETag: etag });
    if (req.method === 'PATCH') {
      checkEtag(true);
      const renewed = await webhooks.renew(row, req.body ?? {}, ctx.companyId);
      return jsonResponse(200, { '@odata.context': `${ctxUrl}/$entity`, ...webhooks.project(renewed) });
    }
    if (req.method === 'DELETE') {
      checkEtag(false);
      webhooks.delete(row);
      return { status: 204, headers: { 'OData-Version': '4.0' } };
    }
    throw errors.methodNotAllowed(req.method, 'subscriptions');
  };

  const runBatch = async (req: ApiRequest): Promise<ApiResponse> => {
    const body = req.body as { requests?: unknown } | undefined;
    if (!body || typeof body !== 'object' || !Array.isArray(body.requests)) {
      throw errors.invalidBody('a JSON $batch body is {"requests":[{"id":"1","method":"GET","url":"companies(...)/items"}]}.');
    }
    const ops = body.requests as Array<Record<string, unknown>>;
    if (ops.length > maxBatch) throw new BcError(400, 'BadRequest', `The batch request contains ${ops.length} operations; the maximum is ${maxBatch}.`);
    const ids = new Set<string>();
    for (const [i, op] of ops.entries()) {
      if (!op || typeof op !== 'object') throw errors.invalidBody(`requests[${i}] must be an object.`);
      if (typeof op.id !== 'string' || !op.id) throw errors.invalidBody(`requests[${i}].id must be a non-empty string.`);
      if (ids.has(op.id)) throw errors.invalidBody(`requests[${i}].id '${op.id}' is used twice.`);
      ids.add(op.id);
      if (typeof op.method !== 'string' || !['GET', 'POST', 'PATCH', 'DELETE', 'PUT'].includes(op.method.toUpperCase())) throw errors.invalidBody(`requests[${i}].method must be GET, POST, PATCH or DELETE.`);
      if (typeof op.url !== 'string' || !op.url) throw errors.invalidBody(`requests[${i}].url must be a string.`);
      if (op.dependsOn !== undefined && (!Array.isArray(op.dependsOn) || op.dependsOn.some((d) => typeof d !== 'string' || !ids.has(d)))) {
        throw errors.invalidBody(`requests[${i}].dependsOn must list ids of earlier requests.`);
      }
    }
    const atomic = /snapshot/i.test(req.headers.isolation ?? '');
    const responses: Array<{ id: string; status: number; headers: Record<string, string>; body?: unknown }> = [];
    const failed = new Set<string>();
    const execute = async (): Promise<void> => {
      for (const op of ops) {
        const id = op.id as string;
        const deps = (op.dependsOn as string[] | undefined) ?? [];
        if (deps.some((d) => failed.has(d)) || (atomic && failed.size)) {
          failed.add(id);
          responses.push({ id, status: 424, headers: { 'Content-Type': 'application/json' }, body: { error: { code: 'BadRequest_FailedDependency', message: `The request was not executed because ${atomic ? 'an earlier request of this atomic batch' : `request ${deps.find((d) => failed.has(d))}`} failed.` } } });
          continue;
        }
        const started = Date.now();
        const rawUrl = op.url as string;
        const url = new URL(/^https?:\/\//i.test(rawUrl) ? rawUrl : rawUrl.startsWith('/') ? `${baseUrl}${rawUrl}` : `${baseUrl}${API_V2}/${rawUrl}`);
        const headers = Object.fromEntries(Object.entries((op.headers as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
        const res = await dispatch({ method: (op.method as string).toUpperCase(), url, headers, body: op.body, rawBody: op.body === undefined ? '' : JSON.stringify(op.body), userId: req.userId }, true);
        requestLog.record({ at: new Date().toISOString(), method: (op.method as string).toUpperCase(), route: normaliseRoute(url.pathname), url: url.pathname + url.search, status: res.status, ms: Date.now() - started, user: req.userId, batch: true });
        if (res.status >= 400) failed.add(id);
        responses.push({ id, status: res.status, headers: res.headers, body: res.body ?? (res.text !== undefined ? res.text : undefined) });
      }
    };
    if (atomic) {
      // Isolation: snapshot makes the batch one transaction: any failure rolls every change back.
      const token = store.begin();
      try {
        await execute();
      } catch (e) {
        store.abort(token);
        throw e;
      }
      if (failed.size) store.abort(token);
      else store.commit(token);
      if (failed.size) {
        const rolledBack = responses.map((r) => (r.status < 400 ? { id: r.id, status: 424, headers: { 'Content-Type': 'application/json' }, body: { error: { code: 'BadRequest_FailedDependency', message: 'Rolled back: another request of this batch (Isolation: snapshot) failed.' } } } : r));
        responses.splice(0, responses.length, ...rolledBack);
      }
    } else await execute();
    return jsonResponse(200, { responses });
  };

  const server = http.createServer((req, res) => {
    void onRequest(req, res);
  });
  server.headersTimeout = 30000;
  server.requestTimeout = 120000;
  server.keepAliveTimeout = 5000;
  const sockets = new Set<import('net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const send = (res: http.ServerResponse, r: ApiResponse): void => {
    if (res.headersSent || res.destroyed) return;
    const payload = r.text !== undefined ? r.text : r.body !== undefined ? JSON.stringify(r.body) : '';
    const headers: Record<string, string | number> = { ...r.headers };
    for (const k of Object.keys(headers)) if (headers[k] === '') delete headers[k];
    if (payload) headers['Content-Length'] = Buffer.byteLength(payload);
    res.writeHead(r.status, headers);
    res.end(payload);
  };

  const readBody = (req: http.IncomingMessage): Promise<{ text: string; tooLarge: boolean }> =>
    new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      let size = 0;
      let tooLarge = declared > maxBodyBytes;
      if (rejectWhenClientGone(req, reject)) return;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBodyBytes) tooLarge = true;
        if (!tooLarge) chunks.push(c);
      });
      req.on('end', () => resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge }));
      req.on('error', reject);
    });

  const authenticate = (req: http.IncomingMessage): string => {
    const h = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(h);
    const user = m ? tokens[m[1].trim()] : undefined;
    if (!user) throw errors.unauthorized();
    return user;
  };

  async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', baseUrl);
    } catch {
      send(res, errorResponse(errors.querySyntax('The request URL is not valid.')));
      return;
    }
    const route = normaliseRoute(url.pathname);
    let user = '-';
    res.on('close', () => requestLog.record({ at: new Date(started).toISOString(), method, route, url: url.pathname + url.search, status: res.headersSent ? res.statusCode : 0, ms: Date.now() - started, user }));
    let release: (() => void) | undefined;
    try {
      if (url.pathname === '/_admin' || url.pathname.startsWith('/_admin/')) {
        if (options.adminToken && req.headers.authorization !== `Bearer ${options.adminToken}`) throw errors.unauthorized();
        const body = await readBody(req);
        if (body.tooLarge) throw errors.bodyTooLarge(maxBodyBytes);
        const parsed = parseJson(body.text);
        store.changed();
        const r = await handleAdmin({ method, url, body: parsed, ctx: ctxFor('ADMIN'), store, faults, requestLog, webhooks, rateLimiter, concurrency, save, options, reset });
        store.changed();
        send(res, r);
        scheduleSave();
        return;
      }
      user = authenticate(req);
      rateLimiter.check(user);
      if (concurrency) release = await concurrency.acquire(user);
      // The body is read first: the server has the request and, like BC, still executes it when the client gives up
      // waiting (a create that lands after the client's timeout). Injected latency holds the user's slot, like a slow
      // request on a real server, and the slot is freed when the request ends, whether or not the client is still there.
      const body = await readBody(req);
      if (body.tooLarge) throw errors.bodyTooLarge(maxBodyBytes);
      const fault = faults.decide(method, route);
      if (fault.latencyMs) await new Promise((r) => setTimeout(r, fault.latencyMs));
      if (fault.drop) {
        req.socket.destroy();
        return;
      }
      if (fault.error) throw fault.error;
      const parsed = ['POST', 'PATCH', 'PUT'].includes(method) ? parseJson(body.text) : undefined;
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : v]));
      const r = await dispatch({ method, url, headers, body: parsed, rawBody: body.text, userId: user }, false);
      send(res, r);
    } catch (e) {
      const err = e instanceof BcError ? e : errors.internal(`The stand-in failed to process the request: ${(e as Error).message}`);
      if (err.status === 413) res.setHeader('Connection', 'close');
      send(res, errorResponse(err));
    } finally {
      release?.();
    }
  }

  const reset = (): void => {
    const fresh = Store.fromSeed(options.seed, options.workDate);
    store.state = fresh.state;
    publish();
    store.reindex();
    store.dirty = true;
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  baseUrl = `http://${host}:${addr.port}`;
  const companyId = store.state.company.id;
  let closed = false;
  return {
    baseUrl,
    apiUrl: `${baseUrl}${API_V2}`,
    companyUrl: `${baseUrl}${API_V2}/companies(${companyId})`,
    analyticsUrl: `${baseUrl}${ANALYTICS}/companies(${companyId})`,
    odataV4Url: `${baseUrl}${ODATA_V4}/Company('${encodeURIComponent(store.state.company.name.replace(/'/g, "''"))}')`,
    adminUrl: `${baseUrl}/_admin`,
    companyId,
    companyName: store.state.company.displayName,
    token: Object.keys(tokens)[0],
    tokens,
    adminToken: options.adminToken,
    loadedFromDisk: loaded,
    requestLog,
    faults,
    store,
    webhooks,
    rateLimiter,
    concurrency,
    flushWebhooks: () => webhooks.flush(),
    save,
    close: async () => {
      if (closed) return;
      closed = true;
      await webhooks.close();
      if (options.dataDir && store.dirty) save();
      if (saveTimer) clearTimeout(saveTimer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw errors.invalidBody(`the body is not valid JSON (${(e as Error).message}).`);
  }
}
