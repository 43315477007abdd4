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
 * no last-shipment-date field), requested delivery date.
 */
import { invoiceStateFromErp, isReleasedStatus, lineDeliveryUpdates, mapPostedInvoiceToCrm, orderProgress, orderStateFromProgress, paymentEvent, type BcOrderLine, type BcPostedInvoice, type CrmLineDelivery, type OrderProgress } from '../../domain/erpMapping';
import { InvoiceState, SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';
import { BcStatus, isBcEnum } from '../../domain/bcEnums';
import { normalizeId } from '../../domain/orderValidation';
import { ErpEntitySets, IntegrationRequestColumns as C, InvoiceColumns, RequestKind, SalesOrderColumns as SO, SubmissionStatus, SyncDirection, Tables } from '../../domain/schema';
import { appendLog } from '../queue/requestRow';
import type { TimelineEvent } from '../../domain/timeline';
import { instantOfLocalDate, localDateOf, type UserTimeZone } from '../../domain/timeZone';
import { bcBatchError, bcLit, type BcBatchRequest, type BcRow } from '../bc/client';
import { readTrackingNumbers } from '../bc/trackingNumbers';
import type { BatchOperation, BatchPart } from '../dataverse/batch';
import { lit } from '../dataverse/client';
import { stableGuid } from '../ids';
import type { Services } from '../services';
import { chunk, couplingKeyPath, couplingUpsert, postCreate } from './common';
import { text } from '../messages';
import { later, newRun, readWatermarks, saveJob, type JobRun } from './syncState';
import { failureOps, isDue, nextRetry, readRetries, recoveredOps, type EventRetry } from './eventRetries';

export const EVENT_MAPPINGS = { orders: 'erp-events:salesOrders', shipments: 'erp-events:salesShipments', invoices: 'erp-events:salesInvoices' } as const;
/** Re-read this much before the watermark: clocks of BC's servers differ, events are idempotent anyway. */
const OVERLAP_MS = 5_000;
const EMPTY_DATE = '0001-01-01';

interface CrmOrder {
  salesorderid: string;
  ordernumber?: string | null;
  name?: string | null;
  statecode: number;
  statuscode: number;
  datefulfilled?: string | null;
  requestdeliveryby?: string | null;
  erp_erpordernumber: string;
  _customerid_value?: string | null;
  _transactioncurrencyid_value?: string | null;
  _pricelevelid_value?: string | null;
  _owninguser_value?: string | null;
  /** The customer's type comes from whichever navigation property is set (the Web API has no type column). */
  customerid_account?: { accountid: string } | null;
  customerid_contact?: { contactid: string } | null;
}

interface CrmInvoice {
  invoiceid: string;
  erp_erpinvoicenumber: string;
  statecode: number;
  statuscode: number;
  _salesorderid_value?: string | null;
}

export interface EventsSummary {
  posts: number;
  ordersUpdated: number;
  invoicesCreated: number;
  invoicesUpdated: number;
  errors: string[];
}

const INVOICE_SELECT =
  'id,number,orderNumber,invoiceDate,postingDate,dueDate,totalAmountExcludingTax,totalAmountIncludingTax,discountAmount,remainingAmount,status,currencyCode,lastModifiedDateTime&$expand=salesInvoiceLines($select=sequence,lineType,lineObjectNumber,description,unitOfMeasureCode,quantity,unitPrice,discountAmount,amountExcludingTax,amountIncludingTax)';
const ORDER_SELECT = 'id,number,status,requestedDeliveryDate,fullyShipped,lastModifiedDateTime&$expand=salesOrderLines($select=sequence,lineType,quantity,shippedQuantity,invoicedQuantity)';
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

const validDate = (d: unknown): string | null => (typeof d === 'string' && d && !d.startsWith(EMPTY_DATE) ? d.slice(0, 10) : null);
/** requestdeliveryby/datefulfilled are UserLocal instants: compared as, and written back at, the owner's local date (domain/timeZone.ts). */
const crmDate = (d: unknown, zone: UserTimeZone | undefined): string | null => (typeof d === 'string' && d && !d.startsWith(EMPTY_DATE) ? localDateOf(d, zone) : null);

export class ErpEventsJob {
  private running: Promise<EventsSummary> | null = null;
  private again = false;

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
    // The window's rows, less the orders still waiting for their retry; plus the due retries, read by number.
    const merge = (window: BcRow[], kind: string): BcRow[] => {
      const byId = new Map<string, BcRow>();
      for (const x of window) if (!waiting.has(kind === 'orders' ? String(x.number) : String(x.orderNumber ?? ''))) byId.set(String(x.id), x);
      retryRes.forEach((r, i) => {
        if (RETRY_KINDS[i % 3] === kind) for (const x of rowsOf(r)) byId.set(String(x.id), x);
      });
      return [...byId.values()];
    };
    const orders = merge(rowsOf(ordersRes), 'orders');
    const shipments = merge(rowsOf(shipmentsRes), 'shipments');
    const invoices = merge(rowsOf(invoicesRes), 'invoices').filter((i) => i.orderNumber && !isBcEnum(i.status, BcStatus.draft) && !isBcEnum(i.status, BcStatus.inReview));

    const numbers = new Set<string>([...orders.map((o) => String(o.number)), ...shipments.map((s) => String(s.orderNumber ?? '')), ...invoices.map((i) => String(i.orderNumber ?? ''))].filter(Boolean));
    const crmOrders = await this.coupledOrders([...numbers]);
    // Every write belongs to one ERP order: a refused write fails that order alone (its retry), never the others.
    const ops: BatchPart[] = [];
    const opKeys: string[] = [];
    const add = (key: string, part: BatchPart): void => {
      ops.push(part);
      opKeys.push(key);
    };

    // Progress of every order we touch: from the changed orders, else read (an order fully invoiced is deleted by BC).
    const progress = new Map<string, OrderProgress | 'gone'>();
    const erpLines = new Map<string, BcOrderLine[]>();
    const track = (o: BcRow): void => {
      const lines = (o.salesOrderLines as BcRow[] | undefined) ?? [];
      progress.set(String(o.number), orderProgress(lines as never));
      erpLines.set(String(o.number), lines as unknown as BcOrderLine[]);
    };
    for (const o of orders) track(o);
    const missing = [...crmOrders.keys()].filter((n) => !progress.has(n));
    if (missing.length) {
      const reads = chunk(missing, 40).map((ns, i): BcBatchRequest => ({
        id: `p${i}`,
        method: 'GET',
        url: `salesOrders?$filter=${encodeURIComponent(ns.map((n) => `number eq ${bcLit(n)}`).join(' or '))}&$select=number,status&$expand=salesOrderLines($select=sequence,lineType,quantity,shippedQuantity,invoicedQuantity)`,
      }));
      for (const r of await bc.batch(reads)) {
        if (r.status >= 400) throw bcBatchError(r, 'Reading ERP orders');
        for (const o of (r.body as { value: BcRow[] }).value) track(o);
      }
      for (const n of missing) if (!progress.has(n)) progress.set(n, 'gone');
      const gone = missing.filter((n) => progress.get(n) === 'gone');
      for (const [n, lines] of await this.postedLines(gone, invoices)) erpLines.set(n, lines);
    }
    const progressOf = (n: string): OrderProgress => {
      const p = progress.get(n);
      if (!p || p === 'gone') return { anyShipped: true, fullyShipped: true, anyInvoiced: true, fullyInvoiced: true };
      return p;
    };

    const post = (order: CrmOrder, event: TimelineEvent): void => {
      // Own change set each: a duplicate (already posted) fails alone. In the owner's language (ReferenceData.postLcid).
      add(order.erp_erpordernumber, { changeSet: [postCreate({ table: 'salesorder', id: order.salesorderid }, event, this.s.ref.postLcid(order._owninguser_value))] });
    };

    // Released. An order shipped or invoiced was released first (BC releases a document to post it): a release that
    // happened while the connector was down is posted once when its shipment or invoice is seen (stable post id).
    const releasedPosted = new Set<string>();
    const released = (crm: CrmOrder): void => {
      if (releasedPosted.has(crm.erp_erpordernumber)) return;
      releasedPosted.add(crm.erp_erpordernumber);
      post(crm, { kind: 'released', erpNumber: crm.erp_erpordernumber });
    };
    for (const o of orders) {
      const crm = crmOrders.get(String(o.number));
      if (!crm) continue;
      if (isReleasedStatus(o.status as string)) released(crm);
      const rdd = validDate(o.requestedDeliveryDate);
      const zone = this.s.ref.timeZones[normalizeId(crm._owninguser_value ?? '')];
      if (rdd && rdd !== crmDate(crm.requestdeliveryby, zone)) {
        add(crm.erp_erpordernumber, { changeSet: [{ method: 'PATCH', url: `salesorders(${crm.salesorderid})`, body: { requestdeliveryby: instantOfLocalDate(rdd, zone) } }] });
        summary.ordersUpdated += 1;
      }
    }

    // Shipped: one post per shipment; the latest shipment of a fully shipped order says "in full".
    const byOrder = new Map<string, BcRow[]>();
    for (const s of shipments) {
      const n = String(s.orderNumber ?? '');
      if (!crmOrders.has(n)) continue;
      byOrder.set(n, [...(byOrder.get(n) ?? []), s]);
    }
    const tracking = await this.trackingNumbers(shipments.filter((s) => crmOrders.has(String(s.orderNumber ?? ''))).map((s) => String(s.number)));
    const fulfilledOn = new Map<string, string>();
    for (const [n, list] of byOrder) {
      const crm = crmOrders.get(n) as CrmOrder;
      const p = progressOf(n);
      released(crm);
      list.sort((a, b) => String(a.postingDate).localeCompare(String(b.postingDate)) || String(a.number).localeCompare(String(b.number)));
      list.forEach((s, i) => {
        const date = validDate(s.postingDate);
        post(crm, { kind: 'shipped', shipmentNumber: String(s.number), date, trackingNumber: tracking.get(String(s.number)) ?? null, complete: p.fullyShipped && i === list.length - 1 });
        if (date) fulfilledOn.set(n, later(fulfilledOn.get(n) ?? null, date) as string);
      });
    }

    // Invoiced and paid.
    const existingInvoices = await this.crmInvoices(invoices.map((i) => String(i.number)));
    const productIds = await this.productsByNumber(invoices.flatMap((i) => ((i.salesInvoiceLines as BcRow[] | undefined) ?? []).map((l) => String(l.lineObjectNumber ?? ''))));
    for (const inv of invoices) {
      const n = String(inv.orderNumber);
      const crm = crmOrders.get(n);
      if (!crm) continue;
      const number = String(inv.number);
      const p = progressOf(n);
      released(crm);
      const state = invoiceStateFromErp(inv as unknown as BcPostedInvoice);
      let crmInvoice = existingInvoices.get(number);
      if (!crmInvoice) {
        const customer = crm.customerid_contact?.contactid ? { table: 'contact' as const, id: crm.customerid_contact.contactid } : crm.customerid_account?.accountid ? { table: 'account' as const, id: crm.customerid_account.accountid } : null;
        if (!customer) continue;
        const invoiceId = stableGuid('invoice', String(inv.id));
        const body = mapPostedInvoiceToCrm(
          inv as unknown as BcPostedInvoice,
          {
            orderId: crm.salesorderid,
            customer,
            currencyId: crm._transactioncurrencyid_value ?? null,
            priceLevelId: crm._pricelevelid_value ?? null,
            // The invoice stays owned by the connector's user: copying the order's owner (as BC does) needs the
            // Assign Invoice privilege, which the ERP Link roles do not grant (docs/connector.md).
            ownerId: null,
            productByNumber: productIds,
            uomByCode: this.s.ref.uomIdByCode,
          },
          `${crm.name ?? crm.ordernumber ?? ''} — ${number}`.slice(0, 300),
        );
        add(n, {
          changeSet: [
            { method: 'POST', url: 'invoices', body: { invoiceid: invoiceId, ...body } },
            couplingUpsert({ crmTable: 'invoice', crmId: invoiceId, erpEntity: ErpEntitySets.salesInvoice, erpId: String(inv.id), erpNumber: number, direction: SyncDirection.fromErp, connectionId: this.s.ref.connectionId, now: started }),
          ],
        });
        summary.invoicesCreated += 1;
        run.inserted += 1;
        post(crm, {
          kind: 'invoiced',
          invoiceNumber: number,
          date: validDate(inv.postingDate ?? inv.invoiceDate),
          amount: typeof inv.totalAmountIncludingTax === 'number' ? inv.totalAmountIncludingTax : null,
          currency: (inv.currencyCode as string) || this.s.ref.lcy,
          complete: p.fullyInvoiced,
        });
        crmInvoice = { invoiceid: invoiceId, erp_erpinvoicenumber: number, statecode: InvoiceState.active, statuscode: 4, _salesorderid_value: crm.salesorderid };
      }
      this.invoiceStateOps((part) => add(n, part), crmInvoice, state, Number(inv.remainingAmount ?? 0), (inv.currencyCode as string) || this.s.ref.lcy, crm, post, summary);
    }

    // Per-line delivery, written with the order's state change (before it: a closed order takes no more writes).
    const lineOps = await this.lineDeliveryOps(crmOrders, erpLines);

    // Order state: Fulfilled (complete/partial) from shipments, Invoiced when fully invoiced.
    for (const [n, crm] of crmOrders) {
      if (!progress.has(n)) continue;
      const p = progressOf(n);
      const current = { statecode: crm.statecode, statuscode: crm.statuscode };
      const target = orderStateFromProgress(p, current);
      const dateFulfilled = fulfilledOn.get(n);
      const zone = this.s.ref.timeZones[normalizeId(crm._owninguser_value ?? '')];
      const setDate = dateFulfilled && dateFulfilled !== crmDate(crm.datefulfilled, zone);
      const lines = lineOps.get(n) ?? [];
      if (!target && !setDate && !lines.length) continue;
      // Lines and date first, the state change in its own change set: a refused FulfillSalesOrder (it needs the
      // OrderClose activity privileges) must not take the shipped quantities down with it.
      const cs: BatchOperation[] = [...lines];
      if (setDate) cs.push({ method: 'PATCH', url: `salesorders(${crm.salesorderid})`, body: { datefulfilled: instantOfLocalDate(dateFulfilled, zone) } });
      if (cs.length) add(n, { changeSet: cs });
      if (target) add(n, { changeSet: this.orderStateOps(crm, current, target) });
      summary.ordersUpdated += 1;
      run.modified += 1;
    }

    const results = ops.length ? await this.write(ops) : [];
    summary.posts = results.filter((r) => r.post && r.ok).length;
    const failedBy = new Map<string, string[]>();
    results.forEach((r, i) => {
      if (r.ok || r.duplicate) return;
      run.failed += 1;
      summary.errors.push(r.error);
      failedBy.set(opKeys[i], [...(failedBy.get(opKeys[i]) ?? []), r.error]);
    });
    await this.recordRetries(retries, failedBy, due, crmOrders, started, run);

    const finished = this.s.now();
    const maxStamp = (rows: BcRow[], prev: string | null): string | null => rows.reduce<string | null>((m, r) => later(m, r.lastModifiedDateTime as string), prev);
    // The watermark always moves to what this run read: an order whose writes failed is retried on its own (by
    // number, with backoff), so one bad record never makes every run re-read a growing window.
    await saveJob(dv, EVENT_MAPPINGS.orders, 'ERP order events', run, started, finished, maxStamp(rowsOf(ordersRes), marks[EVENT_MAPPINGS.orders]));
    await saveJob(dv, EVENT_MAPPINGS.shipments, 'ERP shipment events', newRun(), started, finished, maxStamp(rowsOf(shipmentsRes), marks[EVENT_MAPPINGS.shipments]));
    await saveJob(dv, EVENT_MAPPINGS.invoices, 'ERP invoice events', newRun(), started, finished, maxStamp(rowsOf(invoicesRes), marks[EVENT_MAPPINGS.invoices]));

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
   * The lines of ERP orders Business Central deleted once fully shipped and invoiced: from their posted shipments'
   * lines (salesShipmentLines keep the order line's sequence; bc-docs api-v2-salesShipmentLine), summed per
   * sequence, else from the posted invoices' lines. Such an order shipped everything: shipped = quantity.
   */
  private async postedLines(numbers: string[], invoices: BcRow[]): Promise<Map<string, BcOrderLine[]>> {
    const out = new Map<string, BcOrderLine[]>();
    if (!numbers.length) return out;
    const sum = (rows: BcRow[]): BcOrderLine[] => {
      const bySeq = new Map<number, BcOrderLine>();
      for (const l of rows) {
        if (l.lineType === 'Comment') continue;
        const seq = Number(l.sequence);
        const q = Number(l.quantity ?? 0);
        const prev = bySeq.get(seq);
        const total = (prev?.quantity ?? 0) + q;
        bySeq.set(seq, { sequence: seq, lineType: String(l.lineType), quantity: total, shippedQuantity: total, invoicedQuantity: total });
      }
      return [...bySeq.values()].filter((l) => l.quantity > 0);
    };
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
      const fromShipments = sum(shipped.get(n) ?? []);
      const fromInvoices = sum(invoices.filter((i) => String(i.orderNumber) === n).flatMap((i) => (i.salesInvoiceLines as BcRow[] | undefined) ?? []));
      const lines = fromShipments.length ? fromShipments : fromInvoices;
      if (lines.length) out.set(n, lines);
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

  /**
   * PATCHes of the Sales lines whose shipped or back-ordered quantity the ERP changed, per ERP order number. Closed
   * orders (fulfilled in full, invoiced, cancelled) are left as they are; orders whose lines no longer match one to one
   * (lines added or removed in the ERP) are skipped with a log line. One read per 40 orders.
   */
  private async lineDeliveryOps(crmOrders: Map<string, CrmOrder>, erpLines: Map<string, BcOrderLine[]>): Promise<Map<string, BatchOperation[]>> {
    const out = new Map<string, BatchOperation[]>();
    // A partly fulfilled order still ships (its state moves to complete with the next shipment), so it is included.
    const open = [...crmOrders].filter(
      ([n, o]) => erpLines.has(n) && (o.statecode === SalesOrderState.active || o.statecode === SalesOrderState.submitted || (o.statecode === SalesOrderState.fulfilled && o.statuscode === SalesOrderStatus.partial)),
    );
    const byOrder = new Map<string, CrmLineDelivery[]>();
    for (const part of chunk(open, 40)) {
      const filter = part.map(([, o]) => `_salesorderid_value eq ${o.salesorderid}`).join(' or ');
      const rows = await this.s.dv.list<CrmLineDelivery & { _salesorderid_value: string }>(
        `salesorderdetails?$select=salesorderdetailid,sequencenumber,quantityshipped,quantitybackordered,_salesorderid_value&$filter=${encodeURIComponent(filter)}`,
      );
      for (const r of rows) byOrder.set(r._salesorderid_value, [...(byOrder.get(r._salesorderid_value) ?? []), r]);
    }
    for (const [n, o] of open) {
      const updates = lineDeliveryUpdates(byOrder.get(o.salesorderid) ?? [], erpLines.get(n) ?? []);
      if (updates === null) {
        this.s.log.info('per-line delivery not written: the ERP order no longer has one line per Sales line', { order: o.ordernumber, erpNumber: n });
        continue;
      }
      if (updates.length) out.set(n, updates.map((u) => ({ method: 'PATCH', url: `salesorderdetails(${u.id})`, body: { quantityshipped: u.quantityshipped, quantitybackordered: u.quantitybackordered } })));
    }
    return out;
  }

  private orderStateOps(crm: CrmOrder, current: { statecode: number; statuscode: number }, target: { statecode: number; statuscode: number }): BatchOperation[] {
    if (target.statecode === SalesOrderState.fulfilled) {
      // Dataverse only reaches Fulfilled through FulfillSalesOrder (an order close activity records it).
      return [
        {
          method: 'POST',
          url: 'FulfillSalesOrder',
          body: {
            OrderClose: { '@odata.type': 'Microsoft.Dynamics.CRM.orderclose', subject: `ERP ${crm.erp_erpordernumber}`, 'salesorderid@odata.bind': `/salesorders(${crm.salesorderid})` },
            Status: target.statuscode,
          },
        },
      ];
    }
    void current;
    return [{ method: 'PATCH', url: `salesorders(${crm.salesorderid})`, body: { statecode: target.statecode, statuscode: target.statuscode } }];
  }

  private invoiceStateOps(
    add: (part: BatchPart) => void,
    inv: CrmInvoice,
    state: { statecode: number; statuscode: number },
    remaining: number,
    currency: string,
    order: CrmOrder | null,
    post: ((o: CrmOrder, e: TimelineEvent) => void) | null,
    summary: EventsSummary,
  ): void {
    const paid = paymentEvent(state, remaining);
    if (inv.statecode === state.statecode && inv.statuscode === state.statuscode) {
      // Same state, but a partly paid invoice may have had another payment: each remaining amount is its own
      // movement with its own post (stable id per remaining amount, so a movement already posted is not again).
      if (paid && !paid.complete && order && post) post(order, { kind: 'paid', invoiceNumber: inv.erp_erpinvoicenumber, complete: false, remaining: paid.remaining, currency });
      return;
    }
    const cs: BatchOperation[] = [];
    // §7: a non-active invoice is first re-activated as Active/Billed, then set to its new status.
    if (inv.statecode !== InvoiceState.active && state.statecode !== InvoiceState.active && inv.statecode !== state.statecode) {
      cs.push({ method: 'PATCH', url: `invoices(${inv.invoiceid})`, body: { statecode: InvoiceState.active, statuscode: 4 } });
    }
    cs.push({ method: 'PATCH', url: `invoices(${inv.invoiceid})`, body: { statecode: state.statecode, statuscode: state.statuscode } });
    add({ changeSet: cs });
    summary.invoicesUpdated += 1;
    if (paid && order && post) post(order, { kind: 'paid', invoiceNumber: inv.erp_erpinvoicenumber, complete: paid.complete, remaining: paid.remaining, currency });
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
    const summary: EventsSummary = { posts: 0, ordersUpdated: 0, invoicesCreated: 0, invoicesUpdated: 0, errors: [] };
    const post = (order: CrmOrder, event: TimelineEvent): void => {
      ops.push({ changeSet: [postCreate({ table: 'salesorder', id: order.salesorderid }, event, this.s.ref.postLcid(order._owninguser_value))] });
    };
    for (const inv of open) {
      const x = erp.get(inv.erp_erpinvoicenumber);
      if (!x) continue;
      const order = inv._salesorderid_value ? orders.get(normalizeId(inv._salesorderid_value)) ?? null : null;
      this.invoiceStateOps((part) => ops.push(part), inv, invoiceStateFromErp(x as unknown as BcPostedInvoice), Number(x.remainingAmount ?? 0), (x.currencyCode as string) || this.s.ref.lcy, order, post, summary);
    }
    const results = ops.length ? await this.write(ops) : [];
    return {
      posts: results.filter((r) => r.post && r.ok).length,
      invoicesUpdated: summary.invoicesUpdated,
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

