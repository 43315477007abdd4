/**
 * Xrm.WebApi.online.executeMultiple as the platform runs it (Microsoft Learn, "Xrm.WebApi.online.executeMultiple"):
 * requests one after the other, and each nested array is a CHANGE SET sent as one OData $batch change set to the
 * Web API, executed in one transaction by Dataverse: all of it lands or none of it does. Read operations are not
 * allowed in a change set ("You can't include read operations (retrieve, retrieve multiple, and Web API functions)
 * as part of a change set"). A refused change set rejects with { errorCode, message } of the part that failed.
 * Requests are the CRUD request objects of Learn's "Xrm.WebApi.online.execute" (operationType 2: Create with etn +
 * payload, Update with etn + id + payload, Delete with entityReference) and actions (operationType 0).
 */
import { API_ROOT } from '../data/webApi';

export interface ExecuteRequest {
  getMetadata(): { boundParameter?: string | null; operationType?: number; operationName: string; parameterTypes?: Record<string, unknown> };
  [key: string]: unknown;
}

interface Deps {
  execute(request: ExecuteRequest): Promise<Response>;
  entitySet(logicalName: string): string;
}

const trim = (id: unknown): string => String(id ?? '').replace(/[{}]/g, '').toLowerCase();

/** The HTTP request a change-set member stands for. */
export function httpOf(r: ExecuteRequest, entitySet: (n: string) => string): { method: string; path: string; body?: unknown; headers: Record<string, string> } {
  const md = r.getMetadata();
  if (md.operationType === 2) {
    if (md.operationName === 'Create') return { method: 'POST', path: entitySet(String(r.etn)), body: r.payload ?? {}, headers: {} };
    // Update never creates a row (updateRecord semantics): If-Match: * makes a missing row a 404, not an upsert.
    if (md.operationName === 'Update') return { method: 'PATCH', path: `${entitySet(String(r.etn))}(${trim(r.id)})`, body: r.payload ?? {}, headers: { 'If-Match': '*' } };
    if (md.operationName === 'Delete') {
      const ref = r.entityReference as { entityType: string; id: string };
      return { method: 'DELETE', path: `${entitySet(ref.entityType)}(${trim(ref.id)})`, headers: {} };
    }
    throw { errorCode: 0x80040203, message: `Retrieve operations cannot be part of a change set (${md.operationName}).` };
  }
  if (md.operationType === 1) throw { errorCode: 0x80040203, message: `Functions cannot be part of a change set (${md.operationName}).` };
  const params: Record<string, unknown> = {};
  for (const key of Object.keys(md.parameterTypes ?? {})) if (key !== 'entity' && r[key] !== undefined) params[key] = r[key];
  const bound = md.boundParameter === 'entity' ? (r.entity as { entityType: string; id: string } | undefined) : undefined;
  const prefix = bound ? `${entitySet(bound.entityType)}(${trim(bound.id)})/Microsoft.Dynamics.CRM.` : '';
  return { method: 'POST', path: `${prefix}${md.operationName}`, body: params, headers: {} };
}

function changeSetBody(requests: ExecuteRequest[], entitySet: (n: string) => string, batch: string, changeSet: string): string {
  const parts = requests.map((r, i) => {
    const h = httpOf(r, entitySet);
    return [
      `--${changeSet}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      `Content-ID: ${i + 1}`,
      '',
      `${h.method} ${API_ROOT}${h.path} HTTP/1.1`,
      'Content-Type: application/json; charset=utf-8',
      ...Object.entries(h.headers).map(([k, v]) => `${k}: ${v}`),
      '',
      h.body === undefined ? '' : JSON.stringify(h.body),
    ].join('\r\n');
  });
  return [`--${batch}`, `Content-Type: multipart/mixed; boundary=${changeSet}`, '', ...parts, `--${changeSet}--`, `--${batch}--`, ''].join('\r\n');
}

interface PartAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** The answered parts of a $batch response, in order. */
export function answeredParts(text: string): PartAnswer[] {
  const out: PartAnswer[] = [];
  const re = /HTTP\/1\.1 (\d{3})[^\r\n]*\r?\n([\s\S]*?)(?=\r?\n--|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [head, ...rest] = m[2].split(/\r?\n\r?\n/);
    const headers = new Headers();
    for (const line of head.split(/\r?\n/)) {
      const c = line.indexOf(':');
      if (c > 0) headers.set(line.slice(0, c).trim(), line.slice(c + 1).trim());
    }
    out.push({ status: Number(m[1]), headers, body: rest.join('\n\n').trim() });
  }
  return out;
}

function responseOf(p: PartAnswer): Response {
  return {
    ok: p.status < 400,
    status: p.status,
    statusText: '',
    headers: p.headers,
    json: async () => (p.body ? JSON.parse(p.body) : null),
    text: async () => p.body,
  } as unknown as Response;
}

async function runChangeSet(requests: ExecuteRequest[], deps: Deps): Promise<Response[]> {
  const stamp = Math.random().toString(36).slice(2, 10);
  const batch = `batch_${stamp}`;
  const changeSet = `changeset_${stamp}`;
  const res = await fetch(`${API_ROOT}$batch`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0', 'Content-Type': `multipart/mixed; boundary=${batch}` },
    body: changeSetBody(requests, deps.entitySet, batch, changeSet),
  });
  const parts = answeredParts(await res.text());
  const failed = parts.find((p) => p.status >= 400);
  if (failed || res.status >= 400 || parts.length === 0) {
    let error: { code?: string; message?: string } = {};
    try {
      error = (JSON.parse(failed?.body ?? '') as { error?: typeof error }).error ?? {};
    } catch {
      error = { message: failed?.body || `HTTP ${res.status}` };
    }
    const code = error.code && /^0x[0-9a-f]+$/i.test(error.code) ? parseInt(error.code, 16) : 0;
    throw { errorCode: code, message: error.message ?? `HTTP ${failed?.status ?? res.status}`, status: failed?.status ?? res.status };
  }
  return parts.map(responseOf);
}

export async function executeMultiple(requests: (ExecuteRequest | ExecuteRequest[])[], deps: Deps): Promise<Response[]> {
  const out: Response[] = [];
  for (const r of requests) {
    if (Array.isArray(r)) out.push(...(await runChangeSet(r, deps)));
    else out.push(await deps.execute(r));
  }
  return out;
}
