/**
 * Connector benchmark (`npm run bench -- connector`, or alone: `npx tsx bench/connector.ts`). Prints:
 *  1. Dataverse and ERP requests per submitted order for orders of 1, 20 and 200 lines, counted by the
 *     connector's own HTTP clients (every round trip, the queue poll included), against the stand-ins.
 *  2. Orders per minute with 1 and 4 connector processes (real child processes running `connector/main.ts`) against
 *     the stand-ins with 50 ms latency injected on every Dataverse and Business Central request.
 * Nothing is asserted: these are figures. Both stand-ins run in this process on free ports.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import { RequestStatus } from '../domain/schema';
import { createServices } from '../connector/connector';
import { memoryLogger } from '../connector/log';
import { connectorConfig, connectorEnv, createOrder, startStandins, startTestConnector, submitOrder, api, type Standins } from '../tests/connector/harness';
import { runWhenMain } from './_main';

const ROOT = path.join(__dirname, '..');

export interface RequestFigures {
  lines: number;
  orders: number;
  dataversePerOrder: number;
  erpPerOrder: number;
}

export interface ThroughputFigures {
  processes: number;
  orders: number;
  seconds: number;
  ordersPerMinute: number;
  /** Share of one CPU core the stand-ins (this process) used during the run: near 1 means they were the limit. */
  standinCpu: number;
  /** Claims lost to another process (each cost one request). */
  lostClaims: number;
  perProcess: number[];
  dataverseRequests: number;
  erpRequests: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Requests per order, counted by the connector, for orders of `lines` lines (reference data warm, as in steady state). */
export async function requestsPerOrder(h: Standins, lines: number, orders = 5): Promise<RequestFigures> {
  const c = await startTestConnector(h, { QUEUE_BATCH_SIZE: '50', REFERENCE_CACHE_SECONDS: '3600' });
  try {
    await c.services.ref.ensureFresh();
    for (let i = 0; i < orders; i++) {
      const id = await createOrder(h, { name: `Bench ${lines} lines #${i}`, lines: Array.from({ length: lines }, (_, n) => ({ productNumber: n % 2 ? 'SAF-0001' : 'SAF-0002', quantity: 1 + (n % 7) })) });
      await submitOrder(h, id);
    }
    const dv0 = c.services.dv.http.stats.requests;
    const bc0 = c.services.bc.http.stats.requests;
    await c.processQueue();
    if (c.worker.stats.succeeded < orders) throw new Error(`only ${c.worker.stats.succeeded} of ${orders} orders succeeded`);
    return {
      lines,
      orders,
      dataversePerOrder: (c.services.dv.http.stats.requests - dv0) / orders,
      erpPerOrder: (c.services.bc.http.stats.requests - bc0) / orders,
    };
  } finally {
    await c.close();
  }
}

async function waitHealthy(port: number, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`connector process exited with code ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.status === 200 || r.status === 503) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error('connector process did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Orders per minute with `processes` connector processes, 50 ms latency on every stand-in request. */
export async function throughput(processes: number, orders: number, latencyMs = 50): Promise<ThroughputFigures> {
  const tokens = Array.from({ length: processes }, (_, i) => `bench-bc-user-${i + 1}`);
  const h = await startStandins({ bc: { tokens } });
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  try {
    const ids: string[] = [];
    for (let i = 0; i < orders; i++) ids.push(await createOrder(h, { name: `Throughput #${i}`, lines: Array.from({ length: 5 }, (_, n) => ({ productNumber: n % 2 ? 'SAF-0001' : 'SAF-0002', quantity: 1 + n })) }));
    // Submitted and queued before the connectors start, held (cancelled) so that none starts early.
    const requests: string[] = [];
    for (const id of ids) {
      const r = await submitOrder(h, id);
      await api(h).patch('erp_integrationrequests', r, { erp_status: RequestStatus.cancelled });
      requests.push(r);
    }
    for (let p = 0; p < processes; p++) {
      const port = await freePort();
      // The full health body (queue and request counts) is on the loopback health listener.
      const healthPort = await freePort();
      ports.push(healthPort);
      // Each process signs in to Business Central as its own user: BC's 5-concurrent limit is per user (peers.md §4).
      const env = {
        ...process.env,
        ...connectorEnv(h, { CONNECTOR_PORT: String(port), CONNECTOR_HEALTH_PORT: String(healthPort), POLL_INTERVAL_SECONDS: '1', WORKER_CONCURRENCY: '4', LOG_LEVEL: 'error', CONNECTOR_JOBS: 'queue', CONNECTOR_INSTANCE_ID: `bench-${p + 1}` }),
        BC_TOKEN: tokens[p],
        DOTENV_PATH: '/nonexistent/.env',
      };
      const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'connector/main.ts')], { env, stdio: 'ignore' });
      children.push(child);
      await waitHealthy(healthPort, child);
    }
    h.dv.faults.add({ latencyMs });
    h.bc.faults.add({ latencyMs });
    // Release every request at once (one $batch), so feeding the queue is not what gets measured.
    const feeder = createServices(connectorConfig(h), { log: memoryLogger('error') });
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    const released = await feeder.dv.batch(
      requests.map((id) => ({ changeSet: [{ method: 'PATCH' as const, url: `erp_integrationrequests(${id})`, body: { erp_status: RequestStatus.pending } }] })),
      { continueOnError: true },
    );
    const refused = released.find((r) => r.status >= 400);
    if (refused) throw new Error(`could not release the requests: ${refused.text}`);
    const a = api(h);
    for (;;) {
      const rows = await a.list(`erp_integrationrequests?$select=erp_status&$filter=erp_status eq ${RequestStatus.succeeded}&$count=true`);
      if (rows.length >= orders) break;
      const failed = await a.list(`erp_integrationrequests?$select=erp_lasterror&$filter=erp_status eq ${RequestStatus.failed}`);
      if (failed.length) throw new Error(`a request failed: ${failed[0].erp_lasterror}`);
      if (Date.now() - t0 > 10 * 60_000) throw new Error('throughput run did not finish in 10 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const standinCpu = (cpu.user + cpu.system) / 1e6 / seconds;
    const health = await Promise.all(ports.map(async (port) => (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { queue: { succeeded: number; lost: number; polls: number }; requests: { dataverse: { requests: number }; bc: { requests: number } } }));
    return {
      processes,
      orders,
      seconds,
      ordersPerMinute: (orders / seconds) * 60,
      standinCpu,
      lostClaims: health.reduce((n, x) => n + x.queue.lost, 0),
      perProcess: health.map((x) => x.queue.succeeded),
      dataverseRequests: health.reduce((n, x) => n + x.requests.dataverse.requests, 0),
      erpRequests: health.reduce((n, x) => n + x.requests.bc.requests, 0),
    };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)))));
    await h.close();
  }
}

export async function run(): Promise<{ requests: RequestFigures[]; throughput: ThroughputFigures[] }> {
  const h = await startStandins();
  const requests: RequestFigures[] = [];
  try {
    for (const lines of [1, 20, 200]) requests.push(await requestsPerOrder(h, lines));
  } finally {
    await h.close();
  }
  console.log('Requests per submitted order (counted by the connector; queue poll included; reference data warm)');
  console.log('| lines | orders | Dataverse requests / order | ERP requests / order |');
  console.log('|---:|---:|---:|---:|');
  for (const r of requests) console.log(`| ${r.lines} | ${r.orders} | ${r.dataversePerOrder.toFixed(2)} | ${r.erpPerOrder.toFixed(2)} |`);

  const orders = Number(process.env.BENCH_CONNECTOR_ORDERS ?? 120);
  const tp: ThroughputFigures[] = [];
  for (const p of [1, 4]) tp.push(await throughput(p, orders));
  console.log(`\nThroughput: ${orders} orders of 5 lines, 50 ms latency injected on every Dataverse and ERP request`);
  console.log('| connector processes | orders | seconds | orders / minute | orders per process | lost claims | Dataverse requests | ERP requests | stand-ins CPU |');
  console.log('|---:|---:|---:|---:|---|---:|---:|---:|---:|');
  for (const t of tp) {
    console.log(`| ${t.processes} | ${t.orders} | ${t.seconds.toFixed(1)} | ${t.ordersPerMinute.toFixed(0)} | ${t.perProcess.join(' / ')} | ${t.lostClaims} | ${t.dataverseRequests} | ${t.erpRequests} | ${(t.standinCpu * 100).toFixed(0)} % |`);
  }
  return { requests, throughput: tp };
}

export default run;

runWhenMain(module, run);
