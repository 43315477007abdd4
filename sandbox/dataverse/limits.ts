/**
 * Service protection limits per user, as Dataverse evaluates them: requests in a sliding window and concurrent
 * requests. A breach answers 429 with Retry-After and the Web API error codes 0x80072322 / 0x80072326.
 */
import { Codes, DataverseError } from './errors';

export interface LimitOptions {
  /** Requests per user in the window (Dataverse: 6000 per 300 s). */
  requestsPerWindow?: number;
  windowSeconds?: number;
  /** Concurrent requests per user (Dataverse: 52). */
  concurrentRequests?: number;
  /** Retry-After sent for a concurrency breach, in seconds. */
  concurrencyRetryAfterSeconds?: number;
  /** Requests in one $batch (Dataverse: 1000). */
  maxBatchSize?: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

export const DEFAULT_LIMITS: Required<LimitOptions> = {
  requestsPerWindow: 6000,
  windowSeconds: 300,
  concurrentRequests: 52,
  concurrencyRetryAfterSeconds: 1,
  maxBatchSize: 1000,
  maxBodyBytes: 64 * 1024 * 1024,
};

export class ServiceProtection {
  /** Per user: request times in arrival order, and the index of the oldest one still inside the window. */
  private readonly stamps = new Map<string, { times: number[]; head: number }>();
  private readonly inFlight = new Map<string, number>();
  limits: Required<LimitOptions>;

  constructor(limits: LimitOptions = {}, private readonly now: () => number = Date.now) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  configure(limits: LimitOptions): void {
    this.limits = { ...this.limits, ...limits };
  }

  /** Admits one request for `userId` or throws the 429. Call release() when the response is sent. */
  admit(userId: string): { remaining: number } {
    const { requestsPerWindow, windowSeconds, concurrentRequests, concurrencyRetryAfterSeconds } = this.limits;
    const t = this.now();
    const windowMs = windowSeconds * 1000;
    let w = this.stamps.get(userId);
    if (!w) {
      w = { times: [], head: 0 };
      this.stamps.set(userId, w);
    }
    while (w.head < w.times.length && t - w.times[w.head] >= windowMs) w.head++;
    if (w.head > 4096) {
      w.times = w.times.slice(w.head);
      w.head = 0;
    }
    const inWindow = w.times.length - w.head;
    if (inWindow >= requestsPerWindow) {
      const retryAfter = Math.max(1, Math.ceil((w.times[w.head] + windowMs - t) / 1000));
      throw new DataverseError(429, Codes.requestCount, `Number of requests exceeded the limit of ${requestsPerWindow} over time window of ${windowSeconds} seconds.`, { 'Retry-After': String(retryAfter) });
    }
    const running = this.inFlight.get(userId) ?? 0;
    if (running >= concurrentRequests)
      throw new DataverseError(429, Codes.concurrency, `Number of concurrent requests exceeded the limit of ${concurrentRequests}.`, { 'Retry-After': String(concurrencyRetryAfterSeconds) });
    w.times.push(t);
    this.inFlight.set(userId, running + 1);
    return { remaining: requestsPerWindow - inWindow - 1 };
  }

  release(userId: string): void {
    const n = (this.inFlight.get(userId) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(userId);
    else this.inFlight.set(userId, n);
  }

  /** Requests of `userId` running now (tests: a request abandoned by its client must not keep its slot). */
  running(userId: string): number {
    return this.inFlight.get(userId) ?? 0;
  }

  reset(): void {
    this.stamps.clear();
  }
}
