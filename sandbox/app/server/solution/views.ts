/**
 * SavedQuery (FetchXML + LayoutXML) → ViewDef. The page turns a ViewDef into one OData query (fetchToOData),
 * because the Web API takes OData; the FetchXML operators views use map one to one.
 */
import { childElements, firstChild, textOf, parseXml, type Element } from '../../../../solution/tools/xml';
import type { FetchFilter, Labels, ViewDef } from '../../shared/model';

function parseFilter(el: Element): FetchFilter {
  return {
    type: el.getAttribute('type') === 'or' ? 'or' : 'and',
    conditions: childElements(el, 'condition').map((c) => {
      const values = childElements(c, 'value').map((v) => v.textContent ?? '');
      const single = c.getAttribute('value');
      return { attribute: c.getAttribute('attribute') ?? '', operator: c.getAttribute('operator') ?? 'eq', values: single !== null && single !== '' ? [single] : values };
    }),
    filters: childElements(el, 'filter').map(parseFilter),
  };
}

/** An XML fragment inside a savedquery is either inline elements or escaped text (exports use both). */
function inner(el: Element | undefined, tag: string): Element | undefined {
  if (!el) return undefined;
  const direct = firstChild(el, tag);
  if (direct) return direct;
  const text = (el.textContent ?? '').trim();
  return text.startsWith('<') ? parseXml(text, tag).documentElement ?? undefined : undefined;
}

export function parseSavedQuery(entity: string, sq: Element, source: ViewDef['source']): ViewDef | null {
  const fetch = inner(firstChild(sq, 'fetchxml'), 'fetch');
  const grid = inner(firstChild(sq, 'layoutxml'), 'grid');
  const ent = fetch ? firstChild(fetch, 'entity') : undefined;
  if (!ent || !grid) return null;
  const row = firstChild(grid, 'row');
  const names: Labels = {};
  const localized = firstChild(sq, 'LocalizedNames');
  for (const ln of localized ? childElements(localized, 'LocalizedName') : []) names[ln.getAttribute('languagecode') ?? ''] = ln.getAttribute('description') ?? '';
  const filters = childElements(ent, 'filter').map(parseFilter);
  return {
    id: (textOf(sq, 'savedqueryid') ?? '').replace(/[{}]/g, '').toLowerCase(),
    entity,
    names,
    isDefault: textOf(sq, 'isdefault') === '1',
    queryType: Number(textOf(sq, 'querytype') ?? '0'),
    columns: row ? childElements(row, 'cell').map((c) => ({ name: c.getAttribute('name') ?? '', width: Number(c.getAttribute('width') ?? '150') })) : [],
    attributes: childElements(ent, 'attribute').map((a) => a.getAttribute('name') ?? ''),
    orders: childElements(ent, 'order').map((o) => ({ attribute: o.getAttribute('attribute') ?? '', descending: o.getAttribute('descending') === 'true' })),
    // Several top-level filters are AND-ed, as FetchXML does.
    filter: { type: 'and', conditions: [], filters },
    source,
  };
}
