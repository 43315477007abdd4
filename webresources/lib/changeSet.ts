/**
 * Writes that land together or not at all: one Dataverse change set (OData $batch, one transaction).
 *
 * `writeTogether` uses Xrm.WebApi.online.executeMultiple with the operations in ONE nested array, which is how the
 * Client API sends a change set (Microsoft Learn, "Xrm.WebApi.online.executeMultiple": "var changeSet = [req1, req2];
 * var requests = [changeSet];" — executed in a transaction). Each operation is a CRUD request object as Learn's
 * "Xrm.WebApi.online.execute" describes it: getMetadata() → { operationType: 2, operationName: 'Create' | 'Update' |
 * 'Delete' }, with `etn` + `payload` (Create), `etn` + `id` + `payload` (Update), `entityReference` (Delete).
 *
 * The Client API gives no way to send If-Match, so a write that must only land when the row has not changed since
 * it was read (cancelling a request the connector may be claiming) goes through `writeTogetherIfUnchanged`
 * (lib/conditionalBatch.ts), which sends the $batch itself.
 */
import { normalizeId } from '../../domain/orderValidation';

export type ChangeOp =
  | { kind: 'create'; entity: string; data: Record<string, unknown> }
  | { kind: 'update'; entity: string; id: string; data: Record<string, unknown> }
  | { kind: 'delete'; entity: string; id: string };

/** A change set that was refused: nothing of it was written (Dataverse rolled the whole set back). */
export class ChangeSetRefused extends Error {
  constructor(readonly reason: unknown) {
    super(reason && typeof reason === 'object' && 'message' in reason ? String((reason as { message: unknown }).message) : String(reason));
    this.name = 'ChangeSetRefused';
  }
}

interface CrudRequest {
  etn?: string;
  id?: string;
  payload?: Record<string, unknown>;
  entityReference?: { entityType: string; id: string };
  getMetadata(): { boundParameter: undefined; parameterTypes: Record<string, never>; operationType: 2; operationName: 'Create' | 'Update' | 'Delete' };
}

function metadata(operationName: 'Create' | 'Update' | 'Delete') {
  return () => ({ boundParameter: undefined, parameterTypes: {}, operationType: 2 as const, operationName });
}

export function crudRequest(op: ChangeOp): CrudRequest {
  switch (op.kind) {
    case 'create':
      return { etn: op.entity, payload: op.data, getMetadata: metadata('Create') };
    case 'update':
      return { etn: op.entity, id: normalizeId(op.id), payload: op.data, getMetadata: metadata('Update') };
    case 'delete':
      return { entityReference: { entityType: op.entity, id: normalizeId(op.id) }, getMetadata: metadata('Delete') };
  }
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

/** A new row's id, chosen by the browser so that the change set needs no answer to know it. */
export function newId(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
