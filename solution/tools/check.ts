/**
 * Checks a solution zip, ours or a real Dataverse export, and lists its components.
 * Errors make an import fail or a feature break; warnings are things we could not verify.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import JSZip from 'jszip';
import { XMLSerializer as XMLSerializerLike } from '@xmldom/xmldom';
import { parseXml, childElements, firstChild, textOf, type Document } from './xml';
import { ComponentType, componentTypeName, STANDARD_PRIVILEGE_ENTITIES, PRIVILEGE_VERBS, MISC_PRIVILEGES } from './componentTypes';
import { layeredSchemasDir } from './schemaLayer';
import { checkShape } from './checkShape';

export interface Problem {
  severity: 'error' | 'warning';
  file: string;
  message: string;
  fix: string;
}

export interface Component {
  type: number;
  typeName: string;
  name: string;
  detail?: string;
}

export interface CheckResult {
  uniqueName?: string;
  version?: string;
  managed?: boolean;
  components: Component[];
  problems: Problem[];
}

export const SCHEMAS_DIR = path.resolve(__dirname, '../schemas');
const ROOT_FILES = ['[Content_Types].xml', 'solution.xml', 'customizations.xml'];
const MAX_WEB_RESOURCE_BYTES = 5 * 1024 * 1024;

/**
 * Runs xmllint on a document against the 9.0 schemas with the post-9.0 layer (schemaLayer.ts); returns every error
 * line xmllint prints (empty when valid).
 */
export function xsdErrors(xml: string, schema: string, label: string): string[] {
  const which = spawnSync('xmllint', ['--version']);
  if (which.error) return [`xmllint is not installed, so ${label} could not be validated. Install it with: apt-get install -y libxml2-utils`];
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'erpcheck-')), label.replace(/[^\w.-]/g, '_'));
  fs.writeFileSync(tmp, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', path.join(layeredSchemasDir(SCHEMAS_DIR), schema), tmp], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
  if (r.status === 0) return [];
  return r.stderr
    .split('\n')
    .filter((l) => l.trim() && !/fails to validate$/.test(l))
    .map((l) => l.replace(tmp, label));
}

/** Real exports carry root attributes the 9.0 schema does not declare; validating without them is what the schema README advises. */
function withoutUndeclaredRootAttributes(doc: Document): string {
  const root = doc.documentElement!;
  for (const a of ['OrganizationVersion', 'OrganizationSchemaType', 'CRMServerServiceabilityVersion']) root.removeAttribute(a);
  return new XMLSerializerLike().serializeToString(doc);
}

const looksLikeDevelopmentBundle = (js: string) => /\beval\("/.test(js) || /sourceMappingURL=data:/.test(js) || /\/\/# sourceURL=webpack/.test(js);

export interface CheckOptions {
  expectVersion?: string;
  /**
   * The unique name of the solution we build. Findings about a package that is not ours that would not stop its
   * import (a development bundle in someone else's web resource) are warnings. Unset: every package is held to our rules.
   */
  ownSolution?: string;
}

export async function checkSolutionZip(zipBytes: Buffer, opts: CheckOptions = {}): Promise<CheckResult> {
  const problems: Problem[] = [];
  const components: Component[] = [];
  const err = (file: string, message: string, fix: string) => problems.push({ severity: 'error', file, message, fix });
  const warn = (file: string, message: string, fix: string) => problems.push({ severity: 'warning', file, message, fix });

  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes);
  } catch (e) {
    err('(zip)', `The file is not a readable zip: ${(e as Error).message}.`, 'Export the solution again, or rebuild it with npm run build.');
    return { components, problems };
  }
  const entries = new Map<string, JSZip.JSZipObject>();
  zip.forEach((p, f) => {
    if (!f.dir) entries.set(p.replace(/^\//, ''), f);
  });
  for (const name of entries.keys()) {
    if (name.includes('\\')) err(name, 'The entry name uses a backslash.', 'Zip entries must use forward slashes; rebuild the zip with a zip tool that writes them.');
  }
  const missing = ROOT_FILES.filter((f) => !entries.has(f));
  if (missing.length) {
    err('(zip)', `The solution file is invalid. The compressed file must contain the following files at its root: solution.xml, customizations.xml, and [Content_Types].xml. Missing: ${missing.join(', ')}.`, 'Zip the folder contents, not the folder itself, and keep the three files at the root.');
    return { components, problems };
  }

  const docs = new Map<string, Document>();
  for (const [name, f] of entries) {
    if (!name.toLowerCase().endsWith('.xml')) continue;
    try {
      docs.set(name, parseXml(await f.async('string'), name));
    } catch (e) {
      err(name, (e as Error).message, 'Correct the XML (an unescaped & or < is the usual cause).');
    }
  }
  const solution = docs.get('solution.xml');
  const customizations = docs.get('customizations.xml');
  if (!solution || !customizations) return { components, problems };

  // solution.xml
  const manifest = firstChild(solution.documentElement!, 'SolutionManifest');
  const uniqueName = textOf(manifest, 'UniqueName');
  const version = textOf(manifest, 'Version');
  const managed = textOf(manifest, 'Managed') === '1';
  if (!uniqueName) err('solution.xml', 'SolutionManifest has no UniqueName.', 'Add <UniqueName> to Other/Solution.xml.');
  if (!version || !/^\d+\.\d+\.\d+\.\d+$/.test(version)) err('solution.xml', `Version "${version ?? ''}" is not a four-part version.`, 'Use major.minor.build.revision, e.g. 1.0.0.0.');
  if (opts.expectVersion && version !== opts.expectVersion) err('solution.xml', `Version is ${version}, expected ${opts.expectVersion} from package.json.`, 'The packer stamps the version: rebuild with npm run build:solution.');
  const prefix = textOf(firstChild(manifest!, 'Publisher'), 'CustomizationPrefix');
  if (!prefix) err('solution.xml', 'The publisher has no CustomizationPrefix.', 'Add <CustomizationPrefix> to the publisher in Other/Solution.xml.');

  const ours = !opts.ownSolution || opts.ownSolution === uniqueName;

  // customizations.xml against the official schema with the post-9.0 layer; every error, not the first few.
  for (const line of xsdErrors(withoutUndeclaredRootAttributes(customizations), 'CustomizationsSolution.xsd', 'customizations.xml')) {
    err('customizations.xml', line, 'Fix the element named (spelling, order, or a value the schema does not allow); see solution/schemas/README.md and solution/tools/schemaLayer.ts.');
  }

  // What the package holds
  const c = customizations.documentElement!;
  const entities = childElements(firstChild(c, 'Entities') ?? c, 'Entity');
  const entityNames = new Map<string, string>(); // logical name → schema name
  for (const e of entities) {
    const schema = firstChild(e, 'Name')?.textContent ?? '';
    entityNames.set(schema.toLowerCase(), schema);
    const attrs = childElements(firstChild(firstChild(firstChild(e, 'EntityInfo') ?? e, 'entity') ?? e, 'attributes') ?? e, 'attribute');
    components.push({ type: ComponentType.entity, typeName: componentTypeName[1], name: schema.toLowerCase(), detail: `${attrs.length} columns` });
    for (const a of attrs) {
      const ln = textOf(a, 'LogicalName') ?? a.getAttribute('PhysicalName')?.toLowerCase() ?? '';
      if (textOf(a, 'IsCustomField') === '1') components.push({ type: ComponentType.attribute, typeName: componentTypeName[2], name: `${schema.toLowerCase()}.${ln}`, detail: textOf(a, 'Type') });
    }
  }
  const roles = childElements(firstChild(c, 'Roles') ?? c, 'Role');
  for (const r of roles) components.push({ type: ComponentType.role, typeName: componentTypeName[20], name: r.getAttribute('name') ?? '', detail: `${childElements(firstChild(r, 'RolePrivileges') ?? r, 'RolePrivilege').length} privileges` });
  const webResources = childElements(firstChild(c, 'WebResources') ?? c, 'WebResource');
  const webResourceNames = new Set(webResources.map((w) => textOf(w, 'Name') ?? ''));
  for (const w of webResources) components.push({ type: ComponentType.webResource, typeName: componentTypeName[61], name: textOf(w, 'Name') ?? '', detail: `type ${textOf(w, 'WebResourceType')}` });
  const controls = childElements(firstChild(c, 'CustomControls') ?? c, 'CustomControl');
  for (const cc of controls) components.push({ type: ComponentType.customControl, typeName: componentTypeName[66], name: textOf(cc, 'Name') ?? '' });
  const envVars = [...entries.keys()].filter((n) => /^environmentvariabledefinitions\/[^/]+\/environmentvariabledefinition\.xml$/i.test(n)).map((n) => n.split('/')[1]);
  for (const v of envVars) components.push({ type: ComponentType.environmentVariableDefinition, typeName: componentTypeName[380], name: v });
  for (const r of childElements(firstChild(c, 'EntityRelationships') ?? c, 'EntityRelationship')) components.push({ type: ComponentType.relationship, typeName: componentTypeName[10], name: r.getAttribute('Name') ?? '' });

  // Root components resolve, and every top-level component has one.
  const roots = childElements(firstChild(manifest!, 'RootComponents') ?? manifest!, 'RootComponent');
  const rootKey = (type: number, name: string) => `${type}:${name.toLowerCase().replace(/[{}]/g, '')}`;
  const present = new Set<string>();
  for (const e of entityNames.keys()) present.add(rootKey(1, e));
  for (const r of roles) present.add(rootKey(20, r.getAttribute('id') ?? ''));
  for (const w of webResourceNames) present.add(rootKey(61, w));
  for (const cc of controls) present.add(rootKey(66, textOf(cc, 'Name') ?? ''));
  // Environment variable definitions are shipped as files and listed by no RootComponent in real exports (08 K12Portal);
  // a type-380 root is accepted when present but not required.
  const envVarKeys = new Set(envVars.map((v) => rootKey(380, v)));
  const declared = new Set<string>();
  for (const r of roots) {
    const type = Number(r.getAttribute('type'));
    const name = r.getAttribute('schemaName') ?? r.getAttribute('id') ?? '';
    const key = rootKey(type, name);
    declared.add(key);
    if (![1, 20, 61, 66, 380].includes(type)) {
      warn('solution.xml', `Root component type ${type} (${componentTypeName[type] ?? 'unknown'}) "${name}" was not verified.`, 'Check it in the target environment after import.');
    } else if (!present.has(key) && !envVarKeys.has(key)) {
      err('solution.xml', `Root component ${componentTypeName[type]} "${name}" is not in the package.`, 'Add the component to the solution source, or remove the RootComponent from Other/Solution.xml.');
    }
  }
  for (const key of present) {
    if (!declared.has(key)) {
      const [type, name] = key.split(':');
      err('solution.xml', `The package holds ${componentTypeName[Number(type)]} "${name}" but no RootComponent names it, so Dataverse will not count it in the solution.`, `Add <RootComponent type="${type}" ... behavior="0"/> to Other/Solution.xml.`);
    }
  }

  // Privileges name tables that exist.
  for (const r of roles) {
    const roleName = r.getAttribute('name') ?? '';
    for (const p of childElements(firstChild(r, 'RolePrivileges') ?? r, 'RolePrivilege')) {
      const name = p.getAttribute('name') ?? '';
      if (MISC_PRIVILEGES.has(name)) continue;
      const verb = [...PRIVILEGE_VERBS].sort((a, b) => b.length - a.length).find((v) => name.startsWith(`prv${v}`));
      const table = verb ? name.slice(3 + verb.length) : '';
      const custom = prefix && table.toLowerCase().startsWith(`${prefix.toLowerCase()}_`);
      if (!verb) warn(`Roles/${roleName}`, `Privilege ${name} has no known verb.`, 'Check the privilege name in the target environment.');
      else if (custom && entityNames.get(table.toLowerCase()) !== table) {
        const hint = entityNames.has(table.toLowerCase()) ? `use the schema name ${entityNames.get(table.toLowerCase())} (privileges are case-sensitive)` : `add the table ${table} to the solution or remove the privilege`;
        err(`Roles/${roleName}`, `Privilege ${name} names table ${table}, which this solution does not define.`, hint);
      } else if (!custom && !STANDARD_PRIVILEGE_ENTITIES.has(table) && !entityNames.has(table.toLowerCase())) {
        warn(`Roles/${roleName}`, `Privilege ${name} names ${table}, which is not a table this checker knows.`, 'Make sure the table exists in the target environment (standard tables use historical names: salesorder → Order).');
      }
    }
  }

  // Web resources: files present, size, no development bundle; ribbons and forms call only packaged libraries.
  for (const w of webResources) {
    const file = (textOf(w, 'FileName') ?? '').replace(/^\//, '');
    const entry = entries.get(file);
    if (!entry) {
      err('customizations.xml', `Web resource ${textOf(w, 'Name')} points at ${file}, which is not in the zip.`, 'Rebuild the web resources (npm run build:webresources) and the solution.');
      continue;
    }
    const bytes = await entry.async('nodebuffer');
    if (bytes.length > MAX_WEB_RESOURCE_BYTES) err(file, `Web resource is ${bytes.length} bytes, above the 5 MB default limit.`, 'Build in production mode and drop unused dependencies.');
    if (textOf(w, 'WebResourceType') === '3' && looksLikeDevelopmentBundle(bytes.toString('utf8'))) {
      // Ours must be a production build; in someone else's package it slows their forms but does not stop an import.
      (ours ? err : warn)(file, 'This JavaScript web resource is a development build (eval or inline source map).', ours ? 'Build it in production mode (npm run build:webresources).' : 'Ask the package\'s publisher for a production build; it imports as it is.');
    }
  }
  const xmlText = new XMLSerializerLike().serializeToString(customizations);
  const libraries = new Set([...xmlText.matchAll(/\$webresource:([^"'&<\s]+)/g)].map((m) => m[1]));
  for (const lib of libraries) {
    if (webResourceNames.has(lib)) continue;
    // A library under the package's own publisher prefix must be in it; any other (the platform's
    // AppCommon/Account/Account_main_system_library.js, another solution's) is looked up in the target environment.
    const own = !!prefix && lib.toLowerCase().startsWith(`${prefix.toLowerCase()}_`);
    if (own) err('customizations.xml', `A ribbon command or form calls $webresource:${lib}, which is not in the package.`, `Add the web resource ${lib} to the solution (WebResources/${lib}.data.xml) or fix the library name.`);
    else warn('customizations.xml', `A ribbon command or form calls $webresource:${lib}, which is not in the package (a platform library or another solution's).`, 'Make sure the target environment has it; the import does not check.');
  }

  // Controls: manifest present, bundle is a production build, version stamped.
  for (const cc of controls) {
    const name = textOf(cc, 'Name') ?? '';
    const manifestDoc = docs.get(`Controls/${name}/ControlManifest.xml`);
    if (!manifestDoc) {
      err('customizations.xml', `Custom control ${name} has no Controls/${name}/ControlManifest.xml.`, 'Build the controls (npm run build:controls) and the solution.');
      continue;
    }
    const control = firstChild(manifestDoc.documentElement!, 'control');
    const codePath = control ? firstChild(firstChild(control, 'resources') ?? control, 'code')?.getAttribute('path') : undefined;
    for (const res of childElements(firstChild(control ?? manifestDoc.documentElement!, 'resources') ?? manifestDoc.documentElement!)) {
      const p = res.getAttribute('path');
      if (p && !entries.has(`Controls/${name}/${p}`)) err(`Controls/${name}/ControlManifest.xml`, `The manifest declares ${res.tagName} ${p}, which is not in the zip.`, 'Rebuild the controls and the solution.');
    }
    const bundle = codePath ? entries.get(`Controls/${name}/${codePath}`) : undefined;
    if (bundle && looksLikeDevelopmentBundle(await bundle.async('string'))) err(`Controls/${name}/${codePath}`, 'The control bundle is a development build.', 'Build with pcf-scripts --buildMode production (npm run build:controls).');
    const cv = control?.getAttribute('version');
    if (opts.expectVersion && cv !== opts.expectVersion.split('.').slice(0, 3).join('.')) err(`Controls/${name}/ControlManifest.xml`, `Control version is ${cv}, expected ${opts.expectVersion.split('.').slice(0, 3).join('.')}.`, 'The packer stamps control versions: rebuild with npm run build:solution.');
  }

  // The tables look like an export of them (issue 16: system relationships, schema names, behavior, views, forms).
  const rootList = roots.map((r) => ({ type: Number(r.getAttribute('type')), name: r.getAttribute('schemaName') ?? r.getAttribute('id') ?? '', behavior: Number(r.getAttribute('behavior') ?? 0) }));
  for (const f of checkShape(c, rootList)) problems.push(f);

  // Every part has a content type.
  const ct = docs.get('[Content_Types].xml');
  if (ct) {
    const defaults = new Set(childElements(ct.documentElement!, 'Default').map((d) => (d.getAttribute('Extension') ?? '').toLowerCase()));
    const overrides = new Set(childElements(ct.documentElement!, 'Override').map((d) => (d.getAttribute('PartName') ?? '').replace(/^\//, '')));
    for (const name of entries.keys()) {
      const ext = path.posix.extname(name).slice(1).toLowerCase();
      if (name !== '[Content_Types].xml' && !overrides.has(name) && !(ext && defaults.has(ext))) warn('[Content_Types].xml', `No content type covers ${name}.`, 'Add a Default for its extension or an Override for the part.');
    }
  }
  return { uniqueName, version, managed, components, problems };
}
