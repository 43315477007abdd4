/** ControlManifest.xml (as pcf-scripts writes it) → ControlDef. */
import { childElements, firstChild, parseXml } from '../../../../solution/tools/xml';
import type { ControlDef, ControlProperty } from '../../shared/model';

export function parseControlManifest(xml: string, folder: string): ControlDef {
  const doc = parseXml(xml, `${folder}/ControlManifest.xml`);
  const control = firstChild(doc.documentElement!, 'control');
  if (!control) throw new Error(`${folder}/ControlManifest.xml has no <control> element; rebuild the control with npm run build:controls.`);
  const groups = new Map<string, string[]>();
  for (const g of childElements(control, 'type-group')) groups.set(g.getAttribute('name') ?? '', childElements(g, 'type').map((t) => t.textContent ?? ''));
  const properties: ControlProperty[] = childElements(control, 'property').map((p) => {
    const ofType = p.getAttribute('of-type') ?? undefined;
    const typeGroup = p.getAttribute('of-type-group') ?? undefined;
    return {
      name: p.getAttribute('name') ?? '',
      usage: (p.getAttribute('usage') ?? 'input') as ControlProperty['usage'],
      ofType,
      typeGroup,
      types: ofType ? [ofType] : (groups.get(typeGroup ?? '') ?? []),
      required: p.getAttribute('required') === 'true',
      defaultValue: p.getAttribute('default-value') ?? undefined,
    };
  });
  const resources = firstChild(control, 'resources');
  const resx: Record<string, string> = {};
  let code = 'bundle.js';
  const platformLibraries: ControlDef['platformLibraries'] = [];
  for (const r of resources ? childElements(resources) : []) {
    if (r.tagName === 'code') code = r.getAttribute('path') ?? code;
    if (r.tagName === 'platform-library') platformLibraries.push({ name: r.getAttribute('name') ?? '', version: r.getAttribute('version') ?? '' });
    if (r.tagName === 'resx') {
      const path = r.getAttribute('path') ?? '';
      const lcid = /\.(\d{4})\.resx$/i.exec(path)?.[1];
      if (lcid) resx[lcid] = path;
    }
  }
  return {
    name: `${control.getAttribute('namespace')}.${control.getAttribute('constructor')}`,
    folder,
    controlType: control.getAttribute('control-type') ?? 'standard',
    version: control.getAttribute('version') ?? '',
    properties,
    resx,
    code,
    platformLibraries,
  };
}
