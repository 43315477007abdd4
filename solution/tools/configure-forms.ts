/**
 * `npm run configure-forms`: puts the ERP controls on the main forms that already exist in an environment, through
 * the Web API, and publishes those tables. Patching keeps every customisation the organisation made to its forms:
 * importing a system form in an unmanaged solution would replace the whole form instead.
 *
 * It also registers the form scripts (webresources/formRegistrations.ts: library, OnLoad and OnChange handlers) on the
 * order, quote, account and product main forms, so notifications and field locking run after install.
 *
 * Idempotent: a form that already holds the control or the handler is left alone, so running it twice changes nothing.
 * Credentials come from the environment (DATAVERSE_URL + DATAVERSE_TOKEN, or a client-credentials app), as for
 * npm run release.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { AccountColumns, DocumentLineColumns, PUBLISHER_PREFIX, ProductColumns } from '../../domain/schema';
import { xsdErrors } from './check';
import { tokenFor, type ReleaseEnv } from './release';
import { firstChild } from './xml';
import { formRegistrations, type FormRegistration } from '../../webresources/formRegistrations';

/** Classic control classes Dataverse shows where a custom control is not available. */
const ClassId = { text: '{4273EDBD-AC1D-40d3-9FB2-095C621B552D}', lookup: '{270BD3DB-D9AF-4782-9025-509E298DEC0A}' } as const;
/** Form factors a customControl is declared for: web, tablet, phone. */
const FORM_FACTORS = [0, 1, 2] as const;
const LANGUAGES = [1033, 1036] as const;

export type ControlName = 'ItemAvailability' | 'AccountStatistics';

export interface Placement {
  table: string;
  control: ControlName;
  /** Manifest property → column of the form's table; the first one is the column the control sits on. */
  bindings: { property: string; column: string; type: string }[];
  classId: string;
}

/** Where each control goes: the account, product, order product and quote product main forms. */
export const PLACEMENTS: Placement[] = [
  { table: 'account', control: 'AccountStatistics', bindings: [{ property: 'account', column: AccountColumns.customerNumber, type: 'SingleLine.Text' }], classId: ClassId.text },
  { table: 'product', control: 'ItemAvailability', bindings: [{ property: 'product', column: ProductColumns.itemNumber, type: 'SingleLine.Text' }], classId: ClassId.text },
  ...['salesorderdetail', 'quotedetail'].map((table) => ({
    table,
    control: 'ItemAvailability' as const,
    bindings: [
      { property: 'product', column: 'productid', type: 'Lookup.Simple' },
      { property: 'quantity', column: 'quantity', type: 'Decimal' },
      // Ship from here writes the line's ERP location (solution column on salesorderdetail and quotedetail).
      { property: 'shipFrom', column: DocumentLineColumns.locationCode, type: 'SingleLine.Text' },
    ],
    classId: ClassId.lookup,
  })),
];

/** The name Dataverse gives a control of our solution: <publisher prefix>_<namespace>.<constructor>. */
export const customControlName = (control: ControlName) => `${PUBLISHER_PREFIX}_ErpLink.${control}`;

/** Section label in English and French: the control's own ControlLabel resx string, so the texts never drift. */
export function controlLabels(control: ControlName, controlsDir = path.resolve(__dirname, '../../controls')): Record<number, string> {
  const labels: Record<number, string> = {};
  for (const lcid of LANGUAGES) {
    const file = path.join(controlsDir, control, 'strings', `${control}.${lcid}.resx`);
    const doc = new DOMParser().parseFromString(fs.readFileSync(file, 'utf8'), 'text/xml');
    const data = Array.from(doc.getElementsByTagName('data') as unknown as ArrayLike<Element>).find((d) => d.getAttribute('name') === 'ControlLabel');
    const value = data?.getElementsByTagName('value')[0]?.textContent;
    if (!value) throw new Error(`${file} has no ControlLabel string; add it (it is the form section label).`);
    labels[lcid] = value;
  }
  return labels;
}

/** Same form, same control → same ids on every run (uuid-shaped, from a hash). */
function stableGuid(...parts: string[]): string {
  const h = crypto.createHash('sha1').update(parts.join('|')).digest('hex');
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}}`;
}

export type PatchResult = { status: 'added'; formXml: string } | { status: 'present' } | { status: 'noPlace'; reason: string };

function child(doc: Document, parent: Element, name: string, attrs: Record<string, string> = {}): Element {
  const e = doc.createElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  parent.appendChild(e);
  return e;
}

function ensureChild(doc: Document, parent: Element, name: string): Element {
  return firstChild(parent, name) ?? child(doc, parent, name);
}

function addLabels(doc: Document, parent: Element, labels: Record<number, string>): void {
  const list = child(doc, parent, 'labels');
  for (const lcid of LANGUAGES) child(doc, list, 'label', { description: labels[lcid], languagecode: String(lcid) });
}

/**
 * Adds the control in a section of its own at the end of the first column of the first tab, and its description
 * (the custom control for web, tablet and phone, bound to the placement's columns). Everything else in the form
 * is left as it is. Returns 'present' when the form already has this control, wherever an admin moved it.
 */
export function addControlToForm(formXml: string, formId: string, placement: Placement, labels: Record<number, string>): PatchResult {
  const doc = new DOMParser().parseFromString(formXml, 'text/xml');
  const form = doc.documentElement;
  if (!form || form.tagName !== 'form') return { status: 'noPlace', reason: 'the form XML has no <form> root' };
  const name = customControlName(placement.control);
  const existing = Array.from(form.getElementsByTagName('customControl') as unknown as ArrayLike<Element>).some((c) => c.getAttribute('name') === name);
  if (existing) return { status: 'present' };

  const tab = firstChild(firstChild(form, 'tabs') ?? form, 'tab');
  const column = tab ? firstChild(firstChild(tab, 'columns') ?? tab, 'column') : undefined;
  if (!column) return { status: 'noPlace', reason: 'the form has no tab with a column to hold a section' };

  const key = placement.control.toLowerCase();
  const [main] = placement.bindings;
  const controlUniqueId = stableGuid(formId, name, 'control');
  const section = child(doc, ensureChild(doc, column, 'sections'), 'section', {
    name: `${PUBLISHER_PREFIX}_${key}`,
    showlabel: 'true',
    showbar: 'false',
    id: stableGuid(formId, name, 'section'),
    IsUserDefined: '0',
    columns: '1',
  });
  addLabels(doc, section, labels);
  const cell = child(doc, child(doc, child(doc, section, 'rows'), 'row'), 'cell', { id: stableGuid(formId, name, 'cell'), showlabel: 'false', colspan: '1', rowspan: '1' });
  addLabels(doc, cell, labels);
  child(doc, cell, 'control', {
    id: `${PUBLISHER_PREFIX}_${key}_${main.column}`,
    classid: placement.classId,
    datafieldname: main.column,
    disabled: 'false',
    uniqueid: controlUniqueId,
  });

  const description = child(doc, ensureChild(doc, form, 'controlDescriptions'), 'controlDescription', { forControl: controlUniqueId });
  // The classic control first (what Dataverse falls back to), then ours for each form factor.
  child(doc, child(doc, child(doc, description, 'customControl', { id: placement.classId }), 'parameters'), 'datafieldname').appendChild(doc.createTextNode(main.column));
  for (const factor of FORM_FACTORS) {
    const custom = child(doc, description, 'customControl', { id: stableGuid(formId, name, `formFactor${factor}`), formFactor: String(factor), name });
    const parameters = child(doc, custom, 'parameters');
    for (const b of placement.bindings) child(doc, parameters, b.property, { type: b.type }).appendChild(doc.createTextNode(b.column));
  }
  return { status: 'added', formXml: new XMLSerializer().serializeToString(form) };
}

/** Adds the table's script library and its OnLoad/OnChange handlers, each only where it is missing. */
export function addFormScripts(formXml: string, formId: string, registration: FormRegistration): PatchResult {
  const doc = new DOMParser().parseFromString(formXml, 'text/xml');
  const form = doc.documentElement;
  if (!form || form.tagName !== 'form') return { status: 'noPlace', reason: 'the form XML has no <form> root' };
  let changed = false;
  const libraries = ensureChild(doc, form, 'formLibraries');
  const hasLibrary = Array.from(libraries.getElementsByTagName('Library') as unknown as ArrayLike<Element>).some((l) => l.getAttribute('name') === registration.library);
  if (!hasLibrary) {
    child(doc, libraries, 'Library', { name: registration.library, libraryUniqueId: stableGuid(formId, registration.library, 'library') });
    changed = true;
  }
  const events = ensureChild(doc, form, 'events');
  const wanted: { name: string; attribute?: string; functionName: string }[] = [
    ...registration.onLoad.map((h) => ({ name: 'onload', functionName: h.functionName })),
    ...Object.entries(registration.onChange).flatMap(([attribute, hs]) => hs.map((h) => ({ name: 'onchange', attribute, functionName: h.functionName }))),
  ];
  for (const w of wanted) {
    const all = Array.from(events.getElementsByTagName('event') as unknown as ArrayLike<Element>);
    let event = all.find((e) => e.getAttribute('name') === w.name && (e.getAttribute('attribute') ?? undefined) === w.attribute);
    if (!event) event = child(doc, events, 'event', { name: w.name, application: 'false', active: 'false', ...(w.attribute ? { attribute: w.attribute } : {}) });
    const handlers = ensureChild(doc, event, 'Handlers');
    const present = Array.from(handlers.getElementsByTagName('Handler') as unknown as ArrayLike<Element>).some((h) => h.getAttribute('functionName') === w.functionName && h.getAttribute('libraryName') === registration.library);
    if (present) continue;
    child(doc, handlers, 'Handler', {
      functionName: w.functionName,
      libraryName: registration.library,
      handlerUniqueId: stableGuid(formId, w.functionName, w.attribute ?? w.name),
      enabled: 'true',
      parameters: '',
      passExecutionContext: 'true',
    });
    changed = true;
  }
  return changed ? { status: 'added', formXml: new XMLSerializer().serializeToString(form) } : { status: 'present' };
}

export const xmllintAvailable = (): boolean => !spawnSync('xmllint', ['--version']).error;

/** Schema errors the patch introduced (errors the form already had are not ours to judge), without line numbers. */
export function newSchemaErrors(before: string, after: string): string[] {
  const clean = (errors: string[]) => errors.map((e) => e.replace(/^[^:]*:\d+:\s*/, ''));
  const had = new Set(clean(xsdErrors(before, 'FormXml.xsd', 'form-before.xml')));
  return clean(xsdErrors(after, 'FormXml.xsd', 'form-after.xml')).filter((e) => !had.has(e));
}

// ---------------------------------------------------------------------------------------------------------------
// Web API

export interface FormRow {
  formid: string;
  name: string;
  formxml: string;
  formactivationstate?: number;
  '@odata.etag'?: string;
}

export class DataverseClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async call(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const url = `${this.baseUrl.replace(/\/$/, '')}/api/data/v9.2/${pathAndQuery}`;
    const res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, Accept: 'application/json', 'Content-Type': 'application/json', 'OData-Version': '4.0', 'OData-MaxVersion': '4.0', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
      } catch {
        /* not JSON: keep the text */
      }
      const hint =
        res.status === 401
          ? ' Check DATAVERSE_TOKEN or the app registration.'
          : res.status === 403
            ? ' The user needs the System Customizer or System Administrator role to change forms.'
            : res.status === 412
              ? ' Someone changed the form meanwhile: run the command again.'
              : '';
      throw new Error(`${method} ${pathAndQuery.split('?')[0]} failed with HTTP ${res.status}: ${message}.${hint}`);
    }
    return text ? JSON.parse(text) : undefined;
  }

  async mainForms(table: string): Promise<FormRow[]> {
    const r = (await this.call('GET', `systemforms?$select=formid,name,formxml,formactivationstate&$filter=objecttypecode eq '${table}' and type eq 2`)) as { value: FormRow[] };
    return r.value;
  }

  /** If-Match: a form edited by someone else since we read it is not overwritten. */
  async updateFormXml(form: FormRow, formXml: string): Promise<void> {
    await this.call('PATCH', `systemforms(${form.formid})`, { formxml: formXml }, form['@odata.etag'] ? { 'If-Match': form['@odata.etag'] } : {});
  }

  async publish(tables: string[]): Promise<void> {
    const entities = tables.map((t) => `<entity>${t}</entity>`).join('');
    await this.call('POST', 'PublishXml', { ParameterXml: `<importexportxml><entities>${entities}</entities></importexportxml>` });
  }
}

export interface FormOutcome {
  table: string;
  form: string;
  /** The control placed, or 'form scripts' for the library and its handlers. */
  control: ControlName | 'form scripts';
  status: 'added' | 'present' | 'inactive' | 'noPlace' | 'invalid';
  detail?: string;
}

export interface ConfigureOptions {
  dryRun?: boolean;
  tables?: string[];
  controlsDir?: string;
  /** Check the patched form against FormXml.xsd before writing it (needs xmllint). */
  validate?: boolean;
}

async function patchMainForms(
  client: DataverseClient,
  table: string,
  control: FormOutcome['control'],
  patchOf: (form: FormRow) => PatchResult,
  options: ConfigureOptions,
  validate: boolean,
  outcomes: FormOutcome[],
  changed: Set<string>,
): Promise<void> {
  const forms = await client.mainForms(table);
  if (!forms.length) outcomes.push({ table, form: '—', control, status: 'noPlace', detail: 'no main form for this table' });
  for (const form of forms) {
    const base = { table, form: form.name, control };
    if (form.formactivationstate === 0) {
      outcomes.push({ ...base, status: 'inactive' });
      continue;
    }
    const patch = patchOf(form);
    if (patch.status !== 'added') {
      outcomes.push({ ...base, status: patch.status, detail: patch.status === 'noPlace' ? patch.reason : undefined });
      continue;
    }
    if (validate) {
      const errors = newSchemaErrors(form.formxml, patch.formXml);
      if (errors.length) {
        outcomes.push({ ...base, status: 'invalid', detail: errors.join('; ') });
        continue;
      }
    }
    if (!options.dryRun) await client.updateFormXml(form, patch.formXml);
    changed.add(table);
    outcomes.push({ ...base, status: 'added' });
  }
}

export async function configureForms(client: DataverseClient, options: ConfigureOptions = {}): Promise<{ outcomes: FormOutcome[]; published: string[]; validated: boolean }> {
  const outcomes: FormOutcome[] = [];
  const validate = options.validate !== false && xmllintAvailable();
  const changed = new Set<string>();
  // Scripts first, controls second: each pass reads the forms afresh, so every write carries the current ETag.
  const registrations = formRegistrations.filter((r) => !options.tables?.length || options.tables.includes(r.table));
  for (const registration of registrations) {
    await patchMainForms(client, registration.table, 'form scripts', (form) => addFormScripts(form.formxml, form.formid, registration), options, validate, outcomes, changed);
  }
  const placements = PLACEMENTS.filter((p) => !options.tables?.length || options.tables.includes(p.table));
  for (const placement of placements) {
    const labels = controlLabels(placement.control, options.controlsDir);
    await patchMainForms(client, placement.table, placement.control, (form) => addControlToForm(form.formxml, form.formid, placement, labels), options, validate, outcomes, changed);
  }
  const published = [...changed];
  if (published.length && !options.dryRun) await client.publish(published);
  return { outcomes, published, validated: validate };
}

const statusText: Record<FormOutcome['status'], string> = {
  added: 'control added',
  present: 'already there, left as is',
  inactive: 'inactive form, skipped',
  noPlace: 'not changed',
  invalid: 'not changed: the patched form would not be valid FormXml',
};

async function main(): Promise<void> {
  require('dotenv').config();
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--dry-run' && !a.startsWith('--table='));
  if (unknown.length) throw new Error(`Unknown option ${unknown[0]}. Usage: npm run configure-forms -- [--dry-run] [--table=account] …`);
  const env = process.env as ReleaseEnv;
  if (!env.DATAVERSE_URL) throw new Error('Set DATAVERSE_URL to the environment, e.g. https://contoso.crm4.dynamics.com (and DATAVERSE_TOKEN or a client-credentials app).');
  const tables = args.filter((a) => a.startsWith('--table=')).map((a) => a.slice('--table='.length));
  const known = new Set([...PLACEMENTS.map((p) => p.table), ...formRegistrations.map((r) => r.table)]);
  for (const t of tables) if (!known.has(t)) throw new Error(`--table=${t}: ERP Link changes the forms of ${[...known].join(', ')}.`);
  const client = new DataverseClient(env.DATAVERSE_URL, await tokenFor(env));
  const dryRun = args.includes('--dry-run');
  const { outcomes, published, validated } = await configureForms(client, { dryRun, tables });
  if (!validated) console.warn('xmllint is not installed, so the patched forms were not checked against FormXml.xsd (apt-get install -y libxml2-utils).');
  for (const o of outcomes) console.log(`${o.table.padEnd(17)} ${o.form.padEnd(32)} ${(o.control === 'form scripts' ? o.control : customControlName(o.control)).padEnd(30)} ${statusText[o.status]}${o.detail ? ` (${o.detail})` : ''}`);
  if (dryRun) console.log('Dry run: nothing was written.');
  else console.log(published.length ? `Published: ${published.join(', ')}` : 'Nothing to publish: every form already had its controls and scripts.');
  if (outcomes.some((o) => o.status === 'invalid')) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
