/**
 * The synchronisation page's decisions (connector/sync/planPage.ts), without any service: who wins a coupled pair
 * (direction and conflict rules, a forced side, the run's mode), the write when the ERP wins (changed, unchanged,
 * retried), a coupled record whose counterpart was deleted, and what an uncoupled record matches on the other side.
 */
import { defaultMappingSet, type IntegrationMapping } from '../../domain/mappings';
import type { Coupling } from '../../connector/sync/couplings';
import { counterpartGone, matchInErp, matchInSales, pairWinner, planSalesUpdate, type PairState } from '../../connector/sync/planPage';

const mapping = (name: string, over: Partial<IntegrationMapping> = {}): IntegrationMapping => ({ ...defaultMappingSet().mappings.find((m) => m.name === name)!, ...over });
const CUSTOMER = mapping('CUSTOMER');
const ME = 'aaaaaaaa-0000-4000-8000-000000000001';
const SYNCED = '2026-03-01T10:00:00.000Z';
const coupling = (over: Partial<Coupling> = {}): Coupling => ({
  id: 'cpl-1',
  crmTable: 'account',
  crmId: '11111111-0000-4000-8000-000000000001',
  erpEntity: 'customers',
  erpId: '22222222-0000-4000-8000-000000000001',
  erpNumber: 'C001',
  lastSyncedOn: SYNCED,
  erpVersion: '2026-03-01T09:59:00Z',
  skipped: false,
  lastError: null,
  ...over,
});
const account = (over: Record<string, unknown> = {}) => ({ accountid: '11111111-0000-4000-8000-000000000001', name: 'Contoso', accountnumber: 'C001', modifiedon: '2026-03-01T09:00:00Z', _modifiedby_value: 'someone', ...over });

describe('who wins a coupled pair', () => {
  const state = (over: Partial<PairState> = {}): PairState => ({ mapping: CUSTOMER, mode: 'incremental', force: null, coupling: coupling(), erpModified: '2026-03-01T09:59:00Z', crm: account(), integrationUserId: ME, ...over });
  const erpChanged = { erpModified: '2026-03-02T08:00:00Z' };
  const crmChanged = { crm: account({ modifiedon: '2026-03-02T09:00:00Z' }) };

  it('neither side changed: an incremental run leaves the pair, a full run or a retry takes the main direction', () => {
    expect(pairWinner(state())).toBe('none');
    expect(pairWinner(state({ mode: 'full' }))).toBe('erp');
    expect(pairWinner(state({ mode: 'retry', mapping: mapping('SALESPEOPLE') }))).toBe('crm');
  });

  it('the side that changed wins; the connector’s own Sales change is not a change', () => {
    expect(pairWinner(state(erpChanged))).toBe('erp');
    expect(pairWinner(state(crmChanged))).toBe('crm');
    expect(pairWinner(state({ crm: account({ modifiedon: '2026-03-02T09:00:00Z', _modifiedby_value: ME }) }))).toBe('none');
  });

  it('both changed: the mapping’s conflict rule decides (ERP wins, Sales wins, newest wins, skip = conflict)', () => {
    const both = { ...erpChanged, ...crmChanged };
    expect(pairWinner(state({ ...both, mapping: mapping('CUSTOMER', { conflictRule: 'erpWins' }) }))).toBe('erp');
    expect(pairWinner(state({ ...both, mapping: mapping('CUSTOMER', { conflictRule: 'salesWins' }) }))).toBe('crm');
    expect(pairWinner(state({ ...both, mapping: mapping('CUSTOMER', { conflictRule: 'newestWins' }) }))).toBe('crm');
    expect(pairWinner(state({ ...both, mapping: mapping('CUSTOMER', { conflictRule: 'skip' }) }))).toBe('conflict');
  });

  it('direction rules: a one-way mapping never lets the other side win; a forced side always wins', () => {
    const fromErpOnly = mapping('CUSTOMER', { direction: 'fromErp' });
    expect(pairWinner(state({ ...crmChanged, mapping: fromErpOnly }))).toBe('none');
    expect(pairWinner(state({ ...crmChanged, mapping: fromErpOnly, mode: 'full' }))).toBe('erp');
    expect(pairWinner(state({ ...erpChanged, force: 'crm' }))).toBe('crm');
  });
});

describe('the ERP’s values onto a coupled Sales record', () => {
  const now = new Date('2026-03-03T00:00:00Z');
  it('changed: one PATCH of what differs, and the coupling marked synchronised with the ERP version', () => {
    const w = planSalesUpdate(CUSTOMER, coupling(), account(), { name: 'Contoso SA', accountnumber: 'C001' }, now, '2026-03-02T08:00:00Z', true);
    expect(w.count).toBe('modified');
    expect(w.changes).toEqual({ name: 'Contoso SA' });
    expect(w.ops).toEqual([
      { method: 'PATCH', url: 'accounts(11111111-0000-4000-8000-000000000001)', body: { name: 'Contoso SA' } },
      { method: 'PATCH', url: 'erp_couplings(cpl-1)', body: { erp_lastsyncedon: now.toISOString(), erp_erpversion: '2026-03-02T08:00:00Z' } },
    ]);
  });

  it('unchanged: nothing written unless the ERP won or the record was failing (then its error is cleared)', () => {
    expect(planSalesUpdate(CUSTOMER, coupling(), account(), { name: 'Contoso' }, now, null, false)).toEqual({ ops: [], count: 'unchanged', changes: {} });
    const retried = planSalesUpdate(CUSTOMER, coupling({ skipped: true, lastError: 'earlier failure' }), account(), { name: 'Contoso' }, now, null, false);
    expect(retried.count).toBe('unchanged');
    expect(retried.ops).toEqual([{ method: 'PATCH', url: 'erp_couplings(cpl-1)', body: { erp_lastsyncedon: now.toISOString(), erp_skipped: false, erp_lasterror: null } }]);
    expect(planSalesUpdate(CUSTOMER, coupling(), account(), { name: 'Contoso' }, now, null, true).ops).toHaveLength(1);
  });

  it('a coupled record whose counterpart was deleted is a failure naming the side it is missing from', () => {
    expect(counterpartGone('sales')).toEqual({ code: 'REC_NOT_FOUND', params: {}, side: 'sales' });
    expect(counterpartGone('erp').side).toBe('erp');
  });
});

describe('what an uncoupled record matches', () => {
  const erpRow = (over: Record<string, unknown> = {}) => ({ id: '22222222-0000-4000-8000-000000000009', number: 'C009', displayName: 'Fabrikam', ...over });
  const sales = (id: string, name: string, number: string | null = null) => ({ accountid: id, name, accountnumber: number });
  const base = { mapping: CUSTOMER, row: erpRow(), key: { accountnumber: 'C009', name: 'Fabrikam' }, candidateCouplings: new Map(), erpCounts: new Map(), claimed: new Set<string>() };
  const A = '11111111-0000-4000-8000-00000000000a';
  const B = '11111111-0000-4000-8000-00000000000b';

  it('ERP → Sales: by number first, then by name; none means create', () => {
    expect(matchInSales({ ...base, candidatesByKey: [[sales(A, 'Other name', 'C009')], []] })).toEqual({ match: sales(A, 'Other name', 'C009') });
    expect(matchInSales({ ...base, candidatesByKey: [[], [sales(A, 'fabrikam ')]] })).toEqual({ match: sales(A, 'fabrikam ') });
    expect(matchInSales({ ...base, candidatesByKey: [[], []] })).toEqual({ none: true });
  });

  it('ERP → Sales: two Sales records with the name, a name the ERP holds twice, a match coupled elsewhere or claimed: no match, a problem', () => {
    expect(matchInSales({ ...base, candidatesByKey: [[], [sales(A, 'Fabrikam'), sales(B, 'Fabrikam')]] })).toEqual({ problem: { code: 'REC_DUPLICATE_CRM', params: { count: 2, column: 'name', value: 'Fabrikam' } } });
    expect(matchInSales({ ...base, candidatesByKey: [[], [sales(A, 'Fabrikam')]], erpCounts: new Map([['displayName=fabrikam', 2]]) })).toMatchObject({ problem: { code: 'REC_DUPLICATE_ERP', params: { count: 2 } } });
    const elsewhere = new Map([[A, coupling({ crmId: A, erpId: '22222222-0000-4000-8000-0000000000ff' })]]);
    expect(matchInSales({ ...base, candidatesByKey: [[], [sales(A, 'Fabrikam')]], candidateCouplings: elsewhere })).toEqual({ problem: { code: 'REC_ALREADY_COUPLED', params: {}, other: { side: 'sales', row: sales(A, 'Fabrikam') } } });
    expect(matchInSales({ ...base, candidatesByKey: [[], [sales(A, 'Fabrikam')]], claimed: new Set([A]) })).toMatchObject({ problem: { code: 'REC_ALREADY_COUPLED' } });
  });

  it('Sales → ERP: one ERP record by name is the match; two are a duplicate in the ERP; a name Sales holds twice is a duplicate in Sales', () => {
    const row = sales(A, 'Fabrikam');
    const crmBase = { mapping: CUSTOMER, row, key: { displayName: 'Fabrikam' }, candidateCouplings: new Map(), crmCounts: new Map(), claimed: new Set<string>() };
    expect(matchInErp({ ...crmBase, candidatesByKey: [[], [erpRow()]] })).toEqual({ match: erpRow() });
    expect(matchInErp({ ...crmBase, candidatesByKey: [[], [erpRow(), erpRow({ id: 'other' })]] })).toMatchObject({ problem: { code: 'REC_DUPLICATE_ERP', params: { count: 2, field: 'displayName' } } });
    expect(matchInErp({ ...crmBase, candidatesByKey: [[], [erpRow()]], crmCounts: new Map([['1|fabrikam', 2]]) })).toMatchObject({ problem: { code: 'REC_DUPLICATE_CRM', params: { count: 2 } } });
    const coupledElsewhere = new Map([[erpRow().id, coupling({ crmId: B, erpId: erpRow().id })]]);
    expect(matchInErp({ ...crmBase, candidatesByKey: [[], [erpRow()]], candidateCouplings: coupledElsewhere })).toMatchObject({ problem: { code: 'REC_ALREADY_COUPLED', other: { side: 'erp' } } });
    expect(matchInErp({ ...crmBase, candidatesByKey: [[], []] })).toEqual({ none: true });
  });
});
