/**
 * A request row the connector cannot run whatever happens (issue 15, path 4): a target that is not a record id,
 * a payload that is not a JSON object. Such a "poisoned" row ends Failed at once with a message naming the problem;
 * it is never retried, and it can no longer keep the queue busy (before, a target id that broke the claim's $batch
 * made the row unclaimable: it stayed Pending for ever and every poll tried it again).
 * Pure: the worker decides with it before the handler runs.
 */
import { normalizeId } from './orderValidation';
import { RequestKind } from './schema';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Kinds that act on one record named by erp_targetid. */
const TARGETED: readonly number[] = [RequestKind.submitOrder, RequestKind.processQuote, RequestKind.refreshStatistics, RequestKind.refreshAvailability];

export interface RequestShape {
  erp_kind?: number | null;
  erp_targetid?: string | null;
  erp_payload?: string | null;
}

export interface PayloadProblem {
  /** English, for the log; the user-facing text is built from `code` and `params`. */
  problem: string;
  problemFr: string;
}

/** The first reason the row cannot run, or null when it may. */
export function requestProblem(row: RequestShape): PayloadProblem | null {
  const target = row.erp_targetid ?? '';
  // An empty target is the handler's own TARGET_MISSING; a non-empty one must be an id.
  if (target.trim() && row.erp_kind !== null && row.erp_kind !== undefined && TARGETED.includes(row.erp_kind)) {
    if (!GUID.test(normalizeId(target).trim())) {
      const shown = JSON.stringify(target.slice(0, 60));
      return { problem: `the target record id ${shown} is not a record id (a GUID)`, problemFr: `l’identifiant d’enregistrement cible ${shown} n’est pas un identifiant (GUID)` };
    }
  }
  const payload = row.erp_payload ?? '';
  if (payload.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch (e) {
      const why = (e as Error).message.slice(0, 120);
      return { problem: `the payload is not valid JSON (${why})`, problemFr: `la charge utile n’est pas du JSON valide (${why})` };
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { problem: 'the payload is not a JSON object', problemFr: 'la charge utile n’est pas un objet JSON' };
    }
  }
  return null;
}
