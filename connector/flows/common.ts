/** Writes several flows share: coupling upserts, timeline posts with stable ids, small helpers. */
import { normalizeId } from '../../domain/orderValidation';
import { CouplingColumns as K, SyncDirection, Tables } from '../../domain/schema';
import { timelineEventKey, timelinePostRecord, type TimelineEvent } from '../../domain/timeline';
import type { BatchOperation } from '../dataverse/batch';
import { lit } from '../dataverse/client';
import { stableGuid } from '../ids';

export const dateOnly = (d: Date): string => d.toISOString().slice(0, 10);

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Key path of the coupling of one CRM record (alternate key erp_crmrecordkey = table + id). */
export function couplingKeyPath(crmTable: string, crmId: string): string {
  return `${Tables.coupling.entitySet}(${K.crmTable}=${lit(crmTable)},${K.crmId}=${lit(normalizeId(crmId))})`;
}

export interface CouplingInput {
  crmTable: string;
  crmId: string;
  erpEntity: string;
  erpId: string;
  erpNumber: string;
  direction?: number;
  name?: string;
  connectionId?: string | null;
  now: Date;
}

/** Creates or updates the coupling row (upsert on the alternate key), clearing any earlier error. */
export function couplingUpsert(c: CouplingInput): BatchOperation {
  const body: Record<string, unknown> = {
    [K.name]: (c.name ?? `${c.crmTable} ⇄ ${c.erpEntity} ${c.erpNumber}`).slice(0, 200),
    [K.erpEntity]: c.erpEntity,
    [K.erpId]: c.erpId,
    [K.erpNumber]: c.erpNumber.slice(0, 35),
    [K.direction]: c.direction ?? SyncDirection.toErp,
    [K.lastSyncedOn]: c.now.toISOString(),
    [K.skipped]: false,
    [K.lastError]: null,
  };
  if (c.connectionId) body[`${K.connection}@odata.bind`] = `/${Tables.connection.entitySet}(${c.connectionId})`;
  return { method: 'PATCH', url: couplingKeyPath(c.crmTable, c.crmId), body };
}

/** The stable id of the post for one event on one record: the same event never gets two posts. */
export function postId(regardingId: string, event: TimelineEvent): string {
  return stableGuid('post', normalizeId(regardingId), timelineEventKey(event));
}

/** `POST posts` for an event, with its stable id (a second create fails on the key instead of posting twice). */
export function postCreate(regarding: { table: 'salesorder' | 'quote'; id: string }, event: TimelineEvent, lcid: number): BatchOperation {
  return { method: 'POST', url: 'posts', body: { postid: postId(regarding.id, event), ...timelinePostRecord(regarding, event, lcid) } };
}

export { round2 } from '../../domain/erpMapping';
