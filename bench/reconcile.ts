/**
 * Order reconciliation benchmark (`npm run bench -- reconcile`). For 1,000 and 10,000 submitted Sales orders and
 * their ERP orders (1% made twice in the ERP, 1% deleted from it), prints the time of one reconciliation, orders per
 * second, the Dataverse and Business Central requests it made (counted by the connector's own clients) and the
 * findings by kind, which must be the planted ones. Both stand-ins run in this process; nothing is asserted.
 */
import { randomUUID } from 'crypto';
import { reconcileOrders } from '../connector/reconcile';
import { SubmissionStatus } from '../domain/schema';
import { newDocument } from '../sandbox/businesscentral/documents';
import { createServices } from '../connector/connector';
import { memoryLogger } from '../connector/log';
import { connectorConfig, startStandins, startTestConnector, type Standins } from '../tests/connector/harness';
import { runWhenMain } from './_main';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Sales orders in $batch requests of 500 creates, made as an administrator (the connector may not create orders). */
async function salesOrders(h: Standins, n: number): Promise<Array<{ number: string; erpNumber: string }>> {
  const info = h.dv.seedInfo!;
  const admin = createServices(connectorConfig(h, { DATAVERSE_TOKEN: h.dv.tokens.admin }), { log: memoryLogger('warn') });
  const tag = randomUUID().slice(0, 8);
  for (let start = 0; start < n; start += 500) {
    const parts = Array.from({ length: Math.min(500, n - start) }, (_, i) => ({
      method: 'POST' as const,
      url: 'salesorders',
      body: {
        name: `Bench ${tag} ${start + i}`,
        'customerid_account@odata.bind': `/accounts(${info.accounts.C10000})`,
        'transactioncurrencyid@odata.bind': `/transactioncurrencies(${info.currencies.EUR})`,
        erp_erpordernumber: `B-ORD${start + i}`,
        erp_submissionstatus: SubmissionStatus.inErp,
      },
    }));
    for (const r of await admin.dv.batch(parts)) if (r.status >= 400) throw new Error(`seeding Sales orders: ${r.status} ${r.text}`);
  }
  const rows = await admin.dv.list<{ ordernumber: string; erp_erpordernumber: string }>(`salesorders?$select=ordernumber,erp_erpordernumber&$filter=startswith(name,'Bench ${tag}')`);
  return rows.map((r) => ({ number: r.ordernumber, erpNumber: r.erp_erpordernumber }));
}

/** The ERP orders carrying those numbers, written into the stand-in's store: every 100th twice, every 100th (+50) missing. */
function erpOrders(h: Standins, orders: Array<{ number: string; erpNumber: string }>): { duplicates: number; missing: number } {
  const store = h.bc.store;
  let duplicates = 0;
  let missing = 0;
  orders.forEach((o, i) => {
    if (i % 100 === 50) {
      missing += 1;
      return;
    }
    const copies = i % 100 === 0 ? 2 : 1;
    if (copies === 2) duplicates += 1;
    for (let k = 0; k < copies; k++) {
      const doc = newDocument(store, 'order');
      Object.assign(doc, { number: k ? `${o.erpNumber}-TWIN` : o.erpNumber, externalDocumentNumber: o.number.toUpperCase(), customerNumber: 'C10000', status: 'Open', documentDate: '2026-12-01' });
      store.insert('salesDocuments', doc);
    }
  });
  return { duplicates, missing };
}

export async function run(): Promise<void> {
  console.log('Order reconciliation: submitted Sales orders against the ERP orders carrying their numbers');
  for (const size of [1_000, 10_000]) {
    const h = await startStandins();
    const c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '3600' });
    try {
      const orders = await salesOrders(h, size);
      const planted = erpOrders(h, orders);
      await c.services.ref.ensureFresh();
      const dv0 = c.services.dv.http.stats.requests;
      const bc0 = c.services.bc.http.stats.requests;
      const heap0 = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      const report = await reconcileOrders(c.services, new Date(Date.now() - 86_400_000));
      const ms = performance.now() - t0;
      const byCode: Record<string, number> = {};
      for (const f of report.findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
      console.log(`\n${fmt(size)} Sales orders (${fmt(planted.duplicates)} made twice in the ERP, ${fmt(planted.missing)} deleted from it):`);
      console.log(`  reconciled ${fmt(report.salesOrders)} orders in ${(ms / 1000).toFixed(2)} s = ${fmt((report.salesOrders * 1000) / ms)} orders/s; ${fmt(report.matched)} matched; ${fmt(report.erpDocuments)} ERP documents read`);
      console.log(`  requests: Dataverse ${c.services.dv.http.stats.requests - dv0}, Business Central ${c.services.bc.http.stats.requests - bc0} (the report says ${report.requests.dataverse} and ${report.requests.erp})`);
      console.log(`  findings: ${Object.entries(byCode).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') || 'none'} (planted: RECON_DUPLICATE ${fmt(planted.duplicates)}, RECON_MISSING ${fmt(planted.missing)})`);
      console.log(`  heap growth during the run: ${((process.memoryUsage().heapUsed - heap0) / 1048576).toFixed(0)} MB`);
    } finally {
      await c.close();
      await h.close();
    }
  }
}

runWhenMain(module, run);

