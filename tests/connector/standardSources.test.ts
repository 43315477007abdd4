/**
 * The connector on a standard Business Central tenant: Item Availability from the analytics queries (orders only:
 * purchase and sales return orders do not count), the last payment from customer ledger entries, tracking numbers
 * from the optional published page 142, webhooks only where Business Central offers them, and Test connection
 * naming each source, what it enables and what is missing.
 */
import * as net from 'net';
import { earliestAvailableDate, locationFromRow } from '../../domain/availability';
import { RequestKind, RequestStatus, Tables } from '../../domain/schema';
import { testConnection } from '../../connector/setup/testConnection';
import { figuresFromAnalytics } from '../../connector/flows/availability';
import { lastPaymentsFrom } from '../../connector/flows/statistics';
import { useStandins, api, bcApi, createOrder, drain, queueRequest, request, startTestConnector, submitOrder, type Standins, type Json } from './harness';
import { startSyncHarness, type SyncHarness } from '../sync/harness';
import { runPendingFullSync, startFullSync } from '../../connector/sync/fullSync';
import { SyncJobKind, SyncJobState } from '../../domain/schema';

jest.setTimeout(60_000);

let h!: Standins;
useStandins((s) => (h = s));

const availabilityAt = async (c: Awaited<ReturnType<typeof startTestConnector>>, number: string, location: string, key: string): Promise<Json> => {
  const productId = h.dv.seedInfo!.products[number];
  const r = await queueRequest(h, RequestKind.refreshAvailability, 'product', productId, `refreshavailability:${productId}:${key}`);
  await drain(h, c, [r]);
  expect((await request(h, r)).erp_status).toBe(RequestStatus.succeeded);
  const rows = await api(h).list(`${Tables.itemAvailability.entitySet}?$filter=erp_itemnumber eq '${number}'`);
  return rows.find((x) => x.erp_locationcode === location) ?? null;
};

describe('item availability from the analytics queries', () => {
  it('a purchase order line at a location is incoming there, with its expected date as the next receipt; a purchase return order is not', async () => {
    const c = await startTestConnector(h);
    try {
      const before = await availabilityAt(c, 'SAF-0003', 'LYON', 'po0');
      const incomingBefore = before?.erp_incoming ?? 0;
      // Earlier than any receipt already expected there, so it becomes the next one.
      await bcApi(h).admin('POST', 'purchaseLines', { itemNumber: 'SAF-0003', locationCode: 'LYON', quantity: 12, expectedReceiptDate: '2026-01-05' });
      await bcApi(h).admin('POST', 'purchaseLines', { itemNumber: 'SAF-0003', locationCode: 'LYON', quantity: 5, expectedReceiptDate: '2026-01-02', documentType: 'Return Order' });
      const after = await availabilityAt(c, 'SAF-0003', 'LYON', 'po1');
      expect(after.erp_incoming).toBeCloseTo(incomingBefore + 12, 2);
      expect(String(after.erp_nextreceiptdate).slice(0, 10)).toBe('2026-01-05');
      expect(after.erp_onhand).toBe(before?.erp_onhand ?? 0);
      // Another location is untouched by it.
      const elsewhere = (await api(h).list(`${Tables.itemAvailability.entitySet}?$filter=erp_itemnumber eq 'SAF-0003' and erp_locationcode ne 'LYON'`)).map((r) => r.erp_nextreceiptdate);
      expect(elsewhere.map((d) => (d ? String(d).slice(0, 10) : null))).not.toContain('2026-01-05');
      // The earliest date 1,000 more than available can be served is on or after that receipt, never before.
      const rows = await api(h).list(`${Tables.itemAvailability.entitySet}?$filter=erp_itemnumber eq 'SAF-0003'`);
      const wanted = rows.reduce((s, r) => s + Math.max(0, r.erp_available), 0) + 12;
      expect(earliestAvailableDate(rows.map((r) => locationFromRow(r)), wanted)! >= '2026-01-05').toBe(true);
    } finally {
      await c.close();
    }
  });

  it('a sales return order is not reserved; an open sales order is', async () => {
    const c = await startTestConnector(h);
    try {
      const reservedTotal = async (key: string): Promise<number> => {
        await availabilityAt(c, 'SAF-0004', 'MAIN', key);
        return (await api(h).list(`${Tables.itemAvailability.entitySet}?$filter=erp_itemnumber eq 'SAF-0004'`)).reduce((t, r) => t + (r.erp_reserved ?? 0), 0);
      };
      const before = await reservedTotal('sr0');
      await bcApi(h).admin('POST', 'salesReturnLines', { itemNumber: 'SAF-0004', locationCode: 'MAIN', quantity: 4, customerNumber: 'C10000' });
      expect(await reservedTotal('sr1')).toBeCloseTo(before, 2);
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0004', quantity: 3 }] });
      await drain(h, c, [await submitOrder(h, id)]);
      expect(await reservedTotal('sr2')).toBeCloseTo(before + 3, 2);
    } finally {
      await c.close();
    }
  });

  it('rule: only Order lines count, whatever the enum encoding; the next receipt sums the lines due that day', () => {
    const figures = figuresFromAnalytics(
      {
        entries: [{ itemNo: 'A', locationCode: 'L', remainingQuantity: 10, open: true, unitOfMeasureCode: 'PCS' }],
        sales: [{ itemNo: 'A', locationCode: 'L', outstandingQtyBase: 4, documentType: 'Order' }, { itemNo: 'A', locationCode: 'L', outstandingQtyBase: 9, documentType: 'Return_x0020_Order' }],
        purchases: [
          { itemNo: 'A', locationCode: 'L', outstandingQtyBase: 2, expectedReceiptDate: '2026-03-01', documentType: 'Order' },
          { itemNo: 'A', locationCode: 'L', outstandingQtyBase: 3, expectedReceiptDate: '2026-03-01', documentType: 'Order' },
          { itemNo: 'A', locationCode: 'L', outstandingQtyBase: 7, expectedReceiptDate: '2026-04-01', documentType: 'Order' },
          { itemNo: 'A', locationCode: 'L', outstandingQtyBase: 50, expectedReceiptDate: '2026-02-01', documentType: 'Return Order' },
        ],
      },
      new Map([['L', 'Lyon']]),
    );
    expect(figures).toEqual([{ itemNumber: 'A', locationCode: 'L', locationName: 'Lyon', onHand: 10, reserved: 4, incoming: 12, available: 6, nextReceiptDate: '2026-03-01', nextReceiptQuantity: 5, unit: 'PCS' }]);
  });
});

describe('account statistics: last payment from the analytics customer ledger entries', () => {
  it('four payments on one day: the last one posted is shown', async () => {
    const c = await startTestConnector(h);
    try {
      const demo = h.dv.demo!;
      // An invoice in the local currency, so the amount shown (LCY) is the amount paid.
      const lcy = demo.company.localCurrencyCode;
      const invoice = demo.postedInvoices.find((i) => i.currencyCode === lcy && i.remainingAmount > 20 && demo.customers.some((x) => x.number === i.customerNumber && x.inSales && x.blocked === ' '))!;
      const customer = demo.customers.find((x) => x.number === invoice.customerNumber)!;
      for (const amount of [4.44, 1.11, 3.33, 2.22]) await bcApi(h).admin('POST', `salesInvoices/${invoice.number}/payments`, { amount, postingDate: '2026-11-30' });
      const accountId = h.dv.seedInfo!.accounts[customer.number];
      const r = await queueRequest(h, RequestKind.refreshStatistics, 'account', accountId, `refreshstatistics:${accountId}:four`);
      await drain(h, c, [r]);
      expect((await request(h, r)).erp_status).toBe(RequestStatus.succeeded);
      const account = await api(h).get(`accounts(${accountId})?$select=_erp_accountstatisticsid_value`);
      const stats = await api(h).get(`${Tables.accountStatistics.entitySet}(${account._erp_accountstatisticsid_value})?$select=erp_lastpaymentdate,erp_lastpaymentamount`);
      expect(String(stats.erp_lastpaymentdate).slice(0, 10)).toBe('2026-11-30');
      expect(stats.erp_lastpaymentamount).toBe(2.22);
    } finally {
      await c.close();
    }
  });

  it('rule: initial entries of payments only (not their applications), the highest entry number wins', () => {
    const row = (cleEntryNo: number, date: string, amount: number, entryType = 'Initial Entry', documentType = 'Payment'): Json => ({
      cleEntryNo, clePostingDate: date, dcleCustomerNo: 'C1', dcleDocumentType: documentType, dcleEntryType: entryType, dcleAmountLCY: amount,
    });
    const last = lastPaymentsFrom([row(7, '2026-05-02', -30), row(9, '2026-05-02', -10), row(8, '2026-05-02', -20), row(9, '2026-05-03', 10, 'Application'), row(12, '2026-06-01', 99, 'Initial Entry', 'Invoice')]);
    expect(last.get('C1')).toEqual({ date: '2026-05-02', amount: 10, entryNo: 9 });
  });
});

describe('tracking numbers: optional published page 142 Posted Sales Shipments', () => {
  it('not published: the shipment post has no tracking number and everything else works', async () => {
    const c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      await drain(h, c, [await submitOrder(h, id)]);
      const erp = (await api(h).get(`salesorders(${id})?$select=erp_erpordernumber`)).erp_erpordernumber as string;
      await bcApi(h).admin('POST', `salesOrders/${erp}/release`);
      await bcApi(h).admin('POST', `salesOrders/${erp}/ship`, { trackingNumber: 'NOPAGE-1' });
      await c.runEvents();
      const posts = (await api(h).list(`posts?$filter=_regardingobjectid_value eq ${id}&$select=text`)).map((p) => String(p.text));
      expect(posts.some((t) => /shipped/i.test(t))).toBe(true);
      expect(posts.join(' ')).not.toContain('NOPAGE-1');
      expect(posts.join(' ')).not.toMatch(/tracking number/);
    } finally {
      await c.close();
    }
  });
});

describe('Business Central webhooks', () => {
  it('a refused subscription does not stop the others; it is reported and its set polled', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const w = await startTestConnector(h, { CONNECTOR_PORT: String(port), BC_NOTIFICATION_URL: `http://127.0.0.1:${port}/bc/notifications`, CONNECTOR_INSTANCE_ID: 'refused', HTTP_INLINE_RETRIES: '0' });
    try {
      h.bc.faults.add({ method: 'POST', route: '/subscriptions', status: 403, times: 1 });
      const first = await w.ensureSubscriptions();
      expect(first.failed.map((f) => f.set)).toEqual(['salesOrders']);
      expect(first.created).toEqual(['salesInvoices']);
      const again = await w.ensureSubscriptions();
      expect(again.created).toEqual(['salesOrders']);
      expect(again.failed).toEqual([]);
    } finally {
      await w.close();
      for (const s of (await (await fetch(`${h.bc.apiUrl}/subscriptions`, { headers: { Authorization: `Bearer ${h.bc.token}` } })).json()).value) {
        await fetch(`${h.bc.apiUrl}/subscriptions('${s.subscriptionId}')`, { method: 'DELETE', headers: { Authorization: `Bearer ${h.bc.token}` } });
      }
    }
  });
});

describe('Test connection: each source by name, with the feature it enables', () => {
  let s: SyncHarness;
  afterEach(async () => {
    await s?.close();
  });

  it('optional pages not published: says which features are off and which page to publish under which name; still OK', async () => {
    s = await startSyncHarness({ bc: { publishedPages: false } });
    const r = await testConnection(s.services);
    expect(r.sources.filter((x) => x.kind === 'analytics').every((x) => x.ok)).toBe(true);
    const pages = r.sources.filter((x) => x.kind === 'page');
    expect(pages.map((x) => [x.name, x.state, x.optional])).toEqual([
      ['PostedSalesShipments', 'missing', true], ['SalesPriceLists', 'missing', true], ['PriceListLines', 'missing', true], ['CustomerPriceGroups', 'missing', true], ['CustomerList', 'missing', true],
    ]);
    expect(pages[0].en).toBe('Optional: Tracking numbers on shipment posts is off. To turn it on, publish page 142 "Posted Sales Shipments" on the Web Services page of Business Central with the service name PostedSalesShipments.');
    expect(pages[0].fr).toContain('publiez la page 142 "Posted Sales Shipments" sur la page Services web de Business Central sous le nom de service PostedSalesShipments');
    expect(pages[4].en).toBe('Optional: ERP location of accounts, named on orders before submission is off. To turn it on, publish page 22 "Customer List" on the Web Services page of Business Central with the service name CustomerList.');
    expect(r.ok).toBe(true);
  });

  it('a refused analytics read names the permission set; a missing Power BI Reports app says to install it', async () => {
    s = await startSyncHarness({ bc: { publishedPages: true } });
    s.bc.faults.add({ method: 'GET', route: '/api/microsoft/analytics/v1.0/companies({id})/customerLedgerEntries', status: 403 });
    s.bc.faults.add({ method: 'GET', route: '/api/microsoft/analytics/v1.0/companies({id})/outstandingPurchaseLines', status: 404 });
    const r = await testConnection(s.services);
    const by = Object.fromEntries(r.sources.map((x) => [x.name, x]));
    expect(by.customerLedgerEntries.state).toBe('forbidden');
    expect(by.customerLedgerEntries.en).toContain('permission set PowerBi Report Basic (or D365 READ)');
    expect(by.customerLedgerEntries.en).toContain('Account Statistics: last payment');
    expect(by.outstandingPurchaseLines.state).toBe('missing');
    expect(by.outstandingPurchaseLines.en).toContain("install Microsoft's Power BI Reports app");
    expect(by.PostedSalesShipments.ok).toBe(true);
    expect(r.ok).toBe(false);
  });
});

describe('price lists: optional published pages 7015 and 7005', () => {
  let s: SyncHarness;
  afterEach(async () => {
    await s?.close();
  });

  it('not published: the price list mappings say which page to publish; customers and items still synchronise', async () => {
    s = await startSyncHarness({ bc: { publishedPages: false } });
    const ctx = await s.ctx();
    const start = await startFullSync(ctx);
    const summary = await runPendingFullSync(ctx);
    expect(start.mappings).toContain('PRICE LIST');
    const jobs = await s.dvApi().list(`erp_syncjobs?$filter=${encodeURIComponent(`erp_kind eq ${SyncJobKind.full} and startswith(erp_name,'Full synchronisation ${start.run} ')`)}`);
    const by = Object.fromEntries(jobs.map((j: Json) => [j.erp_mapping, j]));
    expect(by['PRICE LIST'].erp_state).toBe(SyncJobState.failed);
    expect(by['PRICE LIST'].erp_lasterror).toContain('page 7015 "Sales Price Lists" published as SalesPriceLists');
    expect(by['PRICE LIST'].erp_lasterror).toContain('publish the standard page on the Web Services page');
    for (const m of ['CUSTOMER', 'ITEM-PRODUCT', 'RESOURCE-PRODUCT']) expect([m, by[m].erp_state]).not.toEqual([m, SyncJobState.failed]);
    expect(summary.ran.map((r) => r.mapping)).toContain('ITEM-PRODUCT');
  });
});
