/**
 * Service protection like Business Central online (peers.md §4): per user at most 5 requests run at once,
 * up to 95 more wait in a queue (then 429), a sliding-window request rate (then 429 + Retry-After);
 * plus the stand-in's fault injection and the request log that benchmarks read.
 */
import { BcError, errors } from './errors';
import { createRng, Rng } from '../seed/prng';

export interface ConcurrencyOptions {
  /** Requests processed at once per user (BC: 5). */
  perUser: number;
  /** Requests waiting per user beyond that (BC: 95); more gets 429. */
  queueSize: number;
  /** A queued request waiting longer gets 503 (BC: 8 minutes). */
  queueTimeoutMs: number;
}

export interface RateLimitOptions {
  /** Requests per user per window (BC: 6,000 per 5 minutes). */
  requests: number;
  windowMs: number;
}

export class ConcurrencyLimiter {
  private active = new Map<string, number>();
  private queues = new Map<string, Array<{ grant: () => void; timer: NodeJS.Timeout }>>();
  constructor(public options: ConcurrencyOptions) {}

  /** Resolves with a release function once the user has a free slot; throws 429 when the queue is full. */
  acquire(user: string): Promise<() => void> {
    const running = this.active.get(user) ?? 0;
    const release = (): void => this.release(user);
    if (running < this.options.perUser) {
      this.active.set(user, running + 1);
      return Promise.resolve(once(release));
    }
    const queue = this.queues.get(user) ?? [];
    this.queues.set(user, queue);
    if (queue.length >= this.options.queueSize) {
      const max = this.options.perUser + this.options.queueSize;
      return Promise.reject(errors.tooManyRequests(1, max + 1, max));
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          resolve(once(release));
        },
        timer: setTimeout(() => {
          const i = queue.indexOf(entry);
          if (i >= 0) queue.splice(i, 1);
          reject(new BcError(503, 'Internal_ServiceUnavailable', `The request waited more than ${this.options.queueTimeoutMs} ms for one of the ${this.options.perUser} concurrent request slots of this user.`, { 'Retry-After': '1' }));
        }, this.options.queueTimeoutMs),
      };
      queue.push(entry);
    });
  }

  private release(user: string): void {
    const queue = this.queues.get(user);
    const next = queue?.shift();
    if (next) next.grant();
    else this.active.set(user, Math.max(0, (this.active.get(user) ?? 1) - 1));
  }

  stats(): Record<string, { active: number; queued: number }> {
    const out: Record<string, { active: number; queued: number }> = {};
    for (const [u, n] of this.active) out[u] = { active: n, queued: this.queues.get(u)?.length ?? 0 };
    return out;
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

export class RateLimiter {
  private hits = new Map<string, number[]>();
  constructor(public options: RateLimitOptions | null) {}

  /** Throws 429 with Retry-After when the user's sliding window is full. */
  check(user: string, now = Date.now()): void {
    if (!this.options) return;
    const { requests, windowMs } = this.options;
    const list = (this.hits.get(user) ?? []).filter((t) => t > now - windowMs);
    if (list.length >= requests) {
      this.hits.set(user, list);
      const retryAfter = Math.max(1, Math.ceil((list[0] + windowMs - now) / 1000));
      throw errors.tooManyRequests(retryAfter, list.length + 1, requests);
    }
    list.push(now);
    this.hits.set(user, list);
  }

  reset(): void {
    this.hits.clear();
  }
}

export interface FaultRule {
  /** Optional id, to delete one rule. */
  id?: string;
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Substring of the normalised route ("/api/v2.0/companies({id})/salesOrders"); any when omitted. */
  route?: string;
  /** Delay before handling, in ms. */
  latencyMs?: number;
  /** Probability (0..1) that the request fails with `status`; 1 when omitted and status is set. */
  errorRate?: number;
  /** Status of injected failures: 429, 500, 503, 504... */
  status?: number;
  /** Retry-After seconds sent with injected 429/503. */
  retryAfterSeconds?: number;
  /** Destroy the connection without answering (after the latency). */
  drop?: boolean;
  /** Apply the failure to this many matching requests only, then stop failing (latency stays). */
  times?: number;
}

export interface FaultDecision {
  latencyMs: number;
  drop: boolean;
  error?: BcError;
}

export class Faults {
  rules: FaultRule[] = [];
  private rng: Rng;
  private counter = 0;
  constructor(rules: FaultRule[] = [], seed = 1) {
    this.rng = createRng(seed);
    for (const r of rules) this.add(r);
  }

  add(rule: FaultRule): FaultRule {
    validateFault(rule);
    const r = { ...rule, id: rule.id ?? `fault-${++this.counter}` };
    this.rules.push(r);
    return r;
  }

  remove(id?: string): void {
    this.rules = id ? this.rules.filter((r) => r.id !== id) : [];
  }

  decide(method: string, route: string): FaultDecision {
    const d: FaultDecision = { latencyMs: 0, drop: false };
    for (const r of this.rules) {
      if (r.method && r.method.toUpperCase() !== method) continue;
      if (r.route && !route.includes(r.route)) continue;
      d.latencyMs += r.latencyMs ?? 0;
      const failing = r.drop || r.status !== undefined;
      if (!failing || d.error || d.drop) continue;
      if (r.times !== undefined && r.times <= 0) continue;
      if (this.rng.next() >= (r.errorRate ?? 1)) continue;
      if (r.times !== undefined) r.times -= 1;
      if (r.drop) d.drop = true;
      else d.error = injected(r.status!, r.retryAfterSeconds);
    }
    return d;
  }
}

function injected(status: number, retryAfter?: number): BcError {
  const headers: Record<string, string> = retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {};
  if (status === 429) return errors.tooManyRequests(retryAfter ?? 1, 6001, 6000);
  if (status === 503) return new BcError(503, 'Internal_ServiceUnavailable', 'The service is temporarily unavailable (injected fault).', headers);
  if (status === 504) return new BcError(504, 'Internal_GatewayTimeout', 'The request timed out (injected fault).', headers);
  if (status === 408) return new BcError(408, 'Internal_RequestTimeout', 'The operation timed out (injected fault).', headers);
  return new BcError(status, 'Internal_ServerError', `Injected fault: HTTP ${status}.`, headers);
}

export function validateFault(rule: unknown): asserts rule is FaultRule {
  if (!rule || typeof rule !== 'object') throw new Error('A fault rule must be an object like {"route":"/salesOrders","status":503,"retryAfterSeconds":2}.');
  const r = rule as Record<string, unknown>;
  const allowed = ['id', 'method', 'route', 'latencyMs', 'errorRate', 'status', 'retryAfterSeconds', 'drop', 'times'];
  for (const k of Object.keys(r)) if (!allowed.includes(k)) throw new Error(`Unknown fault rule property "${k}". Allowed: ${allowed.join(', ')}.`);
  const num = (k: string, min: number, max: number): void => {
    if (r[k] !== undefined && (typeof r[k] !== 'number' || (r[k] as number) < min || (r[k] as number) > max)) throw new Error(`Fault rule "${k}" must be a number between ${min} and ${max}.`);
  };
  num('latencyMs', 0, 600000);
  num('errorRate', 0, 1);
  num('status', 400, 599);
  num('retryAfterSeconds', 0, 3600);
  num('times', 0, 1e9);
  if (r.drop !== undefined && typeof r.drop !== 'boolean') throw new Error('Fault rule "drop" must be true or false.');
  for (const k of ['id', 'method', 'route']) if (r[k] !== undefined && typeof r[k] !== 'string') throw new Error(`Fault rule "${k}" must be a string.`);
}

export interface RouteCount {
  count: number;
  statuses: Record<string, number>;
  totalMs: number;
}

export interface RequestLogEntry {
  at: string;
  method: string;
  route: string;
  url: string;
  status: number;
  ms: number;
  user: string;
  batch?: boolean;
}

/** Counts per normalised route and status, plus the last entries, for tests and benchmarks. */
export class RequestLog {
  total = 0;
  routes: Record<string, RouteCount> = {};
  entries: RequestLogEntry[] = [];
  constructor(private keep = 2000) {}

  record(e: RequestLogEntry): void {
    this.total += 1;
    const key = `${e.method} ${e.route}`;
    const c = (this.routes[key] ??= { count: 0, statuses: {}, totalMs: 0 });
    c.count += 1;
    c.statuses[e.status] = (c.statuses[e.status] ?? 0) + 1;
    c.totalMs += e.ms;
    this.entries.push(e);
    if (this.entries.length > this.keep) this.entries.splice(0, this.entries.length - this.keep);
  }

  /** Requests whose "METHOD route" contains `pattern` (all when omitted). */
  count(pattern?: string, method?: string): number {
    return Object.entries(this.routes)
      .filter(([k]) => (!pattern || k.includes(pattern)) && (!method || k.startsWith(`${method.toUpperCase()} `)))
      .reduce((s, [, c]) => s + c.count, 0);
  }

  counts(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.routes).map(([k, c]) => [k, c.count]));
  }

  reset(): void {
    this.total = 0;
    this.routes = {};
    this.entries = [];
  }

  toJSON(): { total: number; routes: Record<string, RouteCount>; entries: RequestLogEntry[] } {
    return { total: this.total, routes: this.routes, entries: this.entries.slice(-200) };
  }
}

const GUID_IN_PATH = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;

/** "/api/v2.0/companies(6f..)/salesOrders(1a..)/salesOrderLines" → "/api/v2.0/companies({id})/salesOrders({id})/salesOrderLines". */
export function normaliseRoute(pathname: string): string {
  return pathname.replace(GUID_IN_PATH, '{id}').replace(/\('[^']*'\)/g, "('{id}')").replace(/\/_admin\/(salesOrders|salesInvoices|purchaseLines)\/[^/]+/, '/_admin/$1/{id}');
}
