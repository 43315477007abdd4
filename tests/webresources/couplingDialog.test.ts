// The coupling dialog (erp_/html/coupling.html) in jsdom, without any Xrm: its requests go through the page's record
// API (here the fake Dataverse, which also plays the connector). Search → pick → couple, create in Sales, create in
// the ERP and synchronise now per record, refusals in the connector's words, keyboard, ARIA, English and French.
import userEvent from '@testing-library/user-event';
import { screen, waitFor, within } from '@testing-library/react';
import { CouplingApp, type DialogResult } from '../../webresources/coupling/app';
import { boot, closeDialog } from '../../webresources/coupling/index';
import { parseDialogInput } from '../../webresources/coupling/input';
import { CouplingService } from '../../webresources/coupling/service';
import { en, fr, texts } from '../../webresources/coupling/texts';
import { partMissing } from '../../webresources/lib/pageParts';
import type { CouplingDialogInput } from '../../webresources/lib/couplingCommands';
import { setClock } from '../../webresources/lib/clock';
import { setWebApi, type RecordApi } from '../../webresources/lib/webApi';
import { placeholders } from '../../domain/messages';
import { RequestKind, RequestStatus } from '../../domain/schema';
import { FakeDataverse, type Row } from './support/fakeDataverse';
import { ids } from './support/fixtures';

const USER = 'aaaaaaaa-1111-2222-3333-444444444444';
const OTHER_ACCOUNT = '33333333-3333-3333-3333-333333333334';
const ERP = { c10000: 'e0000000-0000-0000-0000-000000010000', c20000: 'e0000000-0000-0000-0000-000000020000', c30000: 'e0000000-0000-0000-0000-000000030000' };

const matches = [
  { id: ERP.c10000, number: 'C10000', name: 'Fabrikam SA', coupledTo: null },
  { id: ERP.c20000, number: 'C20000', name: 'Fabrikam Lyon', coupledTo: OTHER_ACCOUNT },
];

function fakeApi(dv: FakeDataverse): RecordApi {
  return {
    createRecord: async (e, d) => dv.create(e, d),
    retrieveRecord: async (e, id, o) => dv.retrieve(e, id, o),
    retrieveMultipleRecords: async (e, o, m) => dv.retrieveMultiple(e, o ?? '', m),
    updateRecord: async (e, id, d) => dv.update(e, id, d),
  };
}

const succeeded = (row: Row, result: unknown): Row => ({ erp_status: RequestStatus.succeeded, erp_payload: JSON.stringify({ ...JSON.parse(String(row.erp_payload)), result }) });
const refused = (error: string, hint = 'Fix what the message says (in Sales or in the ERP), then run the command again.'): Row => ({ erp_status: RequestStatus.failed, erp_lasterror: error, erp_fixhint: hint });
const payloadOf = (row: Row) => JSON.parse(String(row.erp_payload)) as Record<string, unknown>;

interface Mounted {
  app: CouplingApp;
  dv: FakeDataverse;
  root: HTMLElement;
  closed: DialogResult[];
}

async function mount(input: CouplingDialogInput, respond: (row: Row, polls: number) => Row | null, lcid = 1033): Promise<Mounted> {
  let now = 0;
  setClock({ now: () => now, sleep: async (ms) => void (now += ms) });
  const dv = new FakeDataverse();
  dv.environment.erp_SubmissionTimeoutSeconds = '30';
  dv.put('account', OTHER_ACCOUNT, { accountid: OTHER_ACCOUNT, name: 'Fabrikam (Lyon office)' });
  dv.put('account', ids.account, { accountid: ids.account, name: 'Fabrikam' });
  dv.put('account', ids.quote, { accountid: ids.quote, name: 'Menuiserie Arnaud' });
  dv.connector = { respond };
  setWebApi(fakeApi(dv));
  document.body.innerHTML = '<main id="erp-coupling"></main>';
  const root = document.getElementById('erp-coupling')!;
  const closed: DialogResult[] = [];
  const app = new CouplingApp(root, { input, service: new CouplingService(USER), lcid, texts, close: (r) => closed.push(r) });
  await app.start();
  return { app, dv, root, closed };
}

/** The request rows as the dialog created them (the connector later puts its answer in erp_payload). */
const requests = (dv: FakeDataverse) => dv.callsOf('createRecord', 'erp_integrationrequest').map((c) => c.data!);
const text = (root: HTMLElement, sel: string) => root.querySelector(sel)?.textContent ?? '';

beforeAll(() => {
  expect((globalThis as { Xrm?: unknown }).Xrm).toBeUndefined();
});
afterEach(() => {
  setClock(null);
  setWebApi(null);
  document.body.innerHTML = '';
});

describe('couple: search → pick → couple', () => {
  const connector = (row: Row): Row | null => {
    const p = payloadOf(row);
    if (p.operation === 'search') return succeeded(row, { mapping: 'CUSTOMER', matches });
    if (p.operation === 'couple') return succeeded(row, { couplingId: 'k-1', erpId: p.erpId, erpNumber: p.erpNumber });
    return null;
  };

  it('searches by what the user typed (Enter submits), lists the matches with who they are coupled to, couples the one picked and returns', async () => {
    const { dv, root, closed } = await mount({ mode: 'couple', table: 'account', ids: [ids.account], name: 'Fabrikam' }, connector);
    expect(text(root, 'h1')).toBe('Couple Fabrikam with an ERP record');
    const user = userEvent.setup();
    const box = screen.getByRole('searchbox', { name: en.query });
    expect(document.activeElement).toBe(box);
    await user.type(box, 'fabri{Enter}');
    await waitFor(() => expect(text(root, '#status')).toBe('2 ERP records match “fabri”.'));

    const [search] = requests(dv);
    expect(search).toEqual(expect.objectContaining({ erp_kind: RequestKind.couple, erp_targettable: 'account', erp_targetid: ids.account, 'erp_requestedby@odata.bind': `/systemusers(${USER})` }));
    expect(payloadOf(search)).toEqual({ operation: 'search', query: 'fabri' });

    const table = screen.getByRole('table', { name: 'ERP records matching “fabri”' });
    const rows = within(table).getAllByRole('row').slice(1).map((r) => Array.from(r.querySelectorAll('td')).slice(1).map((c) => c.textContent));
    expect(rows).toEqual([
      ['C10000', 'Fabrikam SA', 'Not coupled'],
      ['C20000', 'Fabrikam Lyon', 'Coupled to Fabrikam (Lyon office)'],
    ]);
    const free = screen.getByRole('radio', { name: 'C10000 Fabrikam SA' });
    const taken = screen.getByRole('radio', { name: 'C20000 Fabrikam Lyon' });
    expect(taken).toBeDisabled();
    expect(taken).toHaveAccessibleDescription('Coupled to Fabrikam (Lyon office)');
    // The only free match is preselected; the ERP side is copied by default.
    expect(free).toBeChecked();
    expect(screen.getByRole('radio', { name: en.sideErpCouple })).toBeChecked();

    await user.click(screen.getByRole('button', { name: en.couple }));
    await waitFor(() => expect(text(root, '#status')).toBe('Fabrikam is now coupled with the ERP record C10000.'));
    expect(payloadOf(requests(dv)[1])).toEqual({ operation: 'couple', erpId: ERP.c10000, erpNumber: 'C10000', side: 'erp' });
    expect(requests(dv)[1].erp_targetid).toBe(ids.account);
    const close = screen.getByRole('button', { name: en.close });
    expect(document.activeElement).toBe(close);
    expect(screen.queryByRole('button', { name: en.couple })).toBeNull();
    // The list now tells the truth, and nothing can be sent twice from this dialog.
    expect(text(root, '#match-0-coupling')).toBe(en.coupledToThis);
    expect(Array.from(root.querySelectorAll('input, button')).filter((i) => !(i as HTMLInputElement).disabled)).toEqual([close]);
    await user.click(close);
    expect(closed).toEqual([{ changed: true }]);
  });

  it('requests per couple: search = 1 read + 1 create + polls, names of coupled matches = 1 read, couple = 1 read + 1 create + polls', async () => {
    const { app, dv, root } = await mount({ mode: 'couple', table: 'account', ids: [ids.account], name: 'Fabrikam' }, connector);
    (root.querySelector('#q') as HTMLInputElement).value = 'fabri';
    await app.search();
    const afterSearch = dv.calls.length;
    await app.run();
    const reads = (from: number, to: number, entity: string) => dv.calls.slice(from, to).filter((c) => c.entity === entity).map((c) => c.op);
    // The connection and the timeout are read once per dialog, before the first request.
    expect(reads(0, afterSearch, 'erp_integrationrequest')).toEqual(['retrieveMultipleRecords', 'createRecord', 'retrieveRecord']);
    expect(reads(0, afterSearch, 'account')).toEqual(['retrieveMultipleRecords']);
    expect(reads(afterSearch, dv.calls.length, 'erp_integrationrequest')).toEqual(['retrieveMultipleRecords', 'createRecord', 'retrieveRecord']);
    expect(dv.callsOf('retrieveMultipleRecords', 'erp_connection')).toHaveLength(1);
    expect(dv.callsOf('retrieveMultipleRecords', 'environmentvariabledefinition')).toHaveLength(1);
  });

  it('shows the connector’s refusal (the missing dependency) with what to do, and lets the user pick again', async () => {
    const missing = 'The account Fabrikam: the owner Jeanne Martin is not coupled to an ERP salesperson. Couple it first (mapping SALESPEOPLE), then retry the record.';
    let refuse = true;
    const { app, dv, root, closed } = await mount({ mode: 'couple', table: 'account', ids: [ids.account], name: 'Fabrikam' }, (row) => {
      const p = payloadOf(row);
      if (p.operation === 'couple' && refuse) return refused(missing);
      return connector(row);
    });
    (root.querySelector('#q') as HTMLInputElement).value = 'C10000';
    await app.search();
    await app.run();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(`Not done. ${missing}\nWhat to do: Fix what the message says (in Sales or in the ERP), then run the command again.`);
    expect(screen.getByRole('button', { name: en.couple })).toBeEnabled();
    refuse = false;
    await app.run();
    expect(alert.textContent).toBe('');
    expect(text(root, '#status')).toBe('Fabrikam is now coupled with the ERP record C10000.');
    // The failed request was put back to pending (same intent, same minute), not duplicated.
    expect(dv.rows('erp_integrationrequest').filter((r) => r.erp_kind === RequestKind.couple)).toHaveLength(2);
    expect(requests(dv)).toHaveLength(2);
    expect(closed).toEqual([]);
  });

  it('Sales values first when the user says so; nothing picked: asks to pick', async () => {
    const { app, dv, root } = await mount({ mode: 'couple', table: 'account', ids: [ids.account], name: 'Fabrikam' }, (row) => {
      const p = payloadOf(row);
      if (p.operation === 'search') return succeeded(row, { matches: [matches[0], { ...matches[0], id: ERP.c30000, number: 'C30000' }] });
      return connector(row);
    });
    (root.querySelector('#q') as HTMLInputElement).value = 'fab';
    await app.search();
    await app.run();
    expect(screen.getByRole('alert').textContent).toBe(en.chooseRecord);
    screen.getByRole('radio', { name: 'C30000 Fabrikam SA' }).click();
    screen.getByRole('radio', { name: en.sideCrmCouple }).click();
    await app.run();
    expect(payloadOf(requests(dv)[1])).toEqual({ operation: 'couple', erpId: ERP.c30000, erpNumber: 'C30000', side: 'crm' });
  });

  it('an empty search asks for text; no match says so; a silent connector: says the request stays queued', async () => {
    const { app, dv, root } = await mount({ mode: 'couple', table: 'account', ids: [ids.account], name: 'Fabrikam' }, (row) => (payloadOf(row).query === 'zzz' ? succeeded(row, { matches: [] }) : null));
    await app.search();
    expect(screen.getByRole('alert').textContent).toBe(en.typeSomething);
    expect(requests(dv)).toHaveLength(0);
    (root.querySelector('#q') as HTMLInputElement).value = 'zzz';
    await app.search();
    expect(text(root, '#status')).toBe('No ERP record matches “zzz”. Check the spelling, or search by number.');
    expect(root.querySelector('table')).toBeNull();
    (root.querySelector('#q') as HTMLInputElement).value = 'quiet';
    await app.search();
    expect(screen.getByRole('alert').textContent).toBe('The ERP has not answered within 30 seconds. The request is queued and will be processed; check the record later.');
  });
});

describe('create in Sales from the ERP', () => {
  it('product: chooses items or resources, lists what is not in Sales yet, creates the picked one', async () => {
    const { app, dv, root, closed } = await mount({ mode: 'createInSales', table: 'product', ids: [] }, (row) => {
      const p = payloadOf(row);
      if (p.operation === 'search') return succeeded(row, { matches: [{ id: ERP.c10000, number: 'R0010', name: 'Installation', coupledTo: null }] });
      if (p.operation === 'createInSales') return succeeded(row, { created: true, crmTable: 'product', crmId: ids.helmet });
      return null;
    });
    expect(text(root, 'h1')).toBe('Create in Sales from the ERP');
    const kind = screen.getByRole('group', { name: en.kind });
    expect(within(kind).getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['ITEM-PRODUCT', 'RESOURCE-PRODUCT']);
    within(kind).getByRole('radio', { name: 'Resources' }).click();
    (root.querySelector('#q') as HTMLInputElement).value = 'install';
    await app.search();
    expect(requests(dv)[0]).toEqual(expect.objectContaining({ erp_targettable: 'product', erp_targetid: null }));
    expect(payloadOf(requests(dv)[0])).toEqual({ operation: 'search', query: 'install', mapping: 'RESOURCE-PRODUCT' });
    await app.run();
    expect(payloadOf(requests(dv)[1])).toEqual({ operation: 'createInSales', mapping: 'RESOURCE-PRODUCT', erpId: ERP.c10000, erpNumber: 'R0010' });
    expect(text(root, '#status')).toBe('R0010 Installation was created in Sales and coupled.');
    app.close();
    expect(closed).toEqual([{ changed: true }]);
  });

  it('a record Sales already has is coupled instead, and the dialog says so', async () => {
    const { app, root } = await mount({ mode: 'createInSales', table: 'account', ids: [] }, (row) => {
      const p = payloadOf(row);
      if (p.operation === 'search') return succeeded(row, { matches: [matches[0]] });
      return succeeded(row, { created: false, crmTable: 'account', crmId: ids.account });
    });
    expect(root.querySelector('#kind')).toBeNull();
    (root.querySelector('#q') as HTMLInputElement).value = 'C10000';
    await app.search();
    await app.run();
    expect(text(root, '#status')).toBe('Sales already had C10000 Fabrikam SA (same number or name): they are now coupled, nothing was duplicated.');
  });
});

describe('create in the ERP and synchronise now, one answer per record', () => {
  const twoAccounts: CouplingDialogInput = { mode: 'createInErp', table: 'account', ids: [ids.account, ids.quote] };

  it('queues one request per record, waits for all with one read per poll, and shows each answer (the refusal names the dependency)', async () => {
    const missing = 'The account Menuiserie Arnaud: the owner Alex Morgan is not coupled to an ERP salesperson. Couple it first (mapping SALESPEOPLE), then retry the record.';
    const { app, dv, root, closed } = await mount(twoAccounts, (row, polls) => {
      if (polls < 2) return null;
      return row.erp_targetid === ids.account ? succeeded(row, { created: true, erpId: ERP.c30000, erpNumber: 'C30000' }) : refused(missing);
    });
    expect(screen.getAllByRole('rowheader').map((c) => c.textContent)).toEqual(['Fabrikam', 'Menuiserie Arnaud']);
    await app.run();
    expect(requests(dv).map((r) => [r.erp_targetid, payloadOf(r)])).toEqual([[ids.account, { operation: 'createInErp' }], [ids.quote, { operation: 'createInErp' }]]);
    expect(dv.callsOf('retrieveRecord', 'erp_integrationrequest')).toEqual([]);
    const polls = dv.callsOf('retrieveMultipleRecords', 'erp_integrationrequest').filter((c) => /erp_integrationrequestid eq/.test(c.options ?? ''));
    expect(polls).toHaveLength(2);
    expect(text(root, '#result-0')).toBe('Created in the ERP as C30000 and coupled.');
    expect(text(root, '#result-1')).toBe(`Not done. ${missing}\nWhat to do: Fix what the message says (in Sales or in the ERP), then run the command again.`);
    expect(root.querySelector('#result-1')!.className).toBe('result error');
    expect(text(root, '#status')).toBe('1 of 2 done; 1 not done (see the reason on each line).');
    app.close();
    expect(closed).toEqual([{ changed: true }]);
  });

  it('synchronise now asks whose values win before sending anything, then sends that side', async () => {
    const { app, dv, root } = await mount({ mode: 'syncNow', table: 'contact', ids: [ids.contact], name: 'Jeanne Martin' }, (row) => succeeded(row, { inserted: 0, modified: 1, unchanged: 0, failed: 0 }));
    const sides = screen.getByRole('group', { name: en.sideLegend });
    expect(within(sides).getAllByRole('radio').every((r) => !(r as HTMLInputElement).checked)).toBe(true);
    await app.run();
    expect(screen.getByRole('alert').textContent).toBe(en.chooseSide);
    expect(requests(dv)).toEqual([]);
    within(sides).getByRole('radio', { name: en.sideCrm }).click();
    await app.run();
    expect(requests(dv)[0]).toEqual(expect.objectContaining({ erp_kind: RequestKind.syncRecord, erp_targettable: 'contact', erp_targetid: ids.contact }));
    expect(payloadOf(requests(dv)[0])).toEqual({ operation: 'syncNow', side: 'crm' });
    expect(text(root, '#result-0')).toBe('Synchronized: the Sales values were applied in the ERP.');
    expect(text(root, '#status')).toBe('All 1 done.');
  });

  it('a request that cannot be sent is reported on its line, the others go on', async () => {
    const { app, dv, root } = await mount(twoAccounts, (row) => succeeded(row, { created: false, erpId: ERP.c10000, erpNumber: 'C10000' }));
    dv.fail('createRecord', 'erp_integrationrequest', new TypeError('Failed to fetch'), 1, (c) => c.data?.erp_targetid === ids.account);
    await app.run();
    expect(text(root, '#result-0')).toBe('The request could not be sent: Failed to fetch');
    expect(text(root, '#result-1')).toBe('The ERP already had C10000 (same number or name): coupled with it, nothing was duplicated.');
  });
});

describe('keyboard, ARIA and languages', () => {
  it('every input has a label, the status is polite, refusals are alerts, buttons are native; Escape closes', async () => {
    const { root, closed } = await mount({ mode: 'couple', table: 'account', ids: [ids.account], name: 'Fabrikam' }, () => null);
    for (const input of Array.from(root.querySelectorAll('input'))) expect(input).toHaveAccessibleName();
    expect(root.querySelector('#status')).toHaveAttribute('aria-live', 'polite');
    expect(root.querySelector('#status')).toHaveAttribute('role', 'status');
    expect(root.querySelector('#error')).toHaveAttribute('role', 'alert');
    expect(screen.getByRole('search')).toHaveAccessibleName(en.searchRegion);
    expect(root).toHaveAttribute('aria-labelledby', 'title');
    for (const b of Array.from(root.querySelectorAll('button'))) expect(b.tagName).toBe('BUTTON');
    await userEvent.setup().keyboard('{Escape}');
    expect(closed).toEqual([{ changed: false }]);
  });

  it('French for a French user, with the same keys and placeholders as English', async () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const k of Object.keys(en) as (keyof typeof en)[]) expect([k, placeholders(fr[k]).sort()]).toEqual([k, placeholders(en[k]).sort()]);
    const { root } = await mount({ mode: 'syncNow', table: 'product', ids: [ids.bike], name: 'Vélo 500' }, () => null, 1036);
    expect(document.documentElement.lang).toBe('fr');
    expect(text(root, 'h1')).toBe('Synchroniser maintenant');
    expect(screen.getByRole('group', { name: fr.sideLegend })).toBeTruthy();
    expect(screen.getByRole('button', { name: fr.synchronize })).toBeTruthy();
    expect(screen.getByRole('button', { name: fr.cancel })).toBeTruthy();
  });
});

describe('opening and closing', () => {
  it('reads what to do from ?data= and refuses anything else with a message', () => {
    const data = (x: unknown) => `?data=${encodeURIComponent(JSON.stringify(x))}`;
    expect(parseDialogInput(data({ mode: 'couple', table: 'account', ids: [`{${ids.account.toUpperCase()}}`], name: 'Fabrikam' }))).toEqual({ ok: true, input: { mode: 'couple', table: 'account', ids: [ids.account], name: 'Fabrikam' } });
    expect(parseDialogInput('')).toEqual({ ok: false, problem: 'no data parameter was given.' });
    expect(parseDialogInput('?data=%7Bx')).toEqual({ ok: false, problem: 'the data parameter is not JSON ({x).' });
    expect(parseDialogInput(data({ mode: 'delete', table: 'account', ids: [] }))).toMatchObject({ ok: false, problem: expect.stringMatching(/^mode "delete" is not one of/) });
    expect(parseDialogInput(data({ mode: 'couple', table: 'lead', ids: [ids.account] }))).toMatchObject({ ok: false, problem: 'table "lead" is not account, contact or product.' });
    expect(parseDialogInput(data({ mode: 'couple', table: 'account', ids: ["x' or 1 eq 1"] }))).toMatchObject({ ok: false, problem: 'ids must be record ids (GUIDs).' });
    expect(parseDialogInput(data({ mode: 'couple', table: 'account', ids: [ids.account, ids.quote] }))).toMatchObject({ ok: false, problem: 'coupling works on exactly one record.' });
    expect(parseDialogInput(data({ mode: 'createInSales', table: 'account', ids: [ids.account] }))).toMatchObject({ ok: false });
    expect(parseDialogInput(data({ mode: 'syncNow', table: 'account', ids: [] }))).toMatchObject({ ok: false, problem: 'give 1 to 50 record ids.' });
  });

  it('boot: the user’s language from ClientGlobalContext, a bad URL shown as an alert in that language', async () => {
    document.body.innerHTML = '<main id="erp-coupling"></main>';
    const root = document.getElementById('erp-coupling')!;
    const win = Object.assign(Object.create(window) as Window, {
      GetGlobalContext: () => ({ getClientUrl: () => 'https://org.example.com', userSettings: { languageId: 1036, userId: `{${USER.toUpperCase()}}` } }),
      location: { search: '' },
      navigator: window.navigator,
      ErpLink: { Pages: { coupling: { texts } } }, // what erp_/js/coupling.texts.js registers
    });
    expect(await boot(root, win)).toBeNull();
    expect(root).toHaveAttribute('role', 'alert');
    expect(root.textContent).toBe(fr.badInput.replace('{problem}', 'no data parameter was given.'));
  });

  it('boot: without erp_/js/coupling.texts.js (not loaded) it refuses to start, in English and French', async () => {
    const win = Object.assign(Object.create(window) as Window, { location: { search: '' }, navigator: window.navigator });
    const root = document.createElement('main');
    await expect(boot(root, win)).rejects.toThrow(partMissing('coupling', 'texts'));
    expect(partMissing('coupling', 'texts')).toMatch(/did not load \(erp_\/js\/coupling\.texts\.js\).* \/ ERP Link : une partie de cette page ne s’est pas chargée/);
  });

  it('closes through the platform dialog’s close button and leaves the result in returnValue; on its own, closes the window', () => {
    const parentDoc = document.implementation.createHTMLDocument('host');
    parentDoc.body.innerHTML = '<button data-id="dialogCloseIconButton">x</button><button data-id="dialogCloseIconButton">x</button>';
    const clicks: number[] = [];
    parentDoc.querySelectorAll('button').forEach((b, i) => b.addEventListener('click', () => clicks.push(i)));
    const inDialog = { parent: { document: parentDoc }, close: jest.fn() } as unknown as Window;
    closeDialog(inDialog, { changed: true });
    expect(clicks).toEqual([1]);
    expect((inDialog as unknown as { returnValue: unknown }).returnValue).toEqual({ changed: true });
    expect(inDialog.close).not.toHaveBeenCalled();
    const alone = { close: jest.fn() } as unknown as Window;
    (alone as unknown as { parent: Window }).parent = alone;
    closeDialog(alone, { changed: false });
    expect(alone.close).toHaveBeenCalledTimes(1);
  });
});
