/**
 * ImportSolution / ExportSolution over a solution zip: checks the package the way an import does (root files,
 * well-formed XML, root components present, missing dependencies, managed/unmanaged mismatch) and answers with the
 * error codes and texts of Dataverse's "Web service error codes" list. An accepted zip adds its tables, columns,
 * relationships, roles, forms, web resources and environment variables to the running stand-in.
 */
import JSZip from 'jszip';
import type { Element } from '@xmldom/xmldom';
import { Codes, DataverseError } from './errors';
import { kid, kids, txt, parseXmlText, parseEnvironmentVariable, XmlError } from './metadata/solutionXml';
import { readSolutionXml } from './metadata/solutionSource';
import type { SolutionContent } from './metadata/types';
import type { Engine, RequestContext } from './engine';
import { checkSolutionRoles } from './privilegeCatalog';
import { checkEntityMaps } from './entityMaps';

const ROOT_FILES = ['solution.xml', 'customizations.xml', '[Content_Types].xml'];
/** Component types an export can hold; anything else is an unknown component. */
const KNOWN_TYPES = new Set([1, 2, 3, 9, 10, 20, 26, 29, 31, 36, 59, 60, 61, 62, 63, 65, 66, 68, 70, 71, 80, 90, 91, 92, 93, 95, 150, 151, 152, 153, 154, 155, 161, 162, 165, 166, 201, 202, 208, 210, 300, 371, 372, 380, 381, 400, 401, 402, 430, 431, 432]);

const badZip = () =>
  new DataverseError(
    400,
    Codes.importBadZip,
    'The solution file is invalid. The compressed file must contain the following files at its root: solution.xml, customizations.xml, and [Content_Types].xml. Customization files exported from previous versions of Microsoft Dynamics 365 are not supported.',
  );

export interface ImportResult {
  content: SolutionContent;
  warnings: string[];
}

/** Parses and checks a zip without changing anything (ImportSolution calls apply() afterwards). */
export async function readPackage(zipBytes: Buffer, engine: Engine): Promise<{ content: SolutionContent; zip: JSZip; warnings: string[] }> {
  if (!zipBytes.length) throw badZip();
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(zipBytes);
  } catch {
    throw badZip();
  }
  const names = Object.keys(zip.files);
  const at = (name: string) => names.find((n) => n.toLowerCase() === name.toLowerCase());
  if (ROOT_FILES.some((f) => !at(f))) throw badZip();
  const read = async (name: string) => {
    try {
      return parseXmlText(await zip.file(at(name)!)!.async('string'), name);
    } catch (e) {
      if (e instanceof XmlError) throw new DataverseError(400, Codes.importNotWellFormed, `Invalid customization file. This file is not well formed. ${e.message}`);
      throw e;
    }
  };
  const solutionDoc = await read('solution.xml');
  const customizationsDoc = await read('customizations.xml');
  await read('[Content_Types].xml');
  const warnings: string[] = [];
  let content: SolutionContent;
  try {
    content = readSolutionXml(solutionDoc, customizationsDoc, warnings);
  } catch (e) {
    throw new DataverseError(400, Codes.importNotWellFormed, `Invalid customization file. ${(e as Error).message}`);
  }
  if (!content.uniqueName) throw new DataverseError(400, Codes.importNotWellFormed, 'Invalid customization file. solution.xml has no <UniqueName>.');

  // Web resources: metadata in customizations.xml, content in the file it names.
  const custRoot = customizationsDoc.documentElement as unknown as Element;
  for (const w of kids(kid(custRoot, 'WebResources'), 'WebResource')) {
    const file = (txt(w, 'FileName') ?? '').replace(/^\//, '');
    const entry = file ? zip.file(file) : null;
    content.webResources.push({
      name: txt(w, 'Name') ?? '',
      displayName: txt(w, 'DisplayName') ?? '',
      type: Number(txt(w, 'WebResourceType') ?? 3),
      content: entry ? await entry.async('base64') : '',
    });
    if (file && !entry) warnings.push(`Web resource ${txt(w, 'Name')}: ${file} is not in the zip.`);
  }
  for (const n of names.filter((x) => /^environmentvariabledefinitions\/[^/]+\/environmentvariabledefinition\.xml$/i.test(x))) {
    content.environmentVariables.push(parseEnvironmentVariable(await read(n)));
  }
  const controls = new Set([
    ...kids(kid(custRoot, 'CustomControls'), 'CustomControl').map((c) => txt(c, 'Name') ?? ''),
    ...names.filter((n) => /^Controls\/[^/]+\/ControlManifest\.xml$/i.test(n)).map((n) => n.split('/')[1]),
  ]);

  checkComponents(content, engine, controls);
  checkEntityMaps(content, engine.catalog);
  checkSolutionRoles(engine.catalog, content);
  return { content, zip, warnings };
}

function checkComponents(content: SolutionContent, engine: Engine, controls: Set<string>): void {
  const existingSolution = [...engine.store.rows('solution')].find((s) => String(s.uniquename).toLowerCase() === content.uniqueName.toLowerCase());
  if (existingSolution) {
    const managed = existingSolution.ismanaged === true;
    if (managed && !content.managed)
      throw new DataverseError(400, '0x80048041', 'The solution is already installed on this system as a managed solution and the package supplied is attempting to install it in unmanaged mode. Import can only update solutions when the modes match. Uninstall the current solution and try again.');
    if (!managed && content.managed)
      throw new DataverseError(400, Codes.importManagedMismatch, 'The solution is already installed on this system as an unmanaged solution and the package supplied is attempting to install it in managed mode. Import can only update solutions when the modes match. Uninstall the current solution and try again.');
  }
  const tables = new Set(content.tables.map((t) => t.logicalName));
  const hasTable = (name: string) => tables.has(name) || !!engine.catalog.table(name);
  const missing = content.missingDependencies.filter((d) => !(d.requiredType === 1 && d.requiredSchemaName && hasTable(d.requiredSchemaName.toLowerCase())));
  if (missing.length)
    throw new DataverseError(
      400,
      Codes.importMissingDependencies,
      `The following solution cannot be imported: ${content.uniqueName}. Some dependencies are missing. ${missing.map((d) => `${d.dependent} requires ${d.required}`).join('; ')}.`,
    );

  const roleIds = new Set(content.roles.map((r) => r.id));
  const webResources = new Set(content.webResources.map((w) => w.name.toLowerCase()));
  const envVars = new Set(content.environmentVariables.map((v) => v.schemaName.toLowerCase()));
  const forms = new Set(content.forms.map((f) => f.formId));
  const rooted = new Set<string>();
  for (const rc of content.rootComponents) {
    const name = (rc.schemaName ?? rc.id ?? '').toLowerCase();
    rooted.add(`${rc.type}:${name}`);
    let present = true;
    switch (rc.type) {
      case 1:
        present = tables.has(name) || !!engine.catalog.table(name);
        break;
      case 20:
        present = roleIds.has(name) || engine.catalog.roles.has(name);
        break;
      case 61:
        present = webResources.has(name);
        break;
      case 66:
        present = [...controls].some((c) => c.toLowerCase() === name);
        break;
      case 380:
        present = envVars.has(name);
        break;
      case 60:
        present = forms.has(name.replace(/[{}]/g, ''));
        break;
      default:
        present = KNOWN_TYPES.has(rc.type);
    }
    if (!present) throw new DataverseError(400, Codes.importMissingComponent, `Cannot add a Root Component ${rc.schemaName ?? rc.id} of type ${rc.type} because it is not in the target system.`);
  }
  const notRooted = (type: number, name: string) =>
    new DataverseError(
      400,
      Codes.importMissingRoot,
      `The import has failed because component ${name} of type ${type} is not declared in the solution file as a root component. To fix this, import again using the XML file that was generated when you exported the solution.`,
    );
  for (const t of content.tables) if (!rooted.has(`1:${t.logicalName}`)) throw notRooted(1, t.logicalName);
  for (const r of content.roles) if (!rooted.has(`20:${r.id}`)) throw notRooted(20, r.id);
  for (const w of content.webResources) if (!rooted.has(`61:${w.name.toLowerCase()}`)) throw notRooted(61, w.name);
  // Environment variable definitions need no type-380 root: Dataverse's own exports ship them without one (real export
  // 08, ../shared/reference/real-exports/, a managed Microsoft solution that imports as it is).
}

/** ExportSolution: the imported package with solution.xml's <Managed> set as asked. */
export async function exportPackage(stored: Buffer, managed: boolean): Promise<Buffer> {
  const zip = await JSZip.loadAsync(stored);
  const name = Object.keys(zip.files).find((n) => n.toLowerCase() === 'solution.xml')!;
  const xml = await zip.file(name)!.async('string');
  zip.file(name, xml.replace(/<Managed>\s*\d\s*<\/Managed>/, `<Managed>${managed ? 1 : 0}</Managed>`));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export type { RequestContext };
