/**
 * The coupling dialog's text lookup: the texts themselves (coupling/texts.ts) come from erp_/js/coupling.texts.js,
 * loaded before the dialog's script (lib/pageParts.ts), and are passed in, so the dialog's script does not carry them.
 */
import { fillTemplate, resolveLcid, templateLocale } from '../../domain/messages';
import type { PageTexts, StringKey } from './texts';

export type { PageTexts, StringKey };

export type Strings = (key: StringKey, params?: Record<string, string | number | null | undefined>) => string;

export function strings(lcid: number, texts: PageTexts): Strings {
  const i = resolveLcid(lcid) === 1036 ? 1 : 0;
  return (key, params = {}) => fillTemplate(texts[key]?.[i] ?? texts[key]?.[0] ?? key, params, templateLocale(lcid));
}
