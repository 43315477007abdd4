/**
 * Account statistics rules: credit exposure and utilisation, aging buckets. Pure functions shared by the
 * Account Statistics control (display) and the connector (which stores erp_creditutilisation).
 */

import { AccountStatisticsColumns as C } from './schema';
import { numberOrNull, textOrNull } from './values';

/** Standard account table names the statistics view reads (Microsoft's, so not listed in domain/schema.ts). */
export const AccountTable = { logicalName: 'account', primaryId: 'accountid' } as const;

/** Amounts in the ERP currency, as the connector stores them in erp_accountstatistics. Null: unknown. */
export interface AccountStatisticsFigures {
  currencyCode: string | null;
  balance: number | null;
  outstandingOrders: number | null;
  shippedNotInvoiced: number | null;
  outstandingInvoices: number | null;
  outstandingServiceOrders?: number | null;
  serviceShippedNotInvoiced?: number | null;
  outstandingServiceInvoices?: number | null;
  total: number | null;
  creditLimit: number | null;
  overdueAmount: number | null;
  /** Date-only (YYYY-MM-DD). */
  overdueAsOf: string | null;
  totalSales: number | null;
  invoicedPrepayments: number | null;
  agingCurrent: number | null;
  aging1To30: number | null;
  aging31To60: number | null;
  aging61To90: number | null;
  agingOver90: number | null;
  /** Date-only (YYYY-MM-DD). */
  lastPaymentDate: string | null;
  lastPaymentAmount: number | null;
  /** What remains to pay on the ERP invoices that carry a promised pay date (absent: not read). */
  promisedAmount?: number | null;
  /** Date-only: the earliest of those promised dates; in the past, a promise missed. */
  promisedDate?: string | null;
  /** ISO date-time the connector wrote the row. */
  refreshedOn: string | null;
}

const n = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * What the customer owes or will owe: the balance plus everything ordered, shipped or invoiced but not yet
 * posted (Business Central's "Total", service documents included). This is what a credit check counts,
 * so outstanding orders and shipped-not-invoiced amounts weigh on the credit limit before they are invoiced.
 */
export function creditExposure(s: AccountStatisticsFigures): number {
  return (
    n(s.balance) +
    n(s.outstandingOrders) +
    n(s.shippedNotInvoiced) +
    n(s.outstandingInvoices) +
    n(s.outstandingServiceOrders) +
    n(s.serviceShippedNotInvoiced) +
    n(s.outstandingServiceInvoices)
  );
}

export type CreditLevel = 'none' | 'ok' | 'warning' | 'alert';

export interface CreditUtilisation {
  exposure: number;
  /** Percentage of the credit limit used; null when the customer has no limit (Business Central: 0 = unlimited). */
  percent: number | null;
  level: CreditLevel;
}

export const DEFAULT_CREDIT_WARNING_PERCENT = 80;
export const CREDIT_ALERT_PERCENT = 100;

export function creditUtilisation(s: AccountStatisticsFigures, warningPercent: number = DEFAULT_CREDIT_WARNING_PERCENT): CreditUtilisation {
  const exposure = creditExposure(s);
  const limit = n(s.creditLimit);
  if (limit <= 0) return { exposure, percent: null, level: 'none' };
  const percent = Math.round((exposure / limit) * 1000) / 10;
  const level: CreditLevel = percent > CREDIT_ALERT_PERCENT ? 'alert' : percent > warningPercent ? 'warning' : 'ok';
  return { exposure, percent, level };
}

export type AgingBucketKey = 'current' | 'days1To30' | 'days31To60' | 'days61To90' | 'over90';

export interface AgingBucket {
  key: AgingBucketKey;
  amount: number;
  /** Share of the largest bucket, 0..1, for the bar length; credits (negative) draw no bar. */
  share: number;
}

export function agingBuckets(s: AccountStatisticsFigures): AgingBucket[] {
  const raw: [AgingBucketKey, number][] = [
    ['current', n(s.agingCurrent)],
    ['days1To30', n(s.aging1To30)],
    ['days31To60', n(s.aging31To60)],
    ['days61To90', n(s.aging61To90)],
    ['over90', n(s.agingOver90)],
  ];
  const max = Math.max(0, ...raw.map(([, a]) => a));
  return raw.map(([key, amount]) => ({ key, amount, share: max > 0 ? Math.max(0, amount) / max : 0 }));
}

/** Overdue amount: the ERP's figure, else what the aging buckets past due add up to. */
export function overdueAmount(s: AccountStatisticsFigures): number {
  if (typeof s.overdueAmount === 'number') return s.overdueAmount;
  return n(s.aging1To30) + n(s.aging31To60) + n(s.aging61To90) + n(s.agingOver90);
}

/** Statistics are considered stale when older than this, unless the form configures another limit. */
export const DEFAULT_STATISTICS_MAX_AGE_MINUTES = 240;

/** The erp_accountstatistics columns every reader selects. */
export const STATISTICS_COLUMNS = [
  C.customerNumber, C.currencyCode, C.balance, C.outstandingOrders, C.shippedNotInvoiced, C.outstandingInvoices,
  C.outstandingServiceOrders, C.serviceShippedNotInvoiced, C.outstandingServiceInvoices, C.total, C.creditLimit,
  C.overdueAmount, C.overdueAsOf, C.totalSales, C.invoicedPrepayments, C.agingCurrent, C.aging1To30, C.aging31To60,
  C.aging61To90, C.agingOver90, C.lastPaymentDate, C.lastPaymentAmount, C.promisedAmount, C.promisedDate, C.refreshedOn,
];

const num = numberOrNull;
const str = textOrNull;

/** An erp_accountstatistics row (Web API JSON) → the figures; anything missing or not a number is null. */
export function statisticsFromRow(row: Record<string, unknown>): AccountStatisticsFigures {
  return {
    currencyCode: str(row[C.currencyCode]),
    balance: num(row[C.balance]),
    outstandingOrders: num(row[C.outstandingOrders]),
    shippedNotInvoiced: num(row[C.shippedNotInvoiced]),
    outstandingInvoices: num(row[C.outstandingInvoices]),
    outstandingServiceOrders: num(row[C.outstandingServiceOrders]),
    serviceShippedNotInvoiced: num(row[C.serviceShippedNotInvoiced]),
    outstandingServiceInvoices: num(row[C.outstandingServiceInvoices]),
    total: num(row[C.total]),
    creditLimit: num(row[C.creditLimit]),
    overdueAmount: num(row[C.overdueAmount]),
    overdueAsOf: str(row[C.overdueAsOf]),
    totalSales: num(row[C.totalSales]),
    invoicedPrepayments: num(row[C.invoicedPrepayments]),
    agingCurrent: num(row[C.agingCurrent]),
    aging1To30: num(row[C.aging1To30]),
    aging31To60: num(row[C.aging31To60]),
    aging61To90: num(row[C.aging61To90]),
    agingOver90: num(row[C.agingOver90]),
    lastPaymentDate: str(row[C.lastPaymentDate]),
    lastPaymentAmount: num(row[C.lastPaymentAmount]),
    promisedAmount: num(row[C.promisedAmount]),
    promisedDate: str(row[C.promisedDate]),
    refreshedOn: str(row[C.refreshedOn]),
  };
}

/** A customer's promise to pay: what is promised, by when, and whether that date has passed (as of `today`). */
export function paymentPromise(s: AccountStatisticsFigures, today: string): { amount: number; date: string; missed: boolean } | null {
  if (typeof s.promisedAmount !== 'number' || s.promisedAmount <= 0 || !s.promisedDate) return null;
  return { amount: s.promisedAmount, date: s.promisedDate, missed: s.promisedDate.slice(0, 10) < today.slice(0, 10) };
}
