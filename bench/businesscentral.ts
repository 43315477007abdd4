/**
 * Business Central stand-in throughput on loopback: simple reads per second (GET by key, filtered
 * list, analytics query), order creation with deep insert, and memory with the demo company loaded.
 * Run alone: npx tsx bench/businesscentral.ts   (target: ≥ 1,000 simple reads/s)
 */
import * as http from 'http';
import { startBusinessCentral, BusinessCentralServer } from '../sandbox/businesscentral';
import { runWhenMain } from './_main';

interface Result {
  name: string;
  requests: number;
  seconds: number;
  errors: number;
  p50: number;
  p95: number;
}

function request(agent: http.Agent, url: string, token: string, method = 'GET', body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function load(bc: BusinessCentralServer, name: string, next: (i: number) => { url: string; method?: string; body?: string }, seconds: number, connections: number): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const r = next(i++);
        const t = process.hrtime.bigint();
        const status = await request(agent, r.url, bc.token, r.method, r.body);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (status >= 400) errors++;
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { name, requests: latencies.length, seconds: (Date.now() - started) / 1000, errors, p50: latencies[Math.floor(latencies.length / 2)] ?? 0, p95: latencies[Math.floor(latencies.length * 0.95)] ?? 0 };
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

export async function run(options: { seconds?: number } = {}): Promise<Result[]> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 3);
  global.gc?.();
  const before = process.memoryUsage();
  const bc = await startBusinessCentral({ concurrency: false, rateLimit: null });
  global.gc?.();
  const loaded = process.memoryUsage();
  const results: Result[] = [];
  try {
    const get = async (path: string): Promise<{ value: Array<Record<string, string>> }> => (await fetch(`${bc.companyUrl}/${path}`, { headers: { Authorization: `Bearer ${bc.token}` } })).json();
    const customers = (await get('customers?$select=id')).value.map((c) => c.id);
    const items = (await get('items?$select=id,number')).value;
    const orders = (await get('salesOrders?$select=number')).value.map((o) => o.number);
    const sellable = (await get(`items?$filter=${encodeURIComponent("blocked eq false and type eq 'Inventory'")}&$select=number&$top=40`)).value as Array<{ number: string }>;
    const c = bc.companyUrl;
    results.push(await load(bc, 'GET customers({id})', (i) => ({ url: `${c}/customers(${customers[i % customers.length]})` }), seconds, 8));
    results.push(await load(bc, 'GET items({id})', (i) => ({ url: `${c}/items(${items[i % items.length].id})` }), seconds, 8));
    results.push(await load(bc, "GET salesOrders?$filter=number eq '…'&$expand=lines", (i) => ({ url: `${c}/salesOrders?$filter=number%20eq%20'${orders[i % orders.length]}'&$expand=salesOrderLines` }), seconds, 8));
    results.push(await load(bc, 'GET analytics itemLedgerEntries?$filter=itemNo eq …', (i) => ({ url: `${bc.analyticsUrl}/itemLedgerEntries?$filter=itemNo%20eq%20'${items[i % items.length].number}'` }), seconds, 8));
    const withLimit = await startBusinessCentral({ rateLimit: null });
    try {
      const cs = (await (await fetch(`${withLimit.companyUrl}/customers?$select=id`, { headers: { Authorization: `Bearer ${withLimit.token}` } })).json()).value.map((x: { id: string }) => x.id);
      results.push(await load(withLimit, 'GET customers({id}), BC limit 5 concurrent/user, 16 clients', (i) => ({ url: `${withLimit.companyUrl}/customers(${cs[i % cs.length]})` }), seconds, 16));
    } finally {
      await withLimit.close();
    }
    const body = (n: number): string => JSON.stringify({ customerNumber: 'C10010', externalDocumentNumber: `BENCH-${n}`, salesOrderLines: Array.from({ length: 20 }, (_, k) => ({ lineObjectNumber: sellable[(n + k) % sellable.length].number, quantity: 1 + (k % 3) })) });
    results.push(await load(bc, 'POST salesOrders (deep insert, 20 lines)', (i) => ({ url: `${c}/salesOrders`, method: 'POST', body: body(i) }), Math.min(seconds, 2), 4));
  } finally {
    const after = process.memoryUsage();
    await bc.close();
    console.log('Business Central stand-in, loopback, keep-alive clients');
    for (const r of results) {
      console.log(`${r.name.padEnd(62)} ${String(Math.round(r.requests / r.seconds)).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms${r.errors ? `  errors ${r.errors}` : ''}`);
    }
    console.log(`memory: heap ${mb(loaded.heapUsed)} (demo company loaded, +${mb(loaded.heapUsed - before.heapUsed)}), rss ${mb(loaded.rss)}; after the run heap ${mb(after.heapUsed)}, rss ${mb(after.rss)}`);
  }
  return results;
}

runWhenMain(module, run);
