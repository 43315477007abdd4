/**
 * The assisted setup's web resources: erp_/html/setup.html (the page) and erp_/js/setup.js (its production IIFE
 * bundle). scripts/build-webresources.ts calls buildSetupPage; the packer takes both from out/webresources.
 * Their solution source is solution/src/WebResources/erp_/{html,js}/setup.*.data.xml with these fixed ids.
 */
import * as fs from 'fs';
import * as path from 'path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');

export const setupWebResources = [
  { name: 'erp_/html/setup.html', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000721', type: 1, displayName: 'ERP Link: assisted setup' },
  { name: 'erp_/js/setup.js', id: '7e2f1b20-0a0b-4c3d-8e9f-000000000722', type: 3, displayName: 'ERP Link: assisted setup script' },
] as const;

export async function buildSetupPage(outDir = path.join(ROOT, 'out', 'webresources')): Promise<Array<{ name: string; bytes: number }>> {
  const html = path.join(outDir, 'erp_/html/setup.html');
  fs.mkdirSync(path.dirname(html), { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'setup.html'), html);
  const js = path.join(outDir, 'erp_/js/setup.js');
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
    banner: { js: '/* ERP Link for Dynamics 365 Sales: erp_/js/setup.js. Built from webresources/setup/; do not edit. */' },
    logLevel: 'warning',
  });
  return [html, js].map((f) => ({ name: path.relative(outDir, f).split(path.sep).join('/'), bytes: fs.statSync(f).size }));
}
