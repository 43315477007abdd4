/**
 * The record API the shared helpers (requests, dataverse) call: Xrm.WebApi on forms and grids. An HTML web
 * resource has no Xrm of its own (Microsoft: "The Xrm object isn't available in HTML web resources"), so a page
 * installs `fetchWebApi` over its organisation's Web API instead, and the same queue/wait code serves both.
 */
import { Tables } from '../../domain/schema';
import { knownEntitySets } from './couplingTargets';

/** The part of Xrm.WebApi the helpers use; results and rejections are shaped as Xrm.WebApi's. */
export interface RecordApi {
  createRecord(entityLogicalName: string, data: Record<string, unknown>): PromiseLike<{ entityType?: string; id: string }>;
  retrieveRecord(entityLogicalName: string, id: string, options?: string): PromiseLike<Record<string, unknown>>;
  retrieveMultipleRecords(entityLogicalName: string, options?: string, maxPageSize?: number): PromiseLike<{ entities: Record<string, unknown>[]; nextLink?: string }>;
  updateRecord(entityLogicalName: string, id: string, data: Record<string, unknown>): PromiseLike<{ entityType?: string; id: string }>;
}

let replacement: RecordApi | null = null;

/** Xrm.WebApi, read at each call (forms and tests replace the global), unless a page installed its own. */
export function webApi(): RecordApi {
  return replacement ?? (Xrm.WebApi as unknown as RecordApi);
}

export function setWebApi(api: RecordApi | null): void {
  replacement = api;
}

/** The Web API's error body turned into what Xrm.WebApi rejects with ({ errorCode, message }). */
export interface WebApiError {
  errorCode?: number;
  message: string;
  status: number;
}

// Built when first asked (a form script that only uses webApi() does not carry it), naming each table's members so
// the minifier keeps only these two strings per table, not the whole Tables object (webresources/build/bundle.ts).
// tests/webresources/webApiEntitySets.test.ts checks every table of Tables is here.
let entitySets: Record<string, string> | null = null;
const ENTITY_SETS = (): Record<string, string> => (entitySets ??= {
  [Tables.accountStatistics.logicalName]: Tables.accountStatistics.entitySet,
  [Tables.itemAvailability.logicalName]: Tables.itemAvailability.entitySet,
  [Tables.integrationRequest.logicalName]: Tables.integrationRequest.entitySet,
  [Tables.coupling.logicalName]: Tables.coupling.entitySet,
  [Tables.syncJob.logicalName]: Tables.syncJob.entitySet,
  [Tables.connection.logicalName]: Tables.connection.entitySet,
  ...knownEntitySets,
  environmentvariabledefinition: 'environmentvariabledefinitions',
  salesorder: 'salesorders',
  quote: 'quotes',
});

export function entitySetOf(logicalName: string): string {
  const set = ENTITY_SETS()[logicalName];
  if (!set) throw new Error(`The page does not know the entity set of table "${logicalName}". Add it to webresources/lib/webApi.ts.`);
  return set;
}

const GUID_IN_ENTITY_ID = /\(([0-9a-f-]{36})\)\s*$/i;

/**
 * Xrm.WebApi semantics over fetch for a page of the organisation at `apiRoot` (…/api/data/v9.2/): same origin, the
 * signed-in user's session cookie, no token in the page. Options are the `?$select=…` strings Xrm.WebApi takes.
 */
export function fetchWebApi(apiRoot: string, fetchImpl: typeof fetch = (input, init) => fetch(input, init), headers: Record<string, string> = {}): RecordApi {
  const root = apiRoot.endsWith('/') ? apiRoot : `${apiRoot}/`;
  const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<{ json: Record<string, unknown> | null; entityId: string | null }> => {
    const res = await fetchImpl(`${root}${path}`, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0', 'Content-Type': 'application/json; charset=utf-8', ...headers, ...extra },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      json = null;
    }
    if (res.status >= 400) {
      const error = (json?.error ?? {}) as { code?: string; message?: string };
      const code = typeof error.code === 'string' && /^0x[0-9a-f]+$/i.test(error.code) ? parseInt(error.code, 16) : undefined;
      const rejection: WebApiError = { errorCode: code, message: error.message ?? `HTTP ${res.status} ${res.statusText ?? ''}`.trim(), status: res.status };
      throw rejection;
    }
    const match = GUID_IN_ENTITY_ID.exec(res.headers.get('OData-EntityId') ?? '');
    return { json, entityId: match ? match[1].toLowerCase() : null };
  };
  const query = (options: string | undefined): string => (options ? (options.startsWith('?') ? options : `?${options}`) : '');
  return {
    async createRecord(entity, data) {
      const r = await call('POST', entitySetOf(entity), data);
      return { entityType: entity, id: r.entityId ?? '' };
    },
    async retrieveRecord(entity, id, options) {
      return (await call('GET', `${entitySetOf(entity)}(${id.replace(/[{}]/g, '')})${query(options)}`)).json ?? {};
    },
    async retrieveMultipleRecords(entity, options, maxPageSize) {
      const r = await call('GET', `${entitySetOf(entity)}${query(options)}`, undefined, maxPageSize ? { Prefer: `odata.maxpagesize=${maxPageSize}` } : {});
      const entities = ((r.json?.value as Record<string, unknown>[] | undefined) ?? []);
      const next = r.json?.['@odata.nextLink'];
      return typeof next === 'string' ? { entities, nextLink: next } : { entities };
    },
    async updateRecord(entity, id, data) {
      await call('PATCH', `${entitySetOf(entity)}(${id.replace(/[{}]/g, '')})`, data, { 'If-Match': '*' });
      return { entityType: entity, id };
    },
  };
}
