/**
 * The request queue seen from the browser: queue a request exactly once (domain/idempotency.ts) and wait for the
 * connector's answer for a bounded time.
 */
import { decideSubmission, requestKeyFilter, type ExistingRequest } from '../../domain/idempotency';
import { IntegrationRequestColumns as C, RequestStatus, Tables } from '../../domain/schema';
import { liveKeyFor } from '../../domain/liveRequest';
import { normalizeId } from '../../domain/orderValidation';
import { clock } from './clock';
import { ChangeSetRefused, newId, writeTogether, type ChangeOp } from './changeSet';
import { isDuplicateKeyError } from './errors';
import { webApi } from './webApi';

const T = Tables.integrationRequest;

export interface RequestRow {
  erp_integrationrequestid: string;
  erp_idempotencykey?: string | null;
  erp_status?: number | null;
  erp_erpdocumentnumber?: string | null;
  erp_lasterror?: string | null;
  erp_fixhint?: string | null;
  erp_payload?: string | null;
}

export interface NewRequest {
  name: string;
  kind: number;
  targetTable: string;
  /** Empty for requests about no Sales record yet (an ERP search, Create in Sales). */
  targetId: string;
  payload?: Record<string, unknown>;
  connectionId?: string | null;
  requestedBy?: string | null;
}

export interface Queued {
  requestId: string;
  key: string;
  /** created: a new row; retried: a failed row put back to pending; tracked: an open row already existed. */
  how: 'created' | 'retried' | 'tracked';
}

export async function findRequests(baseKey: string): Promise<ExistingRequest[]> {
  const result = await webApi().retrieveMultipleRecords(T.logicalName, `?$select=${T.primaryId},${C.idempotencyKey},${C.status}&$filter=${requestKeyFilter(baseKey)}`);
  return result.entities.map((r) => ({ id: r[T.primaryId] as string, key: r[C.idempotencyKey] as string, status: r[C.status] as number | null }));
}

export interface LiveRequest extends ExistingRequest {
  /** The row's version as read: a conditional write (cancel) lands only if nobody changed the row since. */
  etag?: string;
}

/** The live request of this record and kind (domain/liveRequest.ts), whatever its idempotency key. */
export async function findLive(liveKey: string): Promise<LiveRequest | null> {
  const result = await webApi().retrieveMultipleRecords(T.logicalName, `?$select=${T.primaryId},${C.idempotencyKey},${C.status}&$filter=${C.liveKey} eq '${liveKey}'`);
  const r = result.entities[0];
  return r
    ? {
        id: r[T.primaryId] as string,
        key: r[C.idempotencyKey] as string,
        status: r[C.status] as number | null,
        etag: r['@odata.etag'] as string | undefined,
      }
    : null;
}

/**
 * Queues the request for `baseKey` unless an open one exists. A concurrent create (other tab) is detected by the
 * alternate keys: the same intent by erp_idempotencykey, any other live request for the same record and kind (a
 * colleague saved the order in between, the grid re-queues a Submitted order) by erp_livekey; either way the
 * command follows the request that exists and creates nothing.
 *
 * `together`: writes that must land with the request or not at all (Submit to ERP: the order's Submitted state).
 * With them, the request row is written in the same change set (lib/changeSet.ts) and its id is chosen here; a
 * refused change set rejects with ChangeSetRefused (nothing written), unless the live or idempotency key refused it,
 * which means another tab or a colleague queued it first: the command then follows their request.
 */
export async function queueRequest(baseKey: string, request: NewRequest, together: readonly ChangeOp[] = []): Promise<Queued> {
  const decision = decideSubmission(baseKey, await findRequests(baseKey));
  if (decision.action === 'track') return { requestId: decision.requestId, key: decision.key, how: 'tracked' };
  const liveKey = liveKeyFor(request.kind, request.targetId);
  const trackLive = async (error: unknown): Promise<Queued> => {
    const live = liveKey ? await findLive(liveKey) : null;
    if (!live) throw error;
    return { requestId: live.id, key: live.key, how: 'tracked' };
  };
  const duplicate = (error: unknown) => isDuplicateKeyError(error instanceof ChangeSetRefused ? error.reason : error);
  if (decision.action === 'retry') {
    const reset = {
      [C.status]: RequestStatus.pending,
      [C.nextAttemptAt]: null,
      [C.lastError]: null,
      [C.fixHint]: null,
      [C.completedOn]: null,
      ...(liveKey ? { [C.liveKey]: liveKey } : {}),
    };
    try {
      if (together.length) await writeTogether([{ kind: 'update', entity: T.logicalName, id: decision.requestId, data: reset }, ...together]);
      else await webApi().updateRecord(T.logicalName, decision.requestId, reset);
    } catch (error) {
      if (!duplicate(error)) throw error;
      return trackLive(error);
    }
    return { requestId: decision.requestId, key: decision.key, how: 'retried' };
  }
  const record: Record<string, unknown> = {
    [C.name]: request.name.slice(0, 200),
    [C.kind]: request.kind,
    [C.status]: RequestStatus.pending,
    [C.targetTable]: request.targetTable,
    [C.targetId]: normalizeId(request.targetId) || null,
    [C.idempotencyKey]: decision.key,
  };
  if (liveKey) record[C.liveKey] = liveKey;
  if (request.payload) record[C.payload] = JSON.stringify(request.payload);
  if (request.connectionId) record[`${C.connection}@odata.bind`] = `/${Tables.connection.entitySet}(${normalizeId(request.connectionId)})`;
  if (request.requestedBy) record[`${C.requestedBy}@odata.bind`] = `/systemusers(${normalizeId(request.requestedBy)})`;
  try {
    if (together.length) {
      const id = newId();
      await writeTogether([{ kind: 'create', entity: T.logicalName, data: { [T.primaryId]: id, ...record } }, ...together]);
      return { requestId: id, key: decision.key, how: 'created' };
    }
    const created = await webApi().createRecord(T.logicalName, record);
    return { requestId: created.id, key: decision.key, how: 'created' };
  } catch (error) {
    if (!duplicate(error)) throw error;
    // Another tab or the connector's pick-up won the race: follow their request.
    const winner = (await findRequests(baseKey)).find((r) => r.key === decision.key);
    if (!winner) return trackLive(error);
    return { requestId: winner.id, key: winner.key, how: 'tracked' };
  }
}

export type WaitOutcome =
  | { outcome: 'succeeded'; row: RequestRow }
  | { outcome: 'failed'; row: RequestRow }
  | { outcome: 'cancelled'; row: RequestRow }
  | { outcome: 'timeout' }
  | { outcome: 'unreachable'; error: unknown };

/** Poll delays: quick first answers, then no more than one read every 5 s (well within the API limits). */
export function pollDelays(): number[] {
  return [1000, 1500, 2250, 3375, 5000];
}

export interface WaitOptions {
  /** Also read erp_payload, where the connector puts its answer's data ({ ...request, result }). */
  withPayload?: boolean;
  /** Seconds waited so far, after each poll (batch waits; waitForRequest takes its own callback). */
  onTick?: (elapsedSeconds: number) => void;
  /** Poll delays in ms (the last one repeats); default pollDelays(). */
  delays?: readonly number[];
}

/**
 * Waits until the request is done or `timeoutSeconds` have passed. `onTick(elapsedSeconds)` lets the caller update
 * the progress text. Three read failures in a row end the wait as 'unreachable' (the request itself is queued).
 */
export async function waitForRequest(requestId: string, timeoutSeconds: number, onTick?: (elapsedSeconds: number) => void, options: WaitOptions = {}): Promise<WaitOutcome> {
  const select = [C.status, C.erpDocumentNumber, C.lastError, C.fixHint, ...(options.withPayload ? [C.payload] : [])].join(',');
  const start = clock.now();
  const delays = options.delays?.length ? options.delays : pollDelays();
  let attempt = 0;
  let failures = 0;
  for (;;) {
    const elapsed = clock.now() - start;
    if (elapsed >= timeoutSeconds * 1000) return { outcome: 'timeout' };
    const delay = Math.min(delays[Math.min(attempt, delays.length - 1)], timeoutSeconds * 1000 - elapsed);
    await clock.sleep(delay);
    attempt += 1;
    onTick?.(Math.round((clock.now() - start) / 1000));
    let row: RequestRow;
    try {
      row = (await webApi().retrieveRecord(T.logicalName, requestId, `?$select=${select}`)) as unknown as RequestRow;
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures >= 3) return { outcome: 'unreachable', error };
      continue;
    }
    const done = outcomeOf(row);
    if (done) return done;
  }
}

/** The latest request of a kind for a record (for the fix hint of the last failure). */
export async function latestRequestFor(targetId: string, kind: number): Promise<RequestRow | null> {
  const result = await webApi().retrieveMultipleRecords(
    T.logicalName,
    `?$select=${T.primaryId},${C.status},${C.lastError},${C.fixHint},${C.erpDocumentNumber}&$filter=${C.targetId} eq '${normalizeId(targetId)}' and ${C.kind} eq ${kind}&$orderby=createdon desc`,
    1,
  );
  return (result.entities[0] as unknown as RequestRow | undefined) ?? null;
}

/** The connector's answer data: erp_payload is replaced on success by `{ ...request, result }`; null when absent or not JSON. */
export function requestResult<T = Record<string, unknown>>(row: Pick<RequestRow, 'erp_payload'>): T | null {
  if (!row.erp_payload) return null;
  try {
    const parsed = JSON.parse(row.erp_payload) as { result?: T };
    return parsed.result ?? null;
  } catch {
    return null;
  }
}

function outcomeOf(row: RequestRow): WaitOutcome | null {
  if (row.erp_status === RequestStatus.succeeded) return { outcome: 'succeeded', row };
  if (row.erp_status === RequestStatus.failed) return { outcome: 'failed', row };
  if (row.erp_status === RequestStatus.cancelled) return { outcome: 'cancelled', row };
  return null;
}

/**
 * Waits for several requests with one read per poll for all those still open (a grid command's batch), calling
 * `onDone` as each one ends. Requests still open when the time is up end as 'timeout'; three failed reads in a
 * row end the rest as 'unreachable'.
 */
export async function waitForRequests(
  requestIds: readonly string[],
  timeoutSeconds: number,
  onDone: (requestId: string, outcome: WaitOutcome) => void,
  options: WaitOptions = {},
): Promise<Map<string, WaitOutcome>> {
  const select = [T.primaryId, C.status, C.erpDocumentNumber, C.lastError, C.fixHint, ...(options.withPayload ? [C.payload] : [])].join(',');
  const outcomes = new Map<string, WaitOutcome>();
  const finish = (id: string, o: WaitOutcome) => {
    outcomes.set(id, o);
    onDone(id, o);
  };
  const open = new Set(requestIds.map(normalizeId));
  const start = clock.now();
  const delays = pollDelays();
  let attempt = 0;
  let failures = 0;
  while (open.size > 0) {
    const elapsed = clock.now() - start;
    if (elapsed >= timeoutSeconds * 1000) {
      for (const id of open) finish(id, { outcome: 'timeout' });
      break;
    }
    await clock.sleep(Math.min(delays[Math.min(attempt, delays.length - 1)], timeoutSeconds * 1000 - elapsed));
    attempt += 1;
    options.onTick?.(Math.round((clock.now() - start) / 1000));
    let rows: RequestRow[];
    try {
      const filter = [...open].map((id) => `${T.primaryId} eq ${id}`).join(' or ');
      rows = (await webApi().retrieveMultipleRecords(T.logicalName, `?$select=${select}&$filter=${filter}`)).entities as unknown as RequestRow[];
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures >= 3) {
        for (const id of open) finish(id, { outcome: 'unreachable', error });
        break;
      }
      continue;
    }
    for (const row of rows) {
      const id = normalizeId(row.erp_integrationrequestid);
      const o = open.has(id) ? outcomeOf(row) : null;
      if (!o) continue;
      open.delete(id);
      finish(id, o);
    }
  }
  return outcomes;
}
