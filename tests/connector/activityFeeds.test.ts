/**
 * Activity feeds (issue 13 item 2): Dataverse lets a post regard an order or a quote only once the table is enabled
 * for activity feeds (an active msdyn_postconfig row, Microsoft Learn "Configure activity feeds"). The stand-in
 * refuses such a post until then; `register` and the setup page's check enable the order and quote walls, read
 * them back and say what to do when they cannot.
 */
import { enableWalls } from '../../connector/register';
import { checkWalls } from '../../connector/setup/checks';
import { testConnection } from '../../connector/setup/testConnection';
import { api, createOrder, createQuote, enableWallsByHand, startStandins, startTestConnector, type Standins } from './harness';

jest.setTimeout(60_000);

let h: Standins;
beforeAll(async () => {
  h = await startStandins({ walls: false });
});
afterAll(async () => {
  await h?.close();
});

const setWall = async (table: string, on: boolean): Promise<void> => {
  const [row] = await api(h).list(`msdyn_postconfigs?$select=msdyn_postconfigid&$filter=msdyn_entityname eq '${table}'`);
  await api(h).patch('msdyn_postconfigs', row.msdyn_postconfigid, on ? { statecode: 0, statuscode: 1, msdyn_configurewall: true } : { statecode: 1, statuscode: 2, msdyn_configurewall: false });
};
const post = (table: 'salesorders' | 'quotes', id: string) => api(h).call('POST', 'posts', { text: 'ERP event', source: 1, type: 7, [`regardingobjectid_${table === 'salesorders' ? 'salesorder' : 'quote'}@odata.bind`]: `/${table}(${id})` });

describe('the stand-in refuses posts on tables not enabled for activity feeds', () => {
  it('a new organization has the order and quote configurations off, account and contact on', async () => {
    const rows = await api(h).list('msdyn_postconfigs?$select=msdyn_entityname,statecode,statuscode,msdyn_configurewall');
    const state = Object.fromEntries(rows.map((r: { msdyn_entityname: string; statecode: number }) => [r.msdyn_entityname, r.statecode]));
    expect(state).toMatchObject({ salesorder: 1, quote: 1, account: 0, contact: 0 });
  });

  it('refuses a post on an order and on a quote until the wall is on, then accepts it', async () => {
    const orderId = await createOrder(h, { lines: [{ quantity: 1 }] });
    const quoteId = await createQuote(h, { lines: [{ productNumber: 'SAF-0001', quantity: 1 }] });
    for (const [set, id] of [['salesorders', orderId], ['quotes', quoteId]] as const) {
      const r = await post(set, id);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('0x80040203');
      expect(r.body.error.message).toMatch(/not enabled for activity feeds/);
    }
    expect(await api(h).list(`posts?$filter=_regardingobjectid_value eq ${orderId}`)).toHaveLength(0);
    await setWall('salesorder', true);
    expect((await post('salesorders', orderId)).status).toBe(204);
    // Still off for quotes: one table's configuration does not enable another.
    expect((await post('quotes', quoteId)).status).toBe(400);
    // Switched off again: refused again (the rule is read at every create, not cached).
    await setWall('salesorder', false);
    expect((await post('salesorders', orderId)).status).toBe(400);
  });

  it('an active row whose status reason is not Active does not count', async () => {
    const orderId = await createOrder(h, { lines: [{ quantity: 1 }] });
    const [row] = await api(h).list(`msdyn_postconfigs?$select=msdyn_postconfigid&$filter=msdyn_entityname eq 'salesorder'`);
    // statecode 1 with statuscode 1 is not a valid pair: Dataverse refuses the state change itself.
    const bad = await api(h).call('PATCH', `msdyn_postconfigs(${row.msdyn_postconfigid})`, { statecode: 1, statuscode: 1 });
    expect(bad.status).toBe(400);
    expect((await post('salesorders', orderId)).status).toBe(400);
  });
});

describe('register and the setup check enable the walls and read them back', () => {
  it('enables both walls once; a second run finds them on', async () => {
    await setWall('salesorder', false);
    await setWall('quote', false);
    const c = await startTestConnector(h);
    try {
      const first = await enableWalls(c.services.dv, c.log);
      expect(first).toEqual([
        { table: 'salesorder', state: 'enabled' },
        { table: 'quote', state: 'enabled' },
      ]);
      const rows = await api(h).list(`msdyn_postconfigs?$select=msdyn_entityname,statecode,statuscode,msdyn_configurewall&$filter=msdyn_entityname eq 'salesorder' or msdyn_entityname eq 'quote'`);
      expect(rows.every((r: { statecode: number; statuscode: number; msdyn_configurewall: boolean }) => r.statecode === 0 && r.statuscode === 1 && r.msdyn_configurewall)).toBe(true);
      expect((await enableWalls(c.services.dv, c.log)).map((w) => w.state)).toEqual(['already enabled', 'already enabled']);
    } finally {
      await c.close();
    }
  });

  it('creates the row when the organization has none for the table', async () => {
    const [row] = await api(h).list(`msdyn_postconfigs?$select=msdyn_postconfigid&$filter=msdyn_entityname eq 'quote'`);
    await api(h).call('DELETE', `msdyn_postconfigs(${row.msdyn_postconfigid})`);
    const c = await startTestConnector(h);
    try {
      expect((await enableWalls(c.services.dv, c.log))[1]).toEqual({ table: 'quote', state: 'enabled' });
      expect(await api(h).list(`msdyn_postconfigs?$filter=msdyn_entityname eq 'quote' and statecode eq 0`)).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('a refusal is reported with Dataverse\'s answer and the fix, in English and French, and the setup check fails', async () => {
    await setWall('quote', false);
    const fault = h.dv.faults.add({ method: 'PATCH', path: 'msdyn_postconfigs', status: 403 });
    const c = await startTestConnector(h);
    try {
      const report = await testConnection(c.services);
      expect(report.ok).toBe(false);
      const quote = report.walls.find((w) => /quote/.test(w.en))!;
      expect(quote).toMatchObject({ code: 'WALL_FAILED', ok: false });
      expect(quote.en).toMatch(/Post Configurations → Quote → Activate/);
      expect(quote.fr).toMatch(/Configurations des publications → Devis → Activer/);
      expect(report.walls.find((w) => /orders/.test(w.en))).toMatchObject({ code: 'WALL_ON', ok: true });
      expect(c.log.lines.some((l) => l.level === 'error' && /quote wall could not be enabled/.test(String(l.msg)))).toBe(true);
    } finally {
      h.dv.faults.remove(fault.id!);
      await c.close();
    }
    await enableWallsByHand(h);
  });

  it('an environment without Activity Feeds is reported as such (not as enabled)', () => {
    const [c] = checkWalls([{ table: 'salesorder', state: 'unavailable' }]);
    expect(c).toMatchObject({ code: 'WALL_UNAVAILABLE', ok: false });
    expect(c.en).toMatch(/Activity Feeds is not installed/);
    expect(c.fr).toMatch(/flux d'activité ne sont pas installés/);
  });
});
