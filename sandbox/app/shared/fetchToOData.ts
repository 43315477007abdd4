/**
 * A view's FetchXML (parsed into ViewDef) → one Web API query. The operators saved views use map one to one to
 * OData; lookups are filtered and selected as `_x_value`. An operator with no OData equivalent is reported, never
 * silently dropped (the view would show more rows than it should).
 */
import type { FetchCondition, FetchFilter, ViewDef } from './model';

export interface ODataQueryParts {
  select: string[];
  filter: string;
  orderby: string[];
}

export type IsLookup = (attribute: string) => boolean;
export type IsNumeric = (attribute: string) => boolean;

const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;

const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

function literal(value: string, numeric: boolean): string {
  if (GUID.test(value)) return value.replace(/[{}]/g, '').toLowerCase();
  if (numeric && /^-?\d+(\.\d+)?$/.test(value)) return value;
  if (value === 'true' || value === 'false') return value;
  return quote(value);
}

export function conditionToOData(c: FetchCondition, isLookup: IsLookup, isNumeric: IsNumeric, userId?: string): string {
  const name = isLookup(c.attribute) ? `_${c.attribute}_value` : c.attribute;
  const num = isNumeric(c.attribute);
  const v = c.values;
  switch (c.operator) {
    case 'eq':
      return `${name} eq ${literal(v[0], num)}`;
    case 'ne':
    case 'neq':
      return `${name} ne ${literal(v[0], num)}`;
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return `${name} ${c.operator} ${literal(v[0], num)}`;
    case 'null':
      return `${name} eq null`;
    case 'not-null':
      return `${name} ne null`;
    case 'in':
      return `(${v.map((x) => `${name} eq ${literal(x, num)}`).join(' or ')})`;
    case 'not-in':
      return `(${v.map((x) => `${name} ne ${literal(x, num)}`).join(' and ')})`;
    case 'like': {
      const raw = v[0] ?? '';
      const inner = raw.replace(/^%|%$/g, '');
      if (raw.startsWith('%') && raw.endsWith('%')) return `contains(${name},${quote(inner)})`;
      if (raw.endsWith('%')) return `startswith(${name},${quote(inner)})`;
      if (raw.startsWith('%')) return `endswith(${name},${quote(inner)})`;
      return `${name} eq ${quote(raw)}`;
    }
    case 'not-like':
      return `not ${conditionToOData({ ...c, operator: 'like' }, isLookup, isNumeric, userId)}`;
    case 'begins-with':
      return `startswith(${name},${quote(v[0] ?? '')})`;
    case 'ends-with':
      return `endswith(${name},${quote(v[0] ?? '')})`;
    case 'eq-userid':
      if (!userId) throw new Error(`The view filters on the current user (${c.attribute} eq-userid) but no user is signed in.`);
      return `${name} eq ${userId}`;
    case 'ne-userid':
      if (!userId) throw new Error(`The view filters on the current user (${c.attribute} ne-userid) but no user is signed in.`);
      return `${name} ne ${userId}`;
    default:
      throw new Error(`The view uses the FetchXML operator "${c.operator}" on ${c.attribute}, which the sandbox cannot translate to OData.`);
  }
}

export function filterToOData(f: FetchFilter, isLookup: IsLookup, isNumeric: IsNumeric, userId?: string): string {
  const parts = [
    ...f.conditions.map((c) => conditionToOData(c, isLookup, isNumeric, userId)),
    ...f.filters.map((x) => filterToOData(x, isLookup, isNumeric, userId)).filter(Boolean),
  ];
  if (parts.length === 0) return '';
  if (parts.length === 1) return parts[0];
  return `(${parts.join(` ${f.type} `)})`;
}

export function viewToOData(view: ViewDef, isLookup: IsLookup, isNumeric: IsNumeric, userId?: string): ODataQueryParts {
  const attrs = new Set([...view.attributes, ...view.columns.map((c) => c.name)].filter((a) => !a.includes('.')));
  return {
    select: [...attrs].map((a) => (isLookup(a) ? `_${a}_value` : a)),
    filter: filterToOData(view.filter, isLookup, isNumeric, userId),
    orderby: view.orders.map((o) => `${isLookup(o.attribute) ? `_${o.attribute}_value` : o.attribute}${o.descending ? ' desc' : ' asc'}`),
  };
}

/** "?$select=…&$filter=…&$orderby=…&$count=true" with extra filter parts AND-ed. */
export function buildQueryString(parts: ODataQueryParts, extraFilters: string[] = [], extra: Record<string, string> = {}): string {
  const filters = [parts.filter, ...extraFilters].filter(Boolean);
  const q: string[] = [];
  if (parts.select.length) q.push(`$select=${parts.select.join(',')}`);
  if (filters.length) q.push(`$filter=${filters.length === 1 ? filters[0] : filters.map((f) => `(${f})`).join(' and ')}`);
  if (parts.orderby.length) q.push(`$orderby=${parts.orderby.join(',')}`);
  for (const [k, v] of Object.entries(extra)) q.push(`${k}=${v}`);
  return q.length ? `?${q.join('&')}` : '';
}
