// The ERP coupling commands of account, contact and product forms and grids: what each one opens or queues, the
// rules that show them, and what the user is told (English and French).
import { XrmMockGenerator } from 'xrm-mock';
import { Account, showLinkNotification } from '../../webresources/account';
import { Contact } from '../../webresources/contact';
import { Product } from '../../webresources/product';
import { COUPLING_PAGE, forgetCouplingStates, type CouplingDialogInput } from '../../webresources/lib/couplingCommands';
import { MAX_RECORDS_PER_RUN } from '../../webresources/lib/couplingTargets';
import { RequestKind, RequestStatus } from '../../domain/schema';
import { en, fr } from '../../domain/messages';
import { alertText, confirmText, errorText, setup, teardown, type Harness } from './support/harness';
import { ids } from './support/fixtures';
import { followsSettled } from '../../webresources/lib/follow';

interface Opened {
  page: Xrm.Navigation.PageInputHtmlWebResource;
  options: Xrm.Navigation.NavigationOptions;
  input: CouplingDialogInput;
}

function withDialog(h: Harness): { opened: Opened[]; refreshRibbon: jest.Mock } {
  const opened: Opened[] = [];
  (h.xrm.Navigation as unknown as Record<string, unknown>).navigateTo = jest.fn(async (page: Xrm.Navigation.PageInputHtmlWebResource, options: Xrm.Navigation.NavigationOptions) => {
    opened.push({ page, options, input: JSON.parse(page.data ?? '{}') as CouplingDialogInput });
  });
  const refreshRibbon = jest.fn();
  (h.formContext.ui as unknown as Record<string, unknown>).refreshRibbon = refreshRibbon;
  return { opened, refreshRibbon };
}

function accountForm(customerNumber: string | null, opts: { privileges?: string[]; lcid?: number; formType?: number; dirty?: boolean } = {}) {
  const h = setup({ entityName: 'account', id: ids.account, ...opts });
  h.dv.environment.erp_SubmissionTimeoutSeconds = '10';
  h.dv.put('erp_connection', ids.connection, { erp_connectionid: ids.connection });
  XrmMockGenerator.Attribute.createString('name', 'Fabrikam');
  XrmMockGenerator.Attribute.createString('erp_customernumber', customerNumber as string);
  (h.formContext.data.entity as unknown as Record<string, unknown>).getIsDirty = () => opts.dirty ?? false;
  return { h, ...withDialog(h) };
}

function productForm(itemNumber: string | null, type = 1) {
  const h = setup({ entityName: 'product', id: ids.bike });
  XrmMockGenerator.Attribute.createString('name', 'Bike 500');
  XrmMockGenerator.Attribute.createString('erp_itemnumber', itemNumber as string);
  XrmMockGenerator.Attribute.createNumber('producttypecode', type);
  (h.formContext.data.entity as unknown as Record<string, unknown>).getIsDirty = () => false;
  return { h, ...withDialog(h) };
}

function contactForm(coupling: { erpNumber: string } | null, opts: { privileges?: string[]; lcid?: number } = {}) {
  const h = setup({ entityName: 'contact', id: ids.contact, ...opts });
  forgetCouplingStates();
  XrmMockGenerator.Attribute.createString('fullname', 'Jeanne Martin');
  (h.formContext.data.entity as unknown as Record<string, unknown>).getIsDirty = () => false;
  if (coupling) h.dv.put('erp_coupling', 'k1', { erp_crmtable: 'contact', erp_crmid: ids.contact, erp_erpid: 'e-1', erp_erpnumber: coupling.erpNumber });
  return { h, ...withDialog(h) };
}

afterEach(teardown);

describe('form commands open the coupling dialog for the record', () => {
  it('Couple with ERP record… opens the dialog (target 2) with the record, then refreshes the form, its notification and commands', async () => {
    const { h, opened, refreshRibbon } = accountForm(null);
    await Account.coupleWithErp(h.formContext);
    expect(opened).toHaveLength(1);
    expect(opened[0].page).toMatchObject({ pageType: 'webresource', webresourceName: COUPLING_PAGE });
    expect(opened[0].options).toMatchObject({ target: 2, position: 1, title: en['Dialog.Coupling.Title'] });
    expect(opened[0].input).toEqual({ mode: 'couple', table: 'account', ids: [ids.account], name: 'Fabrikam' });
    expect(h.refresh).toHaveBeenCalledTimes(1);
    expect(refreshRibbon).toHaveBeenCalledTimes(1);
    expect(h.notifications().map((n) => n.uniqueId)).toEqual(['erp_account_link']);
  });

  it('the notification goes once the refreshed form shows the ERP number', () => {
    const { h } = accountForm(null);
    showLinkNotification(h.formContext);
    expect(h.notifications()).toHaveLength(1);
    h.formContext.getAttribute('erp_customernumber')!.setValue('C10000');
    showLinkNotification(h.formContext);
    expect(h.notifications()).toEqual([]);
  });

  it.each([
    ['createInErp', (fc: Xrm.FormContext) => Account.createInErp(fc)],
    ['syncNow', (fc: Xrm.FormContext) => Account.synchronizeNow(fc)],
  ] as const)('%s opens the dialog in that mode for this record', async (mode, run) => {
    const { h, opened } = accountForm(mode === 'syncNow' ? 'C10000' : null);
    await run(h.formContext);
    expect(opened.map((o) => o.input)).toEqual([{ mode, table: 'account', ids: [ids.account], name: 'Fabrikam' }]);
  });

  it('unsaved changes: asked to save first, no dialog', async () => {
    const { h, opened } = accountForm(null, { dirty: true });
    await Account.coupleWithErp(h.formContext);
    expect(alertText(h)).toBe(en['Error.SaveFirst']);
    expect(opened).toEqual([]);
  });

  it('without the privilege to change couplings (a salesperson with the ERP Integration User role): explained, no dialog, commands hidden', async () => {
    const { h, opened } = accountForm(null, { privileges: ['prvReaderp_Connection', 'prvCreateerp_IntegrationRequest', 'prvReaderp_IntegrationRequest'] });
    await Account.createInErp(h.formContext);
    expect(errorText(h)).toBe(en['Error.NoCouplingPrivilege']);
    expect(opened).toEqual([]);
    expect(await Account.canCoupleWithErp(h.formContext)).toBe(false);
  });

  it('a double click opens one dialog', async () => {
    const { h, opened } = productForm(null);
    await Promise.all([Product.coupleWithErp(h.formContext), Product.coupleWithErp(h.formContext)]);
    expect(opened).toHaveLength(1);
    expect(opened[0].input).toEqual({ mode: 'couple', table: 'product', ids: [ids.bike], name: 'Bike 500' });
  });

  it('contacts use their full name', async () => {
    const { h, opened } = contactForm(null);
    await Contact.coupleWithErp(h.formContext);
    expect(opened[0].input).toEqual({ mode: 'couple', table: 'contact', ids: [ids.contact], name: 'Jeanne Martin' });
  });
});

describe('Uncouple', () => {
  it('asks, queues one uncouple request for the record, waits, reports and refreshes', async () => {
    const { h, refreshRibbon } = accountForm('C10000');
    h.dv.connector = { answerAfterPolls: 2, result: { erp_status: RequestStatus.succeeded } };
    await Account.uncouple(h.formContext);
    expect(confirmText(h)).toBe('Uncouple Fabrikam from the ERP record C10000? Neither record is deleted, but they are no longer synchronized.');
    const [created] = h.dv.callsOf('createRecord', 'erp_integrationrequest');
    expect(created.data).toEqual(expect.objectContaining({ erp_kind: RequestKind.couple, erp_targettable: 'account', erp_targetid: ids.account, 'erp_connectionid@odata.bind': `/erp_connections(${ids.connection})` }));
    expect(JSON.parse(String(created.data!.erp_payload))).toEqual({ operation: 'uncouple' });
    expect(String(created.data!.erp_idempotencykey)).toMatch(new RegExp(`^couple:uncouple:${ids.account}:[0-9a-f]{16}:1970-01-01T00:00$`));
    expect(alertText(h)).toBe('Fabrikam is no longer coupled to the ERP record C10000.');
    expect(h.refresh).toHaveBeenCalledTimes(1);
    // The form first, then the result: never "coupled" behind "no longer coupled" (issue 19, finding 4).
    expect(h.refresh.mock.invocationCallOrder[0]).toBeLessThan(h.alert.mock.invocationCallOrder[0]);
    expect(refreshRibbon).toHaveBeenCalled();
  });

  it('the connector’s refusal is shown as it is, with its hint; the form is not refreshed', async () => {
    const { h } = accountForm('C10000');
    h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.failed, erp_lasterror: 'Uncoupling failed: the coupling is locked.', erp_fixhint: 'Run the command again.' } };
    await Account.uncouple(h.formContext);
    expect(errorText(h)).toBe('The ERP could not process the request: Uncoupling failed: the coupling is locked.\nWhat to do: Run the command again.');
    expect(h.refresh).not.toHaveBeenCalled();
  });

  it('connector silent: released after erp_SubmissionDialogSeconds, told it is queued; the form follows the answer (issue 19, finding 5)', async () => {
    const { h, refreshRibbon } = accountForm('C10000');
    h.dv.environment.erp_SubmissionDialogSeconds = '5';
    h.dv.connector = { answerAfterPolls: 6, result: { erp_status: RequestStatus.succeeded } };
    let closedAt = -1;
    let shownWithDialog: unknown[] = [];
    h.closeProgress.mockImplementation(() => void (closedAt = h.elapsed()));
    h.alert.mockImplementation(async () => void (shownWithDialog = [...h.notifications()]));
    await Account.uncouple(h.formContext);
    expect(closedAt).toBe(5000);
    const text = en['Result.UncoupleQueued'].replace('{name}', 'Fabrikam');
    expect(alertText(h)).toBe(text);
    expect(shownWithDialog).toEqual([{ level: 'INFO', uniqueId: 'erp_request_wait', message: text }]);
    await followsSettled();
    // The answer came on the 6th read, after the release: the form and then its commands refresh, without a dialog.
    expect(h.refresh).toHaveBeenCalledTimes(1);
    expect(h.refresh.mock.invocationCallOrder[0]).toBeGreaterThan(h.alert.mock.invocationCallOrder[0]);
    expect(Math.max(...refreshRibbon.mock.invocationCallOrder)).toBeGreaterThan(h.refresh.mock.invocationCallOrder[0]);
    expect(h.notifications()).toEqual([]);
    expect(h.alert).toHaveBeenCalledTimes(1);
  });

  it('cancelled: nothing queued', async () => {
    const h = setup({ entityName: 'account', id: ids.account, confirm: false });
    XrmMockGenerator.Attribute.createString('name', 'Fabrikam');
    XrmMockGenerator.Attribute.createString('erp_customernumber', 'C10000');
    await Account.uncouple(h.formContext);
    expect(h.confirm).toHaveBeenCalledTimes(1);
    expect(h.dv.callsOf('createRecord')).toEqual([]);
  });

  it('a contact’s ERP number comes from its coupling row; in French', async () => {
    const { h } = contactForm({ erpNumber: 'CT000042' }, { lcid: 1036 });
    h.dv.connector = { answerAfterPolls: 1 };
    await Contact.uncouple(h.formContext);
    expect(confirmText(h)).toBe(fr['Dialog.Uncouple.Text'].replace('{name}', 'Jeanne Martin').replace('{number}', 'CT000042'));
    expect(h.dv.rows('erp_integrationrequest')).toHaveLength(1);
  });
});

describe('grid commands', () => {
  it('Create in ERP for the selection opens the dialog with the selected ids, then refreshes the grid', async () => {
    const { opened } = accountForm(null);
    const grid = { refresh: jest.fn() };
    await Account.createInErpForSelected([`{${ids.account.toUpperCase()}}`, ids.contact], grid);
    expect(opened[0].input).toEqual({ mode: 'createInErp', table: 'account', ids: [ids.account, ids.contact] });
    expect(grid.refresh).toHaveBeenCalledTimes(1);
  });

  it('Synchronize now for the selection; nothing selected: nothing opens', async () => {
    const { h, opened } = productForm('1000');
    await Product.synchronizeNowForSelected([ids.bike, ids.helmet]);
    await Product.synchronizeNowForSelected([]);
    expect(opened.map((o) => o.input)).toEqual([{ mode: 'syncNow', table: 'product', ids: [ids.bike, ids.helmet] }]);
    expect(h.alert).not.toHaveBeenCalled();
  });

  it(`more than ${MAX_RECORDS_PER_RUN} selected: says how many at most, opens nothing`, async () => {
    const { h, opened } = accountForm(null);
    const many = Array.from({ length: MAX_RECORDS_PER_RUN + 1 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await Account.synchronizeNowForSelected(many);
    expect(alertText(h)).toBe(`${MAX_RECORDS_PER_RUN + 1} records are selected. Select at most ${MAX_RECORDS_PER_RUN} at a time.`);
    expect(opened).toEqual([]);
  });

  it('Create in Sales from ERP… opens the dialog on the table, without records', async () => {
    const { opened } = contactForm(null);
    const grid = { refresh: jest.fn() };
    await Contact.createInSalesFromErp(grid);
    expect(opened[0].input).toEqual({ mode: 'createInSales', table: 'contact', ids: [] });
    expect(grid.refresh).toHaveBeenCalledTimes(1);
  });
});

describe('enable rules', () => {
  it('account: couple/create when not coupled, synchronise/uncouple when coupled; never on a new record or without the privilege', async () => {
    const free = accountForm(null).h.formContext;
    expect([await Account.canCoupleWithErp(free), await Account.canCreateInErp(free), await Account.canSynchronizeNow(free), await Account.canUncouple(free)]).toEqual([true, true, false, false]);
    const coupled = accountForm('C10000').h.formContext;
    expect([await Account.canCoupleWithErp(coupled), await Account.canCreateInErp(coupled), await Account.canSynchronizeNow(coupled), await Account.canUncouple(coupled)]).toEqual([false, false, true, true]);
    const fresh = accountForm(null, { formType: 1 }).h.formContext;
    expect([await Account.canCoupleWithErp(fresh), await Account.canCreateInErp(fresh)]).toEqual([false, false]);
    const denied = accountForm('C10000', { privileges: ['prvReaderp_Connection'] }).h.formContext;
    expect([await Account.canSynchronizeNow(denied), await Account.canUncouple(denied), await Account.canRunCouplingForSelected(), await Account.canCreateInSalesFromErp()]).toEqual([false, false, false, false]);
  });

  it('product: a Services product cannot be created in the ERP (resources come from the ERP), but can be coupled', async () => {
    const services = productForm(null, 3).h.formContext;
    expect([await Product.canCoupleWithErp(services), await Product.canCreateInErp(services)]).toEqual([true, false]);
    const item = productForm(null, 1).h.formContext;
    expect(await Product.canCreateInErp(item)).toBe(true);
  });

  it('contact: read from its coupling row, once for all the rules', async () => {
    const coupled = contactForm({ erpNumber: 'CT000042' });
    const fc = coupled.h.formContext;
    expect([await Contact.canCoupleWithErp(fc), await Contact.canCreateInErp(fc), await Contact.canSynchronizeNow(fc), await Contact.canUncouple(fc)]).toEqual([false, false, true, true]);
    expect(coupled.h.dv.callsOf('retrieveMultipleRecords', 'erp_coupling')).toHaveLength(1);
    expect(coupled.h.dv.callsOf('retrieveMultipleRecords', 'erp_coupling')[0].options).toContain(`erp_crmtable eq 'contact' and erp_crmid eq '${ids.contact}'`);
    const free = contactForm(null).h.formContext;
    expect([await Contact.canCoupleWithErp(free), await Contact.canSynchronizeNow(free)]).toEqual([true, false]);
  });

  it('contact: when its coupling cannot be read, neither side’s commands show', async () => {
    const { h } = contactForm(null);
    h.dv.fail('retrieveMultipleRecords', 'erp_coupling', { errorCode: -2147220960, message: 'Principal user is missing prvReaderp_Coupling privilege.' }, 4);
    expect([await Contact.canCoupleWithErp(h.formContext), await Contact.canUncouple(h.formContext)]).toEqual([false, false]);
  });
});

describe('labels', () => {
  it('every coupling command has its label and tooltip in English and French', () => {
    const keys = Object.keys(en).filter((k) => /^Command\.(CoupleWithErp|CreateInErp|CreateInErpSelected|Uncouple|SyncNow|SyncNowSelected|CreateInSales)\./.test(k));
    expect(keys).toHaveLength(12);
    for (const k of keys) {
      const key = k as keyof typeof en;
      expect([k, fr[key].length > 0, fr[key] !== en[key]]).toEqual([k, true, true]);
    }
  });
});
