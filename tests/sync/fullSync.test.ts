/* eslint-disable @typescript-eslint/no-explicit-any -- Web API JSON bodies */
/**
 * Full synchronisation against both stand-ins: dependency order, progress per mapping in erp_syncjob, matching
 * before creating (no duplicates), re-run idempotency, and resuming after the process died mid-run.
 */
import { SyncJobKind, SyncJobState } from '../../domain/schema';
import { SimulatedCrash } from '../../connector/services';
import { runPendingFullSync, startFullSync } from '../../connector/sync/fullSync';
import { clock, startSyncHarness, type SyncHarness } from './harness';

const ORDER = ['SALESPEOPLE', 'CURRENCY', 'UNIT OF MEASURE', 'PAYMENT TERMS', 'SHIPMENT METHOD', 'CUSTOMER', 'CONTACT', 'ITEM-PRODUCT', 'RESOURCE-PRODUCT', 'PRICE LIST', 'PRICE LIST LINE'];

async function jobsOf(h: SyncHarness, run: string): Promise<any[]> {
  return h.dvApi().list(`erp_syncjobs?$filter=${encodeURIComponent(`erp_kind eq ${SyncJobKind.full} and startswith(erp_name,'Full synchronisation ${run} ')`)}&$orderby=createdon asc`);
}

describe('full synchronisation', () => {
  let h: SyncHarness;
  let firstRun = '';
  beforeAll(async () => {
    h = await startSyncHarness();
    // Existing on both sides without a common number: must be coupled by name, not duplicated.
    await h.bcApi().post('customers', { displayName: 'Zeta Outillage', city: 'Lyon', country: 'FR' });
    await h.dvApi().post('accounts', { name: 'Zeta Outillage', customertypecode: 3 });
  });
  afterAll(() => h.close());

  it('runs every enabled mapping in dependency order, with counts and progress per mapping in erp_syncjob', async () => {
    const ctx = await h.ctx();
    const start = await startFullSync(ctx);
    firstRun = start.run;
    expect(start.mappings).toEqual(ORDER);
    const queued = await jobsOf(h, start.run);
    expect(queued.map((j) => j.erp_state)).toEqual(ORDER.map(() => SyncJobState.queued));

    const summary = await runPendingFullSync(ctx);
    expect(summary.ran.map((r) => r.mapping)).toEqual(ORDER);
    const jobs = await jobsOf(h, start.run);
    const byMapping = Object.fromEntries(jobs.map((j) => [j.erp_mapping, j]));
    for (const m of ORDER) {
      expect(byMapping[m].erp_progress).toBe(100);
      expect(byMapping[m].erp_finishedon).toBeTruthy();
    }
    // Dependencies finished before their dependants started.
    expect(Date.parse(byMapping.SALESPEOPLE.erp_finishedon)).toBeLessThanOrEqual(Date.parse(byMapping.CUSTOMER.erp_startedon));
    expect(Date.parse(byMapping['UNIT OF MEASURE'].erp_finishedon)).toBeLessThanOrEqual(Date.parse(byMapping['ITEM-PRODUCT'].erp_startedon));
    expect(Date.parse(byMapping['PRICE LIST'].erp_finishedon)).toBeLessThanOrEqual(Date.parse(byMapping['PRICE LIST LINE'].erp_startedon));

    // 61 ERP customers (the demo's 60 and Zeta): the blocked one fails with its reason, the rest reach Sales.
    const c = byMapping.CUSTOMER;
    expect(c.erp_state).toBe(SyncJobState.completedWithErrors);
    expect(c.erp_inserted + c.erp_modified + c.erp_unchanged).toBe(60);
    expect(c.erp_failed).toBe(1);
    expect(c.erp_lasterror).toContain('The ERP customer C10570 (Charpente Perrin Frères) is blocked in the ERP (All), so it is not synchronised.');
    expect(byMapping['ITEM-PRODUCT'].erp_state).toBe(SyncJobState.succeeded);
    // The seeded price lists are coupled (named by code, as the mapping names them): none is created twice, and
    // their lines are found again by price list + product + unit; only lines Sales lacked are inserted.
    expect(byMapping['PRICE LIST'].erp_inserted).toBe(0);
    expect(byMapping['PRICE LIST'].erp_unchanged + byMapping['PRICE LIST'].erp_modified).toBe(3);
    const lines = byMapping['PRICE LIST LINE'];
    expect(lines.erp_inserted + lines.erp_modified + lines.erp_unchanged).toBeGreaterThan(700);
    expect(lines.erp_inserted).toBeLessThan(50);
    const lists = await h.dvApi().list(`pricelevels?$select=name&$filter=${encodeURIComponent("startswith(name,'S0000')")}`);
    expect(lists.map((l: any) => l.name).sort()).toEqual(['S00001', 'S00002', 'S00003']);
  });

  it('creates what Sales lacks with its number, owner, currency and payment terms, coupled', async () => {
    const api = h.dvApi();
    const demo = h.dv.demo!;
    const missing = demo.customers.find((x) => !x.inSales)!;
    const [account] = await api.list(`accounts?$filter=accountnumber eq '${missing.number}'&$select=accountid,name,erp_customernumber,_ownerid_value,_transactioncurrencyid_value,paymenttermscode`);
    expect(account.name).toBe(missing.displayName);
    expect(account.erp_customernumber).toBe(missing.number);
    const owner = Object.values(h.dv.users).find((u) => u.salespersonCode === missing.salespersonCode)!;
    expect(account._ownerid_value).toBe(owner.id);
    const [currency] = await api.list(`transactioncurrencies?$filter=isocurrencycode eq '${missing.currencyCode}'&$select=transactioncurrencyid`);
    expect(account._transactioncurrencyid_value).toBe(currency.transactioncurrencyid);
    const [coupling] = await api.list(`erp_couplings?$filter=erp_crmtable eq 'account' and erp_crmid eq '${account.accountid}'`);
    expect(coupling.erp_erpentity).toBe('customers');
    expect(coupling.erp_erpnumber).toBe(missing.number);
    expect(coupling.erp_skipped).toBe(false);
    // The choice of the customer's payment terms exists and is the coupled one.
    const terms = await h.bcApi().list(`paymentTerms?$filter=code eq '${missing.paymentTermsCode}'`);
    const [termsCoupling] = await api.list(`erp_couplings?$filter=erp_crmtable eq 'account.paymenttermscode' and erp_erpid eq '${terms[0].id}'`);
    expect(account.paymenttermscode).toBe(Number(termsCoupling.erp_crmid));
  });

  it('matches existing records by name before creating: no duplicate', async () => {
    const api = h.dvApi();
    const accounts = await api.list(`accounts?$filter=name eq 'Zeta Outillage'&$select=accountid,accountnumber`);
    expect(accounts).toHaveLength(1);
    const [erp] = await h.bcApi().list(`customers?$filter=displayName eq 'Zeta Outillage'`);
    expect(accounts[0].accountnumber).toBe(erp.number);
    const couplings = await api.list(`erp_couplings?$filter=erp_crmid eq '${accounts[0].accountid}'`);
    expect(couplings.map((x: any) => x.erp_erpid)).toEqual([erp.id]);
    // Each of the demo's ERP items is one product, whatever it was before.
    for (const item of h.dv.demo!.items.slice(0, 20)) expect(await api.list(`products?$select=productid&$filter=productnumber eq '${item.number}'`)).toHaveLength(1);
  });

  it('is idempotent: a second run changes nothing, and its counts say so', async () => {
    const api = h.dvApi();
    const before = { accounts: (await api.list('accounts?$select=accountid')).length, products: (await api.list('products?$select=productid')).length, couplings: (await api.list('erp_couplings?$select=erp_couplingid')).length };
    const erpBefore = (await h.bcApi().list('customers?$select=id,lastModifiedDateTime')).map((x: any) => `${x.id}${x.lastModifiedDateTime}`).sort();
    const ctx = await h.ctx();
    const start = await startFullSync(ctx);
    expect(start.run).not.toBe(firstRun);
    await runPendingFullSync(ctx);
    for (const j of await jobsOf(h, start.run)) {
      expect({ mapping: j.erp_mapping, inserted: j.erp_inserted, modified: j.erp_modified, failed: j.erp_failed }).toEqual({ mapping: j.erp_mapping, inserted: 0, modified: 0, failed: 0 });
      expect(j.erp_unchanged + j.erp_skipped).toBeGreaterThan(0);
    }
    const after = { accounts: (await api.list('accounts?$select=accountid')).length, products: (await api.list('products?$select=productid')).length, couplings: (await api.list('erp_couplings?$select=erp_couplingid')).length };
    expect(after).toEqual(before);
    expect((await h.bcApi().list('customers?$select=id,lastModifiedDateTime')).map((x: any) => `${x.id}${x.lastModifiedDateTime}`).sort()).toEqual(erpBefore);
  });

  it('starting while a run is unfinished returns that run instead of a second one', async () => {
    const ctx = await h.ctx();
    const a = await startFullSync(ctx, ['CURRENCY']);
    const b = await startFullSync(ctx);
    expect(b).toEqual({ run: a.run, mappings: ['CURRENCY'], resumed: true });
    await runPendingFullSync(ctx);
    expect((await jobsOf(h, a.run)).map((j) => j.erp_state)).toEqual([SyncJobState.succeeded]);
  });
});

describe('full synchronisation after a crash', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness();
  });
  afterAll(async () => {
    clock.offsetMs = 0;
    await h.close();
  });

  it('resumes from the cursor of the job the dead process left, without processing a record twice', async () => {
    let pages = 0;
    const crashing = await h.ctx({
      erpPageSize: 10,
      onProgress: (p) => {
        if (p.mapping === 'CUSTOMER' && p.phase === 'erp' && ++pages === 3) throw new SimulatedCrash();
      },
    });
    const start = await startFullSync(crashing, ['CUSTOMER']);
    await expect(runPendingFullSync(crashing)).rejects.toBeInstanceOf(SimulatedCrash);
    let [job] = (await jobsOf(h, start.run)).filter((j) => j.erp_mapping === 'CUSTOMER');
    expect(job.erp_state).toBe(SyncJobState.running);
    expect(job.erp_watermark).toMatch(/^A:C\d+$/);
    const doneBefore = job.erp_inserted + job.erp_modified + job.erp_unchanged + job.erp_failed;
    expect(doneBefore).toBe(30);

    // Another process within the lease leaves it alone...
    const other = await h.ctx({ erpPageSize: 10 });
    expect((await runPendingFullSync(other)).waiting).toEqual(['CUSTOMER']);
    // ...and takes it over once the lease has expired, from where it stopped.
    clock.offsetMs = 11 * 60_000;
    const summary = await runPendingFullSync(other);
    expect(summary.ran.map((r) => r.mapping)).toEqual(['CUSTOMER']);
    [job] = (await jobsOf(h, start.run)).filter((j) => j.erp_mapping === 'CUSTOMER');
    expect(job.erp_state).toBe(SyncJobState.completedWithErrors);
    // 60 ERP customers, each counted once: 30 before the crash, 30 after.
    expect(job.erp_inserted + job.erp_modified + job.erp_unchanged + job.erp_failed + job.erp_skipped).toBe(60);
    expect(job.erp_watermark).toBe('done');
  });
});
