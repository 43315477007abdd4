/**
 * One HTTP client per service (Dataverse, Business Central): bearer token, timeout on every call, limits (Limiter),
 * Retry-After honoured. A short throttle (≤ maxInlineWaitMs) is waited out in place, up to maxInlineRetries times;
 * anything longer is thrown as a transient HttpError carrying retryAfterMs, and the request queue schedules the
 * next attempt then, so a worker never sleeps for minutes holding a row.
 *
 * Only idempotent calls (GET, PUT, DELETE, PATCH with If-Match, or calls the caller marks `idempotent`) are
 * retried in place after a timeout or network error: a POST that timed out may have been executed, and repeating it
 * is the caller's decision (the submit flow looks the order up instead).
 */
import { classifyHttpStatus, parseRetryAfter, type ErrorClass } from '../../domain/retryPolicy';
import { isOutcomeUnknown } from '../../domain/inDoubt';
import type { Logger } from '../log';
import type { TokenProvider } from '../auth';
import { Limiter } from './limiter';

export type ServiceName = 'dataverse' | 'bc';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Safe to repeat after a timeout/network error (defaults: GET/PUT/DELETE and PATCH with If-Match). */
  idempotent?: boolean;
  timeoutMs?: number;
  /** Return 4xx answers whose body the caller reads itself ($batch: Dataverse answers 400 with the parts). */
  passErrors?: (res: HttpResponse) => boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export class HttpError extends Error {
  constructor(
    readonly service: ServiceName,
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errorClass: ErrorClass,
    readonly retryAfterMs: number | null = null,
    readonly method: string = '',
    readonly url: string = '',
  ) {
    super(message);
    this.name = 'HttpError';
  }
  /** A non-idempotent call (a create) without a definite answer: it may have been executed (domain/inDoubt.ts). */
  inDoubt = false;
}

export interface HttpStats {
  requests: number;
  throttled: number;
  timeouts: number;
}

export interface HttpClientOptions {
  service: ServiceName;
  tokens: TokenProvider;
  limiter: Limiter;
  timeoutMs: number;
  maxInlineRetries: number;
  maxInlineWaitMs: number;
  log: Logger;
  fetchImpl?: typeof fetch;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `{"error":{"code","message"}}` (Dataverse and Business Central share this OData shape). */
export function parseODataError(text: string): { code: string; message: string } | null {
  try {
    const j = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (j && j.error && (j.error.message || j.error.code)) return { code: String(j.error.code ?? ''), message: String(j.error.message ?? '') };
  } catch {
    /* not JSON */
  }
  return null;
}

export class HttpClient {
  readonly stats: HttpStats = { requests: 0, throttled: 0, timeouts: 0 };

  /** This client's share of its service's request budget (sliding window), for health and the setup page. */
  usage(): ReturnType<Limiter['usage']> {
    return this.options.limiter.usage();
  }
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: HttpClientOptions) {
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  get service(): ServiceName {
    return this.options.service;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'PUT' || req.method === 'DELETE' || (req.method === 'PATCH' && !!req.headers?.['If-Match']));
    let attempt = 0;
    for (;;) {
      attempt += 1;
      let res: HttpResponse;
      try {
        res = await this.options.limiter.run(() => this.once(req));
      } catch (e) {
        const err = e as HttpError;
        if (err instanceof HttpError && isOutcomeUnknown(idempotent, err.status)) err.inDoubt = true;
        if (err instanceof HttpError && err.status === 0 && idempotent && attempt <= this.options.maxInlineRetries) {
          this.options.log.warn('http retry after network error', { service: this.service, method: req.method, url: stripQuery(req.url), attempt, error: err.message });
          await sleep(Math.min(1000 * attempt, this.options.maxInlineWaitMs));
          continue;
        }
        throw e;
      }
      if (res.status < 400) return res;
      if (res.status < 500 && res.status !== 429 && req.passErrors?.(res)) return res;
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
      const throttled = res.status === 429 || res.status === 503;
      if (throttled) {
        this.stats.throttled += 1;
        if (retryAfterMs !== null) this.options.limiter.pauseUntil(Date.now() + retryAfterMs);
      }
      const wait = retryAfterMs ?? 1000 * attempt;
      if (throttled && attempt <= this.options.maxInlineRetries && wait <= this.options.maxInlineWaitMs && (idempotent || res.status === 429)) {
        // 429 means "not executed": repeating even a POST is safe.
        this.options.log.warn('http throttled, waiting', { service: this.service, status: res.status, waitMs: wait, attempt, url: stripQuery(req.url) });
        await sleep(wait);
        continue;
      }
      const error = this.toError(req, res, retryAfterMs);
      error.inDoubt = isOutcomeUnknown(idempotent, res.status);
      throw error;
    }
  }

  private toError(req: HttpRequest, res: HttpResponse, retryAfterMs: number | null): HttpError {
    const body = parseODataError(res.text);
    const message = body?.message || res.text.slice(0, 500) || `HTTP ${res.status}`;
    return new HttpError(this.service, res.status, body?.code ?? '', message, classifyHttpStatus(res.status, this.service), retryAfterMs, req.method, stripQuery(req.url));
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    const token = await this.options.tokens.getToken();
    const controller = new AbortController();
    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    this.stats.requests += 1;
    try {
      const res = await this.fetchImpl(req.url, {
        method: req.method,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(req.headers ?? {}) },
        body: req.body,
        signal: controller.signal,
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text };
    } catch (e) {
      const aborted = controller.signal.aborted;
      if (aborted) this.stats.timeouts += 1;
      const reason = aborted ? `no answer within ${Math.round(timeoutMs / 1000)} s` : (e as Error).message;
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new HttpError(this.service, 0, aborted ? 'Timeout' : cause ?? 'NetworkError', `${serviceLabel(this.service)} did not answer (${req.method} ${stripQuery(req.url)}): ${reason}${cause && !aborted ? ` (${cause})` : ''}`, 'transient', null, req.method, stripQuery(req.url));
    } finally {
      clearTimeout(timer);
    }
  }
}

export const serviceLabel = (s: ServiceName): string => (s === 'bc' ? 'Business Central' : 'Dataverse');

/** URLs in logs and errors without their query (filters can hold customer data). */
export function stripQuery(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}
