/**
 * Reading Sales records of a mapping through the connector's Dataverse client: streamed pages
 * (`Prefer: odata.maxpagesize`, `@odata.nextLink`) with formatted values (names of owners and choices for
 * messages), and many filtered reads in one `$batch`. Writes are built by the engine as batch operations.
 */
import { crmCatalog, crmSelect, isLookup, lookupValueColumn, type IntegrationMapping } from '../../domain/mappings';
import { batchPartError, lit, type Row } from '../dataverse/client';
import type { SyncContext } from './context';

export type CrmRow = Row;

const ANNOTATIONS = 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"';
const QUERY_CHUNK = 100;

export function crmTableDef(mapping: IntegrationMapping) {
  const t = crmCatalog[mapping.crm.table];
  if (!t) throw new Error(`Mapping ${mapping.name}: unknown Sales table ${mapping.crm.table}`);
  return t;
}

export const crmAnd = (...parts: Array<string | undefined | null>): string | undefined => {
  const p = parts.filter((x): x is string => !!x && x.trim() !== '');
  if (!p.length) return undefined;
  return p.length === 1 ? p[0] : p.map((x) => `(${x})`).join(' and ');
};

/** OData literal of a Sales value: strings quoted, GUIDs and numbers bare. */
export function crmLiteral(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return lit(String(v));
}

/** `column eq v1 or column eq v2` (lookups through `_column_value`). */
export function crmAnyOf(mapping: IntegrationMapping | null, column: string, values: readonly unknown[]): string {
  const col = mapping ? crmCatalog[mapping.crm.table]?.columns[column] : undefined;
  const prop = col && isLookup(col) ? lookupValueColumn(column) : column;
  const guid = col && (isLookup(col) || col.type === 'guid');
  return values.map((v) => `${prop} eq ${guid ? String(v) : crmLiteral(v)}`).join(' or ');
}

/**
 * `Microsoft.Dynamics.CRM.In(PropertyName='col',PropertyValues=['a','b'])`: one condition for a whole page of values
 * (Dataverse answers it from its indexes; it is also far cheaper than a chain of `or` where no index helps).
 */
export function crmIn(column: string, values: readonly unknown[]): string {
  return `Microsoft.Dynamics.CRM.In(PropertyName='${column}',PropertyValues=[${values.map((v) => lit(String(v))).join(',')}])`;
}

/** Values per In condition. */
export const IN_CHUNK = 500;

export function chunks<T>(items: readonly T[], size = QUERY_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function getPage(ctx: SyncContext, url: string, pageSize: number): Promise<{ value: CrmRow[]; next?: string; count?: number }> {
  const res = await ctx.s.dv.http.request({
    method: 'GET',
    url: /^https?:/.test(url) ? url : ctx.s.dv.apiRoot + url,
    headers: { 'OData-MaxVersion': '4.0', 'OData-Version': '4.0', Prefer: `odata.maxpagesize=${pageSize},${ANNOTATIONS}` },
  });
  const body = JSON.parse(res.text) as { value: CrmRow[]; '@odata.nextLink'?: string; '@odata.count'?: number };
  return { value: body.value, next: body['@odata.nextLink'], count: body['@odata.count'] };
}

/** Pages of a table (`path` relative to the Web API root, with its own query), following @odata.nextLink. */
export async function* crmPagesOf(ctx: SyncContext, path: string, pageSize = ctx.crmPageSize): AsyncGenerator<CrmRow[]> {
  let url: string | undefined = path;
  while (url) {
    const page = await getPage(ctx, url, pageSize);
    if (page.value.length) yield page.value;
    url = page.next;
  }
}

export function crmListPath(mapping: IntegrationMapping, options: { filter?: string; orderby: string; select?: string[] }): string {
  const t = crmTableDef(mapping);
  const filter = crmAnd(mapping.crm.filter, options.filter);
  const params = [`$select=${(options.select ?? crmSelect(mapping)).join(',')}`, `$orderby=${encodeURIComponent(options.orderby)}`];
  if (filter) params.push(`$filter=${encodeURIComponent(filter)}`);
  return `${t.entitySet}?${params.join('&')}`;
}

/** Pages of a mapping's Sales records; `filter` is added to the mapping's own filter. */
export function crmPages(ctx: SyncContext, mapping: IntegrationMapping, options: { filter?: string; orderby: string }): AsyncGenerator<CrmRow[]> {
  return crmPagesOf(ctx, crmListPath(mapping, options));
}

/** How many Sales records a mapping covers (Dataverse counts up to 5,000; beyond that, null). */
export async function crmCount(ctx: SyncContext, mapping: IntegrationMapping, filter?: string): Promise<number | null> {
  const t = crmTableDef(mapping);
  const f = crmAnd(mapping.crm.filter, filter);
  try {
    const page = await getPage(ctx, `${t.entitySet}?$select=${t.primaryId}&$count=true${f ? `&$filter=${encodeURIComponent(f)}` : ''}`, 1);
    return typeof page.count === 'number' && page.count < 5000 ? page.count : null;
  } catch {
    return null;
  }
}

/** Several GETs (paths relative to the Web API root) in one $batch; each result's rows, all pages. */
export async function crmReadMany(ctx: SyncContext, paths: readonly string[]): Promise<CrmRow[][]> {
  const out: CrmRow[][] = [];
  for (const part of chunks(paths, 100)) {
    const results = await ctx.s.dv.batch(part.map((url) => ({ method: 'GET' as const, url, headers: { Prefer: `odata.maxpagesize=5000,${ANNOTATIONS}` } })));
    for (const r of results) {
      if (r.status >= 400) throw batchPartError(r, 'Reading Sales records');
      const body = r.body as { value: CrmRow[]; '@odata.nextLink'?: string };
      let rows = body.value;
      let next = body['@odata.nextLink'];
      while (next) {
        const page = await getPage(ctx, next, 5000);
        rows = rows.concat(page.value);
        next = page.next;
      }
      out.push(rows);
    }
  }
  return out;
}

/** Records of a mapping by primary id. */
export function crmByIdsPaths(mapping: IntegrationMapping, ids: readonly string[]): string[] {
  const t = crmTableDef(mapping);
  // No mapping filter: a coupled record that left it (deactivated) is still the coupled record.
  return chunks([...new Set(ids)], IN_CHUNK).map((part) => `${t.entitySet}?$select=${crmSelect(mapping).join(',')}&$filter=${encodeURIComponent(crmIn(t.primaryId, part))}`);
}

/** Paths that find a mapping's records by the values of one match key (each value a tuple of the key's columns). */
export function crmByKeyPaths(mapping: IntegrationMapping, key: readonly string[], tuples: readonly unknown[][]): string[] {
  const t = crmTableDef(mapping);
  const unique = [...new Map(tuples.map((tu) => [JSON.stringify(tu), tu])).values()];
  const single = key.length === 1 && !isLookup(t.columns[key[0]]);
  return chunks(unique, single ? IN_CHUNK : QUERY_CHUNK).map((part) => {
    const filter = single
      ? crmIn(key[0], part.map((tu) => tu[0]))
      : key.length === 1
        ? crmAnyOf(mapping, key[0], part.map((tu) => tu[0]))
        : part.map((tu) => key.map((c, i) => crmAnyOf(mapping, c, [tu[i]])).join(' and ')).map((x) => `(${x})`).join(' or ');
    // The key lookup ignores the mapping filter on purpose: a record outside it (an inactive account with the
    // same number) must be found, so that it is reported rather than duplicated.
    const params = [`$select=${crmSelect(mapping).join(',')}`, `$filter=${encodeURIComponent(filter)}`];
    return `${t.entitySet}?${params.join('&')}`;
  });
}
