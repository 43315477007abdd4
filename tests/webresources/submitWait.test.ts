/**
 * The browser side of a submission under faults (issues 15 and 19): the order state and its request in one change
 * set, the losing tab telling what really happened, a wait that lets the user go and a form that follows the
 * request, Cancel submission racing the connector's claim, Resubmit to ERP for an orphaned order, and forms that
 * refresh before the result shows.
 */
import { canRecoverSubmission, recoverSubmission, submitToErp } from '../../webresources/salesorder/commands';
import { cancelSubmission, canCancelSubmission } from '../../webresources/salesorder/cancel';
import { onLoad } from '../../webresources/salesorder/form';
import { followsSettled } from '../../webresources/lib/follow';
import { orderSubmissionKey } from '../../domain/idempotency';
import { liveKeyFor } from '../../domain/liveRequest';
import { needsRecovery } from '../../domain/orphanedSubmission';
import { RequestKind, RequestStatus, SubmissionStatus } from '../../domain/schema';
import { en, fr } from '../../domain/messages';
import { ALL_PRIVILEGES, alertText, errorText, teardown, type Harness } from './support/harness';
import { serverError } from './support/fakeDataverse';
import { ids, order } from './support/fixtures';
import { openOrderForm as openSharedOrderForm } from './support/orderForm';
import type { OrderSnapshot } from '../../domain/orderValidation';

const NUMBER = 'ORD-01001-B7C4D2';
const LIVE = liveKeyFor(RequestKind.submitOrder, ids.order)!;
const PRIVILEGES = [...ALL_PRIVILEGES, 'prvWriteerp_IntegrationRequest'];
const R1 = 'dddddddd-0000-4000-8000-000000000001';
const readOnly = () => ({ errorCode: -2147220946, message: 'The object cannot be updated because it is read-only.' });

function openOrderForm(snapshot: OrderSnapshot = order(), opts: { lcid?: number; privileges?: string[] } = {}): Harness {
  return openSharedOrderForm(snapshot, { privileges: PRIVILEGES, ...opts });
}

const requests = (h: Harness) => h.dv.rows('erp_integrationrequest');
const orderRow = (h: Harness) => h.dv.table('salesorder').get(ids.order)!;
const submitted = { statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.queued } as const;
/** Call order of two jest mocks' first calls: the form refreshed before the dialog opened. */
const refreshedBefore = (h: Harness, dialog: jest.Mock) => expect(Math.min(...h.refresh.mock.invocationCallOrder)).toBeLessThan(Math.min(...dialog.mock.invocationCallOrder));

const realFetch = globalThis.fetch;
afterEach(async () => {
  globalThis.fetch = realFetch;
  await teardown();
});

describe('the order state and its request are written together (issue 15, path 3)', () => {
  it('a fault on the request create leaves the order as it was: nothing written, nothing posted', async () => {
    const h = openOrderForm();
    h.dv.fail('createRecord', 'erp_integrationrequest', serverError('SQL timeout.'));
    await submitToErp(h.formContext);
    expect(h.dv.callsOf('createRecord', 'erp_integrationrequest')).toEqual([expect.objectContaining({ changeSet: 1 })]);
    expect(orderRow(h)).toEqual(expect.objectContaining({ statecode: 0, statuscode: 1, erp_submissionstatus: SubmissionStatus.notSubmitted }));
    expect(requests(h)).toEqual([]);
    expect(h.dv.rows('post')).toEqual([]);
    expect(errorText(h)).toBe('The order could not be set to Submitted (SQL timeout.). Nothing was sent to the ERP; try again.');
  });

  it('a fault on the second operation (the order) leaves the request unwritten too', async () => {
    const h = openOrderForm();
    h.dv.fail('updateRecord', 'salesorder', serverError('Deadlock.'));
    await submitToErp(h.formContext);
    const create = h.dv.callsOf('createRecord', 'erp_integrationrequest');
    // The create ran first in the same change set and was rolled back with it.
    expect(create).toEqual([expect.objectContaining({ changeSet: 1 })]);
    expect(requests(h)).toEqual([]);
    expect(orderRow(h).statecode).toBe(0);
  });

  it('a retry of a failed request puts it back to pending in the same change set as the Submitted state', async () => {
    const snapshot = order({ erp_submissionstatus: SubmissionStatus.failed });
    const h = openOrderForm(snapshot);
    h.dv.put('erp_integrationrequest', 'r-failed', { erp_integrationrequestid: 'r-failed', erp_idempotencykey: orderSubmissionKey(snapshot), erp_status: RequestStatus.failed });
    h.dv.fail('updateRecord', 'salesorder', serverError('Deadlock.'));
    const { retrySubmission } = await import('../../webresources/salesorder/commands');
    await retrySubmission(h.formContext);
    expect(h.dv.table('erp_integrationrequest').get('r-failed')!.erp_status).toBe(RequestStatus.failed);
    expect(h.dv.table('erp_integrationrequest').get('r-failed')!.erp_livekey).toBeUndefined();
  });
});

describe('two tabs submitting at once: the losing tab says what really happened (issue 19, finding 6)', () => {
  it('the other tab queued it first (its order write lands, ours is refused): "already being sent", and it follows that request', async () => {
    const h = openOrderForm();
    // Tab A's change set lands while ours runs: the order is Submitted (read-only for us) and A's request is live.
    h.dv.fail('updateRecord', 'salesorder', readOnly(), 1, () => {
      h.dv.concurrently(() => {
        Object.assign(orderRow(h), submitted);
        h.dv.put('erp_integrationrequest', 'r-tab-a', { erp_integrationrequestid: 'r-tab-a', erp_idempotencykey: 'submitorder:other', erp_livekey: LIVE, erp_status: RequestStatus.pending });
      });
      return true;
    });
    await submitToErp(h.formContext);
    expect(h.error).not.toHaveBeenCalled();
    expect(requests(h)).toHaveLength(1);
    expect(h.dv.pollsOf('r-tab-a')).toBeGreaterThan(0);
    expect(alertText(h)).toBe(en['Result.AlreadySubmitting'].replace('{number}', NUMBER));
    expect(alertText(h)).not.toContain('try again');
  });

  it('the other tab already got the ERP number: the losing tab shows it, in French too', async () => {
    const h = openOrderForm(order(), { lcid: 1036 });
    h.dv.fail('updateRecord', 'salesorder', readOnly(), 1, () => {
      h.dv.concurrently(() => Object.assign(orderRow(h), { ...submitted, erp_submissionstatus: SubmissionStatus.inErp, erp_erpordernumber: 'SO-1042' }));
      return true;
    });
    await submitToErp(h.formContext);
    expect(h.error).not.toHaveBeenCalled();
    expect(alertText(h)).toBe(fr['Result.AlreadyInErp'].replace('{number}', NUMBER).replace('{erpNumber}', 'SO-1042'));
    expect(h.dv.rows('post')).toEqual([]);
  });

  it('the other tab won and the ERP answers within the wait: the result with the ERP number', async () => {
    const h = openOrderForm();
    h.dv.fail('createRecord', 'erp_integrationrequest', { errorCode: -2147088238, message: 'duplicate key' }, 1, () => {
      h.dv.concurrently(() => h.dv.put('erp_integrationrequest', 'r-tab-a', { erp_integrationrequestid: 'r-tab-a', erp_idempotencykey: 'submitorder:other', erp_livekey: LIVE, erp_status: RequestStatus.processing }));
      return true;
    });
    h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-7' } };
    await submitToErp(h.formContext);
    expect(alertText(h)).toBe('The order is in the ERP as order SO-7.');
    expect(orderRow(h).statecode).toBe(0); // our Submitted write was rolled back; tab A's state is tab A's business
  });
});

describe('the wait lets the user go and the form follows the request (issue 19, finding 5)', () => {
  it('connector down: released after erp_SubmissionDialogSeconds; when the answer lands later the form refreshes itself', async () => {
    const h = openOrderForm();
    h.dv.environment.erp_SubmissionDialogSeconds = '5';
    // The connector answers on the 6th read: after the command has let the user go.
    h.dv.connector = { answerAfterPolls: 6, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-88' } };
    await submitToErp(h.formContext);
    expect(alertText(h)).toBe(en['Result.Queued'].replace('{number}', NUMBER));
    await followsSettled();
    // The answer came on the 6th read, after the release; the form refreshed itself after that, without a dialog.
    expect(h.dv.pollsOf(requests(h)[0].erp_integrationrequestid as string)).toBe(6);
    expect(Math.max(...h.refresh.mock.invocationCallOrder)).toBeGreaterThan(h.alert.mock.invocationCallOrder[0]);
    expect(h.notifications().map((n) => n.uniqueId)).not.toContain('erp_request_wait');
    expect(h.alert).toHaveBeenCalledTimes(1);
  });

  it('the form stops following when the user opened another record', async () => {
    const h = openOrderForm();
    h.dv.connector = { answerAfterPolls: 6, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-88' } };
    await submitToErp(h.formContext);
    const before = h.refresh.mock.calls.length;
    (h.formContext.data.entity as unknown as Record<string, unknown>).getId = () => '{99999999-0000-0000-0000-000000000000}';
    await followsSettled();
    expect(h.refresh.mock.calls.length).toBe(before);
  });

  it('a quick answer: the form is refreshed BEFORE the success dialog opens (issue 19, finding 4)', async () => {
    const h = openOrderForm();
    h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-1' } };
    h.refresh.mockClear();
    await submitToErp(h.formContext);
    expect(alertText(h)).toBe('The order is in the ERP as order SO-1.');
    expect(h.refresh.mock.invocationCallOrder.filter((n) => n < h.alert.mock.invocationCallOrder[0]).length).toBeGreaterThanOrEqual(2);
  });

  it('the form script re-reads the state on every data refresh (form data OnLoad), registered once', async () => {
    const h = openOrderForm(order({ ...submitted }));
    const handlers: ((ctx: Xrm.Events.EventContext) => void)[] = [];
    const data = h.formContext.data as unknown as Record<string, unknown>;
    data.addOnLoad = jest.fn((f: (ctx: Xrm.Events.EventContext) => void) => handlers.push(f));
    data.removeOnLoad = jest.fn((f: (ctx: Xrm.Events.EventContext) => void) => handlers.includes(f) && handlers.splice(handlers.indexOf(f), 1));
    await onLoad(h.executionContext);
    await onLoad(h.executionContext);
    expect(handlers).toHaveLength(1);
    // The connector's answer arrives with a refresh: the handler shows the ERP number without a reload.
    (h.formContext.getAttribute('erp_erpordernumber') as Xrm.Attributes.StringAttribute).setValue('SO-5');
    handlers[0](h.executionContext);
    await new Promise((r) => setImmediate(r));
    expect(h.notifications()).toContainEqual(expect.objectContaining({ uniqueId: 'erp_submission_state', message: en['Notify.InErp'].replace('{number}', 'SO-5') }));
  });
});

describe('Cancel submission while nobody has claimed the request', () => {
  function queued(h: Harness, status: number = RequestStatus.pending): void {
    Object.assign(orderRow(h), submitted);
    h.dv.put('erp_integrationrequest', R1, { erp_integrationrequestid: R1, erp_idempotencykey: orderSubmissionKey(order()), erp_livekey: LIVE, erp_status: status, erp_kind: RequestKind.submitOrder, erp_targetid: ids.order });
  }

  it('cancels: the request ends Cancelled with its live key freed and the order is Active again, in one conditional change set', async () => {
    const h = openOrderForm(order({ ...submitted }));
    queued(h);
    const fetch = h.dv.installFetch();
    const etag = h.dv.table('erp_integrationrequest').get(R1)!['@odata.etag'];
    await cancelSubmission(h.formContext);
    expect(fetch).toHaveBeenCalledTimes(1);
    const body = String((fetch.mock.calls[0] as unknown as [string, { body: string }])[1].body);
    expect(body).toContain(`If-Match: ${etag}`);
    expect(h.dv.changeSets).toBe(1);
    expect(h.dv.table('erp_integrationrequest').get(R1)).toEqual(expect.objectContaining({ erp_status: RequestStatus.cancelled, erp_livekey: null }));
    expect(orderRow(h)).toEqual(expect.objectContaining({ statecode: 0, statuscode: 1, erp_submissionstatus: SubmissionStatus.notSubmitted }));
    expect(alertText(h)).toBe(en['Result.SubmissionCancelled'].replace('{number}', NUMBER));
    refreshedBefore(h, h.alert);
  });

  it('the connector claims it between our read and our write: 412, nothing written, and the user is told it is too late', async () => {
    const h = openOrderForm(order({ ...submitted }));
    queued(h);
    h.dv.installFetch();
    h.dv.beforeBatch = () => h.dv.update('erp_integrationrequest', R1, { erp_status: RequestStatus.processing, erp_claimedby: 'connector-1' });
    await cancelSubmission(h.formContext);
    expect(h.dv.table('erp_integrationrequest').get(R1)).toEqual(expect.objectContaining({ erp_status: RequestStatus.processing, erp_livekey: LIVE }));
    expect(orderRow(h)).toEqual(expect.objectContaining(submitted));
    expect(alertText(h)).toBe(en['Result.CancelTooLate'].replace('{number}', NUMBER));
  });

  it('a refused order write rolls the request back too (all or nothing)', async () => {
    const h = openOrderForm(order({ ...submitted }));
    queued(h);
    h.dv.installFetch();
    h.dv.fail('updateRecord', 'salesorder', serverError('Order locked by a workflow.'));
    await cancelSubmission(h.formContext);
    expect(h.dv.table('erp_integrationrequest').get(R1)).toEqual(expect.objectContaining({ erp_status: RequestStatus.pending, erp_livekey: LIVE }));
    expect(orderRow(h)).toEqual(expect.objectContaining(submitted));
    expect(errorText(h)).toContain('Order locked by a workflow.');
  });

  it('already claimed when read: too late, no write', async () => {
    const h = openOrderForm(order({ ...submitted }));
    queued(h, RequestStatus.processing);
    const fetch = h.dv.installFetch();
    await cancelSubmission(h.formContext);
    expect(fetch).not.toHaveBeenCalled();
    expect(h.confirm).not.toHaveBeenCalled();
    expect(alertText(h)).toBe(en['Result.CancelTooLate'].replace('{number}', NUMBER));
  });

  it('nothing live: says so', async () => {
    const h = openOrderForm(order({ ...submitted }));
    await cancelSubmission(h.formContext);
    expect(alertText(h)).toBe(en['Result.CancelNothing'].replace('{number}', NUMBER));
  });

  it('keeping it queued changes nothing', async () => {
    const h = openOrderForm(order({ ...submitted }));
    queued(h);
    const fetch = h.dv.installFetch();
    h.confirm.mockResolvedValueOnce({ confirmed: false } as never);
    await cancelSubmission(h.formContext);
    expect(fetch).not.toHaveBeenCalled();
    expect(h.dv.table('erp_integrationrequest').get(R1)!.erp_status).toBe(RequestStatus.pending);
  });

  it('enable rule: queued with an unclaimed request only, for users who may write requests and orders', async () => {
    const pending = openOrderForm(order({ ...submitted }));
    queued(pending);
    expect(await canCancelSubmission(pending.formContext)).toBe(true);
    const claimed = openOrderForm(order({ ...submitted }));
    queued(claimed, RequestStatus.processing);
    expect(await canCancelSubmission(claimed.formContext)).toBe(false);
    expect(await canCancelSubmission(openOrderForm().formContext)).toBe(false);
    const noRight = openOrderForm(order({ ...submitted }), { privileges: ALL_PRIVILEGES });
    queued(noRight);
    expect(await canCancelSubmission(noRight.formContext)).toBe(false);
  });
});

describe('Resubmit to ERP: an order marked submitted with no live request and no ERP number', () => {
  it('the rule (domain/orphanedSubmission.ts)', () => {
    const s = (statecode: number, submissionStatus: number | null, erpNumber: string | null = null) => ({ statecode, submissionStatus, erpNumber });
    expect(needsRecovery(s(1, SubmissionStatus.queued), false)).toBe(true);
    expect(needsRecovery(s(0, SubmissionStatus.queued), false)).toBe(true);
    expect(needsRecovery(s(1, null), false)).toBe(true);
    expect(needsRecovery(s(1, SubmissionStatus.queued), true)).toBe(false);
    expect(needsRecovery(s(1, SubmissionStatus.inErp, 'SO-1'), false)).toBe(false);
    expect(needsRecovery(s(1, SubmissionStatus.queued, 'SO-1'), false)).toBe(false);
    expect(needsRecovery(s(1, SubmissionStatus.failed), false)).toBe(false);
    expect(needsRecovery(s(0, SubmissionStatus.notSubmitted), false)).toBe(false);
  });

  it('enable rule: shown for an orphan only', async () => {
    expect(await canRecoverSubmission(openOrderForm(order({ ...submitted })).formContext)).toBe(true);
    const withLive = openOrderForm(order({ ...submitted }));
    withLive.dv.put('erp_integrationrequest', R1, { erp_integrationrequestid: R1, erp_livekey: LIVE, erp_status: RequestStatus.pending });
    expect(await canRecoverSubmission(withLive.formContext)).toBe(false);
    expect(await canRecoverSubmission(openOrderForm().formContext)).toBe(false);
    expect(await canRecoverSubmission(openOrderForm(order({ ...submitted, erp_erpordernumber: 'SO-1' })).formContext)).toBe(false);
  });

  it('re-queues the orphan once, without touching the read-only order, and follows it', async () => {
    const h = openOrderForm(order({ ...submitted }));
    h.dv.connector = { answerAfterPolls: 1, result: { erp_status: RequestStatus.succeeded, erp_erpdocumentnumber: 'SO-77' } };
    await recoverSubmission(h.formContext);
    expect(h.dv.callsOf('updateRecord', 'salesorder')).toEqual([]);
    expect(requests(h)).toEqual([expect.objectContaining({ erp_livekey: LIVE, erp_kind: RequestKind.submitOrder })]);
    expect(alertText(h)).toBe('The order is in the ERP as order SO-77.');
  });

  it('two tabs recovering at once: the live key keeps it at one request and the second follows the first', async () => {
    const h = openOrderForm(order({ ...submitted }));
    h.dv.fail('createRecord', 'erp_integrationrequest', { errorCode: -2147088238, message: 'duplicate key' }, 1, () => {
      h.dv.concurrently(() => h.dv.put('erp_integrationrequest', 'r-first', { erp_integrationrequestid: 'r-first', erp_idempotencykey: 'submitorder:x', erp_livekey: LIVE, erp_status: RequestStatus.pending }));
      return true;
    });
    await recoverSubmission(h.formContext);
    expect(requests(h)).toHaveLength(1);
    expect(alertText(h)).toBe(en['Result.AlreadySubmitting'].replace('{number}', NUMBER));
  });
});
