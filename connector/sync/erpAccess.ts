/**
 * Reading and writing ERP records of a mapping through the connector's Business Central client: streamed pages
 * (`Prefer: odata.maxpagesize` + `@odata.nextLink`, keyset filters for resuming), several filtered reads in one
 * `$batch`, writes in `$batch` (≤ 100 each). API v2.0 entities go to the company's API v2.0 route; the entities it
 * lacks are read from standard sources (analytics API queries, published standard pages: standardSyncSources.ts),
 * with their field names translated both ways. Virtual fields (a person contact's customer) are read from
 * where the API keeps them and turned back into what the entity takes when writing.
 */
import { erpCatalog, type IntegrationMapping } from '../../domain/mappings';
import type { BcRow } from '../bc/client';
import { bcLit } from '../bc/client';
import { HttpError } from '../http/httpClient';
import type { SyncContext } from './context';
import { fromSource, sourceName, sourceOrderby, sourceSelect, sourceUrl, splitIdFilter, syncSource, toSourceExpression, type SyncSource } from './standardSyncSources';
import { classifyHttpStatus } from '../../domain/retryPolicy';
import { addCustomerLocations } from './customerLocations';

export type ErpRow = BcRow & Record<string, unknown>;

/** The ERP does not offer an entity (analytics app not installed, page not published, or not configured). */
export class ErpRouteMissing extends Error {
  constructor(
    readonly mapping: string,
    readonly entity: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'ErpRouteMissing';
  }
}

const QUERY_CHUNK = 40;

const erpLiteral = (v: unknown, type?: string): string => (typeof v !== 'string' ? String(v) : type === 'guid' ? v : bcLit(v));

/** The standard source of a mapping whose entity API v2.0 lacks; null for API v2.0 entities. */
function standardSource(mapping: IntegrationMapping): SyncSource | null {
  if (mapping.erp.api !== 'extension') return null;
  const src = syncSource(mapping.erp.entity);
  if (!src) throw new ErpRouteMissing(mapping.name, mapping.erp.entity, `no standard Business Central source offers ${mapping.erp.entity}`);
  return src;
}

export async function erpCollectionUrl(ctx: SyncContext, mapping: IntegrationMapping): Promise<string> {
  const { config } = ctx.s;
  const src = standardSource(mapping);
  if (src) {
    let url: string | null;
    try {
      url = await sourceUrl(ctx, src);
    } catch (e) {
      routeMissing(mapping, e);
    }
    if (!url) throw new ErpRouteMissing(mapping.name, mapping.erp.entity, `${sourceName(src)}: BC_ANALYTICS_URL is not set`);
    return url;
  }
  return `${config.bc.apiUrl.replace(/\/+$/, '')}/${ctx.s.bc.companyPath}${mapping.erp.entity}`;
}

/** A read of a mapping's entity: the URL with $select/$filter/$orderby, in the source's names when it is not API v2.0. */
async function readUrl(ctx: SyncContext, mapping: IntegrationMapping, q: { filter?: string; orderby?: string; extra?: string }): Promise<{ url: string; ids: Set<string> | null; src: SyncSource | null }> {
  const base = await erpCollectionUrl(ctx, mapping);
  const src = standardSource(mapping);
  const params: string[] = [];
  let filter = q.filter;
  let ids: Set<string> | null = null;
  if (src) {
    ({ filter, ids } = splitIdFilter(filter));
    params.push(`$select=${sourceSelect(src, erpSelectList(mapping).split(','))}`);
    if (q.orderby) params.push(`$orderby=${encodeURIComponent(sourceOrderby(src, q.orderby))}`);
    if (filter) params.push(`$filter=${encodeURIComponent(toSourceExpression(src, filter))}`);
  } else {
    params.push(`$select=${erpSelectList(mapping)}`);
    if (q.orderby) params.push(`$orderby=${encodeURIComponent(q.orderby)}`);
    if (filter) params.push(`$filter=${encodeURIComponent(filter)}`);
  }
  if (q.extra) params.push(q.extra);
  return { url: `${base}?${params.join('&')}`, ids, src };
}

/** Rows as the mapping knows them (logical names, id), keeping only the ids asked for. */
function asMappingRows(mapping: IntegrationMapping, read: { ids: Set<string> | null; src: SyncSource | null }, rows: ErpRow[]): ErpRow[] {
  if (!read.src) return rows;
  const out = fromSource(mapping.erp.entity, read.src, rows);
  return read.ids ? out.filter((r) => read.ids!.has(String(r.id).toLowerCase())) : out;
}

export function erpSelectList(mapping: IntegrationMapping): string {
  const entity = erpCatalog[mapping.erp.entity];
  const names = new Set<string>(['id', mapping.erp.key, mapping.erp.nameField]);
  if (entity?.modifiedField) names.add(entity.modifiedField);
  if (mapping.erp.blocked) names.add(mapping.erp.blocked.field);
  for (const f of mapping.fields) {
    names.add(f.erp);
    if (f.transform?.kind === 'coupled' && typeof f.transform.mapping !== 'string') names.add(f.transform.mapping.field);
  }
  return [...names].filter((n) => entity?.fields[n] && !entity.fields[n].virtual).join(',');
}

export const and = (...parts: Array<string | undefined | null>): string | undefined => {
  const p = parts.filter((x): x is string => !!x && x.trim() !== '');
  if (!p.length) return undefined;
  return p.length === 1 ? p[0] : p.map((x) => `(${x})`).join(' and ');
};

/** `field eq 'a' or field eq 'b'` for a list of values (strings quoted; GUIDs, numbers and booleans bare). */
export function anyOf(field: string, values: readonly unknown[], type?: string): string {
  return values.map((v) => `${field} eq ${erpLiteral(v, type)}`).join(' or ');
}

function routeMissing(mapping: IntegrationMapping, e: unknown): never {
  if (e instanceof HttpError && (e.status === 404 || (e.status === 400 && /not found|does not exist|Resource not found|segment/i.test(e.message)))) {
    const src = mapping.erp.api === 'extension' ? syncSource(mapping.erp.entity) : undefined;
    throw new ErpRouteMissing(mapping.name, mapping.erp.entity, `${src ? `${sourceName(src)}: ` : ''}${e.status}: ${e.message}`);
  }
  throw e;
}

async function getPage(ctx: SyncContext, url: string, pageSize: number): Promise<{ value: ErpRow[]; next?: string }> {
  const res = await ctx.s.bc.http.request({ method: 'GET', url, headers: { Prefer: `odata.maxpagesize=${pageSize}` } });
  const body = JSON.parse(res.text) as { value: ErpRow[]; '@odata.nextLink'?: string };
  return { value: body.value, next: body['@odata.nextLink'] };
}

/** Pages of a mapping's ERP records, in `orderby` order; `filter` is added to the mapping's own filter. */
export async function* erpPages(ctx: SyncContext, mapping: IntegrationMapping, options: { filter?: string; orderby: string; pageSize?: number }): AsyncGenerator<ErpRow[]> {
  const pageSize = options.pageSize ?? ctx.erpPageSize;
  const read = await readUrl(ctx, mapping, { filter: and(mapping.erp.filter, options.filter), orderby: options.orderby });
  let url: string | undefined = read.url;
  while (url) {
    let page: { value: ErpRow[]; next?: string };
    try {
      page = await getPage(ctx, url, pageSize);
    } catch (e) {
      routeMissing(mapping, e);
    }
    const rows = asMappingRows(mapping, read, page.value);
    if (rows.length) yield await enrichVirtual(ctx, mapping, rows);
    url = page.next;
  }
}

/** Number of ERP records of a mapping (for progress), or null when the ERP does not say. */
export async function erpCount(ctx: SyncContext, mapping: IntegrationMapping, filter?: string): Promise<number | null> {
  const f = and(mapping.erp.filter, filter);
  try {
    const src = standardSource(mapping);
    const sf = src && f ? toSourceExpression(src, f) : f;
    const body = await ctx.s.bc.getAbsolute<{ '@odata.count'?: number }>(`${await erpCollectionUrl(ctx, mapping)}?$top=0&$count=true${sf ? `&$filter=${encodeURIComponent(sf)}` : ''}`);
    return typeof body['@odata.count'] === 'number' ? body['@odata.count'] : null;
  } catch (e) {
    if (e instanceof ErpRouteMissing) throw e;
    if (e instanceof HttpError && e.status === 404) routeMissing(mapping, e);
    return null;
  }
}

/**
 * Runs several filters against a mapping's entity and returns the rows of each (in order). API v2.0 reads travel
 * in one `$batch`; standard sources (analytics queries, published pages) are read one by one.
 */
export async function erpQuery(ctx: SyncContext, mapping: IntegrationMapping, filters: readonly string[]): Promise<ErpRow[][]> {
  if (!filters.length) return [];
  const select = erpSelectList(mapping);
  const rel = (f: string): string => `${mapping.erp.entity}?$select=${select}&$filter=${encodeURIComponent(and(mapping.erp.filter, f) as string)}`;
  const out: ErpRow[][] = [];
  if (mapping.erp.api === 'v2') {
    for (let i = 0; i < filters.length; i += 100) {
      const part = filters.slice(i, i + 100);
      const res = await ctx.s.bc.batch(part.map((f, j) => ({ id: String(i + j), method: 'GET' as const, url: rel(f) })));
      for (const r of res) {
        if (r.status >= 400) {
          const body = r.body as { error?: { message?: string; code?: string } } | null;
          throw new HttpError('bc', r.status, body?.error?.code ?? '', `Reading ${mapping.erp.entity}: ${body?.error?.message ?? `HTTP ${r.status}`}`, classifyHttpStatus(r.status, 'bc'));
        }
        let rows = (r.body as { value: ErpRow[]; '@odata.nextLink'?: string }).value;
        let next = (r.body as { '@odata.nextLink'?: string })['@odata.nextLink'];
        while (next) {
          const page = await getPage(ctx, next, 5000);
          rows = rows.concat(page.value);
          next = page.next;
        }
        out[Number(r.id)] = rows;
      }
    }
  } else {
    for (const f of filters) {
      let rows: ErpRow[] = [];
      const read = await readUrl(ctx, mapping, { filter: and(mapping.erp.filter, f) });
      let url: string | undefined = read.url;
      while (url) {
        let page: { value: ErpRow[]; next?: string };
        try {
          page = await getPage(ctx, url, 5000);
        } catch (e) {
          routeMissing(mapping, e);
        }
        rows = rows.concat(asMappingRows(mapping, read, page.value));
        url = page.next;
      }
      out.push(rows);
    }
  }
  const all = await enrichVirtual(ctx, mapping, out.flat());
  const byId = new Map(all.map((r) => [String(r.id), r]));
  return out.map((rows) => rows.map((r) => byId.get(String(r.id)) ?? r));
}

/** Records whose `field` is one of `values`, in chunks (one $batch for v2 entities). */
export async function erpFindBy(ctx: SyncContext, mapping: IntegrationMapping, field: string, values: readonly unknown[]): Promise<ErpRow[]> {
  const unique = [...new Set(values.filter((v) => v !== null && v !== undefined && v !== ''))];
  const filters: string[] = [];
  const type = erpCatalog[mapping.erp.entity]?.fields[field]?.type;
  for (let i = 0; i < unique.length; i += QUERY_CHUNK) filters.push(anyOf(field, unique.slice(i, i + QUERY_CHUNK), type));
  return (await erpQuery(ctx, mapping, filters)).flat();
}

// ---- virtual fields --------------------------------------------------------------------------------------

/** Adds virtual fields (contacts.customerId from customerContacts, customers.locationCode from page 22) to a page of records. */
async function enrichVirtual(ctx: SyncContext, mapping: IntegrationMapping, rows: ErpRow[]): Promise<ErpRow[]> {
  const entity = erpCatalog[mapping.erp.entity];
  if (rows.length && mapping.fields.some((f) => entity?.fields[f.erp]?.virtual === 'customerList.Location_Code')) await addCustomerLocations(ctx, rows);
  const wanted = mapping.fields.filter((f) => entity?.fields[f.erp]?.virtual === 'customerContacts.customerId');
  if (!wanted.length || !rows.length) return rows;
  const persons = rows.filter((r) => r.type === undefined || r.type === 'Person').map((r) => String(r.id));
  const customerOf = new Map<string, string>();
  for (let i = 0; i < persons.length; i += 100) {
    const part = persons.slice(i, i + 100);
    const reqs = [];
    for (let j = 0; j < part.length; j += QUERY_CHUNK) {
      reqs.push({ id: String(j), method: 'GET' as const, url: `customerContacts?$select=id,customerId&$filter=${encodeURIComponent(part.slice(j, j + QUERY_CHUNK).map((id) => `id eq ${id}`).join(' or '))}` });
    }
    for (const r of await ctx.s.bc.batch(reqs)) {
      if (r.status >= 400) continue;
      for (const c of (r.body as { value: Array<{ id: string; customerId: string }> }).value) customerOf.set(String(c.id).toLowerCase(), String(c.customerId));
    }
  }
  for (const r of rows) r.customerId = customerOf.get(String(r.id).toLowerCase()) ?? '';
  return rows;
}

/**
 * The ERP contact a person is attached to for a customer: the company contact of that customer. API v2.0 has no
 * direct link, so: the company of a person already listed for the customer, else the one company contact with
 * the customer's name. Null when neither finds exactly one.
 */
export async function companyContactOfCustomer(ctx: SyncContext, customerId: string, cache: Map<string, string | null>): Promise<string | null> {
  if (cache.has(customerId)) return cache.get(customerId) ?? null;
  let number: string | null = null;
  const persons = await ctx.s.bc.get<{ value: Array<{ id: string }> }>(`customerContacts?$select=id&$filter=${encodeURIComponent(`customerId eq ${customerId}`)}&$top=1`);
  if (persons.value.length) {
    const c = await ctx.s.bc.getOrNull<{ companyNumber?: string }>(`contacts(${persons.value[0].id})?$select=companyNumber`);
    number = c?.companyNumber || null;
  }
  if (!number) {
    const customer = await ctx.s.bc.getOrNull<{ displayName?: string }>(`customers(${customerId})?$select=displayName`);
    if (customer?.displayName) {
      const companies = await ctx.s.bc.get<{ value: Array<{ number: string }> }>(`contacts?$select=number&$filter=${encodeURIComponent(`type eq 'Company' and displayName eq ${bcLit(customer.displayName)}`)}`);
      if (companies.value.length === 1) number = companies.value[0].number;
    }
  }
  cache.set(customerId, number);
  return number;
}

// ---- writes ----------------------------------------------------------------------------------------------

export interface ErpWrite {
  /** Caller's key for the result. */
  key: string;
  method: 'POST' | 'PATCH';
  /** PATCH: the record's id. */
  id?: string;
  body: Record<string, unknown>;
}

export interface ErpWriteResult {
  ok: boolean;
  status: number;
  row: ErpRow | null;
  message: string;
}

/** Writes in `$batch` (the client splits at 100); each result says whether its write went through. */
export async function erpWrite(ctx: SyncContext, mapping: IntegrationMapping, writes: readonly ErpWrite[]): Promise<Map<string, ErpWriteResult>> {
  const out = new Map<string, ErpWriteResult>();
  if (!writes.length) return out;
  if (mapping.erp.api !== 'v2') {
    // The standard sources of these entities (analytics queries, published pages) are read-only for the connector.
    const src = syncSource(mapping.erp.entity);
    for (const w of writes) out.set(w.key, { ok: false, status: 405, row: null, message: `${mapping.erp.entity} is read from ${src ? sourceName(src) : 'no standard source'}, which the connector does not write to.` });
    return out;
  }
  const res = await ctx.s.bc.batch(
    writes.map((w, i) => ({ id: String(i), method: w.method, url: w.method === 'POST' ? mapping.erp.entity : `${mapping.erp.entity}(${w.id})`, body: w.body })),
  );
  for (const r of res) {
    const w = writes[Number(r.id)];
    const body = r.body as (ErpRow & { error?: { message?: string } }) | null;
    // Busy or down (the shared rule, minus 408/409: a write that timed out or met a stale ETag is reported on its record).
    if (r.status === 425 || r.status === 429 || (r.status >= 500 && classifyHttpStatus(r.status, 'bc') === 'transient')) {
      throw new HttpError('bc', r.status, '', `Writing ${mapping.erp.entity}: ${body?.error?.message ?? `HTTP ${r.status}`}`, 'transient');
    }
    out.set(w.key, r.status < 400 ? { ok: true, status: r.status, row: body, message: '' } : { ok: false, status: r.status, row: null, message: body?.error?.message ?? `HTTP ${r.status}` });
  }
  return out;
}
