/**
 * Reads an unpacked solution folder (layout of `pac solution unpack`: Other/Solution.xml, Entities/<Name>/Entity.xml,
 * Other/Relationships/*.xml, Roles/*.xml, environmentvariabledefinitions/*) into a SolutionContent. Also turns a
 * parsed customizations.xml (inside a solution zip) into the same shape, so both paths share every rule.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Document, Element } from '@xmldom/xmldom';
import { kid, kids, txt, parseXmlText, parseEntity, parseRelationship, parseRole, parseEnvironmentVariable, serializeXml } from './solutionXml';
import { customObjectTypeCode } from './catalog';
import type { FormDef, SolutionContent } from './types';
import { parseEntityMaps } from '../entityMaps';

const FORM_TYPES: Record<string, number> = { dashboard: 0, main: 2, mobile: 5, quick: 6, quickcreate: 7, card: 11 };

function manifestOf(solutionDoc: Document): Pick<SolutionContent, 'uniqueName' | 'version' | 'managed' | 'publisherPrefix' | 'rootComponents' | 'missingDependencies'> {
  const m = kid(solutionDoc.documentElement as unknown as Element, 'SolutionManifest');
  if (!m) throw new Error('solution.xml has no <SolutionManifest> element.');
  const roots = kids(kid(m, 'RootComponents'), 'RootComponent').map((r) => ({
    type: Number(r.getAttribute('type')),
    schemaName: r.getAttribute('schemaName') ?? undefined,
    id: r.getAttribute('id')?.replace(/[{}]/g, '').toLowerCase() ?? undefined,
    behavior: Number(r.getAttribute('behavior') ?? 0),
  }));
  const missing = kids(kid(m, 'MissingDependencies'), 'MissingDependency').map((d) => {
    const req = kid(d, 'Required');
    const dep = kid(d, 'Dependent');
    const label = (e?: Element) => (e ? `${e.getAttribute('displayName') ?? e.getAttribute('schemaName') ?? e.getAttribute('id') ?? '?'} (type ${e.getAttribute('type')}${e.getAttribute('solution') ? `, solution ${e.getAttribute('solution')}` : ''})` : '?');
    return { required: label(req), dependent: label(dep), requiredSchemaName: req?.getAttribute('schemaName') ?? undefined, requiredType: Number(req?.getAttribute('type')) };
  });
  return {
    uniqueName: txt(m, 'UniqueName') ?? '',
    version: txt(m, 'Version') ?? '0.0.0.0',
    managed: txt(m, 'Managed') === '1',
    publisherPrefix: txt(kid(m, 'Publisher'), 'CustomizationPrefix') ?? '',
    rootComponents: roots,
    missingDependencies: missing,
  };
}

function emptyContent(meta: ReturnType<typeof manifestOf>): SolutionContent {
  return { ...meta, tables: [], extraColumns: [], relationships: [], roles: [], environmentVariables: [], webResources: [], forms: [] };
}

function addEntity(content: SolutionContent, entityEl: Element, warnings: string[]): void {
  const parsed = parseEntity(entityEl, content.uniqueName, customObjectTypeCode);
  warnings.push(...parsed.warnings);
  if (parsed.table) content.tables.push(parsed.table);
  else for (const column of parsed.columns) content.extraColumns.push({ table: parsed.logicalName, column });
  for (const formsEl of kids(kid(entityEl, 'FormXml'), 'forms')) {
    const type = FORM_TYPES[(formsEl.getAttribute('type') ?? 'main').toLowerCase()] ?? 2;
    for (const sf of kids(formsEl, 'systemform')) content.forms.push(formOf(sf, parsed.logicalName, type));
  }
}

function formOf(sf: Element, table: string, type: number): FormDef {
  const form = kid(sf, 'form');
  const name = kids(kid(sf, 'LocalizedNames'), 'LocalizedName').find((l) => l.getAttribute('languagecode') === '1033')?.getAttribute('description') ?? 'Information';
  return { formId: (txt(sf, 'formid') ?? '').replace(/[{}]/g, '').toLowerCase(), table, type, name, formXml: form ? serializeXml(form) : '<form />' };
}

export function readSolutionFolder(root: string, warnings: string[] = []): SolutionContent {
  const need = (rel: string) => {
    const p = path.join(root, rel);
    if (!fs.existsSync(p)) throw new Error(`${p} is missing: a solution source folder needs it (the layout of pac solution unpack).`);
    return p;
  };
  const read = (p: string) => parseXmlText(fs.readFileSync(p, 'utf8'), p);
  const content = emptyContent(manifestOf(read(need('Other/Solution.xml'))));
  const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

  for (const folder of list(path.join(root, 'Entities'))) {
    const file = path.join(root, 'Entities', folder, 'Entity.xml');
    if (!fs.existsSync(file)) continue;
    const entityEl = read(file).documentElement as unknown as Element;
    addEntity(content, entityEl, warnings);
    const formsDir = path.join(root, 'Entities', folder, 'FormXml');
    for (const type of list(formsDir)) {
      for (const f of list(path.join(formsDir, type)).filter((x) => x.endsWith('.xml'))) {
        const doc = read(path.join(formsDir, type, f));
        const root2 = doc.documentElement as unknown as Element;
        const forms = root2.localName === 'systemform' ? [root2] : kids(root2, 'systemform');
        for (const sf of forms) content.forms.push(formOf(sf, folder.toLowerCase(), FORM_TYPES[type.toLowerCase()] ?? 2));
      }
    }
  }
  for (const f of list(path.join(root, 'Other', 'Relationships')).filter((x) => x.endsWith('.xml'))) {
    for (const r of kids(read(path.join(root, 'Other', 'Relationships', f)).documentElement as unknown as Element, 'EntityRelationship')) {
      const parsed = parseRelationship(r);
      if ('skipped' in parsed) warnings.push(parsed.skipped);
      else content.relationships.push(parsed);
    }
  }
  for (const f of list(path.join(root, 'Roles')).filter((x) => x.endsWith('.xml'))) content.roles.push(parseRole(read(path.join(root, 'Roles', f)).documentElement as unknown as Element, content.uniqueName));
  for (const folder of list(path.join(root, 'environmentvariabledefinitions'))) {
    const file = path.join(root, 'environmentvariabledefinitions', folder, 'environmentvariabledefinition.xml');
    if (fs.existsSync(file)) content.environmentVariables.push(parseEnvironmentVariable(read(file)));
  }
  const customizations = path.join(root, 'Other', 'Customizations.xml');
  if (fs.existsSync(customizations)) content.entityMaps = parseEntityMaps(read(customizations).documentElement as unknown as Element);
  return content;
}

/** The same, from the two XML parts of a solution zip. Component problems are thrown by the importer, not here. */
export function readSolutionXml(solutionDoc: Document, customizationsDoc: Document, warnings: string[] = []): SolutionContent {
  const content = emptyContent(manifestOf(solutionDoc));
  const root = customizationsDoc.documentElement as unknown as Element;
  for (const e of kids(kid(root, 'Entities'), 'Entity')) addEntity(content, e, warnings);
  for (const r of kids(kid(root, 'EntityRelationships'), 'EntityRelationship')) {
    const parsed = parseRelationship(r);
    if ('skipped' in parsed) warnings.push(parsed.skipped);
    else content.relationships.push(parsed);
  }
  for (const r of kids(kid(root, 'Roles'), 'Role')) content.roles.push(parseRole(r, content.uniqueName));
  content.entityMaps = parseEntityMaps(root);
  return content;
}
