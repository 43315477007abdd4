/** The refresh request: what is written to erp_integrationrequest, how it is polled, and how duplicates and timeouts end. */
import { IntegrationRequestColumns as C, RequestKind, RequestStatus, Tables } from '../../domain/schema';
import { idempotencyKey, WebApiRefreshRequester } from '../../controls/shared/integrationRequests';
import { FakeWebApi } from './support/fakeWebApi';

const target = { table: 'product', id: '7d0f1c52-0b4e-4b8a-9d2c-1a2b3c4d5e6f' };
const REQUEST_ID = 'aaaaaaaa-0000-4000-8000-000000000001';
const T0 = Date.parse('2025-03-10T10:00:30Z');

/** Answers the polls with the given statuses in turn (the last one repeats). */
function api(statuses: number[], extra: Record<string, unknown> = {}): FakeWebApi {
  let poll = 0;
  return new FakeWebApi().on((call) => {
    if (call.op === 'createRecord') return { id: REQUEST_ID, entityType: call.table, name: '' };
    if (call.op === 'retrieveRecord') return { [C.status]: statuses[Math.min(poll++, statuses.length - 1)], ...extra };
    return undefined;
  });
}

const fast = { intervalMs: 1, timeoutMs: 10_000 };

test('creates one pending request naming the kind, the target and an idempotency key, then polls it until it succeeds', async () => {
  const webAPI = api([RequestStatus.pending, RequestStatus.processing, RequestStatus.succeeded]);
  const outcome = await new WebApiRefreshRequester(webAPI, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false });
  expect(outcome).toEqual({ status: 'succeeded' });
  const creates = webAPI.callsOf('createRecord');
  expect(creates).toEqual([
    {
      op: 'createRecord',
      table: Tables.integrationRequest.logicalName,
      data: {
        [C.name]: `refreshAvailability product ${target.id}`,
        [C.kind]: RequestKind.refreshAvailability,
        [C.status]: RequestStatus.pending,
        [C.targetTable]: 'product',
        [C.targetId]: target.id,
        [C.idempotencyKey]: `refreshAvailability:product:${target.id}:${Math.floor(T0 / 60_000)}`,
      },
    },
  ]);
  const polls = webAPI.callsOf('retrieveRecord');
  expect(polls).toHaveLength(3);
  expect(polls[0]).toEqual({ op: 'retrieveRecord', table: 'erp_integrationrequest', id: REQUEST_ID, options: `?$select=${C.status},${C.lastError},${C.fixHint}` });
});

test('a failed request returns the connector’s error and fix hint; a cancelled one counts as failed', async () => {
  const webAPI = api([RequestStatus.retrying, RequestStatus.failed], { [C.lastError]: 'Item 1896-S is blocked in Business Central.', [C.fixHint]: 'Unblock the item.' });
  expect(await new WebApiRefreshRequester(webAPI, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false })).toEqual({
    status: 'failed',
    error: 'Item 1896-S is blocked in Business Central.',
    fixHint: 'Unblock the item.',
  });
  expect(await new WebApiRefreshRequester(api([RequestStatus.cancelled]), fast, () => T0).refresh(RequestKind.refreshStatistics, target, { cancelled: false })).toEqual({
    status: 'failed',
    error: null,
    fixHint: null,
  });
});

test('times out when the connector never finishes, after polling for the whole timeout', async () => {
  let clock = T0;
  const webAPI = api([RequestStatus.pending]);
  const requester = new WebApiRefreshRequester(webAPI, { intervalMs: 1, timeoutMs: 5_000 }, () => (clock += 1_000));
  expect(await requester.refresh(RequestKind.refreshStatistics, target, { cancelled: false })).toEqual({ status: 'timedOut' });
  expect(webAPI.callsOf('retrieveRecord')).toHaveLength(5);
});

test('stops polling when the view goes away', async () => {
  const webAPI = api([RequestStatus.pending]);
  const signal = { cancelled: false };
  const pending = new WebApiRefreshRequester(webAPI, { intervalMs: 5, timeoutMs: 60_000 }, () => T0).refresh(RequestKind.refreshStatistics, target, signal);
  await new Promise((r) => setTimeout(r, 20));
  signal.cancelled = true;
  expect(await pending).toEqual({ status: 'cancelled' });
  const polls = webAPI.callsOf('retrieveRecord').length;
  await new Promise((r) => setTimeout(r, 20));
  expect(webAPI.callsOf('retrieveRecord')).toHaveLength(polls);
});

test('a second click in the same window reuses the request already created (duplicate alternate key)', async () => {
  const key = idempotencyKey(RequestKind.refreshAvailability, target, T0);
  const webAPI = new FakeWebApi().on((call) => {
    if (call.op === 'createRecord') return Promise.reject({ errorCode: 0x80060892, message: 'A record with matching key values already exists.' });
    if (call.op === 'retrieveMultipleRecords') return { entities: [{ erp_integrationrequestid: REQUEST_ID }], nextLink: '' };
    if (call.op === 'retrieveRecord') return { [C.status]: RequestStatus.succeeded };
    return undefined;
  });
  expect(await new WebApiRefreshRequester(webAPI, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false })).toEqual({ status: 'succeeded' });
  expect(webAPI.callsOf('retrieveMultipleRecords')).toEqual([
    { op: 'retrieveMultipleRecords', table: 'erp_integrationrequest', options: `?$select=erp_integrationrequestid&$filter=${C.idempotencyKey} eq '${key}'`, maxPageSize: 1 },
  ]);
  expect(webAPI.callsOf('retrieveRecord')[0]).toMatchObject({ id: REQUEST_ID });
});

test('any other create error (e.g. missing privilege) is passed on to the view', async () => {
  const denied = { errorCode: -2147220960, message: 'missing prvCreateerp_IntegrationRequest' };
  const webAPI = new FakeWebApi().on((call) => (call.op === 'createRecord' ? Promise.reject(denied) : undefined));
  await expect(new WebApiRefreshRequester(webAPI, fast, () => T0).refresh(RequestKind.refreshAvailability, target, { cancelled: false })).rejects.toBe(denied);
});

test('the idempotency key is the same within a minute and changes after it', () => {
  const a = idempotencyKey(RequestKind.refreshStatistics, { table: 'account', id: 'x' }, Date.parse('2025-03-10T10:00:01Z'));
  expect(a).toBe(idempotencyKey(RequestKind.refreshStatistics, { table: 'account', id: 'x' }, Date.parse('2025-03-10T10:00:59Z')));
  expect(a).not.toBe(idempotencyKey(RequestKind.refreshStatistics, { table: 'account', id: 'x' }, Date.parse('2025-03-10T10:01:00Z')));
  expect(a.length).toBeLessThanOrEqual(100); // erp_idempotencykey MaxLength
});
