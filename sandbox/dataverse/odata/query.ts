/** System query options ($select, $filter, $orderby, $top, $count, $expand, $skiptoken) and URL path segments. */
import { parseFilter, type FilterNode } from './filter';
import { queryError } from '../errors';

export interface OrderBy {
  prop: string;
  desc: boolean;
}

export interface ExpandItem {
  nav: string;
  select?: string[];
  filter?: FilterNode;
  filterText?: string;
  orderby?: OrderBy[];
  top?: number;
  expand?: ExpandItem[];
}

export interface QueryOptions {
  select?: string[];
  filter?: FilterNode;
  filterText?: string;
  orderby?: OrderBy[];
  top?: number;
  count?: boolean;
  expand?: ExpandItem[];
  skiptoken?: string;
  /** Parameter aliases (@p1=...) for function calls. */
  aliases: Record<string, string>;
  fetchXml?: string;
}

/** Splits on `sep` at nesting depth 0, ignoring separators inside quotes. */
export function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    if (!quoted) {
      if (ch === '(') depth++;
      if (ch === ')') depth--;
      if (ch === sep && depth === 0) {
        out.push(cur);
        cur = '';
        continue;
      }
    }
    cur += ch;
  }
  if (cur.length || out.length) out.push(cur);
  return out;
}

function parseSelect(text: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => !s)) throw queryError(`Syntax error: '$select=${text}' has an empty item.`);
  return items;
}

function parseOrderBy(text: string): OrderBy[] {
  return text.split(',').map((part) => {
    const [prop, dir, extra] = part.trim().split(/\s+/);
    if (!prop || extra || (dir && !/^(asc|desc)$/i.test(dir))) throw queryError(`Syntax error in '$orderby=${text}'.`);
    return { prop, desc: /^desc$/i.test(dir ?? '') };
  });
}

function parseTop(text: string, option = '$top'): number {
  if (!/^\d+$/.test(text.trim())) throw queryError(`Invalid value '${text}' for ${option} query option found. The ${option} query option requires a non-negative integer value.`);
  return Number(text);
}

export function parseExpand(text: string): ExpandItem[] {
  return splitTop(text, ',').map((raw) => {
    const s = raw.trim();
    const open = s.indexOf('(');
    if (open < 0) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) throw queryError(`Syntax error in '$expand=${text}'.`);
      return { nav: s };
    }
    if (!s.endsWith(')')) throw queryError(`Syntax error in '$expand=${text}': missing ')'.`);
    const item: ExpandItem = { nav: s.slice(0, open).trim() };
    for (const opt of splitTop(s.slice(open + 1, -1), ';')) {
      const eq = opt.indexOf('=');
      if (eq < 0) throw queryError(`Syntax error in '$expand=${text}'.`);
      const key = opt.slice(0, eq).trim();
      const value = opt.slice(eq + 1).trim();
      if (key === '$select') item.select = parseSelect(value);
      else if (key === '$filter') {
        item.filter = parseFilter(value);
        item.filterText = value;
      } else if (key === '$orderby') item.orderby = parseOrderBy(value);
      else if (key === '$top') item.top = parseTop(value);
      else if (key === '$expand') item.expand = parseExpand(value);
      else throw queryError(`The query option '${key}' is not supported inside $expand.`);
    }
    return item;
  });
}

const SUPPORTED = new Set(['$select', '$filter', '$orderby', '$top', '$count', '$expand', '$skiptoken', 'fetchXml', '$format']);

export function parseQuery(search: string): QueryOptions {
  const q: QueryOptions = { aliases: {} };
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const seen = new Set<string>();
  for (const [key, value] of params) {
    if (seen.has(key)) throw queryError(`Query option '${key}' was specified more than once, but it must be specified at most once.`);
    seen.add(key);
    if (key.startsWith('@')) {
      q.aliases[key] = value;
      continue;
    }
    if (key.startsWith('$') && !SUPPORTED.has(key)) {
      if (key === '$skip') throw queryError('The query parameter $skip is not supported');
      throw queryError(`The query parameter ${key} is not supported`);
    }
    switch (key) {
      case '$select':
        q.select = parseSelect(value);
        break;
      case '$filter':
        q.filter = parseFilter(value);
        q.filterText = value;
        break;
      case '$orderby':
        q.orderby = parseOrderBy(value);
        break;
      case '$top':
        q.top = parseTop(value);
        break;
      case '$count':
        if (value !== 'true' && value !== 'false') throw queryError(`'${value}' is not a valid count option.`);
        q.count = value === 'true';
        break;
      case '$expand':
        q.expand = parseExpand(value);
        break;
      case '$skiptoken':
        q.skiptoken = value;
        break;
      case 'fetchXml':
        q.fetchXml = value;
        break;
      default:
        break;
    }
  }
  return q;
}

export interface PathSegment {
  name: string;
  /** Raw text inside the parentheses, when present. */
  args?: string;
}

/** Splits a resource path (after /api/data/v9.2/) into segments, keeping quoted keys intact. */
export function parsePath(path: string): PathSegment[] {
  const parts = splitTop(path.replace(/^\/+|\/+$/g, ''), '/').filter((p) => p.length);
  return parts.map((p) => {
    const open = p.indexOf('(');
    if (open < 0) return { name: p };
    if (!p.endsWith(')')) throw queryError(`Bad Request - Error in query syntax: '${p}'.`);
    return { name: p.slice(0, open), args: p.slice(open + 1, -1) };
  });
}

export type KeyValue = string | number | boolean | null;

/** Parses `guid`, `name='x'` or `a='x',b=2` (alternate keys, function parameters). Aliases are resolved. */
export function parseArgs(args: string, aliases: Record<string, string> = {}): { id?: string; named: Record<string, KeyValue> } {
  const t = args.trim();
  if (!t) return { named: {} };
  const bare = t.replace(/^\{|\}$/g, '');
  if (/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(bare)) return { id: bare.toLowerCase(), named: {} };
  const named: Record<string, KeyValue> = {};
  for (const part of splitTop(t, ',')) {
    const eq = part.indexOf('=');
    if (eq < 0) throw queryError(`Bad Request - Error in query syntax: '(${args})' is not a valid key.`);
    const key = part.slice(0, eq).trim();
    let raw = part.slice(eq + 1).trim();
    if (raw.startsWith('@')) {
      if (!(raw in aliases)) throw queryError(`The parameter alias '${raw}' is not defined in the query string.`);
      raw = aliases[raw];
    }
    named[key] = literal(raw);
  }
  return { named };
}

function literal(raw: string): KeyValue {
  if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) return raw.slice(1, -1).replace(/''/g, "'");
  if (raw === 'null') return null;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (/^[0-9a-fA-F-]{36}$/.test(raw)) return raw.toLowerCase();
  throw queryError(`Bad Request - Error in query syntax: '${raw}' is not a valid literal.`);
}
