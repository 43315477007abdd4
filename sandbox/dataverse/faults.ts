/**
 * Fault injection per route (latency, error rate, 429/503 with Retry-After, dropped connections) and the request
 * log with counts per route that tests and benchmarks read.
 */
import { createRng, type Rng } from '../seed/prng';
import { Codes, DataverseError } from './errors';

export interface FaultRule {
  /** Set by the stand-in; use it to remove the rule. */
  id?: string;
  /** HTTP method to match; any when absent. */
  method?: string;
  /**
   * Route to match, relative to /api/data/v9.2/: a prefix such as 'salesorders', '$batch', 'WhoAmI',
   * or a regular expression (or its source when set through the admin endpoint as {"pathRegex": "..."}).
   */
  path?: string | RegExp;
  /** User key (admin, integration...) to match; any when absent. */
  user?: string;
  /** Delay before the request is processed, in milliseconds. */
  latencyMs?: number;
  /** Status to answer instead of processing the request: 429, 503, 500... */
  status?: number;
  /** Retry-After seconds sent with a 429/503. */
  retryAfterSeconds?: number;
  /** Close the connection without any response. */
  drop?: boolean;
  /** Probability (0..1) that the status/drop applies to a matching request; 1 when absent. Latency always applies. */
  rate?: number;
  /** Apply to this many matching requests, then retire the rule. */
  times?: number;
}

export type FaultDecision = { latencyMs: number; drop: boolean; error?: DataverseError; ruleIds: string[] };

export class Faults {
  private rules: FaultRule[] = [];
  private counter = 0;
  private rng: Rng;

  constructor(rules: FaultRule[] = [], seed = 7) {
    this.rng = createRng(seed);
    for (const r of rules) this.add(r);
  }

  add(rule: FaultRule & { pathRegex?: string }): FaultRule {
    const r: FaultRule = { ...rule };
    if (rule.pathRegex) r.path = new RegExp(rule.pathRegex);
    delete (r as { pathRegex?: string }).pathRegex;
    if (r.status !== undefined && (!Number.isInteger(r.status) || r.status < 400 || r.status > 599)) throw new Error(`Fault status ${r.status} is not an HTTP error status (400-599).`);
    if (r.rate !== undefined && (r.rate < 0 || r.rate > 1)) throw new Error(`Fault rate ${r.rate} must be between 0 and 1.`);
    r.id = `fault-${++this.counter}`;
    this.rules.push(r);
    return r;
  }

  remove(id: string): boolean {
    const n = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== n;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r, path: r.path instanceof RegExp ? `/${r.path.source}/` : r.path }));
  }

  decide(method: string, path: string, userKey: string | undefined): FaultDecision {
    const d: FaultDecision = { latencyMs: 0, drop: false, ruleIds: [] };
    for (const r of [...this.rules]) {
      if (r.method && r.method.toUpperCase() !== method.toUpperCase()) continue;
      if (r.user && r.user !== userKey) continue;
      if (r.path !== undefined && r.path !== '*') {
        const hit = r.path instanceof RegExp ? r.path.test(path) : path === r.path || path.startsWith(r.path);
        if (!hit) continue;
      }
      const applies = r.rate === undefined || this.rng.next() < r.rate;
      d.latencyMs += r.latencyMs ?? 0;
      if (applies && (r.status || r.drop)) {
        if (r.drop) d.drop = true;
        else if (!d.error) d.error = faultError(r);
      }
      if (applies || r.latencyMs) {
        d.ruleIds.push(r.id!);
        if (r.times !== undefined && --r.times <= 0) this.remove(r.id!);
      }
    }
    return d;
  }
}

function faultError(r: FaultRule): DataverseError {
  const headers: Record<string, string> = {};
  if (r.retryAfterSeconds !== undefined || r.status === 429 || r.status === 503) headers['Retry-After'] = String(r.retryAfterSeconds ?? 1);
  if (r.status === 429) return new DataverseError(429, Codes.requestCount, 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.', headers);
  if (r.status === 503) return new DataverseError(503, Codes.serviceUnavailable, 'The service is temporarily unavailable. Please try again later. (fault injected by the Dataverse stand-in)', headers);
  return new DataverseError(r.status!, Codes.unexpected, `An unexpected error occurred. (fault injected by the Dataverse stand-in, status ${r.status})`, headers);
}

export interface LoggedRequest {
  at: number;
  method: string;
  /** Method + path with ids replaced: "GET salesorders({id})/order_details". */
  route: string;
  path: string;
  status: number;
  user?: string;
  ms: number;
  /** Operations inside a $batch. */
  batchOperations?: number;
}

const ID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;

export function routeKey(method: string, path: string): string {
  const p = path.replace(ID, '{id}').replace(/\('[^']*'\)/g, "('…')").replace(/\([^)]*=[^)]*\)/g, '(…)');
  return `${method.toUpperCase()} ${p || '/'}`;
}

export class RequestLog {
  readonly entries: LoggedRequest[] = [];
  private readonly perRoute = new Map<string, number>();
  total = 0;

  constructor(private readonly cap = 20000) {}

  add(e: LoggedRequest): void {
    this.total++;
    this.perRoute.set(e.route, (this.perRoute.get(e.route) ?? 0) + 1);
    this.entries.push(e);
    // Trim in chunks: splicing one entry per request would make every request O(cap).
    if (this.entries.length > this.cap * 1.25) this.entries.splice(0, this.entries.length - this.cap);
  }

  /** Requests per route since the last reset, e.g. { "GET salesorders({id})": 3, "POST $batch": 1 }. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.perRoute.entries()].sort((a, b) => b[1] - a[1]));
  }

  /** Requests whose route matches (string prefix after the method, or a RegExp on the route key). */
  count(match?: string | RegExp): number {
    if (!match) return this.total;
    let n = 0;
    for (const [route, c] of this.perRoute) if (match instanceof RegExp ? match.test(route) : route.includes(match)) n += c;
    return n;
  }

  reset(): void {
    this.entries.length = 0;
    this.perRoute.clear();
    this.total = 0;
  }
}
