/**
 * Which side wins for a coupled pair: the side that changed since the last synchronisation; when both did, the
 * mapping's conflict rule. Changes made by the integration user do not count as Sales changes (they are the
 * integration's own writes coming back, and echoing them would ping-pong forever).
 */
import type { ConflictRule, Direction } from './types';
import { flows } from './validate';

export interface PairState {
  direction: Direction;
  rule: ConflictRule;
  /** erp_coupling.erp_lastsyncedon. */
  lastSyncedOn: string | null;
  /** ERP lastModifiedDateTime. */
  erpModified: string | null;
  /** Sales modifiedon. */
  crmModified: string | null;
  /** Sales modifiedby is the integration user. */
  crmModifiedByIntegration: boolean;
}

export type Winner = 'erp' | 'crm' | 'none' | 'conflict';

const time = (iso: string | null): number => (iso ? Date.parse(iso) : NaN);

export function changedSince(modified: string | null, lastSyncedOn: string | null): boolean {
  if (!lastSyncedOn) return true;
  const m = time(modified);
  return Number.isNaN(m) ? false : m > time(lastSyncedOn);
}

export function decideWinner(s: PairState): Winner {
  const fromErp = flows(s.direction, 'fromErp');
  const toErp = flows(s.direction, 'toErp');
  const erpChanged = fromErp && changedSince(s.erpModified, s.lastSyncedOn);
  const crmChanged = toErp && !s.crmModifiedByIntegration && !!s.lastSyncedOn && changedSince(s.crmModified, s.lastSyncedOn);
  if (erpChanged && crmChanged) {
    switch (s.rule) {
      case 'erpWins':
        return 'erp';
      case 'salesWins':
        return 'crm';
      case 'newestWins':
        return time(s.crmModified) > time(s.erpModified) ? 'crm' : 'erp';
      case 'skip':
        return 'conflict';
    }
  }
  if (erpChanged) return 'erp';
  if (crmChanged) return 'crm';
  return 'none';
}
