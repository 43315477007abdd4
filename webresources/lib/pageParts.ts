/**
 * An HTML page's script is shipped in parts, each its own script web resource loaded by an ordinary `<script>` tag
 * in the page, so that each stays within the 30 KB budget (webresources/build/budget.ts): the page's EN/FR texts
 * (erp_/js/<page>.texts.js), for the setup page its Web API client (erp_/js/setup.data.js), then the page script.
 * Scripts without `async`/`defer` run in document order, so the parts are registered (ErpLink.Pages.<page>) when
 * the page script starts. The page references them by relative URL, the documented way for a webpage web resource
 * to use a script web resource (Microsoft Learn, "JavaScript web resources", "Referencing a script web resource
 * from a webpage web resource": "All web resources can use relative URLs to reference each other",
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/script-jscript-web-resources). The same page
 * notes that such references "aren't tracked as solution dependencies": each part is therefore a root component
 * of our solution itself (solution/src/Other/Solution.xml). No RESX for the pages: docs/webresources.md, "Size budget".
 */
import { register } from './namespace';

/** Each key once, its English (1033) and French (1036) text side by side. */
export type TextTable = Readonly<Record<string, readonly [en: string, fr: string]>>;

/** The English and the French catalogue of a text table (the page reads one language at a time). */
export function catalogsOf<T extends TextTable>(texts: T): { en: Record<keyof T, string>; fr: Record<keyof T, string> } {
  const one = (i: 0 | 1) => Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v[i]])) as Record<keyof T, string>;
  return { en: one(0), fr: one(1) };
}

/** Called by erp_/js/<page>.<part>.js: ErpLink.Pages.<page>.<part>. */
export function registerPagePart(page: string, part: string, value: unknown): void {
  const host = globalThis as unknown as { ErpLink?: { Pages?: Record<string, Record<string, unknown>> } };
  register('Pages', { [page]: { ...(host.ErpLink?.Pages?.[page] ?? {}), [part]: value } });
}

export function registerPageTexts(page: string, texts: TextTable): void {
  registerPagePart(page, 'texts', texts);
}

/** Shown when a part's script did not load (404, blocked): without the texts, there is no text in one language. */
export function partMissing(page: string, part: string): string {
  return `ERP Link: part of this page did not load (erp_/js/${page}.${part}.js). Reload the page; if it happens again, check that the ERP Link solution is fully imported and published. / ERP Link : une partie de cette page ne s’est pas chargée (erp_/js/${page}.${part}.js). Rechargez la page ; si cela se reproduit, vérifiez que la solution ERP Link est entièrement importée et publiée.`;
}

/** What erp_/js/<page>.<part>.js registered; throws (with the bilingual message) when that script did not run. */
export function loadedPagePart<T>(page: string, part: string, host: object = globalThis): T {
  const pages = (host as { ErpLink?: { Pages?: Record<string, Record<string, unknown> | undefined> } }).ErpLink?.Pages;
  const value = pages?.[page]?.[part];
  if (value === undefined || value === null) throw new Error(partMissing(page, part));
  return value as T;
}

export function loadedPageTexts<T extends TextTable>(page: string, host: object = globalThis): T {
  return loadedPagePart<T>(page, 'texts', host);
}
