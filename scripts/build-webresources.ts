/**
 * Builds the web resources: one production IIFE bundle per table (esbuild, minified, no source map, no eval) into
 * out/webresources/erp_/js/<table>.js, the HTML pages (assisted setup, coupling dialog) with their scripts, and
 * the RESX string resources from domain/messages into
 * out/webresources/erp_/strings/ErpLink.<lcid>.resx. The packer takes the contents from there.
 *
 *   npm run build:webresources                       build
 *   npm run build:webresources -- --write-source     also regenerate the solution source this area owns
 *                                                    (Entities/<Table>/RibbonDiff.xml, WebResources/erp_/**.data.xml)
 *   npm run build:webresources -- --check-source     fail when that source differs from what the generators make
 */
import * as fs from 'fs';
import * as path from 'path';
import { bundleScript } from '../webresources/build/bundle';
import { resxWebResources, webResourceBundles } from '../webresources/formRegistrations';
import { resxFor } from '../webresources/build/resx';
import { ribbonDiffFiles } from '../webresources/build/ribbon';
import { webResourceDataFiles } from '../webresources/build/dataXml';
import { buildSetupPage } from '../webresources/setup/build';
import { buildCouplingPage } from '../webresources/coupling/build';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'out', 'webresources');
const SOLUTION_SRC = path.join(ROOT, 'solution', 'src');

export function generatedSourceFiles(): Record<string, string> {
  return { ...ribbonDiffFiles(), ...webResourceDataFiles() };
}

export async function buildBundles(outDir = OUT): Promise<{ name: string; bytes: number }[]> {
  const results: { name: string; bytes: number }[] = [];
  for (const b of webResourceBundles) {
    results.push(await bundleScript(path.join(ROOT, b.entry), outDir, b.name, 'webresources/'));
  }
  for (const r of resxWebResources) {
    const file = path.join(outDir, r.name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, resxFor(r.lcid), 'utf8');
    results.push({ name: r.name, bytes: fs.statSync(file).size });
  }
  return results;
}

function writeSource(): void {
  for (const [rel, content] of Object.entries(generatedSourceFiles())) {
    const file = path.join(SOLUTION_SRC, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, 'utf8');
    console.log(`wrote solution/src/${rel}`);
  }
}

function checkSource(): number {
  let stale = 0;
  for (const [rel, content] of Object.entries(generatedSourceFiles())) {
    const file = path.join(SOLUTION_SRC, rel);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) {
      console.error(`solution/src/${rel} is missing or stale: run npm run build:webresources -- --write-source`);
      stale += 1;
    }
  }
  return stale;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--write-source')) writeSource();
  if (args.includes('--check-source') && checkSource() > 0) process.exit(1);
  const results = [...(await buildBundles()), ...(await buildSetupPage()), ...(await buildCouplingPage())];
  for (const r of results) console.log(`${r.name.padEnd(34)} ${(r.bytes / 1024).toFixed(1).padStart(7)} KB`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
