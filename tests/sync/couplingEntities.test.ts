/* eslint-disable @typescript-eslint/no-explicit-any -- Web API JSON bodies */
/**
 * erp_coupling.erp_erpentity has one spelling (the API entity set, domain ErpEntitySets) whoever writes the row:
 * the stand-in's seed, the basic coupling, the synchronisation. Rows with the old singular names are read as the
 * same entity and rewritten by the next coupling.
 */
import { ErpEntitySets } from '../../domain/schema';
import { runCoupling } from '../../connector/flows/coupling';
import { startSyncHarness, type SyncHarness } from './harness';

describe('coupling rows name the ERP entity set', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness();
  });
  afterAll(() => h.close());

  it('the seeded couplings use entity set names only', async () => {
    const rows = await h.dvApi().list('erp_couplings?$select=erp_erpentity,erp_crmtable');
    expect(rows.length).toBeGreaterThan(50);
    const sets = new Set<string>(Object.values(ErpEntitySets));
    expect(rows.filter((r: any) => !sets.has(r.erp_erpentity))).toEqual([]);
    const byTable = new Map(rows.map((r: any) => [r.erp_crmtable, r.erp_erpentity]));
    expect(byTable.get('account')).toBe('customers');
    expect(byTable.get('pricelevel')).toBe('priceLists');
    expect(byTable.get('systemuser')).toBe('salespeoplePurchasers');
  });

  it('the basic coupling rewrites a row written with the old singular name, and leaves correct rows alone', async () => {
    const api = h.dvApi();
    const [account] = await api.list(`erp_couplings?$select=erp_couplingid,erp_crmid&$filter=${encodeURIComponent("erp_crmtable eq 'account' and erp_erpentity eq 'customers'")}&$top=1`);
    await api.patch(`erp_couplings(${account.erp_couplingid})`, { erp_erpentity: 'customer' });
    const first = await runCoupling(h.services);
    const after = await api.get(`erp_couplings(${account.erp_couplingid})?$select=erp_erpentity`);
    expect(after.erp_erpentity).toBe('customers');
    expect(first.written).toBeGreaterThanOrEqual(1);
    const second = await runCoupling(h.services);
    expect(second.written).toBe(0);
  });
});
