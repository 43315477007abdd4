/**
 * The assisted setup page's text lookup: the texts themselves (setup/texts.ts) come from erp_/js/setup.texts.js,
 * loaded before the page script (lib/pageParts.ts), and are passed in, so the page's script does not carry them.
 */
import { fillTemplate, resolveLcid, templateLocale } from '../../domain/messages';
import type { PageTexts, StringKey } from './texts';

export type { PageTexts, StringKey };

export type Strings = (key: StringKey, params?: Record<string, string | number>) => string;

export function strings(lcid: number, texts: PageTexts): Strings {
  const i = resolveLcid(lcid) === 1036 ? 1 : 0;
  return (key, params = {}) => fillTemplate(texts[key][i], params, templateLocale(lcid));
}
