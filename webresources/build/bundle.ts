/**
 * How every ERP Link script web resource is built: one production IIFE per entry (esbuild, minified, no source map,
 * the browsers model-driven apps support), with a banner naming its source. HTML pages copy their page next to it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { build } from 'esbuild';

export interface BuiltFile {
  name: string;
  bytes: number;
}

/** Bundles `entry` into `outDir/name` (a web-resource name such as erp_/js/account.js). */
export async function bundleScript(entry: string, outDir: string, name: string, source: string): Promise<BuiltFile> {
  const outfile = path.join(outDir, name);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'edge100', 'firefox100', 'safari15'],
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    banner: { js: `/* ERP Link for Dynamics 365 Sales: ${name}. Built from ${source}; do not edit. */` },
    logLevel: 'warning',
  });
  return { name, bytes: fs.statSync(outfile).size };
}

/** An HTML web resource and its script: `<dir>/<page>.html` → erp_/html/<page>.html, `<dir>/index.ts` → erp_/js/<page>.js. */
export async function buildHtmlPage(dir: string, page: string, outDir: string): Promise<BuiltFile[]> {
  const htmlName = `erp_/html/${page}.html`;
  const html = path.join(outDir, htmlName);
  fs.mkdirSync(path.dirname(html), { recursive: true });
  fs.copyFileSync(path.join(dir, `${page}.html`), html);
  const script = await bundleScript(path.join(dir, 'index.ts'), outDir, `erp_/js/${page}.js`, `webresources/${path.basename(dir)}/`);
  return [{ name: htmlName, bytes: fs.statSync(html).size }, script];
}
