/**
 * The sandbox page server (127.0.0.1 only): serves the page, proxies the Web API to the Dataverse stand-in with the
 * signed-in demo user's token (tokens never reach the browser: the page holds a cookie naming the demo user, the
 * server adds the bearer token), serves the web resources and control files from the imported solution zip, drives
 * the ERP back office for the ERP console, and starts/stops the connector.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { EntityInfo, FormDef, FormEventRegistration, Labels, Lcid, RolePrivilegeInfo, SolutionManifest, ViewDef } from '../shared/model';
import { bundlePage } from './bundle';
import type { SolutionPackage } from './solution/package';
import { pageHtml } from './html';

export interface SandboxUserDef {
  key: string;
  token: string;
  id: string;
  fullName: string;
  email?: string;
  roles: { id: string; name: string }[];
  description: Labels;
  /** "verb:table" privileges (lower case) for ribbon privilege rules. */
  privileges?: string[];
  /** The "verb:table" privileges held at Basic depth only: they apply to the user's own records. */
  basicPrivileges?: string[];
  /** The user's role privileges under their real names, for userSettings.getSecurityRolePrivilegesInfo(). */
  rolePrivileges?: RolePrivilegeInfo[];
}

export interface ConnectorSwitch {
  isRunning(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PageServerOptions {
  host?: string;
  port?: number;
  /** Dataverse stand-in Web API root, ending with /api/data/v9.2/. */
  dataverseApiUrl: string;
  businessCentral: { adminUrl: string; token: string; adminToken?: string };
  solution: SolutionPackage;
  entities: EntityInfo[];
  views: Record<string, ViewDef[]>;
  forms: Record<string, FormDef>;
  formEvents: FormEventRegistration[];
  users: SandboxUserDef[];
  defaultUser: string;
  defaultLcid?: Lcid;
  orgLcid?: Lcid;
  orgName?: string;
  orgId?: string;
  connector?: ConnectorSwitch;
  /** The web client address Open in ERP links use; the page shows such links in its ERP console. */
  erpWebClientUrl?: string;
  log?: (line: string) => void;
}

export interface PageServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Bundle time of the page (figures for the docs). */
  bundleMs: number;
}

const COOKIE_USER = 'erplink_sandbox_user';
const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0f6cbd"/><path d="M4 8h8M8 4v8" stroke="#fff" stroke-width="2"/></svg>';
const COOKIE_LANG = 'erplink_sandbox_lang';
const MAX_BODY = 20 * 1024 * 1024;

function cookies(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k) out[k] = decodeURIComponent(v.join('='));
  }
  return out;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('The request body is larger than 20 MB.'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const isBuffer = Buffer.isBuffer(body);
  const text = isBuffer ? (body as Buffer) : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': isBuffer || typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

const sendError = (res: http.ServerResponse, status: number, message: string) => send(res, status, { error: { code: String(status), message } });

const CONTENT_TYPES: Record<number, string> = {
  1: 'text/html; charset=utf-8',
  2: 'text/css; charset=utf-8',
  3: 'application/javascript; charset=utf-8',
  4: 'application/xml; charset=utf-8',
  5: 'image/png',
  6: 'image/jpeg',
  7: 'image/gif',
  10: 'image/x-icon',
  11: 'image/svg+xml',
  12: 'application/xml; charset=utf-8',
};

function fileType(name: string): string {
  if (name.endsWith('.js')) return 'application/javascript; charset=utf-8';
  if (name.endsWith('.css')) return 'text/css; charset=utf-8';
  if (name.endsWith('.xml') || name.endsWith('.resx')) return 'application/xml; charset=utf-8';
  if (name.endsWith('.svg')) return 'image/svg+xml';
  if (name.endsWith('.png')) return 'image/png';
  return 'application/octet-stream';
}

/** Hop-by-hop and browser headers that must not be forwarded to the stand-in. */
const FORWARD_REQUEST_HEADERS = ['accept', 'content-type', 'prefer', 'if-match', 'if-none-match', 'odata-version', 'odata-maxversion', 'mscrm.suppressduplicatedetection', 'consistency'];
const FORWARD_RESPONSE_HEADERS = ['content-type', 'odata-entityid', 'odata-version', 'etag', 'preference-applied', 'location', 'retry-after', 'x-ms-service-request-id'];

function clientGlobalContext(c: { userId: string; userName: string; lcid: number; orgLcid: number; orgName: string }): string {
  return `/* ClientGlobalContext.js.aspx (sandbox) */
function GetGlobalContext() {
  var c = ${JSON.stringify(c)};
  return {
    getClientUrl: function () { return window.location.origin; },
    getUserId: function () { return c.userId; },
    getUserName: function () { return c.userName; },
    getUserLcid: function () { return c.lcid; },
    getOrgLcid: function () { return c.orgLcid; },
    getOrgUniqueName: function () { return c.orgName; },
    getVersion: function () { return '9.2.0.0'; },
    userSettings: { userId: c.userId, userName: c.userName, languageId: c.lcid },
    organizationSettings: { languageId: c.orgLcid, uniqueName: c.orgName }
  };
}
`;
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const log = options.log ?? (() => undefined);
  const bundle = await bundlePage();
  const html = pageHtml();
  const usersByKey = new Map(options.users.map((u) => [u.key, u]));
  if (!usersByKey.has(options.defaultUser)) throw new Error(`The default sandbox user "${options.defaultUser}" is not one of: ${[...usersByKey.keys()].join(', ')}.`);
  const apiRoot = options.dataverseApiUrl.endsWith('/') ? options.dataverseApiUrl : `${options.dataverseApiUrl}/`;

  const manifest: SolutionManifest = {
    uniqueName: options.solution.uniqueName,
    version: options.solution.version,
    ribbons: Object.fromEntries([...options.solution.entities.values()].filter((e) => e.ribbon).map((e) => [e.logicalName, e.ribbon!])),
    views: options.views,
    controls: [...options.solution.controls.values()].map(({ files: _files, ...def }) => def),
    webResources: [...options.solution.webResources.values()].map(({ content: _content, ...w }) => w),
    forms: options.forms,
    formEvents: options.formEvents,
  };

  const sessionOf = (req: http.IncomingMessage) => {
    const c = cookies(req);
    const user = usersByKey.get(c[COOKIE_USER] ?? '') ?? usersByKey.get(options.defaultUser)!;
    const lcid: Lcid = c[COOKIE_LANG] === '1036' ? 1036 : c[COOKIE_LANG] === '1033' ? 1033 : (options.defaultLcid ?? 1033);
    return { user, lcid };
  };

  const connectorState = () => ({ available: !!options.connector, running: options.connector?.isRunning() ?? false });

  async function proxyDataverse(req: http.IncomingMessage, res: http.ServerResponse, pathAndQuery: string): Promise<void> {
    const { user } = sessionOf(req);
    const headers: Record<string, string> = { Authorization: `Bearer ${user.token}` };
    for (const h of FORWARD_REQUEST_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    const upstream = await fetch(apiRoot + pathAndQuery, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined });
    const out: Record<string, string> = { 'Cache-Control': 'no-store' };
    for (const h of FORWARD_RESPONSE_HEADERS) {
      let v = upstream.headers.get(h);
      // The stand-in's absolute URLs (nextLink, OData-EntityId) point at its own port: rewrite them to ours.
      if (v && (h === 'odata-entityid' || h === 'location')) v = v.replace(apiRoot, '/api/data/v9.2/');
      if (v) out[h] = v;
    }
    const buf = Buffer.from(await upstream.arrayBuffer());
    const text = buf.length && /json/.test(out['content-type'] ?? '') ? buf.toString('utf8').split(apiRoot).join('/api/data/v9.2/') : null;
    res.writeHead(upstream.status, out);
    res.end(text ?? buf);
  }

  async function proxyErp(req: http.IncomingMessage, res: http.ServerResponse, rest: string): Promise<void> {
    const [kind, ...pathParts] = rest.split('/');
    const path = pathParts.join('/');
    let url: string;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (kind === 'admin') {
      url = `${options.businessCentral.adminUrl}/${path}`;
      if (options.businessCentral.adminToken) headers.Authorization = `Bearer ${options.businessCentral.adminToken}`;
    } else {
      sendError(res, 404, `Unknown ERP console route ${rest}.`);
      return;
    }
    const body = req.method === 'GET' || req.method === 'DELETE' ? undefined : await readBody(req);
    if (body) headers['Content-Type'] = 'application/json';
    const upstream = await fetch(url, { method: req.method, headers, body: body ? new Uint8Array(body) : undefined });
    const text = await upstream.text();
    res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? 'application/json', 'Cache-Control': 'no-store' });
    res.end(text);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';

    if (path.startsWith('/api/data/v9.2/')) return proxyDataverse(req, res, req.url!.slice('/api/data/v9.2/'.length));

    if (method === 'GET' && (path === '/' || path === '/index.html')) return send(res, 200, html, { 'Content-Type': 'text/html; charset=utf-8' });
    if (method === 'GET' && path === '/main.aspx') {
      // Dataverse's record links (pagetype=entityrecord&etn=…&id=…), as pages and reports build them: the page's form.
      const etn = url.searchParams.get('etn') ?? '';
      const id = (url.searchParams.get('id') ?? '').replace(/[{}]/g, '');
      if (url.searchParams.get('pagetype') !== 'entityrecord' || !/^[a-z_]+$/.test(etn) || !/^[0-9a-f-]{36}$/i.test(id)) return sendError(res, 404, 'The sandbox opens main.aspx?pagetype=entityrecord&etn=<table>&id=<guid> links only.');
      res.writeHead(302, { Location: `/#/form/${etn}/${id.toLowerCase()}` });
      res.end();
      return;
    }
    if (method === 'GET' && path === '/favicon.ico') return send(res, 200, FAVICON, { 'Content-Type': 'image/svg+xml' });
    if (method === 'GET' && path === '/app.js') return send(res, 200, bundle.js, { 'Content-Type': 'application/javascript; charset=utf-8' });

    if (method === 'GET' && path === '/WebResources/ClientGlobalContext.js.aspx') {
      // What HTML web resources include to learn the org URL and the user's language (no token in it).
      const { user, lcid } = sessionOf(req);
      const ctx = { userId: `{${user.id.toUpperCase()}}`, userName: user.fullName, lcid, orgLcid: options.orgLcid ?? 1033, orgName: options.orgName ?? '' };
      return send(res, 200, clientGlobalContext(ctx), { 'Content-Type': 'application/javascript; charset=utf-8' });
    }
    if (method === 'GET' && path.startsWith('/WebResources/')) {
      const name = path.slice('/WebResources/'.length);
      const wr = options.solution.webResources.get(name);
      if (!wr) return sendError(res, 404, `Web resource ${name} is not in the imported solution.`);
      return send(res, 200, wr.content, { 'Content-Type': CONTENT_TYPES[wr.type] ?? 'application/octet-stream' });
    }

    if (method === 'GET' && path.startsWith('/Controls/')) {
      const rest = path.slice('/Controls/'.length);
      for (const c of options.solution.controls.values()) {
        const folder = c.folder.replace(/^Controls\//, '');
        if (rest.startsWith(`${folder}/`)) {
          const file = c.files.get(rest.slice(folder.length + 1));
          if (file) return send(res, 200, file, { 'Content-Type': fileType(rest) });
        }
      }
      return sendError(res, 404, `No control file ${rest} in the imported solution.`);
    }

    if (path.startsWith('/sandbox/api/')) {
      const route = path.slice('/sandbox/api/'.length);
      if (method === 'GET' && route === 'boot') {
        const { user, lcid } = sessionOf(req);
        return send(res, 200, {
          session: {
            user: { key: user.key, id: user.id, fullName: user.fullName, email: user.email, roles: user.roles },
            users: options.users.map((u) => ({ key: u.key, fullName: u.fullName, description: u.description })),
            lcid,
            orgLcid: options.orgLcid ?? 1033,
            orgName: options.orgName ?? 'erplink-sandbox',
            orgId: options.orgId ?? '',
            connector: connectorState(),
            erpWebClientUrl: options.erpWebClientUrl,
            privileges: user.privileges,
            basicPrivileges: user.basicPrivileges,
            rolePrivileges: user.rolePrivileges,
          },
          manifest,
          entities: options.entities,
        });
      }
      if (method === 'POST' && route === 'session') {
        const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { user?: string; lcid?: number };
        const set: string[] = [];
        if (body.user !== undefined) {
          if (!usersByKey.has(body.user)) return sendError(res, 400, `Unknown sandbox user "${body.user}". Use one of: ${[...usersByKey.keys()].join(', ')}.`);
          set.push(`${COOKIE_USER}=${encodeURIComponent(body.user)}; Path=/; HttpOnly; SameSite=Strict`);
        }
        if (body.lcid !== undefined) {
          if (body.lcid !== 1033 && body.lcid !== 1036) return sendError(res, 400, `Unsupported language ${body.lcid}: use 1033 (English) or 1036 (French).`);
          set.push(`${COOKIE_LANG}=${body.lcid}; Path=/; SameSite=Strict`);
        }
        res.setHeader('Set-Cookie', set);
        return send(res, 200, { ok: true });
      }
      if (route === 'connector' && method === 'GET') return send(res, 200, connectorState());
      if ((route === 'connector/start' || route === 'connector/stop') && method === 'POST') {
        if (!options.connector) return sendError(res, 409, 'The connector is not part of this sandbox run.');
        if (route.endsWith('start')) await options.connector.start();
        else await options.connector.stop();
        log(`connector ${route.endsWith('start') ? 'started' : 'stopped'} from the page`);
        return send(res, 200, connectorState());
      }
      if (route.startsWith('erp/')) return proxyErp(req, res, route.slice('erp/'.length) + url.search);
      return sendError(res, 404, `Unknown sandbox route ${route}.`);
    }
    return sendError(res, 404, `Not found: ${path}`);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`page server error on ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) sendError(res, 502, e instanceof Error ? e.message : String(e));
      else res.end();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`,
    port,
    bundleMs: bundle.ms,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
