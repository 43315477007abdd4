/**
 * Full-synchronisation throughput and memory: N ERP customers and M ERP items into an empty Sales, through both
 * stand-ins (in this process) and the connector's synchronisation (alone in a child process, so its peak memory is
 * its own). Runs a small and a large size: memory that stays flat while records grow 10× is the streaming at work.
 * Within the published service-protection limits (Dataverse 6,000 requests / 5 min, BC 6,000 / 5 min, both the
 * stand-ins' defaults and the connector's limiter), the request count per record is what bounds throughput.
 *
 *   npm run bench -- sync                          default sizes (see SIZES)
 *   SYNC_BENCH_SIZES=100000x50000 npm run bench -- sync
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { randomUUID } from 'crypto';
import { startBusinessCentral, type BusinessCentralServer } from '../sandbox/businesscentral';
import { startDataverse, type DataverseStandIn } from '../sandbox/dataverse';
import type { CustomerRow, ItemRow } from '../sandbox/businesscentral/state';

interface Size {
  customers: number;
  items: number;
}

/** Sizes run by default: a 10× step to show memory is flat (100,000 × 50,000 takes hours through the stand-ins: see the extrapolation). */
const SIZES: Size[] = (process.env.SYNC_BENCH_SIZES ?? '1000x500,6000x3000').split(',').map((s) => {
  const [c, i] = s.split('x').map(Number);
  return { customers: c, items: i };
});
/** Above this, the run is cut and the rest extrapolated (the machine has 2 cores shared with others). */
const BUDGET_MS = Number(process.env.SYNC_BENCH_BUDGET_MS ?? 170_000);

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
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '_syncChild.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

async function progressOf(dv: DataverseStandIn): Promise<{ accounts: number; products: number }> {
  return { accounts: count(dv.engine.store.rows('account')), products: count(dv.engine.store.rows('product')) };
}

/** The ERP connection row the connector reads its settings from (what the setup page's step 1 saves). */
async function createConnection(dv: DataverseStandIn, bc: BusinessCentralServer): Promise<void> {
  const res = await fetch(`${dv.apiUrl}erp_connections`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dv.tokens.admin}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ erp_name: 'Business Central (bench)', erp_apibaseurl: bc.apiUrl, erp_companyid: bc.companyId, erp_isdefault: true }),
  });
  if (res.status >= 400) throw new Error(`creating the ERP connection: ${res.status} ${await res.text()}`);
}

async function runSize(size: Size, budgetMs: number): Promise<void> {
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
    const before = await progressOf(dv);
    const started = Date.now();
    const { result, timedOut, stderr } = await runChild(env, budgetMs);
    const elapsed = Date.now() - started;
    const after = await progressOf(dv);
    const created = after.accounts - before.accounts + (after.products - before.products);
    const total = size.customers + size.items;
    console.log(`\n${size.customers.toLocaleString('en-US')} customers + ${size.items.toLocaleString('en-US')} items (${total.toLocaleString('en-US')} ERP records, Sales empty):`);
    if (result) {
      for (const [m, x] of Object.entries(result.perMapping)) {
        if (x.records < 50) continue;
        console.log(`  ${m.padEnd(16)} ${x.records.toLocaleString('en-US').padStart(9)} records in ${(x.ms / 1000).toFixed(1).padStart(6)} s = ${Math.round((x.records * 1000) / x.ms).toLocaleString('en-US').padStart(6)} records/s`);
      }
      console.log(`  all mappings      ${total.toLocaleString('en-US').padStart(9)} records in ${(result.ms / 1000).toFixed(1).padStart(6)} s = ${Math.round((total * 1000) / result.ms).toLocaleString('en-US').padStart(6)} records/s`);
      console.log(`  synchronisation process: peak heap ${result.heapPeakMb.toFixed(0)} MB, peak RSS ${result.maxRssMb.toFixed(0)} MB, CPU ${(result.cpuMs / 1000).toFixed(1)} s = ${((result.cpuMs * 1000) / total).toFixed(1)} ms per 1,000 records`);
      const perK = result.requests.dataverse / (total / 1000);
      console.log(`  requests: Dataverse ${result.requests.dataverse} (${perK.toFixed(1)} per 1,000 records), Business Central ${result.requests.bc} (${(result.requests.bc / (total / 1000)).toFixed(1)} per 1,000), throttled ${result.requests.throttled}`);
      const failed = Object.values(result.counts).reduce((a, c) => a + c.failed, 0);
      console.log(`  created in Sales: ${created.toLocaleString('en-US')} (failed records: ${failed}, all from the demo company: customers whose salesperson has no Sales user, blocked items)`);
      summaries.push({ size, result, perK });
    } else {
      const rate = (created * 1000) / elapsed;
      console.log(`  cut after ${(elapsed / 1000).toFixed(0)} s (budget) ${timedOut ? '' : `— the child failed: ${stderr}`}`);
      console.log(`  created in Sales so far: ${created.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} = ${Math.round(rate).toLocaleString('en-US')} records/s`);
      console.log(`  extrapolated: ${total.toLocaleString('en-US')} records in about ${Math.round(total / rate / 60)} min at that rate (EXTRAPOLATED, not measured)`);
    }
  } finally {
    await dv.close();
    await bc.close();
  }
}

const summaries: Array<{ size: Size; result: ChildResult; perK: number }> = [];

/** Dataverse service protection per user: 6,000 requests in 5 minutes (peers.md §4); the connector keeps 5,400. */
const DATAVERSE_REQUESTS_PER_SECOND = 5400 / 300;

export async function run(): Promise<void> {
  console.log('Full synchronisation, ERP → empty Sales, CUSTOMER and ITEM-PRODUCT with their dependencies, 500 records per page');
  summaries.length = 0;
  for (const size of SIZES) await runSize(size, BUDGET_MS);
  if (!summaries.length) return;
  const target = 150_000;
  const last = summaries[summaries.length - 1];
  const bound = (DATAVERSE_REQUESTS_PER_SECOND * 1000) / last.perK;
  const ours = (1000 * 1000) / ((last.result.cpuMs * 1000) / (last.size.customers + last.size.items));
  console.log('\nWhat bounds throughput:');
  console.log(`  service protection: ${last.perK.toFixed(1)} Dataverse requests per 1,000 records at ${DATAVERSE_REQUESTS_PER_SECOND} requests/s → at most ${Math.round(bound).toLocaleString('en-US')} records/s`);
  console.log(`  the synchronisation's own CPU: ${Math.round(ours).toLocaleString('en-US')} records/s per core (measured above)`);
  console.log(`  the stand-ins: no indexes (every filter and key check scans the table), so their time per request grows with the tables; they, not the synchronisation, set the rates measured above`);
  console.log(`  EXTRAPOLATED for 100,000 customers + 50,000 items against real services: ${Math.round(target / Math.min(bound, ours) / 60)} min at ${Math.round(Math.min(bound, ours)).toLocaleString('en-US')} records/s (the service-protection bound), not measured`);
  if (summaries.length > 1) {
    const a = summaries[0];
    const b = last;
    const growth = (b.size.customers + b.size.items) / (a.size.customers + a.size.items);
    console.log(`  memory of the synchronisation process: ${a.result.heapPeakMb.toFixed(0)} → ${b.result.heapPeakMb.toFixed(0)} MB heap, ${a.result.maxRssMb.toFixed(0)} → ${b.result.maxRssMb.toFixed(0)} MB RSS while records grew ${growth.toFixed(0)}×`);
  }
}

if (require.main === module) {
  run().catch((e: Error) => {
    console.error(e);
    process.exit(1);
  });
}
