/**
 * A main form's FormXml (systemform.formxml of the org, after `npm run configure-forms`, or a form a solution ships)
 * → the page's FormDef: tabs, sections, fields, the custom controls declared in controlDescriptions (web form
 * factor first) with their bindings, subgrids, the timeline, form libraries and event handlers.
 */
import { childElements, firstChild, parseXml, type Element } from '../../../../solution/tools/xml';
import type { FormControl, FormDef, FormEventRegistration, FormSection, FormTab, Labels } from '../../shared/model';

export const ClassIds = {
  subgrid: 'e7a81278-8635-4d9e-8d4d-59480b391c5b',
  timeline: '06375649-c143-495e-a496-c962e5b4488e',
} as const;

/** Lines subgrids: relationship → the lookup on the child table that points to the parent. */
const RELATIONSHIP_LOOKUPS: Record<string, string> = {
  order_details: 'salesorderid',
  quote_details: 'quoteid',
  invoice_details: 'invoiceid',
};

const normId = (id: string | null | undefined) => (id ?? '').replace(/[{}]/g, '').toLowerCase();

function labelsOf(el: Element | undefined): Labels {
  const out: Labels = {};
  const ls = el ? firstChild(el, 'labels') : undefined;
  for (const l of ls ? childElements(ls, 'label') : []) out[l.getAttribute('languagecode') ?? ''] = l.getAttribute('description') ?? '';
  return out;
}

function all(root: Element, tag: string): Element[] {
  const out: Element[] = [];
  const nodes = root.getElementsByTagName(tag);
  for (let i = 0; i < nodes.length; i++) out.push(nodes[i] as Element);
  return out;
}

interface CustomControlDecl {
  name: string;
  bindings: Record<string, { attribute?: string; static?: string; type?: string }>;
}

/** controlDescription (by control uniqueid) → the custom control for the web (formFactor 2), else any form factor. */
function customControls(form: Element): Map<string, CustomControlDecl> {
  const out = new Map<string, CustomControlDecl>();
  const descs = firstChild(form, 'controlDescriptions');
  for (const d of descs ? childElements(descs, 'controlDescription') : []) {
    const candidates = childElements(d, 'customControl').filter((c) => c.getAttribute('name'));
    const chosen = candidates.find((c) => c.getAttribute('formFactor') === '2') ?? candidates[0];
    if (!chosen) continue;
    const bindings: CustomControlDecl['bindings'] = {};
    const params = firstChild(chosen, 'parameters');
    for (const p of params ? childElements(params) : []) {
      const value = (p.textContent ?? '').trim();
      if (p.getAttribute('static') === 'true') bindings[p.tagName] = { static: value, type: p.getAttribute('type') ?? undefined };
      else bindings[p.tagName] = { attribute: value, type: p.getAttribute('type') ?? undefined };
    }
    out.set(normId(d.getAttribute('forControl')), { name: chosen.getAttribute('name') ?? '', bindings });
  }
  return out;
}

function cellControl(cell: Element, customs: Map<string, CustomControlDecl>, entity: string): FormControl | null {
  const control = firstChild(cell, 'control');
  if (!control) return null;
  const classId = normId(control.getAttribute('classid'));
  const id = control.getAttribute('id') ?? '';
  const custom = customs.get(normId(control.getAttribute('uniqueid')));
  const labels = labelsOf(cell);
  if (custom) {
    return { kind: 'pcf', id, control: custom.name, labels, bindings: custom.bindings, showLabel: cell.getAttribute('showlabel') !== 'false' };
  }
  if (classId === ClassIds.subgrid) {
    const params = firstChild(control, 'parameters');
    const target = params ? (firstChild(params, 'TargetEntityType')?.textContent ?? '') : '';
    const relationship = params ? (firstChild(params, 'RelationshipName')?.textContent ?? '') : '';
    return {
      kind: 'subgrid',
      id,
      entity: target,
      relationshipAttribute: RELATIONSHIP_LOOKUPS[relationship] ?? `${entity}id`,
      // Order products also show what the ERP shipped and what waits (written by the connector per line).
      columns: ['productid', 'productdescription', 'quantity', ...(target === 'salesorderdetail' ? ['quantityshipped', 'quantitybackordered'] : []), 'uomid', 'priceperunit', 'extendedamount'],
      labels,
    };
  }
  if (classId === ClassIds.timeline) return { kind: 'timeline', id, labels };
  const field = control.getAttribute('datafieldname');
  if (!field) return null;
  return { kind: 'field', attribute: field, labels: Object.keys(labels).length ? labels : undefined, readOnly: control.getAttribute('disabled') === 'true' };
}

export function parseFormXml(entity: string, formId: string, names: Labels, formXml: string, source: FormDef['source']): { form: FormDef; events: FormEventRegistration[] } {
  const form = parseXml(formXml, `${entity} form ${formId}`).documentElement!;
  const customs = customControls(form);
  const tabs: FormTab[] = [];
  const tabsEl = firstChild(form, 'tabs');
  for (const tab of tabsEl ? childElements(tabsEl, 'tab') : []) {
    if (tab.getAttribute('visible') === 'false') continue;
    const sections: FormSection[] = [];
    for (const section of all(tab, 'section')) {
      if (section.getAttribute('visible') === 'false') continue;
      const controls: FormControl[] = [];
      for (const cell of all(section, 'cell')) {
        if (cell.getAttribute('visible') === 'false') continue;
        const c = cellControl(cell, customs, entity);
        if (c) controls.push(c);
      }
      if (controls.length) sections.push({ id: section.getAttribute('name') ?? normId(section.getAttribute('id')), labels: labelsOf(section), columns: Number(section.getAttribute('columns') ?? '1') > 1 ? 2 : 1, controls });
    }
    if (sections.length) tabs.push({ id: tab.getAttribute('name') ?? normId(tab.getAttribute('id')), labels: labelsOf(tab), sections });
  }
  const header = firstChild(form, 'header');
  const headerFields = header
    ? all(header, 'control')
        .map((c) => c.getAttribute('datafieldname') ?? '')
        .filter(Boolean)
    : [];
  const libs = firstChild(form, 'formLibraries');
  const libraries = libs ? childElements(libs, 'Library').map((l) => l.getAttribute('name') ?? '') : [];
  const events: FormEventRegistration[] = [];
  const eventsEl = firstChild(form, 'events');
  for (const ev of eventsEl ? childElements(eventsEl, 'event') : []) {
    const name = (ev.getAttribute('name') ?? '').toLowerCase();
    if (name !== 'onload' && name !== 'onsave' && name !== 'onchange') continue;
    for (const h of all(ev, 'Handler')) {
      if (h.getAttribute('enabled') === 'false') continue;
      events.push({
        entity,
        event: name,
        attribute: ev.getAttribute('attribute') ?? undefined,
        library: h.getAttribute('libraryName') ?? '',
        functionName: h.getAttribute('functionName') ?? '',
        passExecutionContext: h.getAttribute('passExecutionContext') === 'true',
      });
    }
  }
  return { form: { entity, id: normId(formId), names, headerFields, tabs, libraries, source }, events };
}
