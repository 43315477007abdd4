/* eslint-disable @typescript-eslint/no-explicit-any -- Web API JSON bodies */
/**
 * Issue #19: the customer card's "Location Code" (where Business Central ships lines without a location) reaches the
 * account's erp_erplocationcode through the CUSTOMER mapping, read from standard page 22 "Customer List" when an
 * admin publishes it as CustomerList. One page read per run or pass, filtered to the customers in hand; not
 * published: the accounts keep what they have and nothing fails.
 */
import { runPendingFullSync, startFullSync } from '../../connector/sync/fullSync';
import { runIncrementalSync } from '../../connector/sync/incremental';
import { LOOKUP_MAX, locationRead } from '../../connector/sync/customerLocations';
import { startSyncHarness, type SyncHarness } from './harness';

jest.setTimeout(60_000);

const account = async (h: SyncHarness, number: string): Promise<any> =>
  (await h.dvApi().list(`accounts?$filter=accountnumber eq '${number}'&$select=accountid,erp_erplocationcode,telephone1`))[0];
const pageReads = (h: SyncHarness): Array<{ status: number; url: string }> =>
  h.bc.requestLog.entries.filter((e) => e.url.includes('/CustomerList')).map((e) => ({ status: e.status, url: e.url }));

describe('which read a page of customers needs', () => {
  it('its numbers up to LOOKUP_MAX, quoted as BC literals; above, the customers that have a location', () => {
    expect(locationRead(["C1", "O'NEIL"])).toEqual({ kind: 'numbers', filter: "No eq 'C1' or No eq 'O''NEIL'" });
    expect(locationRead(Array.from({ length: LOOKUP_MAX }, (_, i) => `C${i}`)).kind).toBe('numbers');
    expect(locationRead(Array.from({ length: LOOKUP_MAX + 1 }, (_, i) => `C${i}`))).toEqual({ kind: 'run', filter: "Location_Code ne ''" });
  });
});

describe('page 22 published as CustomerList', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness();
  });
  afterAll(() => h.close());

  it('a full run writes each customer location on its account with one page read', async () => {
    const demo = h.dv.demo!;
    const paris = demo.customers.find((c) => c.inSales && c.blocked === ' ' && c.locationCode === 'PARIS')!;
    const geneva = demo.customers.find((c) => c.inSales && c.blocked === ' ' && c.locationCode === 'GENEVA')!;
    const none = demo.customers.find((c) => c.inSales && c.blocked === ' ' && !c.locationCode)!;
    // A stale value on an account whose customer has none is cleared.
    await h.dvApi().patch(`accounts(${(await account(h, none.number)).accountid})`, { erp_erplocationcode: 'LYON' });
    h.bc.requestLog.reset();
    const ctx = await h.ctx();
    await startFullSync(ctx, ['CUSTOMER']);
    await runPendingFullSync(ctx);
    expect((await account(h, paris.number)).erp_erplocationcode).toBe('PARIS');
    expect((await account(h, geneva.number)).erp_erplocationcode).toBe('GENEVA');
    expect((await account(h, none.number)).erp_erplocationcode ?? null).toBeNull();
    const reads = pageReads(h);
    expect(reads).toHaveLength(1);
    expect(reads[0].status).toBe(200);
  });

  it('an incremental pass reads the page once and brings the ERP value back over a Sales edit', async () => {
    const demo = h.dv.demo!;
    const paris = demo.customers.filter((c) => c.inSales && c.blocked === ' ' && c.locationCode === 'PARIS')[1] ?? demo.customers.find((c) => c.locationCode === 'PARIS')!;
    const acc = await account(h, paris.number);
    expect(acc.erp_erplocationcode).toBe('PARIS');
    // Someone overwrote the column in Sales (it is read-only on forms, not in the API): the ERP's value comes back.
    await h.dvApi().patch(`accounts(${acc.accountid})`, { erp_erplocationcode: 'MAIN' });
    const [c] = await h.bcApi().list(`customers?$filter=number eq '${paris.number}'`);
    await h.bcApi().patch(`customers(${c.id})`, { phoneNumber: '+33 1 40 00 00 00' });
    h.bc.requestLog.reset();
    const r = await runIncrementalSync(await h.ctx(), { force: true, names: ['CUSTOMER'] });
    expect(r.ran.CUSTOMER).toMatchObject({ failed: 0 });
    const after = await account(h, paris.number);
    expect(after).toMatchObject({ telephone1: '+33 1 40 00 00 00', erp_erplocationcode: 'PARIS' });
    const reads = pageReads(h);
    expect(reads).toHaveLength(1);
    expect(reads[0].status).toBe(200);
    // Within a minute of the full run the pass re-reads every customer that run touched (the watermark's overlap), so
    // here it is the run-wide read; a pass of at most LOOKUP_MAX customers filters on their numbers (unit test above).
    expect(decodeURIComponent(reads[0].url)).toMatch(Object.values(r.ran.CUSTOMER!).reduce((a, b) => a + b, 0) > LOOKUP_MAX ? /Location_Code ne ''/ : new RegExp(`No eq '${paris.number}'`));
  });
  it('Sales wins a pair it changed, and the ERP-owned location still comes back from the ERP', async () => {
    const demo = h.dv.demo!;
    const geneva = demo.customers.find((c) => c.inSales && c.blocked === ' ' && c.locationCode === 'GENEVA')!;
    const acc = await account(h, geneva.number);
    await h.dvApi().patch(`accounts(${acc.accountid})`, { telephone1: '+41 22 000 00 00', erp_erplocationcode: 'LYON' });
    const r = await runIncrementalSync(await h.ctx(), { force: true, names: ['CUSTOMER'] });
    expect(r.ran.CUSTOMER).toMatchObject({ failed: 0 });
    const [c] = await h.bcApi().list(`customers?$filter=number eq '${geneva.number}'`);
    expect(c.phoneNumber).toBe('+41 22 000 00 00');
    expect((await account(h, geneva.number)).erp_erplocationcode).toBe('GENEVA');
  });
});

describe('page 22 published but refused or failing', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness();
  });
  afterAll(() => h.close());

  it.each([403, 500])('HTTP %i on the page: the accounts keep their value, the customers still synchronise, a warning says why', async (status) => {
    const demo = h.dv.demo!;
    const paris = demo.customers.find((c) => c.inSales && c.blocked === ' ' && c.locationCode === 'PARIS')!;
    await h.dvApi().patch(`accounts(${(await account(h, paris.number)).accountid})`, { erp_erplocationcode: 'LYON' });
    const fault = h.bc.faults.add({ method: 'GET', route: '/CustomerList', status });
    try {
      const lines = (h.services.log as unknown as { lines: Array<Record<string, unknown>> }).lines;
      const before = lines.length;
      const ctx = await h.ctx();
      const start = await startFullSync(ctx, ['CUSTOMER']);
      await runPendingFullSync(ctx);
      const [job] = await h.dvApi().list(`erp_syncjobs?$filter=${encodeURIComponent(`erp_mapping eq 'CUSTOMER' and startswith(erp_name,'Full synchronisation ${start.run} ')`)}`);
      // Every customer but the blocked one went through (the blocked one fails, or is skipped on a later run).
      expect(job.erp_inserted + job.erp_modified + job.erp_unchanged).toBe(59);
      expect(job.erp_failed).toBeLessThanOrEqual(1);
      expect((await account(h, paris.number)).erp_erplocationcode).toBe('LYON');
      const warned = lines.slice(before).filter((l) => l.level === 'warn' && /customer locations/.test(String(l.msg ?? l.message)));
      expect(warned.length).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(warned[0])).toContain('page 22 \\"Customer List\\" (CustomerList)');
    } finally {
      h.bc.faults.remove(fault.id);
    }
  });
});

describe('page 22 not published', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness({ bc: { publishedPages: [142, 7015, 7005, 7] } });
  });
  afterAll(() => h.close());

  it('the accounts keep their ERP location, the run fails nothing more, and the page is asked once', async () => {
    const demo = h.dv.demo!;
    const paris = demo.customers.find((c) => c.inSales && c.blocked === ' ' && c.locationCode === 'PARIS')!;
    const none = demo.customers.find((c) => c.inSales && c.blocked === ' ' && !c.locationCode)!;
    await h.dvApi().patch(`accounts(${(await account(h, none.number)).accountid})`, { erp_erplocationcode: 'LYON' });
    h.bc.requestLog.reset();
    const ctx = await h.ctx();
    const start = await startFullSync(ctx, ['CUSTOMER']);
    const summary = await runPendingFullSync(ctx);
    const customer = summary.ran.find((x) => x.mapping === 'CUSTOMER')!;
    expect(customer).toBeDefined();
    const [job] = await h.dvApi().list(`erp_syncjobs?$filter=${encodeURIComponent(`erp_mapping eq 'CUSTOMER' and startswith(erp_name,'Full synchronisation ${start.run} ')`)}`);
    // Only the blocked customer fails, as without the page.
    expect(job.erp_failed).toBe(1);
    expect(String(job.erp_lasterror)).not.toMatch(/CustomerList|Location/i);
    expect((await account(h, none.number)).erp_erplocationcode).toBe('LYON');
    expect((await account(h, paris.number)).erp_erplocationcode ?? null).toBeNull();
    const reads = pageReads(h);
    expect(reads).toHaveLength(1);
    expect(reads[0].status).toBe(404);
  });
});
