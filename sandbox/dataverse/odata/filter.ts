/**
 * OData `$filter` as Dataverse accepts it: comparisons, and/or/not, null, contains/startswith/endswith, lookup
 * `_x_value`, single-valued navigation paths (primarycontactid/fullname), any/all over collection-valued
 * navigation properties, and the Microsoft.Dynamics.CRM In/NotIn/EqualUserId query functions.
 * Syntax errors carry the position like Dataverse's "Syntax error at position N in '...'".
 */
import { queryError } from '../errors';

export type Literal =
  | { kind: 'literal'; edm: 'string'; value: string }
  | { kind: 'literal'; edm: 'number'; value: number; raw: string }
  | { kind: 'literal'; edm: 'guid'; value: string }
  | { kind: 'literal'; edm: 'datetime'; value: string }
  | { kind: 'literal'; edm: 'date'; value: string }
  | { kind: 'literal'; edm: 'bool'; value: boolean }
  | { kind: 'literal'; edm: 'null'; value: null };

export type Operand = { kind: 'prop'; path: string[] } | Literal;

export type FilterNode =
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { type: 'not'; expr: FilterNode }
  | { type: 'cmp'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; left: Operand; right: Operand }
  | { type: 'fn'; name: 'contains' | 'startswith' | 'endswith'; prop: string[]; value: string }
  | { type: 'lambda'; nav: string; quantifier: 'any' | 'all'; variable?: string; predicate?: FilterNode }
  | { type: 'crm'; name: string; params: Record<string, unknown> }
  | { type: 'bool'; operand: Operand };

type Tok = { t: 'punc'; v: string; pos: number } | { t: 'str'; v: string; pos: number } | { t: 'word'; v: string; pos: number } | { t: 'eof'; pos: number };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?[mMdDfFlL]?/;
const IDENT = /^[A-Za-z_@$][A-Za-z0-9_.]*/;

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const fail = (pos: number): never => {
    throw queryError(`Syntax error at position ${pos} in '${text}'.`);
  };
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if ('(),/:[]='.includes(ch)) {
      toks.push({ t: 'punc', v: ch, pos: i });
      i++;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let out = '';
      for (;;) {
        if (j >= text.length) fail(i);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            out += "'";
            j += 2;
            continue;
          }
          break;
        }
        out += text[j++];
      }
      toks.push({ t: 'str', v: out, pos: i });
      i = j + 1;
      continue;
    }
    const rest = text.slice(i);
    const m = GUID.exec(rest) ?? DATETIME.exec(rest) ?? DATE.exec(rest) ?? (/[-\d]/.test(ch) ? NUMBER.exec(rest) : null) ?? IDENT.exec(rest);
    if (!m) fail(i);
    toks.push({ t: 'word', v: m![0], pos: i });
    i += m![0].length;
  }
  toks.push({ t: 'eof', pos: text.length });
  return toks;
}

const CMP = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

export function parseFilter(text: string): FilterNode {
  const toks = tokenize(text);
  let p = 0;
  const peek = () => toks[p];
  const next = () => toks[p++];
  const fail = (tok: Tok = peek()): never => {
    throw queryError(`Syntax error at position ${tok.pos} in '${text}'.`);
  };
  const isWord = (v: string) => peek().t === 'word' && (peek() as { v: string }).v === v;
  const expectPunc = (v: string) => {
    const t = next();
    if (t.t !== 'punc' || t.v !== v) fail(t);
  };

  const literalOf = (tok: Tok): Literal | undefined => {
    if (tok.t === 'str') return { kind: 'literal', edm: 'string', value: tok.v };
    if (tok.t !== 'word') return undefined;
    const v = tok.v;
    if (v === 'null') return { kind: 'literal', edm: 'null', value: null };
    if (v === 'true' || v === 'false') return { kind: 'literal', edm: 'bool', value: v === 'true' };
    if (GUID.test(v) && v.length === 36) return { kind: 'literal', edm: 'guid', value: v.toLowerCase() };
    if (DATETIME.test(v) && DATETIME.exec(v)![0] === v) return { kind: 'literal', edm: 'datetime', value: v };
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return { kind: 'literal', edm: 'date', value: v };
    if (NUMBER.test(v) && NUMBER.exec(v)![0] === v) return { kind: 'literal', edm: 'number', value: Number(v.replace(/[mMdDfFlL]$/, '')), raw: v };
    return undefined;
  };

  const path = (): string[] => {
    const t = next();
    if (t.t !== 'word' || !IDENT.test(t.v) || literalOf(t)) fail(t);
    const parts = [(t as { v: string }).v];
    while (peek().t === 'punc' && (peek() as { v: string }).v === '/') {
      const save = p;
      next();
      const n = peek();
      if (n.t === 'word' && (n.v === 'any' || n.v === 'all')) {
        p = save;
        break;
      }
      const seg = next();
      if (seg.t !== 'word') fail(seg);
      parts.push((seg as { v: string }).v);
    }
    return parts;
  };

  const operand = (): Operand => {
    const tok = peek();
    const lit = literalOf(tok);
    if (lit) {
      next();
      return lit;
    }
    return { kind: 'prop', path: path() };
  };

  const crmFunction = (name: string): FilterNode => {
    expectPunc('(');
    const params: Record<string, unknown> = {};
    while (!(peek().t === 'punc' && (peek() as { v: string }).v === ')')) {
      const key = next();
      if (key.t !== 'word') fail(key);
      expectPunc('=');
      if (peek().t === 'punc' && (peek() as { v: string }).v === '[') {
        next();
        const values: unknown[] = [];
        while (!(peek().t === 'punc' && (peek() as { v: string }).v === ']')) {
          const lit = literalOf(next());
          if (!lit) fail(toks[p - 1]);
          values.push(lit!.value);
          if (peek().t === 'punc' && (peek() as { v: string }).v === ',') next();
        }
        next();
        params[(key as { v: string }).v] = values;
      } else {
        const lit = literalOf(next());
        if (!lit) fail(toks[p - 1]);
        params[(key as { v: string }).v] = lit!.value;
      }
      if (peek().t === 'punc' && (peek() as { v: string }).v === ',') next();
    }
    expectPunc(')');
    return { type: 'crm', name, params };
  };

  const primary = (): FilterNode => {
    const tok = peek();
    if (tok.t === 'punc' && tok.v === '(') {
      next();
      const e = orExpr();
      expectPunc(')');
      return e;
    }
    if (tok.t === 'word' && tok.v === 'not') {
      next();
      return { type: 'not', expr: primary() };
    }
    if (tok.t === 'word' && ['contains', 'startswith', 'endswith'].includes(tok.v) && toks[p + 1]?.t === 'punc' && (toks[p + 1] as { v: string }).v === '(') {
      next();
      next();
      const prop = path();
      expectPunc(',');
      const lit = literalOf(next());
      if (!lit || lit.edm !== 'string') throw queryError(`The function '${tok.v}' needs a property and a string literal, at position ${tok.pos} in '${text}'.`);
      expectPunc(')');
      return { type: 'fn', name: tok.v as 'contains', prop, value: lit.value as string };
    }
    if (tok.t === 'word' && /^Microsoft\.Dynamics\.CRM\./.test(tok.v)) {
      next();
      return crmFunction(tok.v.slice('Microsoft.Dynamics.CRM.'.length));
    }
    const left = operand();
    if (left.kind === 'prop' && peek().t === 'punc' && (peek() as { v: string }).v === '/') {
      // nav/any(x: predicate) or nav/all(...)
      next();
      const q = next();
      if (q.t !== 'word' || (q.v !== 'any' && q.v !== 'all')) fail(q);
      expectPunc('(');
      if (peek().t === 'punc' && (peek() as { v: string }).v === ')') {
        next();
        return { type: 'lambda', nav: left.path.join('/'), quantifier: (q as { v: string }).v as 'any' };
      }
      const variable = next();
      if (variable.t !== 'word') fail(variable);
      expectPunc(':');
      const predicate = orExpr();
      expectPunc(')');
      return { type: 'lambda', nav: left.path.join('/'), quantifier: (q as { v: string }).v as 'any', variable: (variable as { v: string }).v, predicate };
    }
    const opTok = peek();
    if (opTok.t === 'word' && CMP.has(opTok.v)) {
      next();
      const right = operand();
      return { type: 'cmp', op: opTok.v as 'eq', left, right };
    }
    if (left.kind === 'prop') return { type: 'bool', operand: left };
    return fail(opTok);
  };

  const andExpr = (): FilterNode => {
    let left = primary();
    while (isWord('and')) {
      next();
      left = { type: 'and', left, right: primary() };
    }
    return left;
  };
  const orExpr = (): FilterNode => {
    let left = andExpr();
    while (isWord('or')) {
      next();
      left = { type: 'or', left, right: andExpr() };
    }
    return left;
  };

  if (!text.trim()) throw queryError(`Syntax error at position 0 in '${text}'.`);
  const node = orExpr();
  if (peek().t !== 'eof') fail();
  return node;
}
