import { changedSince, decideWinner, type PairState } from '../../domain/mappings';

const base: PairState = { direction: 'bidirectional', rule: 'erpWins', lastSyncedOn: '2026-11-20T10:00:00Z', erpModified: '2026-11-20T09:00:00Z', crmModified: '2026-11-20T09:00:00Z', crmModifiedByIntegration: false };

describe('who wins for a coupled pair', () => {
  it('the side that changed since the last synchronisation; nobody when neither did', () => {
    expect(decideWinner(base)).toBe('none');
    expect(decideWinner({ ...base, erpModified: '2026-11-20T10:05:00.123Z' })).toBe('erp');
    expect(decideWinner({ ...base, crmModified: '2026-11-20T10:05:00Z' })).toBe('crm');
  });

  it('both changed: the conflict rule of the mapping', () => {
    const both = { ...base, erpModified: '2026-11-20T10:05:00.000Z', crmModified: '2026-11-20T10:06:00Z' };
    expect(decideWinner({ ...both, rule: 'erpWins' })).toBe('erp');
    expect(decideWinner({ ...both, rule: 'salesWins' })).toBe('crm');
    expect(decideWinner({ ...both, rule: 'newestWins' })).toBe('crm');
    expect(decideWinner({ ...both, rule: 'newestWins', erpModified: '2026-11-20T10:07:00.000Z' })).toBe('erp');
    expect(decideWinner({ ...both, rule: 'skip' })).toBe('conflict');
  });

  it('changes by the integration user are not Sales changes (no echo)', () => {
    expect(decideWinner({ ...base, crmModified: '2026-11-20T10:05:00Z', crmModifiedByIntegration: true })).toBe('none');
  });

  it('a one-way mapping ignores the other side', () => {
    expect(decideWinner({ ...base, direction: 'fromErp', crmModified: '2026-11-20T10:05:00Z' })).toBe('none');
    expect(decideWinner({ ...base, direction: 'toErp', erpModified: '2026-11-20T10:05:00Z' })).toBe('none');
  });

  it('with the ERP version recorded at the last synchronisation, an ERP change is an exact comparison', () => {
    const v = '2026-11-20T10:00:00.400Z';
    // The synchronisation's own ERP write, in the same second as erp_lastsyncedon: not a change.
    expect(decideWinner({ ...base, erpVersionSynced: v, erpModified: v, crmModified: '2026-11-20T10:05:00Z' })).toBe('crm');
    // Any other value is a change, even a millisecond later.
    expect(decideWinner({ ...base, erpVersionSynced: v, erpModified: '2026-11-20T10:00:00.401Z' })).toBe('erp');
  });

  it('Sales times are whole seconds: a Sales change in the second of the synchronisation counts, an ERP one does not', () => {
    expect(changedSince('2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z', 'crm')).toBe(true);
    expect(changedSince('2026-11-20T09:59:59Z', '2026-11-20T10:00:00Z', 'crm')).toBe(false);
    expect(changedSince('2026-11-20T10:00:00.900Z', '2026-11-20T10:00:00Z', 'erp')).toBe(false);
    expect(changedSince('2026-11-20T10:00:01.000Z', '2026-11-20T10:00:00Z', 'erp')).toBe(true);
    expect(changedSince('2026-11-20T10:00:00.501Z', '2026-11-20T10:00:00.500Z', 'erp')).toBe(true);
    expect(changedSince(null, null)).toBe(true);
  });
});
