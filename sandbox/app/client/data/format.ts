/** Displays a column value in the user's language: choice labels from metadata, dates and numbers for the locale. */
import { locale } from '../i18n';
import type { Metadata } from './metadata';
import { formattedName, type EntityRecord } from './webApi';

export function lookupOf(record: EntityRecord, attribute: string): { id: string; name: string; entityType: string } | null {
  const key = `_${attribute}_value`;
  const id = record[key];
  if (typeof id !== 'string' || !id) return null;
  return {
    id,
    name: (record[formattedName(key)] as string | undefined) ?? id,
    entityType: (record[`${key}@Microsoft.Dynamics.CRM.lookuplogicalname`] as string | undefined) ?? '',
  };
}

/** A date-only value (yyyy-mm-dd) is a calendar day, read as local midnight; anything else as the instant it is. */
function formatWith(value: string | Date, options: Intl.DateTimeFormatOptions): string {
  const d = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T00:00:00` : value) : value;
  return Number.isNaN(d.getTime()) ? String(value) : new Intl.DateTimeFormat(locale(), options).format(d);
}

export function formatDate(value: string | Date, dateOnly: boolean): string {
  return formatWith(value, dateOnly ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' });
}

/** A date in the locale's short numeric form (13/11/2026, 11/13/26): what dense back-office tables show, as BC does. */
export function formatShortDate(value: string): string {
  return formatWith(value, { dateStyle: 'short' });
}

export function formatNumber(value: number, digits?: number): string {
  return new Intl.NumberFormat(locale(), digits === undefined ? { maximumFractionDigits: 5 } : { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** The text a grid cell or a read-only field shows. */
export function displayValue(meta: Metadata, entity: string, attribute: string, record: EntityRecord): string {
  const info = meta.attribute(entity, attribute);
  if (meta.isLookup(entity, attribute)) return lookupOf(record, attribute)?.name ?? '';
  const raw = record[attribute];
  if (raw === null || raw === undefined || raw === '') return '';
  switch (info?.type) {
    case 'picklist':
    case 'state':
    case 'status':
      return info.options?.length ? meta.optionLabel(entity, attribute, raw as number) : ((record[formattedName(attribute)] as string | undefined) ?? String(raw));
    case 'boolean': {
      const f = record[formattedName(attribute)];
      if (typeof f === 'string') return f;
      return raw ? '✓' : '—';
    }
    case 'datetime':
      return formatDate(raw as string, typeof raw === 'string' && raw.length === 10);
    case 'money': {
      const f = record[formattedName(attribute)];
      return typeof f === 'string' ? f : formatNumber(raw as number, 2);
    }
    case 'decimal':
    case 'double':
    case 'integer':
    case 'bigint':
      return formatNumber(raw as number);
    default:
      return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  }
}
