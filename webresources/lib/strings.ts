/**
 * User-visible texts. The only source at run time: the RESX web resources erp_/strings/ErpLink.<lcid>.resx
 * (generated from domain/messages, declared as dependencies of every JS web resource), read with
 * Xrm.Utility.getResourceString (Microsoft's localisation path: translators can ship another language without
 * touching code). The platform picks the user's language RESX, else the org's base language one, and returns null
 * when the key is not in it (https://learn.microsoft.com/power-apps/developer/model-driven-apps/resx-web-resources).
 * No catalogue is compiled into the bundle (issue #19 finding 16: it was 12 KB of every table bundle): both RESX
 * files carry every key (tests/webresources/domain/messages.test.ts, build.test.ts), so null only means the RESX
 * dependency did not load; we then show the key, which names the text, rather than an empty dialog.
 */
import type { MessageKey } from '../../domain/messages/en';
import { fillTemplate } from '../../domain/messages/template';
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
  return fillTemplate(template || key, params, localeFor(userLcid()));
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
