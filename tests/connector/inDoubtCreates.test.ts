/**
 * The in-doubt rule for the other creates the connector makes (issue 15): a create whose answer is lost (the
 * connector's timeout) while the service goes on and creates the record is never repeated into a second record.
 * - ERP quotes: looked up by the quote number the ERP quote carries until the first create can no longer land.
 * - Sales invoices (Dataverse): created with a deterministic id (from the ERP invoice's id), so a repeated create
 *   is refused on the key and the invoice exists once, whatever lands first.
 * The stand-ins' latency faults hold the create longer than the connector waits; the stand-in then executes it.
 */
import { QuoteState, QuoteStatus } from '../../domain/dataverseCodes';
import { RequestKind, RequestStatus, Tables } from '../../domain/schema';
import type { BatchPart } from '../../connector/dataverse/batch';
import { useStandins, api, bcApi, createOrder, drain, queueRequest, quoteKey, request, startTestConnector, submitOrder, type Standins, type Json } from './harness';

jest.setTimeout(90_000);

let h!: Standins;
useStandins((s) => (h = s));

const IN_DOUBT = { HTTP_TIMEOUT_SECONDS: '1', LEASE_SECONDS: '5', CREATE_MAX_SECONDS: '6', IN_DOUBT_LOOKUP_SECONDS: '1', RETRY_BASE_SECONDS: '0', REFERENCE_CACHE_SECONDS: '0' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function newQuote(): Promise<string> {
  const a = api(h);
  const info = h.dv.seedInfo!;
  const id = await a.create('quotes', {
    name: 'Devis lent',
    'customerid_account@odata.bind': `/accounts(${info.accounts.C10000})`,
    'transactioncurrencyid@odata.bind': `/transactioncurrencies(${info.currencies.EUR})`,
    'pricelevelid@odata.bind': `/pricelevels(${info.priceLists.STANDARD})`,
  });
  await a.create('quotedetails', { 'quoteid@odata.bind': `/quotes(${id})`, sequencenumber: 1, 'productid@odata.bind': `/products(${info.products['SAF-0002']})`, 'uomid@odata.bind': `/uoms(${info.units.PCS})`, quantity: 2 });
  await a.patch('quotes', id, { statecode: QuoteState.active, statuscode: QuoteStatus.inProgress });
  return id;
}

describe('creates in doubt beyond orders', () => {
  it('an ERP quote whose create answer is lost is looked up, not created again: exactly one ERP quote', async () => {
    const c = await startTestConnector(h, IN_DOUBT);
    try {
      const id = await newQuote();
      const r = await queueRequest(h, RequestKind.processQuote, 'quote', id, await quoteKey(h, id));
      await c.services.ref.ensureFresh();
      // Every create of a quote takes 4 s: a blind second create would land too.
      h.bc.faults.add({ id: 'late-quote', method: 'POST', route: '/salesQuotes', latencyMs: 4000 } as never);
      await c.processQueue();
      const mid = await request(h, r);
      expect(mid.erp_status).toBe(RequestStatus.retrying);
      expect(mid.erp_lasterror).toMatch(/did not say whether it created the quote/);
      await drain(h, c, [r], 30_000);
      h.bc.faults.remove('late-quote');
      const done = await request(h, r);
      expect(done.erp_status).toBe(RequestStatus.succeeded);
      expect(done.erp_log).toMatch(/may still be creating it|updated ERP quote/);
      const q = await api(h).get(`quotes(${id})?$select=quotenumber,erp_erpquotenumber`);
      const erp = await bcApi(h).list(`salesQuotes?$filter=externalDocumentNumber eq '${q.quotenumber}'`);
      expect(erp).toHaveLength(1);
      expect(q.erp_erpquotenumber).toBe(erp[0].number);
    } finally {
      h.bc.faults.remove('late-quote');
      await c.close();
    }
  });

  it('a Sales invoice whose create answer is lost exists once, with one "invoiced" post, when the next run creates it again first', async () => {
    const c = await startTestConnector(h, { HTTP_TIMEOUT_SECONDS: '1', REFERENCE_CACHE_SECONDS: '0' });
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 2 }] });
      await drain(h, c, [await submitOrder(h, id)]);
      const erpNumber = (await api(h).get(`salesorders(${id})?$select=erp_erpordernumber`)).erp_erpordernumber;
      await c.runEvents();
      await bcApi(h).admin('POST', `salesOrders/${erpNumber}/release`);
      const inv = await bcApi(h).admin('POST', `salesOrders/${erpNumber}/shipAndInvoice`, {});

      // The $batch that creates the invoice is held 3 s by Dataverse while the connector waits 1 s (then gives up);
      // Dataverse executes it afterwards.
      const dv = c.services.dv;
      const original = dv.batch.bind(dv);
      let held = 0;
      dv.batch = (async (parts: readonly BatchPart[], options?: { continueOnError?: boolean }) => {
        const createsInvoice = parts.some((p) => 'changeSet' in p && p.changeSet.some((op) => op.method === 'POST' && op.url === 'invoices'));
        if (!createsInvoice || held) return original(parts, options);
        held += 1;
        const fault = h.dv.faults.add({ method: 'POST', path: '$batch', latencyMs: 3000 });
        try {
          return await original(parts, options);
        } finally {
          h.dv.faults.remove(fault.id!);
        }
      }) as typeof dv.batch;
      await expect(c.runEvents()).rejects.toThrow(/did not answer|within 1 s/);
      expect(held).toBe(1);
      // The next run comes while the first create is still held: it creates the same invoice first.
      await c.runEvents();
      expect(await api(h).list(`invoices?$select=invoiceid&$filter=_salesorderid_value eq ${id}`)).toHaveLength(1);
      await sleep(3000);
      await c.runEvents();
      dv.batch = original;

      const invoices = await api(h).list(`invoices?$select=invoiceid,erp_erpinvoicenumber&$filter=_salesorderid_value eq ${id}`);
      expect(invoices.map((i: Json) => i.erp_erpinvoicenumber)).toEqual([inv.invoiceNumber]);
      const posts = (await api(h).list(`posts?$filter=_regardingobjectid_value eq ${id}&$select=text`)).map((p: Json) => String(p.text));
      expect(posts.filter((t: string) => t.includes(`invoice ${inv.invoiceNumber}`))).toHaveLength(1);
      const couplings = await api(h).list(`${Tables.coupling.entitySet}?$select=erp_crmid&$filter=erp_crmtable eq 'invoice' and erp_erpnumber eq '${inv.invoiceNumber}'`);
      expect(couplings.map((x: Json) => x.erp_crmid)).toEqual([invoices[0].invoiceid]);
    } finally {
      await c.close();
    }
  });
});
