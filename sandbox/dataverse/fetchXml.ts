/**
 * `GET /<entity set>?fetchXml=<fetch…>` as model-driven views run it ("Use FetchXml to query data",
 * https://learn.microsoft.com/power-apps/developer/data-platform/fetchxml/overview, and "Query data using FetchXml"
 * with the Web API, https://learn.microsoft.com/power-apps/developer/data-platform/webapi/use-fetchxml-web-api).
 * The FetchXML is translated to the engine's own query (select, filter, order, top), so the same privilege,
 * value and paging rules apply. What Dataverse refuses, the stand-in refuses:
 * - the <entity> must be the table of the entity set in the URL;
 * - every attribute, condition and order must name a column of the table: "'<table>' entity doesn't contain
 *   attribute with Name = '<name>' and NameMapping = 'Logical'." (0x80041103, QueryBuilderNoAttribute).
 * Not modelled (refused with a message saying so): link-entity, aggregate queries, paging cookies, and
 * condition operators other than those listed in OPERATORS.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { DataverseError, queryError } from './errors';
import type { ColumnDef, TableDef } from './metadata/types';
import { parseFilter } from './odata/filter';
import type { OrderBy, QueryOptions } from './odata/query';

const LOOKUP = new Set(['lookup', 'customer', 'owner']);
const NUMBER = new Set(['integer', 'bigint', 'decimal', 'double', 'money', 'picklist', 'state', 'status']);

const noAttribute = (table: string, name: string) =>
  new DataverseError(400, '0x80041103', `'${table}' entity doesn't contain attribute with Name = '${name}' and NameMapping = 'Logical'.`);
const notModelled = (what: string) => queryError(`FetchXML ${what} is not modelled by the Dataverse stand-in (docs/dataverse-standin.md).`);

const children = (el: Element, name?: string): Element[] => {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (!name || (n as Element).localName === name)) out.push(n as Element);
  return out;
};

function column(table: TableDef, name: string | null): ColumnDef {
  const c = name ? table.columns.get(name.toLowerCase()) : undefined;
  if (!c) throw noAttribute(table.logicalName, name ?? '');
  return c;
}

const odataName = (c: ColumnDef) => (LOOKUP.has(c.type) ? `_${c.logicalName}_value` : c.logicalName);

function literal(c: ColumnDef, raw: string): string {
  if (LOOKUP.has(c.type) || c.type === 'uniqueidentifier' || c.type === 'primarykey') return raw.replace(/[{}]/g, '').toLowerCase();
  if (c.type === 'boolean') return raw === '1' || raw.toLowerCase() === 'true' ? 'true' : 'false';
  if (NUMBER.has(c.type)) {
    if (!/^-?\d+(\.\d+)?$/.test(raw)) throw queryError(`The value '${raw}' of a condition on '${c.logicalName}' is not a number.`);
    return raw;
  }
  if (c.type === 'datetime') return c.dateOnly ? raw.slice(0, 10) : new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw).toISOString().replace('.000Z', 'Z');
  return `'${raw.replace(/'/g, "''")}'`;
}

const DAY = 86400000;
const dayStart = (d: Date) => new Date(Math.floor(d.getTime() / DAY) * DAY);
const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/** The condition operators the stand-in runs; the date ones use UTC days (the user's time zone is not applied). */
const OPERATORS = ['eq', 'ne', 'neq', 'gt', 'ge', 'lt', 'le', 'null', 'not-null', 'in', 'not-in', 'like', 'not-like', 'begins-with', 'ends-with', 'eq-userid', 'ne-userid', 'today', 'last-x-days', 'next-x-days', 'on-or-after', 'on-or-before'];

function condition(table: TableDef, el: Element, userId: string, now: Date): string {
  const c = column(table, el.getAttribute('attribute'));
  const op = el.getAttribute('operator') ?? 'eq';
  if (!OPERATORS.includes(op)) throw notModelled(`operator '${op}'`);
  const name = odataName(c);
  const value = el.getAttribute('value') ?? '';
  const values = el.hasAttribute('value') ? [value] : children(el, 'value').map((v) => v.textContent ?? '');
  const like = (raw: string) => {
    const inner = raw.replace(/^%|%$/g, '').replace(/'/g, "''");
    if (raw.startsWith('%') && raw.endsWith('%')) return `contains(${name},'${inner}')`;
    if (raw.endsWith('%')) return `startswith(${name},'${inner}')`;
    if (raw.startsWith('%')) return `endswith(${name},'${inner}')`;
    return `${name} eq '${inner}'`;
  };
  switch (op) {
    case 'eq':
      return `${name} eq ${literal(c, value)}`;
    case 'ne':
    case 'neq':
      return `${name} ne ${literal(c, value)}`;
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return `${name} ${op} ${literal(c, value)}`;
    case 'null':
      return `${name} eq null`;
    case 'not-null':
      return `${name} ne null`;
    case 'in':
      return `(${values.map((v) => `${name} eq ${literal(c, v)}`).join(' or ')})`;
    case 'not-in':
      return `(${values.map((v) => `${name} ne ${literal(c, v)}`).join(' and ')})`;
    case 'like':
      return like(value);
    case 'not-like':
      return `not ${like(value)}`;
    case 'begins-with':
      return like(`${value}%`);
    case 'ends-with':
      return like(`%${value}`);
    case 'eq-userid':
      return `${name} eq ${userId}`;
    case 'ne-userid':
      return `${name} ne ${userId}`;
    case 'today':
      return `(${name} ge ${iso(dayStart(now))} and ${name} lt ${iso(new Date(dayStart(now).getTime() + DAY))})`;
    case 'last-x-days':
      return `(${name} ge ${iso(new Date(dayStart(now).getTime() - Number(value) * DAY))} and ${name} le ${iso(now)})`;
    case 'next-x-days':
      return `(${name} ge ${iso(now)} and ${name} lt ${iso(new Date(dayStart(now).getTime() + (Number(value) + 1) * DAY))})`;
    case 'on-or-after':
      return `${name} ge ${literal(c, value)}`;
    default:
      return `${name} le ${literal(c, value)}`;
  }
}

function filter(table: TableDef, el: Element, userId: string, now: Date): string {
  const type = el.getAttribute('type') === 'or' ? 'or' : 'and';
  const parts = [
    ...children(el, 'condition').map((c) => condition(table, c, userId, now)),
    ...children(el, 'filter').map((f) => filter(table, f, userId, now)).filter(Boolean),
  ];
  if (!parts.length) return '';
  return parts.length === 1 ? parts[0] : `(${parts.join(` ${type} `)})`;
}

/** FetchXML → the engine's query options for `table` (the URL's entity set). */
export function fetchXmlToQuery(table: TableDef, fetchXml: string, userId: string, now: Date): QueryOptions {
  const doc = new DOMParser({ onError: () => undefined }).parseFromString(fetchXml, 'text/xml');
  const fetch = doc.documentElement;
  if (!fetch || fetch.localName !== 'fetch') throw queryError('The fetchXml parameter is not a valid FetchXML document: its root must be <fetch>.');
  if (fetch.getAttribute('aggregate') === 'true') throw notModelled('aggregation');
  if (fetch.hasAttribute('paging-cookie')) throw notModelled('paging cookies');
  const [entity] = children(fetch, 'entity');
  if (!entity) throw queryError('The FetchXML <fetch> element must contain one <entity> element.');
  if (entity.getAttribute('name') !== table.logicalName)
    throw queryError(`The FetchXML entity '${entity.getAttribute('name') ?? ''}' does not match the entity set '${table.entitySetName}' of the request.`);
  if (children(entity, 'link-entity').length) throw notModelled('link-entity');
  const select = children(entity, 'all-attributes').length ? undefined : children(entity, 'attribute').map((a) => odataName(column(table, a.getAttribute('name'))));
  const orderby: OrderBy[] = children(entity, 'order').map((o) => ({ prop: odataName(column(table, o.getAttribute('attribute'))), desc: o.getAttribute('descending') === 'true' }));
  const filters = children(entity, 'filter').map((f) => filter(table, f, userId, now)).filter(Boolean);
  const filterText = filters.length ? filters.map((f) => (filters.length > 1 ? `(${f})` : f)).join(' and ') : undefined;
  const top = Number(fetch.getAttribute('top') ?? fetch.getAttribute('count') ?? '') || undefined;
  return { aliases: {}, select: select?.length ? [...new Set(select)] : undefined, orderby: orderby.length ? orderby : undefined, filter: filterText ? parseFilter(filterText) : undefined, filterText, top };
}
