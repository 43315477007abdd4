import { XrmMockGenerator } from 'xrm-mock';
import { Account } from '../../webresources/account';
import { Product } from '../../webresources/product';
import { refreshKey } from '../../domain/idempotency';
import { RequestKind, RequestStatus } from '../../domain/schema';
import { en, fr } from '../../domain/messages';
import { alertText, errorText, setup, teardown, type Harness } from './support/harness';
import { networkError, privilegeError } from './support/fakeDataverse';
import { ids } from './support/fixtures';
import { followsSettled } from '../../webresources/lib/follow';
import { REFRESH_CHANNEL, refreshedMessage } from '../../domain/refreshSignal';
import { FakeBroadcastHub } from '../controls/support/fakeBroadcast';

function openAccountForm(customerNumber: string | null, opts: { privileges?: string[]; lcid?: number; formType?: number } = {}): Harness {
  const h = setup({ entityName: 'account', id: ids.account, ...opts });
  h.dv.put('erp_connection', 'conn', { erp_connectionid: 'conn', erp_webclienturl: 'https://bc.example.com/t/Production/?company=CRONUS' });
  h.dv.environment.erp_SubmissionTimeoutSeconds = '10';
  XrmMockGenerator.Attribute.createString('name', 'Fabrikam');
  XrmMockGenerator.Attribute.createString('erp_customernumber', customerNumber as string);
  return h;
}

function openProductForm(itemNumber: string | null, type = 1, opts: { privileges?: string[]; lcid?: number } = {}): Harness {
  const h = setup({ entityName: 'product', id: ids.bike, ...opts });
  h.dv.put('erp_connection', 'conn', { erp_connectionid: 'conn', erp_webclienturl: 'https://bc.example.com/?company=CRONUS' });
  XrmMockGenerator.Attribute.createString('name', 'Bike 500');
  XrmMockGenerator.Attribute.createString('erp_itemnumber', itemNumber as string);
  XrmMockGenerator.Attribute.createNumber('producttypecode', type);
  return h;
}

afterEach(teardown);

describe('Account: Update ERP statistics', () => {
  it('queues one refresh request for this minute, waits, reports and refreshes the form', async () => {
    const h = openAccountForm('10000');
    h.dv.connector = { answerAfterPolls: 2, result: { erp_status: RequestStatus.succeeded } };
    await Account.updateStatistics(h.formContext);
    expect(h.confirm).not.toHaveBeenCalled();
    expect(h.dv.callsOf('createRecord', 'erp_integrationrequest')[0].data).toEqual(expect.objectContaining({
      erp_kind: RequestKind.refreshStatistics, erp_targettable: 'account', erp_targetid: ids.account, erp_idempotencykey: refreshKey('refreshstatistics', ids.account, new Date(0)),
    }));
    expect(alertText(h)).toBe('The ERP statistics of Fabrikam are up to date.');
    expect(h.refresh).toHaveBeenCalledTimes(1);
    // The form is refreshed before the answer shows (issue 19, finding 4).
    expect(h.refresh.mock.invocationCallOrder[0]).toBeLessThan(h.alert.mock.invocationCallOrder[0]);
    expect(h.closeProgress).toHaveBeenCalledTimes(2);
  });

  it('a double click queues one request', async () => {
    const h = openAccountForm('10000');
    h.dv.connector = { answerAfterPolls: 1 };
    await Promise.all([Account.updateStatistics(h.formContext), Account.updateStatistics(h.formContext)]);
    expect(h.dv.rows('erp_integrationrequest')).toHaveLength(1);
  });

  it('an account not linked to the ERP: explained, nothing queued', async () => {
    const h = openAccountForm(null);
    await Account.updateStatistics(h.formContext);
    expect(alertText(h)).toBe(en['Notify.AccountNotLinked']);
    expect(h.dv.callsOf('createRecord')).toEqual([]);
  });

  it('privilege missing: explained', async () => {
    const h = openAccountForm('10000', { privileges: ['prvReaderp_Connection'] });
    await Account.updateStatistics(h.formContext);
    expect(errorText(h)).toBe(en['Error.NoPrivilege']);
    expect(h.dv.callsOf('createRecord')).toEqual([]);
  });

  it('privilege refused by the server: explained', async () => {
    const h = openAccountForm('10000');
    h.dv.fail('createRecord', 'erp_integrationrequest', privilegeError());
    await Account.updateStatistics(h.formContext);
    expect(errorText(h)).toBe(en['Error.NoPrivilege']);
  });

  it('connector silent: released after erp_SubmissionDialogSeconds, told the request is queued, no refresh yet', async () => {
    const h = openAccountForm('10000');
    h.dv.environment.erp_SubmissionDialogSeconds = '4';
    let closedAt = -1;
    h.closeProgress.mockImplementation(() => void (closedAt = h.elapsed()));
    await Account.updateStatistics(h.formContext);
    expect(closedAt).toBe(4000);
    expect(alertText(h)).toBe(en['Result.RefreshQueued']);
    expect(h.notifications()).toEqual([{ level: 'INFO', uniqueId: 'erp_request_wait', message: en['Result.RefreshQueued'] }]);
    expect(h.refresh).not.toHaveBeenCalled();
  });

  it('a failure that lands after the release shows on the form', async () => {
    const h = openAccountForm('10000');
    h.dv.connector = { answerAfterPolls: 6, result: { erp_status: RequestStatus.failed, erp_lasterror: 'Customer 10000 not found.' } };
    await Account.updateStatistics(h.formContext);
    await followsSettled();
    expect(h.notifications()).toEqual([{ level: 'ERROR', uniqueId: 'erp_request_wait', message: 'The ERP could not process the request: Customer 10000 not found.' }]);
    expect(h.error).not.toHaveBeenCalled();
  });

  it('request failed: error and hint', async () => {
    const h = openAccountForm('10000');
    h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.failed, erp_lasterror: 'Customer 10000 not found.', erp_fixhint: 'Re-couple the account.' } };
    await Account.updateStatistics(h.formContext);
    expect(errorText(h)).toBe('The ERP could not process the request: Customer 10000 not found.\nWhat to do: Re-couple the account.');
  });

  it('network error: explained, progress closed', async () => {
    const h = openAccountForm('10000');
    h.dv.fail('retrieveMultipleRecords', 'erp_integrationrequest', networkError());
    await Account.updateStatistics(h.formContext);
    expect(errorText(h)).toContain('could not be reached');
    expect(h.closeProgress).toHaveBeenCalledTimes(h.showProgress.mock.calls.length);
  });

  it('from the grid: one request per selected account, then how many', async () => {
    const h = openAccountForm('10000');
    await Account.updateStatisticsForSelected([ids.account, ids.contact]);
    expect(h.dv.rows('erp_integrationrequest').map((r) => r.erp_targetid)).toEqual([ids.account, ids.contact]);
    expect(alertText(h)).toBe('A refresh was requested for 2 records. The figures appear within a few minutes; open a record to see them.');
    expect(h.dv.callsOf('retrieveRecord')).toEqual([]);
  });

  it('from the grid without privilege: explained', async () => {
    const h = openAccountForm('10000', { privileges: [] });
    await Account.updateStatisticsForSelected([ids.account]);
    expect(errorText(h)).toBe(en['Error.NoPrivilege']);
    expect(await Account.canUpdateStatisticsForSelected()).toBe(false);
  });
});

describe('Account: Open in ERP, rules and form', () => {
  it('opens the customer card', async () => {
    const h = openAccountForm('10000');
    await Account.openInErp(h.formContext);
    expect(h.openUrl).toHaveBeenCalledWith("https://bc.example.com/t/Production/?company=CRONUS&page=21&filter='No.'%20IS%20'10000'");
  });
  it('enable rules', async () => {
    expect(await Account.canUpdateStatistics(openAccountForm('10000').formContext)).toBe(true);
    expect(await Account.canUpdateStatistics(openAccountForm('10000', { formType: 1 }).formContext)).toBe(false);
    expect(await Account.canOpenInErp(openAccountForm('10000').formContext)).toBe(true);
    expect(await Account.canOpenInErp(openAccountForm(null).formContext)).toBe(false);
  });
  it('Update ERP statistics is for users who may read the figures: not for the availability-only role', async () => {
    // ERP Product Availability User: may create requests, read availability and the connection, not statistics.
    const availabilityOnly = ['prvCreateerp_IntegrationRequest', 'prvReaderp_IntegrationRequest', 'prvReaderp_ItemAvailability', 'prvReaderp_Connection'];
    expect(await Account.canUpdateStatistics(openAccountForm('10000', { privileges: availabilityOnly }).formContext)).toBe(false);
    expect(await Account.canUpdateStatisticsForSelected()).toBe(false);
    expect(await Product.canRefreshAvailability(openProductForm('1000', 1, { privileges: availabilityOnly }).formContext)).toBe(true);
    expect(await Product.canRefreshAvailabilityForSelected()).toBe(true);
    const statisticsOnly = ['prvCreateerp_IntegrationRequest', 'prvReaderp_AccountStatistics'];
    expect(await Product.canRefreshAvailability(openProductForm('1000', 1, { privileges: statisticsOnly }).formContext)).toBe(false);
  });
  it('an account not linked to the ERP gets a warning notification, in the user’s language', () => {
    const h = openAccountForm(null, { lcid: 1036 });
    Account.onLoad(h.executionContext);
    expect(h.notifications()).toEqual([{ level: 'WARNING', uniqueId: 'erp_account_link', message: fr['Notify.AccountNotLinked'] }]);
    const linked = openAccountForm('10000');
    Account.onLoad(linked.executionContext);
    expect(linked.notifications()).toEqual([]);
    expect((linked.formContext.getControl('erp_customernumber') as Xrm.Controls.StandardControl).getDisabled()).toBe(true);
  });
});

describe('Product: Refresh availability', () => {
  it('queues a refreshAvailability request and reports', async () => {
    const h = openProductForm('1000');
    h.dv.connector = { answerAfterPolls: 1 };
    await Product.refreshAvailability(h.formContext);
    expect(h.dv.callsOf('createRecord', 'erp_integrationrequest')[0].data).toEqual(expect.objectContaining({ erp_kind: RequestKind.refreshAvailability, erp_targettable: 'product', erp_targetid: ids.bike }));
    expect(alertText(h)).toBe('The availability of Bike 500 is up to date.');
  });
  it('a product not linked: explained, nothing queued', async () => {
    const h = openProductForm(null);
    await Product.refreshAvailability(h.formContext);
    expect(alertText(h)).toBe(en['Notify.ProductNotLinked']);
    expect(h.dv.callsOf('createRecord')).toEqual([]);
  });
  it('connector silent, request failed, network error', async () => {
    const silent = openProductForm('1000');
    await Product.refreshAvailability(silent.formContext);
    expect(silent.notifications().map((n) => n.uniqueId)).toEqual(['erp_request_wait']);
    const failed = openProductForm('1000');
    failed.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.failed, erp_lasterror: 'Item blocked.' } };
    await Product.refreshAvailability(failed.formContext);
    expect(errorText(failed)).toBe('The ERP could not process the request: Item blocked.');
    const offline = openProductForm('1000');
    offline.dv.fail('retrieveMultipleRecords', 'erp_integrationrequest', networkError());
    await Product.refreshAvailability(offline.formContext);
    expect(errorText(offline)).toContain('could not be reached');
  });
  it('privilege missing (e.g. a user without the availability role)', async () => {
    const h = openProductForm('1000', 1, { privileges: [] });
    await Product.refreshAvailability(h.formContext);
    expect(errorText(h)).toBe(en['Error.NoPrivilege']);
    expect(await Product.canRefreshAvailability(h.formContext)).toBe(false);
  });
  it('from the grid', async () => {
    const h = openProductForm('1000');
    await Product.refreshAvailabilityForSelected([ids.bike]);
    expect(h.dv.rows('erp_integrationrequest')).toHaveLength(1);
    expect(alertText(h)).toContain('requested for 1 record.');
  });
  it('Open in ERP: item card for inventory, resource card for services', async () => {
    const item = openProductForm('1000', 1);
    await Product.openInErp(item.formContext);
    expect(item.openUrl).toHaveBeenCalledWith(expect.stringContaining('&page=30&'));
    const resource = openProductForm('R-1', 3);
    await Product.openInErp(resource.formContext);
    expect(resource.openUrl).toHaveBeenCalledWith(expect.stringContaining('&page=76&'));
  });
  it('form notification when not linked', () => {
    const h = openProductForm(null);
    Product.onLoad(h.executionContext);
    expect(h.notifications()).toEqual([{ level: 'WARNING', uniqueId: 'erp_product_link', message: en['Notify.ProductNotLinked'] }]);
  });
});

describe('Refresh commands tell the controls on the page (issue 19, finding 3)', () => {
  const hub = new FakeBroadcastHub();
  const channelNames: string[] = [];
  beforeEach(() => {
    hub.posted.length = 0;
    channelNames.length = 0;
    (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = function (name: string) {
      channelNames.push(name);
      return hub.open();
    };
  });
  afterEach(() => {
    delete (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
  });

  it('Update ERP statistics: the account is announced as refreshed before the success dialog, on the ERP Link channel', async () => {
    const h = openAccountForm('10000');
    h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded } };
    let postedBeforeDialog: unknown[] = [];
    h.alert.mockImplementation(() => {
      postedBeforeDialog = [...hub.posted];
      return Promise.resolve();
    });
    await Account.updateStatistics(h.formContext);
    expect(channelNames).toEqual([REFRESH_CHANNEL]);
    expect(postedBeforeDialog).toEqual([refreshedMessage('account', ids.account)]);
    expect(hub.openCount).toBe(0);
  });

  it('Refresh availability: the product is announced; a failed or unanswered refresh announces nothing', async () => {
    const ok = openProductForm('1896-S');
    ok.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded } };
    await Product.refreshAvailability(ok.formContext);
    expect(hub.posted).toEqual([refreshedMessage('product', ids.bike)]);
    await teardown();

    hub.posted.length = 0;
    const failed = openAccountForm('10000');
    failed.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.failed, erp_lasterror: 'Customer 10000 not found.' } };
    await Account.updateStatistics(failed.formContext);
    await teardown();
    const silent = openAccountForm('10000');
    await Account.updateStatistics(silent.formContext);
    expect(hub.posted).toEqual([]);
  });

  it('an answer that lands after the release: the form refreshes and the controls are told (issue 19, findings 3 and 5)', async () => {
    const account = openAccountForm('10000');
    account.dv.connector = { answerAfterPolls: 6, result: { erp_status: RequestStatus.succeeded } };
    await Account.updateStatistics(account.formContext);
    expect(alertText(account)).toBe(en['Result.RefreshQueued']);
    expect(hub.posted).toEqual([]);
    await followsSettled();
    expect(hub.posted).toEqual([refreshedMessage('account', ids.account)]);
    expect(account.refresh).toHaveBeenCalledTimes(1);
    expect(account.notifications()).toEqual([]);
    expect(account.alert).toHaveBeenCalledTimes(1);
    await teardown();

    hub.posted.length = 0;
    const product = openProductForm('1000', 1, { lcid: 1036 });
    product.dv.connector = { answerAfterPolls: 6, result: { erp_status: RequestStatus.succeeded } };
    await Product.refreshAvailability(product.formContext);
    expect(alertText(product)).toBe(fr['Result.RefreshQueued']);
    await followsSettled();
    expect(hub.posted).toEqual([refreshedMessage('product', ids.bike)]);
    expect(product.refresh).toHaveBeenCalledTimes(1);
  });

  it('without BroadcastChannel the command works as before', async () => {
    delete (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
    const h = openAccountForm('10000');
    h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded } };
    await Account.updateStatistics(h.formContext);
    expect(alertText(h)).toBe('The ERP statistics of Fabrikam are up to date.');
    expect(h.refresh).toHaveBeenCalledTimes(1);
    // The form is refreshed before the answer shows (issue 19, finding 4).
    expect(h.refresh.mock.invocationCallOrder[0]).toBeLessThan(h.alert.mock.invocationCallOrder[0]);
  });
});
