/**
 * Column values on the wire and in the store: JSON → stored value with Dataverse's validation errors, stored value
 * → JSON, and the formatted values (OData.Community.Display.V1.FormattedValue) in the user's language.
 */
import { Codes, DataverseError, payloadError } from './errors';
import type { ColumnDef, TableDef } from './metadata/types';
import { isLookup, type Value } from './store';

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (s: unknown): s is string => typeof s === 'string' && GUID_RE.test(s.replace(/^\{|\}$/g, ''));

const EDM: Record<string, string> = {
  string: 'Edm.String',
  memo: 'Edm.String',
  integer: 'Edm.Int32',
  bigint: 'Edm.Int64',
  decimal: 'Edm.Decimal',
  double: 'Edm.Double',
  money: 'Edm.Decimal',
  boolean: 'Edm.Boolean',
  datetime: 'Edm.DateTimeOffset',
  picklist: 'Edm.Int32',
  state: 'Edm.Int32',
  status: 'Edm.Int32',
  uniqueidentifier: 'Edm.Guid',
  primarykey: 'Edm.Guid',
  timestamp: 'Edm.Int64',
  lookup: 'Edm.Guid',
  customer: 'Edm.Guid',
  owner: 'Edm.Guid',
};
export const edmType = (c: ColumnDef): string => (c.type === 'datetime' && c.dateOnly ? 'Edm.Date' : (EDM[c.type] ?? 'Edm.String'));

const outOfRange = (c: ColumnDef, table: TableDef, v: unknown, code: string = Codes.integerOutOfRange) =>
  new DataverseError(400, code, `A validation error occurred. The value ${String(v)} of '${c.logicalName}' on record of type '${table.logicalName}' is outside the valid range.`);

/** Converts one JSON property value to the stored form, or throws Dataverse's error for it. */
export function fromJson(table: TableDef, c: ColumnDef, v: unknown): Value {
  if (v === null) return null;
  const cannot = () => payloadError(table.entitySetName, `Cannot convert the literal '${typeof v === 'object' ? JSON.stringify(v) : String(v)}' to the expected type '${edmType(c)}'.`);
  switch (c.type) {
    case 'string':
    case 'memo': {
      if (typeof v !== 'string') throw cannot();
      if (c.maxLength !== undefined && v.length > c.maxLength)
        throw new DataverseError(400, Codes.maxLength, `A validation error occurred.  The length of the '${c.logicalName}' attribute of the '${table.logicalName}' entity exceeded the maximum allowed length of '${c.maxLength}'.`);
      return v;
    }
    case 'integer':
    case 'bigint': {
      const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n)) throw cannot();
      if ((c.min !== undefined && n < c.min) || (c.max !== undefined && n > c.max)) throw outOfRange(c, table, n);
      return n;
    }
    case 'decimal':
    case 'double':
    case 'money': {
      const n = typeof v === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw cannot();
      if ((c.min !== undefined && n < c.min) || (c.max !== undefined && n > c.max)) throw outOfRange(c, table, n);
      const p = c.precision ?? (c.type === 'money' ? 2 : 10);
      return Math.round(n * 10 ** p) / 10 ** p;
    }
    case 'boolean':
      if (typeof v !== 'boolean') throw cannot();
      return v;
    case 'datetime': {
      if (typeof v !== 'string') throw cannot();
      if (c.dateOnly) {
        const m = /^(\d{4}-\d{2}-\d{2})(T.*)?$/.exec(v);
        if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) throw payloadError(table.entitySetName, `Cannot convert the literal '${v}' to the expected type 'Edm.Date'.`);
        return m[1];
      }
      if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(v) || Number.isNaN(Date.parse(v))) throw cannot();
      return new Date(v.length === 10 ? `${v}T00:00:00Z` : v).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    case 'picklist':
    case 'state':
    case 'status': {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw cannot();
      const options = c.options ?? [];
      if (!options.some((o) => o.value === v))
        throw new DataverseError(
          400,
          Codes.optionOutOfRange,
          `A validation error occurred. The value ${v} of '${c.logicalName}' on record of type '${table.logicalName}' is outside the valid range. Accepted Values: ${options.map((o) => o.value).join(',')}`,
        );
      return v;
    }
    case 'uniqueidentifier':
    case 'primarykey':
      if (!isGuid(v)) throw cannot();
      return (v as string).replace(/^\{|\}$/g, '').toLowerCase();
    default:
      throw payloadError(table.entitySetName, `The property '${c.logicalName}' cannot be set directly.`);
  }
}

/** Stored value → JSON value (lookups are serialised by the caller as _x_value). */
export function toJson(c: ColumnDef, v: Value | undefined): unknown {
  if (v === undefined || v === null) return null;
  if (isLookup(v)) return v.id;
  if (c.type === 'timestamp') return String(v);
  return v;
}

const YES_NO: Record<number, [string, string]> = { 1033: ['Yes', 'No'], 1036: ['Oui', 'Non'] };
const LOCALE: Record<number, string> = { 1033: 'en-US', 1036: 'fr-FR' };

export interface FormatContext {
  languageId: number;
  /** Numbers, money and dates (usersettings.localeid); labels follow languageId. Defaults to languageId. */
  localeId?: number;
  currencySymbol?: string;
  lookupName?: string | null;
}

/** The FormattedValue annotation for a stored value, as the user's language shows it. */
export function formatted(c: ColumnDef, v: Value | undefined, ctx: FormatContext): string | undefined {
  if (v === undefined || v === null) return undefined;
  const labelLang = ctx.languageId === 1036 ? 1036 : 1033;
  const lang = (ctx.localeId ?? ctx.languageId) === 1036 ? 1036 : 1033;
  const locale = LOCALE[lang];
  switch (c.type) {
    case 'picklist':
    case 'state':
    case 'status': {
      const o = c.options?.find((x) => x.value === v);
      return o ? (o.labels[labelLang] ?? o.labels[1033] ?? String(v)) : String(v);
    }
    case 'boolean':
      return v ? YES_NO[labelLang][0] : YES_NO[labelLang][1];
    case 'money': {
      const n = Number(v).toLocaleString(locale, { minimumFractionDigits: c.precision ?? 2, maximumFractionDigits: c.precision ?? 2 });
      const sym = ctx.currencySymbol ?? '';
      return lang === 1036 ? `${n} ${sym}`.trim() : `${sym}${n}`;
    }
    case 'integer':
    case 'bigint':
      return Number(v).toLocaleString(locale);
    case 'decimal':
    case 'double':
      return Number(v).toLocaleString(locale, { minimumFractionDigits: c.precision ?? 2, maximumFractionDigits: c.precision ?? 2 });
    case 'datetime': {
      const d = new Date(c.dateOnly ? `${String(v)}T00:00:00Z` : String(v));
      const date = d.toLocaleDateString(locale, { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
      if (c.dateOnly) return lang === 1033 ? d.toLocaleDateString('en-US', { timeZone: 'UTC', month: 'numeric', day: 'numeric', year: 'numeric' }) : date;
      const time = d.toLocaleTimeString(locale, { timeZone: 'UTC', hour: lang === 1033 ? 'numeric' : '2-digit', minute: '2-digit' });
      return lang === 1033 ? `${d.toLocaleDateString('en-US', { timeZone: 'UTC', month: 'numeric', day: 'numeric', year: 'numeric' })} ${time}` : `${date} ${time}`;
    }
    case 'lookup':
    case 'customer':
    case 'owner':
      return ctx.lookupName ?? undefined;
    default:
      return undefined;
  }
}

/** Which annotations a `Prefer: odata.include-annotations="..."` asks for. */
export function annotationFilter(prefer: string | undefined): (name: string) => boolean {
  const m = /odata\.include-annotations\s*=\s*"?([^";]*)"?/i.exec(prefer ?? '');
  if (!m) return () => false;
  const patterns = m[1].split(',').map((s) => s.trim()).filter(Boolean);
  return (name) =>
    patterns.some((p) => {
      if (p.startsWith('-')) return false;
      if (p === '*') return true;
      if (p.endsWith('.*')) return name.startsWith(p.slice(0, -1));
      return p === name;
    });
}
