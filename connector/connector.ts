/**
 * `startConnector(config)`: the whole service, in-process (main.ts, the sandbox and the tests all use it).
 * Wires the clients, the reference data, the queue worker with its handlers, the scheduled jobs and the HTTP
 * endpoint, and returns handles to run any job now and to close everything.
 */
import { reconcileHandler, runScheduledReconcile } from './reconcile';
import { BcClient } from './bc/client';
import { clientStates, ensureSubscriptions } from './bcSubscriptions';
import type { ConnectorConfig, Job } from './config';
import { secretValues } from './config';
import { DataverseClient } from './dataverse/client';
import { refreshAvailabilityHandler, refreshChangedAvailability } from './flows/availability';
import { pickUpQuotes, pickUpSubmittedOrders } from './flows/autoPickup';
import { coupleHandler, runCoupling } from './flows/coupling';
import { ErpEventsJob } from './flows/erpEvents';
import { processQuoteHandler } from './flows/quotes';
import { refreshChangedStatistics, refreshStatisticsHandler } from './flows/statistics';
import { submitOrderHandler } from './flows/submitOrder';
import { dependencyStates, heartbeat, metricsText, type HealthState } from './health';
import { HttpClient } from './http/httpClient';
import { Limiter } from './http/limiter';
import { tokenProvider } from './auth';
import { createLogger, type Logger } from './log';
import { QueueWorker } from './queue/worker';
import { ReferenceData } from './reference';
import { registerWebhook, type RegisterResult } from './register';
import { ScheduleLeases } from './scheduleLease';
import { startHttpServer, type HealthReport } from './server';
import { attachSync, type SyncJobs } from './sync';
import type { Services, TestHooks } from './services';

export interface StartOptions {
  hooks?: TestHooks;
  log?: Logger;
  /** false: no timers (tests drive every job through the returned handles). Default true. */
  schedules?: boolean;
  /** false: no HTTP endpoint. Default true. */
  server?: boolean;
  now?: () => Date;
  random?: () => number;
  fetchImpl?: typeof fetch;
}

export interface Connector {
  url: string | null;
  port: number | null;
  /** The health and metrics listener (loopback by default). */
  healthUrl: string | null;
  services: Services;
  worker: QueueWorker;
  events: ErpEventsJob;
  /** Processes the queue now (until no ready row is left). */
  processQueue(): Promise<void>;
  runEvents(): ReturnType<ErpEventsJob['run']>;
  pickUp(): Promise<{ orders: Awaited<ReturnType<typeof pickUpSubmittedOrders>>; quotes: Awaited<ReturnType<typeof pickUpQuotes>> }>;
  refreshStatistics(): ReturnType<typeof refreshChangedStatistics>;
  refreshAvailability(): ReturnType<typeof refreshChangedAvailability>;
  couple(): ReturnType<typeof runCoupling>;
  /** One scheduled order reconciliation now (job reconcile): the report, also kept on its erp_syncjob row. */
  reconcile(): ReturnType<typeof runScheduledReconcile>;
  /** Full and incremental synchronisation jobs (connector/sync). */
  sync: SyncJobs;
  heartbeat(): Promise<void>;
  ensureSubscriptions(): ReturnType<typeof ensureSubscriptions>;
  register(publicUrl?: string): Promise<RegisterResult>;
  health(): HealthReport;
  /** Stops timers, waits for work in progress, closes the endpoint. */
  close(): Promise<void>;
}

/** Builds the services without starting anything (register, one-off commands). */
export function createServices(config: ConnectorConfig, options: StartOptions = {}): Services {
  const log = options.log ?? createLogger({ level: config.logLevel, secrets: secretValues(config), base: { service: 'erp-link-connector', instance: config.instanceId } });
  const dvHttp = new HttpClient({
    service: 'dataverse',
    tokens: tokenProvider(config.dataverse.auth),
    limiter: new Limiter({ maxConcurrent: config.dataverse.maxConcurrency, maxPerWindow: config.dataverse.requestsPerWindow, windowMs: config.dataverse.windowMs }),
    timeoutMs: config.http.timeoutMs,
    maxInlineRetries: config.http.maxInlineRetries,
    maxInlineWaitMs: config.http.maxInlineWaitMs,
    log,
    fetchImpl: options.fetchImpl,
  });
  const bcHttp = new HttpClient({
    service: 'bc',
    tokens: tokenProvider(config.bc.auth),
    limiter: new Limiter({ maxConcurrent: config.bc.maxConcurrency, maxPerWindow: config.bc.requestsPerWindow, windowMs: config.bc.windowMs }),
    timeoutMs: config.http.timeoutMs,
    maxInlineRetries: config.http.maxInlineRetries,
    maxInlineWaitMs: config.http.maxInlineWaitMs,
    log,
    fetchImpl: options.fetchImpl,
  });
  const dv = new DataverseClient(config.dataverse.url, dvHttp);
  const bc = new BcClient(config.bc.apiUrl, config.bc.companyId, bcHttp);
  const now = options.now ?? (() => new Date());
  return { config, dv, bc, ref: new ReferenceData(config, dv, bc, log, now), log, now, random: options.random ?? Math.random, hooks: options.hooks ?? {} };
}

export async function startConnector(config: ConnectorConfig, options: StartOptions = {}): Promise<Connector> {
  const s = createServices(config, options);
  const { log } = s;
  const worker = new QueueWorker(s);
  worker.register(submitOrderHandler());
  worker.register(processQuoteHandler());
  worker.register(refreshStatisticsHandler());
  worker.register(refreshAvailabilityHandler());
  worker.register(reconcileHandler());
  const sync = attachSync(s, worker, { basicCouple: coupleHandler() });
  const events = new ErpEventsJob(s);
  const leases = new ScheduleLeases(s.dv, config.instanceId, s.now, log);
  const health: HealthState = { startedAt: s.now().toISOString(), lastHeartbeatAt: null, lastHeartbeatError: null, lastJobErrors: {} };
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  let closed = false;

  /** Runs a job, records its last error for /healthz, never throws (a failing job must not stop the others). */
  const guard = <T>(name: string, job: () => Promise<T>): Promise<T | undefined> => {
    const p = job()
      .then((r) => {
        health.lastJobErrors[name] = null;
        return r;
      })
      .catch((e: Error) => {
        health.lastJobErrors[name] = e.message;
        log.error(`${name} failed`, { error: e.message });
        return undefined;
      });
    running.add(p);
    void p.finally(() => running.delete(p));
    return p;
  };
  /**
   * Runs `job` now and then `ms()` after each run ends. With `lease`, a run first claims the job's lease row for one
   * interval (scheduleLease.ts): of several replicas exactly one runs it per interval; the others skip that tick.
   */
  const every = (name: string, ms: () => number, job: () => Promise<unknown>, options: { lease?: boolean } = {}): void => {
    const leased = async (intervalMs: number): Promise<unknown> => {
      if (!(await leases.claim(name, intervalMs))) return undefined;
      // leaseFrom, not the line's own time, is when the interval starts: the write after the claim takes its own time.
      log.info('scheduled run', { job: name, leaseFrom: leases.claimedAt[name]?.toISOString() });
      let error: string | null = null;
      try {
        return await job();
      } catch (e) {
        error = (e as Error).message;
        throw e;
      } finally {
        // The outcome on the lease row is for people; failing to write it must not fail the run.
        await leases.finish(name, { error }).catch((e: Error) => log.warn('could not record the scheduled run', { job: name, error: e.message }));
      }
    };
    const tick = (): void => {
      if (closed) return;
      const intervalMs = ms();
      void guard(name, options.lease ? () => leased(intervalMs) : job).finally(() => {
        if (closed) return;
        const t = setTimeout(tick, ms());
        t.unref?.();
        timers.push(t);
      });
    };
    const t = setTimeout(tick, 0);
    t.unref?.();
    timers.push(t);
  };
  const debounced = (name: string, job: () => Promise<unknown>, delayMs = 500): (() => void) => {
    let pending: NodeJS.Timeout | null = null;
    return () => {
      if (closed || pending) return;
      pending = setTimeout(() => {
        pending = null;
        void guard(name, job);
      }, delayMs);
      pending.unref?.();
      timers.push(pending);
    };
  };

  const pickUp = async (): Promise<{ orders: Awaited<ReturnType<typeof pickUpSubmittedOrders>>; quotes: Awaited<ReturnType<typeof pickUpQuotes>> }> => {
    const orders = await pickUpSubmittedOrders(s);
    const quotes = await pickUpQuotes(s);
    if (orders.queued + orders.retried + quotes.queued + quotes.retried > 0) void worker.wake();
    return { orders, quotes };
  };
  const wakePickup = debounced('pick-up', pickUp);
  const wakeEvents = debounced('erp-events', () => events.run(), 1000);

  const healthBody = (): HealthReport => {
    const heartbeatAge = health.lastHeartbeatAt ? s.now().getTime() - Date.parse(health.lastHeartbeatAt) : null;
    const stale = heartbeatAge !== null && heartbeatAge > 3 * config.schedules.heartbeatIntervalMs;
    const healthy = !health.lastHeartbeatError && !worker.lastPollError && !stale;
    return {
      healthy,
      dependencies: dependencyStates(health, worker.lastPollError, stale),
      body: {
        status: healthy ? 'ok' : 'failing',
        version: config.version,
        instance: config.instanceId,
        startedAt: health.startedAt,
        lastHeartbeatAt: health.lastHeartbeatAt,
        lastHeartbeatError: health.lastHeartbeatError,
        lastBusinessCentralError: health.lastBcError ?? null,
        queue: { lastPollAt: worker.lastPollAt?.toISOString() ?? null, lastPollError: worker.lastPollError, ...worker.stats },
        jobs: health.lastJobErrors,
        schedules: leases.stats,
        requests: { dataverse: { ...s.dv.http.stats }, bc: { ...s.bc.http.stats } },
        budget: { dataverse: s.dv.http.usage(), bc: s.bc.http.usage() },
      },
    };
  };
  const metrics = (): string => {
    const q = worker.stats;
    const queue = (name: string, help: string, value: number) => ({ name: `erp_link_queue_${name}_total`, help, type: 'counter' as const, value });
    return metricsText([
      queue('polls', 'Queue polls.', q.polls),
      queue('succeeded', 'Requests that succeeded.', q.succeeded),
      queue('failed', 'Requests that failed for good.', q.failed),
      queue('retrying', 'Attempts that will be retried.', q.retrying),
      queue('lost', 'Claims lost to another worker.', q.lost),
      ...(['dataverse', 'bc'] as const).flatMap((svc) => {
        const st = (svc === 'dataverse' ? s.dv : s.bc).http.stats;
        return [
          { name: 'erp_link_http_requests_total', help: 'Outgoing HTTP requests per service.', type: 'counter' as const, value: st.requests, labels: { service: svc } },
          { name: 'erp_link_http_throttled_total', help: 'Outgoing requests answered 429.', type: 'counter' as const, value: st.throttled, labels: { service: svc } },
          { name: 'erp_link_http_timeouts_total', help: 'Outgoing requests that timed out.', type: 'counter' as const, value: st.timeouts, labels: { service: svc } },
        ];
      }),
      { name: 'erp_link_healthy', help: '1 when the connector is healthy.', type: 'gauge', value: healthBody().healthy ? 1 : 0 },
    ]);
  };

  let server: Awaited<ReturnType<typeof startHttpServer>> | null = null;
  if (options.server !== false) {
    const states = clientStates(s);
    server = await startHttpServer(
      {
        host: config.server.host,
        port: config.server.port,
        healthHost: config.server.healthHost,
        healthPort: config.server.healthPort,
        maxBodyBytes: config.server.maxBodyBytes,
        headersTimeoutMs: config.server.headersTimeoutMs,
        requestTimeoutMs: config.server.requestTimeoutMs,
      },
      {
        webhookKey: config.server.webhookKey,
        log,
        health: healthBody,
        metrics,
        isBcClientState: (state) => states.accepts(state),
        onDataverseEvent: (entity) => {
          if (entity === 'salesorder' || entity === 'quote') wakePickup();
          else void worker.wake();
        },
        onBcNotification: () => wakeEvents(),
      },
    );
    log.info('connector listening', { url: server.url, health: server.healthUrl });
  }

  const minutes = (v: number | null | undefined, fallbackMs: number): number => (v && v > 0 ? v * 60_000 : fallbackMs);
  if (options.schedules !== false) {
    const on = (job: Job): boolean => config.jobs.has(job);
    if (on('queue')) worker.start();
    // Every replica works the queue and writes its own heartbeat; every other scheduled job runs once per interval
    // across replicas (lease).
    const lease = { lease: true };
    if (on('heartbeat')) every('heartbeat', () => config.schedules.heartbeatIntervalMs, () => heartbeat(s, health));
    if (on('pickup')) every('pick-up', () => config.schedules.autoPickupIntervalMs, pickUp, lease);
    if (on('events')) every('erp-events', () => config.schedules.eventsIntervalMs, () => events.run(), lease);
    if (on('statistics')) every('statistics', () => minutes(s.ref.connection?.erp_statisticsinterval, config.schedules.statisticsIntervalMs), () => refreshChangedStatistics(s), lease);
    if (on('availability')) every('availability', () => minutes(s.ref.connection?.erp_availabilityinterval, config.schedules.availabilityIntervalMs), () => refreshChangedAvailability(s), lease);
    if (on('coupling')) every('coupling', () => config.schedules.couplingIntervalMs, () => runCoupling(s), lease);
    if (on('reconcile')) every('reconcile', () => config.schedules.reconcileIntervalMs, () => runScheduledReconcile(s, config.schedules.reconcileDays), lease);
    if (on('sync')) {
      every('sync-full', () => sync.tickMs, () => sync.runFullSync(), lease);
      every('sync-incremental', () => sync.tickMs, () => sync.runIncremental(), lease);
    }
    if (on('events') && config.bc.notificationUrl) every('bc-subscriptions', () => 6 * 3600_000, () => ensureSubscriptions(s), lease);
  }

  return {
    url: server?.url ?? null,
    port: server?.port ?? null,
    healthUrl: server?.healthUrl ?? null,
    services: s,
    worker,
    events,
    processQueue: () => worker.wake(),
    runEvents: () => events.run(),
    pickUp,
    refreshStatistics: () => refreshChangedStatistics(s),
    refreshAvailability: () => refreshChangedAvailability(s),
    couple: () => runCoupling(s),
    reconcile: () => runScheduledReconcile(s, config.schedules.reconcileDays),
    sync,
    heartbeat: () => heartbeat(s, health),
    ensureSubscriptions: () => ensureSubscriptions(s),
    register: (publicUrl?: string) => {
      const url = publicUrl ?? config.server.publicUrl;
      if (!url) throw new Error('CONNECTOR_PUBLIC_URL is not set: give the https address Dataverse can reach the connector at.');
      return registerWebhook(s.dv, { publicUrl: url, webhookKey: config.server.webhookKey, log });
    },
    health: healthBody,
    close: async () => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      await worker.stop();
      await Promise.allSettled([...running]);
      await server?.close();
      log.info('connector stopped', {});
    },
  };
}
