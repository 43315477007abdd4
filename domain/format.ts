/**
 * Numbers, amounts and dates in the user's language (userSettings.languageId), with Intl so that an amount
 * keeps the ERP currency (which may differ from the Dataverse record currency).
 */

const LOCALES: Record<number, string> = {
  1025: 'ar-SA', 1028: 'zh-TW', 1029: 'cs-CZ', 1030: 'da-DK', 1031: 'de-DE', 1032: 'el-GR', 1033: 'en-US', 1035: 'fi-FI',
  1036: 'fr-FR', 1037: 'he-IL', 1038: 'hu-HU', 1040: 'it-IT', 1041: 'ja-JP', 1042: 'ko-KR', 1043: 'nl-NL', 1044: 'nb-NO',
  1045: 'pl-PL', 1046: 'pt-BR', 1049: 'ru-RU', 1053: 'sv-SE', 1055: 'tr-TR', 2052: 'zh-CN', 2055: 'de-CH', 2057: 'en-GB',
  2064: 'it-CH', 2067: 'nl-BE', 2070: 'pt-PT', 3079: 'de-AT', 3081: 'en-AU', 3082: 'es-ES', 3084: 'fr-CA', 4105: 'en-CA',
  4108: 'fr-CH', 2060: 'fr-BE', 5132: 'fr-LU',
};

export function localeFor(languageId: number): string {
  return LOCALES[languageId] ?? 'en-US';
}

const DAY_MS = 86_400_000;

export class Formatter {
  readonly locale: string;
  private readonly quantityFormat: Intl.NumberFormat;
  private readonly percentFormat: Intl.NumberFormat;
  private readonly dateFormat: Intl.DateTimeFormat;
  private readonly dateTimeFormat: Intl.DateTimeFormat;
  private readonly relative: Intl.RelativeTimeFormat;
  private readonly currencies = new Map<string, Intl.NumberFormat>();

  constructor(languageId: number) {
    this.locale = localeFor(languageId);
    this.quantityFormat = new Intl.NumberFormat(this.locale, { maximumFractionDigits: 2 });
    this.percentFormat = new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: 0 });
    // Date-only columns come as YYYY-MM-DD: format them in UTC so that no time zone moves them a day.
    this.dateFormat = new Intl.DateTimeFormat(this.locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    this.dateTimeFormat = new Intl.DateTimeFormat(this.locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    this.relative = new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' });
  }

  quantity(value: number | null | undefined): string {
    return typeof value === 'number' ? this.quantityFormat.format(value) : '—';
  }

  amount(value: number | null | undefined, currencyCode: string | null | undefined): string {
    if (typeof value !== 'number') return '—';
    const code = (currencyCode ?? '').trim().toUpperCase();
    let format = this.currencies.get(code);
    if (!format) {
      try {
        format = /^[A-Z]{3}$/.test(code)
          ? new Intl.NumberFormat(this.locale, { style: 'currency', currency: code })
          : new Intl.NumberFormat(this.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      } catch {
        format = new Intl.NumberFormat(this.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      }
      this.currencies.set(code, format);
    }
    return format.format(value);
  }

  /** 0.85 → "85 %" (fr) / "85%" (en). */
  percent(value: number | null | undefined): string {
    return typeof value === 'number' ? this.percentFormat.format(value / 100) : '—';
  }

  dateOnly(value: string | null | undefined): string {
    if (!value) return '—';
    const t = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
    return Number.isNaN(t) ? '—' : this.dateFormat.format(new Date(t));
  }

  dateTime(value: string | null | undefined): string {
    if (!value) return '—';
    const t = Date.parse(value);
    return Number.isNaN(t) ? '—' : this.dateTimeFormat.format(new Date(t));
  }

  /** How long ago, in the largest unit that fits: "5 minutes ago", "il y a 3 heures". */
  age(from: string | null | undefined, now: number): string {
    const t = from ? Date.parse(from) : NaN;
    if (Number.isNaN(t)) return '—';
    const seconds = Math.round((t - now) / 1000);
    if (Math.abs(seconds) < 60) return this.relative.format(seconds, 'second');
    const minutes = Math.round(seconds / 60);
    if (Math.abs(minutes) < 60) return this.relative.format(minutes, 'minute');
    const hours = Math.round(minutes / 60);
    if (Math.abs(hours) < 48) return this.relative.format(hours, 'hour');
    return this.relative.format(Math.round((t - now) / DAY_MS), 'day');
  }
}
