/**
 * `npm run solution:check -- <zip>`: lists a solution zip's components and problems before anyone imports it.
 * Works on our build and on real Dataverse exports. Exit code 1 when there is an error.
 */
import * as fs from 'fs';
import * as path from 'path';
import JSZip from 'jszip';
import { checkSolutionZip } from './check';
import { parseXml, firstChild, textOf } from './xml';

/** The unique name of the solution this repository builds: findings about anyone else's package that would not stop an import are warnings. */
function ownSolution(): string | undefined {
  const file = path.resolve(__dirname, '../src/Other/Solution.xml');
  if (!fs.existsSync(file)) return undefined;
  return textOf(firstChild(parseXml(fs.readFileSync(file, 'utf8'), file).documentElement!, 'SolutionManifest'), 'UniqueName');
}

/** A folder holding an extracted export is zipped in memory, so both shapes are checked alike. */
async function readPackage(file: string): Promise<Buffer> {
  if (!fs.statSync(file).isDirectory()) return fs.readFileSync(file);
  const zip = new JSZip();
  const walk = (dir: string, rel: string): void => {
    for (const n of fs.readdirSync(dir)) {
      const p = path.join(dir, n);
      if (fs.statSync(p).isDirectory()) walk(p, `${rel}${n}/`);
      else zip.file(`${rel}${n}`, fs.readFileSync(p), { createFolders: false });
    }
  };
  walk(file, '');
  return zip.generateAsync({ type: 'nodebuffer' });
}

async function main(): Promise<number> {
  const file = process.argv[2] ?? defaultZip();
  if (!file) {
    console.error('Usage: npm run solution:check -- <solution.zip | extracted folder>   (no zip given and none found in solution/bin: run npm run build first)');
    return 2;
  }
  if (!fs.existsSync(file)) {
    console.error(`${file} does not exist. Give the path of a solution zip.`);
    return 2;
  }
  const r = await checkSolutionZip(await readPackage(file), { ownSolution: ownSolution() });
  console.log(`${path.basename(file)}: ${r.uniqueName ?? '?'} ${r.version ?? '?'} (${r.managed ? 'managed' : 'unmanaged'})`);
  const byType = new Map<string, string[]>();
  for (const c of r.components) byType.set(c.typeName, [...(byType.get(c.typeName) ?? []), c.detail ? `${c.name} (${c.detail})` : c.name]);
  for (const [type, names] of byType) {
    console.log(`\n${type} × ${names.length}`);
    for (const n of names) console.log(`  ${n}`);
  }
  const errors = r.problems.filter((p) => p.severity === 'error');
  const warnings = r.problems.filter((p) => p.severity === 'warning');
  console.log(`\n${errors.length} error(s), ${warnings.length} warning(s)`);
  for (const p of r.problems) console.log(`${p.severity.toUpperCase()} ${p.file}: ${p.message}\n  fix: ${p.fix}`);
  return errors.length ? 1 : 0;
}

function defaultZip(): string | undefined {
  const bin = path.resolve(__dirname, '../bin');
  if (!fs.existsSync(bin)) return undefined;
  const zips = fs.readdirSync(bin).filter((f) => f.endsWith('.zip') && !f.includes('_managed')).map((f) => path.join(bin, f));
  return zips.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

main().then((code) => process.exit(code));
