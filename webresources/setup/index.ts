/**
 * Entry of erp_/js/setup.js, loaded by erp_/html/setup.html: finds the organisation and the user's language
 * (ClientGlobalContext.js.aspx, or the hosting form's Xrm) and starts the page on the Web API of that organisation.
 */
import { SetupApp } from './app';
import type { SetupData } from './data';
import { loadedPagePart, loadedPageTexts } from '../lib/pageParts';
import type { PageTexts } from './strings';

interface GlobalContext {
  getClientUrl(): string;
  userSettings?: { languageId?: number };
  getUserLcid?(): number;
}

function context(): GlobalContext | null {
  // ClientGlobalContext.js.aspx defines GetGlobalContext() in the page.
  const get = (window as unknown as { GetGlobalContext?: () => GlobalContext }).GetGlobalContext;
  if (typeof get === 'function') return get();
  const xrm = (window.parent as unknown as { Xrm?: { Utility?: { getGlobalContext(): GlobalContext } } }).Xrm;
  return xrm?.Utility?.getGlobalContext() ?? null;
}

export async function boot(root: HTMLElement): Promise<void> {
  // Registered by erp_/js/setup.texts.js and erp_/js/setup.data.js, loaded by the tags before this script.
  const texts = loadedPageTexts<PageTexts>('setup');
  const webApiData = loadedPagePart<(baseUrl: string) => SetupData>('setup', 'data');
  const ctx = context();
  const clientUrl = ctx?.getClientUrl() ?? window.location.origin;
  const lcid = ctx?.userSettings?.languageId ?? ctx?.getUserLcid?.() ?? (navigator.language.toLowerCase().startsWith('fr') ? 1036 : 1033);
  const org = clientUrl.replace(/\/+$/, '');
  const recordUrl = (table: string, id: string): string => `${org}/main.aspx?pagetype=entityrecord&etn=${encodeURIComponent(table)}&id=${encodeURIComponent(id)}`;
  const app = new SetupApp(root, { data: webApiData(`${org}/api/data/v9.2/`), lcid, texts, recordUrl });
  await app.start();
}

const root = typeof document !== 'undefined' ? document.getElementById('erp-setup') : null;
if (root) {
  boot(root).catch((e: Error) => {
    root.textContent = e.message;
    root.setAttribute('role', 'alert');
  });
}
