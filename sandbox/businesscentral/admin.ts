/**
 * /_admin: the back office of the stand-in (what a Business Central user would do in the client) plus
 * test controls (faults, limits, request log, webhooks flush, save, reset). JSON in, JSON out; errors
 * use Business Central's error shape.
 */
import { BcError } from './errors';
import { ApiResponse, jsonResponse } from './odataHandler';
import type { ServerContext } from './resource';
import type { Store } from './store';
import type { ConcurrencyLimiter, Faults, RateLimiter, RequestLog } from './limits';
import type { Webhooks } from './webhooks';
import * as bo from './backOffice';
import { projectDocument } from './documents';
import { publishPage } from './publishedPages';

export interface AdminRequest {
  method: string;
  url: URL;
  body: unknown;
  ctx: ServerContext;
  store: Store;
  faults: Faults;
  requestLog: RequestLog;
  webhooks: Webhooks;
  rateLimiter: RateLimiter;
  concurrency: ConcurrencyLimiter | null;
  save: () => void;
  reset: () => void;
  options: { dataDir?: string };
}

export const ADMIN_ENDPOINTS = [
  'GET    /_admin                                   this list',
  'GET    /_admin/overview                          orders, quotes, invoices, shipments (ERP console)',
  'POST   /_admin/salesOrders/{id|number}/release   Draft → Open (released)',
  'POST   /_admin/salesOrders/{id|number}/reopen    Open → Draft',
  'POST   /_admin/salesOrders/{id|number}/ship      {lines?:[{sequence|lineObjectNumber,quantity}], trackingNumber?, shippingAgentCode?, postingDate?}',
  'POST   /_admin/salesOrders/{id|number}/invoice   {postingDate?} invoices what is shipped and not invoiced',
  'POST   /_admin/salesOrders/{id|number}/shipAndInvoice {trackingNumber?}',
  'DELETE /_admin/salesOrders/{id|number}           delete (refused when shipped and not invoiced)',
  'POST   /_admin/salesInvoices/{id|number}/payments {amount?, postingDate?} full remaining amount when amount is omitted',
  'POST   /_admin/salesInvoices/{id|number}/cancel',
  'POST   /_admin/salesInvoices/{id|number}/promise {date: YYYY-MM-DD | null}   the customer promised to pay by that date',
  'POST   /_admin/stock                             {itemNumber, locationCode, quantity (change) | setTo (new on hand), postingDate?}',
  'GET    /_admin/stock/{itemNumber}                stock per location as the Item Availability by Location page shows it',
  'POST   /_admin/purchaseLines                     {itemNumber, locationCode, quantity, expectedReceiptDate, vendorNumber?, documentType?: "Order" | "Return Order"}',
  'POST   /_admin/salesReturnLines                  {itemNumber, locationCode, quantity, customerNumber, shipmentDate?} an item line of a sales return order',
  'GET    /_admin/webServices | POST /_admin/webServices {objectId: 142 | 7015 | 7005 | 7 | 22, serviceName?, published?}   publish a standard page (OData V4)',
  'POST   /_admin/purchaseLines/{id}/receive        {quantity?}',
  'GET    /_admin/faults | POST /_admin/faults {method?, route?, latencyMs?, errorRate?, status?, retryAfterSeconds?, drop?, times?} | DELETE /_admin/faults[/{id}]',
  'GET    /_admin/limits | PUT /_admin/limits       {rateLimit?: {requests, windowMs} | null, concurrency?: {perUser?, queueSize?, queueTimeoutMs?}}',
  'GET    /_admin/requestLog | DELETE /_admin/requestLog',
  'POST   /_admin/webhooks/flush | GET /_admin/webhooks/deliveries',
  'PUT    /_admin/workDate                          {workDate: "YYYY-MM-DD"}',
  'POST   /_admin/save | POST /_admin/reset         persist now | reload the demo company from the seed',
];

function obj(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bo.adminError(400, 'The body must be a JSON object.');
  return body as Record<string, unknown>;
}

export async function handleAdmin(a: AdminRequest): Promise<ApiResponse> {
  const parts = a.url.pathname.split('/').filter(Boolean).slice(1).map((p) => decodeURIComponent(p));
  const m = a.method;
  const body = obj(a.body);
  const ctx = a.ctx;
  const tx = <T>(fn: () => T): T => a.store.transaction(fn);
  const docJson = (d: import('./state').SalesDocRow): Record<string, unknown> => ({ ...projectDocument(ctx, d), lines: d.lines.map((l) => ({ ...l })) });
  try {
    const [head, key, verb, extra] = parts;
    if (extra !== undefined) throw bo.adminError(404, `Unknown admin endpoint ${a.url.pathname}. GET /_admin lists them.`);
    if (!head && m === 'GET') return jsonResponse(200, { endpoints: ADMIN_ENDPOINTS, companyId: a.store.state.company.id, workDate: a.store.state.workDate });
    if (head === 'overview' && m === 'GET') return jsonResponse(200, bo.overview(ctx));
    if (head === 'salesOrders' && key) {
      const order = bo.findDocument(ctx, 'order', key);
      if (!verb && m === 'GET') return jsonResponse(200, docJson(order));
      if (!verb && m === 'DELETE') {
        tx(() => bo.deleteOrder(ctx, order));
        return { status: 204, headers: {} };
      }
      if (m === 'POST' && verb === 'release') return jsonResponse(200, docJson(tx(() => bo.release(ctx, order))));
      if (m === 'POST' && verb === 'reopen') return jsonResponse(200, docJson(tx(() => bo.reopen(ctx, order))));
      if (m === 'POST' && verb === 'ship') {
        const shipment = tx(() => bo.ship(ctx, order, body as bo.ShipBody));
        return jsonResponse(201, { shipmentId: shipment.id, shipmentNumber: shipment.number, packageTrackingNumber: shipment.packageTrackingNumber, lines: shipment.lines.filter((l) => l.quantity > 0).map((l) => ({ sequence: l.sequence, lineObjectNumber: l.lineObjectNumber, quantity: l.quantity })), order: a.store.get('salesDocuments', order.id) ? docJson(order) : null });
      }
      if (m === 'POST' && verb === 'invoice') {
        const inv = tx(() => bo.invoice(ctx, order, body));
        return jsonResponse(201, { invoiceId: inv.id, invoiceNumber: inv.number, invoice: docJson(inv), orderDeleted: !a.store.get('salesDocuments', order.id) });
      }
      if (m === 'POST' && verb === 'shipAndInvoice') {
        const r = tx(() => {
          if (order.status === 'Draft') bo.release(ctx, order);
          const shipment = bo.ship(ctx, order, { trackingNumber: body.trackingNumber as string | undefined, shippingAgentCode: body.shippingAgentCode as string | undefined });
          const inv = bo.invoice(ctx, order, {});
          return { shipment, inv };
        });
        return jsonResponse(201, { shipmentId: r.shipment.id, shipmentNumber: r.shipment.number, invoiceId: r.inv.id, invoiceNumber: r.inv.number, orderDeleted: !a.store.get('salesDocuments', order.id) });
      }
    }
    if (head === 'salesInvoices' && key) {
      const inv = bo.findDocument(ctx, 'invoice', key);
      if (!verb && m === 'GET') return jsonResponse(200, docJson(inv));
      if (m === 'POST' && verb === 'payments') {
        const entry = tx(() => bo.pay(ctx, inv, body));
        const invoiceEntry = a.store.tables.custLedgerEntries.find((e) => e.documentType === 'Invoice' && e.documentNumber === inv.number)!;
        return jsonResponse(201, { paymentEntryNumber: entry.entryNumber, documentNumber: entry.documentNumber, amount: -entry.amount, invoiceNumber: inv.number, remainingAmount: invoiceEntry.remainingAmount, status: inv.status });
      }
      if (m === 'POST' && verb === 'cancel') return jsonResponse(200, docJson(tx(() => bo.cancel(ctx, inv))));
      if (m === 'POST' && verb === 'promise') return jsonResponse(200, docJson(tx(() => bo.promise(ctx, inv, (body ?? {}) as { date?: unknown }))));
    }
    if (head === 'stock' && !key && m === 'POST') return jsonResponse(200, tx(() => bo.changeStock(ctx, body)));
    if (head === 'stock' && key && !verb && m === 'GET') return jsonResponse(200, { value: bo.stockByLocation(ctx, key) });
    if (head === 'purchaseLines') {
      if (!key && m === 'GET') return jsonResponse(200, { value: a.store.tables.purchaseLines });
      if (!key && m === 'POST') return jsonResponse(201, tx(() => bo.addPurchaseLine(ctx, body)));
      if (key && verb === 'receive' && m === 'POST') return jsonResponse(200, tx(() => bo.receivePurchaseLine(ctx, key, body)));
    }
    if (head === 'salesReturnLines' && !key && m === 'POST') return jsonResponse(201, tx(() => bo.addSalesReturnLine(ctx, body)));
    if (head === 'webServices' && !key) {
      if (m === 'GET') return jsonResponse(200, { value: a.store.state.webServices });
      if (m === 'POST') {
        const row = publishPage(a.store.state, body);
        a.store.dirty = true;
        return jsonResponse(201, { ...row, odataV4Url: `${ctx.baseUrl}/ODataV4/Company('${encodeURIComponent(a.store.state.company.name.replace(/'/g, "''"))}')/${row.serviceName}` });
      }
    }
    if (head === 'faults') {
      if (!key && m === 'GET') return jsonResponse(200, { value: a.faults.rules });
      if (!key && m === 'POST') {
        const rules = Array.isArray(a.body) ? (a.body as unknown[]) : [body];
        try {
          return jsonResponse(201, { value: rules.map((r) => a.faults.add(r as never)) });
        } catch (e) {
          throw bo.adminError(400, (e as Error).message);
        }
      }
      if (m === 'DELETE') {
        a.faults.remove(key);
        return { status: 204, headers: {} };
      }
    }
    if (head === 'limits') {
      if (m === 'GET') return jsonResponse(200, { rateLimit: a.rateLimiter.options, concurrency: a.concurrency?.options ?? null, active: a.concurrency?.stats() ?? {} });
      if (m === 'PUT') {
        if ('rateLimit' in body) {
          const r = body.rateLimit as { requests?: number; windowMs?: number } | null;
          if (r !== null && (typeof r !== 'object' || !(Number(r.requests) > 0) || !(Number(r.windowMs) > 0))) throw bo.adminError(400, '"rateLimit" must be {requests > 0, windowMs > 0} or null.');
          a.rateLimiter.options = r === null ? null : { requests: Number(r.requests), windowMs: Number(r.windowMs) };
          a.rateLimiter.reset();
        }
        if (body.concurrency !== undefined) {
          if (!a.concurrency) throw bo.adminError(400, 'Concurrency limits were disabled at start (concurrency: false).');
          const c = body.concurrency as Record<string, number>;
          for (const k of ['perUser', 'queueSize', 'queueTimeoutMs']) if (c[k] !== undefined) {
            if (!(Number(c[k]) >= (k === 'queueSize' ? 0 : 1))) throw bo.adminError(400, `"concurrency.${k}" must be a positive number.`);
            (a.concurrency.options as unknown as Record<string, number>)[k] = Number(c[k]);
          }
        }
        return jsonResponse(200, { rateLimit: a.rateLimiter.options, concurrency: a.concurrency?.options ?? null });
      }
    }
    if (head === 'requestLog') {
      if (m === 'GET') return jsonResponse(200, a.requestLog.toJSON());
      if (m === 'DELETE' || (m === 'POST' && key === 'reset')) {
        a.requestLog.reset();
        return { status: 204, headers: {} };
      }
    }
    if (head === 'webhooks') {
      if (key === 'flush' && m === 'POST') {
        await a.webhooks.flush();
        return jsonResponse(200, { delivered: a.webhooks.deliveries.length });
      }
      if (key === 'deliveries' && m === 'GET') return jsonResponse(200, { value: a.webhooks.deliveries });
    }
    if (head === 'workDate' && m === 'PUT') {
      const wd = body.workDate;
      if (typeof wd !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(wd)) throw bo.adminError(400, '"workDate" must be YYYY-MM-DD.');
      a.store.state.workDate = wd;
      a.store.dirty = true;
      return jsonResponse(200, { workDate: wd });
    }
    if (head === 'save' && m === 'POST') {
      if (!a.options.dataDir) throw bo.adminError(400, 'The stand-in was started without dataDir; there is nowhere to save.');
      a.save();
      return jsonResponse(200, { saved: a.options.dataDir });
    }
    if (head === 'reset' && m === 'POST') {
      a.reset();
      return jsonResponse(200, { reset: true, companyId: a.store.state.company.id });
    }
    throw bo.adminError(404, `Unknown admin endpoint ${m} ${a.url.pathname}. GET /_admin lists them.`);
  } catch (e) {
    if (e instanceof BcError) return { status: e.status, headers: { 'Content-Type': 'application/json', ...e.headers }, body: e.body() };
    throw e;
  }
}
