/**
 * Credit and stock checks before an order goes to the ERP, from the ERP figures the connector already keeps in
 * Dataverse (erp_accountstatistics, erp_itemavailability): what Business Central's credit-limit and availability
 * notifications would say after the fact (original-solution.md §9: surprises surfaced in the ERP, later), said at
 * the click instead. Peers offer no such preflight for BC (peers.md §3.2).
 *
 * Every result is a WARNING: the figures are as of their refresh, and the ERP, not Sales, decides whether to hold
 * an order or back-order a line. Each message carries its "as of" so the salesperson can judge.
 *
 * Pure: the caller reads the figures and passes a formatter in the user's language (domain/format.ts).
 */
import { creditExposure, overdueAmount, type AccountStatisticsFigures } from './accountStatistics';
import { atLocation, availabilityAsOf, earliestAvailableDate, isSoldFromStock, totalAvailable, type LocationAvailability } from './availability';
import { normalizeId, problem, ProblemCode, type LineSnapshot, type OrderSnapshot, type Problem, type ProblemParams, type QuoteSnapshot } from './orderValidation';

export interface PreflightFigures {
  /** The order's account's ERP statistics; null when switched off, unreadable or not written yet (no credit checks). */
  statistics: AccountStatisticsFigures | null;
  /**
   * Location rows per product (normalised id). A product missing here has no figures (not coupled, not refreshed
   * yet) and is not judged; null when availability is switched off or unreadable.
   */
  availability: Readonly<Record<string, readonly LocationAvailability[]>> | null;
}

/** What the messages need formatted; domain/format.ts Formatter provides it. */
export interface PreflightFormat {
  amount(value: number, currencyCode: string | null): string;
  quantity(value: number): string;
  percent(value: number): string;
  dateOnly(value: string): string;
  dateTime(value: string | null): string;
}

function accountOf(order: OrderSnapshot | QuoteSnapshot): { id: string; name: string } | null {
  const a = order.customerid_account ?? order.customerid_contact?.parentcustomerid_account ?? null;
  return a ? { id: normalizeId(a.accountid), name: a.name ?? '' } : null;
}

/** Credit limit and overdue balance, in the ERP currency; the order counts only when it is in that currency. */
function creditProblems(order: OrderSnapshot, s: AccountStatisticsFigures, format: PreflightFormat): Problem[] {
  const account = accountOf(order);
  if (!account) return [];
  const currency = (s.currencyCode ?? '').trim().toUpperCase() || null;
  const money = (v: number): string => format.amount(v, currency);
  const asOf = format.dateTime(s.refreshedOn);
  const recordRef = { table: 'account', id: account.id };
  const out: Problem[] = [];
  const limit = s.creditLimit ?? 0;
  if (limit > 0) {
    const before = creditExposure(s);
    const orderCurrency = (order.transactioncurrencyid?.isocurrencycode ?? '').trim().toUpperCase();
    const orderCounts = currency !== null && orderCurrency === currency && typeof order.totalamount === 'number';
    const after = orderCounts ? before + (order.totalamount as number) : before;
    if (orderCounts && after > limit) {
      // The ERP's exposure is tax included; a Sales order's total is before tax unless its lines carry tax
      // (Sales computes totalamount = lines + freight + totaltax): the message says on which basis each is.
      const orderBasis = (order.totaltax ?? 0) > 0 ? 'incl' : 'excl';
      out.push(problem(ProblemCode.creditLimitExceeded, { account: account.name, order: money(order.totalamount as number), orderBasis, exposure: money(after), limit: money(limit), percent: format.percent((after / limit) * 100), asOf }, { recordRef }));
    } else if (!orderCounts && before > limit) {
      out.push(problem(ProblemCode.creditLimitAlreadyExceeded, { account: account.name, exposure: money(before), limit: money(limit), percent: format.percent((before / limit) * 100), asOf }, { recordRef }));
    }
  }
  const overdue = overdueAmount(s);
  if (overdue > 0) out.push(problem(ProblemCode.overdueBalance, { account: account.name, overdue: money(overdue), asOf }, { recordRef }));
  return out;
}

interface ProductDemand {
  productId: string;
  /** The ship-from location (upper case), '' for the ERP's default: then every location counts. */
  location: string;
  name: string;
  unit: string | null;
  lines: number[];
  quantity: number;
  mixedUnits: boolean;
}

/**
 * Stock products' requested quantities per ship-from location, summed over the order's lines (line numbers as the
 * ERP mapping counts them).
 */
function demands(doc: OrderSnapshot | QuoteSnapshot): ProductDemand[] {
  const lines = [...((('order_details' in doc ? doc.order_details : (doc as QuoteSnapshot).quote_details) ?? []) as LineSnapshot[])].sort((a, b) => (a.sequencenumber ?? a.lineitemnumber ?? 0) - (b.sequencenumber ?? b.lineitemnumber ?? 0));
  const byProduct = new Map<string, ProductDemand>();
  lines.forEach((line, index) => {
    const product = line.productid;
    const id = normalizeId(product?.productid ?? line._productid_value);
    const quantity = line.quantity ?? 0;
    if (!id || quantity <= 0 || !isSoldFromStock(product?.producttypecode)) return;
    const unit = line.uomid?.name ?? null;
    const location = (line.erp_locationcode ?? '').trim().toUpperCase();
    const key = `${id}|${location}`;
    const d = byProduct.get(key);
    if (!d) {
      byProduct.set(key, { productId: id, location, name: product?.name ?? product?.productnumber ?? id, unit, lines: [index + 1], quantity, mixedUnits: false });
      return;
    }
    d.lines.push(index + 1);
    d.quantity += quantity;
    d.mixedUnits = d.mixedUnits || (d.unit ?? '').toUpperCase() !== (unit ?? '').toUpperCase();
  });
  return [...byProduct.values()];
}

/**
 * Lines asking more than the ERP has (at their ship-from location, or across all locations), with the date the
 * receipts cover them, if any.
 */
function stockProblems(order: OrderSnapshot | QuoteSnapshot, availability: Readonly<Record<string, readonly LocationAvailability[]>>, format: PreflightFormat): Problem[] {
  const out: Problem[] = [];
  for (const d of demands(order)) {
    const all = availability[d.productId];
    if (!all || !all.length || d.mixedUnits) continue;
    // A location without a row holds nothing of the product (the connector writes a row per stocked location).
    const rows = d.location ? atLocation(all, d.location) : all;
    // The ERP counts in its base unit; a line in another unit cannot be compared without the conversion.
    const erpUnit = all.find((r) => r.unit)?.unit ?? null;
    if (erpUnit && d.unit && erpUnit.toUpperCase() !== d.unit.toUpperCase()) continue;
    const available = totalAvailable(rows);
    if (d.quantity <= available) continue;
    const unit = erpUnit ?? d.unit ?? '';
    const qty = (v: number): string => (unit ? `${format.quantity(v)} ${unit}` : format.quantity(v));
    const params: ProblemParams = { lines: d.lines.join(', '), product: d.name, requested: qty(d.quantity), available: qty(available), asOf: format.dateTime(availabilityAsOf(all)) };
    if (d.location) params.location = d.location;
    const date = earliestAvailableDate(rows, d.quantity);
    const recordRef = { table: 'product', id: d.productId };
    const [dated, undated] = d.location ? [ProblemCode.stockShortAtLocation, ProblemCode.stockShortAtLocationNoReceipt] : [ProblemCode.stockShort, ProblemCode.stockShortNoReceipt];
    if (date && date !== 'now') out.push(problem(dated, { ...params, date: format.dateOnly(date) }, { recordRef, field: 'quantity' }));
    else out.push(problem(undated, params, { recordRef, field: 'quantity' }));
  }
  return out;
}

/**
 * Every credit and stock warning for an order, credit first; for a quote, stock only (a quote adds nothing to what
 * the customer owes, and its lines tell the salesperson what the ERP could ship if it is won).
 */
export function preflightProblems(doc: OrderSnapshot | QuoteSnapshot, figures: PreflightFigures, format: PreflightFormat): Problem[] {
  const credit = 'salesorderid' in doc && figures.statistics ? creditProblems(doc, figures.statistics, format) : [];
  return [...credit, ...(figures.availability ? stockProblems(doc, figures.availability, format) : [])];
}
