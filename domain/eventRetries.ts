/**
 * ERP events that failed for one order (connector/flows/eventRetries.ts keeps them): the erp_syncjob mapping prefix
 * their rows carry, and the pure rules of their backoff. Shared with the setup page, which lists them.
 */
import { backoffDelayMs, type RetryPolicy } from './retryPolicy';

export const RETRY_PREFIX = 'erp-events:retry:';

export interface EventRetry {
  erpNumber: string;
  attempts: number;
  /** When the order may be tried again (ISO). */
  nextAttemptAt: string;
  firstFailedOn: string;
  lastError: string;
}

/** Pure: the retry state after one more failed attempt. */
export function nextRetry(prev: EventRetry | undefined, erpNumber: string, error: string, now: Date, policy: RetryPolicy, random: () => number): EventRetry {
  const attempts = (prev?.attempts ?? 0) + 1;
  return {
    erpNumber,
    attempts,
    nextAttemptAt: new Date(now.getTime() + backoffDelayMs(attempts, policy, random)).toISOString(),
    firstFailedOn: prev?.firstFailedOn ?? now.toISOString(),
    lastError: error.slice(0, 3900),
  };
}

/** Pure: is the order due for another attempt? */
export const isDue = (r: EventRetry, now: Date): boolean => Date.parse(r.nextAttemptAt) <= now.getTime();

