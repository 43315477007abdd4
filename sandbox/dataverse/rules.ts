/**
 * What the Sales platform does on its own when rows are written: order/quote/invoice numbers, state and status
 * transitions (and the records they make read-only), line pricing from the price list and header totals, computed
 * names. Kept apart from the generic engine so the generic part stays table-agnostic.
 */
import { SalesOrderState, SalesOrderStatus, QuoteState, InvoiceState, salesOrderStatusByState, quoteStatusByState, invoiceStatusByState } from '../../domain/dataverseCodes';
import { Codes, DataverseError } from './errors';
import type { TableDef } from './metadata/types';
import { isLookup, type Row, type Store, type Value } from './store';
import type { DataverseUser } from './security';

export const SALES_HEADERS: Record<string, { states: Record<number, number[]>; prefix: string; numberColumn: string; lines: string; stateName: string; stateLabels: Record<number, string> }> = {
  salesorder: {
    states: salesOrderStatusByState,
    prefix: 'ORD',
    numberColumn: 'ordernumber',
    lines: 'salesorderdetail',
    stateName: 'SalesOrderState',
    stateLabels: { 0: 'Active', 1: 'Submitted', 2: 'Canceled', 3: 'Fulfilled', 4: 'Invoiced' },
  },
  quote: { states: quoteStatusByState, prefix: 'QUO', numberColumn: 'quotenumber', lines: 'quotedetail', stateName: 'QuoteState', stateLabels: { 0: 'Draft', 1: 'Active', 2: 'Won', 3: 'Closed' } },
  invoice: {
    states: invoiceStatusByState,
    prefix: 'INV',
    numberColumn: 'invoicenumber',
    lines: 'invoicedetail',
    stateName: 'InvoiceState',
    stateLabels: { 0: 'Active', 1: 'Closed', 2: 'Paid', 3: 'Canceled' },
  },
};
export const LINE_PARENT: Record<string, string> = { salesorderdetail: 'salesorder', quotedetail: 'quote', invoicedetail: 'invoice' };

/** States that can only be reached through a dedicated message, as Dataverse enforces. */
const SPECIAL_MESSAGE: Record<string, Record<number, string>> = {
  salesorder: { [SalesOrderState.canceled]: 'CancelSalesOrder', [SalesOrderState.fulfilled]: 'FulfillSalesOrder' },
  quote: { [QuoteState.won]: 'WinQuote', [QuoteState.closed]: 'CloseQuote' },
  opportunity: {},
};

/** Allowed state changes through Update (the special messages bypass this table). */
const ALLOWED: Record<string, Record<number, number[]>> = {
  salesorder: { 0: [0, 1, 4], 1: [0, 1, 4], 2: [], 3: [4], 4: [] },
  quote: { 0: [0, 1], 1: [1], 2: [], 3: [] },
  invoice: { 0: [0, 2, 3], 1: [], 2: [0, 2], 3: [] },
};

export function invalidStatus(table: string, id: string, state: number, status: number): DataverseError {
  const h = SALES_HEADERS[table];
  const stateText = h ? `${h.stateName}.${h.stateLabels[state] ?? state}` : `${state}`;
  return new DataverseError(400, Codes.invalidStateStatus, `${status} is not a valid status code for state code ${stateText} on ${table} with Id ${id}.`);
}

const invalidTransition = (from: number, fromStatus: unknown, to: number) =>
  new DataverseError(400, Codes.invalidStateStatus, `The state transition requested is not valid for the current state. Current state: ${from}, current status: ${String(fromStatus)}, target state: ${to}`);

export const readOnlyError = () => new DataverseError(400, Codes.readOnly, 'The object cannot be updated because it is read-only.');

/** Default statuscode for a statecode, from the table's state options. */
export function defaultStatus(table: TableDef, state: number): number | undefined {
  return table.columns.get('statecode')?.options?.find((o) => o.value === state)?.defaultStatus;
}

/** Validates statecode/statuscode in `values` against the current row and fills the missing half. */
export function applyStateChange(table: TableDef, id: string, before: Row | undefined, values: Row, viaMessage?: string): void {
  const stateCol = table.columns.get('statecode');
  const statusCol = table.columns.get('statuscode');
  if (!stateCol || !statusCol) return;
  const hasState = 'statecode' in values && values.statecode !== null;
  const hasStatus = 'statuscode' in values && values.statuscode !== null;
  if (!hasState && !hasStatus) return;
  const fromState = before ? Number(before.statecode ?? 0) : undefined;
  const state = hasState ? Number(values.statecode) : (fromState ?? Number(stateCol.defaultValue ?? 0));
  let status = hasStatus ? Number(values.statuscode) : undefined;
  if (status === undefined || status === -1) status = defaultStatus(table, state);
  const statusOption = statusCol.options?.find((o) => o.value === status);
  if (status === undefined || !statusOption || (statusOption.state !== undefined && statusOption.state !== state)) throw invalidStatus(table.logicalName, id, state, status ?? -1);
  values.statecode = state;
  values.statuscode = status;

  const special = SPECIAL_MESSAGE[table.logicalName]?.[state];
  if (!before) {
    if (SALES_HEADERS[table.logicalName] && state !== 0) throw invalidTransition(0, '', state);
    return;
  }
  if (fromState === state && !special) return;
  if (special && viaMessage !== special) {
    const label = SALES_HEADERS[table.logicalName]?.stateLabels[state] ?? String(state);
    throw new DataverseError(400, Codes.cannotSetState, `This message can not be used to set the state of ${table.logicalName} to ${label}. In order to set state of ${table.logicalName} to ${label}, use the ${special}Request message instead.`);
  }
  if (viaMessage) return;
  const allowed = ALLOWED[table.logicalName];
  if (allowed && fromState !== undefined && !(allowed[fromState] ?? []).includes(state)) throw invalidTransition(fromState, before.statuscode, state);
}

/** Submitted/closed orders, active/closed quotes and closed invoices are read-only except for integration users. */
export function assertWritable(table: string, header: Row, user: DataverseUser, changedColumns: string[]): void {
  if (!SALES_HEADERS[table]) return;
  if (Number(header.statecode ?? 0) === 0) return;
  if (user.isIntegrationUser) return;
  if (changedColumns.every((c) => c === 'statecode' || c === 'statuscode')) return;
  throw readOnlyError();
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** ORD-01001-X7K2Q9 style numbers, as Dataverse's auto-numbering produces them. */
export function nextDocumentNumber(store: Store, table: string): string {
  const h = SALES_HEADERS[table];
  const key = `counter:${table}`;
  const n = Number(store.meta[key] ?? 1000) + 1;
  store.meta[key] = n;
  let x = (n * 2654435761) >>> 0;
  let suffix = '';
  for (let i = 0; i < 6; i++) {
    suffix += ALNUM[x % ALNUM.length];
    x = Math.floor(x / ALNUM.length) ^ (x << 5);
    x >>>= 0;
  }
  return `${h.prefix}-${String(n).padStart(5, '0')}-${suffix}`;
}

const num = (v: Value | undefined): number => (typeof v === 'number' ? v : 0);
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Fills price, amounts, product name and currency of a line being written (a light price engine). */
export function priceLine(store: Store, lineTable: string, line: Row, parent: Row): void {
  const product = isLookup(line.productid) ? store.get('product', line.productid.id) : undefined;
  if (product) {
    line.productname = (product.name as string) ?? null;
    line.isproductoverridden = false;
    if (!isLookup(line.uomid) && isLookup(product.defaultuomid)) line.uomid = product.defaultuomid;
  } else {
    line.productname = (line.productdescription as string) ?? null;
    line.isproductoverridden = true;
  }
  if (line.priceperunit === undefined || line.priceperunit === null) {
    if (product && !line.ispriceoverridden) {
      const priceLevelId = isLookup(parent.pricelevelid) ? parent.pricelevelid.id : undefined;
      let price: number | undefined;
      if (priceLevelId) {
        for (const ppl of store.rows('productpricelevel')) {
          if (isLookup(ppl.pricelevelid) && ppl.pricelevelid.id === priceLevelId && isLookup(ppl.productid) && ppl.productid.id === (line.productid as { id: string }).id) {
            if (!isLookup(line.uomid) || (isLookup(ppl.uomid) && ppl.uomid.id === line.uomid.id)) {
              price = num(ppl.amount);
              break;
            }
          }
        }
      }
      line.priceperunit = price ?? num(product.price);
    } else line.priceperunit = 0;
  }
  const qty = num(line.quantity);
  const base = round2(num(line.priceperunit) * qty);
  line.baseamount = base;
  if (line.volumediscountamount === undefined || line.volumediscountamount === null) line.volumediscountamount = 0;
  line.extendedamount = round2(base - num(line.manualdiscountamount) - num(line.volumediscountamount) * qty + num(line.tax));
  line.transactioncurrencyid = parent.transactioncurrencyid ?? null;
  line.exchangerate = parent.exchangerate ?? 1;
  void lineTable;
}

/** Recomputes a header's totals from its lines (totallineitemamount, discounts, tax, freight, totalamount). */
export function computeTotals(store: Store, headerTable: string, header: Row, headerId: string): void {
  const lineTable = SALES_HEADERS[headerTable].lines;
  let lineItems = 0;
  let lineDiscounts = 0;
  let tax = 0;
  for (const l of store.rowsWhere(lineTable, `${headerTable}id`, headerId)) {
    const ref = l[`${headerTable}id`];
    if (!isLookup(ref) || ref.id !== headerId) continue;
    const qty = num(l.quantity);
    const discount = num(l.manualdiscountamount) + num(l.volumediscountamount) * qty;
    lineItems += num(l.baseamount) - discount;
    lineDiscounts += discount;
    tax += num(l.tax);
  }
  lineItems = round2(lineItems);
  const headerDiscount = round2(num(header.discountamount) + (lineItems * num(header.discountpercentage)) / 100);
  header.totallineitemamount = lineItems;
  header.totallineitemdiscountamount = round2(lineDiscounts);
  header.totaldiscountamount = headerDiscount;
  header.totalamountlessfreight = round2(lineItems - headerDiscount);
  header.totaltax = round2(tax);
  header.totalamount = round2(lineItems - headerDiscount + num(header.freightamount) + tax);
}

export function defaultStatusForNew(table: TableDef): { state?: number; status?: number } {
  const stateCol = table.columns.get('statecode');
  if (!stateCol) return {};
  const state = Number(stateCol.defaultValue ?? stateCol.options?.[0]?.value ?? 0);
  return { state, status: defaultStatus(table, state) };
}

export const ORDER_CLOSED_STATES = [SalesOrderState.canceled, SalesOrderState.fulfilled, SalesOrderState.invoiced];
export { SalesOrderState, SalesOrderStatus, QuoteState, InvoiceState };
