/// <reference types="powerapps-component-framework" />
import { AccountColumns, AccountStatisticsColumns as C, ConnectionColumns } from '../../../domain/schema';
import { AccountTable, type AccountStatisticsFigures } from '../../../domain/accountStatistics';
import { unlessSwitchedOff, type SwitchedOff } from '../../shared/connectionSwitch';
import type { RecordRef } from '../../shared/pcfContext';

export interface AccountStatisticsRecord {
  enabled: true;
  /** ERP customer number on the account; null when the account is not linked to an ERP customer. */
  customerNumber: string | null;
  /** Null until the connector has written statistics for this customer. */
  statistics: AccountStatisticsFigures | null;
}

/** The account's figures, or nothing to show when an administrator turned ERP statistics off. */
export type AccountStatisticsData = AccountStatisticsRecord | SwitchedOff;

/** Reads an account's ERP statistics. Tests replace it; the form uses WebApiStatisticsReader. */
export interface StatisticsReader {
  read(account: RecordRef): Promise<AccountStatisticsData>;
}

const statisticsColumns = [
  C.customerNumber, C.currencyCode, C.balance, C.outstandingOrders, C.shippedNotInvoiced, C.outstandingInvoices,
  C.outstandingServiceOrders, C.serviceShippedNotInvoiced, C.outstandingServiceInvoices, C.total, C.creditLimit,
  C.overdueAmount, C.overdueAsOf, C.totalSales, C.invoicedPrepayments, C.agingCurrent, C.aging1To30, C.aging31To60,
  C.aging61To90, C.agingOver90, C.lastPaymentDate, C.lastPaymentAmount, C.refreshedOn,
];

/**
 * One request: the account and, through its statistics lookup (navigation property named like the lookup
 * column), every figure (plus the switch, see connectionSwitch).
 */
export function statisticsQuery(): string {
  return `?$select=${AccountColumns.customerNumber}&$expand=${AccountColumns.statistics}($select=${statisticsColumns.join(',')})`;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

export function toFigures(row: Record<string, unknown>): AccountStatisticsFigures {
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
    refreshedOn: str(row[C.refreshedOn]),
  };
}

export class WebApiStatisticsReader implements StatisticsReader {
  constructor(private readonly webAPI: ComponentFramework.WebApi) {}

  async read(account: RecordRef): Promise<AccountStatisticsData> {
    const figures = this.webAPI.retrieveRecord(AccountTable.logicalName, account.id, statisticsQuery()) as Promise<Record<string, unknown>>;
    const record = await unlessSwitchedOff(this.webAPI, ConnectionColumns.statisticsEnabled, figures);
    if (!record) return { enabled: false };
    const expanded = record[AccountColumns.statistics];
    const row = expanded && typeof expanded === 'object' ? (expanded as Record<string, unknown>) : null;
    return {
      enabled: true,
      customerNumber: str(record[AccountColumns.customerNumber]) ?? (row ? str(row[C.customerNumber]) : null),
      statistics: row ? toFigures(row) : null,
    };
  }
}
