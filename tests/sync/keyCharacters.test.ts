/* eslint-disable @typescript-eslint/no-explicit-any -- Web API JSON bodies */
/**
 * Item numbers with characters Dataverse cannot carry in an alternate key (/ < > * % & : \ ?, "Define alternate
 * keys"): the item A/100:B goes through a full synchronisation into Sales, its availability is refreshed, and a
 * blocked item with such a number leaves its one-sided coupling row — none of it addressed by such a key.
 */
import { runPendingFullSync, startFullSync } from '../../connector/sync/fullSync';
import { refreshChangedAvailability } from '../../connector/flows/availability';
import { Tables } from '../../domain/schema';
import { startSyncHarness, type SyncHarness } from './harness';

let h: SyncHarness;
/** The BC stand-in's back-office route (stock moves), as tests/connector/harness.ts calls it. */
async function stock(itemNumber: string, quantity: number): Promise<void> {
  const r = await fetch(`${h.bc.adminUrl}/stock`, { method: 'POST', headers: { Authorization: `Bearer ${h.bc.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ itemNumber, locationCode: 'MAIN', quantity }) });
  expect(r.status).toBeLessThan(400);
}

beforeAll(async () => {
  h = await startSyncHarness();
  const bc = h.bcApi();
  await bc.post('items', { number: 'A/100:B', displayName: 'Raccord coudé 100 mm', type: 'Inventory', baseUnitOfMeasureCode: 'PCS', unitPrice: 12.5 });
  await bc.post('items', { number: 'B/200?C', displayName: 'Article bloqué à clé', blocked: true });
  const ctx = await h.ctx();
  await startFullSync(ctx);
  await runPendingFullSync(ctx);
});
afterAll(() => h.close());

describe('keys with forbidden characters', () => {
  it('the stand-in refuses them by key, as Dataverse does, and finds them by filter', async () => {
    const res = await h.dvApi().call('GET', `${Tables.itemAvailability.entitySet}(erp_itemnumber='A/100:B',erp_locationcode='MAIN')`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("contains '/'");
    const old = await h.dvApi().call('PATCH', `erp_couplings(erp_crmtable='pending:product',erp_crmid='00000000-0000-0000-0000-000000000001')`, { erp_name: 'x' });
    expect(old.status).toBe(400);
  });

  it('A/100:B reaches Sales through a full synchronisation, coupled under its number', async () => {
    const [p] = await h.dvApi().list(`products?$filter=${encodeURIComponent("productnumber eq 'A/100:B'")}&$select=productid,name,statecode`);
    expect(p).toEqual(expect.objectContaining({ name: 'Raccord coudé 100 mm', statecode: 0 }));
    const couplings = await h.dvApi().list(`erp_couplings?$filter=${encodeURIComponent(`erp_crmtable eq 'product' and erp_crmid eq '${p.productid}'`)}&$select=erp_erpnumber,erp_skipped`);
    expect(couplings).toEqual([expect.objectContaining({ erp_erpnumber: 'A/100:B', erp_skipped: false })]);
  });

  it('its availability rows are written by id, twice without duplicates', async () => {
    await stock('A/100:B', 5);
    const first = await refreshChangedAvailability(h.services);
    expect(first.errors).toEqual([]);
    const rows = async () => h.dvApi().list(`${Tables.itemAvailability.entitySet}?$filter=${encodeURIComponent("erp_itemnumber eq 'A/100:B'")}&$select=erp_locationcode,erp_onhand`);
    const once = await rows();
    expect(once.find((r: any) => r.erp_locationcode === 'MAIN')?.erp_onhand).toBe(5);
    await stock('A/100:B', 2);
    expect((await refreshChangedAvailability(h.services)).errors).toEqual([]);
    const twice = await rows();
    expect(twice).toHaveLength(once.length);
    expect(twice.find((r: any) => r.erp_locationcode === 'MAIN')?.erp_onhand).toBe(7);
  });

  it('a blocked item B/200?C keeps its one-sided coupling row under the new prefix', async () => {
    const [item] = await h.bcApi().list(`items?$filter=${encodeURIComponent("number eq 'B/200?C'")}`);
    const rows = await h.dvApi().list(`erp_couplings?$filter=${encodeURIComponent(`erp_crmtable eq 'pending-product' and erp_erpid eq '${item.id}'`)}&$select=erp_skipped,erp_erpnumber`);
    expect(rows).toEqual([expect.objectContaining({ erp_skipped: true, erp_erpnumber: 'B/200?C' })]);
  });
});
