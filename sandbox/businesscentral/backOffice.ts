/**
 * Back-office actions a Business Central user performs in the client, exposed to tests and the demo's
 * ERP console through /_admin: release/reopen, ship (full or partial, with tracking number), invoice,
 * receive a payment, cancel an invoice, change stock per location, receive purchases, delete an order.
 */
import { BcError, errors } from './errors';
import type { ServerContext } from './resource';
import type { PurchaseLineRow, SalesDocRow, ShipmentRow, CustLedgerRow, SalesReturnLineRow } from './state';
import { cancelPostedInvoice, postInvoiceFromOrder, postShipment, releaseOrder, reopenOrder } from './documents';
import { documentTotals, onHand, outstandingSalesLines, postItemEntry, round2, workDate } from './ledger';
import { postPayment } from './payments';
import { apiCurrencyCode } from './master';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function adminError(status: number, message: string): BcError {
  return new BcError(status, status === 404 ? 'BadRequest_NotFound' : 'BadRequest', message);
}

function optDate(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !DATE.test(v)) throw adminError(400, `"${name}" must be a date YYYY-MM-DD, got ${JSON.stringify(v)}.`);
  return v;
}

function optString(v: unknown, name: string, max: number): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw adminError(400, `"${name}" must be a string.`);
  if (v.length > max) throw errors.stringTooLong(v, max);
  return v;
}

function num(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw adminError(400, `"${name}" must be a number, got ${JSON.stringify(v)}.`);
  return v;
}

export function findDocument(ctx: ServerContext, kind: 'order' | 'invoice', idOrNumber: string): SalesDocRow {
  const key = decodeURIComponent(idOrNumber);
  const d = ctx.store.get('salesDocuments', key) ?? ctx.store.tables.salesDocuments.find((x) => x.number === key.toUpperCase() && x.kind === kind);
  if (!d || d.kind !== kind) throw adminError(404, `There is no sales ${kind} with id or number "${key}".`);
  if (kind === 'invoice' && !d.posted) throw adminError(400, `Sales invoice ${d.number} is a draft; post it first (POST .../salesInvoices(${d.id})/Microsoft.NAV.post).`);
  return d;
}

export function release(ctx: ServerContext, order: SalesDocRow): SalesDocRow {
  releaseOrder(ctx, order);
  return order;
}

export function reopen(ctx: ServerContext, order: SalesDocRow): SalesDocRow {
  reopenOrder(ctx, order);
  return order;
}

export interface ShipBody {
  lines?: Array<{ sequence?: number; lineObjectNumber?: string; quantity: number }>;
  trackingNumber?: string;
  shippingAgentCode?: string;
  postingDate?: string;
}

export function ship(ctx: ServerContext, order: SalesDocRow, body: ShipBody): ShipmentRow {
  let quantities: Map<number, number> | undefined;
  if (body.lines !== undefined) {
    if (!Array.isArray(body.lines) || !body.lines.length) throw adminError(400, '"lines" must be a non-empty array of {sequence or lineObjectNumber, quantity}; omit it to ship everything outstanding.');
    quantities = new Map();
    for (const l of body.lines) {
      const line = typeof l.sequence === 'number' ? order.lines.find((x) => x.sequence === l.sequence) : order.lines.find((x) => x.lineObjectNumber === String(l.lineObjectNumber ?? '').toUpperCase() && x.lineType !== 'Comment');
      if (!line) throw adminError(400, `Order ${order.number} has no line ${l.sequence ?? l.lineObjectNumber}.`);
      quantities.set(line.sequence, num(l.quantity, 'quantity'));
    }
  }
  const trackingNumber = optString(body.trackingNumber, 'trackingNumber', 50);
  const shippingAgentCode = optString(body.shippingAgentCode, 'shippingAgentCode', 10)?.toUpperCase();
  return postShipment(ctx, order, { quantities, trackingNumber, shippingAgentCode, postingDate: optDate(body.postingDate, 'postingDate') });
}

export function invoice(ctx: ServerContext, order: SalesDocRow, body: { postingDate?: string }): SalesDocRow {
  return postInvoiceFromOrder(ctx, order, optDate(body.postingDate, 'postingDate'));
}

export function pay(ctx: ServerContext, inv: SalesDocRow, body: { amount?: number; postingDate?: string; documentNumber?: string }): CustLedgerRow {
  const entry = ctx.store.tables.custLedgerEntries.find((e) => e.documentType === 'Invoice' && e.documentNumber === inv.number);
  if (!entry) throw adminError(404, `Invoice ${inv.number} has no customer ledger entry.`);
  if (!entry.open) throw adminError(400, `Invoice ${inv.number} is already paid.`);
  const amount = body.amount === undefined ? entry.remainingAmount : num(body.amount, 'amount');
  if (amount <= 0) throw adminError(400, `"amount" must be greater than 0; the invoice's remaining amount is ${entry.remainingAmount}.`);
  return postPayment(ctx, { customerNumber: entry.customerNumber, amount, invoiceNumber: inv.number, postingDate: optDate(body.postingDate, 'postingDate'), documentNumber: optString(body.documentNumber, 'documentNumber', 20) });
}

/** A collector records the customer's promise to pay a posted invoice (BC's Promised Pay Date); null clears it. */
export function promise(ctx: ServerContext, inv: SalesDocRow, body: { date?: unknown }): SalesDocRow {
  if (!inv.posted) throw adminError(400, `Invoice ${inv.number} is not posted: a promise to pay is recorded on posted invoices.`);
  if (body.date !== null && (typeof body.date !== 'string' || !DATE.test(body.date))) throw adminError(400, `"date" must be a date YYYY-MM-DD, or null to clear the promise; got ${JSON.stringify(body.date)}.`);
  inv.promisedPayDate = body.date ?? '';
  ctx.store.touch(inv, 'salesInvoices');
  return inv;
}

export function cancel(ctx: ServerContext, inv: SalesDocRow): SalesDocRow {
  cancelPostedInvoice(ctx, inv);
  return inv;
}

/** Deletes an order as a back-office user would: reopens it first; refuses when shipped but not invoiced. */
export function deleteOrder(ctx: ServerContext, order: SalesDocRow): void {
  if (order.lines.some((l) => l.shippedQuantity > l.invoicedQuantity)) throw adminError(400, `Order ${order.number} has been shipped but not invoiced; invoice it before deleting it.`);
  ctx.store.remove('salesDocuments', order.id);
  ctx.store.emit({ entitySet: 'salesOrders', id: order.id, changeType: 'deleted', at: ctx.store.stamp() });
}

export function changeStock(ctx: ServerContext, body: { itemNumber?: unknown; locationCode?: unknown; quantity?: unknown; setTo?: unknown; postingDate?: unknown }): { itemNumber: string; locationCode: string; onHand: number } {
  const itemNumber = String(body.itemNumber ?? '').toUpperCase();
  const item = ctx.store.tables.items.find((i) => i.number === itemNumber);
  if (!item) throw adminError(400, `"itemNumber": there is no item "${itemNumber}".`);
  if (item.type !== 'Inventory') throw adminError(400, `Item ${itemNumber} is of type ${item.type}; only Inventory items have stock.`);
  const locationCode = String(body.locationCode ?? '').toUpperCase();
  if (locationCode && !ctx.store.tables.locations.some((l) => l.code === locationCode)) throw adminError(400, `"locationCode": there is no location "${locationCode}". Locations: ${ctx.store.tables.locations.map((l) => l.code).join(', ')}.`);
  const current = onHand(ctx.store, itemNumber, locationCode);
  let delta: number;
  if (body.setTo !== undefined) delta = round2(num(body.setTo, 'setTo') - current);
  else if (body.quantity !== undefined) delta = num(body.quantity, 'quantity');
  else throw adminError(400, 'Give "quantity" (a change, e.g. -5) or "setTo" (the new on-hand quantity).');
  if (delta !== 0) {
    postItemEntry(ctx.store, {
      itemNumber, postingDate: optDate(body.postingDate, 'postingDate') ?? workDate(ctx.store), entryType: delta > 0 ? 'Positive Adjmt.' : 'Negative Adjmt.', sourceType: ' ',
      sourceNumber: '', documentType: ' ', documentNumber: `ADJ${ctx.store.state.counters.itemEntry + 1}`, description: item.displayName, locationCode,
      unitOfMeasureCode: item.baseUnitOfMeasureCode, quantity: delta, costAmountActual: round2(delta * item.unitCost), salesAmountActual: 0,
    });
  }
  return { itemNumber, locationCode, onHand: onHand(ctx.store, itemNumber, locationCode) };
}

export function addPurchaseLine(ctx: ServerContext, body: Record<string, unknown>): PurchaseLineRow {
  const itemNumber = String(body.itemNumber ?? '').toUpperCase();
  const item = ctx.store.tables.items.find((i) => i.number === itemNumber && i.type === 'Inventory');
  if (!item) throw adminError(400, `"itemNumber": there is no Inventory item "${itemNumber}".`);
  const locationCode = String(body.locationCode ?? '').toUpperCase();
  if (!ctx.store.tables.locations.some((l) => l.code === locationCode)) throw adminError(400, `"locationCode": there is no location "${locationCode}".`);
  const quantity = num(body.quantity, 'quantity');
  if (quantity <= 0) throw adminError(400, '"quantity" must be greater than 0.');
  const expectedReceiptDate = optDate(body.expectedReceiptDate, 'expectedReceiptDate');
  if (!expectedReceiptDate) throw adminError(400, '"expectedReceiptDate" (YYYY-MM-DD) is required.');
  const documentType = body.documentType === undefined ? 'Order' : body.documentType;
  if (documentType !== 'Order' && documentType !== 'Return Order') throw adminError(400, `"documentType" must be "Order" or "Return Order"; got ${JSON.stringify(body.documentType)}.`);
  const row: PurchaseLineRow = {
    id: ctx.store.newId(), version: 1, lastModifiedDateTime: ctx.store.stamp(), documentNumber: `${documentType === 'Order' ? 'P-ORD' : 'P-RET'}${++ctx.store.state.counters.purchase}`, lineNumber: 10000,
    vendorNumber: String(body.vendorNumber ?? 'V1000'), itemNumber, locationCode, unitOfMeasureCode: item.baseUnitOfMeasureCode, outstandingQuantity: quantity, expectedReceiptDate, documentType,
  };
  ctx.store.insert('purchaseLines', row);
  return row;
}

/**
 * What a user sees on the item's "Item Availability by Location" page (the ERP console's stock lookup): per location,
 * inventory, quantity on sales orders and on purchase orders, available inventory. A back-office view, not an API.
 */
export function stockByLocation(ctx: ServerContext, itemNumberRaw: string): Array<{ itemNumber: string; locationCode: string; locationName: string; inventory: number; qtyOnSalesOrders: number; qtyOnPurchaseOrders: number; availableInventory: number }> {
  const itemNumber = itemNumberRaw.toUpperCase();
  if (!ctx.store.tables.items.some((i) => i.number === itemNumber)) throw adminError(404, `There is no item "${itemNumber}".`);
  const acc = new Map<string, { inventory: number; sales: number; purchases: number }>();
  const at = (loc: string) => acc.get(loc) ?? (acc.set(loc, { inventory: 0, sales: 0, purchases: 0 }), acc.get(loc)!);
  for (const e of ctx.store.where('itemLedgerEntries', 'itemNumber', itemNumber)) if (e.itemNumber === itemNumber) at(e.locationCode).inventory += e.quantity;
  for (const o of outstandingSalesLines(ctx.store)) if (o.itemNumber === itemNumber) at(o.locationCode).sales += o.outstanding;
  for (const p of ctx.store.tables.purchaseLines) if (p.itemNumber === itemNumber && (p.documentType ?? 'Order') === 'Order' && p.outstandingQuantity > 0) at(p.locationCode).purchases += p.outstandingQuantity;
  const names = new Map(ctx.store.tables.locations.map((l) => [l.code, l.displayName]));
  return [...acc].sort(([a], [b]) => a.localeCompare(b)).map(([loc, a]) => ({
    itemNumber, locationCode: loc, locationName: names.get(loc) ?? '', inventory: round2(a.inventory), qtyOnSalesOrders: round2(a.sales), qtyOnPurchaseOrders: round2(a.purchases),
    availableInventory: round2(a.inventory - a.sales),
  }));
}

/** An item line of a sales return order (the customer sends goods back): outstanding until received. */
export function addSalesReturnLine(ctx: ServerContext, body: Record<string, unknown>): SalesReturnLineRow {
  const itemNumber = String(body.itemNumber ?? '').toUpperCase();
  const item = ctx.store.tables.items.find((i) => i.number === itemNumber && i.type === 'Inventory');
  if (!item) throw adminError(400, `"itemNumber": there is no Inventory item "${itemNumber}".`);
  const locationCode = String(body.locationCode ?? '').toUpperCase();
  if (!ctx.store.tables.locations.some((l) => l.code === locationCode)) throw adminError(400, `"locationCode": there is no location "${locationCode}".`);
  const customerNumber = String(body.customerNumber ?? '').toUpperCase();
  if (!ctx.store.tables.customers.some((c) => c.number === customerNumber)) throw adminError(400, `"customerNumber": there is no customer "${customerNumber}".`);
  const quantity = num(body.quantity, 'quantity');
  if (quantity <= 0) throw adminError(400, '"quantity" must be greater than 0.');
  const row: SalesReturnLineRow = {
    id: ctx.store.newId(), version: 1, lastModifiedDateTime: ctx.store.stamp(), documentNumber: `S-RET${++ctx.store.state.counters.purchase}`, lineNumber: 10000, customerNumber,
    itemNumber, locationCode, unitOfMeasureCode: item.baseUnitOfMeasureCode, outstandingQuantity: quantity, shipmentDate: optDate(body.shipmentDate, 'shipmentDate') ?? workDate(ctx.store),
  };
  ctx.store.insert('salesReturnLines', row);
  return row;
}

export function receivePurchaseLine(ctx: ServerContext, id: string, body: { quantity?: unknown; postingDate?: unknown }): PurchaseLineRow {
  const line = ctx.store.get('purchaseLines', id) ?? ctx.store.tables.purchaseLines.find((p) => `${p.documentNumber}-${p.lineNumber}` === id);
  if (!line) throw adminError(404, `There is no purchase line "${id}" (use its id or DOCUMENT-LINE, e.g. P-ORD106001-10000).`);
  const qty = body.quantity === undefined ? line.outstandingQuantity : num(body.quantity, 'quantity');
  if (qty <= 0 || qty > line.outstandingQuantity) throw adminError(400, `"quantity" must be between 0 (excluded) and the outstanding ${line.outstandingQuantity}.`);
  const item = ctx.store.tables.items.find((i) => i.number === line.itemNumber)!;
  // A return order ships the goods back to the vendor: a negative purchase entry (Return Shipment).
  const sign = line.documentType === 'Return Order' ? -1 : 1;
  postItemEntry(ctx.store, {
    itemNumber: line.itemNumber, postingDate: optDate(body.postingDate, 'postingDate') ?? workDate(ctx.store), entryType: 'Purchase', sourceType: 'Vendor', sourceNumber: line.vendorNumber,
    documentType: sign > 0 ? 'Purchase Receipt' : 'Purchase Return Shipment', documentNumber: `${sign > 0 ? 'P-RCPT' : 'P-RSHPT'}${++ctx.store.state.counters.receipt}`, description: item.displayName, locationCode: line.locationCode,
    unitOfMeasureCode: line.unitOfMeasureCode, quantity: sign * qty, costAmountActual: round2(sign * qty * item.unitCost), salesAmountActual: 0,
  });
  line.outstandingQuantity = round2(line.outstandingQuantity - qty);
  ctx.store.touch(line, null);
  return line;
}

/** How many of the most recent invoices the overview lists. */
export const OVERVIEW_INVOICES = 200;

/** A compact view of documents for the demo's ERP console. */
export function overview(ctx: ServerContext): Record<string, unknown> {
  const s = ctx.store;
  const name = (no: string): string => s.tables.customers.find((c) => c.number === no)?.displayName ?? '';
  const doc = (d: SalesDocRow): Record<string, unknown> => {
    const t = documentTotals(d);
    const entry = d.kind === 'invoice' && d.posted ? s.tables.custLedgerEntries.find((e) => e.documentType === 'Invoice' && e.documentNumber === d.number) : undefined;
    return {
      id: d.id, number: d.number, kind: d.kind, status: d.status, posted: d.posted, customerNumber: d.customerNumber, customerName: name(d.customerNumber),
      externalDocumentNumber: d.externalDocumentNumber, documentDate: d.documentDate, requestedDeliveryDate: d.requestedDeliveryDate, dueDate: d.dueDate,
      currencyCode: apiCurrencyCode(s, d.currencyCode), totalAmountExcludingTax: t.net, totalAmountIncludingTax: t.gross, remainingAmount: entry?.remainingAmount,
      orderNumber: d.orderNumber || undefined, lastModifiedDateTime: d.lastModifiedDateTime,
      lines: d.lines.map((l) => ({ id: l.id, sequence: l.sequence, lineType: l.lineType, lineObjectNumber: l.lineObjectNumber, description: l.description, quantity: l.quantity, shippedQuantity: l.shippedQuantity, invoicedQuantity: l.invoicedQuantity, locationCode: l.locationCode, unitPrice: l.unitPrice })),
    };
  };
  const byDate = (a: SalesDocRow, b: SalesDocRow): number => b.lastModifiedDateTime.localeCompare(a.lastModifiedDateTime);
  const of = (kind: SalesDocRow['kind']): SalesDocRow[] => s.tables.salesDocuments.filter((d) => d.kind === kind);
  const invoices = of('invoice');
  return {
    // The lists may be cut (the most recent invoices only); the counts never are: the console shows them.
    counts: { orders: of('order').length, quotes: of('quote').length, invoices: invoices.length },
    company: { id: s.state.company.id, name: s.state.company.displayName, workDate: s.state.workDate, localCurrencyCode: s.state.company.lcy },
    orders: s.tables.salesDocuments.filter((d) => d.kind === 'order').sort(byDate).map(doc),
    quotes: s.tables.salesDocuments.filter((d) => d.kind === 'quote').sort(byDate).map(doc),
    invoices: invoices.sort(byDate).slice(0, OVERVIEW_INVOICES).map(doc),
    shipments: [...s.tables.shipments].sort((a, b) => b.lastModifiedDateTime.localeCompare(a.lastModifiedDateTime)).slice(0, 100).map((x) => ({ id: x.id, number: x.number, orderNumber: x.orderNumber, customerNumber: x.customerNumber, postingDate: x.postingDate, packageTrackingNumber: x.packageTrackingNumber, lines: x.lines.filter((l) => l.quantity > 0).map((l) => ({ sequence: l.sequence, lineObjectNumber: l.lineObjectNumber, quantity: l.quantity, locationCode: l.locationCode })) })),
    locations: s.tables.locations.map((l) => ({ code: l.code, displayName: l.displayName })),
  };
}
