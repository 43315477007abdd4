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
