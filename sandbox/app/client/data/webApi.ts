/**
 * The page's one Dataverse client: relative `/api/data/v9.2/` calls (the page server adds the signed-in demo user's
 * token; the browser never sees one). The PCF context's webAPI and Xrm.WebApi are both thin layers over it, so
 * controls, commands and the page shell all see the same data, errors and security as on a real org.
 */

export const API_ROOT = '/api/data/v9.2/';

/** What Xrm.WebApi / context.webAPI reject with on a real org: { errorCode, message } (+ HTTP status here). */
export class WebApiError extends Error {
  readonly errorCode: number;
  readonly code: string;
  readonly status: number;
  readonly raw: string;
  constructor(status: number, code: string, message: string, raw: string) {
    super(message);
    this.name = 'WebApiError';
    this.status = status;
    this.code = code;
    const parsed = /^0x[0-9a-f]+$/i.test(code) ? parseInt(code, 16) : 0;
    this.errorCode = parsed;
    this.raw = raw;
  }
}

export type EntityRecord = Record<string, unknown>;

export interface EntitySetResolver {
  entitySetName(logicalName: string): string;
}

const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
export const formattedName = (attribute: string): string => `${attribute}@${FORMATTED}`;

async function failure(response: Response): Promise<WebApiError> {
  const raw = await response.text();
  let code = '';
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = JSON.parse(raw) as { error?: { code?: string; message?: string } };
    if (body.error) {
      code = body.error.code ?? '';
      message = body.error.message ?? message;
    }
  } catch {
    if (raw.trim()) message = raw.trim().slice(0, 300);
  }
  return new WebApiError(response.status, code, message, raw);
}

const trimBraces = (id: string): string => id.replace(/[{}]/g, '').toLowerCase();

/** "?$select=a,b" or "$select=a,b" → "?$select=a,b" ("" when empty). */
export function normaliseQuery(options?: string): string {
  if (!options) return '';
  const q = options.trim();
  if (!q) return '';
  return q.startsWith('?') ? q : `?${q}`;
}

export class DataverseClient {
  constructor(private readonly resolver: EntitySetResolver, private readonly root = API_ROOT) {}

  private url(path: string): string {
    return path.startsWith('http') || path.startsWith('/') ? path : this.root + path;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(this.url(path), {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'OData-MaxVersion': '4.0',
        'OData-Version': '4.0',
        ...(body !== undefined ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw await failure(response);
    return response;
  }

  async retrieve(logicalName: string, id: string, options?: string): Promise<EntityRecord> {
    const set = this.resolver.entitySetName(logicalName);
    const r = await this.request('GET', `${set}(${trimBraces(id)})${normaliseQuery(options)}`, undefined, { Prefer: 'odata.include-annotations="*"' });
    return (await r.json()) as EntityRecord;
  }

  /** One page (maxPageSize) or, with a nextLink, the page after. */
  async retrieveMultiple(logicalName: string, options?: string, maxPageSize?: number): Promise<{ entities: EntityRecord[]; nextLink?: string; count?: number }> {
    const path = options && /^https?:|^\//.test(options) ? options : `${this.resolver.entitySetName(logicalName)}${normaliseQuery(options)}`;
    const prefer = ['odata.include-annotations="*"'];
    if (maxPageSize) prefer.push(`odata.maxpagesize=${maxPageSize}`);
    const r = await this.request('GET', path, undefined, { Prefer: prefer.join(',') });
    const body = (await r.json()) as { value: EntityRecord[]; '@odata.nextLink'?: string; '@odata.count'?: number };
    return { entities: body.value ?? [], nextLink: body['@odata.nextLink'], count: body['@odata.count'] };
  }

  async create(logicalName: string, data: EntityRecord): Promise<string> {
    const r = await this.request('POST', this.resolver.entitySetName(logicalName), data);
    const location = r.headers.get('OData-EntityId') ?? r.headers.get('Location') ?? '';
    const id = /\(([0-9a-fA-F-]{36})\)\s*$/.exec(location)?.[1];
    if (id) return id.toLowerCase();
    // return=representation or a stand-in that answers with the body
    try {
      const body = (await r.json()) as EntityRecord;
      const any = Object.entries(body).find(([k, v]) => k.endsWith('id') && typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v as string));
      if (any) return String(any[1]).toLowerCase();
    } catch {
      /* no body */
    }
    throw new WebApiError(500, '', `The server created a ${logicalName} but did not say its id (no OData-EntityId header).`, location);
  }

  async update(logicalName: string, id: string, data: EntityRecord, ifMatch?: string): Promise<void> {
    const headers: Record<string, string> = { 'If-Match': ifMatch ?? '*' };
    await this.request('PATCH', `${this.resolver.entitySetName(logicalName)}(${trimBraces(id)})`, data, headers);
  }

  async remove(logicalName: string, id: string): Promise<void> {
    await this.request('DELETE', `${this.resolver.entitySetName(logicalName)}(${trimBraces(id)})`);
  }

  /** Unbound action or function (POST with a body, GET without). */
  async execute(operation: string, body?: EntityRecord, method: 'POST' | 'GET' = body ? 'POST' : 'GET'): Promise<EntityRecord | null> {
    const r = await this.request(method, operation, body);
    if (r.status === 204) return null;
    const text = await r.text();
    return text ? (JSON.parse(text) as EntityRecord) : null;
  }
}

export { trimBraces };
