/**
 * ERP → Sales: released, shipped (partial then full, with shipment number, date and tracking number), invoiced,
 * paid (partial then full), cancelled; one post per event and never twice (repeated runs, two processes at once,
 * Business Central webhook notifications); order and invoice states; French texts for a French organisation.
 */
import * as net from 'net';
import { InvoiceState, InvoiceStatus, SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';
import { api, bcApi, createOrder, drain, startStandins, startTestConnector, submitOrder, type Standins, type Json } from './harness';

jest.setTimeout(60_000);

let h: Standins;
let c: Awaited<ReturnType<typeof startTestConnector>>;
const custom = (): Record<string, string> => ({ REFERENCE_CACHE_SECONDS: '0' });

beforeAll(async () => {
  // Tracking numbers come from standard page 142 Posted Sales Shipments, published as a web service.
  h = await startStandins({ bc: { publishedPages: [142] } });
  c = await startTestConnector(h, custom());
});
afterAll(async () => {
  await c?.close();
  await h?.close();
});

async function submitted(lines: Array<{ productNumber: string; quantity: number }>, ownerId?: string): Promise<{ id: string; erp: string }> {
  const id = await createOrder(h, { lines, extra: ownerId ? { 'ownerid@odata.bind': `/systemusers(${ownerId})` } : undefined });
  const r = await submitOrder(h, id);
  await drain(h, c, [r]);
  const o = await api(h).get(`salesorders(${id})?$select=erp_erpordernumber`);
  return { id, erp: o.erp_erpordernumber as string };
}
async function posts(id: string): Promise<string[]> {
  return (await api(h).list(`posts?$filter=_regardingobjectid_value eq ${id}&$select=text`)).map((p) => p.text as string).sort();
}
/** Each Sales line's product number, quantity shipped and quantity back-ordered, in line order. */
const delivery = async (id: string): Promise<Array<[string, number, number]>> =>
  (await api(h).list(`salesorderdetails?$select=sequencenumber,quantityshipped,quantitybackordered&$filter=_salesorderid_value eq ${id}&$orderby=sequencenumber asc&$expand=productid($select=productnumber)`)).map(
    (l: Json) => [l.productid.productnumber, l.quantityshipped ?? 0, l.quantitybackordered ?? 0],
  );
const state = async (id: string): Promise<[number, number, string | null]> => {
  const o = await api(h).get(`salesorders(${id})?$select=statecode,statuscode,datefulfilled`);
  return [o.statecode, o.statuscode, o.datefulfilled];
};

describe('order events', () => {
  it('release, partial and full shipment, invoice, partial and full payment: posts, states and the Sales invoice', async () => {
    const b = bcApi(h);
    const { id, erp } = await submitted([
      { productNumber: 'SAF-0002', quantity: 3 },
      { productNumber: 'SAF-0003', quantity: 2 },
    ]);
    await c.runEvents();
    expect(await posts(id)).toHaveLength(1); // "created in the ERP" only

    await b.admin('POST', `salesOrders/${erp}/release`);
    await c.runEvents();
    expect(await posts(id)).toContain('The order status has changed to Released.');

    const ship1 = await b.admin('POST', `salesOrders/${erp}/ship`, { lines: [{ lineObjectNumber: 'SAF-0002', quantity: 3 }], trackingNumber: 'PKG-778899', postingDate: '2026-11-17' });
    await c.runEvents();
    const s1 = (await posts(id)).find((t) => t.includes(ship1.number ?? 'S-SHPT'));
    expect(s1).toMatch(/^Part of the order has been shipped: shipment S-SHPT\d+ on Nov 17, 2026, tracking number PKG-778899\.$/);
    // datefulfilled is UserLocal: the owner's (Paris) local midnight of the shipment date, as a UTC instant.
    expect(await state(id)).toEqual([SalesOrderState.fulfilled, SalesOrderStatus.partial, '2026-11-16T23:00:00Z']);
    // Per line: the first shipped in full, the second waits (back-ordered).
    expect(await delivery(id)).toEqual([['SAF-0002', 3, 0], ['SAF-0003', 0, 2]]);

    await b.admin('POST', `salesOrders/${erp}/ship`, { postingDate: '2026-11-19' });
    await c.runEvents();
    expect((await posts(id)).filter((t) => t.startsWith('The order has been shipped in full: shipment'))).toHaveLength(1);
    expect(await state(id)).toEqual([SalesOrderState.fulfilled, SalesOrderStatus.complete, '2026-11-18T23:00:00Z']);
    expect(await delivery(id)).toEqual([['SAF-0002', 3, 0], ['SAF-0003', 2, 0]]);

    const inv = await b.admin('POST', `salesOrders/${erp}/invoice`, {});
    await c.runEvents();
    expect((await posts(id)).some((t) => t.startsWith(`The order has been invoiced in full: invoice ${inv.invoiceNumber}`))).toBe(true);
    expect(await state(id)).toEqual([SalesOrderState.invoiced, SalesOrderStatus.invoiced, '2026-11-18T23:00:00Z']);
    const [crmInvoice] = await api(h).list(
      `invoices?$filter=_salesorderid_value eq ${id}&$select=erp_erpinvoicenumber,statecode,statuscode,totalamount,_customerid_value&$expand=invoice_details($select=quantity,priceperunit,_productid_value)`,
    );
    expect(crmInvoice).toMatchObject({ erp_erpinvoicenumber: inv.invoiceNumber, statecode: InvoiceState.active, statuscode: InvoiceStatus.billed, _customerid_value: h.dv.seedInfo!.accounts.C10000 });
    expect(crmInvoice.invoice_details.map((d: Json) => d.quantity).sort()).toEqual([2, 3]);
    expect(crmInvoice.totalamount).toBeCloseTo(inv.invoice.totalAmountIncludingTax, 2);
    const coupling = await api(h).list(`erp_couplings?$filter=erp_crmtable eq 'invoice' and erp_crmid eq '${crmInvoice.invoiceid}'`);
    expect(coupling[0]).toMatchObject({ erp_erpnumber: inv.invoiceNumber, erp_erpid: inv.invoiceId });

    await b.admin('POST', `salesInvoices/${inv.invoiceNumber}/payments`, { amount: 10 });
    await c.runEvents();
    const part = await api(h).get(`invoices(${crmInvoice.invoiceid})?$select=statecode,statuscode`);
    expect([part.statecode, part.statuscode]).toEqual([InvoiceState.paid, InvoiceStatus.partial]);
    expect((await posts(id)).some((t) => /^Invoice S-INV\d+ has been paid in part; €[\d.,]+ incl\. tax remains to be paid\.$/.test(t))).toBe(true);

    await b.admin('POST', `salesInvoices/${inv.invoiceNumber}/payments`, {});
    await c.runEvents();
    const paid = await api(h).get(`invoices(${crmInvoice.invoiceid})?$select=statecode,statuscode`);
    expect([paid.statecode, paid.statuscode]).toEqual([InvoiceState.paid, InvoiceStatus.complete]);
    expect(await posts(id)).toContain(`Invoice ${inv.invoiceNumber} has been paid in full.`);

    // Never twice: more runs, and two processes at once, add nothing.
    const before = await posts(id);
    const other = await startTestConnector(h, { ...custom(), CONNECTOR_INSTANCE_ID: 'other' });
    try {
      await Promise.all([c.runEvents(), other.runEvents()]);
      await c.runEvents();
    } finally {
      await other.close();
    }
    expect(await posts(id)).toEqual(before);
    expect(before).toHaveLength(7); // created, released, shipped ×2, invoiced, paid in part, paid in full
    expect(await api(h).list(`invoices?$filter=_salesorderid_value eq ${id}&$select=invoiceid`)).toHaveLength(1);
  });

  it('a cancelled invoice becomes Canceled in Sales', async () => {
    const b = bcApi(h);
    const { id, erp } = await submitted([{ productNumber: 'SAF-0004', quantity: 1 }]);
    await b.admin('POST', `salesOrders/${erp}/shipAndInvoice`, {});
    await c.runEvents();
    const [inv] = await api(h).list(`invoices?$filter=_salesorderid_value eq ${id}&$select=invoiceid,erp_erpinvoicenumber`);
    await b.admin('POST', `salesInvoices/${inv.erp_erpinvoicenumber}/cancel`);
    await c.runEvents();
    const after = await api(h).get(`invoices(${inv.invoiceid})?$select=statecode,statuscode`);
    expect([after.statecode, after.statuscode]).toEqual([InvoiceState.canceled, InvoiceStatus.canceled]);
  });

  it('an ERP order deleted by hand: the coupling goes, the CRM order is reopened and can be submitted again', async () => {
    const { id, erp } = await submitted([{ productNumber: 'SAF-0001', quantity: 1 }]);
    await bcApi(h).admin('DELETE', `salesOrders/${erp}`);
    await c.runEvents();
    const o = await api(h).get(`salesorders(${id})?$select=statecode,statuscode,erp_erpordernumber,lastbackofficesubmit,erp_lastsubmissionerror`);
    expect([o.statecode, o.statuscode, o.erp_erpordernumber, o.lastbackofficesubmit]).toEqual([SalesOrderState.active, SalesOrderStatus.pending, null, null]);
    expect(o.erp_lastsubmissionerror).toBe(`The ERP order ${erp} was deleted in the ERP, so the order was reopened. Change it if needed and submit it again.`);
    expect(await api(h).list(`erp_couplings?$filter=erp_crmtable eq 'salesorder' and erp_crmid eq '${id}'`)).toHaveLength(0);
    // Fully invoiced orders, which BC deletes itself, are not touched (their invoices remain): see the first test.
    const again = await submitOrder(h, id);
    await drain(h, c, [again]);
    const o2 = await api(h).get(`salesorders(${id})?$select=erp_erpordernumber`);
    expect(o2.erp_erpordernumber).toMatch(/^S-ORD/);
    expect(o2.erp_erpordernumber).not.toBe(erp);
  });

  it('a French owner: event posts in French (posts follow the order owner\'s language, not the English organisation\'s)', async () => {
    await c.services.ref.ensureFresh(true);
    try {
      const { id, erp } = await submitted([{ productNumber: 'SAF-0001', quantity: 2 }], h.dv.users.salesperson.id);
      await bcApi(h).admin('POST', `salesOrders/${erp}/release`);
      await bcApi(h).admin('POST', `salesOrders/${erp}/ship`, { trackingNumber: 'COLIS-1', postingDate: '2026-11-18' });
      await c.runEvents();
      const texts = await posts(id);
      expect(texts).toContain('Le statut de la commande est passé à Lancée.');
      expect(texts.some((t) => /^La commande a été entièrement expédiée : expédition S-SHPT\d+ du 18 nov\. 2026, numéro de suivi COLIS-1\.$/.test(t))).toBe(true);
    } finally {
      await api(h).patch('organizations', h.dv.seedInfo!.organizationId, { languagecode: 1033 });
    }
  });
});

describe('Business Central webhooks', () => {
  it('subscribes for orders and invoices (shipments have no webhook: polled), answers the handshake, and a notification runs the events job', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const w = await startTestConnector(h, { ...custom(), CONNECTOR_PORT: String(port), BC_NOTIFICATION_URL: `http://127.0.0.1:${port}/bc/notifications`, CONNECTOR_INSTANCE_ID: 'hooks' });
    try {
      const first = await w.ensureSubscriptions();
      expect(first.created.sort()).toEqual(['salesInvoices', 'salesOrders']);
      expect(first.failed).toEqual([]);
      expect((await w.ensureSubscriptions()).kept).toHaveLength(2);
      const { id, erp } = await submitted([{ productNumber: 'SAF-0002', quantity: 1 }]);
      await bcApi(h).admin('POST', `salesOrders/${erp}/release`);
      await h.bc.flushWebhooks();
      const end = Date.now() + 10_000;
      while (!(await posts(id)).includes('The order status has changed to Released.')) {
        if (Date.now() > end) throw new Error('the notification did not lead to the post');
        await new Promise((r) => setTimeout(r, 100));
      }
      // A forged notification (wrong clientState) is refused.
      const forged = await fetch(`http://127.0.0.1:${port}/bc/notifications`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ value: [{ clientState: 'guess', resource: 'x' }] }) });
      expect(forged.status).toBe(401);
    } finally {
      await w.close();
    }
  });
});
