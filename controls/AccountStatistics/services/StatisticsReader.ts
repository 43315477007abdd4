/// <reference types="powerapps-component-framework" />
import { AccountColumns, AccountStatisticsColumns as C, ConnectionColumns } from '../../../domain/schema';
import { textOrNull } from '../../../domain/values';
import { AccountTable, STATISTICS_COLUMNS, statisticsFromRow, type AccountStatisticsFigures } from '../../../domain/accountStatistics';
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

/**
 * One request: the account and, through its statistics lookup (navigation property named like the lookup
 * column), every figure (plus the switch, see connectionSwitch).
 */
export function statisticsQuery(): string {
  return `?$select=${AccountColumns.customerNumber}&$expand=${AccountColumns.statistics}($select=${STATISTICS_COLUMNS.join(',')})`;
}

const str = textOrNull;

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
      statistics: row ? statisticsFromRow(row) : null,
    };
  }
}
