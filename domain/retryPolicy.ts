/**
 * When to try an integration request again, and when to give up. Pure: the connector feeds it the attempt count,
 * the error's class and a random source; tests feed fixed ones.
 *
 * - Transient (the ERP or Dataverse is busy, slow or briefly unreachable): exponential backoff with "full jitter"
 *   (a random delay between half and all of base × 2^(attempt-1), capped), so several connector processes that
 *   failed together do not come back together. A server's Retry-After wins when it asks for longer.
 * - Permanent (the data is wrong, a setting is missing, the ERP refused the document): no retry; a person must act.
 * - Transient errors become permanent after `maxAttempts`: the request is then failed with the last error, so
 *   nothing retries forever and the user sees it.
 */

export type ErrorClass = 'transient' | 'permanent';

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 5_000, maxDelayMs: 15 * 60_000 };

/** Delay before attempt `attempt + 1`, after `attempt` attempts failed (attempt ≥ 1). */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random, retryAfterMs?: number | null): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const r = Math.min(1, Math.max(0, random()));
  const jittered = Math.round(ceiling / 2 + (ceiling / 2) * r);
  // The server knows best how long it needs; never come back earlier than it asked (but within the cap).
  const floor = retryAfterMs && retryAfterMs > 0 ? Math.min(retryAfterMs, policy.maxDelayMs) : 0;
  return Math.max(jittered, floor);
}

/**
 * HTTP status → class, the one rule for whole responses, batch parts and both services. 408 (timeout), 425,
 * 429 (throttled) and 5xx except 501/505 are worth retrying; other 4xx mean the request itself is wrong. 409 is
 * special to Business Central: it answers 409 for a stale ETag (Request_EntityChanged), which a fresh read fixes, so
 * it is transient there; Dataverse answers 412 for that, and a 409 from it is not worth repeating. A duplicate key is
 * classified by the caller (domain/duplicateKey.ts).
 */
export function classifyHttpStatus(status: number, service: 'dataverse' | 'bc' = 'bc'): ErrorClass {
  if (status === 408 || status === 425 || status === 429) return 'transient';
  if (status === 409) return service === 'bc' ? 'transient' : 'permanent';
  if (status >= 500 && status !== 501 && status !== 505) return 'transient';
  return 'permanent';
}

export type FailureDecision =
  | { status: 'retrying'; nextAttemptAt: Date; delayMs: number }
  | { status: 'failed'; reason: 'permanent' | 'attemptsExhausted' };

/** What to do with a request whose attempt number `attempts` (1-based, this one included) just failed. */
export function decideAfterFailure(
  attempts: number,
  errorClass: ErrorClass,
  policy: RetryPolicy,
  now: Date,
  random: () => number = Math.random,
  retryAfterMs?: number | null,
): FailureDecision {
  if (errorClass === 'permanent') return { status: 'failed', reason: 'permanent' };
  if (attempts >= policy.maxAttempts) return { status: 'failed', reason: 'attemptsExhausted' };
  const delayMs = backoffDelayMs(attempts, policy, random, retryAfterMs);
  return { status: 'retrying', nextAttemptAt: new Date(now.getTime() + delayMs), delayMs };
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `now`; null when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
