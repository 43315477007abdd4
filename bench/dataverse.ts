/**
 * Dataverse stand-in: start-up time and memory with the demo company loaded (in process), then throughput on loopback
 * against the stand-in running alone in a child process (`npm run sandbox:dataverse`), so the load generator does not
 * share its thread. Prints figures, asserts nothing (issue 3 target: ≥ 1,000 simple reads per second).
 * `npx tsx bench/dataverse.ts` runs it alone; `npm run bench` runs it with the others. BENCH_SECONDS sets the duration.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { startDataverse } from '../sandbox/dataverse';
import { runWhenMain } from './_main';

const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const ROOT = path.resolve(__dirname, '..');

interface Figure {
  label: string;
  perSecond: number;
  p50: number;
  p95: number;
  errors: number;
}

async function measure(label: string, seconds: number, concurrency: number, call: (i: number) => Promise<Response>): Promise<Figure> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const t = performance.now();
        const res = await call(n++);
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status >= 400) errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { label, perSecond: latencies.length / seconds, p50: latencies[Math.floor(latencies.length * 0.5)], p95: latencies[Math.floor(latencies.length * 0.95)], errors };
}

/** What a bare Node HTTP server answering a constant JSON body does on this machine right now, also in its own
 * process: the ceiling the stand-in is compared with (the machine is shared, so absolute figures move). */
async function baseline(seconds: number): Promise<Figure> {
  const code = `const b=JSON.stringify({'@odata.etag':'W/"1"',name:'x'.repeat(40),accountnumber:'C10000',accountid:'00000000-0000-4000-8000-000000000001'});
    const s=require('http').createServer((q,r)=>{r.writeHead(200,{'Content-Type':'application/json','Content-Length':Buffer.byteLength(b)});r.end(b)});
    s.listen(0,'127.0.0.1',()=>console.log('port '+s.address().port));`;
  const proc = spawn(process.execPath, ['-e', code]);
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout.on('data', (d) => resolve(Number(/port (\d+)/.exec(String(d))?.[1])));
    proc.on('error', reject);
  });
  try {
    return await measure('bare Node http server, constant body (baseline)', seconds, 8, () => fetch(`http://127.0.0.1:${port}/`));
  } finally {
    proc.kill();
  }
}

/** Memory and start-up, measured in this process. */
async function footprint(): Promise<void> {
  global.gc?.();
  const before = process.memoryUsage();
  const t0 = Date.now();
  const dv = await startDataverse();
  const startMs = Date.now() - t0;
  global.gc?.();
  const after = process.memoryUsage();
  const rows = [...dv.engine.catalog.tables.keys()].reduce((n, t) => n + dv.engine.store.count(t), 0);
  console.log(`start-up with the demo company: ${startMs} ms, ${rows} rows in ${dv.engine.catalog.tables.size} tables`);
  console.log(`memory with the demo data: heap +${MB(after.heapUsed - before.heapUsed)} (process heap ${MB(after.heapUsed)}, rss ${MB(after.rss)})${global.gc ? '' : ' — node --expose-gc gives exact heap figures'}`);
  await dv.close();
}

/** Starts the CLI in a child process and reads its URL and integration token from what it prints. */
async function child(): Promise<{ apiUrl: string; baseUrl: string; token: string; stop: () => void }> {
  const proc = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'sandbox/dataverse/cli.ts'), '--port', '0', '--no-data'], { cwd: ROOT });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stand-in did not start: ${out}`)), 60_000);
    proc.stdout.on('data', (d) => {
      out += String(d);
      if (out.includes('Try: curl')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on('exit', (code) => reject(new Error(`the stand-in exited with ${code}: ${out}`)));
  });
  proc.removeAllListeners('exit');
  return {
    apiUrl: /Web API: (\S+)/.exec(out)![1],
    baseUrl: /listening on (\S+)/.exec(out)![1],
    token: /integration\s+(\S+)/.exec(out)![1],
    stop: () => proc.kill('SIGTERM'),
  };
}

export async function run(options: { seconds?: number } = {}): Promise<void> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 3);
  await footprint();

  const dv = await child();
  try {
    const headers = { Authorization: `Bearer ${dv.token}`, Accept: 'application/json' };
    // Service protection would stop a load generator at 6,000 requests / 5 min: lift it for the benchmark.
    await fetch(`${dv.baseUrl}/_admin/limits`, { method: 'PUT', body: JSON.stringify({ requestsPerWindow: 100_000_000, concurrentRequests: 10_000 }) });
    const list = async (q: string, key: string) => ((await (await fetch(`${dv.apiUrl}${q}`, { headers })).json()) as { value: Array<Record<string, string>> }).value.map((r) => r[key]);
    const accounts = await list('accounts?$select=accountid', 'accountid');
    const products = await list('products?$select=productid', 'productid');
    const order = (await list('salesorders?$select=salesorderid&$top=1', 'salesorderid'))[0];
    // Warm-up, so the JIT has compiled the request path before anything is timed.
    await measure('warm-up', 1, 8, (i) => fetch(`${dv.apiUrl}accounts(${accounts[i % accounts.length]})?$select=name,accountnumber`, { headers }));
    const results: Figure[] = [await baseline(seconds)];
    results.push(await measure('GET accounts(id)?$select=name (simple read)', seconds, 8, (i) => fetch(`${dv.apiUrl}accounts(${accounts[i % accounts.length]})?$select=name,accountnumber`, { headers })));
    results.push(await measure(`GET products?$filter=productid eq … (1 of ${products.length} rows, through the equality index)`, seconds, 8, (i) => fetch(`${dv.apiUrl}products?$select=name,price&$filter=productid eq ${products[i % products.length]}`, { headers })));
    results.push(await measure(`GET products?$filter=contains(name,'…') (no index: tests all ${products.length} rows)`, seconds, 8, (i) => fetch(`${dv.apiUrl}products?$select=name,price&$filter=contains(name,'${String(i % 10)}')`, { headers })));
    results.push(await measure('GET salesorders(id)?$expand=order_details', seconds, 8, () => fetch(`${dv.apiUrl}salesorders(${order})?$select=name,totalamount&$expand=order_details($select=quantity,priceperunit)`, { headers })));
    results.push(
      await measure('POST erp_integrationrequests (create)', seconds, 8, (i) =>
        fetch(`${dv.apiUrl}erp_integrationrequests`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ erp_name: `bench ${i}`, erp_kind: 719250003 }) }),
      ),
    );
    const health = (await (await fetch(`${dv.baseUrl}/_admin/health`)).json()) as { rows: number; memory: { heapUsed: number; rss: number } };
    console.log('requests/s   p50 ms  p95 ms  errors  route (8 concurrent keep-alive clients, stand-in in its own process)');
    for (const r of results) console.log(`${r.perSecond.toFixed(0).padStart(10)}  ${r.p50.toFixed(2).padStart(6)}  ${r.p95.toFixed(2).padStart(6)}  ${String(r.errors).padStart(6)}  ${r.label}`);
    console.log(`stand-in process after the run: ${health.rows} rows, heap ${MB(health.memory.heapUsed)}, rss ${MB(health.memory.rss)}`);
    const simple = results[1].perSecond;
    console.log(
      `simple reads: ${simple.toFixed(0)}/s on loopback (target ≥ 1,000/s: ${simple >= 1000 ? 'met' : 'NOT met'}), ${((simple / results[0].perSecond) * 100).toFixed(0)}% of what a bare Node server does on this machine now`,
    );
  } finally {
    dv.stop();
  }
}

runWhenMain(module, run);
