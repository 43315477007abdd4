/** Helpers for the Dataverse stand-in tests: one server per test file, a tiny fetch-based client. */
import { startDataverse, type DataverseOptions, type DataverseStandIn } from '../../sandbox/dataverse';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export async function start(options: DataverseOptions = {}): Promise<DataverseStandIn> {
  return startDataverse({ webhooks: { attempts: 1, backoffMs: 10, timeoutMs: 5000 }, ...options });
}

export function client(dv: DataverseStandIn, user = 'admin') {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const res = await fetch(/^https?:/.test(path) ? path : dv.apiUrl + path, {
      method,
      headers: {
        ...(dv.tokens[user] ? { Authorization: `Bearer ${dv.tokens[user]}` } : {}),
        Accept: 'application/json',
        'OData-Version': '4.0',
        'OData-MaxVersion': '4.0',
        ...(body !== undefined && typeof body !== 'string' ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body ?? {}, headers),
    patch: (path: string, body: unknown, headers?: Record<string, string>) => call('PATCH', path, body, headers),
    put: (path: string, body: unknown, headers?: Record<string, string>) => call('PUT', path, body, headers),
    del: (path: string, headers?: Record<string, string>) => call('DELETE', path, undefined, headers),
    call,
  };
}

/** The id in an OData-EntityId header. */
export function idOf(r: Reply): string {
  const h = r.headers.get('odata-entityid') ?? '';
  const m = /\(([0-9a-f-]{36})\)$/.exec(h);
  if (!m) throw new Error(`No OData-EntityId in the response (status ${r.status}): ${r.text}`);
  return m[1];
}
