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
  /**
   * The ERP lastModifiedDateTime recorded at the last synchronisation (erp_coupling.erp_erpversion): when known,
   * "the ERP changed" is an exact comparison, immune to clocks and to the synchronisation's own writes.
   */
  erpVersionSynced?: string | null;
  /** Sales modifiedon. */
  crmModified: string | null;
  /** Sales modifiedby is the integration user. */
  crmModifiedByIntegration: boolean;
}

export type Winner = 'erp' | 'crm' | 'none' | 'conflict';

const time = (iso: string | null): number => (iso ? Date.parse(iso) : NaN);

/**
 * Dataverse keeps date-times to the second, so erp_lastsyncedon only says "during that second". A Sales change
 * (also to the second) in that second may be later than the synchronisation: it counts as a change (the value
 * comparison then finds nothing to do if it was not). An ERP change (to the millisecond) counts only after that
 * second: the integration's own ERP writes happen just before erp_lastsyncedon is taken.
 */
export function changedSince(modified: string | null, lastSyncedOn: string | null, side: 'erp' | 'crm' = 'erp'): boolean {
  if (!lastSyncedOn) return true;
  const m = time(modified);
  if (Number.isNaN(m)) return false;
  const synced = time(lastSyncedOn);
  const wholeSecond = synced % 1000 === 0;
  if (side === 'crm') return wholeSecond ? m >= synced : m > synced;
  return wholeSecond ? m >= synced + 1000 : m > synced;
}

export function decideWinner(s: PairState): Winner {
  const fromErp = flows(s.direction, 'fromErp');
  const toErp = flows(s.direction, 'toErp');
  const erpChanged = fromErp && (s.erpVersionSynced ? s.erpModified !== s.erpVersionSynced : changedSince(s.erpModified, s.lastSyncedOn, 'erp'));
  const crmChanged = toErp && !s.crmModifiedByIntegration && !!s.lastSyncedOn && changedSince(s.crmModified, s.lastSyncedOn, 'crm');
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
