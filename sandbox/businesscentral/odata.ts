/**
 * The OData v4 query subset Business Central answers: $filter (eq ne gt ge lt le, and/or/not,
 * parentheses, contains/startswith/endswith), $select, $expand (with nested options), $orderby,
 * $top, $skip, $count, $skiptoken. Parsing errors become BC's 400 error shape.
 */
import { filterRefusedFields, refusedEnumComparison } from './enumWire';
import { BcError, errors } from './errors';
import { edmKind, EdmKind, FieldDef } from './metadata';

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; raw: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; value: string; time: number }
  | { kind: 'guid'; value: string };

export type FilterNode =
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { type: 'not'; operand: FilterNode }
  | { type: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; left: Operand; right: Operand }
  | { type: 'fn'; name: 'contains' | 'startswith' | 'endswith'; args: Operand[] }
  | { type: 'bool'; operand: Operand };

export type Operand = { type: 'prop'; name: string; transform?: 'tolower' | 'toupper' } | { type: 'lit'; lit: Literal };

export interface ExpandOption {
  name: string;
  options: QueryOptions;
}

export interface QueryOptions {
  filter?: FilterNode;
  select?: string[];
  expand?: ExpandOption[];
  orderby?: Array<{ name: string; desc: boolean }>;
  top?: number;
  skip?: number;
  count?: boolean;
  skiptoken?: string;
}

const SUPPORTED = new Set(['$filter', '$select', '$expand', '$orderby', '$top', '$skip', '$count', '$skiptoken', '$format', '$schemaversion']);

/** Parses the query options of a URL. Non-$ parameters (company=, tenant=) are ignored as BC does. */
export function parseQuery(params: URLSearchParams): QueryOptions {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) {
    if (!k.startsWith('$')) continue;
    if (!SUPPORTED.has(k)) throw new BcError(400, 'BadRequest', `The query parameter '${k}' is not supported.`);
    if (k in raw) throw new BcError(400, 'BadRequest', `Query option '${k}' was specified more than once, but it must be specified at most once.`);
    raw[k] = v;
  }
  return parseOptionMap(raw);
}

function parseOptionMap(raw: Record<string, string>): QueryOptions {
  const o: QueryOptions = {};
  if (raw.$filter !== undefined) o.filter = parseFilter(raw.$filter);
  if (raw.$select !== undefined) o.select = splitTop(raw.$select, ',').map((s) => s.trim()).filter(Boolean);
  if (raw.$expand !== undefined) o.expand = parseExpand(raw.$expand);
  if (raw.$orderby !== undefined) {
    o.orderby = splitTop(raw.$orderby, ',').map((part) => {
      const m = /^\s*([A-Za-z_][\w]*)\s*(asc|desc)?\s*$/i.exec(part);
      if (!m) throw errors.querySyntax(`Invalid $orderby '${part.trim()}'.`);
      return { name: m[1], desc: (m[2] ?? '').toLowerCase() === 'desc' };
    });
  }
  for (const key of ['$top', '$skip'] as const) {
    if (raw[key] === undefined) continue;
    if (!/^\d+$/.test(raw[key].trim())) throw new BcError(400, 'BadRequest', `Invalid value '${raw[key]}' for ${key} query option found. The ${key} query option requires a non-negative integer value.`);
    o[key === '$top' ? 'top' : 'skip'] = Number(raw[key].trim());
  }
  if (raw.$count !== undefined) {
    const v = raw.$count.trim().toLowerCase();
    if (v !== 'true' && v !== 'false') throw new BcError(400, 'BadRequest', `'${raw.$count}' is not a valid count option.`);
    o.count = v === 'true';
  }
  if (raw.$skiptoken !== undefined) o.skiptoken = raw.$skiptoken;
  return o;
}

/** Splits at `sep` outside parentheses and quotes. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quote = !quote;
    if (!quote && c === '(') depth++;
    if (!quote && c === ')') depth--;
    if (depth < 0) throw errors.querySyntax(`Unbalanced parenthesis in '${text}'.`);
    if (!quote && depth === 0 && c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (depth !== 0 || quote) throw errors.querySyntax(`Unbalanced parenthesis or quote in '${text}'.`);
  out.push(cur);
  return out;
}

function parseExpand(text: string): ExpandOption[] {
  return splitTop(text, ',').map((item) => {
    const t = item.trim();
    const m = /^([A-Za-z_]\w*)(?:\((.*)\))?$/s.exec(t);
    if (!m) throw errors.querySyntax(`Invalid $expand '${t}'.`);
    const nested: Record<string, string> = {};
    if (m[2] !== undefined && m[2].trim()) {
      for (const opt of splitTop(m[2], ';')) {
        const eq = opt.indexOf('=');
        if (eq < 0) throw errors.querySyntax(`Invalid nested option '${opt}' in $expand.`);
        const k = opt.slice(0, eq).trim();
        if (!SUPPORTED.has(k)) throw new BcError(400, 'BadRequest', `The query parameter '${k}' is not supported.`);
        nested[k] = opt.slice(eq + 1);
      }
    }
    return { name: m[1], options: parseOptionMap(nested) };
  });
}

// ---- $filter -----------------------------------------------------------------------------------

type Token = { t: 'lp' | 'rp' | 'comma' } | { t: 'word'; v: string } | { t: 'lit'; lit: Literal };

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})/;
/** Texts that compare() treats as instants when both sides look like this. */
export const DATETIME_PATTERN = DATETIME_RE;
const DATE_RE = /^\d{4}-\d{2}-\d{2}(?![\dT:])/;
const NUMBER_RE = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[mMdDfFlL]?/;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(') { tokens.push({ t: 'lp' }); i++; continue; }
    if (c === ')') { tokens.push({ t: 'rp' }); i++; continue; }
    if (c === ',') { tokens.push({ t: 'comma' }); i++; continue; }
    if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= src.length) throw errors.querySyntax(`Unterminated string literal at position ${i} in '${src}'.`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") { v += "'"; i += 2; continue; }
          i++;
          break;
        }
        v += src[i++];
      }
      tokens.push({ t: 'lit', lit: { kind: 'string', value: v } });
      continue;
    }
    const rest = src.slice(i);
    let m = GUID_RE.exec(rest);
    if (m) { tokens.push({ t: 'lit', lit: { kind: 'guid', value: m[0].toLowerCase() } }); i += m[0].length; continue; }
    m = DATETIME_RE.exec(rest);
    if (m) {
      const time = Date.parse(m[0]);
      if (Number.isNaN(time)) throw errors.querySyntax(`Invalid date-time '${m[0]}'.`);
      tokens.push({ t: 'lit', lit: { kind: 'datetime', value: m[0], time } });
      i += m[0].length;
      continue;
    }
    m = DATE_RE.exec(rest);
    if (m) { tokens.push({ t: 'lit', lit: { kind: 'date', value: m[0] } }); i += m[0].length; continue; }
    m = NUMBER_RE.exec(rest);
    if (m && !/^[A-Za-z_]/.test(rest)) {
      const raw = m[0].replace(/[mMdDfFlL]$/, '');
      tokens.push({ t: 'lit', lit: { kind: 'number', value: Number(raw), raw } });
      i += m[0].length;
      continue;
    }
    m = /^[A-Za-z_][\w/.]*/.exec(rest);
    if (m) {
      const w = m[0];
      if (w === 'true' || w === 'false') tokens.push({ t: 'lit', lit: { kind: 'boolean', value: w === 'true' } });
      else if (w === 'null') tokens.push({ t: 'lit', lit: { kind: 'null' } });
      else tokens.push({ t: 'word', v: w });
      i += w.length;
      continue;
    }
    throw errors.querySyntax(`Syntax error at position ${i} in '${src}'.`);
  }
  return tokens;
}

const CMP = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

export function parseFilter(src: string): FilterNode {
  if (!src.trim()) throw errors.querySyntax('The $filter expression is empty.');
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const fail = (what: string): BcError => errors.querySyntax(`${what} at token ${pos + 1} in '${src}'.`);
  const isWord = (tok: Token | undefined, v: string): boolean => !!tok && tok.t === 'word' && tok.v.toLowerCase() === v;

  const parseOr = (): FilterNode => {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      pos++;
      left = { type: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterNode => {
    let left = parseNot();
    while (isWord(peek(), 'and')) {
      pos++;
      left = { type: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): FilterNode => {
    if (isWord(peek(), 'not')) {
      pos++;
      return { type: 'not', operand: parseNot() };
    }
    return parseCmp();
  };
  const parseOperand = (): Operand | FilterNode => {
    const tok = peek();
    if (!tok) throw fail('Expression expected');
    if (tok.t === 'lp') {
      pos++;
      const inner = parseOr();
      if (peek()?.t !== 'rp') throw fail("')' expected");
      pos++;
      return inner;
    }
    if (tok.t === 'lit') {
      pos++;
      return { type: 'lit', lit: tok.lit };
    }
    if (tok.t === 'word') {
      pos++;
      const name = tok.v;
      if (peek()?.t === 'lp') {
        const fn = name.toLowerCase();
        pos++;
        const args: Operand[] = [];
        while (peek() && peek()!.t !== 'rp') {
          const a = parseOperand();
          if (!('type' in a) || (a.type !== 'prop' && a.type !== 'lit')) throw fail('Function argument expected');
          args.push(a as Operand);
          if (peek()?.t === 'comma') pos++;
        }
        if (peek()?.t !== 'rp') throw fail("')' expected");
        pos++;
        if (fn === 'contains' || fn === 'startswith' || fn === 'endswith') {
          if (args.length !== 2) throw errors.querySyntax(`The function '${fn}' takes 2 arguments.`);
          return { type: 'fn', name: fn, args };
        }
        if (fn === 'tolower' || fn === 'toupper') {
          if (args.length !== 1 || args[0].type !== 'prop') throw errors.querySyntax(`The function '${fn}' takes one property.`);
          return { type: 'prop', name: args[0].name, transform: fn };
        }
        throw new BcError(400, 'BadRequest', `An unknown function with name '${name}' was found.`);
      }
      if (name.includes('/')) throw new BcError(400, 'BadRequest', `Filtering on navigation property paths ('${name}') is not supported.`);
      return { type: 'prop', name };
    }
    throw fail('Operand expected');
  };
  const parseCmp = (): FilterNode => {
    const left = parseOperand();
    const tok = peek();
    if (tok && tok.t === 'word' && CMP.has(tok.v.toLowerCase())) {
      pos++;
      const right = parseOperand();
      if (!isOperand(left) || !isOperand(right)) throw fail('Comparison operands must be properties or literals');
      return { type: 'cmp', op: tok.v.toLowerCase() as 'eq', left, right };
    }
    if (isOperand(left)) {
      if (left.type === 'prop') return { type: 'bool', operand: left };
      throw fail('Boolean expression expected');
    }
    return left;
  };
  const node = parseOr();
  if (pos < tokens.length) throw fail('Unexpected token');
  return node;
}

function isOperand(x: Operand | FilterNode): x is Operand {
  return x.type === 'prop' || x.type === 'lit';
}

/** Properties a filter refers to (validated against the entity before evaluation). */
export function filterProperties(node: FilterNode, out: string[] = []): string[] {
  switch (node.type) {
    case 'and':
    case 'or':
      filterProperties(node.left, out);
      filterProperties(node.right, out);
      break;
    case 'not':
      filterProperties(node.operand, out);
      break;
    case 'cmp':
      for (const o of [node.left, node.right]) if (o.type === 'prop') out.push(o.name);
      break;
    case 'fn':
      for (const o of node.args) if (o.type === 'prop') out.push(o.name);
      break;
    case 'bool':
      if (node.operand.type === 'prop') out.push(node.operand.name);
  }
  return out;
}

/** Edm kind of every property of an entity, and which are Code[n] (upper-case) fields. */
export interface FieldKinds {
  get(name: string): EdmKind | undefined;
  has(name: string): boolean;
  codes: Set<string>;
  /** Enum properties a $filter may not compare (enumWire.ts). */
  refused?: Set<string>;
}

export function kindsOf(fields: Array<Pick<FieldDef, 'name'> & { type?: string; enum?: string }>): FieldKinds {
  const map = new Map(fields.map((f) => [f.name, edmKind(f.type)]));
  return {
    get: (n) => map.get(n),
    has: (n) => map.has(n),
    codes: new Set(fields.filter((f) => (f.type ?? '').startsWith('Code')).map((f) => f.name)),
    refused: filterRefusedFields(fields),
  };
}

const EDM: Record<EdmKind, string> = {
  string: 'Edm.String', guid: 'Edm.Guid', decimal: 'Edm.Decimal', int: 'Edm.Int32', boolean: 'Edm.Boolean',
  date: 'Edm.Date', datetime: 'Edm.DateTimeOffset', enum: 'Edm.String', stream: 'Edm.Stream',
};
const LITERAL_EDM: Record<Literal['kind'], string> = {
  string: 'Edm.String', number: 'Edm.Decimal', boolean: 'Edm.Boolean', null: 'null', date: 'Edm.Date', datetime: 'Edm.DateTimeOffset', guid: 'Edm.Guid',
};

function compatible(kind: EdmKind, lit: Literal): boolean {
  if (lit.kind === 'null') return true;
  switch (kind) {
    case 'string':
    case 'enum':
      return lit.kind === 'string';
    case 'guid':
      return lit.kind === 'guid';
    case 'decimal':
    case 'int':
      return lit.kind === 'number';
    case 'boolean':
      return lit.kind === 'boolean';
    case 'date':
      return lit.kind === 'date';
    case 'datetime':
      return lit.kind === 'datetime' || lit.kind === 'date';
    default:
      return false;
  }
}

/** Checks property names and operand types once, before any row is evaluated. */
export function checkFilter(node: FilterNode, kinds: FieldKinds, entityName: string): void {
  for (const p of filterProperties(node)) if (!kinds.has(p)) throw errors.unknownProperty(p, entityName);
  const visit = (n: FilterNode): void => {
    if (n.type === 'and' || n.type === 'or') { visit(n.left); visit(n.right); return; }
    if (n.type === 'not') { visit(n.operand); return; }
    if (n.type === 'cmp') {
      const [prop, lit] = n.left.type === 'prop' ? [n.left, n.right] : [n.right, n.left];
      if (prop.type === 'prop' && kinds.refused?.has(prop.name)) throw refusedEnumComparison(prop.name);
      if (prop.type === 'prop' && lit.type === 'lit') {
        const kind = kinds.get(prop.name)!;
        if (!compatible(kind, lit.lit)) {
          throw new BcError(400, 'BadRequest', `A binary operator with incompatible types was detected. Found operand types '${EDM[kind]}' and '${LITERAL_EDM[lit.lit.kind]}' for operator kind '${n.op}'.`);
        }
      }
      return;
    }
    if (n.type === 'fn') {
      const prop = n.args.find((a) => a.type === 'prop');
      if (prop && prop.type === 'prop' && !['string', 'enum'].includes(kinds.get(prop.name)!)) {
        throw new BcError(400, 'BadRequest', `The function '${n.name}' requires string operands; '${prop.name}' is ${EDM[kinds.get(prop.name)!]}.`);
      }
    }
    if (n.type === 'bool' && n.operand.type === 'prop' && kinds.get(n.operand.name) !== 'boolean') {
      throw new BcError(400, 'BadRequest', `The $filter expression must evaluate to a single boolean value; '${n.operand.name}' is not a boolean.`);
    }
  };
  visit(node);
}

function valueOf(o: Operand, row: Record<string, unknown>): unknown {
  if (o.type === 'lit') return literalValue(o.lit);
  const v = row[o.name];
  if (typeof v === 'string' && o.transform) return o.transform === 'tolower' ? v.toLowerCase() : v.toUpperCase();
  return v;
}

function literalValue(l: Literal): unknown {
  switch (l.kind) {
    case 'null': return null;
    case 'datetime': return l.value;
    default: return l.value;
  }
}

function compare(a: unknown, b: unknown, kind: EdmKind | undefined): number {
  if (a === null || a === undefined || b === null || b === undefined) return a === b || (a == null && b == null) ? 0 : a == null ? -1 : 1;
  if (kind === 'datetime' || (typeof a === 'string' && typeof b === 'string' && DATETIME_RE.test(a) && DATETIME_RE.test(b))) {
    const ta = Date.parse(String(a).length === 10 ? `${a}T00:00:00Z` : String(a));
    const tb = Date.parse(String(b).length === 10 ? `${b}T00:00:00Z` : String(b));
    return ta - tb;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  if (kind === 'guid') return sa.toLowerCase().localeCompare(sb.toLowerCase());
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function evaluate(node: FilterNode, row: Record<string, unknown>, kinds: FieldKinds): boolean {
  switch (node.type) {
    case 'and': return evaluate(node.left, row, kinds) && evaluate(node.right, row, kinds);
    case 'or': return evaluate(node.left, row, kinds) || evaluate(node.right, row, kinds);
    case 'not': return !evaluate(node.operand, row, kinds);
    case 'bool': return valueOf(node.operand, row) === true;
    case 'fn': {
      const [hay, needle] = node.args.map((a) => String(valueOf(a, row) ?? ''));
      if (node.name === 'contains') return hay.includes(needle);
      if (node.name === 'startswith') return hay.startsWith(needle);
      return hay.endsWith(needle);
    }
    case 'cmp': {
      const kind = node.left.type === 'prop' ? kinds.get(node.left.name) : node.right.type === 'prop' ? kinds.get(node.right.name) : undefined;
      let a = valueOf(node.left, row);
      let b = valueOf(node.right, row);
      // Code fields hold upper-case values; BC upper-cases the filter value for them too.
      if (kind === 'string' && typeof a === 'string' && typeof b === 'string' && (node.left.type === 'lit' || node.right.type === 'lit')) {
        const propName = node.left.type === 'prop' ? node.left.name : (node.right as { name: string }).name;
        if (kinds.codes.has(propName)) { a = a.toUpperCase(); b = b.toUpperCase(); }
      }
      const c = compare(a, b, kind);
      switch (node.op) {
        case 'eq': return c === 0;
        case 'ne': return c !== 0;
        case 'gt': return c > 0;
        case 'ge': return c >= 0;
        case 'lt': return c < 0;
        case 'le': return c <= 0;
      }
    }
  }
  return false;
}

export function sortRows(rows: Array<Record<string, unknown>>, orderby: Array<{ name: string; desc: boolean }>, kinds: FieldKinds): void {
  rows.sort((x, y) => {
    for (const o of orderby) {
      const c = compare(x[o.name], y[o.name], kinds.get(o.name));
      if (c !== 0) return o.desc ? -c : c;
    }
    return 0;
  });
}
