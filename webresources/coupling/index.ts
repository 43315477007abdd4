/**
 * Entry of erp_/js/coupling.js, loaded by erp_/html/coupling.html in the dialog Xrm.Navigation.navigateTo opens:
 * reads what to do from `?data=`, the organisation and the user's language (ClientGlobalContext.js.aspx, or the
 * hosting page's Xrm), points the shared request helpers at the organisation's Web API and starts the dialog.
 */
import { normalizeId } from '../../domain/orderValidation';
import { fetchWebApi, setWebApi } from '../lib/webApi';
import { CouplingApp, type DialogResult } from './app';
import { parseDialogInput } from './input';
import { CouplingService } from './service';
import { strings, type PageTexts } from './strings';
import { loadedPageTexts } from '../lib/pageParts';

interface GlobalContext {
  getClientUrl(): string;
  userSettings?: { languageId?: number; userId?: string };
  getUserLcid?(): number;
  getUserId?(): string;
}

function context(win: Window): GlobalContext | null {
  // ClientGlobalContext.js.aspx defines GetGlobalContext() in the page.
  const get = (win as unknown as { GetGlobalContext?: () => GlobalContext }).GetGlobalContext;
  if (typeof get === 'function') return get();
  try {
    const xrm = (win.parent as unknown as { Xrm?: { Utility?: { getGlobalContext(): GlobalContext } } }).Xrm;
    return xrm?.Utility?.getGlobalContext() ?? null;
  } catch {
    return null;
  }
}

/**
 * Closes the dialog. There is no client API for a web resource to close the dialog it is shown in: the result is
 * left in window.returnValue and the platform's own close button is pressed (same origin); a page opened on its own
 * closes its window instead. navigateTo's promise resolves on close, and the command refreshes the form or grid.
 */
export function closeDialog(win: Window, result: DialogResult): void {
  (win as unknown as { returnValue?: unknown }).returnValue = result;
  let button: HTMLElement | null = null;
  try {
    if (win.parent && win.parent !== win) {
      const candidates = win.parent.document.querySelectorAll<HTMLElement>('button[data-id="dialogCloseIconButton"]');
      button = candidates[candidates.length - 1] ?? null;
    }
  } catch {
    button = null;
  }
  if (button) button.click();
  else win.close();
}

export async function boot(root: HTMLElement, win: Window = window): Promise<CouplingApp | null> {
  const texts = loadedPageTexts<PageTexts>('coupling', win); // erp_/js/coupling.texts.js, loaded by the tag before this script
  const ctx = context(win);
  const lcid = ctx?.userSettings?.languageId ?? ctx?.getUserLcid?.() ?? (win.navigator.language.toLowerCase().startsWith('fr') ? 1036 : 1033);
  const parsed = parseDialogInput(win.location.search);
  if (!parsed.ok) {
    root.textContent = strings(lcid, texts)('badInput', { problem: parsed.problem });
    root.setAttribute('role', 'alert');
    return null;
  }
  const clientUrl = (ctx?.getClientUrl() ?? win.location.origin).replace(/\/+$/, '');
  setWebApi(fetchWebApi(`${clientUrl}/api/data/v9.2/`));
  const userId = ctx?.userSettings?.userId ?? ctx?.getUserId?.() ?? null;
  const service = new CouplingService(userId ? normalizeId(userId) : null);
  const app = new CouplingApp(root, { input: parsed.input, service, lcid, texts, close: (r) => closeDialog(win, r) });
  await app.start();
  return app;
}

const root = typeof document !== 'undefined' ? document.getElementById('erp-coupling') : null;
if (root) {
  boot(root).catch((e: Error) => {
    root.textContent = e.message;
    root.setAttribute('role', 'alert');
  });
}
