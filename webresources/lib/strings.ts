/**
 * User-visible texts. Primary source: the RESX web resources erp_/strings/ErpLink.<lcid>.resx, declared as
 * dependencies of every JS web resource, read with Xrm.Utility.getResourceString (Microsoft's localisation path:
 * translators can ship another language without touching code). The platform falls back to the org's base
 * language and then returns null, or throws when no RESX matches; in that case we fall back to the English
 * catalog compiled into the bundle, so a user never sees a raw key.
 */
import { en, type MessageKey } from '../../domain/messages/en';
import { fillTemplate, templateLocale } from '../../domain/messages';
import { localeFor } from '../../domain/format';

export const RESX_NAME = 'erp_/strings/ErpLink';

export type Params = Record<string, string | number | null | undefined>;

export function t(key: MessageKey, params: Params = {}): string {
  let template: string | null | undefined;
  try {
    template = Xrm.Utility.getResourceString(RESX_NAME, key);
  } catch {
    template = null;
  }
  if (!template || template === key) template = en[key];
  return fillTemplate(template, params, templateLocale(userLcid()));
}

/** The user's language (LCID), for texts formatted outside the RESX (dates). */
export function userLcid(): number {
  try {
    return Xrm.Utility.getGlobalContext().userSettings.languageId || 1033;
  } catch {
    return 1033;
  }
}

/** The org's base language: posts are shared by everybody, so they use it (as the connector does). */
export function orgLcid(): number {
  try {
    return Xrm.Utility.getGlobalContext().organizationSettings.languageId || 1033;
  } catch {
    return 1033;
  }
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(localeFor(userLcid()), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
