/**
 * The forms the page shows: the org's main forms (systemform rows, as `npm run configure-forms` left them) where the
 * org has one, else a form the imported solution ships, else the sandbox's stand-in layout (defaults/forms.ts).
 * Two additions a Sales org has and the seeded forms may lack: the timeline on tables with an activity wall, and,
 * on a lines subgrid, the control the line table's own form carries (so availability shows per line on the order).
 */
import type { FormControl, FormDef, FormEventRegistration, Labels } from '../shared/model';
import { ERP_SECTION_FIELDS, standardForms } from './defaults/forms';
import { parseFormXml } from './solution/formXml';
import type { SolutionPackage } from './solution/package';
import { XMLSerializer } from '@xmldom/xmldom';

export const TIMELINE_TABLES = ['account', 'salesorder', 'quote', 'invoice'];

export interface SystemFormRow {
  formid: string;
  name: string;
  objecttypecode: string;
  formxml: string;
  formactivationstate?: number;
}

/** Reads the main forms (type 2, active) of the given tables through the Web API. */
export async function readSystemForms(apiRoot: string, token: string, tables: string[]): Promise<SystemFormRow[]> {
  const filter = `type eq 2 and (${tables.map((t) => `objecttypecode eq '${t}'`).join(' or ')})`;
  const r = await fetch(`${apiRoot}systemforms?$select=formid,name,objecttypecode,formxml,formactivationstate&$filter=${encodeURIComponent(filter)}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  if (!r.ok) throw new Error(`Reading the main forms failed with HTTP ${r.status}: ${(await r.text()).slice(0, 300)}`);
  return ((await r.json()) as { value: SystemFormRow[] }).value.filter((f) => f.formactivationstate !== 0);
}

function withTimeline(form: FormDef): FormDef {
  const has = form.tabs.some((t) => t.sections.some((s) => s.controls.some((c) => c.kind === 'timeline')));
  if (has || !TIMELINE_TABLES.includes(form.entity) || form.tabs.length === 0) return form;
  const timeline: FormControl = { kind: 'timeline', id: 'Timeline', labels: { 1033: 'Timeline', 1036: 'Chronologie' } };
  const [first, ...rest] = form.tabs;
  return { ...form, tabs: [{ ...first, sections: [...first.sections, { id: 'timeline', labels: timeline.labels, controls: [timeline] }] }, ...rest] };
}

/** Adds the ERP section (our columns) to an org form that does not show them as fields yet. */
function withErpSection(form: FormDef): FormDef {
  const wanted = ERP_SECTION_FIELDS[form.entity];
  if (!wanted || form.tabs.length === 0) return form;
  const shown = new Set(form.tabs.flatMap((t) => t.sections.flatMap((s) => s.controls.filter((c) => c.kind === 'field').map((c) => (c as { attribute: string }).attribute))));
  const missing = wanted.filter((w) => !shown.has(w.attribute));
  if (!missing.length) return form;
  const section = { id: 'erp_fields', labels: { 1033: 'ERP', 1036: 'ERP' }, controls: missing.map((m): FormControl => ({ kind: 'field', attribute: m.attribute, readOnly: m.readOnly })) };
  const [first, ...rest] = form.tabs;
  const sections = [...first.sections];
  const at = sections.findIndex((s) => s.controls.some((c) => c.kind !== 'field'));
  sections.splice(at < 0 ? sections.length : at, 0, section);
  return { ...form, tabs: [{ ...first, sections }, ...rest] };
}

function withLineControls(form: FormDef, forms: Record<string, FormDef>): FormDef {
  return {
    ...form,
    tabs: form.tabs.map((t) => ({
      ...t,
      sections: t.sections.map((s) => ({
        ...s,
        controls: s.controls.map((c) => {
          if (c.kind !== 'subgrid' || c.lineControl) return c;
          const lineForm = forms[c.entity];
          const pcf = lineForm?.tabs.flatMap((lt) => lt.sections.flatMap((ls) => ls.controls)).find((x): x is Extract<FormControl, { kind: 'pcf' }> => x.kind === 'pcf');
          return pcf ? { ...c, lineControl: { control: pcf.control, bindings: pcf.bindings } } : c;
        }),
      })),
    })),
  };
}

export function assembleForms(systemForms: SystemFormRow[], pkg: SolutionPackage): { forms: Record<string, FormDef>; events: FormEventRegistration[] } {
  const forms: Record<string, FormDef> = {};
  const events: FormEventRegistration[] = [];
  for (const f of standardForms()) forms[f.entity] = f;
  // Forms the solution ships replace the sandbox layout…
  for (const entity of pkg.entities.values()) {
    const sf = entity.forms[0];
    if (!sf) continue;
    const xml = sf.getElementsByTagName('form')[0];
    if (!xml) continue;
    const names: Labels = {};
    const parsed = parseFormXml(entity.logicalName, sf.getElementsByTagName('formid')[0]?.textContent ?? entity.logicalName, names, new XMLSerializer().serializeToString(xml), 'solution');
    forms[entity.logicalName] = parsed.form;
    events.push(...parsed.events);
  }
  // …and the org's own main forms win: they are what users see after install.
  const seen = new Set<string>();
  for (const row of systemForms) {
    if (seen.has(row.objecttypecode)) continue;
    seen.add(row.objecttypecode);
    const parsed = parseFormXml(row.objecttypecode, row.formid, { 1033: row.name, 1036: row.name }, row.formxml, 'solution');
    forms[row.objecttypecode] = withErpSection({ ...parsed.form, source: 'solution' });
    events.push(...parsed.events);
  }
  // A header like the Sales forms' (number, ERP number, amount, status) where the org's form has none.
  const defaults = Object.fromEntries(standardForms().map((f) => [f.entity, f]));
  for (const key of Object.keys(forms)) if (!forms[key].headerFields.length && defaults[key]) forms[key] = { ...forms[key], headerFields: defaults[key].headerFields };
  for (const key of Object.keys(forms)) forms[key] = withTimeline(forms[key]);
  for (const key of Object.keys(forms)) forms[key] = withLineControls(forms[key], forms);
  return { forms, events };
}
