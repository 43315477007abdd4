/**
 * @jest-environment node
 */
// The coupling dialog end to end: its page code (DOM in jsdom) sends its requests through the page's own Web API
// client to the Dataverse stand-in as an administrator would (coupling is theirs: a salesperson is refused), and the connector's real queue worker with the
// synchronisation handlers answers them against the Business Central stand-in. Proves the dialog's requests are the
// ones the connector understands: search, couple, create in Sales, create in the ERP (with a refusal naming the
// missing dependency) and synchronise now.
import { JSDOM } from 'jsdom';
import { coupleHandler } from '../../connector/flows/coupling';
import { QueueWorker } from '../../connector/queue/worker';
import { attachSync } from '../../connector/sync';
import { runPendingFullSync, startFullSync } from '../../connector/sync/fullSync';
import { CouplingApp, type DialogResult } from '../../webresources/coupling/app';
import { texts } from '../../webresources/coupling/texts';
import { CouplingService } from '../../webresources/coupling/service';
import type { CouplingDialogInput } from '../../webresources/lib/couplingCommands';
import { setClock } from '../../webresources/lib/clock';
import { fetchWebApi, setWebApi } from '../../webresources/lib/webApi';
import { startSyncHarness, type SyncHarness } from '../sync/harness';

let h: SyncHarness;
let worker: QueueWorker;
let dom: JSDOM;
let countingFetch: typeof fetch;
let signedIn = 'admin';
function signInAs(user: string): void {
  signedIn = user;
  setWebApi(fetchWebApi(h.dv.apiUrl, countingFetch, { Authorization: `Bearer ${h.dv.tokens[user]}` }));
}
const sent: string[] = [];
/** ERP customers a test has coupled already. */
const used = new Set<string>();

beforeAll(async () => {
  h = await startSyncHarness();
  worker = new QueueWorker(h.services);
  attachSync(h.services, worker, { basicCouple: coupleHandler() });
  // As the setup guide does before any coupling: the choices customers refer to.
  const ctx = await h.ctx();
  await startFullSync(ctx, ['PAYMENT TERMS', 'SHIPMENT METHOD']);
  await runPendingFullSync(ctx);

  dom = new JSDOM('<!DOCTYPE html><main id="erp-coupling"></main>');
  Object.assign(globalThis, { document: dom.window.document, Event: dom.window.Event });
  // The page's requests, as the administrator signed in to Sales; each one counted.
  countingFetch = (input, init) => {
    sent.push(`${init?.method ?? 'GET'} ${decodeURIComponent(String(input)).replace(h.dv.apiUrl, '').split('?')[0]}`);
    return fetch(input, init);
  };
  signInAs('admin');
  // Waiting between polls is when the connector works: each sleep lets the queue worker take what is pending.
  let now = 0;
  setClock({ now: () => now, sleep: async (ms) => {
    now += ms;
    await worker.wake();
  } });
}, 120_000);

afterAll(async () => {
  setClock(null);
  setWebApi(null);
  dom?.window.close();
  await h?.close();
});

async function open(input: CouplingDialogInput): Promise<{ app: CouplingApp; root: HTMLElement; closed: DialogResult[] }> {
  dom.window.document.body.innerHTML = '<main id="erp-coupling"></main>';
  const root = dom.window.document.getElementById('erp-coupling')!;
  const closed: DialogResult[] = [];
  const app = new CouplingApp(root, { input, service: new CouplingService(h.dv.users[signedIn].id), lcid: 1033, texts, close: (r) => closed.push(r) });
  await app.start();
  return { app, root, closed };
}

const text = (root: HTMLElement, sel: string) => root.querySelector(sel)?.textContent ?? '';

async function search(app: CouplingApp, root: HTMLElement, query: string): Promise<string[][]> {
  (root.querySelector('#q') as HTMLInputElement).value = query;
  await app.search();
  return Array.from(root.querySelectorAll('#matches tbody tr')).map((r) => Array.from(r.querySelectorAll('td')).slice(1).map((c) => c.textContent ?? ''));
}

async function newAccount(name: string, owner: string): Promise<string> {
  const row = await h.dvApi().post('accounts', { name, customertypecode: 3, 'ownerid@odata.bind': `/systemusers(${h.dv.users[owner].id})` });
  return row.accountid as string;
}

describe('the coupling dialog against the connector and both stand-ins', () => {
  it('couples a new account with an ERP customer found by number: the ERP values and number come across', async () => {
    const demo = h.dv.demo!;
    const customer = demo.customers.find((c) => !c.inSales && c.blocked === ' ' && c.salespersonCode === h.dv.users.salesperson.salespersonCode)
      ?? demo.customers.find((c) => !c.inSales && c.blocked === ' ')!;
    used.add(customer.number);
    const id = await newAccount('Atelier sans numéro', 'salesperson');
    const { app, root, closed } = await open({ mode: 'couple', table: 'account', ids: [id], name: 'Atelier sans numéro' });
    sent.length = 0;
    expect(await search(app, root, customer.number.toLowerCase())).toEqual([[customer.number, customer.displayName, 'Not coupled']]);
    const searchRequests = sent.length;
    await app.run();
    expect(text(root, '#error')).toBe('');
    expect(text(root, '#status')).toBe(`Atelier sans numéro is now coupled with the ERP record ${customer.number}.`);
    const account = await h.dvApi().get(`accounts(${id})?$select=name,erp_customernumber,accountnumber`);
    expect(account).toMatchObject({ erp_customernumber: customer.number, accountnumber: customer.number, name: customer.displayName });
    app.close();
    expect(closed).toEqual([{ changed: true }]);
    // Figures for docs/webresources.md: Web API calls of the page for one search and one couple.
    const requests = { search: searchRequests, couple: sent.length - searchRequests, total: sent.length };
    expect(requests.search).toBeGreaterThanOrEqual(5);
    expect(requests.couple).toBeGreaterThanOrEqual(3);
    console.log(`coupling dialog, Web API calls: ${JSON.stringify(requests)} (${sent.join(', ')})`);
  });

  it('a search shows the Sales record an ERP customer is already coupled to, by name, and refuses it', async () => {
    const coupled = h.dv.demo!.customers.find((c) => c.inSales && c.blocked === ' ' && c.number !== 'C10000')!;
    const salesName = (await h.dvApi().get(`accounts(${h.dv.seedInfo!.accounts[coupled.number]})?$select=name`)).name as string;
    const id = await newAccount('Doublon éventuel', 'salesperson');
    const { app, root } = await open({ mode: 'couple', table: 'account', ids: [id], name: 'Doublon éventuel' });
    expect(await search(app, root, coupled.number)).toEqual([[coupled.number, coupled.displayName, `Coupled to ${salesName}`]]);
    expect((root.querySelector('#match-0') as HTMLInputElement).disabled).toBe(true);
  });

  it('create in the ERP: the refusal names the missing dependency (the owner’s salesperson); another account is created', async () => {
    const blocked = await newAccount('Menuiserie Arnaud', 'admin');
    const fine = await newAccount('Menuiserie Bastide', 'salesperson');
    const { app, root } = await open({ mode: 'createInErp', table: 'account', ids: [blocked, fine] });
    expect(Array.from(root.querySelectorAll('tbody th')).map((c) => c.textContent)).toEqual(['Menuiserie Arnaud', 'Menuiserie Bastide']);
    await app.run();
    expect(text(root, '#result-0')).toBe(
      'Not done. The account Menuiserie Arnaud: the owner Alex Morgan is not coupled to an ERP salesperson. Couple it first (mapping SALESPEOPLE), then retry the record.\nWhat to do: Fix what the message says (in Sales or in the ERP), then run the command again.',
    );
    expect(text(root, '#result-1')).toMatch(/^Created in the ERP as C\d+ and coupled\.$/);
    const number = /as (C\d+)/.exec(text(root, '#result-1'))![1];
    expect(await h.bcApi().list(`customers?$filter=number eq '${number}'`)).toEqual([expect.objectContaining({ displayName: 'Menuiserie Bastide' })]);
    expect(await h.bcApi().list(`customers?$filter=displayName eq 'Menuiserie Arnaud'`)).toEqual([]);
    expect(text(root, '#status')).toBe('1 of 2 done; 1 not done (see the reason on each line).');
  });

  it('create in Sales from an ERP item not in Sales yet (items, the default kind for products)', async () => {
    const item = h.dv.demo!.items.find((i) => !i.inSales && !i.blocked)!;
    expect(await h.dvApi().list(`products?$filter=erp_itemnumber eq '${item.number}'&$select=productid`)).toEqual([]);
    const { app, root } = await open({ mode: 'createInSales', table: 'product', ids: [] });
    expect((root.querySelector('input[name=mapping]:checked') as HTMLInputElement).value).toBe('ITEM-PRODUCT');
    expect(await search(app, root, item.number)).toEqual([[item.number, item.displayName, 'Not coupled']]);
    await app.run();
    expect(text(root, '#error')).toBe('');
    expect(text(root, '#status')).toBe(`${item.number} ${item.displayName} was created in Sales and coupled.`);
    expect(await h.dvApi().list(`products?$filter=erp_itemnumber eq '${item.number}'&$select=name`)).toEqual([expect.objectContaining({ name: item.displayName })]);
  });

  it('synchronise now with the Sales side winning carries the Sales value to the ERP', async () => {
    const c = h.dv.demo!.customers.find((x) => x.inSales && x.blocked === ' ' && x.number !== 'C10000')!;
    const accountId = h.dv.seedInfo!.accounts[c.number];
    await h.dvApi().patch(`accounts(${accountId})`, { websiteurl: 'https://dialog-side.example' });
    const { app, root } = await open({ mode: 'syncNow', table: 'account', ids: [accountId], name: c.displayName });
    (root.querySelector('#side-crm') as HTMLInputElement).checked = true;
    await app.run();
    expect(text(root, '#result-0')).toBe('Synchronized: the Sales values were applied in the ERP.');
    expect((await h.bcApi().list(`customers?$filter=number eq '${c.number}'`))[0].website).toBe('https://dialog-side.example');
  });
  it('a salesperson (ERP Integration User, not Administrator) may not search the ERP: the connector refuses, saying who may', async () => {
    // Searching lists ERP customers and contacts: the administrator's rights, as Dataverse decides (issue 14).
    const customer = await h.bcApi().post('customers', { displayName: 'Client du commercial', city: 'Lyon', country: 'FR' });
    const id = await newAccount('Atelier du commercial', 'salesperson');
    signInAs('salesperson');
    try {
      const { app, root } = await open({ mode: 'couple', table: 'account', ids: [id], name: 'Atelier du commercial' });
      expect(await search(app, root, customer.number)).toEqual([]);
      expect(root.textContent).toMatch(/Camille Martin (may not|ne peut pas) .*(ERP administrators|administrateurs ERP)/);
      const account = await h.dvApi().get(`accounts(${id})?$select=erp_customernumber`);
      expect(account.erp_customernumber).toBeNull();
    } finally {
      signInAs('admin');
    }
  });
});
