/**
 * The standard sources of the mappings whose ERP entity API v2.0 lacks (mapping erp.api 'extension' in
 * domain/mappings: resources, customerPriceGroups, priceLists, priceListLines). The mappings keep their logical field
 * names (domain/mappings/catalog.ts); this module says where each entity is read on a standard tenant and what each
 * logical field is called there, and translates a read both ways:
 *  - resources      → analytics API query 37070 "Resources - PBI API" (Power BI Reports app), entity set resources;
 *  - customerPriceGroups → published page 7 "Customer Price Groups" (service CustomerPriceGroups);
 *  - priceLists     → published page 7015 "Sales Price Lists" (service SalesPriceLists);
 *  - priceListLines → published page 7005 "Price List Line Review" (service PriceListLines).
 * None of them has a GUID id or lastModifiedDateTime: the id is derived from the source's key (stable), and these
 * mappings are synchronised by full runs only (no ERP change signal). Fields a source does not have (resources'
 * blocked and type) read as their default.
 */
import { derivedErpId } from '../../domain/mappings/erpIds';
import { analyticsUrl, publishedPage, publishedUrl, type PublishedPage } from '../bc/standardSources';
import type { ErpRow } from './erpAccess';
import type { SyncContext } from './context';

export interface SyncSource {
  source: { kind: 'analytics'; entitySet: string } | { kind: 'page'; page: PublishedPage['key'] };
  /** Logical field (catalog) → the source's property. */
  fields: Record<string, string>;
  /** Source properties that identify a row (the id is derived from them). */
  keys: string[];
  /** Logical fields the source lacks, with the value they read as. */
  defaults: Record<string, unknown>;
}

export const SYNC_SOURCES: Record<string, SyncSource> = {
  resources: {
    source: { kind: 'analytics', entitySet: 'resources' },
    fields: { number: 'resourceNo', name: 'resourceName', baseUnitOfMeasureCode: 'baseUnitofMeasure', unitPrice: 'unitPrice', unitCost: 'unitCost' },
    keys: ['resourceNo'],
    defaults: { blocked: false, type: 'Person' },
  },
  customerPriceGroups: { source: { kind: 'page', page: 'customerPriceGroups' }, fields: { code: 'Code', description: 'Description' }, keys: ['Code'], defaults: {} },
  priceLists: {
    source: { kind: 'page', page: 'salesPriceLists' },
    fields: { code: 'Code', description: 'Description', currencyCode: 'Currency_Code', customerPriceGroupCode: 'SourceNo', startingDate: 'Starting_Date', endingDate: 'Ending_Date' },
    keys: ['Code'],
    defaults: {},
  },
  priceListLines: {
    source: { kind: 'page', page: 'priceListLines' },
    fields: { priceListCode: 'Price_List_Code', assetType: 'Asset_Type', assetNumber: 'Asset_No', unitOfMeasureCode: 'Unit_of_Measure_Code', minimumQuantity: 'Minimum_Quantity', unitPrice: 'Unit_Price' },
    keys: ['Price_List_Code', 'Line_No'],
    defaults: {},
  },
};

export function syncSource(entity: string): SyncSource | undefined {
  return SYNC_SOURCES[entity];
}

/** What to tell the admin when the source is missing: the query or the page to publish, by name. */
export function sourceName(src: SyncSource): string {
  if (src.source.kind === 'analytics') return `analytics API ${src.source.entitySet} (Power BI Reports app)`;
  const p = publishedPage(src.source.page);
  return `page ${p.objectId} "${p.objectName}" published as ${p.serviceName}`;
}

export async function sourceUrl(ctx: SyncContext, src: SyncSource): Promise<string | null> {
  const c = ctx.s.config.bc;
  if (src.source.kind === 'analytics') return analyticsUrl(c, src.source.entitySet);
  return publishedUrl(ctx.s.bc, c, publishedPage(src.source.page).serviceName);
}

/** A stable GUID for a row from its key values (domain/mappings/erpIds.ts). */
export const derivedId = derivedErpId;

/** Renames the logical field names of an OData $filter / $orderby to the source's (string literals untouched). */
export function toSourceExpression(src: SyncSource, expr: string): string {
  return expr
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 ? part : part.replace(/\b[A-Za-z_]\w*\b/g, (w) => src.fields[w] ?? w)))
    .join('');
}

/** $select of the source: the logical fields it has plus its keys. */
export function sourceSelect(src: SyncSource, logical: readonly string[]): string {
  return [...new Set([...src.keys, ...logical.map((f) => src.fields[f]).filter((f): f is string => !!f)])].join(',');
}

/** $orderby of the source: `id` becomes the key fields. */
export function sourceOrderby(src: SyncSource, orderby: string): string {
  return orderby
    .split(',')
    .flatMap((part) => {
      const [name, dir] = part.trim().split(/\s+/);
      return name === 'id' ? src.keys.map((k) => `${k} ${dir ?? 'asc'}`) : [`${src.fields[name] ?? name}${dir ? ` ${dir}` : ''}`];
    })
    .join(',');
}

/**
 * A filter on `id` cannot go to the source (the id is derived): the ids asked for (`id eq …` terms) are returned to be
 * applied to the rows read, and the rest of the filter (without the id terms) is sent. A keyset `id gt …` is dropped
 * (the page is read again: harmless).
 */
export function splitIdFilter(filter: string | undefined): { filter: string | undefined; ids: Set<string> | null } {
  if (!filter || !/\bid\b/.test(filter)) return { filter, ids: null };
  const ids = new Set([...filter.matchAll(/\bid eq '?([0-9a-fA-F-]{36})'?/g)].map((m) => m[1].toLowerCase()));
  const rest = filter
    .split(/\s+and\s+/)
    .filter((clause) => !/\bid\b/.test(clause))
    .join(' and ')
    .trim();
  return { filter: rest || undefined, ids: ids.size ? ids : null };
}

/** Source rows → rows with the logical names, a derived id and the defaults. */
export function fromSource(entity: string, src: SyncSource, rows: readonly Record<string, unknown>[]): ErpRow[] {
  return rows.map((r) => {
    const out: ErpRow = { id: derivedId(entity, src.keys.map((k) => r[k])) } as ErpRow;
    for (const [logical, name] of Object.entries(src.fields)) if (name in r) out[logical] = r[name];
    for (const [logical, value] of Object.entries(src.defaults)) if (!(logical in out)) out[logical] = value;
    return out;
  });
}
