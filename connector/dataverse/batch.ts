/**
 * OData `$batch` for the Dataverse Web API (multipart/mixed): reads as top-level parts, writes inside change sets
 * (a change set is one transaction: all of its operations succeed or none does). Dataverse stops at the first
 * failing part unless `Prefer: odata.continue-on-error` is sent, so a failed claim (412) at the head of a batch
 * prevents the reads after it: the connector relies on that.
 */
import { randomUUID } from 'crypto';

export interface BatchOperation {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  /** Relative to the Web API root, e.g. `salesorders(…)?$select=…`. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export type BatchPart = BatchOperation | { changeSet: BatchOperation[] };

export interface BatchResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  /** Raw text when the body is not JSON. */
  text: string;
}

export function buildBatch(parts: readonly BatchPart[], apiRoot: string): { boundary: string; body: string } {
  const boundary = `batch_${randomUUID()}`;
  const lines: string[] = [];
  let contentId = 0;
  const op = (o: BatchOperation, inChangeSet: boolean): string[] => {
    const out = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
    if (inChangeSet) out.push(`Content-ID: ${++contentId}`);
    // The request line cannot hold spaces: $orderby=… asc, $filter=a eq b.
    out.push('', `${o.method} ${apiRoot}${o.url.replace(/ /g, '%20')} HTTP/1.1`);
    const headers: Record<string, string> = { Accept: 'application/json', ...(o.headers ?? {}) };
    if (o.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    for (const [k, v] of Object.entries(headers)) out.push(`${k}: ${v}`);
    out.push('');
    if (o.body !== undefined) out.push(JSON.stringify(o.body));
    return out;
  };
  for (const part of parts) {
    lines.push(`--${boundary}`);
    if ('changeSet' in part) {
      const cs = `changeset_${randomUUID()}`;
      lines.push(`Content-Type: multipart/mixed; boundary=${cs}`, '');
      for (const o of part.changeSet) {
        lines.push(`--${cs}`, ...op(o, true));
      }
      lines.push(`--${cs}--`);
    } else {
      lines.push(...op(part, false));
    }
  }
  lines.push(`--${boundary}--`, '');
  return { boundary, body: lines.join('\r\n') };
}

function boundaryOf(contentType: string): string | null {
  const m = /boundary=("?)([^";,]+)\1/i.exec(contentType);
  return m ? m[2] : null;
}

function splitParts(text: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const pieces = text.split(delimiter);
  const out: string[] = [];
  for (let i = 1; i < pieces.length; i++) {
    const p = pieces[i];
    if (p.startsWith('--')) break;
    out.push(p.replace(/^\r?\n/, ''));
  }
  return out;
}

function splitHead(text: string): { head: string; rest: string } {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text, rest: '' };
  return { head: text.slice(0, m.index), rest: text.slice(m.index + m[0].length) };
}

function parseHeaders(head: string): Record<string, string> {
  const h: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) h[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return h;
}

function parseHttpPart(part: string): BatchResult {
  const { rest } = splitHead(part); // MIME headers of the part (Content-Type: application/http …)
  const { head, rest: body } = splitHead(rest);
  const [statusLine, ...headerLines] = head.split(/\r?\n/);
  const m = /^HTTP\/\d\.\d\s+(\d{3})/.exec(statusLine.trim());
  const status = m ? Number(m[1]) : 0;
  const headers = parseHeaders(headerLines.join('\n'));
  const text = body.replace(/\r?\n$/, '').trim();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  return { status, headers, body: parsed, text };
}

/** The responses in request order; a change set contributes one result per operation (or one error result). */
export function parseBatchResponse(text: string, contentType: string): BatchResult[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new Error(`The $batch response has no multipart boundary (Content-Type: ${contentType}).`);
  const results: BatchResult[] = [];
  for (const part of splitParts(text, boundary)) {
    const { head, rest } = splitHead(part);
    const headers = parseHeaders(head);
    const ct = headers['content-type'] ?? '';
    if (/multipart\/mixed/i.test(ct)) {
      const inner = boundaryOf(ct);
      if (!inner) continue;
      for (const p of splitParts(rest, inner)) results.push(parseHttpPart(p));
    } else {
      results.push(parseHttpPart(part));
    }
  }
  return results;
}
