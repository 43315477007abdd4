/**
 * Full-synchronisation throughput and memory: N ERP customers and M ERP items into an empty Sales, through both
 * stand-ins (in this process, with their service-protection limits at the published defaults) and the connector's
 * synchronisation (alone in a child process, so its CPU and peak memory are its own). Sizes grow 10× at each step:
 * memory that stays flat while records grow is the streaming at work (pages of 500, writes in `$batch`).
 *
 * What bounds throughput is measured, not assumed: requests per 1,000 records and the busiest 5-minute window
 * against the service-protection budget (Dataverse and Business Central: 6,000 requests per user per 5 minutes,
 * the connector keeps 5,400), the requests refused with 429, and the CPU per 1,000 records of the synchronisation
 * and of the stand-ins.
 *
 *   npm run bench -- sync                                  default sizes (SIZES below)
 *   SYNC_BENCH_SIZES=100000x50000 npm run bench -- sync     customers x items, comma-separated
 *   SYNC_BENCH_BUDGET_MS=600000                             a size still running after this is stopped and reported as such
 *   SYNC_BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"   node options of the synchronisation process
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { randomUUID } from 'crypto';
import { startBusinessCentral, type BusinessCentralServer } from '../sandbox/businesscentral';
import { startDataverse, type DataverseStandIn } from '../sandbox/dataverse';
import type { CustomerRow, ItemRow } from '../sandbox/businesscentral/state';
import { runWhenMain } from './_main';

interface Size {
  customers: number;
  items: number;
}

/** Default sizes: 10× steps up to the target of the issue, 100,000 customers and 50,000 items. */
const SIZES: Size[] = (process.env.SYNC_BENCH_SIZES ?? '1000x500,10000x5000,100000x50000').split(',').map((s) => {
  const [c, i] = s.split('x').map(Number);
  if (!Number.isInteger(c) || !Number.isInteger(i) || c < 0 || i < 0) throw new Error(`SYNC_BENCH_SIZES: '${s}' is not <customers>x<items>, e.g. 100000x50000.`);
  return { customers: c, items: i };
});
/** Per size; 100,000 + 50,000 takes about a minute and a half on the 2 shared cores this was measured on. */
const BUDGET_MS = Number(process.env.SYNC_BENCH_BUDGET_MS ?? 600_000);

/** Service protection per user (peers.md §4): 6,000 requests in a sliding 5 minutes; the connector keeps 5,400 of them. */
const WINDOW_MS = 300_000;
const CONNECTOR_BUDGET = 5400;
const BUDGET_PER_SECOND = CONNECTOR_BUDGET / (WINDOW_MS / 1000);

function addErpRecords(bc: BusinessCentralServer, size: Size): void {
  const store = bc.store;
  const units = store.state.tables.unitsOfMeasure.map((u) => u.code);
  for (let n = 0; n < size.customers; n++) {
    const row: CustomerRow = {
      id: randomUUID(), version: 1, lastModifiedDateTime: store.stamp(), number: `B${String(n).padStart(7, '0')}`, displayName: `Bench customer ${n}`, type: 'Company',
      addressLine1: `${n} rue du Banc`, addressLine2: '', city: 'Lyon', state: '', country: 'FR', postalCode: '69001', phoneNumber: '+33 4 00 00 00 00', email: `c${n}@bench.example`,
      website: '', salespersonCode: '', creditLimit: 1000, taxLiable: true, taxRegistrationNumber: '', currencyCode: '', paymentTermsCode: '', shipmentMethodCode: '', paymentMethodCode: '',
      blocked: ' ', vatPercent: 20, customerPriceGroupCode: '', languageCode: 'FRA',
    };
    store.insert('customers', row);
  }
  for (let n = 0; n < size.items; n++) {
    const row: ItemRow = {
      id: randomUUID(), version: 1, lastModifiedDateTime: store.stamp(), number: `BI${String(n).padStart(7, '0')}`, displayName: `Bench item ${n}`, displayName2: '', type: 'Inventory',
      itemCategoryCode: '', blocked: false, gtin: '', unitPrice: 10 + (n % 100), priceIncludesTax: false, unitCost: 5, taxGroupCode: 'GOODS', baseUnitOfMeasureCode: units[n % units.length],
      generalProductPostingGroupCode: 'RETAIL', inventoryPostingGroupCode: 'RESALE',
    };
    store.insert('items', row);
  }
}

interface ChildResult {
  ms: number;
  perMapping: Record<string, { ms: number; records: number }>;
  counts: Record<string, { inserted: number; modified: number; unchanged: number; failed: number; skipped: number }>;
  heapPeakMb: number;
  maxRssMb: number;
  cpuMs: number;
  requests: { dataverse: number; bc: number; throttled: number };
}

function runChild(env: Record<string, string>, timeoutMs: number): Promise<{ result: ChildResult | null; timedOut: boolean; stderr: string }> {
  return new Promise((resolve) => {
    const nodeArgs = (process.env.SYNC_BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(__dirname, '_syncChild.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      resolve({ result: code === 0 && line ? (JSON.parse(line) as ChildResult) : null, timedOut: signal === 'SIGTERM', stderr: err.slice(-2000) });
    });
  });
}

function count(rows: Iterable<unknown>): number {
  let n = 0;
  for (const _ of rows) n += 1;
  return n;
}

const created = (dv: DataverseStandIn): number => count(dv.engine.store.rows('account')) + count(dv.engine.store.rows('product'));

/** The ERP connection row the connector reads its settings from (what the setup page's step 1 saves). */
async function createConnection(dv: DataverseStandIn, bc: BusinessCentralServer): Promise<void> {
  const res = await fetch(`${dv.apiUrl}erp_connections`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dv.tokens.admin}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ erp_name: 'Business Central (bench)', erp_apibaseurl: bc.apiUrl, erp_companyid: bc.companyId, erp_isdefault: true }),
  });
  if (res.status >= 400) throw new Error(`creating the ERP connection: ${res.status} ${await res.text()}`);
}

/** Most requests started in any window of `windowMs` (times in ms, ascending). */
function busiestWindow(times: readonly number[], windowMs = WINDOW_MS): number {
  let best = 0;
  let head = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[i] - times[head] >= windowMs) head++;
    best = Math.max(best, i - head + 1);
  }
  return best;
}

interface Measured {
  size: Size;
  total: number;
  result: ChildResult;
  /** CPU of this process (both stand-ins) while the synchronisation ran. */
  standInCpuMs: number;
  dvPerK: number;
  bcPerK: number;
  busiest: { dataverse: number; bc: number };
  refused: { dataverse: number; bc: number };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const perK = (x: number, total: number): number => (x * 1000) / total;

async function runSize(size: Size, budgetMs: number): Promise<Measured | null> {
  const total = size.customers + size.items;
  console.log(`\n${fmt(size.customers)} customers + ${fmt(size.items)} items (${fmt(total)} ERP records, Sales empty):`);
  const setupStarted = Date.now();
  const bc = await startBusinessCentral({ port: 0 });
  const dv = await startDataverse({ port: 0, seed: false });
  try {
    addErpRecords(bc, size);
    await createConnection(dv, bc);
    const env = {
      DATAVERSE_URL: dv.baseUrl,
      DATAVERSE_TOKEN: dv.tokens.integration,
      BC_API_URL: bc.apiUrl,
      BC_COMPANY_ID: bc.companyId,
      BC_TOKEN: bc.token,
      CONNECTOR_WEBHOOK_KEY: 'bench-webhook-key-0123456789abcdef',
      HTTP_TIMEOUT_SECONDS: '120',
      LOG_LEVEL: 'error',
      SYNC_MAPPINGS: 'CUSTOMER,ITEM-PRODUCT',
    };
    const before = created(dv);
    const dvLogStart = dv.requestLog.entries.length;
    const started = Date.now();
    const cpu0 = process.cpuUsage();
    const { result, timedOut, stderr } = await runChild(env, budgetMs);
    const cpu = process.cpuUsage(cpu0);
    const elapsed = Date.now() - started;
    const done = created(dv) - before;
    if (!result) {
      console.log(`  ${timedOut ? `stopped after ${fmt(elapsed / 1000)} s (SYNC_BENCH_BUDGET_MS)` : `the synchronisation failed: ${stderr}`}`);
      console.log(`  created in Sales before that: ${fmt(done)} of ${fmt(total)} (${fmt((done * 1000) / elapsed)} records/s); no figure is reported for this size`);
      return null;
    }
    const dvEntries = dv.requestLog.entries.slice(dvLogStart).filter((e) => e.user === 'integration');
    const dvRefused = dvEntries.filter((e) => e.status === 429).length;
    const bcRefused = Object.values(bc.requestLog.routes).reduce((s, r) => s + (r.statuses[429] ?? 0), 0);
    const m: Measured = {
      size,
      total,
      result,
      standInCpuMs: (cpu.user + cpu.system) / 1000,
      dvPerK: perK(result.requests.dataverse, total),
      bcPerK: perK(result.requests.bc, total),
      // The Business Central log keeps the last entries only; a run shorter than the window has all its requests in one.
      busiest: { dataverse: busiestWindow(dvEntries.map((e) => e.at)), bc: result.ms <= WINDOW_MS ? result.requests.bc : Number.NaN },
      refused: { dataverse: dvRefused, bc: bcRefused },
    };
    for (const [name, x] of Object.entries(result.perMapping)) {
      if (x.records < 50) continue;
      console.log(`  ${name.padEnd(16)} ${fmt(x.records).padStart(9)} records in ${(x.ms / 1000).toFixed(1).padStart(6)} s = ${fmt((x.records * 1000) / x.ms).padStart(6)} records/s`);
    }
    console.log(`  all mappings     ${fmt(total).padStart(9)} records in ${(result.ms / 1000).toFixed(1).padStart(6)} s = ${fmt((total * 1000) / result.ms).padStart(6)} records/s (wall time of the size, with seeding: ${((Date.now() - setupStarted) / 1000).toFixed(1)} s)`);
    console.log(`  synchronisation process: peak heap ${fmt(result.heapPeakMb)} MB, peak RSS ${fmt(result.maxRssMb)} MB, CPU ${(result.cpuMs / 1000).toFixed(1)} s = ${fmt(perK(result.cpuMs, total))} ms per 1,000 records`);
    console.log(`  stand-ins (this process): CPU ${(m.standInCpuMs / 1000).toFixed(1)} s = ${fmt(perK(m.standInCpuMs, total))} ms per 1,000 records`);
    console.log(
      `  requests: Dataverse ${fmt(result.requests.dataverse)} (${m.dvPerK.toFixed(1)} per 1,000 records), Business Central ${fmt(result.requests.bc)} (${m.bcPerK.toFixed(1)} per 1,000); ` +
        `busiest 5 minutes: ${fmt(m.busiest.dataverse)} Dataverse, ${Number.isNaN(m.busiest.bc) ? '?' : fmt(m.busiest.bc)} Business Central of ${fmt(CONNECTOR_BUDGET)}`,
    );
    console.log(`  throttled: ${m.refused.dataverse} refused by the Dataverse stand-in (429), ${m.refused.bc} by the Business Central stand-in, ${result.requests.throttled} retried by the connector`);
    const failed = Object.values(result.counts).reduce((a, c) => a + c.failed, 0);
    console.log(`  created in Sales: ${fmt(done)} (failed records: ${failed}, all from the demo company: customers whose salesperson has no Sales user, blocked items)`);
    const idx = dv.engine.store.indexedColumns();
    console.log(`  Dataverse stand-in indexes built: ${['account', 'product', 'erp_coupling'].map((t) => `${t}(${(idx[t] ?? []).join(', ')})`).join(' ')}`);
    return m;
  } finally {
    await dv.close();
    await bc.close();
  }
}

/** What bounded the largest size, from its figures: the request budget, the stand-ins or the synchronisation. */
function verdict(m: Measured, first: Measured | undefined): void {
  const wallPerK = perK(m.result.ms, m.total);
  const oursPerK = perK(m.result.cpuMs, m.total);
  const standInsPerK = perK(m.standInCpuMs, m.total);
  const limitRate = (BUDGET_PER_SECOND * 1000) / Math.max(m.dvPerK, m.bcPerK);
  const limitPerK = 1_000_000 / limitRate;
  const measuredRate = (m.total * 1000) / m.result.ms;
  const oursRate = 1_000_000 / oursPerK;
  console.log(`\nWhat bounds throughput (${fmt(m.total)} records):`);
  console.log(`  measured: ${fmt(measuredRate)} records/s = ${fmt(wallPerK)} ms per 1,000 records`);
  console.log(
    `  service protection: ${m.dvPerK.toFixed(1)} Dataverse and ${m.bcPerK.toFixed(1)} Business Central requests per 1,000 records at ${BUDGET_PER_SECOND} requests/s each ` +
      `→ at most ${fmt(limitRate)} records/s (${fmt(limitPerK)} ms per 1,000) once a run has used the ${fmt(CONNECTOR_BUDGET)} requests of a 5-minute window`,
  );
  console.log(`  the synchronisation's own CPU: ${fmt(oursPerK)} ms per 1,000 records (${fmt((100 * oursPerK) / limitPerK)}% of what the limits allow per 1,000) → ${fmt(oursRate)} records/s on one core`);
  console.log(`  the stand-ins' CPU: ${fmt(standInsPerK)} ms per 1,000 records`);
  console.log(
    `  pages go one after the other (read, map, write), so the time per 1,000 records is about the synchronisation's CPU plus the stand-ins' ` +
      `(${fmt(oursPerK)} + ${fmt(standInsPerK)} = ${fmt(oursPerK + standInsPerK)} ms, measured ${fmt(wallPerK)} ms)`,
  );
  const budgetReached = m.busiest.dataverse >= CONNECTOR_BUDGET || m.busiest.bc >= CONNECTOR_BUDGET;
  const refused = m.refused.dataverse + m.refused.bc + m.result.requests.throttled;
  if (budgetReached || refused) {
    console.log(`  → this run reached the service-protection limits (${refused} requests throttled): they set its rate`);
  } else {
    const busiest = Math.max(m.busiest.dataverse, Number.isNaN(m.busiest.bc) ? 0 : m.busiest.bc);
    console.log(`  → this run stayed within the request budget (at most ${fmt(busiest)} of ${fmt(CONNECTOR_BUDGET)} requests in 5 minutes, none throttled): nothing waited for the limits`);
    console.log(
      `  → the larger share of its time was ${standInsPerK >= oursPerK ? "the stand-ins' (the services' side)" : "the synchronisation's own"}` +
        (measuredRate > limitRate ? `; its rate is above the ${fmt(limitRate)} records/s the limits allow over time, so a longer run is held to that rate by the limits, not by the synchronisation` : ''),
    );
  }
  if (first && first !== m) {
    console.log(
      `  memory of the synchronisation process: ${fmt(first.result.heapPeakMb)} → ${fmt(m.result.heapPeakMb)} MB heap, ${fmt(first.result.maxRssMb)} → ${fmt(m.result.maxRssMb)} MB RSS while records grew ${fmt(m.total / first.total)}×`,
    );
  }
}

export async function run(): Promise<void> {
  console.log('Full synchronisation, ERP → empty Sales, CUSTOMER and ITEM-PRODUCT with their dependencies, 500 records per page, stand-ins at their default service-protection limits');
  const measured: Measured[] = [];
  for (const size of SIZES) {
    const m = await runSize(size, BUDGET_MS);
    if (m) measured.push(m);
  }
  if (measured.length) verdict(measured[measured.length - 1], measured[0]);
}

runWhenMain(module, run);
