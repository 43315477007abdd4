/**
 * Message catalog in English (1033) and French (1036) and the one formatter everybody uses.
 * Web resources read the same texts through RESX web resources generated from these catalogs
 * (erp_/strings/ErpLink.<lcid>.resx); the connector and the controls import them directly.
 */
import { en, type MessageKey } from './en';
import { fr } from './fr';
import type { Problem } from '../orderValidation';
import { localeFor } from '../format';
import { fillTemplate } from './template';

export type { MessageKey } from './en';
export { en } from './en';
export { fr } from './fr';

export const SupportedLcids = [1033, 1036] as const;
export type SupportedLcid = (typeof SupportedLcids)[number];

export const catalogs: Record<SupportedLcid, Record<MessageKey, string>> = { 1033: en, 1036: fr };

/**
 * The catalog language for any LCID: French variants (fr-CA 3084, fr-BE 2060, fr-CH 4108, fr-LU 5132, fr-MC 6156)
 * read French; anything else reads English.
 */
export function resolveLcid(lcid: number | null | undefined): SupportedLcid {
  if (lcid === 1036 || lcid === 3084 || lcid === 2060 || lcid === 4108 || lcid === 5132 || lcid === 6156) return 1036;
  return 1033;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export { fillTemplate, placeholders, type TemplateParams } from './template';

/** The BCP 47 locale a catalog text is filled in (plural categories, `#`): the user's own, e.g. fr-CA for 3084. */
export const templateLocale = (lcid: number | null | undefined): string => localeFor(lcid ?? 1033);

/**
 * Text of a message in the user's language, English when the language has no catalog.
 * An unknown code is returned as is (so a new connector code never shows an empty dialog).
 */
export function formatMessage(code: string, params: Record<string, string | number | null | undefined> = {}, lcid: number = 1033): string {
  if (!isMessageKey(code)) return code;
  const template = catalogs[resolveLcid(lcid)][code] || en[code];
  return fillTemplate(template, params, templateLocale(lcid));
}

/** The text of a validation problem. */
export function problemMessage(problem: Pick<Problem, 'code' | 'params'>, lcid: number = 1033): string {
  return formatMessage(problem.code, problem.params, lcid);
}
