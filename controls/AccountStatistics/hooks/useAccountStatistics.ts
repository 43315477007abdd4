import type { RecordRef } from '../../shared/pcfContext';
import { useLoad, type LoadState } from '../../shared/useLoad';
import type { AccountStatisticsData, StatisticsReader } from '../services/StatisticsReader';

/** The account's statistics: one read per account, again on reload (after a refresh or a retry). */
export function useAccountStatistics(reader: StatisticsReader, account: RecordRef | null): LoadState<AccountStatisticsData> & { reload: () => void } {
  return useLoad(account ? () => reader.read(account) : null, account ? `${account.table}:${account.id}` : '');
}
