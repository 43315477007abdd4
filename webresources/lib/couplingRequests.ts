/**
 * Coupling requests as the connector reads them (docs/sync.md, "Coupling from the app"): kind `couple` with
 * { operation: search | couple | createInErp | createInSales | uncouple, … } and kind `syncRecord` with
 * { operation: syncNow, side }, target table/id = the Sales record. One request per intent per minute: a double
 * click or a second tab joins the open request, a failed one is put back to pending when asked again.
 */
import { fingerprintText } from '../../domain/idempotency';
import { normalizeId } from '../../domain/orderValidation';
import { RequestKind } from '../../domain/schema';
import { clock } from './clock';
import { queueRequest, type Queued } from './requests';

export type CouplingOperation = 'search' | 'couple' | 'createInErp' | 'createInSales' | 'uncouple' | 'syncNow';
export type WinningSide = 'erp' | 'crm';

export interface CouplingPayload {
  operation: CouplingOperation;
  /** search: a number or part of a name ("*" lists the first records). */
  query?: string;
  /** The connector's mapping name; without it, the connector takes the mapping of the target record. */
  mapping?: string;
  erpId?: string;
  erpNumber?: string;
  /** couple (whose values are applied first) and syncNow (whose values win). */
  side?: WinningSide;
}

export interface CouplingTargetRef {
  table: string;
  /** The Sales record; null for searches and Create in Sales, which start from the ERP. */
  id: string | null;
}

export interface QueueContext {
  connectionId?: string | null;
  requestedBy?: string | null;
}

export function couplingKind(operation: CouplingOperation): number {
  return operation === 'syncNow' ? RequestKind.syncRecord : RequestKind.couple;
}

/** `couple:<operation>:<record id or table>:<fingerprint of the rest>:<UTC minute>` (≤ 100 characters). */
export function couplingRequestKey(payload: CouplingPayload, target: CouplingTargetRef, now: Date): string {
  const { operation, ...details } = payload;
  const subject = target.id ? normalizeId(target.id) : target.table;
  const detail = fingerprintText(JSON.stringify([target.table, details.query?.trim().toLowerCase() ?? null, details.mapping ?? null, details.erpId ?? null, details.erpNumber?.toUpperCase() ?? null, details.side ?? null]));
  return `couple:${operation.toLowerCase()}:${subject}:${detail}:${now.toISOString().slice(0, 16)}`;
}

export function queueCoupling(payload: CouplingPayload, target: CouplingTargetRef, context: QueueContext = {}): Promise<Queued> {
  return queueRequest(couplingRequestKey(payload, target, new Date(clock.now())), {
    name: `Coupling: ${payload.operation} ${target.table}${target.id ? ` ${normalizeId(target.id)}` : ''}`,
    kind: couplingKind(payload.operation),
    targetTable: target.table,
    targetId: target.id ?? '',
    payload: { ...payload },
    connectionId: context.connectionId ?? null,
    requestedBy: context.requestedBy ?? null,
  });
}
