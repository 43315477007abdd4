/**
 * The refresh request: queued once with the shared idempotency rules (domain/idempotency.ts), then polled until the
 * connector answers; duplicates, failed requests of the same minute, timeouts and cancellation.
 */
import { IntegrationRequestColumns as C, RequestKind, RequestStatus } from '../../domain/schema';
import { refreshKey } from '../../domain/idempotency';
import { WebApiRefreshRequester } from '../../controls/shared/integrationRequests';
import { FakeWebApi, type Call } from './support/fakeWebApi';

const target = { table: 'product', id: '7d0f1c52-0b4e-4b8a-9d2c-1a2b3c4d5e6f' };
const REQUEST_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
const USER = '{0000AAAA-0000-4000-8000-00000000BEEF}';
const T0 = Date.parse('2025-03-10T10:00:30Z');
const KEY = `refreshavailability:${target.id}:2025-03-10T10:00`;
const fast = { intervalMs: 1, timeoutMs: 10_000 };

/** Stored requests for the key, then poll answers with the given statuses in turn (the last one repeats). */
function api(statuses: number[], existing: { id: string; key: string; status: number }[] = [], extra: Record<string, unknown> = {}): FakeWebApi {
  let poll = 0;
  return new FakeWebApi().on((call: Call) => {
    if (call.op === 'retrieveMultipleRecords') return { entities: existing.map((e) => ({ erp_integrationrequestid: e.id, [C.idempotencyKey]: e.key, [C.status]: e.status })), nextLink: '' };
    if (call.op === 'createRecord') return { id: REQUEST_ID, entityType: call.table, name: '' };
    if (call.op === 'updateRecord') return { id: call.id, entityType: call.table, name: '' };
    if (call.op === 'retrieveRecord') return { [C.status]: statuses[Math.min(poll++, statuses.length - 1)], ...extra };
    return undefined;
  });
}

test('the key is the shared refresh key (one per record per UTC minute), the one the command bar uses', () => {
  expect(refreshKey('refreshavailability', `{${target.id.toUpperCase()}}`, new Date(T0))).toBe(KEY);
});

test('looks for a request of this minute, creates one pending request (kind, target, key, requester), then polls until it succeeds', async () => {
  const webAPI = api([RequestStatus.pending, RequestStatus.processing, RequestStatus.succeeded]);
  expect(await new WebApiRefreshRequester(webAPI, USER, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false })).toEqual({ status: 'succeeded' });
  expect(webAPI.calls[0]).toEqual({
    op: 'retrieveMultipleRecords',
    table: 'erp_integrationrequest',
    options: `?$select=erp_integrationrequestid,${C.idempotencyKey},${C.status}&$filter=startswith(erp_idempotencykey,'${KEY}')`,
    maxPageSize: undefined,
  });
  expect(webAPI.callsOf('createRecord')).toEqual([
    {
      op: 'createRecord',
      table: 'erp_integrationrequest',
      data: {
        [C.name]: `Availability ${target.id}`,
        [C.kind]: RequestKind.refreshAvailability,
        [C.status]: RequestStatus.pending,
        [C.targetTable]: 'product',
        [C.targetId]: target.id,
        [C.idempotencyKey]: KEY,
        [`${C.requestedBy}@odata.bind`]: '/systemusers(0000aaaa-0000-4000-8000-00000000beef)',
      },
    },
  ]);
  const polls = webAPI.callsOf('retrieveRecord');
  expect(polls).toHaveLength(3);
  expect(polls[0]).toEqual({ op: 'retrieveRecord', table: 'erp_integrationrequest', id: REQUEST_ID, options: `?$select=${C.status},${C.lastError},${C.fixHint}` });
});

test('an open request of this minute (another tab, a ribbon click) is followed, not duplicated', async () => {
  const webAPI = api([RequestStatus.succeeded], [{ id: 'open-1', key: KEY, status: RequestStatus.processing }]);
  expect(await new WebApiRefreshRequester(webAPI, USER, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false })).toEqual({ status: 'succeeded' });
  expect(webAPI.callsOf('createRecord')).toHaveLength(0);
  expect(webAPI.callsOf('retrieveRecord')[0]).toMatchObject({ id: 'open-1' });
});

test('a failed request of this minute is put back in the queue instead of adding a row', async () => {
  const webAPI = api([RequestStatus.succeeded], [{ id: 'failed-1', key: KEY, status: RequestStatus.failed }]);
  await new WebApiRefreshRequester(webAPI, USER, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false });
  expect(webAPI.callsOf('createRecord')).toHaveLength(0);
  expect(webAPI.callsOf('updateRecord')).toEqual([
    { op: 'updateRecord', table: 'erp_integrationrequest', id: 'failed-1', data: { [C.status]: RequestStatus.pending, [C.nextAttemptAt]: null, [C.lastError]: null, [C.fixHint]: null, [C.completedOn]: null } },
  ]);
});

test('a failed request returns the connector’s error and fix hint; a cancelled one counts as failed', async () => {
  const webAPI = api([RequestStatus.retrying, RequestStatus.failed], [], { [C.lastError]: 'Item 1896-S is blocked in Business Central.', [C.fixHint]: 'Unblock the item.' });
  expect(await new WebApiRefreshRequester(webAPI, USER, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false })).toEqual({
    status: 'failed',
    error: 'Item 1896-S is blocked in Business Central.',
    fixHint: 'Unblock the item.',
  });
  expect(await new WebApiRefreshRequester(api([RequestStatus.cancelled]), null, fast, () => T0).refresh(RequestKind.refreshStatistics, target, { cancelled: false })).toEqual({
    status: 'failed',
    error: null,
    fixHint: null,
  });
});

test('times out when the connector never finishes, after polling for the whole timeout', async () => {
  let clock = T0;
  const webAPI = api([RequestStatus.pending]);
  const requester = new WebApiRefreshRequester(webAPI, USER, { intervalMs: 1, timeoutMs: 5_000 }, () => (clock += 1_000));
  expect(await requester.refresh(RequestKind.refreshStatistics, target, { cancelled: false })).toEqual({ status: 'timedOut' });
  expect(webAPI.callsOf('retrieveRecord')).toHaveLength(5);
});

test('stops polling when the view goes away', async () => {
  const webAPI = api([RequestStatus.pending]);
  const signal = { cancelled: false };
  const pending = new WebApiRefreshRequester(webAPI, USER, { intervalMs: 5, timeoutMs: 60_000 }, () => T0).refresh(RequestKind.refreshStatistics, target, signal);
  await new Promise((r) => setTimeout(r, 20));
  signal.cancelled = true;
  expect(await pending).toEqual({ status: 'cancelled' });
  const polls = webAPI.callsOf('retrieveRecord').length;
  await new Promise((r) => setTimeout(r, 20));
  expect(webAPI.callsOf('retrieveRecord')).toHaveLength(polls);
});

test('losing the create race (duplicate alternate key) follows the winner’s request', async () => {
  let finds = 0;
  const webAPI = new FakeWebApi().on((call) => {
    if (call.op === 'retrieveMultipleRecords') return { entities: finds++ === 0 ? [] : [{ erp_integrationrequestid: 'winner', [C.idempotencyKey]: KEY, [C.status]: RequestStatus.pending }], nextLink: '' };
    if (call.op === 'createRecord') return Promise.reject({ errorCode: 0x80060892, message: 'A record with matching key values already exists.' });
    if (call.op === 'retrieveRecord') return { [C.status]: RequestStatus.succeeded };
    return undefined;
  });
  expect(await new WebApiRefreshRequester(webAPI, USER, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false })).toEqual({ status: 'succeeded' });
  expect(webAPI.callsOf('retrieveRecord')[0]).toMatchObject({ id: 'winner' });
});

test('another user’s request of this minute that this user cannot read (Basic read depth): says it is already asked for', async () => {
  const webAPI = new FakeWebApi().on((call) => {
    if (call.op === 'retrieveMultipleRecords') return { entities: [], nextLink: '' };
    if (call.op === 'createRecord') return Promise.reject({ errorCode: 0x80060892, message: 'A record with matching key values already exists.' });
    return undefined;
  });
  expect(await new WebApiRefreshRequester(webAPI, USER, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false })).toEqual({ status: 'alreadyRequested' });
  expect(webAPI.callsOf('retrieveRecord')).toHaveLength(0);
});

test('a failed request of this minute that this role may not requeue (no Write) is reported as the failure it is', async () => {
  const webAPI = new FakeWebApi().on((call) => {
    if (call.op === 'retrieveMultipleRecords') return { entities: [{ erp_integrationrequestid: 'failed-1', [C.idempotencyKey]: KEY, [C.status]: RequestStatus.failed }], nextLink: '' };
    if (call.op === 'updateRecord') return Promise.reject({ errorCode: -2147220960, message: 'missing prvWriteerp_IntegrationRequest' });
    if (call.op === 'retrieveRecord') return { [C.status]: RequestStatus.failed, [C.lastError]: 'ERP unavailable', [C.fixHint]: null };
    return undefined;
  });
  expect(await new WebApiRefreshRequester(webAPI, USER, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false })).toEqual({ status: 'failed', error: 'ERP unavailable', fixHint: null });
  expect(webAPI.callsOf('createRecord')).toHaveLength(0);
});

test('any other create error (e.g. missing privilege) is passed on to the view', async () => {
  const denied = { errorCode: -2147220960, message: 'missing prvCreateerp_IntegrationRequest' };
  const webAPI = new FakeWebApi().on((call) => (call.op === 'createRecord' ? Promise.reject(denied) : call.op === 'retrieveMultipleRecords' ? { entities: [], nextLink: '' } : undefined));
  await expect(new WebApiRefreshRequester(webAPI, USER, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false })).rejects.toBe(denied);
});
