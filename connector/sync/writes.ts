/**
 * Dataverse writes of a page as change sets in `$batch` (≤ 1,000 operations per request): one change set per
 * record, so a record's write and its coupling commit together or not at all, and one refused record does not
 * stop the others (`continue-on-error`).
 */
import { isDuplicateKeyAnswer } from '../../domain/duplicateKey';
import type { BatchOperation, BatchResult } from '../dataverse/batch';
import type { SyncContext } from './context';

export interface ChangeSetResult {
  ok: boolean;
  /** The failing operation's result (ok = false). */
  error: BatchResult | null;
  results: BatchResult[];
}

const MAX_OPS = 1000;

/** Dataverse's message of a failed part. */
export function batchMessage(r: BatchResult | null): string {
  const body = r?.body as { error?: { message?: string } } | null;
  return body?.error?.message ?? (r?.text || `HTTP ${r?.status ?? 0}`);
}

/**
 * True when a create failed because the row already exists (same primary key or alternate key). An If-Match that
 * lost a race is a 412 too, with another code: not a duplicate (domain/duplicateKey.ts).
 */
export function isDuplicate(r: BatchResult | null): boolean {
  if (!r) return false;
  return isDuplicateKeyAnswer(r.status, (r.body as { error?: { code?: string } } | null)?.error?.code);
}

export async function runChangeSets(ctx: SyncContext, sets: readonly BatchOperation[][]): Promise<ChangeSetResult[]> {
  const out: ChangeSetResult[] = [];
  let i = 0;
  while (i < sets.length) {
    const group: BatchOperation[][] = [];
    let ops = 0;
    while (i < sets.length && (group.length === 0 || ops + sets[i].length <= MAX_OPS)) {
      group.push(sets[i]);
      ops += sets[i].length;
      i++;
    }
    const nonEmpty = group.filter((g) => g.length > 0);
    const results = nonEmpty.length ? await ctx.s.dv.batch(nonEmpty.map((changeSet) => ({ changeSet })), { continueOnError: true }) : [];
    let pos = 0;
    for (const set of group) {
      if (!set.length) {
        out.push({ ok: true, error: null, results: [] });
        continue;
      }
      const first = results[pos];
      if (!first) {
        out.push({ ok: false, error: null, results: [] });
        continue;
      }
      if (first.status >= 400) {
        // A failed change set answers with the one failing operation.
        out.push({ ok: false, error: first, results: [first] });
        pos += 1;
      } else {
        const mine = results.slice(pos, pos + set.length);
        const bad = mine.find((r) => r.status >= 400) ?? null;
        out.push({ ok: !bad, error: bad, results: mine });
        pos += set.length;
      }
    }
  }
  return out;
}
