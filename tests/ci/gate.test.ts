/**
 * CI is the gate: `.ci/run` runs `npm test`, which lints and type-checks both TypeScript projects before any test,
 * and every TypeScript file of every product folder belongs to one of those projects, so a type error anywhere
 * fails CI. The planted-error part compiles a file with a type error in each folder under the options of the
 * project that covers that folder and expects the compiler to reject it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '../..');
const PRODUCT_FOLDERS = ['connector', 'domain', 'webresources', 'controls', 'sandbox', 'solution', 'bench', 'scripts'];
const PROJECTS = ['tsconfig.node.json', 'tsconfig.json'];

function parseProject(file: string): ts.ParsedCommandLine {
  const read = ts.readConfigFile(path.join(root, file), ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, path.join(root, file));
}

const projects = PROJECTS.map((name) => ({ name, parsed: parseProject(name) }));
const normal = (p: string): string => path.resolve(p).split(path.sep).join('/');
const covered = new Map<string, string>();
for (const p of projects) for (const f of p.parsed.fileNames) covered.set(normal(f), p.name);

function trackedTypeScript(folder: string): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', `${folder}/`], { cwd: root, encoding: 'utf8' });
  return out
    .split('\n')
    .filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && !f.endsWith('.d.ts') && !/\/generated\//.test(f))
    .map((f) => normal(path.join(root, f)));
}

describe('CI gate', () => {
  test('.ci/run runs npm test, and npm test lints and type-checks both projects before building and testing', () => {
    const ci = fs.readFileSync(path.join(root, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    const scripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test.split('&&').map((s) => s.trim())[0]).toBe('npm run lint');
    expect(scripts.lint).toMatch(/^eslint \. && npm run typecheck$/);
    for (const p of PROJECTS) expect(scripts.typecheck).toContain(`tsc -p ${p} --noEmit`);
    // The README shows the same command CI runs.
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('npm ci && npm test');
  });

  test.each(PRODUCT_FOLDERS)('every TypeScript file under %s/ is type-checked by a project', (folder) => {
    const files = trackedTypeScript(folder);
    const missing = files.filter((f) => !covered.has(f)).map((f) => path.relative(root, f));
    expect(missing).toEqual([]);
    // scripts/ holds only .mjs today; every other folder must have TypeScript to check.
    if (folder !== 'scripts') expect(files.length).toBeGreaterThan(0);
  });

  test.each(PRODUCT_FOLDERS)('a planted type error in %s/ is reported by the project covering that folder', (folder) => {
    // The project that already covers a file of this folder; scripts/ (only .mjs today) falls under its include glob.
    const project = projects.find((p) => p.parsed.fileNames.some((f) => normal(f).startsWith(normal(path.join(root, folder)) + '/')))
      ?? projects.find((p) => (p.parsed.raw as { include?: string[] }).include?.includes(folder));
    expect(project).toBeDefined();
    // Planted next to a file the project already checks (includes are folder globs), else at the folder's root.
    const sibling = project!.parsed.fileNames.find((f) => normal(f).startsWith(normal(path.join(root, folder)) + '/'));
    const planted = path.join(sibling ? path.dirname(sibling) : path.join(root, folder), '__planted_type_error__.ts');
    const source = "export const planted: number = 'a';\n";
    const host = ts.createCompilerHost(project!.parsed.options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) =>
      normal(name) === normal(planted) ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
    host.fileExists = ((exists) => (name: string) => normal(name) === normal(planted) || exists(name))(host.fileExists.bind(host));
    const program = ts.createProgram({ rootNames: [planted], options: { ...project!.parsed.options, noEmit: true }, host });
    const diagnostics = program.getSemanticDiagnostics(program.getSourceFile(planted));
    expect(diagnostics.map((d) => d.code)).toContain(2322); // Type 'string' is not assignable to type 'number'.
  });
});

test('jest projects: every test file is in exactly one of unit, unit-dom, integration, integration-dom, e2e', () => {
  const config = require(path.join(root, 'jest.config.js')) as { maxWorkers: number; projects: { displayName: string; testMatch: string[] }[] };
  expect(config.projects.map((p) => p.displayName)).toEqual(['unit', 'unit-dom', 'integration', 'integration-dom', 'e2e']);
  expect(config.maxWorkers).toBeLessThanOrEqual(2);
  const listed = config.projects.flatMap((p) => p.testMatch.filter((f) => !f.includes('__no_test_in_this_layer__')).map(normal));
  const onDisk = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', 'tests/'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.test\.tsx?$/.test(f))
    .map((f) => normal(path.join(root, f)));
  expect(new Set(listed).size).toBe(listed.length);
  expect([...listed].sort()).toEqual([...onDisk].sort());
  const e2e = config.projects.find((p) => p.displayName === 'e2e')!.testMatch.map((f) => path.basename(f));
  expect(e2e).toEqual(expect.arrayContaining(['salespersonDay.test.ts', 'adminSetup.test.ts']));
});
