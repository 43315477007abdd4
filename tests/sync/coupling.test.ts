/* eslint-disable @typescript-eslint/no-explicit-any -- Web API JSON bodies */
/**
 * Coupling operations the app asks for through the request queue (kinds couple, syncRecord, fullSync,
 * testConnection), against both stand-ins: search the ERP, couple, create in the ERP, create in Sales,
 * uncouple, synchronise now with the side that wins, and refusals that name the missing dependency.
 */
import { IntegrationRequestColumns as C, RequestKind, RequestStatus, SyncJobState, Tables } from '../../domain/schema';
import { coupleHandler } from '../../connector/flows/coupling';
import { QueueWorker } from '../../connector/queue/worker';
import { attachSync, type SyncJobs } from '../../connector/sync';
import { runPendingFullSync, startFullSync } from '../../connector/sync/fullSync';
import { runRecordRequest, RecordRefused } from '../../connector/sync/recordOps';
import { startSyncHarness, type SyncHarness } from './harness';

let h: SyncHarness;
let worker: QueueWorker;
let sync: SyncJobs;

beforeAll(async () => {
  h = await startSyncHarness();
  worker = new QueueWorker(h.services);
  sync = attachSync(h.services, worker, { basicCouple: coupleHandler() });
  // As the setup guide does before any coupling: the choices customers refer to (payment terms, shipment methods).
  const ctx = await h.ctx();
  await startFullSync(ctx, ['PAYMENT TERMS', 'SHIPMENT METHOD']);
  await runPendingFullSync(ctx);
});
afterAll(() => h.close());

/** Queues a request as the web resources do and lets the connector answer it. */
async function ask(kind: number, table: string | null, id: string | null, payload: unknown, user = 'admin'): Promise<{ status: number; error: string | null; result: any; summary: string }> {
  const api = h.dvApi(user);
  const row = await api.post(Tables.integrationRequest.entitySet, {
    [C.name]: `test ${kind}`,
    [C.kind]: kind,
    [C.status]: RequestStatus.pending,
    [C.targetTable]: table,
    [C.targetId]: id,
    [C.payload]: payload === undefined ? null : JSON.stringify(payload),
  });
  await worker.wake();
  const done = await api.get(`${Tables.integrationRequest.entitySet}(${row.erp_integrationrequestid})`);
  const log = String(done[C.log] ?? '');
  return {
    status: done[C.status],
    error: done[C.lastError] ?? null,
    result: done[C.payload] ? JSON.parse(done[C.payload]).result ?? null : null,
    summary: log.slice(log.lastIndexOf('succeeded: ') + 'succeeded: '.length),
  };
}

async function newAccount(name: string, owner: string, extra: Record<string, unknown> = {}): Promise<string> {
  const row = await h.dvApi().post('accounts', { name, customertypecode: 3, 'ownerid@odata.bind': `/systemusers(${h.dv.users[owner].id})`, ...extra });
  return row.accountid;
}

describe('coupling from the app', () => {
  it('searches the ERP by number or part of the name, saying which results are already coupled', async () => {
    const demo = h.dv.demo!;
    const coupledCustomer = demo.customers.find((c) => c.inSales && c.blocked === ' ')!;
    const byNumber = await ask(RequestKind.couple, 'account', null, { operation: 'search', query: coupledCustomer.number.toLowerCase() });
    expect(byNumber.status).toBe(RequestStatus.succeeded);
    expect(byNumber.result.matches[0]).toMatchObject({ number: coupledCustomer.number, name: coupledCustomer.displayName, coupledTo: h.dv.seedInfo!.accounts[coupledCustomer.number] });
    const word = coupledCustomer.displayName.split(' ')[0];
    const byName = await ask(RequestKind.couple, 'account', null, { operation: 'search', query: word });
    expect(byName.result.matches.length).toBeGreaterThan(0);
    for (const m of byName.result.matches) expect(`${m.number} ${m.name}`.toLowerCase()).toContain(word.toLowerCase());
  });

  it('refuses to create in the ERP while the owner is not coupled to a salesperson, naming the owner', async () => {
    const id = await newAccount('Menuiserie Arnaud', 'admin');
    const r = await ask(RequestKind.couple, 'account', id, { operation: 'createInErp' });
    expect(r.status).toBe(RequestStatus.failed);
    expect(r.error).toBe('The account Menuiserie Arnaud: the owner Alex Morgan is not coupled to an ERP salesperson. Couple it first (mapping SALESPEOPLE), then retry the record.');
    expect(await h.bcApi().list(`customers?$filter=displayName eq 'Menuiserie Arnaud'`)).toHaveLength(0);
  });

  it('creates an account in the ERP with its salesperson, writes the number back and couples them', async () => {
    const id = await newAccount('Menuiserie Bastide', 'salesperson', { telephone1: '+33 4 72 00 00 01', address1_city: 'Lyon' });
    const r = await ask(RequestKind.couple, 'account', id, { operation: 'createInErp' });
    expect(r.error).toBeNull();
    expect(r.result.created).toBe(true);
    const [customer] = await h.bcApi().list(`customers?$filter=displayName eq 'Menuiserie Bastide'`);
    expect(customer).toMatchObject({ number: r.result.erpNumber, phoneNumber: '+33 4 72 00 00 01', city: 'Lyon', salespersonCode: h.dv.users.salesperson.salespersonCode ?? expect.any(String) });
    const account = await h.dvApi().get(`accounts(${id})?$select=accountnumber,erp_customernumber`);
    expect(account).toMatchObject({ accountnumber: customer.number, erp_customernumber: customer.number });
    const again = await ask(RequestKind.couple, 'account', id, { operation: 'createInErp' });
    expect(again.status).toBe(RequestStatus.failed);
    expect(again.error).toBe(`This record is already coupled to the ERP customer ${customer.number}; nothing was created.`);
  });

  it('creating in the ERP what the ERP already has (same name) couples instead of duplicating', async () => {
    const [existing] = await h.bcApi().list(`customers?$filter=number eq 'C10000'`);
    // The demo account of C10000 is coupled already: uncouple it and rename it, so the ERP customer is free to
    // match and Sales has one record with its name (two would be a duplicate, refused).
    await ask(RequestKind.couple, 'account', h.dv.seedInfo!.accounts.C10000, { operation: 'uncouple' });
    await h.dvApi().patch(`accounts(${h.dv.seedInfo!.accounts.C10000})`, { name: 'Ancien compte', accountnumber: null });
    const id = await newAccount(existing.displayName, 'salesperson');
    const r = await ask(RequestKind.couple, 'account', id, { operation: 'createInErp' });
    expect(r.error).toBeNull();
    expect(r.result).toMatchObject({ created: false, erpNumber: 'C10000' });
    expect(r.summary).toContain('coupled with it instead of creating a duplicate');
    expect(await h.bcApi().list(`customers?$filter=${encodeURIComponent(`displayName eq '${existing.displayName.replace(/'/g, "''")}'`)}`)).toHaveLength(1);
  });

  it('uncouples (clearing the ERP number on the account) and couples again with an ERP record found by number', async () => {
    const demo = h.dv.demo!;
    const c = demo.customers.find((x) => x.inSales && x.blocked === ' ' && x.number !== 'C10000' && x.salespersonCode === demo.customers[1].salespersonCode)!;
    const accountId = h.dv.seedInfo!.accounts[c.number];
    const un = await ask(RequestKind.couple, 'account', accountId, { operation: 'uncouple' });
    expect(un.error).toBeNull();
    expect((await h.dvApi().get(`accounts(${accountId})?$select=erp_customernumber`)).erp_customernumber).toBeNull();
    expect(await h.dvApi().list(`erp_couplings?$filter=erp_crmid eq '${accountId}'`)).toHaveLength(0);

    await h.dvApi().patch(`accounts(${accountId})`, { telephone1: '000' });
    const re = await ask(RequestKind.couple, 'account', accountId, { operation: 'couple', erpNumber: c.number.toLowerCase() });
    expect(re.error).toBeNull();
    const account = await h.dvApi().get(`accounts(${accountId})?$select=telephone1,erp_customernumber`);
    // The ERP side wins by default when coupling: its phone number replaced the edited one.
    expect(account).toEqual(expect.objectContaining({ telephone1: c.phoneNumber, erp_customernumber: c.number }));
  });

  it('refuses to couple an ERP record already coupled to another Sales record', async () => {
    const id = await newAccount('Doublon Test', 'salesperson');
    const coupled = h.dv.demo!.customers.find((x) => x.inSales && x.number !== 'C10000' && x.blocked === ' ')!;
    const r = await ask(RequestKind.couple, 'account', id, { operation: 'couple', erpNumber: coupled.number });
    expect(r.status).toBe(RequestStatus.failed);
    expect(r.error).toMatch(new RegExp(`^The ERP customer ${coupled.number} \\(.+\\) is already coupled to another Sales record \\(${h.dv.seedInfo!.accounts[coupled.number]}\\)\\. Uncouple that one first\\.$`));
  });

  it('creates a Sales account from an ERP customer, and a second request couples instead of duplicating', async () => {
    const missing = h.dv.demo!.customers.find((x) => !x.inSales)!;
    const r = await ask(RequestKind.couple, null, null, { operation: 'createInSales', mapping: 'CUSTOMER', erpNumber: missing.number });
    expect(r.error).toBeNull();
    expect(r.result.created).toBe(true);
    const accounts = await h.dvApi().list(`accounts?$filter=accountnumber eq '${missing.number}'&$select=accountid,name`);
    expect(accounts).toEqual([expect.objectContaining({ accountid: r.result.crmId, name: missing.displayName })]);
    const again = await ask(RequestKind.couple, null, null, { operation: 'createInSales', mapping: 'CUSTOMER', erpNumber: missing.number });
    expect(again.result).toMatchObject({ created: false, crmId: r.result.crmId });
    expect(await h.dvApi().list(`accounts?$filter=accountnumber eq '${missing.number}'&$select=accountid`)).toHaveLength(1);
  });

  it('synchronises now with the side the user chose', async () => {
    const c = h.dv.demo!.customers.find((x) => x.inSales && x.blocked === ' ' && x.number !== 'C10000')!;
    const accountId = h.dv.seedInfo!.accounts[c.number];
    await h.dvApi().patch(`accounts(${accountId})`, { websiteurl: 'https://sales-side.example' });
    const toErp = await ask(RequestKind.syncRecord, 'account', accountId, { operation: 'syncNow', side: 'crm' });
    expect(toErp.error).toBeNull();
    expect((await h.bcApi().list(`customers?$filter=number eq '${c.number}'`))[0].website).toBe('https://sales-side.example');

    const [customer] = await h.bcApi().list(`customers?$filter=number eq '${c.number}'`);
    await h.bcApi().patch(`customers(${customer.id})`, { website: 'https://erp-side.example' });
    const fromErp = await ask(RequestKind.syncRecord, 'account', accountId, { operation: 'syncNow', side: 'erp' });
    expect(fromErp.error).toBeNull();
    expect((await h.dvApi().get(`accounts(${accountId})?$select=websiteurl`)).websiteurl).toBe('https://erp-side.example');

    const noSide = await ask(RequestKind.syncRecord, 'account', accountId, { operation: 'syncNow' });
    expect(noSide.error).toBe('Choose which side wins: "erp" (the ERP values replace the Sales ones) or "crm" (the Sales values replace the ERP ones).');
  });

  it('without an operation, the couple kind still runs the basic coupling by number', async () => {
    const r = await ask(RequestKind.couple, null, null, undefined);
    expect(r.status).toBe(RequestStatus.succeeded);
    expect(r.summary).toMatch(/^coupled by number: /);
  });

  it('queues a full synchronisation on request, and the runner carries it out', async () => {
    const r = await ask(RequestKind.fullSync, null, null, { mappings: ['currency'] });
    expect(r.error).toBeNull();
    expect(r.result).toMatchObject({ mappings: ['CURRENCY'], resumed: false });
    const summary = await sync.runFullSync();
    expect(summary?.ran.map((x) => x.mapping)).toContain('CURRENCY');
    const [job] = await h.dvApi().list(`erp_syncjobs?$filter=${encodeURIComponent(`startswith(erp_name,'Full synchronisation ${r.result.run} ')`)}`);
    expect(job.erp_state).toBe(SyncJobState.succeeded);
    const bad = await ask(RequestKind.fullSync, null, null, { mappings: ['CUSTOMERS'] });
    expect(bad.error).toMatch(/^Unknown mapping\(s\): CUSTOMERS\. Known: SALESPEOPLE, /);
  });
});

describe('who may couple', () => {
  it('a user without the ERP Integration Administrator role may not search the ERP, couple, create, uncouple, synchronise or start a full sync', async () => {
    const demo = h.dv.demo!;
    const customer = demo.customers.filter((c) => c.inSales && c.blocked === ' ')[12];
    const accountId = h.dv.seedInfo!.accounts[customer.number];
    const search = await ask(RequestKind.couple, 'account', null, { operation: 'search', query: customer.number }, 'salesperson');
    // Searching lists ERP customers, contacts and salespeople: the administrator's rights (issue 14), refused in the
    // requesting user's language (Camille Martin reads French).
    expect([search.status, search.error]).toEqual([RequestStatus.failed, 'Camille Martin ne peut pas faire une recherche dans l’ERP : c’est réservé aux administrateurs ERP (écriture sur la connexion ERP). Rien n’a été fait. Demandez à votre administrateur.']);
    const refusal = `Camille Martin ne peut pas modifier les couplages ERP, lancer de synchronisation ni de rapprochement : il faut le rôle Administrateur de l’intégration ERP (écriture sur les couplages ERP). Rien n’a été fait. Demandez à votre administrateur.`;
    for (const [kind, payload] of [
      [RequestKind.couple, { operation: 'uncouple' }],
      [RequestKind.couple, { operation: 'createInErp' }],
      [RequestKind.couple, undefined],
      [RequestKind.syncRecord, { operation: 'syncNow', side: 'erp' }],
      [RequestKind.syncRecord, { operation: 'retry' }],
      [RequestKind.fullSync, { mappings: ['CURRENCY'] }],
    ] as const) {
      const r = await ask(kind, 'account', accountId, payload, 'salesperson');
      expect([kind, r.status, r.error]).toEqual([kind, RequestStatus.failed, refusal]);
    }
    // Dataverse decided (direct and team roles), not a role list of ours.
    expect(h.dv.requestLog.entries.some((e) => e.path.includes('RetrieveUserPrivilegeByPrivilegeName') && e.path.includes(h.dv.users.salesperson.id))).toBe(true);
    // Nothing changed: the account is still coupled, and no full run was queued.
    const couplings = await h.dvApi().list(`erp_couplings?$select=erp_erpnumber&$filter=erp_crmtable eq 'account' and erp_crmid eq '${accountId}'`);
    expect(couplings.map((c: any) => c.erp_erpnumber)).toEqual([customer.number]);
  });

  it('refusals read in the organisation’s language: English and French', async () => {
    const demo = h.dv.demo!;
    const customer = demo.customers.filter((c) => c.inSales && c.blocked === ' ')[12];
    const other = demo.customers.filter((c) => c.inSales && c.blocked === ' ')[13];
    const ctx = await h.ctx();
    const refusal = await runRecordRequest(ctx, { operation: 'couple', crmTable: 'account', crmId: h.dv.seedInfo!.accounts[customer.number], erpNumber: other.number }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(RecordRefused);
    expect((refusal as RecordRefused).text(1033)).toBe(`This record is already coupled to the ERP customer ${customer.number}. Uncouple it first, then couple it again.`);
    expect((refusal as RecordRefused).text(1036)).toBe(`Cet enregistrement est déjà couplé avec le client ERP ${customer.number}. Découplez-le d’abord, puis couplez-le à nouveau.`);
  });
});
