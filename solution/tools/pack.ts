/**
 * The packer: unpacked solution source + built controls and web resources → an importable unmanaged zip
 * with exactly the parts a Dataverse export holds. Run as `npm run build:solution`; fails on any check error.
 */
import * as fs from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { readSource, type SolutionSource } from './source';
import { assembleCustomizations, type PackedControl, type PackedWebResource } from './assemble';
import { newDocument, el, parseXml, serialize, childElements, firstChild, textOf } from './xml';
import { checkSolutionZip, type Problem } from './check';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface PackOptions {
  sourceDir?: string;
  controlsDir?: string; // pcf-scripts output: out/controls/<Control>/
  webResourcesDir?: string; // esbuild output: out/webresources/<name>
  outDir?: string;
  /** package.json version, e.g. 0.1.0; the solution gets a fourth part from buildNumber. */
  version?: string;
  buildNumber?: number;
}

export function solutionVersion(pkgVersion: string, buildNumber = 0): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(pkgVersion);
  if (!m) throw new Error(`package.json version "${pkgVersion}" is not semver (major.minor.patch). Fix it in package.json.`);
  return `${m[1]}.${m[2]}.${m[3]}.${buildNumber}`;
}

/**
 * Dataverse exports name a web resource file after its name without slashes and dots, keeping `_` and `-`, plus its
 * id: cdsify_/jasmine/test-runner.html → cdsify_jasminetest-runnerhtmlBF8A546C-… (real export 01).
 */
export function exportFileName(name: string, id: string): string {
  return `/WebResources/${name.replace(/[^A-Za-z0-9_-]/g, '')}${id.replace(/[{}-]/g, '').toUpperCase().replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}`;
}

function packWebResources(src: SolutionSource, builtDir: string): PackedWebResource[] {
  return src.webResources.map((w) => {
    const id = textOf(w.dataXml, 'WebResourceId') ?? '';
    if (!/^\{?[0-9a-fA-F-]{36}\}?$/.test(id)) throw new Error(`${w.dataFile}: <WebResourceId> "${id}" is not a GUID. Give the web resource a fixed GUID.`);
    const built = path.join(builtDir, w.name);
    const file = fs.existsSync(built) ? built : fs.existsSync(w.sourceFile) ? w.sourceFile : undefined;
    if (!file) throw new Error(`Web resource ${w.name} has no content: neither ${built} (run npm run build:webresources) nor ${w.sourceFile} exists.`);
    return { name: w.name, fileName: exportFileName(w.name, id), content: fs.readFileSync(file), dataXml: w.dataXml };
  });
}

/** Reads each built control, stamps the version into its manifest and keeps the files the manifest declares. */
function packControls(controlsDir: string, prefix: string, version3: string): PackedControl[] {
  if (!fs.existsSync(controlsDir)) return [];
  return fs.readdirSync(controlsDir).sort().flatMap((folder): PackedControl[] => {
    const dir = path.join(controlsDir, folder);
    const manifestFile = path.join(dir, 'ControlManifest.xml');
    if (!fs.existsSync(manifestFile)) return [];
    const doc = parseXml(fs.readFileSync(manifestFile, 'utf8'), manifestFile);
    const control = firstChild(doc.documentElement!, 'control');
    if (!control) throw new Error(`${manifestFile} has no <control> element: rebuild the control with pcf-scripts.`);
    control.setAttribute('version', version3);
    const declared = childElements(firstChild(control, 'resources') ?? control).map((r) => r.getAttribute('path')).filter((p): p is string => !!p);
    const files = declared.map((rel) => {
      const p = path.join(dir, rel);
      if (!fs.existsSync(p)) throw new Error(`${manifestFile} declares ${rel}, which the build did not write. Rebuild the controls (npm run build:controls).`);
      return { rel, content: fs.readFileSync(p) };
    });
    files.unshift({ rel: 'ControlManifest.xml', content: Buffer.from(serialize(doc, false)) });
    return [{ name: `${prefix}_${control.getAttribute('namespace')}.${control.getAttribute('constructor')}`, files }];
  });
}

function contentTypes(partNames: string[]): string {
  const doc = newDocument('Types', { xmlns: 'http://schemas.openxmlformats.org/package/2006/content-types' });
  const exts = new Set<string>();
  const overrides: string[] = [];
  for (const p of partNames) {
    const ext = path.posix.extname(p).slice(1).toLowerCase();
    if (ext) exts.add(ext);
    else overrides.push(p);
  }
  for (const ext of [...exts].sort()) doc.documentElement!.appendChild(el(doc, 'Default', { Extension: ext, ContentType: 'application/octet-stream' }));
  for (const p of overrides.sort()) doc.documentElement!.appendChild(el(doc, 'Override', { PartName: `/${p}`, ContentType: 'application/octet-stream' }));
  return serialize(doc);
}

export interface PackResult {
  zipPath: string;
  version: string;
  bytes: number;
  problems: Problem[];
}

export async function pack(opts: PackOptions = {}): Promise<PackResult> {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const version = solutionVersion(opts.version ?? pkg.version, opts.buildNumber ?? Number(process.env.BUILD_NUMBER ?? 0));
  const src = readSource(opts.sourceDir ?? path.join(REPO_ROOT, 'solution/src'));
  const manifest = firstChild(src.solution.documentElement!, 'SolutionManifest')!;
  const prefix = textOf(firstChild(manifest, 'Publisher'), 'CustomizationPrefix') ?? 'erp';
  const uniqueName = textOf(manifest, 'UniqueName') ?? 'ErpLink';

  firstChild(manifest, 'Version')!.textContent = version;
  firstChild(manifest, 'Managed')!.textContent = '0';
  const webResources = packWebResources(src, opts.webResourcesDir ?? path.join(REPO_ROOT, 'out/webresources'));
  const controls = packControls(opts.controlsDir ?? path.join(REPO_ROOT, 'out/controls'), prefix, version.split('.').slice(0, 3).join('.'));
  const customizations = assembleCustomizations(src, webResources, controls);

  const parts = new Map<string, Buffer | string>();
  parts.set('solution.xml', serialize(src.solution));
  parts.set('customizations.xml', serialize(customizations));
  for (const w of webResources) parts.set(w.fileName.replace(/^\//, ''), w.content);
  for (const c of controls) for (const f of c.files) parts.set(`Controls/${c.name}/${f.rel}`, f.content);
  for (const v of src.environmentVariables) for (const f of v.files) parts.set(`environmentvariabledefinitions/${v.schemaName}/${path.relative(v.folder, f).split(path.sep).join('/')}`, fs.readFileSync(f));

  // A fixed date keeps the zip byte-identical for the same inputs; no folder entries, as in Dataverse exports.
  const zip = new JSZip();
  const entry = { date: new Date('2020-01-01T00:00:00Z'), createFolders: false };
  zip.file('[Content_Types].xml', contentTypes([...parts.keys()]), entry);
  for (const [name, content] of parts) zip.file(name, content, entry);
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  const outDir = opts.outDir ?? path.join(REPO_ROOT, 'solution/bin');
  fs.mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `${uniqueName}_${version.replace(/\./g, '_')}.zip`);
  fs.writeFileSync(zipPath, bytes);
  const { problems } = await checkSolutionZip(bytes, { expectVersion: version, ownSolution: uniqueName });
  return { zipPath, version, bytes: bytes.length, problems };
}

if (require.main === module) {
  pack()
    .then((r) => {
      for (const p of r.problems) console.error(`${p.severity.toUpperCase()} ${p.file}: ${p.message}\n  fix: ${p.fix}`);
      if (r.problems.length) {
        console.error(`\nThe solution has ${r.problems.length} problem(s); ${r.zipPath} must not be imported.`);
        process.exit(1);
      }
      console.log(`Wrote ${path.relative(process.cwd(), r.zipPath)} (version ${r.version}, ${r.bytes} bytes); checks passed.`);
    })
    .catch((e: Error) => {
      console.error(e.message);
      process.exit(1);
    });
}
