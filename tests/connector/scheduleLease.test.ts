/**
 * Scheduled jobs run once across replicas (connector/scheduleLease.ts): the pure claim decision; the lease race on
 * the Dataverse stand-in (If-Match / If-None-Match, exactly one winner); and three connector processes (the built
 * package, `node dist/main.js`) against the stand-ins: each scheduled run happens once per interval across them
 * (counted from their log lines) while queue work is spread over them.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { RequestKind, RequestStatus, SyncJobState } from '../../domain/schema';
import { loadConfig } from '../../connector/config';
import { createServices } from '../../connector/connector';
import { memoryLogger } from '../../connector/log';
import { decideClaim, formatLease, leaseRowId, parseLease, ScheduleLeases } from '../../connector/scheduleLease';
import { buildConnector } from '../../scripts/build-connector';
import { api, connectorEnv, queueRequest, request, startStandins, type Standins } from './harness';

jest.setTimeout(180_000);
const root = path.resolve(__dirname, '../..');

describe('the claim decision', () => {
  const now = new Date('2026-12-06T10:00:00Z');
  it('a free or ended lease may be claimed; a running one may not, not even by its own holder', () => {
    expect(decideClaim(null, now)).toEqual({ claim: true, reason: 'free' });
    expect(decideClaim({ until: new Date('2026-12-06T10:00:00Z'), holder: 'a' }, now)).toEqual({ claim: true, reason: 'expired' });
    expect(decideClaim({ until: new Date('2026-12-06T10:00:01Z'), holder: 'b' }, now)).toMatchObject({ claim: false, holder: 'b' });
    expect(decideClaim({ until: new Date('2026-12-06T10:00:01Z'), holder: 'me' }, now).claim).toBe(false);
  });
  it('the lease round-trips through erp_watermark (100 characters) and anything else reads as no lease', () => {
    const lease = { until: now, holder: 'h'.repeat(200) };
    const text = formatLease(lease);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(parseLease(text)).toEqual({ until: now, holder: 'h'.repeat(75) });
    for (const other of [null, 42, '2026-12-06T10:00:00Z', 'not a date|x']) expect(parseLease(other)).toBeNull();
  });
});

describe('against the Dataverse stand-in', () => {
  let h: Standins;
  beforeAll(async () => {
    h = await startStandins();
  });
  afterAll(() => h.close());

  const replica = (instance: string, clock: { t: number }) => {
    const { config } = loadConfig(connectorEnv(h, { CONNECTOR_INSTANCE_ID: instance }));
    const s = createServices(config, { log: memoryLogger('debug') });
    return new ScheduleLeases(s.dv, instance, () => new Date(clock.t), s.log);
  };

  it('three replicas claiming at once (row absent, then present): exactly one wins each time, until the lease ends', async () => {
    const clock = { t: Date.parse('2026-12-06T10:00:00Z') };
    const replicas = ['r1', 'r2', 'r3'].map((r) => replica(r, clock));
    const first = await Promise.all(replicas.map((r) => r.claim('race-test', 60_000)));
    expect(first.filter(Boolean)).toHaveLength(1); // the row did not exist: If-None-Match lets one create it
    clock.t += 30_000;
    expect((await Promise.all(replicas.map((r) => r.claim('race-test', 60_000)))).filter(Boolean)).toHaveLength(0);
    clock.t += 30_000; // the lease has ended
    const second = await Promise.all(replicas.map((r) => r.claim('race-test', 60_000)));
    expect(second.filter(Boolean)).toHaveLength(1); // If-Match on the same ETag: one write succeeds, two get 412
    const row = await api(h).get(`erp_syncjobs(${leaseRowId('race-test')})?$select=erp_watermark,erp_mapping,erp_state`);
    expect(row).toMatchObject({ erp_mapping: 'schedule:race-test', erp_state: SyncJobState.running });
    expect(parseLease(row.erp_watermark)!.until.toISOString()).toBe('2026-12-06T10:02:00.000Z');
    const winner = replicas[second.indexOf(true)];
    await winner.finish('race-test', { error: 'boom' });
    expect(await api(h).get(`erp_syncjobs(${leaseRowId('race-test')})?$select=erp_state,erp_lasterror`)).toMatchObject({ erp_state: SyncJobState.failed, erp_lasterror: 'boom' });
    expect(replicas.reduce((n, r) => n + (r.stats['race-test']?.claimed ?? 0), 0)).toBe(2);
  });
});

describe('three connector processes', () => {
  let h: Standins;
  let build: string;
  const children: ChildProcess[] = [];
  const lines: { instance: string; msg: string; job?: string; time: string; leaseFrom?: string }[] = [];

  beforeAll(async () => {
    h = await startStandins();
    // Inside the repository, so the built package finds its two runtime dependencies in node_modules.
    build = path.join(root, 'out', `lease-test-${process.pid}`);
    await buildConnector(build);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await h.close();
    fs.rmSync(build, { recursive: true, force: true });
  });

  it('each scheduled job runs once per interval across the three; queue requests are worked by more than one', async () => {
    const INTERVAL_S = 2;
    const env = (i: number) => ({
      PATH: process.env.PATH,
      ...connectorEnv(h, {
        CONNECTOR_INSTANCE_ID: `replica-${i}`,
        LOG_LEVEL: 'info',
        EVENTS_INTERVAL_SECONDS: String(INTERVAL_S),
        AUTO_PICKUP_INTERVAL_SECONDS: String(INTERVAL_S),
        COUPLING_INTERVAL_SECONDS: String(INTERVAL_S),
        POLL_INTERVAL_SECONDS: '1',
        QUEUE_BATCH_SIZE: '2',
        WORKER_CONCURRENCY: '1',
      }),
    });
    const started = Date.now();
    for (const i of [1, 2, 3]) {
      const c = spawn(process.execPath, [path.join(build, 'dist', 'main.js')], { cwd: build, env: env(i), stdio: ['ignore', 'pipe', 'pipe'] });
      let buffer = '';
      c.stdout!.on('data', (d: Buffer) => {
        buffer += d.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop() ?? '';
        for (const p of parts) {
          try {
            lines.push(JSON.parse(p));
          } catch {
            /* not a log line */
          }
        }
      });
      children.push(c);
    }
    // Queue work while they run: statistics refreshes of coupled accounts.
    const accounts = Object.values(h.dv.seedInfo!.accounts).slice(0, 12);
    const ids: string[] = [];
    for (const [n, id] of accounts.entries()) ids.push(await queueRequest(h, RequestKind.refreshStatistics, 'account', id, `refreshstatistics:${id}:lease-${n}`));
    const until = Date.now() + 60_000;
    for (;;) {
      const states = await Promise.all(ids.map(async (id) => (await request(h, id)).erp_status as number));
      if (states.every((st) => st !== RequestStatus.pending && st !== RequestStatus.processing) && Date.now() - started > 9_000) break;
      if (Date.now() > until) throw new Error(`Requests not finished: ${JSON.stringify(states)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const windowMs = Date.now() - started;
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));

    // Counted from each lease's start as the claiming replica saw it, not from the log line: under load the claim's
    // write can take tens of milliseconds more on one run than on the next (seen: two runs 1,943 ms apart by their lines).
    const runs = (job: string) =>
      lines
        .filter((l) => l.msg === 'scheduled run' && l.job === job)
        .map((l) => ({ at: Date.parse(l.leaseFrom ?? ''), instance: l.instance }))
        .sort((a, b) => a.at - b.at);
    const connection = await api(h).get(`erp_connections(${h.dv.seedInfo!.connectionId})?$select=erp_statisticsinterval,erp_availabilityinterval`);
    const intervalMs: Record<string, number> = {
      'erp-events': INTERVAL_S * 1000,
      'pick-up': INTERVAL_S * 1000,
      coupling: INTERVAL_S * 1000,
      statistics: connection.erp_statisticsinterval ? connection.erp_statisticsinterval * 60_000 : 1_800_000,
      availability: connection.erp_availabilityinterval ? connection.erp_availabilityinterval * 60_000 : 1_800_000,
      reconcile: 86_400_000,
      'sync-full': 60_000,
      'sync-incremental': 60_000,
    };
    const report: Record<string, { runs: number; by: string[] }> = {};
    for (const [job, ms] of Object.entries(intervalMs)) {
      const r = runs(job);
      report[job] = { runs: r.length, by: [...new Set(r.map((x) => x.instance))] };
      expect(r.length).toBeGreaterThanOrEqual(1);
      expect(r.every((x) => Number.isFinite(x.at))).toBe(true);
      // Once per interval: never two leases (by any replica) starting closer than the interval.
      for (let i = 1; i < r.length; i++) expect(r[i].at - r[i - 1].at).toBeGreaterThanOrEqual(ms);
      // And no more runs than intervals in the window (three unleased replicas would make about three times as many).
      expect(r.length).toBeLessThanOrEqual(Math.floor(windowMs / ms) + 1);
    }
    // The 2-second jobs did run repeatedly (so "once per interval" was tested, not "once").
    for (const job of ['erp-events', 'pick-up', 'coupling']) expect(report[job].runs).toBeGreaterThanOrEqual(2);
    // Every replica still worked the queue and wrote its heartbeat; the requests were spread over more than one.
    const worked = lines.filter((l) => l.msg === 'request succeeded').map((l) => l.instance);
    expect(worked).toHaveLength(ids.length);
    expect(new Set(worked).size).toBeGreaterThanOrEqual(2);
    process.stdout.write(`lease test over ${windowMs} ms: ${JSON.stringify(report)}; requests by ${JSON.stringify(worked.reduce<Record<string, number>>((a, i) => ({ ...a, [i]: (a[i] ?? 0) + 1 }), {}))}\n`);
  });
});
