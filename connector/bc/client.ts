/**
 * Business Central API v2.0 client for one company, over HttpClient (5 concurrent per user, Retry-After, timeouts).
 * `batch` uses OData JSON batching (`POST …/api/v2.0/$batch`, ≤ 100 operations): several reads cost one request
 * against the 5-concurrent limit. Other API routes (analytics, the ERP Link extension) share the same client.
 */
import { HttpClient, HttpError } from '../http/httpClient';
import { classifyHttpStatus } from '../../domain/retryPolicy';
import { odataString } from '../../domain/idempotency';

export type BcRow = Record<string, unknown> & { '@odata.etag'?: string; id?: string };

export interface BcBatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the company: `salesOrders?$filter=…`. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BcBatchResponse {
  id: string;
  status: number;
  body: unknown;
}

export interface BcApi {
  readonly companyPath: string;
  get<T = BcRow>(path: string): Promise<T>;
  getOrNull<T = BcRow>(path: string): Promise<T | null>;
  list<T = BcRow>(path: string, maxPages?: number): Promise<T[]>;
  post<T = BcRow>(path: string, body: unknown): Promise<T>;
  patch<T = BcRow>(path: string, body: unknown, etag?: string): Promise<T>;
  delete(path: string, etag?: string): Promise<void>;
  /** Bound action, e.g. action('salesQuotes', id, 'makeOrder'). */
  action<T = BcRow>(entitySet: string, id: string, name: string): Promise<T | null>;
  batch(requests: readonly BcBatchRequest[]): Promise<BcBatchResponse[]>;
  /** GET on another API route (analytics, custom): `url` is absolute. */
  getAbsolute<T = unknown>(url: string): Promise<T>;
  listAbsolute<T = BcRow>(url: string, maxPages?: number): Promise<T[]>;
  readonly http: HttpClient;
}

export class BcClient implements BcApi {
  readonly companyPath: string;
  private readonly root: string;

  constructor(
    apiUrl: string,
    companyId: string,
    readonly http: HttpClient,
  ) {
    this.root = apiUrl.replace(/\/+$/, '');
    this.companyPath = `companies(${companyId})/`;
  }

  private url(path: string): string {
    return `${this.root}/${this.companyPath}${path.replace(/^\//, '')}`;
  }

  async get<T = BcRow>(path: string): Promise<T> {
    return this.getAbsolute<T>(this.url(path));
  }

  async getOrNull<T = BcRow>(path: string): Promise<T | null> {
    try {
      return await this.get<T>(path);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return null;
      throw e;
    }
  }

  async getAbsolute<T = unknown>(url: string): Promise<T> {
    const res = await this.http.request({ method: 'GET', url });
    return JSON.parse(res.text) as T;
  }

  async list<T = BcRow>(path: string, maxPages = 100): Promise<T[]> {
    return this.listAbsolute<T>(this.url(path), maxPages);
  }

  async listAbsolute<T = BcRow>(url: string, maxPages = 100): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = url;
    for (let page = 0; next && page < maxPages; page++) {
      const body: { value: T[]; '@odata.nextLink'?: string } = await this.getAbsolute(next);
      out.push(...body.value);
      next = body['@odata.nextLink'];
    }
    return out;
  }

  async post<T = BcRow>(path: string, body: unknown): Promise<T> {
    const res = await this.http.request({ method: 'POST', url: this.url(path), headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return (res.text ? JSON.parse(res.text) : null) as T;
  }

  async patch<T = BcRow>(path: string, body: unknown, etag = '*'): Promise<T> {
    const res = await this.http.request({ method: 'PATCH', url: this.url(path), headers: { 'Content-Type': 'application/json', 'If-Match': etag }, body: JSON.stringify(body) });
    return (res.text ? JSON.parse(res.text) : null) as T;
  }

  async delete(path: string, etag = '*'): Promise<void> {
    try {
      await this.http.request({ method: 'DELETE', url: this.url(path), headers: { 'If-Match': etag } });
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return;
      throw e;
    }
  }

  async action<T = BcRow>(entitySet: string, id: string, name: string): Promise<T | null> {
    const res = await this.http.request({ method: 'POST', url: this.url(`${entitySet}(${id})/Microsoft.NAV.${name}`), headers: { 'Content-Type': 'application/json' } });
    return res.text ? (JSON.parse(res.text) as T) : null;
  }

  async batch(requests: readonly BcBatchRequest[]): Promise<BcBatchResponse[]> {
    const out: BcBatchResponse[] = [];
    for (let i = 0; i < requests.length; i += 100) {
      const chunk = requests.slice(i, i + 100);
      const body = {
        requests: chunk.map((r) => ({
          id: r.id,
          method: r.method,
          url: `${this.companyPath}${r.url}`,
          headers: { 'Content-Type': 'application/json', ...(r.method === 'PATCH' || r.method === 'DELETE' ? { 'If-Match': '*' } : {}), ...(r.headers ?? {}) },
          ...(r.body !== undefined ? { body: r.body } : {}),
        })),
      };
      const writes = chunk.some((r) => r.method !== 'GET');
      const res = await this.http.request({ method: 'POST', url: `${this.root}/$batch`, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), idempotent: !writes });
      const parsed = JSON.parse(res.text) as { responses: Array<{ id: string; status: number; body?: unknown }> };
      for (const r of parsed.responses) out.push({ id: String(r.id), status: r.status, body: r.body ?? null });
    }
    return out;
  }
}

/** OData string literal for BC filters. */
/** OData string literal (one rule for both services: domain/idempotency.ts). */
export const bcLit = odataString;

/** An error for a failed batch response, shaped like HttpError so the queue classifies it the same way. */
export function bcBatchError(r: BcBatchResponse, what: string): HttpError {
  const body = r.body as { error?: { code?: string; message?: string } } | null;
  const status = r.status;
  return new HttpError('bc', status, body?.error?.code ?? '', `${what}: ${body?.error?.message ?? `HTTP ${status}`}`, classifyHttpStatus(status, 'bc'));
}
