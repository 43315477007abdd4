/**
 * ERP events that never stop for good (issue 13 item 3) and that miss nothing (issue 15 item 5):
 * - one order whose write Dataverse refuses does not stop the others: its error is kept on its retry row and its
 *   coupling, it is retried with backoff by number (not by re-reading a growing window), and it goes through once
 *   fixed;
 * - invoices bind the order's customer by its real type (a contact stays a contact);
 * - every payment movement gets its post once (partial 1, 2, 3, then paid in full);
 * - an order Business Central deleted once shipped and invoiced gets its line quantities from the posted shipment;
 * - a release missed while the connector was down is posted once when the order's shipment or invoice is seen.
 */
import { stableGuid } from '../../connector/ids';
import { RETRY_PREFIX } from '../../connector/flows/eventRetries';
import { EVENT_MAPPINGS } from '../../connector/flows/erpEvents';
import { InvoiceState, InvoiceStatus } from '../../domain/dataverseCodes';
import { api, bcApi, createOrder, drain, startStandins, startTestConnector, submitOrder, type Json, type Standins } from './harness';

jest.setTimeout(90_000);

let h: Standins;
let clock = new Date();
let c: Awaited<ReturnType<typeof startTestConnector>>;

beforeAll(async () => {
  h = await startStandins();
  c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0', RETRY_BASE_SECONDS: '60', RETRY_MAX_SECONDS: '600' }, { now: () => clock });
});
afterAll(async () => {
  await c?.close();
  await h?.close();
});

async function submitted(lines: Array<{ productNumber: string; quantity: number }>, extra?: Record<string, unknown>, accountNumber?: string | null): Promise<{ id: string; erp: string; request: string }> {
  const id = await createOrder(h, { lines, extra, accountNumber });
  const r = await submitOrder(h, id);
  await drain(h, c, [r]);
  const o = await api(h).get(`salesorders(${id})?$select=erp_erpordernumber,erp_lastsubmissionerror`);
  if (!o.erp_erpordernumber) throw new Error(`not submitted: ${o.erp_lastsubmissionerror}`);
  return { id, erp: o.erp_erpordernumber as string, request: r };
}
const posts = async (id: string): Promise<string[]> => (await api(h).list(`posts?$filter=_regardingobjectid_value eq ${id}&$select=text`)).map((p: Json) => p.text as string);
const retryRow = async (erp: string): Promise<Json | undefined> => (await api(h).list(`erp_syncjobs?$select=erp_failed,erp_lasterror,erp_watermark,erp_state&$filter=erp_mapping eq '${RETRY_PREFIX}${erp}'`))[0];
const couplingError = async (id: string): Promise<string | null> => (await api(h).list(`erp_couplings?$select=erp_lasterror&$filter=erp_crmtable eq 'salesorder' and erp_crmid eq '${id}'`))[0]?.erp_lasterror ?? null;

describe('one failing order does not stop the others', () => {
  it('two orders invoiced, one poisoned: the other lands, the poisoned one is retried with backoff and goes through once fixed', async () => {
    const b = bcApi(h);
    const good = await submitted([{ productNumber: 'SAF-0002', quantity: 1 }]);
    const bad = await submitted([{ productNumber: 'SAF-0003', quantity: 1 }]);
    const badInv = await b.admin('POST', `salesOrders/${bad.erp}/shipAndInvoice`, {});
    const goodInv = await b.admin('POST', `salesOrders/${good.erp}/shipAndInvoice`, {});
    // The poison: a Sales invoice already holds the id the connector gives this ERP invoice (a record changed by
    // hand), so Dataverse refuses the connector's create with a duplicate key, every time.
    const info = h.dv.seedInfo!;
    const squatter = await api(h).create('invoices', {
      invoiceid: stableGuid('invoice', badInv.invoiceId),
      name: 'Created by hand',
      'customerid_account@odata.bind': `/accounts(${info.accounts.C10000})`,
      'pricelevelid@odata.bind': `/pricelevels(${info.priceLists.STANDARD})`,
      'transactioncurrencyid@odata.bind': `/transactioncurrencies(${info.currencies.EUR})`,
    });

    const first = await c.runEvents();
    expect(first.errors.join()).toMatch(/POST invoices: 412/);
    // The good order's events landed in the same run.
    expect(await api(h).list(`invoices?$filter=erp_erpinvoicenumber eq '${goodInv.invoiceNumber}'&$select=invoiceid`)).toHaveLength(1);
    expect((await posts(good.id)).some((t) => t.includes(goodInv.invoiceNumber))).toBe(true);
    // The bad one: its error on its retry row and on its coupling, with the next try.
    const row = await retryRow(bad.erp);
    expect(row).toMatchObject({ erp_failed: 1 });
    expect(row.erp_lasterror).toMatch(/412/);
    expect(Date.parse(row.erp_watermark)).toBeGreaterThan(clock.getTime());
    expect(await couplingError(bad.id)).toMatch(new RegExp(`ERP events for ${bad.erp} failed \\(attempt 1; next try after`));
    expect(await couplingError(good.id)).toBeNull();
    // ... and on the order's submission request log, where its history is read.
    const log = (await api(h).get(`erp_integrationrequests(${bad.request})?$select=erp_log`)).erp_log as string;
    expect(log).toMatch(new RegExp(`ERP events for ${bad.erp} failed \\(attempt 1;.*412`));
    // The watermark moved past the bad order's invoice: later runs do not re-read a growing window.
    const [bcInvoice] = await b.list(`salesInvoices?$filter=number eq '${badInv.invoiceNumber}'&$select=lastModifiedDateTime`);
    const [job] = await api(h).list(`erp_syncjobs?$select=erp_watermark&$filter=erp_mapping eq '${EVENT_MAPPINGS.invoices}'`);
    expect(Date.parse(job.erp_watermark)).toBeGreaterThanOrEqual(Date.parse(bcInvoice.lastModifiedDateTime));

    // Before its next try is due, a run leaves it alone (no new attempt, no new error).
    const second = await c.runEvents();
    expect(second.errors).toEqual([]);
    expect((await retryRow(bad.erp)).erp_failed).toBe(1);

    // Due and still broken: one more attempt, a later next try (backoff grows).
    clock = new Date(Date.parse(row.erp_watermark) + 1000);
    await c.runEvents();
    const again = await retryRow(bad.erp);
    expect(again.erp_failed).toBe(2);
    expect(Date.parse(again.erp_watermark) - clock.getTime()).toBeGreaterThanOrEqual(60_000);

    // An admin removes the hand-made invoice; when due, the order is read again by number and goes through.
    const removed = await api(h).call('DELETE', `invoices(${squatter})`);
    expect(removed.status).toBe(204);
    clock = new Date(Date.parse(again.erp_watermark) + 1000);
    const fixed = await c.runEvents();
    expect(fixed.errors).toEqual([]);
    expect(await api(h).list(`invoices?$filter=erp_erpinvoicenumber eq '${badInv.invoiceNumber}'&$select=invoiceid`)).toHaveLength(1);
    expect(await retryRow(bad.erp)).toBeUndefined();
    expect(await couplingError(bad.id)).toBeNull();
    expect((await posts(bad.id)).filter((t) => t.includes(badInv.invoiceNumber))).toHaveLength(1);
  });
});

describe('what the events write', () => {
  it("an order whose customer is a contact: its Sales invoice binds the contact", async () => {
    const info = h.dv.seedInfo!;
    const contactId = await api(h).create('contacts', { firstname: 'Jeanne', lastname: 'Rivière', 'parentcustomerid_account@odata.bind': `/accounts(${info.accounts.C10000})` });
    const { id, erp } = await submitted([{ productNumber: 'SAF-0004', quantity: 1 }], { 'customerid_contact@odata.bind': `/contacts(${contactId})` }, null);
    const inv = await bcApi(h).admin('POST', `salesOrders/${erp}/shipAndInvoice`, {});
    const run = await c.runEvents();
    expect(run.errors).toEqual([]);
    const [crmInvoice] = await api(h).list(`invoices?$filter=_salesorderid_value eq ${id}&$select=erp_erpinvoicenumber,_customerid_value`);
    expect(crmInvoice.erp_erpinvoicenumber).toBe(inv.invoiceNumber);
    expect(crmInvoice._customerid_value).toBe(contactId);
  });

  it('three partial payments and the last one: four posts, each once', async () => {
    const b = bcApi(h);
    const { id, erp } = await submitted([{ productNumber: 'SAF-0002', quantity: 4 }]);
    const inv = await b.admin('POST', `salesOrders/${erp}/shipAndInvoice`, {});
    await c.runEvents();
    for (const amount of [10, 20, 30]) {
      await b.admin('POST', `salesInvoices/${inv.invoiceNumber}/payments`, { amount });
      await c.runEvents();
      await c.runEvents(); // a second run adds nothing
    }
    const partial = (await posts(id)).filter((t) => t.startsWith(`Invoice ${inv.invoiceNumber} has been paid in part`));
    expect(partial).toHaveLength(3);
    expect(new Set(partial).size).toBe(3); // each says what remained after that payment
    await b.admin('POST', `salesInvoices/${inv.invoiceNumber}/payments`, {});
    await c.runEvents();
    await c.runEvents();
    expect((await posts(id)).filter((t) => t === `Invoice ${inv.invoiceNumber} has been paid in full.`)).toHaveLength(1);
    const [crmInvoice] = await api(h).list(`invoices?$filter=_salesorderid_value eq ${id}&$select=statecode,statuscode`);
    expect([crmInvoice.statecode, crmInvoice.statuscode]).toEqual([InvoiceState.paid, InvoiceStatus.complete]);
  });

  it('an order shipped and invoiced in one posting (deleted by BC before it was read): line quantities from the posted shipment', async () => {
    const b = bcApi(h);
    const { id, erp } = await submitted([
      { productNumber: 'SAF-0002', quantity: 2 },
      { productNumber: 'SAF-0003', quantity: 5 },
    ]);
    const r = await b.admin('POST', `salesOrders/${erp}/shipAndInvoice`, {});
    expect(r.orderDeleted).toBe(true);
    await c.runEvents();
    const lines = await api(h).list(`salesorderdetails?$select=sequencenumber,quantity,quantityshipped,quantitybackordered&$filter=_salesorderid_value eq ${id}&$orderby=sequencenumber asc`);
    expect(lines.map((l: Json) => [l.quantity, l.quantityshipped, l.quantitybackordered ?? 0])).toEqual([
      [2, 2, 0],
      [5, 5, 0],
    ]);
  });

  it('released and completed while the connector was down: one release post, before the shipment and invoice posts', async () => {
    const b = bcApi(h);
    const { id, erp } = await submitted([{ productNumber: 'SAF-0002', quantity: 1 }]);
    await b.admin('POST', `salesOrders/${erp}/release`);
    await b.admin('POST', `salesOrders/${erp}/shipAndInvoice`, {});
    await c.runEvents();
    await c.runEvents();
    const texts = await posts(id);
    expect(texts.filter((t) => t === 'The order status has changed to Released.')).toHaveLength(1);
    expect(texts.some((t) => t.startsWith('The order has been shipped in full'))).toBe(true);
  });
});
