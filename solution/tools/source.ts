/**
 * Reads the unpacked solution source (the layout `pac solution unpack` writes) into DOM fragments.
 * Built artefacts (control bundles, web-resource bundles) are read from out/ by the packer, not here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseXml, childElements, firstChild, type Document, type Element } from './xml';

export interface SourceEntity {
  folder: string;
  entity: Element; // <Entity>
  ribbonDiff?: Element; // <RibbonDiffXml> from RibbonDiff.xml
  forms: { type: string; file: string; systemform: Element }[];
  savedQueries: Element[];
}

export interface SourceWebResource {
  name: string;
  dataXml: Element; // <WebResource>
  dataFile: string;
  /** The file the content comes from in the source tree, when it is not a build output. */
  sourceFile: string;
}

export interface SolutionSource {
  root: string;
  solution: Document;
  customizations: Document;
  entities: SourceEntity[];
  roles: { file: string; role: Element }[];
  relationships: { file: string; relationship: Element }[];
  webResources: SourceWebResource[];
  environmentVariables: { schemaName: string; folder: string; files: string[] }[];
}

const readXml = (file: string) => parseXml(fs.readFileSync(file, 'utf8'), file);
const listDir = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

function walk(dir: string): string[] {
  return listDir(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return fs.statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export function readSource(root: string): SolutionSource {
  const need = (rel: string) => {
    const p = path.join(root, rel);
    if (!fs.existsSync(p)) throw new Error(`${p} is missing: the solution source needs it (the layout of pac solution unpack).`);
    return p;
  };
  const solution = readXml(need('Other/Solution.xml'));
  const customizations = readXml(need('Other/Customizations.xml'));

  const entities = listDir(path.join(root, 'Entities')).map((folder): SourceEntity => {
    const dir = path.join(root, 'Entities', folder);
    const entity = readXml(path.join(dir, 'Entity.xml')).documentElement!;
    const ribbonFile = path.join(dir, 'RibbonDiff.xml');
    const forms = listDir(path.join(dir, 'FormXml')).flatMap((type) =>
      listDir(path.join(dir, 'FormXml', type))
        .filter((f) => f.endsWith('.xml'))
        .flatMap((f) => {
          const file = path.join(dir, 'FormXml', type, f);
          return childElements(readXml(file).documentElement!, 'systemform').map((systemform) => ({ type, file, systemform }));
        }),
    );
    const savedQueries = listDir(path.join(dir, 'SavedQueries')).map((f) => readXml(path.join(dir, 'SavedQueries', f)).documentElement!);
    return { folder, entity, ribbonDiff: fs.existsSync(ribbonFile) ? readXml(ribbonFile).documentElement! : undefined, forms, savedQueries };
  });

  const roles = listDir(path.join(root, 'Roles'))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => ({ file: path.join(root, 'Roles', f), role: readXml(path.join(root, 'Roles', f)).documentElement! }));

  const relationships = listDir(path.join(root, 'Other', 'Relationships')).flatMap((f) => {
    const file = path.join(root, 'Other', 'Relationships', f);
    return childElements(readXml(file).documentElement!, 'EntityRelationship').map((relationship) => ({ file, relationship }));
  });

  const wrDir = path.join(root, 'WebResources');
  const webResources = walk(wrDir)
    .filter((f) => f.endsWith('.data.xml'))
    .map((dataFile): SourceWebResource => {
      const dataXml = readXml(dataFile).documentElement!;
      const name = firstChild(dataXml, 'Name')?.textContent ?? '';
      if (!name) throw new Error(`${dataFile} has no <Name>: every web resource needs its unique name (e.g. erp_/js/salesorder.js).`);
      return { name, dataXml, dataFile, sourceFile: dataFile.slice(0, -'.data.xml'.length) };
    });

  const envDir = path.join(root, 'environmentvariabledefinitions');
  const environmentVariables = listDir(envDir).map((schemaName) => ({
    schemaName,
    folder: path.join(envDir, schemaName),
    files: walk(path.join(envDir, schemaName)),
  }));

  return { root, solution, customizations, entities, roles, relationships, webResources, environmentVariables };
}
