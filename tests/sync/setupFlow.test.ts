/**
 * The setup page's data layer against the Dataverse stand-in, answered by the connector's queue worker with the
 * synchronisation handlers: what the page does end to end, as the admin, every step twice.
 */
import { WriteInProductType } from '../../domain/schema';
import { coupleHandler } from '../../connector/flows/coupling';
import { QueueWorker } from '../../connector/queue/worker';
import { attachSync, type SyncJobs } from '../../connector/sync';
import { WebApiSetupData, type RequestAnswer } from '../../webresources/setup/data';
import { startSyncHarness, type SyncHarness } from './harness';

let h: SyncHarness;
let worker: QueueWorker;
let sync: SyncJobs;
let page: WebApiSetupData;

beforeAll(async () => {
  h = await startSyncHarness();
  worker = new QueueWorker(h.services);
  sync = attachSync(h.services, worker, { basicCouple: coupleHandler() });
  page = new WebApiSetupData(h.dv.apiUrl, fetch, { Authorization: `Bearer ${h.dv.tokens.admin}` });
});
afterAll(() => h.close());

async function ask(kind: 'testConnection' | 'couple' | 'fullSync' | 'syncRecord', payload: unknown, target?: { table: string; id: string }): Promise<RequestAnswer> {
  const id = await page.queue(kind, payload, target);
  expect((await page.readRequest(id)).state).toBe('pending');
  await worker.wake();
  return page.readRequest(id);
}

describe('assisted setup, end to end', () => {
  it('reads and saves the ERP connection with the choices, which the synchronisation then follows', async () => {
    const c = await page.readConnection();
    expect(c).toMatchObject({ id: h.dv.seedInfo!.connectionId, apiBaseUrl: h.bc.apiUrl, syncMappings: [] });
    expect(c).toMatchObject({ availabilityEnabled: true, statisticsEnabled: true });
    await page.saveConnection({ ...c!, autoCreateOrders: true, statisticsEnabled: false, statisticsInterval: 60, syncMappings: ['CURRENCY', 'UNIT OF MEASURE'] });
    expect(await page.readConnection()).toMatchObject({ autoCreateOrders: true, availabilityEnabled: true, statisticsEnabled: false, statisticsInterval: 60, syncMappings: ['CURRENCY', 'UNIT OF MEASURE'] });
    expect(await h.dvApi().get(`erp_connections(${c!.id})?$select=erp_statisticsenabled`)).toMatchObject({ erp_statisticsenabled: false });
    expect((await h.ctx()).selection).toEqual(['CURRENCY', 'UNIT OF MEASURE']);
    await page.saveConnection({ ...c!, statisticsEnabled: true, syncMappings: [] });
    expect((await h.ctx()).selection).toBeNull();
    // The write-in setup the connector and the command bar read, saved as an ERP code.
    await page.saveConnection({ ...c!, writeInType: 'resource', writeInNumber: 'r-install' });
    expect(await h.dvApi().get(`erp_connections(${c!.id})?$select=erp_writeinproducttype,erp_writeinproductnumber`)).toMatchObject({ erp_writeinproducttype: WriteInProductType.resource, erp_writeinproductnumber: 'R-INSTALL' });
    expect(await page.readConnection()).toMatchObject({ writeInType: 'resource', writeInNumber: 'R-INSTALL' });
    await page.saveConnection(c!);
  });

  it('tests the connection through the connector, as many times as asked', async () => {
    for (let i = 0; i < 2; i++) {
      const a = await ask('testConnection', undefined);
      expect(a.state).toBe('succeeded');
      expect(a.result).toMatchObject({ ok: true, erp: { ok: true, company: h.bc.companyName }, dataverse: { ok: true } });
      expect((a.result!.user as Array<{ code: string }>).map((x) => x.code)).toEqual(['USER_OK']);
      // The connector's share of each service's request budget, for the page's service-protection lines.
      expect(a.result!.budget).toMatchObject({ dataverse: { limit: expect.any(Number), windowSeconds: 300 }, erp: { limit: expect.any(Number), windowSeconds: 300 } });
      expect((a.result!.budget as { dataverse: { used: number } }).dataverse.used).toBeGreaterThan(0);
    }
  });

  it('lists users with their salespeople, and couples a user the page chose', async () => {
    const users = await page.listUsers();
    const camille = users.find((u) => u.id === h.dv.users.salesperson.id)!;
    expect(camille.salespersonCode).toBe(h.dv.users.salesperson.salespersonCode);
    expect(users.find((u) => u.id === h.dv.users.integration.id)).toBeUndefined();
    const lea = users.find((u) => u.id === h.dv.users.availability.id)!;
    expect(lea.salespersonCode).toBeNull();

    const list = await ask('couple', { operation: 'search', mapping: 'SALESPEOPLE', query: '*' });
    const codes = (list.result!.matches as Array<{ number: string }>).map((m) => m.number);
    expect(codes).toEqual(expect.arrayContaining(h.dv.demo!.salespeople.map((s) => s.code)));

    await h.bcApi().post('salespeoplePurchasers', { code: 'LP', displayName: 'Léa Petit', email: 'lea.petit@equipements-alpins.example' });
    const coupled = await ask('couple', { operation: 'couple', mapping: 'SALESPEOPLE', erpNumber: 'LP' }, { table: 'systemuser', id: lea.id });
    expect(coupled.error).toBeNull();
    expect((await page.listUsers()).find((u) => u.id === lea.id)!.salespersonCode).toBe('LP');
    const again = await ask('couple', { operation: 'couple', mapping: 'SALESPEOPLE', erpNumber: 'LP' }, { table: 'systemuser', id: lea.id });
    expect(again.state).toBe('succeeded');
  });

  it('starts the full synchronisation and reads its progress per mapping; a second start while it runs shows the same run', async () => {
    const first = await ask('fullSync', { mappings: ['CURRENCY', 'UNIT OF MEASURE'] });
    const run = String(first.result!.run);
    const queued = await page.runJobs(run);
    expect(queued.map((j) => [j.mapping, j.state])).toEqual(expect.arrayContaining([['CURRENCY', 'queued'], ['UNIT OF MEASURE', 'queued']]));
    const second = await ask('fullSync', { mappings: ['CUSTOMER'] });
    expect(second.result).toMatchObject({ run, resumed: true });
    await sync.runFullSync();
    const done = await page.runJobs(run);
    expect(done.map((j) => [j.mapping, j.state, j.progress])).toEqual(expect.arrayContaining([['CURRENCY', 'succeeded', 100], ['UNIT OF MEASURE', 'succeeded', 100]]));
  });
  it('counts the records a run skipped, and retries them all once the cause is fixed', async () => {
    const first = await ask('fullSync', { mappings: ['CUSTOMER'] });
    await sync.runFullSync();
    expect((await page.runJobs(String(first.result!.run))).find((j) => j.mapping === 'CUSTOMER')).toMatchObject({ failed: 1 });
    const before = await page.countSkipped();
    expect(before).toBeGreaterThanOrEqual(1);
    // The blocked ERP customer is what the run skipped; unblocked in the ERP, the retry brings it across.
    const [blocked] = await h.bcApi().list(`customers?$filter=number eq 'C10570'`);
    await h.bcApi().patch(`customers(${blocked.id})`, { blocked: ' ' });
    const a = await ask('syncRecord', { operation: 'retry' });
    expect(a.state).toBe('succeeded');
    // The demo has this customer's account in Sales already: the retry matches and couples it (no second account).
    expect(a.result).toMatchObject({ retried: before, failed: 0 });
    expect(Number(a.result!.inserted) + Number(a.result!.modified)).toBe(1);
    expect(await page.countSkipped()).toBe(before - 1);
    expect(await h.dvApi().list(`accounts?$select=accountid&$filter=accountnumber eq 'C10570'`)).toHaveLength(1);
  });
});
