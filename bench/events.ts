/**
 * ERP events benchmark (`npm run bench -- events`, or alone: `npx tsx bench/events.ts`): Dataverse and ERP requests
 * of one events pass, per order, counted by the connector's own HTTP clients against the stand-ins (reference data
 * warm). Three passes over the same orders, submitted with lines without location:
 *  1. right after submission: Business Central gave each line the customer's or company's location, which the pass
 *     writes back on the Sales lines;
 *  2. after every order was released in the ERP: each order is read again (a post each), no location changes;
 *  3. nothing changed since (the window's 5 s overlap re-reads the same orders).
 * Nothing is asserted: these are figures.
 */
import { api, createOrder, startStandins, startTestConnector, submitOrder, type Standins } from '../tests/connector/harness';
import { runWhenMain } from './_main';

export interface EventsFigures {
  pass: string;
  orders: number;
  dataversePerOrder: number;
  erpPerOrder: number;
}

async function measure(h: Standins, orders: number): Promise<EventsFigures[]> {
  const c = await startTestConnector(h, { QUEUE_BATCH_SIZE: '50', REFERENCE_CACHE_SECONDS: '3600' });
  try {
    await c.services.ref.ensureFresh();
    await c.runEvents();
    const ids: string[] = [];
    for (let i = 0; i < orders; i++) {
      const id = await createOrder(h, { name: `Bench events #${i}`, lines: [{ productNumber: 'SAF-0002', quantity: 1 }, { productNumber: 'SAF-0001', quantity: 2 }] });
      await submitOrder(h, id);
      ids.push(id);
    }
    await c.processQueue();
    if (c.worker.stats.succeeded < orders) throw new Error(`only ${c.worker.stats.succeeded} of ${orders} orders succeeded`);
    const numbers: string[] = [];
    for (const id of ids) numbers.push(String((await api(h).get(`salesorders(${id})?$select=erp_erpordernumber`)).erp_erpordernumber));
    const pass = async (name: string): Promise<EventsFigures> => {
      const dv0 = c.services.dv.http.stats.requests;
      const bc0 = c.services.bc.http.stats.requests;
      await c.runEvents();
      return { pass: name, orders, dataversePerOrder: (c.services.dv.http.stats.requests - dv0) / orders, erpPerOrder: (c.services.bc.http.stats.requests - bc0) / orders };
    };
    const out = [await pass('after submission (locations written back)')];
    const headers = { Authorization: `Bearer ${h.bc.token}` };
    for (const n of numbers) await fetch(`${h.bc.adminUrl}/salesOrders/${n}/release`, { method: 'POST', headers });
    out.push(await pass('after release (no location change)'));
    out.push(await pass('nothing changed'));
    return out;
  } finally {
    await c.close();
  }
}

export async function run(): Promise<EventsFigures[]> {
  const h = await startStandins();
  let figures: EventsFigures[];
  try {
    figures = await measure(h, Number(process.env.BENCH_EVENTS_ORDERS ?? 20));
  } finally {
    await h.close();
  }
  console.log('Requests per order of one ERP events pass (counted by the connector; reference data warm)');
  console.log('| pass | orders | Dataverse requests / order | ERP requests / order |');
  console.log('|---|---:|---:|---:|');
  for (const f of figures) console.log(`| ${f.pass} | ${f.orders} | ${f.dataversePerOrder.toFixed(2)} | ${f.erpPerOrder.toFixed(2)} |`);
  return figures;
}

export default run;

runWhenMain(module, run);
