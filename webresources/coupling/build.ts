/**
 * The coupling dialog's web resources: erp_/html/coupling.html (the page) and erp_/js/coupling.js (its production
 * IIFE bundle). scripts/build-webresources.ts calls buildCouplingPage; the packer takes both from out/webresources.
 * Their solution source (WebResources/erp_/{html,js}/coupling.*.data.xml) is generated from formRegistrations.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');

export async function buildCouplingPage(outDir = path.join(ROOT, 'out', 'webresources')): Promise<Array<{ name: string; bytes: number }>> {
  const html = path.join(outDir, 'erp_/html/coupling.html');
  fs.mkdirSync(path.dirname(html), { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'coupling.html'), html);
  const js = path.join(outDir, 'erp_/js/coupling.js');
  await build({
    entryPoints: [path.join(__dirname, 'index.ts')],
    outfile: js,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'edge100', 'firefox100', 'safari15'],
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    banner: { js: '/* ERP Link for Dynamics 365 Sales: erp_/js/coupling.js. Built from webresources/coupling/; do not edit. */' },
    logLevel: 'warning',
  });
  return [html, js].map((f) => ({ name: path.relative(outDir, f).split(path.sep).join('/'), bytes: fs.statSync(f).size }));
}
