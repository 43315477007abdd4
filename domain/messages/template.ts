/**
 * Message templates: `{name}` placeholders and ICU-style plurals, `{count, plural, one {# order} other {# orders}}`,
 * so a count reads "1 order" / "3 orders" (French: "0 commande", "1 commande", "2 commandes") instead of "order(s)".
 * Branches: `=N` (exact), then the CLDR category of the number in the user's language (Intl.PluralRules:
 * zero, one, two, few, many, other), then `other`. `#` in a branch is the number, formatted in that language;
 * a branch may hold `{name}` placeholders. `{name, select, a {…} other {…}}` chooses a branch by the value itself. The subset of ICU MessageFormat that translators know
 * (https://unicode-org.github.io/icu/userguide/format_parse/messages/), without a library in every bundle.
 */

export type TemplateParams = Record<string, string | number | null | undefined>;

interface PluralArg {
  name: string;
  /** plural: by the number's CLDR category; select: by the value itself (`{basis, select, incl {…} other {…}}`). */
  kind: 'plural' | 'select';
  branches: Map<string, string>;
}

type Piece = string | { placeholder: string } | PluralArg;

/** Splits a template into text, placeholders and plural arguments. A malformed plural stays as literal text. */
function parse(template: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  let text = '';
  while (i < template.length) {
    const c = template[i];
    if (c !== '{') {
      text += c;
      i++;
      continue;
    }
    const simple = /^\{(\w+)\}/.exec(template.slice(i));
    if (simple) {
      if (text) pieces.push(text);
      text = '';
      pieces.push({ placeholder: simple[1] });
      i += simple[0].length;
      continue;
    }
    const plural = parsePlural(template, i);
    if (plural) {
      if (text) pieces.push(text);
      text = '';
      pieces.push(plural.arg);
      i = plural.end;
      continue;
    }
    text += c;
    i++;
  }
  if (text) pieces.push(text);
  return pieces;
}

/** The index just past the `}` matching the `{` at `open`, or -1. */
function matching(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return j + 1;
  }
  return -1;
}

function parsePlural(s: string, start: number): { arg: PluralArg; end: number } | null {
  const head = /^\{\s*(\w+)\s*,\s*(plural|select)\s*,/.exec(s.slice(start));
  if (!head) return null;
  const end = matching(s, start);
  if (end < 0) return null;
  const body = s.slice(start + head[0].length, end - 1);
  const branches = new Map<string, string>();
  let k = 0;
  while (k < body.length) {
    const sel = (head[2] === 'select' ? /^\s*(\w+)\s*\{/ : /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/).exec(body.slice(k));
    if (!sel) {
      if (body.slice(k).trim() === '') break;
      return null;
    }
    const open = k + sel[0].length - 1;
    const close = matching(body, open);
    if (close < 0) return null;
    branches.set(sel[1], body.slice(open + 1, close - 1));
    k = close;
  }
  return branches.has('other') ? { arg: { name: head[1], kind: head[2] as 'plural' | 'select', branches }, end } : null;
}

/** The names a template uses, placeholders and plural arguments alike, in order, without duplicates. */
export function placeholders(template: string): string[] {
  const names: string[] = [];
  const add = (n: string) => void (names.includes(n) || names.push(n));
  for (const piece of parse(template)) {
    if (typeof piece === 'string') continue;
    if ('placeholder' in piece) add(piece.placeholder);
    else {
      add(piece.name);
      for (const branch of piece.branches.values()) placeholders(branch).forEach(add);
    }
  }
  return names;
}

/**
 * Fills a template in the given BCP 47 locale (plural categories and `#` depend on it). A missing parameter stays
 * visible as `{name}` rather than vanishing.
 */
export function fillTemplate(template: string, params: TemplateParams = {}, locale = 'en-US'): string {
  return parse(template)
    .map((piece) => {
      if (typeof piece === 'string') return piece;
      if ('placeholder' in piece) {
        const value = params[piece.placeholder];
        return value === undefined || value === null ? `{${piece.placeholder}}` : String(value);
      }
      const raw = params[piece.name];
      if (piece.kind === 'select') return fillTemplate(piece.branches.get(String(raw ?? '')) ?? piece.branches.get('other')!, params, locale);
      const n = typeof raw === 'number' ? raw : Number(raw);
      if (raw === undefined || raw === null || raw === '' || !Number.isFinite(n)) return `{${piece.name}}`;
      const branch = piece.branches.get(`=${n}`) ?? piece.branches.get(new Intl.PluralRules(locale).select(n)) ?? piece.branches.get('other')!;
      return fillTemplate(branch.replace(/#/g, new Intl.NumberFormat(locale).format(n)), params, locale);
    })
    .join('');
}
