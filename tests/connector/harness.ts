/**
 * Test harness: both stand-ins in-process on free ports, seeded from the same demo company, a connector configured
 * against them, and small Web API helpers that do what the command bar does (create an order, submit it, queue the
 * request with the shared idempotency key).
 */
import { startBusinessCentral, type BusinessCentralOptions, type BusinessCentralServer } from '../../sandbox/businesscentral';
import { startDataverse, type DataverseOptions, type DataverseStandIn } from '../../sandbox/dataverse';
import { demoCompany } from '../../sandbox/seed';
import { loadConfig, type ConnectorConfig } from '../../connector/config';
import { startConnector, type Connector, type StartOptions } from '../../connector/connector';
import { memoryLogger } from '../../connector/log';
import { decideSubmission, orderSubmissionKey, quoteProcessingKey, requestKeyFilter } from '../../domain/idempotency';
import { normalizeId, orderSnapshotQuery, quoteSnapshotQuery, type OrderSnapshot, type QuoteSnapshot } from '../../domain/orderValidation';
import { IntegrationRequestColumns as C, RequestKind, RequestStatus, SalesOrderColumns as SO, SubmissionStatus, Tables } from '../../domain/schema';
import { QuoteState, QuoteStatus } from '../../domain/dataverseCodes';

/** Loosely typed JSON of Web API answers, for tests only. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const WEBHOOK_KEY = 'test-webhook-key-0123456789abcdef';

export interface Standins {
  bc: BusinessCentralServer;
  dv: DataverseStandIn;
  close(): Promise<void>;
}

/**
 * Both stand-ins, with the order and quote walls enabled the way an admin (or `register`) does it: the seeded
 * msdyn_postconfig rows switched on through the Web API. `walls: false` leaves them off (Dataverse then refuses
 * posts on orders and quotes).
 */
export async function startStandins(options: { bc?: BusinessCentralOptions; dv?: DataverseOptions; walls?: boolean } = {}): Promise<Standins> {
  const demo = demoCompany();
  const bc = await startBusinessCentral({ port: 0, ...(options.bc ?? {}) });
  const dv = await startDataverse({ port: 0, demo, connection: { apiBaseUrl: bc.apiUrl }, ...(options.dv ?? {}) });
  const h: Standins = {
    bc,
    dv,
    close: async () => {
      await dv.close();
      await bc.close();
    },
  };
  if (options.walls !== false) await enableWallsByHand(h);
  return h;
}

/** What an admin does in Post Configurations: activate the order and quote rows with their wall on. */
/** Both stand-ins for a whole test file: started before its tests, closed after them; `set` receives them. */
export function useStandins(set: (h: Standins) => void, options: Parameters<typeof startStandins>[0] = {}): void {
  let current: Standins | undefined;
  beforeAll(async () => {
    current = await startStandins(options);
    set(current);
  });
  afterAll(async () => {
    await current?.close();
  });
}

export async function enableWallsByHand(h: Standins, tables: string[] = ['salesorder', 'quote']): Promise<void> {
  const a = api(h);
  for (const t of tables) {
    const rows = await a.list(`msdyn_postconfigs?$select=msdyn_postconfigid&$filter=msdyn_entityname eq '${t}'`);
    if (rows.length) await a.patch('msdyn_postconfigs', rows[0].msdyn_postconfigid, { statecode: 0, statuscode: 1, msdyn_configurewall: true });
    else await a.create('msdyn_postconfigs', { msdyn_entityname: t, msdyn_configurewall: true });
  }
}

export function connectorEnv(h: Standins, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATAVERSE_URL: h.dv.baseUrl,
    DATAVERSE_TOKEN: h.dv.tokens.integration,
    BC_API_URL: h.bc.apiUrl,
    BC_COMPANY_ID: h.bc.companyId,
    BC_TOKEN: h.bc.token,
    CONNECTOR_WEBHOOK_KEY: WEBHOOK_KEY,
    CONNECTOR_HOST: '127.0.0.1',
    CONNECTOR_PORT: '0',
    CONNECTOR_HEALTH_PORT: '0',
    HTTP_TIMEOUT_SECONDS: '5',
    RETRY_BASE_SECONDS: '1',
    RETRY_MAX_SECONDS: '4',
    MAX_ATTEMPTS: '3',
    LEASE_SECONDS: '30',
    ...extra,
  };
}

export function connectorConfig(h: Standins, extra: Record<string, string> = {}): ConnectorConfig {
  const { config, problems } = loadConfig(connectorEnv(h, extra));
  if (problems.length) throw new Error(JSON.stringify(problems));
  return config;
}

export async function startTestConnector(h: Standins, extra: Record<string, string> = {}, options: StartOptions = {}): Promise<Connector & { log: ReturnType<typeof memoryLogger> }> {
  const log = memoryLogger('debug');
  const c = await startConnector(connectorConfig(h, extra), { schedules: false, log, ...options });
  return Object.assign(c, { log });
}

/** A Web API caller as one of the stand-in's users (admin by default). */
export function api(h: Standins, user = 'admin') {
  const token = h.dv.tokens[user];
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; headers: Headers }> => {
    const res = await fetch(`${h.dv.apiUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  const ok = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> => {
    const r = await call(method, path, body, headers);
    if (r.status >= 400) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return {
    call,
    get: (path: string) => ok('GET', path),
    list: async (path: string): Promise<Json[]> => (await ok('GET', path)).value,
    create: async (set: string, body: unknown): Promise<string> => {
      const r = await call('POST', set, body);
      if (r.status >= 400) throw new Error(`POST ${set} → ${r.status} ${JSON.stringify(r.body)}`);
      const m = /\(([0-9a-f-]{36})\)/i.exec(r.headers.get('odata-entityid') ?? '');
      return m ? m[1] : '';
    },
    patch: (set: string, id: string, body: unknown) => ok('PATCH', `${set}(${id})`, body),
  };
}

export interface LineSpec {
  productNumber?: string;
  unit?: string;
  quantity: number;
  price?: number;
  writeIn?: string;
  description?: string;
}

/** Creates an active order (as a salesperson would) and returns its id. */
export async function createOrder(h: Standins, spec: { accountNumber?: string | null; currency?: string; name?: string; lines: LineSpec[]; extra?: Record<string, unknown> }): Promise<string> {
  const a = api(h);
  const info = h.dv.seedInfo!;
  const body: Record<string, unknown> = {
    name: spec.name ?? 'Connector test order',
    'transactioncurrencyid@odata.bind': `/transactioncurrencies(${info.currencies[spec.currency ?? 'EUR']})`,
    'pricelevelid@odata.bind': `/pricelevels(${info.priceLists.STANDARD})`,
    ...(spec.extra ?? {}),
  };
  if (spec.accountNumber !== null) body['customerid_account@odata.bind'] = `/accounts(${info.accounts[spec.accountNumber ?? 'C10000']})`;
  const orderId = await a.create('salesorders', body);
  let n = 0;
  for (const l of spec.lines) {
    n += 1;
    const line: Record<string, unknown> = { 'salesorderid@odata.bind': `/salesorders(${orderId})`, sequencenumber: n, quantity: l.quantity };
    if (l.writeIn !== undefined) {
      line.isproductoverridden = true;
      line.productdescription = l.writeIn;
      line.priceperunit = l.price ?? 10;
      line.ispriceoverridden = true;
    } else {
      line['productid@odata.bind'] = `/products(${info.products[l.productNumber ?? 'SAF-0001']})`;
      line['uomid@odata.bind'] = `/uoms(${info.units[l.unit ?? 'PCS']})`;
      if (l.price !== undefined) {
        line.priceperunit = l.price;
        line.ispriceoverridden = true;
      }
    }
    if (l.description !== undefined) line.description = l.description;
    await a.create('salesorderdetails', line);
  }
  return orderId;
}

/** An activated quote of C10000 in EUR; lines may carry extra columns (e.g. a ship-from location). */
export async function createQuote(h: Standins, spec: { name?: string; lines: Array<{ productNumber: string; quantity: number; extra?: Record<string, unknown> }>; extra?: Record<string, unknown> }): Promise<string> {
  const a = api(h);
  const info = h.dv.seedInfo!;
  const quoteId = await a.create('quotes', {
    name: spec.name ?? 'Connector test quote',
    'customerid_account@odata.bind': `/accounts(${info.accounts.C10000})`,
    'transactioncurrencyid@odata.bind': `/transactioncurrencies(${info.currencies.EUR})`,
    'pricelevelid@odata.bind': `/pricelevels(${info.priceLists.STANDARD})`,
    ...(spec.extra ?? {}),
  });
  let n = 0;
  for (const l of spec.lines) {
    n += 1;
    await a.create('quotedetails', { 'quoteid@odata.bind': `/quotes(${quoteId})`, sequencenumber: n, 'productid@odata.bind': `/products(${info.products[l.productNumber]})`, 'uomid@odata.bind': `/uoms(${info.units.PCS})`, quantity: l.quantity, ...(l.extra ?? {}) });
  }
  await a.patch('quotes', quoteId, { statecode: QuoteState.active, statuscode: QuoteStatus.inProgress });
  return quoteId;
}

export async function readSnapshot(h: Standins, orderId: string): Promise<OrderSnapshot> {
  return api(h).get(`salesorders(${orderId})${orderSnapshotQuery()}`);
}

/** What "Submit to ERP" does: Submitted + queued, then the request with the shared idempotency key. */
export async function submitOrder(h: Standins, orderId: string, options: { setState?: boolean } = {}): Promise<string> {
  const a = api(h);
  const snapshot = await readSnapshot(h, orderId);
  if (options.setState !== false && snapshot.statecode === 0) {
    await a.patch('salesorders', orderId, { statecode: 1, statuscode: 3, [SO.submissionStatus]: SubmissionStatus.queued });
  }
  // The command bar's decision (domain/idempotency): a new round after a completed one, a failed one put back.
  const base = orderSubmissionKey(snapshot);
  const existing = (await a.list(`${Tables.integrationRequest.entitySet}?$select=erp_integrationrequestid,erp_idempotencykey,erp_status&$filter=${requestKeyFilter(base)}`)).map((r) => ({
    id: r.erp_integrationrequestid as string,
    key: r.erp_idempotencykey as string,
    status: r.erp_status as number,
  }));
  const decision = decideSubmission(base, existing);
  if (decision.action === 'track') return decision.requestId;
  if (decision.action === 'retry') {
    await a.patch(Tables.integrationRequest.entitySet, decision.requestId, { [C.status]: RequestStatus.pending });
    return decision.requestId;
  }
  return a.create(Tables.integrationRequest.entitySet, {
    [C.name]: `Submit ${snapshot.ordernumber}`,
    [C.kind]: RequestKind.submitOrder,
    [C.status]: RequestStatus.pending,
    [C.targetTable]: 'salesorder',
    [C.targetId]: normalizeId(orderId),
    [C.idempotencyKey]: decision.key,
    [`${C.connection}@odata.bind`]: `/${Tables.connection.entitySet}(${h.dv.seedInfo!.connectionId})`,
  });
}

export async function queueRequest(h: Standins, kind: number, table: string, id: string, key: string): Promise<string> {
  return api(h).create(Tables.integrationRequest.entitySet, {
    [C.name]: `${table} ${id}`,
    [C.kind]: kind,
    [C.status]: RequestStatus.pending,
    [C.targetTable]: table,
    [C.targetId]: normalizeId(id),
    [C.idempotencyKey]: key,
  });
}

export async function quoteKey(h: Standins, quoteId: string): Promise<string> {
  const q = (await api(h).get(`quotes(${quoteId})${quoteSnapshotQuery()}`)) as QuoteSnapshot;
  return quoteProcessingKey(q);
}

export async function request(h: Standins, id: string): Promise<Json> {
  return api(h).get(`${Tables.integrationRequest.entitySet}(${id})`);
}

/** BC stand-in helpers. */
export function bcApi(h: Standins) {
  const headers = { Authorization: `Bearer ${h.bc.token}`, 'Content-Type': 'application/json' };
  return {
    list: async (path: string): Promise<Json[]> => {
      const r = await fetch(`${h.bc.companyUrl}/${path}`, { headers });
      const j = await r.json();
      if (r.status >= 400) throw new Error(JSON.stringify(j));
      return j.value;
    },
    admin: async (method: string, path: string, body?: unknown): Promise<Json> => {
      const r = await fetch(`${h.bc.adminUrl}/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      if (r.status >= 400) throw new Error(`${method} ${path} → ${r.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
  };
}

/** Processes the queue until every given request is final (succeeded, failed or cancelled), waiting out retries. */
export async function drain(h: Standins, c: Connector, requestIds: string[], timeoutMs = 20_000): Promise<void> {
  const done = new Set<number>([RequestStatus.succeeded, RequestStatus.failed, RequestStatus.cancelled]);
  const end = Date.now() + timeoutMs;
  for (;;) {
    await c.processQueue();
    const states = await Promise.all(requestIds.map(async (id) => (await request(h, id)).erp_status as number));
    if (states.every((s) => done.has(s))) return;
    if (Date.now() > end) throw new Error(`requests not final after ${timeoutMs} ms: ${states.join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
