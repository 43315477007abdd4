/**
 * Dataverse Web API v9.2 client: the handful of operations the connector needs, over HttpClient (limits, timeouts,
 * Retry-After). Errors keep Dataverse's code and message; 412 means "the row changed" (If-Match) or "exists"
 * (If-None-Match / duplicate key), which callers treat as "someone else got there first".
 */
import { HttpClient, HttpError } from '../http/httpClient';
import { buildBatch, parseBatchResponse, type BatchPart, type BatchResult } from './batch';
import { classifyHttpStatus } from '../../domain/retryPolicy';
import { odataString } from '../../domain/idempotency';

export type Row = Record<string, unknown> & { '@odata.etag'?: string };

export interface DataverseApi {
  readonly apiRoot: string;
  get<T = Row>(path: string): Promise<T>;
  getOrNull<T = Row>(path: string): Promise<T | null>;
  list<T = Row>(path: string, maxPages?: number): Promise<T[]>;
  create(entitySet: string, body: Record<string, unknown>, options?: { returnRepresentation?: boolean }): Promise<{ id: string; row: Row | null }>;
  update(entitySet: string, id: string, body: Record<string, unknown>, options?: { ifMatch?: string; returnRepresentation?: boolean }): Promise<Row | null>;
  /** Upsert by key (`erp_couplings(erp_crmtable='x',erp_crmid='y')` or an id). */
  upsert(path: string, body: Record<string, unknown>, options?: { ifNoneMatch?: boolean }): Promise<void>;
  delete(entitySet: string, id: string): Promise<void>;
  batch(parts: readonly BatchPart[], options?: { continueOnError?: boolean }): Promise<BatchResult[]>;
  readonly http: HttpClient;
}

/** Thrown by `batch` callers when a part failed: keeps the part's status and Dataverse error. */
export function batchPartError(result: BatchResult, what: string): HttpError {
  const body = result.body as { error?: { code?: string; message?: string } } | null;
  const message = body?.error?.message ?? (result.text || `HTTP ${result.status}`);
  const status = result.status || 500;
  return new HttpError('dataverse', status, body?.error?.code ?? '', `${what}: ${message}`, classifyHttpStatus(status, 'dataverse'));
}

/** Asks for choice labels (and lookup names) beside the values, in the calling user's language. */
export const PREFER_FORMATTED_VALUES = { Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"' } as const;

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' };

export class DataverseClient implements DataverseApi {
  readonly apiRoot: string;

  constructor(
    baseUrl: string,
    readonly http: HttpClient,
  ) {
    this.apiRoot = `${baseUrl.replace(/\/+$/, '')}/api/data/v9.2/`;
  }

  private url(path: string): string {
    return /^https?:/.test(path) ? path : this.apiRoot + path.replace(/^\//, '');
  }

  async get<T = Row>(path: string): Promise<T> {
    const res = await this.http.request({ method: 'GET', url: this.url(path), headers: { ...JSON_HEADERS, ...PREFER_FORMATTED_VALUES } });
    return JSON.parse(res.text) as T;
  }

  async getOrNull<T = Row>(path: string): Promise<T | null> {
    try {
      return await this.get<T>(path);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return null;
      throw e;
    }
  }

  async list<T = Row>(path: string, maxPages = 100): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = this.url(path);
    for (let page = 0; next && page < maxPages; page++) {
      const res = await this.http.request({ method: 'GET', url: next, headers: { ...JSON_HEADERS, Prefer: 'odata.maxpagesize=5000' } });
      const body = JSON.parse(res.text) as { value: T[]; '@odata.nextLink'?: string };
      out.push(...body.value);
      next = body['@odata.nextLink'];
    }
    return out;
  }

  async create(entitySet: string, body: Record<string, unknown>, options: { returnRepresentation?: boolean } = {}): Promise<{ id: string; row: Row | null }> {
    const res = await this.http.request({
      method: 'POST',
      url: this.url(entitySet),
      headers: { ...JSON_HEADERS, ...(options.returnRepresentation ? { Prefer: 'return=representation' } : {}) },
      body: JSON.stringify(body),
    });
    const entityId = res.headers.get('odata-entityid') ?? '';
    const m = /\(([0-9a-f-]{36})\)\s*$/i.exec(entityId);
    const row = res.text ? (JSON.parse(res.text) as Row) : null;
    return { id: m ? m[1] : String((row ?? {})[Object.keys(row ?? {}).find((k) => k.endsWith('id') && !k.startsWith('_')) ?? ''] ?? ''), row };
  }

  async update(entitySet: string, id: string, body: Record<string, unknown>, options: { ifMatch?: string; returnRepresentation?: boolean } = {}): Promise<Row | null> {
    const headers: Record<string, string> = { ...JSON_HEADERS, 'If-Match': options.ifMatch ?? '*' };
    if (options.returnRepresentation) headers.Prefer = 'return=representation';
    const res = await this.http.request({ method: 'PATCH', url: this.url(`${entitySet}(${id})`), headers, body: JSON.stringify(body) });
    return res.text ? (JSON.parse(res.text) as Row) : null;
  }

  async upsert(path: string, body: Record<string, unknown>, options: { ifNoneMatch?: boolean } = {}): Promise<void> {
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (options.ifNoneMatch) headers['If-None-Match'] = '*';
    await this.http.request({ method: 'PATCH', url: this.url(path), headers, body: JSON.stringify(body), idempotent: true });
  }

  async delete(entitySet: string, id: string): Promise<void> {
    try {
      await this.http.request({ method: 'DELETE', url: this.url(`${entitySet}(${id})`), headers: JSON_HEADERS });
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return;
      throw e;
    }
  }

  async batch(parts: readonly BatchPart[], options: { continueOnError?: boolean } = {}): Promise<BatchResult[]> {
    const { boundary, body } = buildBatch(parts, this.apiRoot);
    const headers: Record<string, string> = { 'Content-Type': `multipart/mixed; boundary=${boundary}`, 'OData-MaxVersion': '4.0', 'OData-Version': '4.0' };
    if (options.continueOnError) headers.Prefer = 'odata.continue-on-error';
    // A batch holding writes is retried in place only after a 429 (not executed), never after a timeout.
    const writes = parts.some((p) => 'changeSet' in p || p.method !== 'GET');
    const res = await this.http.request({
      method: 'POST',
      url: this.url('$batch'),
      headers,
      body,
      idempotent: !writes,
      // Without continue-on-error Dataverse stops at the first failing part and answers 4xx with the parts so far.
      passErrors: (r) => /multipart\/mixed/i.test(r.headers.get('content-type') ?? ''),
    });
    return parseBatchResponse(res.text, res.headers.get('content-type') ?? '');
  }
}

/** OData string literal. */
/** OData string literal (one rule for both services: domain/idempotency.ts). */
export const lit = odataString;
