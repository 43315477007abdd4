/**
 * Writes that land together or not at all: one Dataverse change set (OData $batch, one transaction).
 *
 * `writeTogether` uses Xrm.WebApi.online.executeMultiple with the operations in ONE nested array, which is how the
 * Client API sends a change set (Microsoft Learn, "Xrm.WebApi.online.executeMultiple": "var changeSet = [req1, req2];
 * var requests = [changeSet];" — executed in a transaction). Each operation is a CRUD request object as Learn's
 * "Xrm.WebApi.online.execute" describes it: getMetadata() → { operationType: 2, operationName: 'Create' | 'Update' |
 * 'Delete' }, with `etn` + `payload` (Create) or `etn` + `id` + `payload` (Update); the product needs no Delete.
 *
 * The Client API gives no way to send If-Match, so a write that must only land when the row has not changed since
 * it was read (cancelling a request the connector may be claiming) goes through `writeTogetherIfUnchanged`
 * (lib/conditionalBatch.ts), which sends the $batch itself.
 */
import { normalizeId } from '../../domain/orderValidation';

export type ChangeOp = { kind: 'create'; entity: string; data: Record<string, unknown> } | { kind: 'update'; entity: string; id: string; data: Record<string, unknown> };

/** A change set that was refused: nothing of it was written (Dataverse rolled the whole set back). */
export class ChangeSetRefused {
  constructor(readonly reason: unknown) {}
}

interface CrudRequest {
  etn?: string;
  id?: string;
  payload?: Record<string, unknown>;
  getMetadata(): { boundParameter?: undefined; parameterTypes: Record<string, never>; operationType: 2; operationName: 'Create' | 'Update' };
}

export function crudRequest(op: ChangeOp): CrudRequest {
  const operationName = op.kind === 'create' ? 'Create' : 'Update';
  return {
    etn: op.entity,
    ...(op.kind === 'update' ? { id: normalizeId(op.id) } : {}),
    payload: op.data,
    // boundParameter left undefined: a CRUD request (Learn, "Xrm.WebApi.online.execute", getMetadata).
    getMetadata: () => ({ parameterTypes: {}, operationType: 2, operationName }),
  };
}

interface OnlineApi {
  executeMultiple(requests: unknown[]): PromiseLike<unknown>;
}

/** Runs the operations in one change set; rejects with ChangeSetRefused (nothing written) when any is refused. */
export async function writeTogether(ops: readonly ChangeOp[]): Promise<void> {
  if (!ops.length) return;
  const online = (Xrm.WebApi as unknown as { online: OnlineApi }).online;
  try {
    await online.executeMultiple([ops.map(crudRequest)]);
  } catch (error) {
    throw new ChangeSetRefused(error);
  }
}

/**
 * A new row's id (UUID v4), chosen by the browser so that the change set needs no answer to know it. From
 * crypto.getRandomValues, which every context has (randomUUID needs a secure one; a sandbox reached by host name over
 * plain HTTP is not).
 */
export function newId(): string {
  return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16));
}
