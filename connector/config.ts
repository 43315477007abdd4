/**
 * Connector configuration: environment variables (or a `.env` file next to where it runs), validated once at start.
 * Every missing or invalid setting is reported with what is wrong and how to fix it; `main.ts` prints them all and
 * exits non-zero. Secrets (tokens, client secrets, the webhook key) only ever come from here and are registered
 * with the logger's redaction so they can never reach a log line.
 *
 * ERP company data (API base URL, company id, write-in product, automatic pick-up switches, intervals) lives on the
 * `erp_connection` row in Dataverse, where admins see it; the environment may override URL and company for tests.
 */
import * as os from 'os';
import { defaultRetryPolicy, type RetryPolicy } from '../domain/retryPolicy';
import { redactUrlCredentials } from './redact';
import { authSecrets, originScope, readAuth, type AuthConfig, type Service } from './authConfig';

export type { AuthConfig } from './authConfig';

export interface ConnectorConfig {
  dataverse: { url: string; auth: AuthConfig; maxConcurrency: number; requestsPerWindow: number; windowMs: number; batchMax: number };
  bc: {
    /** …/api/v2.0 (without /companies). */
    apiUrl: string;
    companyId: string;
    /**
     * Microsoft's analytics API (…/api/microsoft/analytics/v1.0, the Power BI Reports app's API queries): stock per
     * location, outstanding sales and purchase lines, customer ledger entries, resources.
     */
    analyticsUrl: string | null;
    /** OData V4 root of the environment (…/ODataV4): standard pages an admin publishes as web services. */
    odataV4Url: string;
    auth: AuthConfig;
    maxConcurrency: number;
    requestsPerWindow: number;
    windowMs: number;
    batchMax: number;
    /** Public HTTPS URL Business Central can call for webhook notifications; null → polling only. */
    notificationUrl: string | null;
  };
  http: { timeoutMs: number; maxInlineRetries: number; maxInlineWaitMs: number };
  server: {
    host: string;
    port: number;
    webhookKey: string;
    publicUrl: string | null;
    /** The health and metrics listener: loopback by default, never the webhooks' interface unless told so. */
    healthHost: string;
    healthPort: number;
    /** Largest request body the webhooks accept (413 beyond). */
    maxBodyBytes: number;
    /** Time a client has to send its headers, and its whole request (slow clients are cut off). */
    headersTimeoutMs: number;
    requestTimeoutMs: number;
  };
  queue: {
    pollIntervalMs: number;
    batchSize: number;
    leaseMs: number;
    concurrency: number;
    retry: RetryPolicy;
    /** Longest a create can take in the ERP after it was sent (domain/inDoubt.ts): bounds the in-doubt window. */
    createMaxMs: number;
    /** How often a request in doubt looks its document up. */
    inDoubtLookupMs: number;
  };
  schedules: {
    eventsIntervalMs: number;
    autoPickupIntervalMs: number;
    heartbeatIntervalMs: number;
    couplingIntervalMs: number;
    /** Fallbacks when erp_connection has no interval. */
    statisticsIntervalMs: number;
    /** Scheduled order reconciliation (job reconcile) and how many days back it looks. */
    reconcileIntervalMs: number;
    reconcileDays: number;
    availabilityIntervalMs: number;
    referenceCacheTtlMs: number;
  };
  /** Which parts run in this process (CONNECTOR_JOBS); scale-out processes may run the queue only. */
  jobs: ReadonlySet<Job>;
  connectionId: string | null;
  instanceId: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  version: string;
}

export const JOBS = ['queue', 'heartbeat', 'pickup', 'events', 'statistics', 'availability', 'coupling', 'sync', 'reconcile'] as const;
export type Job = (typeof JOBS)[number];

export interface ConfigProblem {
  variable: string;
  problem: string;
  fix: string;
}

export type Env = Record<string, string | undefined>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class Reader {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  required(name: string, fix: string): string {
    const v = this.raw(name);
    if (v === undefined) this.problems.push({ variable: name, problem: 'is not set', fix });
    return v ?? '';
  }

  url(name: string, fix: string, required: boolean): string | null {
    const v = required ? this.required(name, fix) : this.raw(name);
    if (!v) return null;
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      this.problems.push({ variable: name, problem: `"${v}" is not a URL`, fix });
      return null;
    }
    const local = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '::1' || u.hostname === '[::1]';
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) {
      this.problems.push({ variable: name, problem: `"${v}" must use https (plain http is accepted for 127.0.0.1/localhost only)`, fix });
      return null;
    }
    return v.replace(/\/+$/, '');
  }

  guid(name: string, fix: string, required: boolean): string | null {
    const v = required ? this.required(name, fix) : this.raw(name);
    if (!v) return null;
    if (!GUID.test(v)) {
      this.problems.push({ variable: name, problem: `"${v}" is not a GUID`, fix });
      return null;
    }
    return v.toLowerCase();
  }

  int(name: string, fallback: number, min: number, max: number, unit: string): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.problems.push({ variable: name, problem: `"${v}" is not a whole number of ${unit} between ${min} and ${max}`, fix: `Set ${name} to a value from ${min} to ${max} (default ${fallback}), or remove it.` });
      return fallback;
    }
    return Number(v);
  }

  /** Sign-in of one service: the decision lives in authConfig.ts (methods, clouds, scopes, their checks). */
  auth(prefix: Service, scope: string): AuthConfig {
    return readAuth(this.env, prefix, scope, this.problems);
  }
}

/** The values that must never be logged (tokens, secrets, webhook key). */
export function secretValues(config: ConnectorConfig): string[] {
  const out: string[] = [config.server.webhookKey];
  for (const a of [config.dataverse.auth, config.bc.auth]) out.push(...authSecrets(a));
  return out.filter((s) => s && s.length >= 4);
}

export function loadConfig(env: Env, defaults: { version?: string } = {}): { config: ConnectorConfig; problems: ConfigProblem[] } {
  const r = new Reader(env);
  const dvUrl = r.url('DATAVERSE_URL', 'Set DATAVERSE_URL to the environment URL, e.g. https://contoso.crm4.dynamics.com (Power Platform admin center → Environments → Environment URL).', true) ?? '';
  const bcApiUrl =
    r.url('BC_API_URL', 'Set BC_API_URL to the API v2.0 base, e.g. https://api.businesscentral.dynamics.com/v2.0/<tenant>/<environment>/api/v2.0 (without /companies).', true) ?? '';
  if (bcApiUrl && !/\/api\/v2\.0$/.test(bcApiUrl)) {
    r.problems.push({ variable: 'BC_API_URL', problem: `"${bcApiUrl}" does not end with /api/v2.0`, fix: 'Give the API v2.0 base URL ending with /api/v2.0, without /companies(...).' });
  }
  const companyId = r.guid('BC_COMPANY_ID', 'Set BC_COMPANY_ID to the company id (GET <BC_API_URL>/companies lists them with their id).', true) ?? '';
  const analyticsUrl =
    r.url('BC_ANALYTICS_URL', 'Set BC_ANALYTICS_URL to …/api/microsoft/analytics/v1.0, or remove it to derive it from BC_API_URL.', false) ??
    (bcApiUrl ? bcApiUrl.replace(/\/api\/v2\.0$/, '/api/microsoft/analytics/v1.0') : null);
  const odataV4Url =
    r.url('BC_ODATAV4_URL', 'Set BC_ODATAV4_URL to the environment’s …/ODataV4 root, or remove it to derive it from BC_API_URL.', false) ??
    (bcApiUrl ? bcApiUrl.replace(/\/api\/v2\.0$/, '/ODataV4') : '');
  const notificationUrl = r.url('BC_NOTIFICATION_URL', 'Set BC_NOTIFICATION_URL to the public https URL of this connector’s /bc/notifications endpoint, or remove it to poll only.', false);
  const dvAuth = r.auth('DATAVERSE', originScope(dvUrl, ''));
  // BC's audience is its API host (https://api.businesscentral.dynamics.com in the public cloud).
  const bcAuth = r.auth('BC', originScope(bcApiUrl, 'https://api.businesscentral.dynamics.com/.default'));

  const webhookKey = r.required('CONNECTOR_WEBHOOK_KEY', 'Set CONNECTOR_WEBHOOK_KEY to a random secret of at least 24 characters (e.g. `openssl rand -hex 24`); `npm run connector -- register` gives it to Dataverse.');
  if (webhookKey && webhookKey.length < 24) {
    r.problems.push({ variable: 'CONNECTOR_WEBHOOK_KEY', problem: `is only ${webhookKey.length} characters long`, fix: 'Use at least 24 random characters (e.g. `openssl rand -hex 24`).' });
  }
  const publicUrl = r.url('CONNECTOR_PUBLIC_URL', 'Set CONNECTOR_PUBLIC_URL to the https address Dataverse can reach this connector at (used by `register`).', false);
  const host = r.raw('CONNECTOR_HOST') ?? '0.0.0.0';
  const port = r.int('CONNECTOR_PORT', 8080, 0, 65535, 'port');
  const healthHost = r.raw('CONNECTOR_HEALTH_HOST') ?? '127.0.0.1';
  const healthPort = r.int('CONNECTOR_HEALTH_PORT', 8081, 0, 65535, 'port');
  const maxBodyBytes = r.int('CONNECTOR_MAX_BODY_KB', 1024, 1, 64 * 1024, 'KB') * 1024;
  const headersTimeoutMs = r.int('CONNECTOR_HEADERS_TIMEOUT_SECONDS', 10, 1, 300, 'seconds') * 1000;
  const requestTimeoutMs = r.int('CONNECTOR_REQUEST_TIMEOUT_SECONDS', 30, 1, 600, 'seconds') * 1000;
  if (port !== 0 && healthPort === port) {
    r.problems.push({ variable: 'CONNECTOR_HEALTH_PORT', problem: `is the webhooks' port ${port}`, fix: 'Give the health and metrics listener its own port (default 8081), or 0 for any free port.' });
  }
  const connectionId = r.guid('ERP_CONNECTION_ID', 'Set ERP_CONNECTION_ID to the id of the erp_connection row, or remove it to use the default connection.', false);
  const logLevel = (r.raw('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    r.problems.push({ variable: 'LOG_LEVEL', problem: `"${logLevel}" is not a level`, fix: 'Use debug, info, warn or error.' });
  }

  const seconds = (name: string, fallback: number, min: number, max: number): number => r.int(name, fallback, min, max, 'seconds') * 1000;
  const jobList = (r.raw('CONNECTOR_JOBS') ?? JOBS.join(',')).split(',').map((j) => j.trim().toLowerCase()).filter(Boolean);
  const unknownJobs = jobList.filter((j) => !(JOBS as readonly string[]).includes(j));
  if (unknownJobs.length) {
    r.problems.push({ variable: 'CONNECTOR_JOBS', problem: `names unknown job(s) ${unknownJobs.join(', ')}`, fix: `List some of ${JOBS.join(', ')} separated by commas, or remove it to run everything.` });
  }
  const config: ConnectorConfig = {
    dataverse: {
      url: dvUrl,
      auth: dvAuth,
      // Service protection: 52 concurrent and 6,000 requests per 5 minutes per user (peers.md §4); keep headroom.
      maxConcurrency: r.int('DATAVERSE_MAX_CONCURRENCY', 16, 1, 52, 'requests'),
      requestsPerWindow: r.int('DATAVERSE_MAX_REQUESTS_PER_5_MIN', 5400, 1, 6000, 'requests'),
      windowMs: 5 * 60_000,
      batchMax: 1000,
    },
    bc: {
      apiUrl: bcApiUrl,
      companyId,
      analyticsUrl,
      odataV4Url,
      auth: bcAuth,
      // BC processes 5 concurrent OData requests per user; 6,000 per 5 minutes (peers.md §4).
      maxConcurrency: r.int('BC_MAX_CONCURRENCY', 5, 1, 5, 'requests'),
      requestsPerWindow: r.int('BC_MAX_REQUESTS_PER_5_MIN', 5400, 1, 6000, 'requests'),
      windowMs: 5 * 60_000,
      batchMax: 100,
      notificationUrl,
    },
    http: {
      timeoutMs: seconds('HTTP_TIMEOUT_SECONDS', 30, 1, 600),
      maxInlineRetries: r.int('HTTP_INLINE_RETRIES', 2, 0, 10, 'retries'),
      maxInlineWaitMs: seconds('HTTP_MAX_INLINE_WAIT_SECONDS', 10, 0, 120),
    },
    server: { host, port, webhookKey, publicUrl, healthHost, healthPort, maxBodyBytes, headersTimeoutMs, requestTimeoutMs },
    queue: {
      pollIntervalMs: seconds('POLL_INTERVAL_SECONDS', 30, 1, 3600),
      batchSize: r.int('QUEUE_BATCH_SIZE', 50, 1, 500, 'rows'),
      leaseMs: seconds('LEASE_SECONDS', 120, 5, 3600),
      concurrency: r.int('WORKER_CONCURRENCY', 4, 1, 32, 'workers'),
      createMaxMs: seconds('CREATE_MAX_SECONDS', 600, 1, 86400),
      inDoubtLookupMs: seconds('IN_DOUBT_LOOKUP_SECONDS', 30, 1, 3600),
      retry: {
        maxAttempts: r.int('MAX_ATTEMPTS', defaultRetryPolicy.maxAttempts, 1, 100, 'attempts'),
        baseDelayMs: seconds('RETRY_BASE_SECONDS', defaultRetryPolicy.baseDelayMs / 1000, 0, 3600),
        maxDelayMs: seconds('RETRY_MAX_SECONDS', defaultRetryPolicy.maxDelayMs / 1000, 1, 86400),
      },
    },
    schedules: {
      eventsIntervalMs: seconds('EVENTS_INTERVAL_SECONDS', 120, 1, 86400),
      autoPickupIntervalMs: seconds('AUTO_PICKUP_INTERVAL_SECONDS', 300, 1, 86400),
      heartbeatIntervalMs: seconds('HEARTBEAT_INTERVAL_SECONDS', 60, 1, 3600),
      couplingIntervalMs: seconds('COUPLING_INTERVAL_SECONDS', 3600, 1, 86400 * 7),
      statisticsIntervalMs: seconds('STATISTICS_INTERVAL_SECONDS', 1800, 1, 86400),
      reconcileIntervalMs: seconds('RECONCILE_INTERVAL_SECONDS', 86400, 60, 86400 * 7),
      reconcileDays: r.int('RECONCILE_DAYS', 30, 1, 366, 'days'),
      availabilityIntervalMs: seconds('AVAILABILITY_INTERVAL_SECONDS', 1800, 1, 86400),
      referenceCacheTtlMs: seconds('REFERENCE_CACHE_SECONDS', 300, 0, 86400),
    },
    jobs: new Set(jobList.filter((j): j is Job => (JOBS as readonly string[]).includes(j))),
    connectionId,
    instanceId: (r.raw('CONNECTOR_INSTANCE_ID') ?? `${os.hostname()}:${process.pid}`).slice(0, 100),
    logLevel: logLevel as ConnectorConfig['logLevel'],
    version: defaults.version ?? '0.1.0',
  };
  return { config, problems: r.problems };
}

/** The problems as the lines `main.ts` prints before exiting. */
export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  return [
    `The connector cannot start: ${problems.length} setting(s) to fix (environment variables or .env):`,
    // A URL setting may carry a credential (user:password@, ?code=): never echo it.
    ...problems.map((p) => redactUrlCredentials(`  - ${p.variable} ${p.problem}. Fix: ${p.fix}`)),
  ].join('\n');
}
