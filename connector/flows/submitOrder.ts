/**
 * Submit order: CRM sales order → Business Central sales order, with its lines, in one call.
 *
 * Requests per order, whatever the number of lines (bench/connector.ts measures it):
 *   Dataverse 2: [claim + read order with lines, products, units, customer, currency, owner] in one $batch;
 *                [order fields + coupling + timeline post + request result] in one change set.
 *   ERP 2:       [look the order up by the number it carries + customer + items] in one JSON $batch;
 *                POST salesOrders with salesOrderLines (deep insert).
 *   (+1 ERP PATCH only when the CRM order has an order-level discount; +1 Dataverse read when the order comes
 *   from a quote coupled to an ERP quote, which is then turned into the order with makeOrder, §6.3.)
 *
 * Idempotent: the ERP order carries the CRM order number in externalDocumentNumber. Every attempt looks it up
 * before creating, so a retry, a second request or a restart after a crash between the ERP create and the
 * write-back finds the order instead of creating a second one.
 */
import { mapOrderToSalesOrder, erpOrderQuery, type ErpOrderSnapshot, type ErpQuoteSnapshot, type MappingProblem, type MappedDocument } from '../../domain/erpMapping';
import { hasBlockingProblems, normalizeId, validateOrderForSubmission, type LineSnapshot, type Problem } from '../../domain/orderValidation';
import { SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';
import { ErpEntitySets, RequestKind, SalesOrderColumns as SO, SubmissionStatus } from '../../domain/schema';
import { bcBatchError, bcLit, type BcBatchRequest, type BcBatchResponse, type BcRow } from '../bc/client';
import type { BatchOperation } from '../dataverse/batch';
import { batchPartError, PREFER_FORMATTED_VALUES } from '../dataverse/client';
import { ConnectorFailure, type FailureMessage } from '../errors';
import { text } from '../messages';
import type { FailureInfo, HandlerContext, Outcome, RequestHandler } from '../queue/worker';
import { chunk, couplingUpsert, postCreate, postId, round2 } from './common';
import type { TimelineEvent } from '../../domain/timeline';
import { makeOrderFromQuote, quoteCouplingFor } from './quotes';
import { assertNoCreateInFlight, guardedCreate } from './inDoubt';
import { HttpError } from '../http/httpClient';

export interface ErpOrder {
  id: string;
  number: string;
  discountAmount?: number;
  customerNumber?: string;
}

export const toMessages = (problems: ReadonlyArray<Problem | MappingProblem>): FailureMessage[] => problems.map((p) => ({ code: p.code, params: p.params }));

/** Every check before anything is sent: shared pre-submit rules, then the ERP mapping's own. */
export function checkOrder(ctx: HandlerContext, order: ErpOrderSnapshot): MappedDocument {
  const { ref } = ctx.services;
  const problems = validateOrderForSubmission(order, { connection: ref.connection, couplings: ref.couplings(), stage: 'connector', erpCurrencyCodes: ref.erpCurrencyCodes });
  return checkDocument(ctx, problems, () => mapOrderToSalesOrder(order, { connection: ref.connection, couplings: ref.couplings(), choices: ref.choicesFor('salesorder'), locations: ref.locationIdByCode, timeZones: ref.timeZones }));
}

const IMPLIED_BY: Record<string, string[]> = {
  ACCOUNT_NOT_COUPLED: ['CUSTOMER_MISSING', 'CONTACT_WITHOUT_ACCOUNT'],
  UNIT_NOT_COUPLED: ['UNIT_MISSING'],
};

/** Notes warnings, throws one permanent failure listing every blocking problem, else returns the mapped document. */
export function checkDocument(ctx: HandlerContext, problems: Problem[], map: () => MappedDocument): MappedDocument {
  for (const p of problems.filter((x) => x.severity !== 'error')) ctx.note(`${p.severity}: ${text(p.code, p.params, ctx.lcid)}`);
  const blocking = problems.filter((p) => p.severity === 'error');
  let mapped: MappedDocument | null = null;
  if (!blocking.some((p) => p.code === 'DOCUMENT_NUMBER_TOO_LONG' || p.code === 'DOCUMENT_NUMBER_MISSING')) {
    mapped = map();
    for (const p of mapped.problems.filter((x) => x.severity !== 'error')) ctx.note(`warning: ${text(p.code, p.params, ctx.lcid)}`);
  }
  const all = [...blocking, ...(mapped?.problems.filter((p) => p.severity === 'error') ?? [])];
  // The mapping reports missing couplings under the shared codes: say each once, and not at all when a more basic
  // problem (no customer, no unit) already explains it.
  const shared = new Set<string>(blocking.map((p) => p.code));
  const deduped = all.filter((p, i) => {
    if (i < blocking.length) return true;
    return !shared.has(p.code) && !(IMPLIED_BY[p.code] ?? []).some((c) => shared.has(c));
  });
  if (deduped.length || !mapped || hasBlockingProblems(problems)) {
    throw new ConnectorFailure('permanent', toMessages(deduped), 'HINT_FIX_DOCUMENT', null, true, `${deduped.length} problem(s): ${deduped.map((p) => p.code).join(', ')}`);
  }
  return mapped;
}

/** The ERP-side reads in one JSON $batch: the order by its number, the customer, every item used. */
export async function erpPrecheck(
  ctx: HandlerContext,
  order: ErpOrderSnapshot | ErpQuoteSnapshot,
  mapped: MappedDocument,
  entitySet: 'salesOrders' | 'salesQuotes',
  extra: BcBatchRequest[] = [],
): Promise<{ existing: BcRow | null; extra: Record<string, BcBatchResponse> }> {
  const { bc, ref } = ctx.services;
  const customer = mapped.body.customerNumber;
  const requests: BcBatchRequest[] = [
    { id: 'lookup', method: 'GET', url: `${entitySet}?$filter=${encodeURIComponent(`externalDocumentNumber eq ${bcLit(mapped.body.externalDocumentNumber)}`)}&$select=id,number,customerNumber,discountAmount,externalDocumentNumber` },
    { id: 'customer', method: 'GET', url: `customers?$filter=${encodeURIComponent(`number eq ${bcLit(customer)}`)}&$select=number,displayName,blocked` },
    ...chunk(mapped.itemNumbers, 40).map((numbers, i): BcBatchRequest => ({
      id: `items${i}`,
      method: 'GET',
      url: `items?$filter=${encodeURIComponent(numbers.map((n) => `number eq ${bcLit(n)}`).join(' or '))}&$select=number,displayName,blocked,type`,
    })),
  ];
  const results = await bc.batch([...requests, ...extra]);
  const extraIds = new Set(extra.map((r) => r.id));
  const bad = results.find((r) => r.status >= 400 && !extraIds.has(r.id));
  if (bad) throw bcBatchError(bad, 'Checking the document in the ERP');
  const byId = Object.fromEntries(results.filter((r) => !extraIds.has(r.id)).map((r) => [r.id, (r.body as { value: BcRow[] }).value]));
  const extraResults = Object.fromEntries(results.filter((r) => extraIds.has(r.id)).map((r) => [r.id, r]));

  const failures: FailureMessage[] = [];
  let documentProblem = false;
  const accountName = order.customerid_account?.name ?? order.customerid_contact?.parentcustomerid_account?.name ?? '';
  const cust = byId.customer?.[0];
  if (!cust) failures.push({ code: 'ERP_CUSTOMER_NOT_FOUND', params: { account: accountName, number: customer } });
  else if (String(cust.blocked ?? '').trim() === 'All') failures.push({ code: 'ERP_CUSTOMER_BLOCKED', params: { account: accountName, number: customer, blocked: String(cust.blocked) } });

  const items = new Map<string, BcRow>();
  for (const [k, rows] of Object.entries(byId)) if (k.startsWith('items')) for (const r of rows) items.set(String(r.number).toUpperCase(), r);
  const writeIn = (ref.connection?.erp_writeinproductnumber ?? '').trim().toUpperCase();
  const productOf = (number: string): string => {
    const lines: LineSnapshot[] = 'salesorderid' in order ? order.order_details ?? [] : order.quote_details ?? [];
    const p = lines.find((l) => (l.productid?.erp_itemnumber ?? '').toUpperCase() === number)?.productid;
    return p?.name ?? number;
  };
  for (const number of mapped.itemNumbers) {
    const item = items.get(number);
    if (!item) {
      failures.push(number === writeIn ? { code: 'ERP_WRITEIN_NOT_FOUND', params: { number } } : { code: 'ERP_ITEM_NOT_FOUND', params: { number, product: productOf(number) } });
      documentProblem = documentProblem || number !== writeIn;
    } else if (item.blocked === true) {
      failures.push({ code: 'ERP_ITEM_BLOCKED', params: { number, product: productOf(number) } });
      documentProblem = true;
    }
  }
  if (failures.length) {
    throw new ConnectorFailure('permanent', failures, documentProblem ? 'HINT_FIX_DOCUMENT' : 'HINT_FIX_ERP', null, documentProblem, failures.map((f) => f.code).join(', '));
  }
  const found = (byId.lookup ?? []).filter((o) => String(o.customerNumber ?? '').toUpperCase() === customer);
  if (found.length > 1) ctx.note(`warning: ${found.length} ERP documents carry ${mapped.body.externalDocumentNumber}; using ${String(found[0].number)}`);
  return { existing: found[0] ?? null, extra: extraResults };
}

/** Order fields, coupling and timeline post written with the request's success. */
export function orderWriteBack(ctx: HandlerContext, orderId: string, ownerId: string | null | undefined, erp: ErpOrder, postExists = false): BatchOperation[] {
  const { ref } = ctx.services;
  const ops: BatchOperation[] = [
    {
      method: 'PATCH',
      url: `salesorders(${orderId})`,
      body: {
        [SO.erpOrderNumber]: erp.number,
        [SO.submissionStatus]: SubmissionStatus.inErp,
        [SO.lastSubmissionError]: null,
        // BC signals pick-up with this date (original-solution.md §4.5).
        lastbackofficesubmit: ctx.now.toISOString(), // UserLocal: the instant (shown as the user's local date)
      },
    },
    couplingUpsert({ crmTable: 'salesorder', crmId: orderId, erpEntity: ErpEntitySets.salesOrder, erpId: erp.id, erpNumber: erp.number, connectionId: ref.connectionId, now: ctx.now }),
  ];
  if (!postExists) ops.push(postCreate({ table: 'salesorder', id: orderId }, createdEvent(erp.number), ref.postLcid(ownerId)));
  return ops;
}

const createdEvent = (erpNumber: string): TimelineEvent => ({ kind: 'createdInErp', erpNumber });

/**
 * Whether the "created in the ERP" post of this order exists. Only asked when the ERP order was found rather than
 * created (a recovery: the earlier attempt may or may not have written its post), so the usual path pays nothing.
 */
export async function createdPostExists(ctx: HandlerContext, orderId: string, erpNumber: string): Promise<boolean> {
  return (await ctx.services.dv.getOrNull(`posts(${postId(orderId, createdEvent(erpNumber))})?$select=postid`)) !== null;
}

export function readOrderOperation(orderId: string): BatchOperation {
  // Formatted values: the choice labels name the payment terms and shipment method (domain/documentChoices.ts).
  return { method: 'GET', url: `salesorders(${orderId})${erpOrderQuery()}`, headers: { ...PREFER_FORMATTED_VALUES } };
}

/** POST salesOrders with its lines (deep insert): one call whatever the number of lines. */
export async function createErpOrder(ctx: HandlerContext, mapped: MappedDocument): Promise<ErpOrder> {
  assertNoCreateInFlight(ctx, { document: 'order', number: mapped.body.externalDocumentNumber });
  const row = await guardedCreate(ctx, { document: 'order', number: mapped.body.externalDocumentNumber }, () => ctx.services.bc.post<BcRow>('salesOrders', mapped.body));
  const erp = { id: String(row.id), number: String(row.number), discountAmount: Number(row.discountAmount ?? 0) };
  ctx.note(`created ERP order ${erp.number} with ${mapped.lines.length} line(s) in one call`);
  return erp;
}

export function existingOrder(ctx: HandlerContext, existing: BcRow, mapped: MappedDocument): ErpOrder {
  const erp = { id: String(existing.id), number: String(existing.number), discountAmount: Number(existing.discountAmount ?? 0) };
  ctx.note(`found ERP order ${erp.number} carrying ${mapped.body.externalDocumentNumber} (created by an earlier attempt); not creating another`);
  return erp;
}

/** The CRM order-level discount, set on the created order (API v2.0 applies it to existing lines only). */
export async function ensureDiscount(ctx: HandlerContext, erp: ErpOrder, mapped: MappedDocument): Promise<void> {
  if (mapped.invoiceDiscountAmount > 0 && round2(erp.discountAmount ?? 0) !== mapped.invoiceDiscountAmount) {
    await ctx.services.bc.patch(`salesOrders(${erp.id})`, { discountAmount: mapped.invoiceDiscountAmount });
    ctx.note(`set the order discount ${mapped.invoiceDiscountAmount.toFixed(2)} on ERP order ${erp.number}`);
  }
}

/**
 * Whether anything may already exist in the ERP for this order: the claim shows an earlier attempt of this request
 * (erp_startedon, domain/inDoubt.ts), or an earlier request for the order failed. Otherwise no create was ever sent
 * for it (one live request per order: no other request can be creating it) and the lookup is skipped.
 */
export function needsLookup(ctx: HandlerContext, order: ErpOrderSnapshot): boolean {
  return !!ctx.row.erp_startedon || order.erp_submissionstatus === SubmissionStatus.failed;
}

export async function createOrFindErpOrder(ctx: HandlerContext, order: ErpOrderSnapshot, mapped: MappedDocument): Promise<{ erp: ErpOrder; created: boolean }> {
  if (!needsLookup(ctx, order)) {
    // The usual submission: one ERP request, the deep insert. The ERP-side checks run only to explain a refusal.
    let erp: ErpOrder;
    try {
      erp = await createErpOrder(ctx, mapped);
    } catch (e) {
      if (e instanceof HttpError && e.errorClass === 'permanent' && !e.inDoubt) await erpPrecheck(ctx, order, mapped, 'salesOrders');
      throw e;
    }
    await ensureDiscount(ctx, erp, mapped);
    return { erp, created: true };
  }
  const { existing } = await erpPrecheck(ctx, order, mapped, 'salesOrders');
  const erp = existing ? existingOrder(ctx, existing, mapped) : await createErpOrder(ctx, mapped);
  await ensureDiscount(ctx, erp, mapped);
  return { erp, created: !existing };
}

export function submitOrderHandler(): RequestHandler {
  return {
    kind: RequestKind.submitOrder,

    async process(ctx: HandlerContext): Promise<Outcome> {
      const orderId = normalizeId(ctx.row.erp_targetid);
      if (!orderId) {
        await ctx.claimAndRead([]);
        throw new ConnectorFailure('permanent', [{ code: 'TARGET_MISSING', params: { table: ctx.row.erp_targettable ?? '', id: ctx.row.erp_targetid ?? '' } }], 'HINT_ADMIN');
      }
      // One live request per order is enforced by the claim (erp_livekey, domain/liveRequest.ts), not by timing.
      const [orderRes] = await ctx.claimAndRead([readOrderOperation(orderId)]);
      if (orderRes.status === 404) throw new ConnectorFailure('permanent', [{ code: 'ORDER_NOT_FOUND', params: { id: orderId } }], 'HINT_ADMIN');
      if (orderRes.status >= 400) throw batchPartError(orderRes, 'Reading the order');
      const order = orderRes.body as ErpOrderSnapshot;
      if (order[SO.erpOrderNumber as 'erp_erpordernumber']) {
        const number = String(order.erp_erpordernumber);
        return { summary: text('ALREADY_IN_ERP', { number }, ctx.lcid), erpDocumentNumber: number, ops: [] };
      }

      const mapped = checkOrder(ctx, order);
      const viaQuote = order._quoteid_value ? await quoteCouplingFor(ctx, order._quoteid_value) : null;
      const { erp, created } = viaQuote ? await makeOrderFromQuote(ctx, order, mapped, viaQuote) : await createOrFindErpOrder(ctx, order, mapped);
      await ctx.services.hooks.afterErpCreate?.({ requestId: ctx.row.erp_integrationrequestid, erpId: erp.id, erpNumber: erp.number });
      return {
        summary: text(created ? 'Result.OrderInErp' : 'ALREADY_IN_ERP', { number: erp.number }, ctx.lcid),
        erpDocumentNumber: erp.number,
        erpDocumentId: erp.id,
        ops: orderWriteBack(ctx, orderId, order._owninguser_value, erp, !created && (await createdPostExists(ctx, orderId, erp.number))),
      };
    },

    failureOps(ctx: HandlerContext, info: FailureInfo): BatchOperation[] {
      const orderId = normalizeId(ctx.row.erp_targetid);
      if (!orderId || info.failure.messages.some((m) => m.code === 'ORDER_NOT_FOUND')) return [];
      if (info.decision.status === 'retrying') {
        return [{ method: 'PATCH', url: `salesorders(${orderId})`, body: { [SO.submissionStatus]: SubmissionStatus.queued, [SO.lastSubmissionError]: info.message.slice(0, 4000) } }];
      }
      const body: Record<string, unknown> = {
        [SO.submissionStatus]: SubmissionStatus.failed,
        [SO.lastSubmissionError]: `${info.message}\n${info.hint}`.slice(0, 4000),
      };
      if (info.failure.documentProblem) {
        // The salesperson must edit the order: Submitted orders are read-only, so reopen it (Active / Pending), as BC
        // does when its order is deleted (original-solution.md §4.5).
        body.statecode = SalesOrderState.active;
        body.statuscode = SalesOrderStatus.pending;
      }
      return [{ method: 'PATCH', url: `salesorders(${orderId})`, body }];
    },
  };
}
