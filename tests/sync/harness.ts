/* eslint-disable @typescript-eslint/no-explicit-any -- Web API JSON bodies are read field by field in assertions */
/**
 * Synchronisation test harness: both stand-ins in-process on free ports, seeded from one demo company (or empty,
 * for the benchmark), the connector's services configured against them, and a sync context.
 */
import { startBusinessCentral, type BusinessCentralOptions, type BusinessCentralServer } from '../../sandbox/businesscentral';
import { startDataverse, type DataverseOptions, type DataverseStandIn } from '../../sandbox/dataverse';
import { demoCompany } from '../../sandbox/seed';
import { loadConfig, type ConnectorConfig } from '../../connector/config';
import { createServices } from '../../connector/connector';
import { memoryLogger } from '../../connector/log';
import type { Services } from '../../connector/services';
import { createSyncContext, type SyncContext, type SyncOptions } from '../../connector/sync/context';

export interface SyncHarness {
  bc: BusinessCentralServer;
  dv: DataverseStandIn;
  config: ConnectorConfig;
  services: Services;
  ctx(options?: SyncOptions): Promise<SyncContext>;
  /** Dataverse Web API as a stand-in user (admin by default). */
  dvApi(user?: string): WebApi;
  bcApi(): WebApi;
  close(): Promise<void>;
}

export interface WebApi {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  get(path: string): Promise<any>;
  list(path: string): Promise<any[]>;
  post(path: string, body: unknown): Promise<any>;
  patch(path: string, body: unknown): Promise<any>;
}

function webApi(base: string, token: string): WebApi {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json', 'If-Match': '*', Prefer: 'return=representation', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const ok = async (method: string, path: string, body?: unknown): Promise<any> => {
    const r = await call(method, path, body);
    if (r.status >= 400) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return { call, get: (p) => ok('GET', p), list: async (p) => (await ok('GET', p)).value, post: (p, b) => ok('POST', p, b), patch: (p, b) => ok('PATCH', p, b) };
}

/** A clock tests can move forward (leases, intervals). */
export const clock = { offsetMs: 0, now: (): Date => new Date(Date.now() + clock.offsetMs) };

export async function startSyncHarness(options: { bc?: BusinessCentralOptions; dv?: DataverseOptions; env?: Record<string, string> } = {}): Promise<SyncHarness> {
  const demo = demoCompany();
  // The standard pages the price-list mappings read are published (as an admin would: docs/connector.md).
  const bc = await startBusinessCentral({ port: 0, publishedPages: true, ...(options.bc ?? {}) });
  const dv = await startDataverse({ port: 0, demo, connection: { apiBaseUrl: bc.apiUrl }, ...(options.dv ?? {}) });
  const { config, problems } = loadConfig({
    DATAVERSE_URL: dv.baseUrl,
    DATAVERSE_TOKEN: dv.tokens.integration,
    BC_API_URL: bc.apiUrl,
    BC_COMPANY_ID: bc.companyId,
    BC_TOKEN: bc.token,
    CONNECTOR_WEBHOOK_KEY: 'sync-test-webhook-key-0123456789',
    HTTP_TIMEOUT_SECONDS: '30',
    ...(options.env ?? {}),
  });
  if (problems.length) throw new Error(JSON.stringify(problems));
  const services = createServices(config, { log: memoryLogger('warn'), now: clock.now });
  return {
    bc,
    dv,
    config,
    services,
    ctx: (o = {}) => createSyncContext(services, o),
    dvApi: (user = 'admin') => webApi(dv.apiUrl, dv.tokens[user]),
    bcApi: () => webApi(`${bc.companyUrl}/`, bc.token),
    close: async () => {
      await dv.close();
      await bc.close();
    },
  };
}
