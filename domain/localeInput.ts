/**
 * What a user types in an editable number or date field, in their locale, and back: "60 000,00" for a French user
 * is 60000, "24/12/2026" is 24 December. Pure, so the sandbox's form fields and any web resource share one rule.
 * The separators and the order of day, month and year come from Intl for the locale, never from a guess.
 */

export type Parsed<T> = { ok: true; value: T | null } | { ok: false };

interface Separators {
  group: string;
  decimal: string;
}

function separators(locale: string): Separators {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  return { group: parts.find((p) => p.type === 'group')?.value ?? ',', decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' };
}

/** Spaces a user may type for a group separator that Intl writes as a no-break or narrow no-break space. */
const SPACES = /[\s\u00a0\u202f]/g;

/** A number as an editable field shows it: grouped, with `fractionDigits` decimals (money) or as many as it has. */
export function numberForInput(value: number | null | undefined, locale: string, fractionDigits?: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  const options: Intl.NumberFormatOptions = fractionDigits === undefined ? { maximumFractionDigits: 10 } : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return new Intl.NumberFormat(locale, options).format(value);
}

/**
 * Reads a number typed in the user's locale. Empty → null. The locale's group separator is ignored (any space
 * counts as one where the locale groups with a space); its decimal separator is the decimal point, and a "." is
 * accepted as one too where the locale does not use it to group (a French user typing 12.5 means 12,5).
 */
export function parseLocaleNumber(text: string, locale: string): Parsed<number> {
  const raw = text.trim();
  if (!raw) return { ok: true, value: null };
  const { group, decimal } = separators(locale);
  const spaceGroup = SPACES.test(group);
  SPACES.lastIndex = 0;
  let s = raw.replace(/[\u2212\u2012\u2013]/g, '-');
  s = spaceGroup ? s.replace(SPACES, '') : s.split(group).join('');
  if (decimal !== '.') {
    if (group === '.' && s.includes('.')) return { ok: false };
    s = s.split(decimal).join('.');
  }
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return { ok: false };
  const n = Number(s);
  return Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
}

type DatePart = 'day' | 'month' | 'year';

/** The order of day, month and year and the separator of the locale's numeric date ("dd/mm/yyyy" in fr-FR). */
function dateLayout(locale: string): { order: DatePart[]; separator: string } {
  const parts = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(new Date(2026, 11, 24));
  const order = parts.filter((p): p is Intl.DateTimeFormatPart & { type: DatePart } => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type);
  const separator = parts.find((p) => p.type === 'literal')?.value ?? '/';
  return { order, separator };
}

/** A calendar date as the locale writes it with digits: 24/12/2026 (fr-FR), 12/24/2026 (en-US). */
export function dateForInput(value: Date | null | undefined, locale: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(value);
}

/** Letters of the pattern hint in the user's language: jj/mm/aaaa in French, dd/mm/yyyy in English. */
const PATTERN_LETTERS: Record<string, Record<DatePart, string>> = {
  fr: { day: 'jj', month: 'mm', year: 'aaaa' },
  en: { day: 'dd', month: 'mm', year: 'yyyy' },
};

export function datePattern(locale: string): string {
  const { order, separator } = dateLayout(locale);
  const letters = PATTERN_LETTERS[locale.slice(0, 2)] ?? PATTERN_LETTERS.en;
  return order.map((p) => letters[p]).join(separator.trim() || '/');
}

/**
 * Reads a date typed in the locale's order (any of / . - or space between the numbers). Empty → null. A two-digit
 * year is in the 2000s. The result is the local midnight of that calendar day; an impossible day (31/02) fails.
 */
export function parseLocaleDate(text: string, locale: string): Parsed<Date> {
  const raw = text.trim();
  if (!raw) return { ok: true, value: null };
  const numbers = raw.split(/[\s/.-]+/).filter(Boolean);
  if (numbers.length !== 3 || numbers.some((n) => !/^\d{1,4}$/.test(n))) return { ok: false };
  const { order } = dateLayout(locale);
  const at = (p: DatePart) => Number(numbers[order.indexOf(p)]);
  let year = at('year');
  if (year < 100) year += 2000;
  const month = at('month');
  const day = at('day');
  const d = new Date(year, month - 1, day);
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day) return { ok: false };
  return { ok: true, value: d };
}
