/**
 * Ledger arithmetic shared by the API pages, the analytics queries and the back office:
 * customer balances in local currency, ageing, stock per location from item ledger entries
 * (FIFO application like BC's item application), outstanding sales and incoming purchases.
 * A customer's or an item's entries come from the store's index (Store.where), so a balance or a stock figure
 * costs that record's entries, not the whole ledger, and is computed only for the records a response shows.
 */
import type { Store } from './store';
import type { CustLedgerRow, ItemLedgerRow, SalesDocRow } from './state';
import { addDays } from '../seed';

export const round2 = (n: number): number => Math.round(n * 100) / 100;

export function workDate(store: Store): string {
  return store.state.workDate;
}

export function exchangeRate(store: Store, currencyCode: string): number {
  if (!currencyCode || currencyCode === store.state.company.lcy) return 1;
  return store.tables.currencies.find((c) => c.code === currencyCode)?.exchangeRate ?? 1;
}

export function toLcy(store: Store, amount: number, currencyCode: string): number {
  return round2(amount / exchangeRate(store, currencyCode));
}

function entryLcy(e: CustLedgerRow, amount: number): number {
  return round2(amount / (e.exchangeRate || 1));
}

export function customerEntries(store: Store, customerNumber: string): readonly CustLedgerRow[] {
  return store.where('custLedgerEntries', 'customerNumber', customerNumber).filter((e) => e.customerNumber === customerNumber);
}

/** Balance (LCY): sum of remaining amounts of the customer's open entries. */
export function balanceLcy(store: Store, customerNumber: string): number {
  return round2(customerEntries(store, customerNumber).reduce((s, e) => s + (e.open ? entryLcy(e, e.remainingAmount) : 0), 0));
}

/** Overdue (LCY): remaining amounts due before the work date (BC: Balance Due with date filter ..WorkDate-1). */
export function overdueLcy(store: Store, customerNumber: string): number {
  const wd = workDate(store);
  return round2(customerEntries(store, customerNumber).reduce((s, e) => s + (e.open && e.dueDate < wd ? entryLcy(e, e.remainingAmount) : 0), 0));
}

export function totalSalesExclTaxLcy(store: Store, customerNumber: string): number {
  return round2(
    store
      .where('salesDocuments', 'customerNumber', customerNumber)
      .filter((d) => d.kind === 'invoice' && d.posted && d.status !== 'Canceled' && d.customerNumber === customerNumber)
      .reduce((s, d) => s + toLcy(store, documentTotals(d).net, d.currencyCode), 0),
  );
}

export interface Aging {
  balanceDue: number;
  currentAmount: number;
  period1Amount: number;
  period2Amount: number;
  period3Amount: number;
}

/** Ageing by due date in `periodDays` buckets as of `asOf` (LCY), like the Aged Accounts Receivable API. */
export function aging(store: Store, customerNumber: string, asOf: string, periodDays = 30): Aging {
  const a: Aging = { balanceDue: 0, currentAmount: 0, period1Amount: 0, period2Amount: 0, period3Amount: 0 };
  const asOfTime = Date.parse(`${asOf}T00:00:00Z`);
  for (const e of customerEntries(store, customerNumber)) {
    if (!e.open || e.postingDate > asOf) continue;
    const amount = entryLcy(e, e.remainingAmount);
    const late = Math.floor((asOfTime - Date.parse(`${e.dueDate}T00:00:00Z`)) / 86400000);
    a.balanceDue += amount;
    if (late <= 0) a.currentAmount += amount;
    else if (late <= periodDays) a.period1Amount += amount;
    else if (late <= periodDays * 2) a.period2Amount += amount;
    else a.period3Amount += amount;
  }
  for (const k of Object.keys(a) as Array<keyof Aging>) a[k] = round2(a[k]);
  return a;
}

export interface Totals {
  net: number;
  tax: number;
  gross: number;
  lineDiscount: number;
}

export function lineAmounts(l: { quantity: number; unitPrice: number; discountPercent: number; discountAmount: number; taxPercent: number; lineType: string }): { net: number; tax: number } {
  if (l.lineType === 'Comment') return { net: 0, tax: 0 };
  const gross = round2(l.quantity * l.unitPrice);
  const net = round2(gross - l.discountAmount);
  return { net, tax: round2((net * l.taxPercent) / 100) };
}

export function documentTotals(d: SalesDocRow): Totals {
  let net = 0;
  let tax = 0;
  let lineDiscount = 0;
  for (const l of d.lines) {
    const a = lineAmounts(l);
    net += a.net;
    tax += a.tax;
    lineDiscount += l.lineType === 'Comment' ? 0 : l.discountAmount;
  }
  // Header invoice discount is spread before tax (discountAppliedBeforeTax = true).
  if (d.discountAmount && net) {
    const ratio = Math.max(0, net - d.discountAmount) / net;
    tax *= ratio;
    net -= d.discountAmount;
  }
  return { net: round2(net), tax: round2(tax), gross: round2(net + tax), lineDiscount: round2(lineDiscount) };
}

export function dueDate(store: Store, documentDate: string, paymentTermsCode: string): string {
  const t = store.tables.paymentTerms.find((p) => p.code === paymentTermsCode);
  return addDays(documentDate, t?.dueDays ?? 0);
}

// ---- stock ---------------------------------------------------------------------------------------

export function onHand(store: Store, itemNumber: string, locationCode?: string): number {
  let q = 0;
  for (const e of store.where('itemLedgerEntries', 'itemNumber', itemNumber)) {
    if (e.itemNumber === itemNumber && (locationCode === undefined || e.locationCode === locationCode)) q += e.quantity;
  }
  return round2(q);
}

/** Stock per location of one item: location → on hand (only locations with entries). */
export function onHandByLocation(store: Store): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const e of store.tables.itemLedgerEntries) {
    let m = out.get(e.itemNumber);
    if (!m) out.set(e.itemNumber, (m = new Map()));
    m.set(e.locationCode, round2((m.get(e.locationCode) ?? 0) + e.quantity));
  }
  return out;
}

/**
 * Posts an item ledger entry. A negative entry is applied FIFO to open positive entries of the same
 * item and location; what cannot be applied stays open with a negative remaining quantity (negative
 * inventory allowed, as BC's default setup does).
 */
export function postItemEntry(
  store: Store,
  e: Omit<ItemLedgerRow, 'id' | 'version' | 'lastModifiedDateTime' | 'entryNumber' | 'remainingQuantity' | 'open' | 'positive' | 'invoicedQuantity'> & { invoicedQuantity?: number },
): ItemLedgerRow {
  const row: ItemLedgerRow = {
    ...e,
    id: store.newId(),
    version: 1,
    lastModifiedDateTime: store.stamp(),
    entryNumber: ++store.state.counters.itemEntry,
    remainingQuantity: e.quantity,
    open: true,
    positive: e.quantity > 0,
    invoicedQuantity: e.invoicedQuantity ?? e.quantity,
  };
  const sameBucket = store.tables.itemLedgerEntries.filter((x) => x.itemNumber === e.itemNumber && x.locationCode === e.locationCode && x.open);
  if (row.quantity < 0) {
    let left = -row.quantity;
    for (const p of sameBucket.filter((x) => x.remainingQuantity > 0).sort((a, b) => a.entryNumber - b.entryNumber)) {
      const take = Math.min(left, p.remainingQuantity);
      p.remainingQuantity = round2(p.remainingQuantity - take);
      p.open = p.remainingQuantity !== 0;
      left = round2(left - take);
      if (left <= 0) break;
    }
    row.remainingQuantity = -left;
  } else if (row.quantity > 0) {
    // A receipt first settles earlier negative (unapplied) entries.
    let left = row.quantity;
    for (const n of sameBucket.filter((x) => x.remainingQuantity < 0).sort((a, b) => a.entryNumber - b.entryNumber)) {
      const take = Math.min(left, -n.remainingQuantity);
      n.remainingQuantity = round2(n.remainingQuantity + take);
      n.open = n.remainingQuantity !== 0;
      left = round2(left - take);
      if (left <= 0) break;
    }
    row.remainingQuantity = left;
  }
  row.open = row.remainingQuantity !== 0;
  store.insert('itemLedgerEntries', row);
  return row;
}

/** Outstanding (not yet shipped) item quantities on open sales orders. */
export function outstandingSalesLines(store: Store): Array<{ doc: SalesDocRow; itemNumber: string; locationCode: string; outstanding: number; shipmentDate: string; unitOfMeasureCode: string }> {
  const out: Array<{ doc: SalesDocRow; itemNumber: string; locationCode: string; outstanding: number; shipmentDate: string; unitOfMeasureCode: string }> = [];
  for (const d of store.tables.salesDocuments) {
    if (d.kind !== 'order') continue;
    for (const l of d.lines) {
      const outstanding = round2(l.quantity - l.shippedQuantity);
      if (l.lineType !== 'Item' || outstanding <= 0) continue;
      out.push({ doc: d, itemNumber: l.lineObjectNumber, locationCode: l.locationCode, outstanding, shipmentDate: l.shipmentDate || d.requestedDeliveryDate || d.documentDate, unitOfMeasureCode: l.unitOfMeasureCode });
    }
  }
  return out;
}
