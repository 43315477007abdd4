/**
 * `startSandbox()`: the whole product on one machine, in-process. Starts the Business Central and Dataverse stand-ins
 * with the demo company, imports the built solution zip through ImportSolution, puts the controls on the forms
 * (configure-forms, as an admin would after install), starts the connector and registers its webhook, then serves
 * the page. `npm start` and the end-to-end tests both use it.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { startBusinessCentral, type BusinessCentralServer } from '../businesscentral';
import { startDataverse, type DataverseStandIn } from '../dataverse';
import { loadConfig, formatConfigProblems, type ConnectorConfig } from '../../connector/config';
import { startConnector, type Connector } from '../../connector/connector';
import { createLogger } from '../../connector/log';
import { configureForms, DataverseClient as FormsClient } from '../../solution/tools/configure-forms';
import type { EntityInfo, Labels, Lcid, ViewDef } from './shared/model';
import { standardViews } from './server/defaults/views';
import { assembleForms, readSystemForms } from './server/forms';
import { basicPrivilegesFromStandIn, privilegesFromStandIn, rolePrivilegesFromStandIn, PAGE_TABLES } from './server/standInMetadata';
import { loadEntityDefinitions, withFallbackLabels } from './server/metadata';
import { startPageServer, type ConnectorSwitch, type PageServer, type SandboxUserDef } from './server/pageServer';
import { readSolutionPackage } from './server/solution/package';
import { latestSolutionZip } from './server/solution/locate';
import { ensureDemoOrder, type DemoOrder } from './demoData';
import { EnvironmentVariables } from '../../domain/schema';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const DEFAULT_PORT = 4280;
/** Where Open in ERP points: the sandbox page intercepts this address and shows the ERP console instead. */
export const SANDBOX_WEB_CLIENT_URL = 'https://businesscentral.dynamics.com/erplink-sandbox/Sandbox/';

export interface SandboxOptions {
  host?: string;
  /** Page port; 0 picks a free one (tests). Default 4280. */
  port?: number;
  /** Persistence folder (null: memory only). */
  dataDir?: string | null;
  /** Solution zip to import (default: the newest solution/bin/ErpLink_*.zip). */
  solutionZip?: string;
  /** Work date of the demo company on first start (YYYY-MM-DD); default the seed's. */
  workDate?: string;
  /** false: no connector. Intervals in seconds make ERP events show up faster (tests). */
  connector?: false | { eventsIntervalSeconds?: number; pollIntervalSeconds?: number; couplingIntervalSeconds?: number };
  defaultUser?: string;
  defaultLcid?: Lcid;
  /** erp_SubmissionTimeoutSeconds: how long Submit to ERP waits for the connector before saying it takes longer. */
  submissionTimeoutSeconds?: number;
  /** erp_SubmissionDialogSeconds: how long Submit to ERP shows its progress before letting the user work on. */
  submissionDialogSeconds?: number;
  log?: (line: string) => void;
  /** Where the connector's JSON log lines go (default: dropped unless warn/error, which go to log). */
  connectorLog?: (line: string) => void;
}

export interface ConnectorHandle extends ConnectorSwitch {
  current(): Connector | null;
  config: ConnectorConfig;
}

export interface Sandbox {
  url: string;
  page: PageServer;
  dataverse: DataverseStandIn;
  bc: BusinessCentralServer;
  connector: ConnectorHandle | null;
  /** Milliseconds per start step, for the docs. */
  timings: Record<string, number>;
  reusedData: boolean;
  /** The demo order with a product the ERP does not know (null when the demo data has none). */
  demoOrder: DemoOrder | null;
  stop(): Promise<void>;
}

/** The three people the page lets you be: what each can do is what their roles allow on the stand-in. */
const PAGE_USERS: { key: string; description: Labels }[] = [
  { key: 'salesperson', description: { 1033: 'Salesperson · ERP Integration User', 1036: 'Commercial · Utilisateur intégration ERP' } },
  { key: 'jd', description: { 1033: 'Another salesperson · ERP Integration User', 1036: 'Autre commercial · Utilisateur intégration ERP' } },
  { key: 'availability', description: { 1033: 'Sales Read-Only · ERP Product Availability User', 1036: 'Ventes lecture seule · Utilisateur disponibilité produits ERP' } },
  { key: 'noerp', description: { 1033: 'Salesperson without an ERP role', 1036: 'Commercial sans rôle ERP' } },
  { key: 'admin', description: { 1033: 'System Administrator (setup)', 1036: 'Administrateur système (paramétrage)' } },
];

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function sandboxState(dataDir: string | null): { webhookKey: string } {
  const fresh = { webhookKey: crypto.randomBytes(24).toString('hex') };
  if (!dataDir) return fresh;
  const file = path.join(dataDir, 'sandbox.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as { webhookKey: string };
  fs.writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  return fresh;
}

async function importSolution(dv: DataverseStandIn, zip: Buffer): Promise<void> {
  const r = await fetch(`${dv.apiUrl}ImportSolution`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dv.tokens.admin}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ OverwriteUnmanagedCustomizations: true, PublishWorkflows: true, ImportJobId: crypto.randomUUID(), CustomizationFile: zip.toString('base64') }),
  });
  if (!r.ok) throw new Error(`ImportSolution of the built zip failed with HTTP ${r.status}: ${(await r.text()).slice(0, 500)}`);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const r = await work();
    timings[name] = Date.now() - t0;
    return r;
  };
  const dataDir = options.dataDir ?? null;
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const reusedData = !!dataDir && fs.existsSync(path.join(dataDir, 'dataverse', 'dataverse.json'));
  const state = sandboxState(dataDir);
  const zipPath = options.solutionZip ?? latestSolutionZip(REPO_ROOT);
  const zip = fs.readFileSync(zipPath);

  const started: { close(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.close().catch(() => undefined);
  };
  try {
    const pagePort = options.port === 0 ? await freePort(host) : (options.port ?? DEFAULT_PORT);
    const bc = await step('businessCentral', () =>
      // The demo company has the optional standard pages published (tracking numbers, price lists: docs/connector.md).
      startBusinessCentral({ host, port: 0, dataDir: dataDir ? path.join(dataDir, 'businesscentral') : undefined, workDate: options.workDate, webhooks: { notificationDelayMs: 500 }, publishedPages: true }),
    );
    started.push(bc);
    const dv = await step('dataverse', () =>
      startDataverse({
        host,
        port: 0,
        dataDir: dataDir ? path.join(dataDir, 'dataverse') : undefined,
        seed: options.workDate ? { workDate: options.workDate } : true,
        connection: { apiBaseUrl: bc.apiUrl, webClientUrl: SANDBOX_WEB_CLIENT_URL },
        environmentVariables:
          options.submissionTimeoutSeconds || options.submissionDialogSeconds
            ? {
                ...(options.submissionTimeoutSeconds ? { [EnvironmentVariables.submissionTimeoutSeconds]: String(options.submissionTimeoutSeconds) } : {}),
                ...(options.submissionDialogSeconds ? { [EnvironmentVariables.submissionDialogSeconds]: String(options.submissionDialogSeconds) } : {}),
              }
            : undefined,
      }),
    );
    started.push(dv);
    log(`Dataverse stand-in ${dv.baseUrl}, Business Central stand-in ${bc.baseUrl}${reusedData ? ` (data reused from ${dataDir})` : ''}`);

    await step('importSolution', () => importSolution(dv, zip));
    log(`Imported ${path.relative(REPO_ROOT, zipPath)} through ImportSolution`);

    const demoOrder = await step('demoOrder', () => ensureDemoOrder(dv));

    const forms = new FormsClient(dv.baseUrl, dv.tokens.admin);
    const configured = await step('configureForms', () => configureForms(forms, { validate: false }));
    const added = configured.outcomes.filter((o) => o.status === 'added').length;
    log(`configure-forms: ${added} control(s) added, ${configured.outcomes.filter((o) => o.status === 'present').length} already there`);

    let connector: ConnectorHandle | null = null;
    if (options.connector !== false) {
      const connectorPort = await freePort(host);
      const intervals = options.connector ?? {};
      const { config, problems } = loadConfig({
        DATAVERSE_URL: dv.baseUrl,
        DATAVERSE_TOKEN: dv.tokens.integration,
        BC_API_URL: bc.apiUrl,
        BC_TOKEN: bc.token,
        BC_COMPANY_ID: bc.companyId,
        CONNECTOR_WEBHOOK_KEY: state.webhookKey,
        CONNECTOR_HOST: host,
        CONNECTOR_PORT: String(connectorPort),
        CONNECTOR_HEALTH_PORT: '0',
        CONNECTOR_PUBLIC_URL: `http://${host}:${connectorPort}`,
        CONNECTOR_INSTANCE_ID: 'sandbox',
        POLL_INTERVAL_SECONDS: String(intervals.pollIntervalSeconds ?? 5),
        EVENTS_INTERVAL_SECONDS: String(intervals.eventsIntervalSeconds ?? 5),
        HEARTBEAT_INTERVAL_SECONDS: '30',
        // Coupling by number runs often here, so a product renumbered to its ERP item's number is coupled at once.
        COUPLING_INTERVAL_SECONDS: String(intervals.couplingIntervalSeconds ?? 20),
        LOG_LEVEL: 'info',
      });
      if (problems.length) throw new Error(`The sandbox built a connector configuration the connector rejects:\n${formatConfigProblems(problems)}`);
      const connectorLog = createLogger({
        level: 'info',
        write: options.connectorLog ?? ((line) => {
          const entry = JSON.parse(line) as { level: string; msg: string };
          if (entry.level === 'warn' || entry.level === 'error') log(`connector ${entry.level}: ${entry.msg}`);
        }),
      });
      let current: Connector | null = null;
      const start = async () => {
        if (current) return;
        current = await startConnector(config, { log: connectorLog });
      };
      connector = {
        config,
        current: () => current,
        isRunning: () => current !== null,
        start,
        stop: async () => {
          const c = current;
          current = null;
          if (c) await c.close();
        },
      };
      await step('connector', async () => {
        await start();
        await current!.register(config.server.publicUrl!);
      });
      started.push({ close: () => connector!.stop() });
      log(`Connector started on ${config.server.publicUrl} and registered as a Dataverse webhook`);
    }

    const page = await step('page', async () => {
      const pkg = await readSolutionPackage(zip);
      const entities: EntityInfo[] = withFallbackLabels(await loadEntityDefinitions(dv.apiUrl, dv.tokens.admin, PAGE_TABLES), (table, column) => pkg.entities.get(table)?.attributes[column]?.labels);
      const views: Record<string, ViewDef[]> = {};
      for (const v of standardViews()) (views[v.entity] ??= []).push(v);
      for (const e of pkg.entities.values()) if (e.views.length) views[e.logicalName] = e.views;
      const systemForms = await readSystemForms(dv.apiUrl, dv.tokens.admin, ['account', 'contact', 'product', 'salesorder', 'salesorderdetail', 'quote', 'quotedetail', 'invoice']);
      const { forms, events } = assembleForms(systemForms, pkg);
      const users: SandboxUserDef[] = PAGE_USERS.filter((u) => dv.users[u.key]).map((u) => {
        const info = dv.users[u.key];
        return {
          key: u.key,
          token: info.token,
          id: info.id,
          fullName: info.fullName,
          email: info.email,
          roles: info.roleIds.map((id) => ({ id, name: dv.engine.catalog.roles.get(id)?.name ?? id })),
          description: u.description,
          privileges: privilegesFromStandIn(dv, u.key),
          basicPrivileges: basicPrivilegesFromStandIn(dv, u.key),
          rolePrivileges: rolePrivilegesFromStandIn(dv, u.key),
        };
      });
      return startPageServer({
        host,
        port: pagePort,
        dataverseApiUrl: dv.apiUrl,
        businessCentral: { adminUrl: bc.adminUrl, token: bc.token, adminToken: bc.adminToken },
        solution: pkg,
        entities,
        views,
        forms,
        formEvents: events,
        users,
        defaultUser: options.defaultUser ?? 'salesperson',
        defaultLcid: options.defaultLcid,
        orgLcid: 1033,
        orgName: dv.demo?.company.displayName ?? 'erplink-sandbox',
        connector: connector ?? undefined,
        erpWebClientUrl: SANDBOX_WEB_CLIENT_URL,
        log,
      });
    });
    started.push(page);
    return {
      url: page.url,
      page,
      dataverse: dv,
      bc,
      connector,
      timings,
      reusedData,
      demoOrder,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
