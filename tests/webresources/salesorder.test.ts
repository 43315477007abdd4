import { canOpenInErp, canRetry, canSubmit, canSubmitSelected, openInErp, retrySubmission, submitToErp } from '../../webresources/salesorder/commands';
import { onLoad } from '../../webresources/salesorder/form';
import { orderSubmissionKey } from '../../domain/idempotency';
import { liveKeyFor } from '../../domain/liveRequest';
import { RequestKind, RequestStatus, SubmissionStatus } from '../../domain/schema';
import { en, fr } from '../../domain/messages';
import { alertText, confirmText, errorText, teardown, USER_ID, type Harness } from './support/harness';
import { followsSettled } from '../../webresources/lib/follow';
import { networkError, privilegeError, serverError } from './support/fakeDataverse';
import { ids, line, order } from './support/fixtures';
import { CONNECTION_ID, openOrderForm } from './support/orderForm';

const requestRows = (h: Harness) => h.dv.rows('erp_integrationrequest');
const orderRow = (h: Harness) => h.dv.table('salesorder').get(ids.order)!;

afterEach(teardown);

describe('Submit to ERP', () => {
  it('submits a clean order once: Submitted, one request with the idempotency key, a post, then the ERP number', async () => {
    const h = openOrderForm();
    h.dv.connector = { answerAfterPolls: 2, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-1001' } };
    await submitToErp(h.formContext);

    expect(confirmText(h)).toBe(en['Dialog.SubmitOrder.Text'].replace('{number}', 'ORD-01001-B7C4D2'));
    const update = h.dv.callsOf('updateRecord', 'salesorder')[0];
    expect(update.data).toEqual(expect.objectContaining({ statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.queued, 'erp_submittedby@odata.bind': `/systemusers(${USER_ID})`, erp_lastsubmissionerror: null }));
    expect(requestRows(h)).toHaveLength(1);
    expect(h.dv.callsOf('createRecord', 'erp_integrationrequest')[0].data).toEqual(expect.objectContaining({
      erp_kind: RequestKind.submitOrder,
      erp_status: RequestStatus.pending,
      erp_targettable: 'salesorder',
      erp_targetid: ids.order,
      erp_idempotencykey: orderSubmissionKey(order()),
      'erp_connectionid@odata.bind': `/erp_connections(${CONNECTION_ID})`,
      'erp_requestedby@odata.bind': `/systemusers(${USER_ID})`,
    }));
    // The order's Submitted state and its request in ONE change set: both land or neither (issue 15, path 3).
    const orderWrite = h.dv.callsOf('updateRecord', 'salesorder')[0];
    const requestWrite = h.dv.callsOf('createRecord', 'erp_integrationrequest')[0];
    expect(orderWrite.changeSet).toBe(1);
    expect(requestWrite.changeSet).toBe(1);
    expect(h.dv.changeSets).toBe(1);
    expect(requestRows(h)[0].erp_integrationrequestid).toBe(requestWrite.data?.erp_integrationrequestid);
    expect(h.dv.rows('post')).toEqual([expect.objectContaining({ text: 'The order was submitted to the ERP by Alex Wu.', source: 2, type: 7, 'regardingobjectid_salesorder@odata.bind': `/salesorders(${ids.order})` })]);
    expect(alertText(h)).toBe('The order is in the ERP as order SO-1001.');
    expect(h.error).not.toHaveBeenCalled();
    expect(h.closeProgress).toHaveBeenCalledTimes(3);
    expect(h.showProgress).toHaveBeenCalledWith('Waiting for the ERP… (0 s)');
    expect(h.refresh).toHaveBeenCalled();
  });

  it('reads the order with ONE Web API request (the shared $expand query)', async () => {
    const h = openOrderForm();
    h.dv.connector = { answerAfterPolls: 1 };
    await submitToErp(h.formContext);
    const reads = h.dv.callsOf('retrieveRecord', 'salesorder');
    expect(reads).toHaveLength(1);
    expect(reads[0].options).toContain('$expand=');
    expect(reads[0].options).toContain('order_details(');
  });

  it.each([1, 200])('makes the same Web API calls whatever the number of lines (%s lines)', async (count) => {
    const lines = Array.from({ length: count }, (_, i) => line({ salesorderdetailid: `aaaaaaaa-0000-0000-0000-${String(i).padStart(12, '0')}`, sequencenumber: i + 1 }));
    const h = openOrderForm(order({ order_details: lines }));
    h.dv.connector = { answerAfterPolls: 2, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-1' } };
    await submitToErp(h.formContext);
    const count_ = (op: Parameters<typeof h.dv.callsOf>[0], entity: string) => h.dv.callsOf(op, entity).length;
    expect({
      order: count_('retrieveRecord', 'salesorder'),
      connection: count_('retrieveMultipleRecords', 'erp_connection'),
      environment: count_('retrieveMultipleRecords', 'environmentvariabledefinition'),
      coupling: count_('retrieveMultipleRecords', 'erp_coupling'),
      lookup: count_('retrieveMultipleRecords', 'erp_integrationrequest'),
      polls: count_('retrieveRecord', 'erp_integrationrequest'),
      orderUpdate: count_('updateRecord', 'salesorder'),
      request: count_('createRecord', 'erp_integrationrequest'),
      post: count_('createRecord', 'post'),
      statistics: count_('retrieveRecord', 'account'),
      availability: count_('retrieveMultipleRecords', 'erp_itemavailability'),
    }).toEqual({ order: 1, connection: 1, environment: 1, coupling: 1, lookup: 1, polls: 2, orderUpdate: 1, request: 1, post: 1, statistics: 1, availability: 1 });
    expect(h.dv.calls).toHaveLength(12);
  });

  it('shows ALL problems in one dialog, each with what to fix, and changes nothing', async () => {
    const h = openOrderForm(order({ order_details: [
      line({ productid: { productid: ids.bike, name: 'Bike 500', statecode: 0, producttypecode: 1, erp_itemnumber: null } }),
      line({ salesorderdetailid: ids.line2, sequencenumber: 2, quantity: 0 }),
    ] }));
    await submitToErp(h.formContext);
    expect(h.alert).toHaveBeenCalledTimes(1);
    const text = alertText(h);
    expect((h.alert.mock.calls[0] as unknown as [{ title: string }])[0].title).toBe(en['Dialog.Problems.Title']);
    expect(text).toContain('2 problems must be fixed first:');
    expect(text).toContain('1. The product Bike 500 (line 1) is not linked to an ERP item. Ask your ERP administrator to couple it, or use a write-in line.');
    expect(text).toContain('2. Line 2 has quantity 0. Enter a quantity greater than 0.');
    expect(h.confirm).not.toHaveBeenCalled();
    expect(h.dv.callsOf('updateRecord')).toEqual([]);
    expect(h.dv.callsOf('createRecord')).toEqual([]);
    expect(h.closeProgress).toHaveBeenCalledTimes(1);
  });

  it('speaks French to a French user', async () => {
    const h = openOrderForm(order({ order_details: [] }), { lcid: 1036 });
    await submitToErp(h.formContext);
    expect(alertText(h)).toContain(fr.NO_LINES);
    expect(alertText(h)).toContain('1 problème à corriger d’abord :');
  });

  it('lists warnings in the confirmation and goes on when confirmed', async () => {
    const h = openOrderForm();
    h.dv.table('erp_coupling').clear();
    h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-7' } };
    await submitToErp(h.formContext);
    expect(confirmText(h)).toContain('The owner Alex Wu is not linked to an ERP salesperson');
    expect(requestRows(h)).toHaveLength(1);
  });

  describe('credit and stock from the ERP figures in Dataverse', () => {
    const withFigures = (h: Harness, connection: Record<string, unknown> = {}) => {
      Object.assign(h.dv.table('erp_connection').get(CONNECTION_ID)!, connection);
      h.dv.put('account', ids.account, {
        accountid: ids.account,
        erp_accountstatisticsid: { erp_currencycode: 'EUR', erp_balance: 400, erp_outstandingorders: 200, erp_creditlimit: 1000, erp_overdueamount: 150, erp_refreshedon: '2026-12-05T09:30:00Z' },
      });
      h.dv.put('erp_itemavailability', 'a1', { _erp_productid_value: ids.bike, erp_locationcode: 'MAIN', erp_onhand: 1, erp_reserved: 0, erp_available: 1, erp_incoming: 5, erp_nextreceiptdate: '2026-12-20', erp_unit: 'Piece', erp_refreshedon: '2026-12-05T09:00:00Z' });
    };

    it('warns before confirming, in the user’s language, and goes on when confirmed', async () => {
      const h = openOrderForm(order({ totalamount: 1000, order_details: [line({ erp_locationcode: null })] }));
      withFigures(h);
      h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-9' } };
      await submitToErp(h.formContext);
      const text = confirmText(h);
      expect(text).toContain('With this order (€1,000.00 excl. tax, plus the tax the ERP adds), Fabrikam would owe €1,600.00 incl. tax in the ERP, above its credit limit of €1,000.00 (160%).');
      expect(text).toContain('Fabrikam has €150.00 incl. tax overdue in the ERP.');
      // No ship-from location on the line: the note says which location the ERP will use (issue 19, finding 11).
      expect(text).toContain('Line 1 has no ship-from location. The ERP will ship it from the order’s location, which Business Central takes from the customer card');
      expect(text).toContain('Line 1 (Bike 500): 2 Piece requested, 1 Piece available in the ERP across all locations; the full quantity is expected on Dec 20, 2026.');
      expect(h.alert).not.toHaveBeenCalledWith(expect.objectContaining({ title: en['Dialog.Problems.Title'] }), expect.anything());
      expect(requestRows(h)).toHaveLength(1);
    });

    it('speaks French with French figures', async () => {
      const h = openOrderForm(order({ totalamount: 1000, order_details: [line({ erp_locationcode: null })] }), { lcid: 1036 });
      withFigures(h);
      h.dv.connector = { answerAfterPolls: 1 };
      await submitToErp(h.formContext);
      expect(confirmText(h)).toMatch(/Ligne 1 \(Bike 500\) : 2 Piece demandés, 1 Piece disponibles dans l’ERP sur l’ensemble des emplacements ; la quantité complète est attendue le 20 déc\. 2026\./);
      expect(confirmText(h)).toContain('La ligne 1 n’a pas de magasin d’expédition. L’ERP l’expédiera depuis le magasin de la commande');
    });

    it('switched off on the connection: the figures are not read and nothing is said', async () => {
      const h = openOrderForm(order({ totalamount: 1000 }));
      withFigures(h, { erp_statisticsenabled: false, erp_availabilityenabled: false });
      h.dv.connector = { answerAfterPolls: 1 };
      await submitToErp(h.formContext);
      expect(h.dv.callsOf('retrieveRecord', 'account')).toEqual([]);
      expect(h.dv.callsOf('retrieveMultipleRecords', 'erp_itemavailability')).toEqual([]);
      expect(confirmText(h)).not.toMatch(/credit limit|overdue|requested/);
    });

    it('figures the user may not read do not stop the submission', async () => {
      const h = openOrderForm(order({ totalamount: 1000 }));
      withFigures(h);
      h.dv.fail('retrieveRecord', 'account', privilegeError());
      h.dv.fail('retrieveMultipleRecords', 'erp_itemavailability', privilegeError());
      h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-10' } };
      await submitToErp(h.formContext);
      expect(confirmText(h)).toBe(en['Dialog.SubmitOrder.Text'].replace('{number}', 'ORD-01001-B7C4D2'));
      expect(requestRows(h)).toHaveLength(1);
    });
  });

  it('changes nothing when the user cancels the confirmation', async () => {
    const h = openOrderForm(order(), { confirm: false });
    await submitToErp(h.formContext);
    expect(h.dv.callsOf('updateRecord')).toEqual([]);
    expect(h.dv.callsOf('createRecord')).toEqual([]);
  });

  it('refuses an order with unsaved changes', async () => {
    const h = openOrderForm();
    (h.formContext.getAttribute('name') as Xrm.Attributes.StringAttribute).setValue('Changed');
    await submitToErp(h.formContext);
    expect(alertText(h)).toContain(en.ORDER_UNSAVED);
    expect(h.dv.callsOf('createRecord')).toEqual([]);
  });

  describe('never twice', () => {
    it('a double click runs the flow once', async () => {
      const h = openOrderForm();
      h.dv.connector = { answerAfterPolls: 1 };
      await Promise.all([submitToErp(h.formContext), submitToErp(h.formContext)]);
      expect(h.confirm).toHaveBeenCalledTimes(1);
      expect(requestRows(h)).toHaveLength(1);
    });

    it('a second tab finds the open request and follows it instead of creating one', async () => {
      const h = openOrderForm(order({ statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.queued }));
      h.dv.put('erp_integrationrequest', 'r-open', { erp_integrationrequestid: 'r-open', erp_idempotencykey: orderSubmissionKey(order()), erp_status: RequestStatus.processing });
      h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-9' } };
      await submitToErp(h.formContext);
      expect(h.dv.callsOf('createRecord', 'erp_integrationrequest')).toEqual([]);
      expect(h.dv.callsOf('updateRecord', 'salesorder')).toEqual([]);
      expect(h.dv.rows('post')).toEqual([]);
      expect(alertText(h)).toBe('The order is in the ERP as order SO-9.');
    });

    it('a create that loses the race to another tab (alternate key) follows the winner', async () => {
      const h = openOrderForm();
      const key = orderSubmissionKey(order());
      // The other tab's row appears between our lookup and our create.
      h.dv.fail('createRecord', 'erp_integrationrequest', { errorCode: -2147088238, message: 'duplicate key' }, 1, () => {
        h.dv.concurrently(() => h.dv.put('erp_integrationrequest', 'r-other', { erp_integrationrequestid: 'r-other', erp_idempotencykey: key, erp_status: RequestStatus.pending }));
        return true;
      });
      h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-2' } };
      await submitToErp(h.formContext);
      expect(requestRows(h)).toHaveLength(1);
      expect(h.dv.pollsOf('r-other')).toBe(1);
      expect(alertText(h)).toBe('The order is in the ERP as order SO-2.');
    });

    it('a second tab whose key differs (a colleague saved the order) follows the live request: the live key refuses a second one', async () => {
      const h = openOrderForm();
      const live = liveKeyFor(RequestKind.submitOrder, ids.order);
      h.dv.fail('createRecord', 'erp_integrationrequest', { errorCode: -2147088238, message: 'A record that has the attribute values already exists.' }, 1, () => {
        h.dv.concurrently(() => h.dv.put('erp_integrationrequest', 'r-live', { erp_integrationrequestid: 'r-live', erp_idempotencykey: 'submitorder-other-fingerprint', erp_livekey: live, erp_status: RequestStatus.processing }));
        return true;
      });
      h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-4' } };
      await submitToErp(h.formContext);
      expect(h.dv.callsOf('createRecord', 'erp_integrationrequest')[0].data).toEqual(expect.objectContaining({ erp_livekey: live }));
      expect(requestRows(h)).toHaveLength(1);
      expect(h.dv.pollsOf('r-live')).toBe(1);
      expect(alertText(h)).toBe('The order is in the ERP as order SO-4.');
    });

    it('a retry of an unchanged order reuses the failed request (same key), it does not create one', async () => {
      const snapshot = order({ erp_submissionstatus: SubmissionStatus.failed });
      const h = openOrderForm(snapshot);
      h.dv.put('erp_integrationrequest', 'r-failed', { erp_integrationrequestid: 'r-failed', erp_idempotencykey: orderSubmissionKey(snapshot), erp_status: RequestStatus.failed, erp_lasterror: 'Customer blocked', erp_fixhint: 'Unblock' });
      h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-3' } };
      await retrySubmission(h.formContext);
      expect(confirmText(h)).toBe('Send order ORD-01001-B7C4D2 to the ERP again?');
      expect(h.dv.callsOf('createRecord', 'erp_integrationrequest')).toEqual([]);
      expect(h.dv.callsOf('updateRecord', 'erp_integrationrequest')[0]).toEqual(expect.objectContaining({ id: 'r-failed', data: expect.objectContaining({ erp_status: RequestStatus.pending, erp_lasterror: null, erp_fixhint: null }) }));
      expect(alertText(h)).toBe('The order is in the ERP as order SO-3.');
    });

    it('a retry after the order was fixed creates a new request with a new key', async () => {
      const before = order();
      const fixed = order({ erp_submissionstatus: SubmissionStatus.failed, order_details: [line({ quantity: 3 })] });
      const h = openOrderForm(fixed);
      h.dv.put('erp_integrationrequest', 'r-failed', { erp_integrationrequestid: 'r-failed', erp_idempotencykey: orderSubmissionKey(before), erp_status: RequestStatus.failed });
      h.dv.connector = { answerAfterPolls: 1 };
      await retrySubmission(h.formContext);
      expect(requestRows(h)).toHaveLength(2);
      expect(h.dv.callsOf('createRecord', 'erp_integrationrequest')[0].data?.erp_idempotencykey).toBe(orderSubmissionKey(fixed));
    });

    it('a retry of an order left Submitted does not touch the read-only order', async () => {
      const snapshot = order({ statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.failed });
      const h = openOrderForm(snapshot);
      h.dv.put('erp_integrationrequest', 'r-failed', { erp_integrationrequestid: 'r-failed', erp_idempotencykey: orderSubmissionKey(snapshot), erp_status: RequestStatus.failed });
      h.dv.connector = { answerAfterPolls: 1 };
      await retrySubmission(h.formContext);
      expect(h.dv.callsOf('updateRecord', 'salesorder')).toEqual([]);
      expect(h.dv.callsOf('updateRecord', 'erp_integrationrequest')).toHaveLength(1);
    });
  });

  describe('failure paths', () => {
    it('privilege missing on the client: explains, reads nothing, writes nothing', async () => {
      const h = openOrderForm(order(), { privileges: ['prvReaderp_Connection'] });
      await submitToErp(h.formContext);
      expect(errorText(h)).toBe(en['Error.NoPrivilege']);
      expect(h.dv.calls).toEqual([]);
    });

    it('privilege missing on the server when queuing: the order is put back to Active', async () => {
      const h = openOrderForm();
      h.dv.fail('createRecord', 'erp_integrationrequest', privilegeError());
      await submitToErp(h.formContext);
      expect(errorText(h)).toBe(en['Error.NoPrivilege']);
      expect(orderRow(h)).toEqual(expect.objectContaining({ statecode: 0, statuscode: 1, erp_submissionstatus: SubmissionStatus.notSubmitted }));
      expect(h.dv.rows('post')).toEqual([]);
      expect(h.closeProgress).toHaveBeenCalledTimes(2);
    });

    it('connector silent: the progress lets go after erp_SubmissionDialogSeconds, says the order is queued, and the form follows it', async () => {
      const h = openOrderForm();
      h.dv.environment.erp_SubmissionDialogSeconds = '8';
      await submitToErp(h.formContext);
      // The progress indicator was closed after 8 s of (virtual) waiting, not 60.
      const waited = h.showProgress.mock.calls.map((c) => String(c[0])).filter((text) => text.startsWith('Waiting for the ERP'));
      expect(waited[waited.length - 1]).toBe('Waiting for the ERP… (8 s)');
      const queuedText = en['Result.Queued'].replace('{number}', 'ORD-01001-B7C4D2');
      expect(alertText(h)).toBe(queuedText);
      expect(h.notifications()).toContainEqual({ message: queuedText, level: 'INFO', uniqueId: 'erp_request_wait' });
      expect(h.error).not.toHaveBeenCalled();
      // The indicator is closed after it was last shown: the user is not behind a spinner.
      expect(Math.max(...h.closeProgress.mock.invocationCallOrder)).toBeGreaterThan(Math.max(...h.showProgress.mock.invocationCallOrder));
      // The request is still there, Pending: nothing was given up.
      expect(requestRows(h)).toEqual([expect.objectContaining({ erp_status: RequestStatus.pending })]);
      await followsSettled();
    });

    it('uses 5 seconds when erp_SubmissionDialogSeconds is missing or not a number', async () => {
      const h = openOrderForm();
      h.dv.environment.erp_SubmissionDialogSeconds = 'soon';
      await submitToErp(h.formContext);
      const waited = h.showProgress.mock.calls.map((c) => String(c[0])).filter((text) => text.startsWith('Waiting for the ERP'));
      expect(waited[waited.length - 1]).toBe('Waiting for the ERP… (5 s)');
      await followsSettled();
    });

    it('request failed: an error dialog with the connector’s error and its fix hint', async () => {
      const h = openOrderForm();
      h.dv.connector = { answerAfterPolls: 2, result: { erp_status: RequestStatus.failed, erp_lasterror: 'Customer 10000 is blocked in the ERP.', erp_fixhint: 'Ask accounting to unblock customer 10000.' } };
      await submitToErp(h.formContext);
      expect(errorText(h)).toBe('The ERP could not process the request: Customer 10000 is blocked in the ERP.\nWhat to do: Ask accounting to unblock customer 10000.');
      expect(h.alert).not.toHaveBeenCalled();
    });

    it('network error while reading the order: says nothing was sent, writes nothing', async () => {
      const h = openOrderForm();
      h.dv.fail('retrieveRecord', 'salesorder', networkError());
      await submitToErp(h.formContext);
      expect(errorText(h)).toBe(en['Error.Network'].replace('{error}', 'Failed to fetch'));
      expect(h.dv.callsOf('updateRecord')).toEqual([]);
      expect(h.dv.callsOf('createRecord')).toEqual([]);
      expect(h.closeProgress).toHaveBeenCalledTimes(h.showProgress.mock.calls.length);
    });

    it('network error while queuing: the order goes back to Active, nothing is queued', async () => {
      const h = openOrderForm();
      h.dv.fail('createRecord', 'erp_integrationrequest', networkError());
      await submitToErp(h.formContext);
      expect(errorText(h)).toContain('could not be reached');
      expect(requestRows(h)).toEqual([]);
      expect(orderRow(h).statecode).toBe(0);
    });

    it('the order cannot be set Submitted: nothing is queued', async () => {
      const h = openOrderForm();
      h.dv.fail('updateRecord', 'salesorder', serverError('The order is locked.'));
      await submitToErp(h.formContext);
      expect(errorText(h)).toBe('The order could not be set to Submitted (The order is locked.). Nothing was sent to the ERP; try again.');
      // The request was in the same change set: rolled back with it.
      expect(requestRows(h)).toEqual([]);
      expect(h.dv.rows('post')).toEqual([]);
      expect(orderRow(h)).toEqual(expect.objectContaining({ statecode: 0, erp_submissionstatus: SubmissionStatus.notSubmitted }));
    });

    it('polling keeps failing: the request stays queued and the form says so', async () => {
      const h = openOrderForm();
      h.dv.fail('retrieveRecord', 'erp_integrationrequest', networkError(), 3);
      await submitToErp(h.formContext);
      expect(h.notifications().map((n) => n.uniqueId)).toContain('erp_request_wait');
      expect(requestRows(h)).toHaveLength(1);
      expect(h.error).not.toHaveBeenCalled();
    });

    it('a timeline post that cannot be written does not fail the submission', async () => {
      const h = openOrderForm();
      h.dv.fail('createRecord', 'post', serverError('Activity feeds are off.'));
      h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-5' } };
      await submitToErp(h.formContext);
      expect(alertText(h)).toBe('The order is in the ERP as order SO-5.');
      expect(h.error).not.toHaveBeenCalled();
    });

    it('an unexpected error is shown with its details, and progress is closed', async () => {
      const h = openOrderForm();
      h.dv.fail('retrieveMultipleRecords', 'erp_integrationrequest', serverError('Generic SQL error.'));
      await submitToErp(h.formContext);
      expect(errorText(h)).toBe(en['Error.Unexpected'].replace('{error}', 'Generic SQL error.'));
      expect(h.closeProgress).toHaveBeenCalledTimes(h.showProgress.mock.calls.length);
    });
  });
});

describe('Open in ERP', () => {
  it('opens the ERP sales order page filtered on the ERP number', async () => {
    const h = openOrderForm(order({ erp_erpordernumber: 'SO-1001' }));
    await openInErp(h.formContext);
    expect(h.openUrl).toHaveBeenCalledWith("https://businesscentral.dynamics.com/tenant/Production/?company=CRONUS%20International&page=42&filter='No.'%20IS%20'SO-1001'");
  });
  it('explains when the order is not in the ERP yet', async () => {
    const h = openOrderForm();
    await openInErp(h.formContext);
    expect(alertText(h)).toBe(en['Error.NotLinked']);
    expect(h.openUrl).not.toHaveBeenCalled();
  });
  it('explains when the connection has no web client URL', async () => {
    const h = openOrderForm(order({ erp_erpordernumber: 'SO-1001' }));
    h.dv.table('erp_connection').get(CONNECTION_ID)!.erp_webclienturl = null;
    await openInErp(h.formContext);
    expect(errorText(h)).toBe(en['Error.NoWebClientUrl']);
  });
  it('reports a network error', async () => {
    const h = openOrderForm(order({ erp_erpordernumber: 'SO-1001' }));
    h.dv.fail('retrieveMultipleRecords', 'erp_connection', networkError());
    await openInErp(h.formContext);
    expect(errorText(h)).toContain('could not be reached');
  });
});

describe('enable rules', () => {
  it('Submit: saved active orders not yet sent, for users who may create requests and write orders', async () => {
    expect(await canSubmit(openOrderForm().formContext)).toBe(true);
    expect(await canSubmit(openOrderForm(order(), { formType: 1 }).formContext)).toBe(false);
    expect(await canSubmit(openOrderForm(order({ erp_submissionstatus: SubmissionStatus.queued })).formContext)).toBe(false);
    expect(await canSubmit(openOrderForm(order({ statecode: 1, statuscode: 3 })).formContext)).toBe(false);
    expect(await canSubmit(openOrderForm(order({ erp_submissionstatus: SubmissionStatus.failed })).formContext)).toBe(false);
    expect(await canSubmit(openOrderForm(order(), { privileges: ['prvCreateerp_IntegrationRequest'] }).formContext)).toBe(false);
    expect(await canSubmit(openOrderForm(order(), { privileges: ['prvWriteOrder'] }).formContext)).toBe(false);
  });
  it('Submit, Retry and the grid submit are enabled by Dataverse’s real name prvWriteOrder, never by prvWriteSalesOrder', async () => {
    const real = ['prvCreateerp_IntegrationRequest', 'prvWriteOrder'];
    const invented = ['prvCreateerp_IntegrationRequest', 'prvWriteSalesOrder'];
    expect(await canSubmit(openOrderForm(order(), { privileges: real }).formContext)).toBe(true);
    expect(await canSubmit(openOrderForm(order(), { privileges: invented }).formContext)).toBe(false);
    const failed = order({ erp_submissionstatus: SubmissionStatus.failed });
    expect(await canRetry(openOrderForm(failed, { privileges: real }).formContext)).toBe(true);
    expect(await canRetry(openOrderForm(failed, { privileges: invented }).formContext)).toBe(false);
    openOrderForm(order(), { privileges: real });
    expect(await canSubmitSelected()).toBe(true);
    openOrderForm(order(), { privileges: invented });
    expect(await canSubmitSelected()).toBe(false);
  });
  it('Submit stays available when the client cannot list privileges (the server still checks)', async () => {
    expect(await canSubmit(openOrderForm(order(), { privileges: null }).formContext)).toBe(true);
  });
  it('Retry: after a failed submission only', async () => {
    expect(await canRetry(openOrderForm(order({ erp_submissionstatus: SubmissionStatus.failed })).formContext)).toBe(true);
    expect(await canRetry(openOrderForm().formContext)).toBe(false);
    expect(await canRetry(openOrderForm(order({ erp_submissionstatus: SubmissionStatus.failed }), { privileges: [] }).formContext)).toBe(false);
  });
  it('Open in ERP: once the order has an ERP number', async () => {
    expect(await canOpenInErp(openOrderForm(order({ erp_erpordernumber: 'SO-1' })).formContext)).toBe(true);
    expect(await canOpenInErp(openOrderForm().formContext)).toBe(false);
  });
});

describe('order form script', () => {
  const disabled = (h: Harness, name: string) => (h.formContext.getControl(name) as Xrm.Controls.StandardControl).getDisabled();

  it('an order not yet submitted: no notification, ERP columns locked, the rest editable', async () => {
    const h = openOrderForm();
    await onLoad(h.executionContext);
    expect(h.notifications()).toEqual([]);
    expect(disabled(h, 'erp_erpordernumber')).toBe(true);
    expect(disabled(h, 'erp_submissionstatus')).toBe(true);
    expect(disabled(h, 'customerid')).toBe(false);
    expect(disabled(h, 'name')).toBe(false);
  });

  it('a queued order: an information notification with the date, order columns locked', async () => {
    const h = openOrderForm(order({ statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.queued }));
    (h.formContext.getAttribute('erp_submittedon') as Xrm.Attributes.DateAttribute).setValue(new Date('2025-03-01T09:30:00Z'));
    await onLoad(h.executionContext);
    expect(h.notifications()).toEqual([{ level: 'INFO', uniqueId: 'erp_submission_state', message: expect.stringMatching(/^Submitted to the ERP on Mar 1, 2025, .*Waiting for the ERP to create the order\.$/) }]);
    expect(disabled(h, 'customerid')).toBe(true);
    expect(disabled(h, 'name')).toBe(true);
  });

  it('an order in the ERP: its number in the notification', async () => {
    const h = openOrderForm(order({ statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.inErp, erp_erpordernumber: 'SO-1001' }));
    await onLoad(h.executionContext);
    expect(h.notifications()).toEqual([{ level: 'INFO', uniqueId: 'erp_submission_state', message: 'This order is in the ERP as order SO-1001. Fields the ERP manages are read-only.' }]);
  });

  it('after a failure: the error and the fix hint from the latest request', async () => {
    const h = openOrderForm(order({ erp_submissionstatus: SubmissionStatus.failed }));
    (h.formContext.getAttribute('erp_lastsubmissionerror') as Xrm.Attributes.StringAttribute).setValue('Item 1000 is blocked.');
    h.dv.put('erp_integrationrequest', 'r-old', { erp_integrationrequestid: 'r-old', erp_targetid: ids.order, erp_kind: RequestKind.submitOrder, erp_fixhint: 'old hint', createdon: '2025-01-01T00:00:00Z' });
    h.dv.put('erp_integrationrequest', 'r-new', { erp_integrationrequestid: 'r-new', erp_targetid: ids.order, erp_kind: RequestKind.submitOrder, erp_fixhint: 'Ask the warehouse to unblock item 1000.', createdon: '2025-02-01T00:00:00Z' });
    await onLoad(h.executionContext);
    expect(h.notifications()).toEqual([{ level: 'ERROR', uniqueId: 'erp_submission_state', message: 'The last submission to the ERP failed: Item 1000 is blocked. What to do: Ask the warehouse to unblock item 1000. Then use Retry submission.' }]);
    expect(disabled(h, 'customerid')).toBe(false);
  });

  it('after a failure without access to requests: the error alone', async () => {
    const h = openOrderForm(order({ erp_submissionstatus: SubmissionStatus.failed }));
    (h.formContext.getAttribute('erp_lastsubmissionerror') as Xrm.Attributes.StringAttribute).setValue('Item 1000 is blocked.');
    h.dv.fail('retrieveMultipleRecords', 'erp_integrationrequest', privilegeError());
    await onLoad(h.executionContext);
    expect(h.notifications()).toEqual([{ level: 'ERROR', uniqueId: 'erp_submission_state', message: 'The last submission to the ERP failed: Item 1000 is blocked.' }]);
  });
});
