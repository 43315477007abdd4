/** RESX files (controls' strings and the web-resource string tables), fetched once and parsed in the browser. */

const cache = new Map<string, Promise<Map<string, string>>>();

export function parseResx(xml: string): Map<string, string> {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const out = new Map<string, string>();
  const data = doc.getElementsByTagName('data');
  for (let i = 0; i < data.length; i++) {
    const d = data[i];
    const name = d.getAttribute('name');
    const value = d.getElementsByTagName('value')[0];
    if (name && value) out.set(name, value.textContent ?? '');
  }
  return out;
}

/** Loads and caches one resx; a missing file is an empty table (the caller decides the fallback). */
export function loadResx(url: string): Promise<Map<string, string>> {
  let p = cache.get(url);
  if (!p) {
    p = fetch(url, { credentials: 'same-origin' }).then(async (r) => (r.ok ? parseResx(await r.text()) : new Map<string, string>()));
    cache.set(url, p);
  }
  return p;
}

/** Synchronous access after preloading: getResourceString and resources.getString are synchronous APIs. */
const loaded = new Map<string, Map<string, string>>();

export async function preloadResx(url: string): Promise<Map<string, string>> {
  const table = await loadResx(url);
  loaded.set(url, table);
  return table;
}

export function loadedResx(url: string): Map<string, string> | undefined {
  return loaded.get(url);
}

/**
 * Xrm.Utility.getResourceString as the platform resolves it (Microsoft Learn, "String (RESX) web resources":
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/resx-web-resources): first the RESX web
 * resource is chosen, the user's language one when it exists, else the org's base language one; then the key is
 * looked up in that one RESX only, and null is returned when it is not there (no per-key fallback to another
 * language, and never the key itself). `tableFor(lcid)` is the loaded RESX of a language, undefined or empty when
 * the solution ships none.
 */
export function resolveResourceString(tableFor: (lcid: number) => Map<string, string> | undefined, userLcid: number, orgLcid: number, key: string): string | null {
  const user = tableFor(userLcid);
  const table = user && user.size ? user : tableFor(orgLcid);
  return table?.get(key) ?? null;
}
