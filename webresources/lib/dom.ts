/** Plain-DOM element building for the HTML web resources (setup page, coupling dialog): no framework to ship. */
export type Child = Node | string | null | undefined | false;

/** `h('button', { type: 'button', text: 'OK', disabled: true }, child…)`: `text` sets textContent, true → empty attribute, false/undefined → absent. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | number | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}
