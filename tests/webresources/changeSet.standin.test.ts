/**
 * @jest-environment node
 *
 * The product's change sets against the Dataverse stand-in, through the sandbox's Xrm.WebApi.online.executeMultiple
 * (a nested array sent as one $batch change set) and the product's own conditional $batch: the order state and the
 * request land together or not at all, the live key refuses a second live request with the duplicate-key code the
 * product recognises, a refused second operation rolls the first back, and a cancel whose ETag is stale (the
 * connector claimed the row) is refused with 412 and writes nothing.
 */
import { startDataverse, type DataverseStandIn } from '../../sandbox/dataverse';
import { executeMultiple, type ExecuteRequest } from '../../sandbox/app/client/xrm/executeMultiple';
import { ChangeSetRefused, newId, writeTogether } from '../../webresources/lib/changeSet';
import { updateTogetherIfUnchanged } from '../../webresources/lib/conditionalBatch';
import { isDuplicateKeyError } from '../../webresources/lib/errors';
import { cancellation } from '../../webresources/salesorder/cancel';
import { liveKeyFor } from '../../domain/liveRequest';
import { IntegrationRequestColumns as C, RequestKind, RequestStatus, SubmissionStatus, Tables } from '../../domain/schema';
import { SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';

let dv: DataverseStandIn;
const realFetch = globalThis.fetch;
const SETS: Record<string, string> = { salesorder: 'salesorders', [Tables.integrationRequest.logicalName]: Tables.integrationRequest.entitySet };

async function get<T = Record<string, unknown>>(path: string): Promise<{ status: number; body: T }> {
  const r = await realFetch(`${dv.apiUrl}${path}`, { headers: { Authorization: `Bearer ${dv.tokens.admin}`, Accept: 'application/json' } });
  return { status: r.status, body: (await r.json().catch(() => null)) as T };
}

beforeAll(async () => {
  dv = await startDataverse();
  // The page's session: relative /api/data/v9.2/ calls carry the salesperson's token (the page server's job).
  globalThis.fetch = ((input: string, init: RequestInit = {}) =>
    realFetch(input.startsWith('/') ? `${dv.baseUrl}${input}` : input, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${dv.tokens.salesperson}` } })) as typeof fetch;
  (globalThis as { Xrm?: unknown }).Xrm = {
    Utility: { getGlobalContext: () => ({ getClientUrl: () => dv.baseUrl }) },
    WebApi: { online: { executeMultiple: (requests: (ExecuteRequest | ExecuteRequest[])[]) => executeMultiple(requests, { execute: async () => { throw new Error('not used'); }, entitySet: (n) => SETS[n] }) } },
  };
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await dv.close();
});

function request(orderId: string, key: string): { kind: 'create'; entity: string; data: Record<string, unknown> } {
  const id = newId();
  return {
    kind: 'create',
    entity: Tables.integrationRequest.logicalName,
    data: {
      [Tables.integrationRequest.primaryId]: id,
      [C.name]: `Submit ${orderId}`,
      [C.kind]: RequestKind.submitOrder,
      [C.status]: RequestStatus.pending,
      [C.targetTable]: 'salesorder',
      [C.targetId]: orderId,
      [C.idempotencyKey]: key,
      [C.liveKey]: liveKeyFor(RequestKind.submitOrder, orderId),
    },
  };
}

const submitted = (orderId: string) => ({
  kind: 'update' as const,
  entity: 'salesorder',
  id: orderId,
  data: { statecode: SalesOrderState.submitted, statuscode: SalesOrderStatus.inProgress, erp_submissionstatus: SubmissionStatus.queued },
});

async function refusal(p: Promise<unknown>): Promise<ChangeSetRefused> {
  try {
    await p;
  } catch (e) {
    return e as ChangeSetRefused;
  }
  throw new Error('expected the change set to be refused');
}

describe('change sets against the stand-in', () => {
  it('the request and the order state land together; a second live request and its order write are refused together', async () => {
    const order = dv.seedInfo!.orders.ready;
    const first = request(order, `submitorder:${order}:one`);
    await writeTogether([first, submitted(order)]);
    expect((await get(`salesorders(${order})?$select=statecode,erp_submissionstatus`)).body).toEqual(expect.objectContaining({ statecode: 1, erp_submissionstatus: SubmissionStatus.queued }));
    expect((await get(`${Tables.integrationRequest.entitySet}(${first.data[Tables.integrationRequest.primaryId]})?$select=${C.status}`)).status).toBe(200);

    // A second tab, another idempotency key, the same live key: refused as a duplicate key, nothing of it written.
    const second = request(order, `submitorder:${order}:two`);
    const error = await refusal(writeTogether([second, { kind: 'update', entity: 'salesorder', id: order, data: { statecode: SalesOrderState.submitted, statuscode: SalesOrderStatus.inProgress } }]));
    expect(error).toBeInstanceOf(ChangeSetRefused);
    expect(isDuplicateKeyError(error.reason)).toBe(true);
    expect((await get(`${Tables.integrationRequest.entitySet}(${second.data[Tables.integrationRequest.primaryId]})`)).status).toBe(404);
  });

  it('a refused second operation rolls the first one back (the Submitted order is read-only)', async () => {
    const order = dv.seedInfo!.orders.submitted;
    const other = dv.seedInfo!.orders.writeIn;
    const created = request(other, `submitorder:${other}:rollback`);
    const error = await refusal(writeTogether([created, { kind: 'update', entity: 'salesorder', id: order, data: { name: 'Changed while submitted' } }]));
    expect(isDuplicateKeyError(error.reason)).toBe(false);
    expect((await get(`${Tables.integrationRequest.entitySet}(${created.data[Tables.integrationRequest.primaryId]})`)).status).toBe(404);
  });

  it('Cancel submission: refused with 412 when the connector claimed the row since it was read, accepted with the current ETag', async () => {
    const order = dv.seedInfo!.orders.writeIn;
    const req = request(order, `submitorder:${order}:cancel`);
    await writeTogether([req, submitted(order)]);
    const id = String(req.data[Tables.integrationRequest.primaryId]);
    const read = (await get<{ '@odata.etag': string }>(`${Tables.integrationRequest.entitySet}(${id})?$select=${C.status}`)).body['@odata.etag'];
    const live = { id, key: String(req.data[C.idempotencyKey]), status: RequestStatus.pending, etag: read };

    // The connector's claim (If-Match on the ETag it listed) lands first.
    const claim = await realFetch(`${dv.apiUrl}${Tables.integrationRequest.entitySet}(${id})`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${dv.tokens.integration}`, 'Content-Type': 'application/json', 'If-Match': read },
      body: JSON.stringify({ [C.status]: RequestStatus.processing, [C.claimedBy]: 'connector-1' }),
    });
    expect(claim.status).toBe(204);
    const lost = await updateTogetherIfUnchanged(cancellation(order, live, 'Camille Martin', new Date()));
    expect(lost).toEqual(expect.objectContaining({ ok: false, status: 412 }));
    expect((await get(`${Tables.integrationRequest.entitySet}(${id})?$select=${C.status},${C.liveKey}`)).body).toEqual(expect.objectContaining({ [C.status]: RequestStatus.processing, [C.liveKey]: liveKeyFor(RequestKind.submitOrder, order) }));
    expect((await get(`salesorders(${order})?$select=statecode`)).body).toEqual(expect.objectContaining({ statecode: 1 }));

    // Unclaimed (the connector gave it back): with the current ETag the cancel lands whole.
    await realFetch(`${dv.apiUrl}${Tables.integrationRequest.entitySet}(${id})`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${dv.tokens.integration}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ [C.status]: RequestStatus.pending }),
    });
    const current = (await get<{ '@odata.etag': string }>(`${Tables.integrationRequest.entitySet}(${id})?$select=${C.status}`)).body['@odata.etag'];
    expect(await updateTogetherIfUnchanged(cancellation(order, { ...live, etag: current }, 'Camille Martin', new Date()))).toEqual({ ok: true });
    expect((await get(`${Tables.integrationRequest.entitySet}(${id})?$select=${C.status},${C.liveKey}`)).body).toEqual(expect.objectContaining({ [C.status]: RequestStatus.cancelled, [C.liveKey]: null }));
    expect((await get(`salesorders(${order})?$select=statecode,erp_submissionstatus`)).body).toEqual(expect.objectContaining({ statecode: 0, erp_submissionstatus: SubmissionStatus.notSubmitted }));
  });
});
