/* eslint-disable @typescript-eslint/no-explicit-any -- Web API JSON bodies */
/**
 * Incremental synchronisation both ways by modified-since watermarks, the conflict rule per mapping, no echo of
 * the integration user's own changes, and skipped records retried one by one or all at once.
 */
import { defaultMappingSet, type ConflictRule, type MappingSet } from '../../domain/mappings';
import { runPendingFullSync, startFullSync } from '../../connector/sync/fullSync';
import { runIncrementalSync } from '../../connector/sync/incremental';
import { retrySkipped, runRecordRequest } from '../../connector/sync/recordOps';
import { startSyncHarness, type SyncHarness } from './harness';

let h: SyncHarness;

function withRule(rule: ConflictRule): MappingSet {
  const set = defaultMappingSet();
  set.mappings.find((m) => m.name === 'CUSTOMER')!.conflictRule = rule;
  return set;
}

async function incremental(set?: MappingSet) {
  const ctx = await h.ctx(set ? { set } : {});
  return runIncrementalSync(ctx, { force: true, names: ['CUSTOMER'] });
}

const customer = async (number: string): Promise<any> => (await h.bcApi().list(`customers?$filter=number eq '${number}'`))[0];
const account = async (number: string): Promise<any> => (await h.dvApi().list(`accounts?$filter=accountnumber eq '${number}'&$select=accountid,name,telephone1,websiteurl,emailaddress1`))[0];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  h = await startSyncHarness();
  const ctx = await h.ctx();
  await startFullSync(ctx);
  await runPendingFullSync(ctx);
});
afterAll(() => h.close());

describe('incremental synchronisation', () => {
  it('waits for a full synchronisation before it has a watermark, and keeps each mapping to its interval', async () => {
    const ctx = await h.ctx();
    const first = await runIncrementalSync(ctx, { names: ['CUSTOMER'] });
    expect(first.ran.CUSTOMER).toBeDefined();
    const second = await runIncrementalSync(ctx, { names: ['CUSTOMER'] });
    expect(second.notRun.CUSTOMER).toBe('not due yet');
  });

  it('brings ERP changes to Sales and Sales changes to the ERP', async () => {
    const a = h.dv.demo!.customers.filter((c) => c.inSales && c.blocked === ' ')[3];
    const b = h.dv.demo!.customers.filter((c) => c.inSales && c.blocked === ' ')[4];
    await h.bcApi().patch(`customers(${(await customer(a.number)).id})`, { phoneNumber: '+33 1 11 11 11 11' });
    await h.dvApi().patch(`accounts(${(await account(b.number)).accountid})`, { telephone1: '+33 2 22 22 22 22' });
    const r = await incremental();
    expect(r.ran.CUSTOMER).toMatchObject({ modified: 2, failed: 0 });
    expect((await account(a.number)).telephone1).toBe('+33 1 11 11 11 11');
    expect((await customer(b.number)).phoneNumber).toBe('+33 2 22 22 22 22');
  });

  it('creates new records on the other side both ways', async () => {
    const sp = h.dv.demo!.salespeople[0];
    await h.bcApi().post('customers', { displayName: 'Nouveau Client ERP', salespersonCode: sp.code, city: 'Annecy' });
    await h.dvApi().post('accounts', { name: 'Nouveau Compte Sales', customertypecode: 3, address1_city: 'Grenoble', 'ownerid@odata.bind': `/systemusers(${Object.values(h.dv.users).find((u) => u.salespersonCode === sp.code)!.id})` });
    const r = await incremental();
    expect(r.ran.CUSTOMER).toMatchObject({ inserted: 2, failed: 0 });
    const [inSales] = await h.dvApi().list(`accounts?$filter=name eq 'Nouveau Client ERP'&$select=accountnumber,address1_city`);
    expect(inSales.address1_city).toBe('Annecy');
    const [inErp] = await h.bcApi().list(`customers?$filter=displayName eq 'Nouveau Compte Sales'`);
    expect(inErp).toMatchObject({ city: 'Grenoble', salespersonCode: sp.code });
    expect((await h.dvApi().list(`accounts?$filter=name eq 'Nouveau Compte Sales'&$select=accountnumber`))[0].accountnumber).toBe(inErp.number);
  });

  it('does not echo back: the integration’s own writes and the integration user’s edits are not sent again', async () => {
    // Run once more: what the previous run wrote on both sides must come back as nothing to do.
    const quiet = await incremental();
    expect(quiet.ran.CUSTOMER).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
    const c = h.dv.demo!.customers.filter((x) => x.inSales && x.blocked === ' ')[5];
    const before = await customer(c.number);
    await h.dvApi('integration').patch(`accounts(${(await account(c.number)).accountid})`, { emailaddress1: 'integration-edit@example.com' });
    const r = await incremental();
    expect(r.ran.CUSTOMER).toMatchObject({ inserted: 0, modified: 0 });
    const after = await customer(c.number);
    expect(after.email).toBe(before.email);
    expect(after.lastModifiedDateTime).toBe(before.lastModifiedDateTime);
  });
});

describe('conflicts: both sides changed since the last synchronisation', () => {
  const target = () => h.dv.demo!.customers.filter((x) => x.inSales && x.blocked === ' ')[6];

  /** `gapMs`: Sales keeps times to the second, so "which is newer" needs changes in different seconds. */
  async function bothChange(erpValue: string, salesValue: string, salesFirst = false, gapMs = 20): Promise<void> {
    const c = target();
    const id = (await customer(c.number)).id;
    const accountId = (await account(c.number)).accountid;
    if (salesFirst) {
      await h.dvApi().patch(`accounts(${accountId})`, { websiteurl: salesValue });
      await pause(gapMs);
      await h.bcApi().patch(`customers(${id})`, { website: erpValue });
    } else {
      await h.bcApi().patch(`customers(${id})`, { website: erpValue });
      await pause(gapMs);
      await h.dvApi().patch(`accounts(${accountId})`, { websiteurl: salesValue });
    }
  }

  it('erpWins (the default for customers): the ERP value lands on both sides', async () => {
    await bothChange('https://erp-1.example', 'https://sales-1.example');
    await incremental();
    expect((await customer(target().number)).website).toBe('https://erp-1.example');
    expect((await account(target().number)).websiteurl).toBe('https://erp-1.example');
  });

  it('salesWins: the Sales value lands on both sides', async () => {
    await bothChange('https://erp-2.example', 'https://sales-2.example');
    await incremental(withRule('salesWins'));
    expect((await customer(target().number)).website).toBe('https://sales-2.example');
    expect((await account(target().number)).websiteurl).toBe('https://sales-2.example');
  });

  it('newestWins: the later change lands on both sides', async () => {
    await bothChange('https://erp-3.example', 'https://sales-3.example', true, 1100);
    await incremental(withRule('newestWins'));
    expect((await account(target().number)).websiteurl).toBe('https://erp-3.example');
    await bothChange('https://erp-4.example', 'https://sales-4.example', false, 1100);
    await incremental(withRule('newestWins'));
    expect((await customer(target().number)).website).toBe('https://sales-4.example');
  });

  it('skip: the pair is left alone and skipped with the conflict as its error, until Synchronize now decides', async () => {
    await bothChange('https://erp-5.example', 'https://sales-5.example');
    const r = await incremental(withRule('skip'));
    expect(r.ran.CUSTOMER.failed).toBe(1);
    const accountId = (await account(target().number)).accountid;
    const [coupling] = await h.dvApi().list(`erp_couplings?$filter=erp_crmtable eq 'account' and erp_crmid eq '${accountId}'`);
    expect(coupling.erp_skipped).toBe(true);
    expect(coupling.erp_lasterror).toMatch(/^The ERP customer C\d+ \(.+\) was changed in both Sales and the ERP since the last synchronisation, and mapping CUSTOMER leaves conflicts to you\. Use Synchronize now and choose which side wins\.$/);
    expect((await customer(target().number)).website).toBe('https://erp-5.example');
    expect((await account(target().number)).websiteurl).toBe('https://sales-5.example');
    // Skipped records are not touched by later runs...
    expect((await incremental(withRule('skip'))).ran.CUSTOMER.failed).toBe(0);
    // ...until the admin decides.
    const ctx = await h.ctx({ set: withRule('skip') });
    await runRecordRequest(ctx, { operation: 'syncNow', crmTable: 'account', crmId: accountId, side: 'crm' });
    expect((await customer(target().number)).website).toBe('https://sales-5.example');
    const [after] = await h.dvApi().list(`erp_couplings?$filter=erp_crmid eq '${accountId}'`);
    expect(after).toMatchObject({ erp_skipped: false, erp_lasterror: null });
  });
});

describe('skipped records', () => {
  it('keep their error, and can be retried one by one or all at once', async () => {
    // An ERP salesperson no Sales user is coupled with: customers of theirs cannot get an owner.
    await h.bcApi().post('salespeoplePurchasers', { code: 'ZZ', displayName: 'Zoé Zimmer', email: 'zoe.zimmer@equipements-alpins.example' });
    await h.bcApi().post('customers', { displayName: 'Client Zoé Un', salespersonCode: 'ZZ' });
    await h.bcApi().post('customers', { displayName: 'Client Zoé Deux', salespersonCode: 'ZZ' });
    const r = await incremental();
    expect(r.ran.CUSTOMER).toMatchObject({ failed: 2, inserted: 0 });
    const skipped = await h.dvApi().list(`erp_couplings?$filter=erp_skipped eq true and erp_crmtable eq 'pending-account'&$orderby=erp_erpnumber asc`);
    expect(skipped).toHaveLength(2);
    expect(skipped[0].erp_lasterror).toMatch(/^The ERP customer C\d+ \(Client Zoé (Un|Deux)\): the ERP salesperson ZZ is not coupled to a Sales user\. Couple it first \(mapping SALESPEOPLE\), then retry the record\.$/);

    // Still failing: retrying keeps the error.
    const ctx = await h.ctx();
    const still = await retrySkipped(ctx, { operation: 'retry', mapping: 'CUSTOMER', couplingIds: [skipped[0].erp_couplingid] });
    expect(still.result).toMatchObject({ retried: 1, failed: 1 });

    // Couple the salesperson with a user, then retry one, then all.
    await runRecordRequest(ctx, { operation: 'couple', crmTable: 'systemuser', crmId: h.dv.users.availability.id, erpNumber: 'ZZ', side: 'erp' });
    const one = await retrySkipped(await h.ctx(), { operation: 'retry', mapping: 'CUSTOMER', couplingIds: [skipped[0].erp_couplingid] });
    expect(one.result).toMatchObject({ retried: 1, inserted: 1, failed: 0 });
    expect(await h.dvApi().list(`erp_couplings?$filter=erp_skipped eq true and erp_crmtable eq 'pending-account'`)).toHaveLength(1);
    // All skipped records of every mapping: the blocked customer of the demo stays blocked, and says so.
    const all = await retrySkipped(await h.ctx(), { operation: 'retry' });
    expect(all.result).toMatchObject({ inserted: 1, failed: 1 });
    expect(all.message).toContain('The ERP customer C10570 (Charpente Perrin Frères) is blocked in the ERP (All), so it is not synchronised.');
    const owner = h.dv.users.availability.id;
    for (const name of ['Client Zoé Un', 'Client Zoé Deux']) {
      const [a] = await h.dvApi().list(`accounts?$filter=name eq '${name}'&$select=_ownerid_value`);
      expect(a._ownerid_value).toBe(owner);
    }
    expect(await h.dvApi().list(`erp_couplings?$filter=erp_crmtable eq 'pending-account'`)).toHaveLength(0);
  });
});
