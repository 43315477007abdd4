/**
 * ERP → Sales: released, shipped (partial/full, with shipment number, date and tracking number), invoiced and paid.
 *
 * Detection: `lastModifiedDateTime` polling of salesOrders, salesShipments and salesInvoices from watermarks kept
 * on erp_syncjob rows (overlapping by a few seconds: events are idempotent), woken early by Business Central
 * webhook notifications when they are set up, plus a sweep of open Sales invoices for payments (a payment changes
 * the customer ledger, not always the invoice's lastModifiedDateTime).
 *
 * "Never twice": every post has a stable id derived from (order, event); a second create fails on the primary key
 * and is ignored, whichever process or run tries it. State changes only move forward.
 *
 * Writes: Sales invoices (with lines, Billed, linked to order and account), invoice payment state (§7), order state
 * (Fulfilled Complete/Partial through FulfillSalesOrder, Invoiced), date fulfilled from the shipments (the API has
 * no last-shipment-date field), requested delivery date, and per Sales line the shipped and back-ordered quantities
 * and the ship-from location the ERP line has (BC fills one the order did not give; the ERP is the truth). What to write is decided by flows/planEvents.ts (pure);
 * this class reads, writes, and keeps the watermarks and the per-order retries.
 */
import { invoiceStateFromErp, type BcOrderLine, type BcPostedInvoice, type CrmLineDelivery, type OrderProgress } from '../../domain/erpMapping';
import { InvoiceState, SalesOrderState } from '../../domain/dataverseCodes';
import { BcStatus, isBcEnum } from '../../domain/bcEnums';
import { normalizeId } from '../../domain/orderValidation';
import { DocumentLineColumns, IntegrationRequestColumns as C, InvoiceColumns, RequestKind, SalesOrderColumns as SO, SubmissionStatus, Tables } from '../../domain/schema';
import { appendLog } from '../queue/requestRow';
import { bcBatchError, bcLit, type BcBatchRequest, type BcRow } from '../bc/client';
import { readTrackingNumbers } from '../bc/trackingNumbers';
import type { BatchPart } from '../dataverse/batch';
import { lit } from '../dataverse/client';
import type { Services } from '../services';
import { chunk, couplingKeyPath } from './common';
import { text } from '../messages';
import { newRun, readWatermarks, saveJob, type JobRun } from './syncState';
import { linesOfGoneOrder, mergeWindow, nextWatermark, ordersTakingLines, planEvents, planInvoiceState, planLineDelivery, trackOrder, type CrmInvoice, type CrmOrder } from './planEvents';
import { failureOps, isDue, nextRetry, readRetries, recoveredOps, type EventRetry } from './eventRetries';

export const EVENT_MAPPINGS = { orders: 'erp-events:salesOrders', shipments: 'erp-events:salesShipments', invoices: 'erp-events:salesInvoices' } as const;
/** Re-read this much before the watermark: clocks of BC's servers differ, events are idempotent anyway. */
const OVERLAP_MS = 5_000;

export interface EventsSummary {
  posts: number;
  ordersUpdated: number;
  invoicesCreated: number;
  invoicesUpdated: number;
  errors: string[];
}

const INVOICE_SELECT =
  'id,number,orderNumber,invoiceDate,postingDate,dueDate,totalAmountExcludingTax,totalAmountIncludingTax,discountAmount,remainingAmount,status,currencyCode,lastModifiedDateTime&$expand=salesInvoiceLines($select=sequence,lineType,lineObjectNumber,description,unitOfMeasureCode,quantity,unitPrice,discountAmount,amountExcludingTax,amountIncludingTax)';
/** An order's lines: their progress, and where the ERP ships each from (written back to the Sales line). */
const ORDER_LINES_EXPAND = 'salesOrderLines($select=sequence,lineType,quantity,shippedQuantity,invoicedQuantity,locationId)';
const ORDER_SELECT = `id,number,status,requestedDeliveryDate,fullyShipped,lastModifiedDateTime&$expand=${ORDER_LINES_EXPAND}`;
/** Per chunk of retried order numbers: their order, shipments and invoices, read again by number. */
const RETRY_KINDS = ['orders', 'shipments', 'invoices'] as const;
function retryReads(numbers: string[]): BcBatchRequest[] {
  return chunk(numbers, 40).flatMap((ns, i): BcBatchRequest[] => {
    const f = (prop: string): string => encodeURIComponent(ns.map((n) => `${prop} eq ${bcLit(n)}`).join(' or '));
    return [
      { id: `ro${i}`, method: 'GET', url: `salesOrders?$filter=${f('number')}&$select=${ORDER_SELECT}` },
      { id: `rs${i}`, method: 'GET', url: `salesShipments?$filter=${f('orderNumber')}&$select=id,number,orderNumber,postingDate,lastModifiedDateTime` },
      { id: `ri${i}`, method: 'GET', url: `salesInvoices?$filter=${f('orderNumber')}&$select=${INVOICE_SELECT}` },
    ];
  });
}

export class ErpEventsJob {
  private running: Promise<EventsSummary> | null = null;
  private again = false;
  /** ERP location ids already reported as unknown: said once per process, not on every pass. */
  private readonly unknownLocationsLogged = new Set<string>();

  constructor(private readonly s: Services) {}

  /** Runs now; a call during a run schedules one more run right after it. */
  run(): Promise<EventsSummary> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let summary: EventsSummary;
      try {
        do {
          this.again = false;
          summary = await this.runOnce();
        } while (this.again);
      } finally {
        this.running = null;
      }
      return summary;
    })();
    return this.running;
  }

  async runOnce(): Promise<EventsSummary> {
    const { dv, bc, log } = this.s;
    const started = this.s.now();
    await this.s.ref.ensureFresh();
    const marks = await readWatermarks(dv, Object.values(EVENT_MAPPINGS));
    const since = (m: string | null): string => (m ? new Date(Date.parse(m) - OVERLAP_MS).toISOString() : '1753-01-01T00:00:00Z');
    const summary: EventsSummary = { posts: 0, ordersUpdated: 0, invoicesCreated: 0, invoicesUpdated: 0, errors: [] };
    const run: JobRun = newRun();
    // Orders whose events failed before: due ones are read again by number, the others wait for their backoff.
    const retries = await readRetries(dv);
    const due = [...retries.values()].filter((r) => isDue(r, started)).map((r) => r.erpNumber);
    const waiting = new Set([...retries.values()].filter((r) => !isDue(r, started)).map((r) => r.erpNumber));

    // 1. Read: the window of each kind, and the due retries by number.
    const [ordersRes, shipmentsRes, invoicesRes, ...retryRes] = await bc.batch([
      {
        id: 'orders',
        method: 'GET',
        url: `salesOrders?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${since(marks[EVENT_MAPPINGS.orders])}`)}&$select=${ORDER_SELECT}`,
      },
      { id: 'shipments', method: 'GET', url: `salesShipments?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${since(marks[EVENT_MAPPINGS.shipments])}`)}&$select=id,number,orderNumber,postingDate,lastModifiedDateTime` },
      {
        id: 'invoices',
        method: 'GET',
        // No status in the filter: BC refuses comparisons on this enum (its names carry spaces); decided in code.
        url: `salesInvoices?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${since(marks[EVENT_MAPPINGS.invoices])}`)}&$select=${INVOICE_SELECT}`,
      },
      ...retryReads(due),
    ]);
    for (const r of [ordersRes, shipmentsRes, invoicesRes, ...retryRes]) if (r.status >= 400) throw bcBatchError(r, 'Reading ERP changes');
    const rowsOf = (r: { body: unknown }): BcRow[] => (r.body as { value: BcRow[] }).value;
    const retried = (kind: string): BcRow[] => retryRes.filter((_, i) => RETRY_KINDS[i % 3] === kind).flatMap(rowsOf);
    const orders = mergeWindow(rowsOf(ordersRes), retried('orders'), waiting, (x) => String(x.number));
    const shipments = mergeWindow(rowsOf(shipmentsRes), retried('shipments'), waiting, (x) => String(x.orderNumber ?? ''));
    const invoices = mergeWindow(rowsOf(invoicesRes), retried('invoices'), waiting, (x) => String(x.orderNumber ?? '')).filter(
      (i) => i.orderNumber && !isBcEnum(i.status, BcStatus.draft) && !isBcEnum(i.status, BcStatus.inReview),
    );

    // 2. Read what the plan needs: the coupled Sales orders, the progress and lines of every order touched (from
    // the changed orders, else read; an order fully invoiced is deleted by BC), tracking numbers, the Sales
    // invoices and products, the Sales lines.
    const numbers = new Set<string>([...orders.map((o) => String(o.number)), ...shipments.map((s) => String(s.orderNumber ?? '')), ...invoices.map((i) => String(i.orderNumber ?? ''))].filter(Boolean));
    const crmOrders = await this.coupledOrders([...numbers]);
    const progress = new Map<string, OrderProgress | 'gone'>();
    const erpLines = new Map<string, BcOrderLine[]>();
    const track = (o: BcRow): void => {
      const t = trackOrder(o);
      progress.set(String(o.number), t.progress);
      erpLines.set(String(o.number), t.lines);
    };
    for (const o of orders) track(o);
    const missing = [...crmOrders.keys()].filter((n) => !progress.has(n));
    if (missing.length) {
      const reads = chunk(missing, 40).map((ns, i): BcBatchRequest => ({
        id: `p${i}`,
        method: 'GET',
        url: `salesOrders?$filter=${encodeURIComponent(ns.map((n) => `number eq ${bcLit(n)}`).join(' or '))}&$select=number,status&$expand=${ORDER_LINES_EXPAND}`,
      }));
      for (const r of await bc.batch(reads)) {
        if (r.status >= 400) throw bcBatchError(r, 'Reading ERP orders');
        for (const o of (r.body as { value: BcRow[] }).value) track(o);
      }
      for (const n of missing) if (!progress.has(n)) progress.set(n, 'gone');
      const gone = missing.filter((n) => progress.get(n) === 'gone');
      for (const [n, lines] of await this.postedLines(gone, invoices)) erpLines.set(n, lines);
    }
    const tracking = await this.trackingNumbers(shipments.filter((s) => crmOrders.has(String(s.orderNumber ?? ''))).map((s) => String(s.number)));
    const existingInvoices = await this.crmInvoices(invoices.map((i) => String(i.number)));
    const productIds = await this.productsByNumber(invoices.flatMap((i) => ((i.salesInvoiceLines as BcRow[] | undefined) ?? []).map((l) => String(l.lineObjectNumber ?? ''))));
    const takingLines = ordersTakingLines(crmOrders, erpLines);
    const lines = planLineDelivery(takingLines, await this.salesLines(takingLines.map(([, o]) => o)), erpLines, this.s.ref.locationCodeById);
    for (const n of lines.mismatched) log.info('per-line delivery not written: the ERP order no longer has one line per Sales line', { order: crmOrders.get(n)?.ordernumber, erpNumber: n });
    for (const id of lines.unknownLocations) {
      if (this.unknownLocationsLogged.has(id)) continue;
      this.unknownLocationsLogged.add(id);
      log.warn('an ERP order line ships from a location the connector does not know yet (created after the reference data was read): its Sales line keeps its location until the reference data is refreshed', { locationId: id });
    }

    // 3. Decide (pure: flows/planEvents.ts), then write: every write belongs to one ERP order, so a refused write
    // fails that order alone (its retry), never the others.
    const plan = planEvents({ started, orders, shipments, invoices, crmOrders, progress, lineOps: lines.ops, tracking, existingInvoices, productIds, ref: this.s.ref });
    summary.ordersUpdated = plan.ordersUpdated;
    summary.invoicesCreated = plan.invoicesCreated;
    summary.invoicesUpdated = plan.invoicesUpdated;
    run.inserted = plan.inserted;
    run.modified = plan.modified;
    const results = plan.parts.length ? await this.write(plan.parts.map((p) => p.part)) : [];
    summary.posts = results.filter((r) => r.post && r.ok).length;
    const failedBy = new Map<string, string[]>();
    results.forEach((r, i) => {
      if (r.ok || r.duplicate) return;
      const n = plan.parts[i].orderNumber;
      run.failed += 1;
      summary.errors.push(r.error);
      failedBy.set(n, [...(failedBy.get(n) ?? []), r.error]);
    });
    await this.recordRetries(retries, failedBy, due, crmOrders, started, run);

    const finished = this.s.now();
    await saveJob(dv, EVENT_MAPPINGS.orders, 'ERP order events', run, started, finished, nextWatermark(rowsOf(ordersRes), marks[EVENT_MAPPINGS.orders]));
    await saveJob(dv, EVENT_MAPPINGS.shipments, 'ERP shipment events', newRun(), started, finished, nextWatermark(rowsOf(shipmentsRes), marks[EVENT_MAPPINGS.shipments]));
    await saveJob(dv, EVENT_MAPPINGS.invoices, 'ERP invoice events', newRun(), started, finished, nextWatermark(rowsOf(invoicesRes), marks[EVENT_MAPPINGS.invoices]));

    const deleted = await this.deletedOrderSweep();
    summary.ordersUpdated += deleted.reopened;
    summary.errors.push(...deleted.errors);
    const payments = await this.paymentSweep();
    summary.posts += payments.posts;
    summary.invoicesUpdated += payments.invoicesUpdated;
    summary.errors.push(...payments.errors);
    if (summary.errors.length) log.warn('ERP events: some writes failed', { errors: summary.errors.slice(0, 5) });
    log.info('ERP events processed', { posts: summary.posts, ordersUpdated: summary.ordersUpdated, invoicesCreated: summary.invoicesCreated, invoicesUpdated: summary.invoicesUpdated });
    return summary;
  }

  /**
   * The lines of ERP orders Business Central deleted once fully shipped and invoiced: read from their posted
   * shipments' lines, else their posted invoices' (planEvents.ts linesOfGoneOrder).
   */
  private async postedLines(numbers: string[], invoices: BcRow[]): Promise<Map<string, BcOrderLine[]>> {
    const out = new Map<string, BcOrderLine[]>();
    if (!numbers.length) return out;
    const reads = chunk(numbers, 40).map((ns, i): BcBatchRequest => ({
      id: `g${i}`,
      method: 'GET',
      url: `salesShipments?$filter=${encodeURIComponent(ns.map((n) => `orderNumber eq ${bcLit(n)}`).join(' or '))}&$select=orderNumber&$expand=salesShipmentLines($select=sequence,lineType,quantity)`,
    }));
    const shipped = new Map<string, BcRow[]>();
    for (const r of await this.s.bc.batch(reads)) {
      if (r.status >= 400) throw bcBatchError(r, 'Reading ERP shipments');
      for (const sh of (r.body as { value: BcRow[] }).value) shipped.set(String(sh.orderNumber), [...(shipped.get(String(sh.orderNumber)) ?? []), ...((sh.salesShipmentLines as BcRow[] | undefined) ?? [])]);
    }
    for (const n of numbers) {
      const lines = linesOfGoneOrder(shipped.get(n) ?? [], invoices.filter((i) => String(i.orderNumber) === n).flatMap((i) => (i.salesInvoiceLines as BcRow[] | undefined) ?? []));
      if (lines) out.set(n, lines);
    }
    return out;
  }

  /**
   * After the writes: an order with a refused write gets (or keeps) its retry row and the error on its coupling;
   * a retried order that went through is cleared. Written with continue-on-error, each order on its own.
   */
  private async recordRetries(retries: Map<string, EventRetry>, failedBy: Map<string, string[]>, due: string[], crmOrders: Map<string, CrmOrder>, now: Date, run: JobRun): Promise<void> {
    const ops: BatchPart[] = [];
    const orderId = (n: string): string | null => crmOrders.get(n)?.salesorderid ?? null;
    const logs = await this.submitRequestLogs([...failedBy.keys()].map(orderId).filter((x): x is string => !!x));
    for (const [n, errors] of failedBy) {
      const r = nextRetry(retries.get(n), n, errors.join(' | '), now, this.s.config.queue.retry, this.s.random);
      // Each write on its own: an order without a coupling row still gets its retry row.
      ops.push(...failureOps(r, orderId(n), now).map((op) => ({ changeSet: [op] })));
      // The order's submission request log: where a user looking at "what happened to my order" reads.
      const req = orderId(n) ? logs.get(normalizeId(orderId(n) as string)) : undefined;
      if (req) {
        const line = `${now.toISOString()} ERP events for ${n} failed (attempt ${r.attempts}; next try after ${r.nextAttemptAt}): ${r.lastError}`.slice(0, 2000);
        ops.push({ changeSet: [{ method: 'PATCH', url: `${Tables.integrationRequest.entitySet}(${req.id})`, body: { [C.log]: appendLog(req.log, [line]) }, headers: { 'If-Match': '*' } }] });
      }
      run.errors.push(`${n}: ${errors[0]}`.slice(0, 500));
      this.s.log.warn('ERP events for one order failed: the others go on, this one is retried with backoff', { erpNumber: n, attempt: r.attempts, nextAttemptAt: r.nextAttemptAt, error: errors[0] });
    }
    for (const n of due) {
      if (failedBy.has(n)) continue;
      // Read again and nothing failed (or nothing left to write): recovered.
      ops.push(...recoveredOps(n, orderId(n)).map((op) => ({ changeSet: [op] })));
      this.s.log.info('ERP events for an order that failed before went through', { erpNumber: n, attempts: retries.get(n)?.attempts });
    }
    if (ops.length) await this.s.dv.batch(ops, { continueOnError: true });
  }

  /** The newest submission request of each order (its id and log), to add the events' failures to its log. */
  private async submitRequestLogs(orderIds: string[]): Promise<Map<string, { id: string; log: string | null }>> {
    const out = new Map<string, { id: string; log: string | null }>();
    for (const part of chunk(orderIds, 25)) {
      const filter = `${C.kind} eq ${RequestKind.submitOrder} and (${part.map((id) => `${C.targetId} eq ${lit(normalizeId(id))}`).join(' or ')})`;
      const rows = await this.s.dv.list<Record<string, unknown>>(`${Tables.integrationRequest.entitySet}?$select=erp_integrationrequestid,${C.targetId},${C.log},createdon&$filter=${encodeURIComponent(filter)}&$orderby=createdon desc`, 1);
      for (const r of rows) {
        const key = normalizeId(String(r[C.targetId]));
        if (!out.has(key)) out.set(key, { id: String(r.erp_integrationrequestid), log: (r[C.log] as string | null) ?? null });
      }
    }
    return out;
  }

  /** The Sales lines of these orders (delivery and ship-from columns), by normalised order id: one read per 40 orders. */
  private async salesLines(orders: CrmOrder[]): Promise<Map<string, CrmLineDelivery[]>> {
    const byOrder = new Map<string, CrmLineDelivery[]>();
    for (const part of chunk(orders, 40)) {
      const filter = part.map((o) => `_salesorderid_value eq ${o.salesorderid}`).join(' or ');
      const rows = await this.s.dv.list<CrmLineDelivery & { _salesorderid_value: string }>(
        `salesorderdetails?$select=salesorderdetailid,sequencenumber,quantityshipped,quantitybackordered,${DocumentLineColumns.locationCode},_salesorderid_value&$filter=${encodeURIComponent(filter)}`,
      );
      for (const r of rows) {
        const id = normalizeId(r._salesorderid_value);
        byOrder.set(id, [...(byOrder.get(id) ?? []), r]);
      }
    }
    return byOrder;
  }

  /**
   * Submitted orders whose ERP order was deleted by hand (no order, no shipment, no invoice left with its number):
   * as BC does, the coupling is removed and the CRM order reopened (Active / Pending, back-office date cleared), so
   * the salesperson can fix it and submit it again (original-solution.md §4.5). A fully invoiced order, which BC
   * deletes itself, still has its invoices and is left alone.
   */
  private async deletedOrderSweep(): Promise<{ reopened: number; errors: string[] }> {
    const { dv, bc } = this.s;
    const open = await dv.list<CrmOrder>(`salesorders?$select=salesorderid,${SO.erpOrderNumber},statecode&$filter=${encodeURIComponent(`statecode eq ${SalesOrderState.submitted} and ${SO.erpOrderNumber} ne null`)}`, 20);
    if (!open.length) return { reopened: 0, errors: [] };
    const seen = new Set<string>();
    const reads: BcBatchRequest[] = [];
    chunk(open.map((o) => o.erp_erpordernumber), 40).forEach((ns, i) => {
      const f = (prop: string): string => encodeURIComponent(ns.map((n) => `${prop} eq ${bcLit(n)}`).join(' or '));
      reads.push({ id: `o${i}`, method: 'GET', url: `salesOrders?$filter=${f('number')}&$select=number` });
      reads.push({ id: `s${i}`, method: 'GET', url: `salesShipments?$filter=${f('orderNumber')}&$select=orderNumber` });
      reads.push({ id: `i${i}`, method: 'GET', url: `salesInvoices?$filter=${f('orderNumber')}&$select=orderNumber` });
    });
    for (const part of chunk(reads, 99)) {
      for (const r of await bc.batch(part)) {
        if (r.status >= 400) throw bcBatchError(r, 'Checking ERP orders');
        for (const x of (r.body as { value: BcRow[] }).value) seen.add(String(x.number ?? x.orderNumber));
      }
    }
    const gone = open.filter((o) => !seen.has(o.erp_erpordernumber));
    const ops: BatchPart[] = gone.map((o) => ({
      changeSet: [
        {
          method: 'PATCH',
          url: `salesorders(${o.salesorderid})`,
          body: {
            statecode: SalesOrderState.active,
            statuscode: 2,
            lastbackofficesubmit: null,
            [SO.erpOrderNumber]: null,
            [SO.submissionStatus]: SubmissionStatus.notSubmitted,
            [SO.lastSubmissionError]: text('ERP_ORDER_DELETED', { number: o.erp_erpordernumber }, this.s.ref.lcid),
          },
        },
        { method: 'DELETE', url: couplingKeyPath('salesorder', o.salesorderid) },
      ],
    }));
    const results = ops.length ? await this.write(ops) : [];
    if (gone.length) this.s.log.warn('ERP orders deleted by hand: CRM orders reopened', { orders: gone.map((o) => o.erp_erpordernumber) });
    return { reopened: results.filter((r) => r.ok).length, errors: results.filter((r) => !r.ok).map((r) => r.error) };
  }

  /** Open (or partly paid) Sales invoices from the ERP: their payment state, read again from the ERP. */
  private async paymentSweep(): Promise<{ posts: number; invoicesUpdated: number; errors: string[] }> {
    const { dv, bc } = this.s;
    const filter = `${InvoiceColumns.erpInvoiceNumber} ne null and (statecode eq ${InvoiceState.active} or (statecode eq ${InvoiceState.paid} and statuscode eq 100002))`;
    const open = await dv.list<CrmInvoice>(`invoices?$select=invoiceid,${InvoiceColumns.erpInvoiceNumber},statecode,statuscode,_salesorderid_value&$filter=${encodeURIComponent(filter)}`, 10);
    if (!open.length) return { posts: 0, invoicesUpdated: 0, errors: [] };
    const reads = chunk(open, 40).map((list, i): BcBatchRequest => ({
      id: `i${i}`,
      method: 'GET',
      url: `salesInvoices?$filter=${encodeURIComponent(list.map((x) => `number eq ${bcLit(x.erp_erpinvoicenumber)}`).join(' or '))}&$select=number,remainingAmount,totalAmountIncludingTax,status,currencyCode`,
    }));
    const erp = new Map<string, BcRow>();
    for (const part of chunk(reads, 100)) {
      for (const r of await bc.batch(part)) {
        if (r.status >= 400) throw bcBatchError(r, 'Reading ERP invoices');
        for (const x of (r.body as { value: BcRow[] }).value) erp.set(String(x.number), x);
      }
    }
    const orderIds = [...new Set(open.map((i) => i._salesorderid_value).filter((x): x is string => !!x))];
    const orders = new Map<string, CrmOrder>();
    for (const ids of chunk(orderIds, 50)) {
      const rows = await dv.list<CrmOrder>(`salesorders?$select=salesorderid,${SO.erpOrderNumber},_owninguser_value&$filter=${encodeURIComponent(ids.map((id) => `salesorderid eq ${id}`).join(' or '))}`, 1);
      for (const o of rows) orders.set(normalizeId(o.salesorderid), o);
    }
    const ops: BatchPart[] = [];
    let invoicesUpdated = 0;
    for (const inv of open) {
      const x = erp.get(inv.erp_erpinvoicenumber);
      if (!x) continue;
      const order = inv._salesorderid_value ? orders.get(normalizeId(inv._salesorderid_value)) ?? null : null;
      const st = planInvoiceState(inv, invoiceStateFromErp(x as unknown as BcPostedInvoice), Number(x.remainingAmount ?? 0), (x.currencyCode as string) || this.s.ref.lcy, order, this.s.ref);
      ops.push(...st.parts);
      if (st.updated) invoicesUpdated += 1;
    }
    const results = ops.length ? await this.write(ops) : [];
    return {
      posts: results.filter((r) => r.post && r.ok).length,
      invoicesUpdated,
      errors: results.filter((r) => !r.ok && !r.duplicate).map((r) => r.error),
    };
  }

  /** CRM orders carrying these ERP order numbers (coupled by submission). */
  private async coupledOrders(numbers: string[]): Promise<Map<string, CrmOrder>> {
    const out = new Map<string, CrmOrder>();
    for (const part of chunk(numbers, 50)) {
      const filter = part.map((n) => `${SO.erpOrderNumber} eq ${lit(n)}`).join(' or ');
      const rows = await this.s.dv.list<CrmOrder>(
        `salesorders?$select=salesorderid,ordernumber,name,statecode,statuscode,datefulfilled,requestdeliveryby,${SO.erpOrderNumber},_customerid_value,_transactioncurrencyid_value,_pricelevelid_value,_owninguser_value&$expand=customerid_account($select=accountid),customerid_contact($select=contactid)&$filter=${encodeURIComponent(filter)}`,
        1,
      );
      for (const r of rows) out.set(String(r.erp_erpordernumber), r);
    }
    return out;
  }

  private async crmInvoices(numbers: string[]): Promise<Map<string, CrmInvoice>> {
    const out = new Map<string, CrmInvoice>();
    for (const part of chunk(numbers, 50)) {
      const filter = part.map((n) => `${InvoiceColumns.erpInvoiceNumber} eq ${lit(n)}`).join(' or ');
      const rows = await this.s.dv.list<CrmInvoice>(`invoices?$select=invoiceid,${InvoiceColumns.erpInvoiceNumber},statecode,statuscode,_salesorderid_value&$filter=${encodeURIComponent(filter)}`, 1);
      for (const r of rows) out.set(r.erp_erpinvoicenumber, r);
    }
    return out;
  }

  private async productsByNumber(numbers: string[]): Promise<Record<string, string>> {
    const unique = [...new Set(numbers.map((n) => n.toUpperCase()).filter(Boolean))];
    const out: Record<string, string> = {};
    for (const part of chunk(unique, 50)) {
      const filter = part.map((n) => `erp_itemnumber eq ${lit(n)}`).join(' or ');
      const rows = await this.s.dv.list<{ productid: string; erp_itemnumber: string }>(`products?$select=productid,erp_itemnumber&$filter=${encodeURIComponent(filter)}`, 1);
      for (const r of rows) out[String(r.erp_itemnumber).toUpperCase()] = r.productid;
    }
    return out;
  }

  /** Tracking numbers from the published standard page 142 Posted Sales Shipments (connector/bc/trackingNumbers.ts). */
  private async trackingNumbers(shipmentNumbers: string[]): Promise<Map<string, string>> {
    const { byShipment } = await readTrackingNumbers(this.s.bc, this.s.config.bc, shipmentNumbers, this.s.log);
    return new Map([...byShipment].map(([n, t]) => [n, t.trackingNumber]));
  }

  /** Sends the change sets with continue-on-error; a duplicate post (412/409 on a post) counts as "already done". */
  private async write(all: BatchPart[]): Promise<Array<{ ok: boolean; duplicate: boolean; post: boolean; error: string }>> {
    // Posts already written (an earlier run, another process) are not sent again: one read per 50 posts, instead of
    // a create Dataverse refuses on the key for every movement seen again (the payment sweep sees each open invoice).
    const postIdOf = (p: BatchPart): string | null => {
      const set = 'changeSet' in p ? p.changeSet : [p];
      return set.length === 1 && set[0].url === 'posts' ? String((set[0].body as { postid: string }).postid) : null;
    };
    const ids = [...new Set(all.map(postIdOf).filter((x): x is string => !!x))];
    const existing = new Set<string>();
    for (const part of chunk(ids, 50)) {
      const rows = await this.s.dv.list<{ postid: string }>(`posts?$select=postid&$filter=${encodeURIComponent(part.map((id) => `postid eq ${id}`).join(' or '))}`, 1);
      for (const r of rows) existing.add(normalizeId(r.postid));
    }
    const done = all.map((p) => {
      const id = postIdOf(p);
      return !!id && existing.has(normalizeId(id));
    });
    const ops = all.filter((_, i) => !done[i]);
    const sent: Array<{ ok: boolean; duplicate: boolean; post: boolean; error: string }> = [];
    for (const part of chunk(ops, 200)) {
      const results = await this.s.dv.batch(part, { continueOnError: true });
      // One result per operation; a failed change set yields one result for the whole set.
      let ri = 0;
      for (const p of part) {
        const set = 'changeSet' in p ? p.changeSet : [p];
        const isPost = set.length === 1 && set[0].url === 'posts';
        const first = results[ri];
        if (!first) {
          sent.push({ ok: false, duplicate: false, post: isPost, error: 'no response' });
          continue;
        }
        if (first.status >= 400) {
          ri += 1;
          const message = ((first.body as { error?: { message?: string } } | null)?.error?.message ?? first.text).slice(0, 300);
          const duplicate = isPost && (first.status === 412 || first.status === 409 || /duplicate|already exists/i.test(message));
          sent.push({ ok: false, duplicate, post: isPost, error: `${set[0].method} ${set[0].url}: ${first.status} ${message}` });
        } else {
          ri += set.length;
          sent.push({ ok: true, duplicate: false, post: isPost, error: '' });
        }
      }
    }
    // One result per operation given, in order: the posts not sent count as "already done".
    let k = 0;
    return all.map((_, i) => (done[i] ? { ok: false, duplicate: true, post: true, error: '' } : sent[k++]));
  }
}

