/**
 * The Dataverse Web API stand-in. `startDataverse()` starts an HTTP server on 127.0.0.1 (a free port by default)
 * that speaks /api/data/v9.2/ like Dataverse: the standard Sales tables plus every table and column of solution/src,
 * OData queries, $batch, ETags, security roles, service protection limits, webhooks, ImportSolution/ExportSolution,
 * seeded with the demo company. Client code runs unchanged against a real tenant by changing URL and token.
 */
import { ownerReach } from './principalAccess';
import * as fs from 'fs';
import * as path from 'path';
import { randomUUID } from 'crypto';
import type { AddressInfo, Socket } from 'net';
import { demoCompany, type DemoCompany, type DemoCompanyOptions } from '../seed';
import { Roles } from '../../domain/schema';
import { Catalog } from './metadata/catalog';
import { readSolutionFolder } from './metadata/solutionSource';
import type { SolutionContent } from './metadata/types';
import { Store } from './store';
import { Security, builtinRoles, BUILTIN_ROLE_IDS, type DataverseUser } from './security';
import { Engine, type RequestContext } from './engine';
import { buildActions, applyContent, stableId, type InsertedOption } from './actions';
import { readPackage } from './solutionPackage';
import { alignStandardPrivileges, checkSolutionRoles } from './privilegeCatalog';
import { checkEntityMaps } from './entityMaps';
import { ServiceProtection, type LimitOptions } from './limits';
import { Faults, RequestLog, type FaultRule } from './faults';
import { Webhooks, type WebhookOptions } from './webhooks';
import { createServer } from './server';
import { defaultUsers, ensureMessageFilters, seedDemo, seedPlatform, seedUsers, type DefaultUserPlan, type SeedInfo } from './seed';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const DEFAULT_SOLUTION_SOURCE = path.join(REPO_ROOT, 'solution/src');

/** Role names accepted in UserSpec.roles, besides role ids. */
export const ROLE_NAMES: Record<string, string> = {
  'System Administrator': BUILTIN_ROLE_IDS.systemAdministrator,
  Salesperson: BUILTIN_ROLE_IDS.salesperson,
  'Sales Read-Only': BUILTIN_ROLE_IDS.salesReadOnly,
  'System Customizer': BUILTIN_ROLE_IDS.systemCustomizer,
  [Roles.administrator.name]: Roles.administrator.id,
  [Roles.user.name]: Roles.user.id,
  [Roles.availabilityUser.name]: Roles.availabilityUser.id,
};

export interface UserSpec {
  /** Short name: the key of `tokens` and `users`. */
  key: string;
  fullName?: string;
  email?: string;
  /** Bearer token; `standin-<key>` when absent. */
  token?: string;
  /** Role names (System Administrator, Salesperson, Sales Read-Only, ERP Integration User...) or role ids. */
  roles: string[];
  isIntegrationUser?: boolean;
  languageId?: 1033 | 1036;
  salespersonCode?: string | null;
  /** systemuserid; derived from the key when absent. */
  id?: string;
}

export interface DataverseOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Seed the demo company (default true), or give the demo data / its options. */
  seed?: boolean | (DemoCompanyOptions & { seed?: number });
  /** The demo company to seed from (so the Business Central stand-in and this one share one object). */
  demo?: DemoCompany;
  /** Folder for optional JSON persistence (dataverse.json); a second start with the same folder reuses the data. */
  dataDir?: string;
  /** Unpacked solution source read at start-up (default solution/src); false serves the standard tables only. */
  solutionSource?: string | false;
  limits?: LimitOptions;
  faults?: FaultRule[];
  /** Extra users, or replacements of default ones (same key). */
  users?: UserSpec[];
  /** Token overrides for default users: { admin: '...', integration: '...' }. */
  tokens?: Record<string, string>;
  webhooks?: WebhookOptions;
  /** Values for the seeded erp_connection row. */
  connection?: { apiBaseUrl?: string; webClientUrl?: string };
  /** environmentvariablevalue rows to create: schema name → value. */
  environmentVariables?: Record<string, string>;
  organizationName?: string;
  /** /_admin endpoint (default true). */
  admin?: boolean;
  clock?: () => Date;
}

export interface UserInfo {
  key: string;
  id: string;
  fullName: string;
  email: string;
  token: string;
  roleIds: string[];
  isIntegrationUser: boolean;
  languageId: 1033 | 1036;
  salespersonCode: string | null;
}

export interface DataverseStandIn {
  /** http://127.0.0.1:<port> — what a real tenant's https://org.crm.dynamics.com is. */
  baseUrl: string;
  /** baseUrl + '/api/data/v9.2/' */
  apiUrl: string;
  port: number;
  /** user key → bearer token (admin, integration, salesperson, manager, availability, jd, sl, tw, eh...). */
  tokens: Record<string, string>;
  users: Record<string, UserInfo>;
  requestLog: RequestLog;
  faults: Faults;
  limits: ServiceProtection;
  webhooks: Webhooks;
  engine: Engine;
  /** The demo company the rows were seeded from (undefined with seed: false). */
  demo?: DemoCompany;
  /** Ids of notable seeded rows (uncoupled product/account, demo orders...). */
  seedInfo?: SeedInfo;
  /** Problems met while reading solution XML (unsupported types, dangling relationships...). */
  warnings: string[];
  addUser(spec: UserSpec): UserInfo;
  /** Writes the data folder now (it is also written shortly after each change). */
  save(): void;
  close(): Promise<void>;
}

function resolveRoles(names: string[], catalog: Catalog): string[] {
  return names.map((n) => {
    if (ROLE_NAMES[n]) return ROLE_NAMES[n];
    const byName = [...catalog.roles.values()].find((r) => r.name === n);
    if (byName) return byName.id;
    const id = n.replace(/[{}]/g, '').toLowerCase();
    if (/^[0-9a-f-]{36}$/.test(id)) return id;
    throw new Error(`Unknown role '${n}'. Use one of: ${[...new Set([...Object.keys(ROLE_NAMES), ...[...catalog.roles.values()].map((r) => r.name)])].join(', ')}, or a role id.`);
  });
}

const info = (u: DataverseUser): UserInfo => ({
  key: u.key,
  id: u.id,
  fullName: u.fullName,
  email: u.email,
  token: u.token,
  roleIds: [...u.roleIds],
  isIntegrationUser: u.isIntegrationUser,
  languageId: u.languageId,
  salespersonCode: u.salespersonCode ?? null,
});

export async function startDataverse(options: DataverseOptions = {}): Promise<DataverseStandIn> {
  const warnings: string[] = [];
  const clock = options.clock ?? (() => new Date());
  const catalog = new Catalog();
  alignStandardPrivileges(catalog);
  for (const r of builtinRoles()) catalog.roles.set(r.id, r);
  const sourceDir = options.solutionSource === false ? undefined : (options.solutionSource ?? DEFAULT_SOLUTION_SOURCE);
  let source: SolutionContent | undefined;
  if (sourceDir) {
    if (!fs.existsSync(sourceDir)) throw new Error(`solutionSource ${sourceDir} does not exist. Give the unpacked solution folder, or solutionSource: false for the standard tables only.`);
    source = readSolutionFolder(sourceDir, warnings);
    checkSolutionRoles(catalog, source);
    checkEntityMaps(source, catalog);
    catalog.apply(source);
  }

  const store = new Store(options.dataDir ? path.join(options.dataDir, 'dataverse.json') : undefined);
  const security = new Security(() => catalog.roles);
  security.reachesOwner = ownerReach(store);
  // The engine reports changes before the webhook dispatcher exists (seeding); nothing is registered then.
  const hooks: { current?: Webhooks } = {};
  const engine = new Engine(catalog, store, security, (e) => hooks.current?.onChange(e), clock);
  const system: DataverseUser = {
    key: 'system',
    id: stableId('systemuser:SYSTEM'),
    fullName: 'SYSTEM',
    email: 'system@localhost',
    token: randomUUID(),
    roleIds: [BUILTIN_ROLE_IDS.systemAdministrator],
    isIntegrationUser: true,
    languageId: 1033,
  };
  security.addUser(system);
  let apiUrl = '';
  let baseUrl = '';
  const systemContext = (): RequestContext => ({ user: system, annotations: () => false, apiUrl, correlationId: randomUUID() });

  const loaded = store.load();
  const packages = (store.meta.packages ??= {}) as Record<string, string>;
  if (loaded) {
    for (const zip of Object.values(packages)) catalog.apply((await readPackage(Buffer.from(zip, 'base64'), engine)).content);
  }

  for (const o of (store.meta.insertedOptions ?? []) as InsertedOption[]) {
    const c = catalog.table(o.table)?.columns.get(o.column);
    if (c && !c.options?.some((x) => x.value === o.value)) (c.options ??= []).push({ value: o.value, labels: o.labels });
  }

  const seedOpt = options.seed ?? true;
  const demo = options.demo ?? (seedOpt ? demoCompany(typeof seedOpt === 'object' ? seedOpt.seed : undefined, typeof seedOpt === 'object' ? seedOpt : {}) : undefined);
  const plans = new Map<string, DefaultUserPlan>(defaultUsers(demo).map((p) => [p.key, p]));
  const runtimeUsers = (store.meta.users ??= []) as UserSpec[];
  const toUser = (spec: UserSpec, plan?: DefaultUserPlan): DataverseUser => ({
    key: spec.key,
    id: (spec.id ?? stableId(`systemuser:${spec.key}`)).toLowerCase(),
    fullName: spec.fullName ?? plan?.fullName ?? spec.key,
    email: spec.email ?? plan?.email ?? `${spec.key}@stand-in.example`,
    token: spec.token ?? options.tokens?.[spec.key] ?? `standin-${spec.key}`,
    roleIds: resolveRoles(spec.roles, catalog),
    isIntegrationUser: spec.isIntegrationUser ?? plan?.isIntegrationUser ?? false,
    languageId: spec.languageId ?? plan?.languageId ?? 1033,
    salespersonCode: spec.salespersonCode ?? plan?.salespersonCode ?? null,
  });
  const users: DataverseUser[] = [];
  for (const plan of plans.values()) {
    const override = options.users?.find((u) => u.key === plan.key);
    users.push(toUser(override ?? { key: plan.key, roles: plan.roleIds }, plan));
  }
  for (const spec of [...(options.users ?? []).filter((u) => !plans.has(u.key)), ...runtimeUsers]) users.push(toUser(spec));
  for (const u of users) {
    if (loaded) for (const l of store.rows('systemuserroles')) if (l.systemuserid === u.id && !u.roleIds.includes(String(l.roleid))) u.roleIds.push(String(l.roleid));
    security.addUser(u);
  }

  const organizationName = options.organizationName ?? demo?.company.displayName ?? 'Stand-in Organization';
  let seedInfo = store.meta.seedInfo as SeedInfo | undefined;
  const ctx = systemContext();
  if (!loaded) {
    seedPlatform(engine, ctx, { organizationName, baseCurrency: { code: 'EUR', name: 'Euro', symbol: '€' } });
    if (source) applyContent({ engine, systemContext }, source);
    seedUsers(engine, ctx, users, plans);
    if (demo) {
      seedInfo = seedDemo(engine, ctx, demo, users, { connection: options.connection });
      store.meta.seedInfo = seedInfo;
    }
    ensureMessageFilters(engine, ctx);
  } else if (source) {
    applyContent({ engine, systemContext }, source);
    seedUsers(engine, ctx, users.filter((u) => !store.get('systemuser', u.id)), plans);
    ensureMessageFilters(engine, ctx);
  }
  for (const [schema, value] of Object.entries(options.environmentVariables ?? {})) {
    const def = [...store.rows('environmentvariabledefinition')].find((d) => String(d.schemaname).toLowerCase() === schema.toLowerCase());
    if (!def) throw new Error(`environmentVariables: no environment variable definition named ${schema}. Known: ${[...store.rows('environmentvariabledefinition')].map((d) => d.schemaname).join(', ')}.`);
    engine.upsertRaw(ctx, catalog.table('environmentvariablevalue')!, stableId(`envvalue:${schema.toLowerCase()}`), {
      value,
      environmentvariabledefinitionid: { id: String(def.environmentvariabledefinitionid), table: 'environmentvariabledefinition' },
    });
  }
  if (options.connection && seedInfo?.connectionId && loaded) {
    const values: Record<string, string> = {};
    if (options.connection.apiBaseUrl) values.erp_apibaseurl = options.connection.apiBaseUrl;
    if (options.connection.webClientUrl) values.erp_webclienturl = options.connection.webClientUrl;
    if (Object.keys(values).length) engine.upsertRaw(ctx, catalog.table('erp_connection')!, seedInfo.connectionId, values);
  }
  warnings.push(...catalog.warnings);

  const limits = new ServiceProtection(options.limits);
  const faults = new Faults(options.faults ?? []);
  const requestLog = new RequestLog();
  const host = options.host ?? '127.0.0.1';
  const webhooks = new Webhooks(engine, { name: organizationName, host: () => new URL(baseUrl || 'http://localhost').host }, options.webhooks);
  hooks.current = webhooks;
  const actions = buildActions({
    engine,
    systemContext,
    rememberPackage: (name, zip) => {
      packages[name] = zip;
      store.markDirty();
    },
    packageOf: (name) => Object.entries(packages).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1],
    onImported: (_content, w) => {
      warnings.push(...w);
      ensureMessageFilters(engine, systemContext());
      for (const u of security.users()) u.roleIds = [...new Set(u.roleIds)];
    },
  });

  const addUser = (spec: UserSpec): UserInfo => {
    if (!spec?.key || !Array.isArray(spec.roles)) throw new Error('A user needs a key and roles, e.g. {"key":"buyer","roles":["Salesperson"]}.');
    const u = toUser(spec);
    security.addUser(u);
    seedUsers(engine, systemContext(), [u], new Map());
    const i = runtimeUsers.findIndex((x) => x.key === spec.key);
    if (i >= 0) runtimeUsers[i] = spec;
    else runtimeUsers.push(spec);
    store.markDirty();
    handle.tokens[u.key] = u.token;
    handle.users[u.key] = info(u);
    return info(u);
  };

  const server = createServer({
    engine,
    actions,
    limits,
    faults,
    log: requestLog,
    webhooks,
    apiUrl: () => apiUrl,
    baseUrl: () => baseUrl,
    admin: options.admin ?? true,
    addUser: (spec) => {
      const u = addUser(spec as unknown as UserSpec);
      return security.userByKey(u.key)!;
    },
    save: () => {
      store.markDirty();
      store.save();
    },
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  apiUrl = `${baseUrl}/api/data/v9.2/`;
  store.markDirty();
  store.save();

  const visible = security.users().filter((u) => u.key !== 'system');
  const handle: DataverseStandIn = {
    baseUrl,
    apiUrl,
    port,
    tokens: Object.fromEntries(visible.map((u) => [u.key, u.token])),
    users: Object.fromEntries(visible.map((u) => [u.key, info(u)])),
    requestLog,
    faults,
    limits,
    webhooks,
    engine,
    demo,
    seedInfo,
    warnings,
    addUser,
    save: () => {
      store.markDirty();
      store.save();
    },
    close: async () => {
      webhooks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      store.close();
    },
  };
  return handle;
}

export { Codes, DataverseError } from './errors';
export type { FaultRule, LimitOptions, WebhookOptions, SeedInfo };
export { BUILTIN_ROLE_IDS } from './security';
