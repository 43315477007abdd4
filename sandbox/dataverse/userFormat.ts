/**
 * Which language and formats a caller's formatted values and localized labels use: the caller's *current* personal
 * options (usersettings.uilanguageid for labels, usersettings.localeid for numbers, currency and dates), not what the
 * user was created with. Dataverse formats the OData.Community.Display.V1.FormattedValue annotations and returns
 * UserLocalizedLabel for the calling user's settings (Learn: "Query data using the Web API" › Formatted values;
 * "usersettings table/entity reference": UILanguageId "Language of the user interface", LocaleId "Unique identifier
 * of the locale of the user", which Personal Options › Formats sets). A user who switches to English in Personal
 * Options sees English labels and English number formats on the next request.
 */
import type { Row } from './store';

export type SupportedLanguage = 1033 | 1036;

/** Our stand-in serves two languages; any other code falls back to English, as the org's base language here. */
function supported(code: unknown, fallback: SupportedLanguage): SupportedLanguage {
  const n = Number(code);
  if (n === 1033 || n === 1036) return n;
  return fallback;
}

export interface UserFormat {
  /** Labels (choices, metadata). */
  languageId: SupportedLanguage;
  /** Numbers, money and dates. */
  localeId: SupportedLanguage;
}

export function userFormat(settings: Row | undefined, seeded: SupportedLanguage): UserFormat {
  const languageId = supported(settings?.uilanguageid, seeded);
  return { languageId, localeId: supported(settings?.localeid, languageId) };
}
