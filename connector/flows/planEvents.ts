/**
 * What one pass of ERP events writes in Sales, decided from what was read (connector/flows/erpEvents.ts reads and
 * writes). Pure: input = the ERP rows of the window (orders, shipments, posted invoices), the coupled Sales orders,
 * the Sales invoices and lines already there, reference data; output = the change sets to send, each tagged with
 * the ERP order it belongs to (a refused write fails that order alone), and the counts for the job row.
 *
 * "Never twice" is in the ids: every post has a stable id per (order, event), every Sales invoice a stable id per
 * ERP invoice, so a pass that runs again (a crash, a lost answer, another process) writes nothing new.
 */
import { invoiceStateFromErp, isReleasedStatus, lineDeliveryUpdates, mapPostedInvoiceToCrm, orderProgress, orderStateFromProgress, paymentEvent, unknownLineLocations, type BcOrderLine, type BcPostedInvoice, type CrmLineDelivery, type OrderProgress } from '../../domain/erpMapping';
import { InvoiceState, SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';
import { normalizeId } from '../../domain/orderValidation';
import { ErpEntitySets, SyncDirection } from '../../domain/schema';
import type { TimelineEvent } from '../../domain/timeline';
import { instantOfLocalDate, localDateOf, type UserTimeZone } from '../../domain/timeZone';
import type { BcRow } from '../bc/client';
import type { BatchOperation, BatchPart } from '../dataverse/batch';
import { stableGuid } from '../ids';
import { couplingUpsert, postCreate } from './common';
import { later } from './syncState';

const EMPTY_DATE = '0001-01-01';

export interface CrmOrder {
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

export interface CrmInvoice {
  invoiceid: string;
  erp_erpinvoicenumber: string;
  statecode: number;
  statuscode: number;
  _salesorderid_value?: string | null;
}

/** What the plans need of the reference data (connector/reference.ts). */
export interface EventsReference {
  /** The language of posts on records this user owns. */
  postLcid(ownerId: string | null | undefined): number;
  timeZones: Record<string, UserTimeZone>;
  /** The ERP's local currency: a blank currency is this one. */
  lcy: string;
  uomIdByCode: Record<string, string>;
  connectionId: string | null;
}

/** One change set, and the ERP order it belongs to. */
export interface PlannedPart {
  orderNumber: string;
  part: BatchPart;
}

export const validDate = (d: unknown): string | null => (typeof d === 'string' && d && !d.startsWith(EMPTY_DATE) ? d.slice(0, 10) : null);
/** requestdeliveryby/datefulfilled are UserLocal instants: compared as, and written back at, the owner's local date (domain/timeZone.ts). */
const crmDate = (d: unknown, zone: UserTimeZone | undefined): string | null => (typeof d === 'string' && d && !d.startsWith(EMPTY_DATE) ? localDateOf(d, zone) : null);

// ---- what was read ------------------------------------------------------------------------------------------

/**
 * The rows of one kind to handle: the window's, less those of orders still waiting for their retry; plus the due
 * retries, read again by number (the same row read twice counts once).
 */
export function mergeWindow(window: readonly BcRow[], retried: readonly BcRow[], waiting: ReadonlySet<string>, numberOf: (r: BcRow) => string): BcRow[] {
  const byId = new Map<string, BcRow>();
  for (const x of window) if (!waiting.has(numberOf(x))) byId.set(String(x.id), x);
  for (const x of retried) byId.set(String(x.id), x);
  return [...byId.values()];
}

/**
 * The lines of an order Business Central deleted once fully shipped and invoiced, from its posted shipments' lines
 * (they keep the order line's sequence; bc-docs api-v2-salesShipmentLine), summed per sequence, else from its posted
 * invoices' lines. Such an order shipped everything: shipped = invoiced = quantity. Null when neither has lines.
 */
export function linesOfGoneOrder(shipmentLines: readonly BcRow[], invoiceLines: readonly BcRow[]): BcOrderLine[] | null {
  const sum = (rows: readonly BcRow[]): BcOrderLine[] => {
    const bySeq = new Map<number, BcOrderLine>();
    for (const l of rows) {
      if (l.lineType === 'Comment') continue;
      const seq = Number(l.sequence);
      const total = (bySeq.get(seq)?.quantity ?? 0) + Number(l.quantity ?? 0);
      bySeq.set(seq, { sequence: seq, lineType: String(l.lineType), quantity: total, shippedQuantity: total, invoicedQuantity: total });
    }
    return [...bySeq.values()].filter((l) => l.quantity > 0);
  };
  const fromShipments = sum(shipmentLines);
  const lines = fromShipments.length ? fromShipments : sum(invoiceLines);
  return lines.length ? lines : null;
}

/** An order's progress and lines from its row (with salesOrderLines expanded). */
export function trackOrder(o: BcRow): { progress: OrderProgress; lines: BcOrderLine[] } {
  const lines = (o.salesOrderLines as BcRow[] | undefined) ?? [];
  return { progress: orderProgress(lines as never), lines: lines as unknown as BcOrderLine[] };
}

/**
 * The watermark of one kind after a pass: the newest lastModifiedDateTime of the window's rows, never earlier than
 * the one before. It moves even when some writes failed: an order whose writes failed is retried on its own (by
 * number, with backoff), so one bad record never makes every pass re-read a growing window.
 */
export function nextWatermark(windowRows: readonly BcRow[], previous: string | null): string | null {
  return windowRows.reduce<string | null>((m, r) => later(m, r.lastModifiedDateTime as string), previous);
}

// ---- per-line delivery --------------------------------------------------------------------------------------

/** Orders whose Sales lines may still take shipped quantities: open, submitted, or fulfilled in part. */
export function ordersTakingLines(crmOrders: ReadonlyMap<string, CrmOrder>, erpLines: ReadonlyMap<string, BcOrderLine[]>): Array<[string, CrmOrder]> {
  return [...crmOrders].filter(
    ([n, o]) => erpLines.has(n) && (o.statecode === SalesOrderState.active || o.statecode === SalesOrderState.submitted || (o.statecode === SalesOrderState.fulfilled && o.statuscode === SalesOrderStatus.partial)),
  );
}

/**
 * PATCHes of the Sales lines whose shipped or back-ordered quantity or ship-from location the ERP changed, per ERP
 * order number; the orders skipped because their lines no longer match one to one (lines added or removed in the
 * ERP); and the ERP location ids the reference data does not know (those lines keep their location).
 */
export function planLineDelivery(
  open: ReadonlyArray<[string, CrmOrder]>,
  salesLines: ReadonlyMap<string, CrmLineDelivery[]>,
  erpLines: ReadonlyMap<string, BcOrderLine[]>,
  locationCodeById: Readonly<Record<string, string>> = {},
): { ops: Map<string, BatchOperation[]>; mismatched: string[]; unknownLocations: string[] } {
  const ops = new Map<string, BatchOperation[]>();
  const mismatched: string[] = [];
  const unknown = new Set<string>();
  for (const [n, o] of open) {
    const erp = erpLines.get(n) ?? [];
    const updates = lineDeliveryUpdates(salesLines.get(normalizeId(o.salesorderid)) ?? [], erp, locationCodeById);
    if (updates === null) {
      mismatched.push(n);
      continue;
    }
    for (const id of unknownLineLocations(erp, locationCodeById)) unknown.add(id);
    if (updates.length) {
      ops.set(
        n,
        updates.map(({ id, ...body }) => ({ method: 'PATCH', url: `salesorderdetails(${id})`, body })),
      );
    }
  }
  return { ops, mismatched, unknownLocations: [...unknown] };
}

// ---- states -------------------------------------------------------------------------------------------------

export function orderStateOps(crm: CrmOrder, target: { statecode: number; statuscode: number }): BatchOperation[] {
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
  return [{ method: 'PATCH', url: `salesorders(${crm.salesorderid})`, body: { statecode: target.statecode, statuscode: target.statuscode } }];
}

export function postPart(order: CrmOrder, event: TimelineEvent, ref: Pick<EventsReference, 'postLcid'>): BatchPart {
  // Own change set each: a duplicate (already posted) fails alone. In the owner's language.
  return { changeSet: [postCreate({ table: 'salesorder', id: order.salesorderid }, event, ref.postLcid(order._owninguser_value))] };
}

/**
 * A Sales invoice's state from the ERP's, and its payment post. Each payment movement is its own post: a partly
 * paid invoice's remaining amount names the movement (partial 1, partial 2, …, paid in full), and the post's id
 * follows from it, so a movement seen again is not posted again and a new one always is.
 */
export function planInvoiceState(
  inv: CrmInvoice,
  state: { statecode: number; statuscode: number },
  remaining: number,
  currency: string,
  order: CrmOrder | null,
  ref: Pick<EventsReference, 'postLcid'>,
): { parts: BatchPart[]; updated: boolean } {
  const paid = paymentEvent(state, remaining);
  const parts: BatchPart[] = [];
  const post = (complete: boolean, left: number): void => {
    if (order) parts.push(postPart(order, { kind: 'paid', invoiceNumber: inv.erp_erpinvoicenumber, complete, remaining: left, currency }, ref));
  };
  if (inv.statecode === state.statecode && inv.statuscode === state.statuscode) {
    // Same state, but a partly paid invoice may have had another payment.
    if (paid && !paid.complete) post(false, paid.remaining);
    return { parts, updated: false };
  }
  const cs: BatchOperation[] = [];
  // §7: a non-active invoice is first re-activated as Active/Billed, then set to its new status.
  if (inv.statecode !== InvoiceState.active && state.statecode !== InvoiceState.active && inv.statecode !== state.statecode) {
    cs.push({ method: 'PATCH', url: `invoices(${inv.invoiceid})`, body: { statecode: InvoiceState.active, statuscode: 4 } });
  }
  cs.push({ method: 'PATCH', url: `invoices(${inv.invoiceid})`, body: { statecode: state.statecode, statuscode: state.statuscode } });
  parts.unshift({ changeSet: cs });
  if (paid) post(paid.complete, paid.remaining);
  return { parts, updated: true };
}

// ---- one pass ---------------------------------------------------------------------------------------------

export interface EventsInput {
  started: Date;
  /** Changed orders (window and due retries), with their lines. */
  orders: readonly BcRow[];
  shipments: readonly BcRow[];
  /** Posted invoices of orders (drafts and invoices in review left out). */
  invoices: readonly BcRow[];
  /** Coupled Sales orders by ERP order number. */
  crmOrders: ReadonlyMap<string, CrmOrder>;
  /** Progress of every order touched; 'gone' when Business Central deleted it (fully invoiced). */
  progress: ReadonlyMap<string, OrderProgress | 'gone'>;
  /** Per-line delivery changes per ERP order number (planLineDelivery). */
  lineOps: ReadonlyMap<string, BatchOperation[]>;
  /** Tracking number per shipment number. */
  tracking: ReadonlyMap<string, string>;
  /** Sales invoices already there, by ERP invoice number. */
  existingInvoices: ReadonlyMap<string, CrmInvoice>;
  /** Sales product id per ERP item number (upper case). */
  productIds: Record<string, string>;
  ref: EventsReference;
}

export interface EventsPlan {
  parts: PlannedPart[];
  ordersUpdated: number;
  invoicesCreated: number;
  invoicesUpdated: number;
  /** For the job row: Sales invoices created, orders whose state, date or lines change. */
  inserted: number;
  modified: number;
}

/** Everything one pass writes: posts, Sales invoices and their states, order dates, lines and states. */
export function planEvents(input: EventsInput): EventsPlan {
  const { crmOrders, ref, started } = input;
  const plan: EventsPlan = { parts: [], ordersUpdated: 0, invoicesCreated: 0, invoicesUpdated: 0, inserted: 0, modified: 0 };
  const add = (orderNumber: string, part: BatchPart): void => void plan.parts.push({ orderNumber, part });
  const post = (crm: CrmOrder, event: TimelineEvent): void => add(crm.erp_erpordernumber, postPart(crm, event, ref));
  const zoneOf = (crm: CrmOrder): UserTimeZone | undefined => ref.timeZones[normalizeId(crm._owninguser_value ?? '')];
  const progressOf = (n: string): OrderProgress => {
    const p = input.progress.get(n);
    if (!p || p === 'gone') return { anyShipped: true, fullyShipped: true, anyInvoiced: true, fullyInvoiced: true };
    return p;
  };

  // Released. An order shipped or invoiced was released first (BC releases a document to post it): a release that
  // happened while the connector was down is posted once when its shipment or invoice is seen (stable post id).
  const releasedPosted = new Set<string>();
  const released = (crm: CrmOrder): void => {
    if (releasedPosted.has(crm.erp_erpordernumber)) return;
    releasedPosted.add(crm.erp_erpordernumber);
    post(crm, { kind: 'released', erpNumber: crm.erp_erpordernumber });
  };
  for (const o of input.orders) {
    const crm = crmOrders.get(String(o.number));
    if (!crm) continue;
    if (isReleasedStatus(o.status as string)) released(crm);
    const rdd = validDate(o.requestedDeliveryDate);
    const zone = zoneOf(crm);
    if (rdd && rdd !== crmDate(crm.requestdeliveryby, zone)) {
      add(crm.erp_erpordernumber, { changeSet: [{ method: 'PATCH', url: `salesorders(${crm.salesorderid})`, body: { requestdeliveryby: instantOfLocalDate(rdd, zone) } }] });
      plan.ordersUpdated += 1;
    }
  }

  // Shipped: one post per shipment; the latest shipment of a fully shipped order says "in full".
  const byOrder = new Map<string, BcRow[]>();
  for (const s of input.shipments) {
    const n = String(s.orderNumber ?? '');
    if (crmOrders.has(n)) byOrder.set(n, [...(byOrder.get(n) ?? []), s]);
  }
  const fulfilledOn = new Map<string, string>();
  for (const [n, list] of byOrder) {
    const crm = crmOrders.get(n) as CrmOrder;
    const p = progressOf(n);
    released(crm);
    const sorted = [...list].sort((a, b) => String(a.postingDate).localeCompare(String(b.postingDate)) || String(a.number).localeCompare(String(b.number)));
    sorted.forEach((s, i) => {
      const date = validDate(s.postingDate);
      post(crm, { kind: 'shipped', shipmentNumber: String(s.number), date, trackingNumber: input.tracking.get(String(s.number)) ?? null, complete: p.fullyShipped && i === sorted.length - 1 });
      if (date) fulfilledOn.set(n, later(fulfilledOn.get(n) ?? null, date) as string);
    });
  }

  // Invoiced and paid.
  for (const inv of input.invoices) {
    const n = String(inv.orderNumber);
    const crm = crmOrders.get(n);
    if (!crm) continue;
    const number = String(inv.number);
    released(crm);
    const state = invoiceStateFromErp(inv as unknown as BcPostedInvoice);
    let crmInvoice = input.existingInvoices.get(number);
    if (!crmInvoice) {
      const customer = crm.customerid_contact?.contactid ? { table: 'contact' as const, id: crm.customerid_contact.contactid } : crm.customerid_account?.accountid ? { table: 'account' as const, id: crm.customerid_account.accountid } : null;
      if (!customer) continue;
      // Deterministic id: a create repeated after a lost answer is refused on the key, never a second invoice.
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
          productByNumber: input.productIds,
          uomByCode: ref.uomIdByCode,
        },
        `${crm.name ?? crm.ordernumber ?? ''} — ${number}`.slice(0, 300),
      );
      add(n, {
        changeSet: [
          { method: 'POST', url: 'invoices', body: { invoiceid: invoiceId, ...body } },
          couplingUpsert({ crmTable: 'invoice', crmId: invoiceId, erpEntity: ErpEntitySets.salesInvoice, erpId: String(inv.id), erpNumber: number, direction: SyncDirection.fromErp, connectionId: ref.connectionId, now: started }),
        ],
      });
      plan.invoicesCreated += 1;
      plan.inserted += 1;
      post(crm, {
        kind: 'invoiced',
        invoiceNumber: number,
        date: validDate(inv.postingDate ?? inv.invoiceDate),
        amount: typeof inv.totalAmountIncludingTax === 'number' ? inv.totalAmountIncludingTax : null,
        currency: (inv.currencyCode as string) || ref.lcy,
        complete: progressOf(n).fullyInvoiced,
      });
      crmInvoice = { invoiceid: invoiceId, erp_erpinvoicenumber: number, statecode: InvoiceState.active, statuscode: 4, _salesorderid_value: crm.salesorderid };
    }
    const st = planInvoiceState(crmInvoice, state, Number(inv.remainingAmount ?? 0), (inv.currencyCode as string) || ref.lcy, crm, ref);
    for (const part of st.parts) add(n, part);
    if (st.updated) plan.invoicesUpdated += 1;
  }

  // Order state: Fulfilled (complete/partial) from shipments, Invoiced when fully invoiced; lines and date with it.
  for (const [n, crm] of crmOrders) {
    if (!input.progress.has(n)) continue;
    const current = { statecode: crm.statecode, statuscode: crm.statuscode };
    const target = orderStateFromProgress(progressOf(n), current);
    const dateFulfilled = fulfilledOn.get(n);
    const zone = zoneOf(crm);
    const setDate = dateFulfilled && dateFulfilled !== crmDate(crm.datefulfilled, zone);
    const lines = input.lineOps.get(n) ?? [];
    if (!target && !setDate && !lines.length) continue;
    // Lines and date first (before the state: a closed order takes no more writes), the state change in its own
    // change set: a refused FulfillSalesOrder (it needs the OrderClose activity privileges) must not take the
    // shipped quantities down with it.
    const cs: BatchOperation[] = [...lines];
    if (setDate) cs.push({ method: 'PATCH', url: `salesorders(${crm.salesorderid})`, body: { datefulfilled: instantOfLocalDate(dateFulfilled, zone) } });
    if (cs.length) add(n, { changeSet: cs });
    if (target) add(n, { changeSet: orderStateOps(crm, target) });
    plan.ordersUpdated += 1;
    plan.modified += 1;
  }
  return plan;
}
