/**
 * OData $batch as Dataverse implements it: multipart/mixed with requests and change sets; a change set runs in one
 * transaction (any failure rolls back all of it); Content-ID references ($1); processing stops at the first error
 * unless `Prefer: odata.continue-on-error`; at most 1,000 requests; no nested batches; no GET in a change set.
 */
import { randomUUID } from 'crypto';
import { Codes, DataverseError, queryError } from './errors';
import type { ApiRequest, ApiResponse } from './api';
import { errorResponse } from './api';
import type { RequestContext } from './engine';
import type { Store } from './store';

interface Part {
  headers: Record<string, string>;
  body: string;
}

interface BatchRequest {
  contentId?: string;
  request: ApiRequest;
}

type BatchItem = { kind: 'request'; item: BatchRequest } | { kind: 'changeset'; items: BatchRequest[] };

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 409: 'Conflict', 412: 'Precondition Failed', 413: 'Request Entity Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /boundary\s*=\s*"?([^";]+)"?/i.exec(contentType ?? '');
  return m?.[1];
}

function splitMultipart(body: string, boundary: string): Part[] {
  const delimiter = `--${boundary}`;
  const lines = body.split(/\r?\n/);
  const parts: string[][] = [];
  let current: string[] | null = null;
  let closed = false;
  for (const line of lines) {
    if (line.trimEnd() === delimiter) {
      if (current) parts.push(current);
      current = [];
      continue;
    }
    if (line.trimEnd() === `${delimiter}--`) {
      if (current) parts.push(current);
      current = null;
      closed = true;
      break;
    }
    if (current) current.push(line);
  }
  if (!closed) throw queryError(`The batch body is not valid multipart/mixed: the closing delimiter '--${boundary}--' is missing.`);
  return parts.map((p) => {
    const headers: Record<string, string> = {};
    let i = 0;
    for (; i < p.length && p[i].trim() !== ''; i++) {
      const c = p[i].indexOf(':');
      if (c > 0) headers[p[i].slice(0, c).trim().toLowerCase()] = p[i].slice(c + 1).trim();
    }
    return { headers, body: p.slice(i + 1).join('\r\n') };
  });
}

function parseHttp(text: string, apiRoots: string[]): ApiRequest {
  const lines = text.replace(/^(\r?\n)+/, '').split(/\r?\n/);
  // Browser clients send unencoded spaces in the URL ($filter=startswith(name,'A B')); HTTP/1.1 ends the line.
  const m = /^([A-Z]+)\s+(.+?)(\s+HTTP\/\d\.\d)?$/.exec(lines[0]?.trim() ?? '');
  if (!m) throw queryError(`A batch part does not start with a request line such as 'GET /api/data/v9.2/accounts HTTP/1.1' (found '${lines[0] ?? ''}').`);
  const headers: Record<string, string> = {};
  let i = 1;
  for (; i < lines.length && lines[i].trim() !== ''; i++) {
    const c = lines[i].indexOf(':');
    if (c > 0) headers[lines[i].slice(0, c).trim().toLowerCase()] = lines[i].slice(c + 1).trim();
  }
  const body = lines.slice(i + 1).join('\n').trim();
  let url = m[2];
  for (const root of apiRoots) if (url.toLowerCase().startsWith(root.toLowerCase())) url = url.slice(root.length);
  url = url.replace(/^https?:\/\/[^/]+/i, '').replace(/^\/?api\/data\/v\d+(\.\d+)?\//i, '').replace(/^\//, '');
  const q = url.indexOf('?');
  return { method: m[1], path: decodeURIComponent(q >= 0 ? url.slice(0, q) : url), query: q >= 0 ? url.slice(q + 1).replace(/ /g, '%20') : '', headers, body };
}

export function parseBatch(body: string, contentType: string | undefined, apiRoots: string[], maxRequests: number): BatchItem[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new DataverseError(400, Codes.odataQuery, "The batch request must have a 'Content-Type' header of 'multipart/mixed' with a boundary, e.g. multipart/mixed; boundary=batch_123.");
  const items: BatchItem[] = [];
  let count = 0;
  for (const part of splitMultipart(body, boundary)) {
    const ct = part.headers['content-type'] ?? '';
    if (/multipart\/mixed/i.test(ct)) {
      const inner = boundaryOf(ct);
      if (!inner) throw queryError('A change set part has no boundary in its Content-Type.');
      const reqs: BatchRequest[] = splitMultipart(part.body, inner).map((p) => {
        if (/multipart\/mixed/i.test(p.headers['content-type'] ?? '')) throw queryError('Change sets cannot be nested.');
        const request = parseHttp(p.body, apiRoots);
        if (request.method === 'GET') throw queryError('GET requests are not allowed in a change set: a change set only holds requests that change data.');
        return { contentId: p.headers['content-id'], request };
      });
      count += reqs.length;
      items.push({ kind: 'changeset', items: reqs });
    } else {
      const request = parseHttp(part.body, apiRoots);
      if (request.path.replace(/^\//, '') === '$batch') throw queryError('A batch request cannot contain another batch request.');
      count++;
      items.push({ kind: 'request', item: { contentId: part.headers['content-id'], request } });
    }
  }
  if (count > maxRequests) throw new DataverseError(400, Codes.odataQuery, `The number of requests in the batch (${count}) exceeds the maximum of ${maxRequests}.`);
  return items;
}

function httpPart(res: ApiResponse, contentId?: string): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId) lines.push(`Content-ID: ${contentId}`);
  lines.push('', `HTTP/1.1 ${res.status} ${STATUS_TEXT[res.status] ?? ''}`.trimEnd());
  const headers: Record<string, string> = { 'OData-Version': '4.0', ...res.headers };
  if (headers['OData-EntityId']) headers.Location = headers['OData-EntityId'];
  if (res.body !== undefined) headers['Content-Type'] = 'application/json; odata.metadata=minimal; odata.streaming=true';
  else if (res.text !== undefined) headers['Content-Type'] = res.contentType ?? 'text/plain';
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  lines.push('');
  if (res.body !== undefined) lines.push(JSON.stringify(res.body));
  else if (res.text !== undefined) lines.push(res.text);
  else lines.push('');
  return lines.join('\r\n');
}

export type Executor = (req: ApiRequest, ctx: RequestContext) => ApiResponse | Promise<ApiResponse>;

export async function runBatch(
  items: BatchItem[],
  ctx: RequestContext,
  store: Store,
  continueOnError: boolean,
  execute: Executor,
  names: { tableOfSet: (set: string) => string | undefined; setOfTable: (table: string) => string | undefined },
): Promise<{ status: number; body: string; contentType: string; operations: number }> {
  const boundary = `batchresponse_${randomUUID()}`;
  const out: string[] = [];
  let status = 200;
  let operations = 0;
  for (const it of items) {
    if (it.kind === 'request') {
      operations++;
      const res = await execute(it.item.request, { ...ctx, contentIds: undefined });
      out.push(httpPart(res, it.item.contentId));
      if (res.status >= 400 && !continueOnError) {
        status = res.status;
        break;
      }
      continue;
    }
    // A change set: every request in one transaction, Content-IDs visible to later requests of the same set.
    const ids = new Map<string, { table: string; id: string }>();
    const responses: Array<{ res: ApiResponse; contentId?: string }> = [];
    let failure: ApiResponse | undefined;
    let failedId: string | undefined;
    try {
      store.transaction(() => {
        for (const r of it.items) {
          operations++;
          const req = { ...r.request, path: substituteContentIds(r.request.path, ids, names.setOfTable) };
          const res = execute(req, { ...ctx, contentIds: ids });
          if (res instanceof Promise) {
            res.catch(() => undefined);
            failure = errorResponse(new DataverseError(400, Codes.odataQuery, `The request '${req.method} ${req.path}' cannot run inside a change set; send it as a separate batch part.`));
          } else if (res.status >= 400) failure = res;
          if (failure) {
            failedId = r.contentId;
            throw new DataverseError(failure.status, '', 'change set failed');
          }
          const done = res as ApiResponse;
          const entityId = done.headers['OData-EntityId'];
          const m = entityId ? /\/([A-Za-z0-9_]+)\(([0-9a-f-]{36})\)$/.exec(entityId) : null;
          const table = m ? names.tableOfSet(m[1]) : undefined;
          if (r.contentId && m && table) ids.set(r.contentId, { table, id: m[2] });
          responses.push({ res: done, contentId: r.contentId });
        }
      });
    } catch (e) {
      if (!failure) failure = errorResponse(e);
    }
    if (failure) {
      out.push(httpPart(failure, failedId));
      if (!continueOnError) {
        status = failure.status;
        break;
      }
      continue;
    }
    const csBoundary = `changesetresponse_${randomUUID()}`;
    const inner = responses.map((r) => `--${csBoundary}\r\n${httpPart(r.res, r.contentId)}`).join('\r\n');
    out.push(`Content-Type: multipart/mixed; boundary=${csBoundary}\r\n\r\n${inner}\r\n--${csBoundary}--`);
  }
  const body = `${out.map((p) => `--${boundary}\r\n${p}`).join('\r\n')}\r\n--${boundary}--\r\n`;
  return { status, body, contentType: `multipart/mixed; boundary=${boundary}`, operations };
}

function substituteContentIds(path: string, ids: Map<string, { table: string; id: string }>, setOfTable: (table: string) => string | undefined): string {
  const m = /^\$([A-Za-z0-9_-]+)(\/.*)?$/.exec(path);
  if (!m) return path;
  const hit = ids.get(m[1]);
  if (!hit) throw queryError(`Content-ID Reference: '$${m[1]}' does not exist in the batch context.`);
  return `${setOfTable(hit.table) ?? hit.table}(${hit.id})${m[2] ?? ''}`;
}
