/**
 * The in-doubt rule (domain/inDoubt.ts, connector/flows/inDoubt.ts) for records the synchronisation creates in the
 * ERP from a request ("Create in ERP", "Synchronize now", a retry). A customer or an item carries no Sales key in
 * the ERP; the connector finds it again by the mapping's match keys (number, then name), which is what a retried
 * request does before it creates. So, exactly as for orders: a create whose outcome is unknown (a timeout, a dropped
 * connection) puts the request in doubt, and while an earlier attempt's create may still land, a lookup that found
 * nothing never leads to a create.
 *
 * Creates of a scheduled run (no request) have no attempt mark to carry the window across processes: they rely on
 * the lookup by match keys of the next run (docs/connector.md, "Creates in doubt").
 */
import type { NounLabel } from '../../domain/mappings';
import { assertNoCreateInFlight, guardedCreate, type CreateTarget } from '../flows/inDoubt';
import type { HandlerContext } from '../queue/worker';

export interface ErpCreateGuard {
  /** Before a create is planned: throws the in-doubt wait while an earlier attempt's create may still land. */
  beforeCreate(record: NounLabel, key: string): void;
  /** Runs the write that carries the create: refused late in a lease, in doubt without a definite answer. */
  around<T>(record: NounLabel, key: string, write: () => Promise<T>): Promise<T>;
}

/** What the ERP record is found again by, for the messages: `number “C00010”, displayName “Contoso”`. */
export function matchKeyText(key: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(key)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([f, v]) => `${f} “${String(v)}”`);
  return parts.join(', ') || '—';
}

/** The guard of one request's attempt. */
export function requestCreateGuard(ctx: HandlerContext): ErpCreateGuard {
  const target = (record: NounLabel, key: string): CreateTarget => ({
    number: key,
    text: { code: 'CREATE_IN_DOUBT_RECORD', params: { record: record[ctx.lcid === 1036 ? 'fr' : 'en'].the, key } },
  });
  return {
    beforeCreate: (record, key) => assertNoCreateInFlight(ctx, target(record, key)),
    around: (record, key, write) => guardedCreate(ctx, target(record, key), write),
  };
}
