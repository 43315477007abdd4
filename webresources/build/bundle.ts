/**
 * How every ERP Link script web resource is built: one production IIFE per entry, with a banner naming its source.
 * HTML pages copy their page next to it.
 *
 * Two steps, because each tool does one part better (webresources/build/budget.ts: 30 KB per script):
 * - esbuild bundles, tree-shakes and lowers the syntax to the browsers model-driven apps support (no source map);
 * - swc's minifier (@swc/core, already the test transformer) compresses the bundle. Unlike esbuild's, it inlines
 *   the members of a constant object read only by literal property names (`Columns.name` → "erp_name") and drops
 *   the members nobody reads, so a script pays only for the schema names and codes it uses. Its `unsafe*` options
 *   stay off and property names are never mangled (Xrm and Web API payloads are read by name).
 */
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { build, type Plugin } from 'esbuild';
import { minify } from '@swc/core';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Modules whose exports are plain data derived from a larger source: bundled as their values, computed when the
 * script is built, so a page does not carry the source they are derived from (and its helpers) to show a summary.
 * Each export must survive JSON unchanged (checked: a function or a Date would not), so nothing is lost.
 */
export const buildTimeModules: readonly string[] = ['domain/mappings/summaries.ts'];

export function buildTimeData(modules: readonly string[] = buildTimeModules): Plugin {
  const files = new Set(modules.map((m) => path.resolve(ROOT, m)));
  return {
    name: 'erp-build-time-data',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!files.has(path.resolve(args.path))) return undefined;
        const exports = require(args.path) as Record<string, unknown>; // evaluated here, in the build, on purpose
        const lines = Object.entries(exports).map(([name, value]) => {
          const json = JSON.stringify(value);
          if (json === undefined || !isDeepStrictEqual(JSON.parse(json), value)) throw new Error(`${args.path}: export ${name} is not plain data; it cannot be evaluated at build time.`);
          return `export const ${name} = ${json};`;
        });
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}

export interface BuiltFile {
  name: string;
  bytes: number;
}

/** Bundles `entry` into `outDir/name` (a web-resource name such as erp_/js/account.js). */
export async function bundleScript(entry: string, outDir: string, name: string, source: string): Promise<BuiltFile> {
  const outfile = path.join(outDir, name);
  const bundled = await build({
    entryPoints: [entry],
    outfile,
    write: false,
    bundle: true,
    plugins: [buildTimeData()],
    treeShaking: true,
    minifySyntax: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'edge100', 'firefox100', 'safari15'],
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
  });
  const minified = await minify(bundled.outputFiles[0].text, { compress: { passes: 3 }, mangle: true, module: false });
  const banner = `/* ERP Link for Dynamics 365 Sales: ${name}. Built from ${source}; do not edit. */`;
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  fs.writeFileSync(outfile, `${banner}\n${unescapeLatin1(minified.code)}\n`, 'utf8');
  return { name, bytes: fs.statSync(outfile).size };
}

/**
 * swc writes every character from U+00A0 to U+00FF as `\xHH` (4 bytes where UTF-8 needs 2: each é of the French
 * texts). Writes them back as characters, in strings, templates and regular expressions alike (same meaning in
 * all three); a `\x` preceded by an escaped backslash (`\\xe9`, an even run of backslashes) is text, left alone.
 */
export function unescapeLatin1(code: string): string {
  return code.replace(/(\\+)x([a-fA-F][0-9a-fA-F])/g, (match, slashes: string, hex: string) =>
    slashes.length % 2 === 1 ? `${slashes.slice(1)}${String.fromCharCode(parseInt(hex, 16))}` : match,
  );
}

/**
 * An HTML web resource and its scripts, in the order the page loads them (lib/pageParts.ts): `<dir>/<page>.html` →
 * erp_/html/<page>.html, each part `<dir>/<part>Entry.ts` → erp_/js/<page>.<part>.js (`texts`: the page's EN/FR
 * texts), then `<dir>/index.ts` → erp_/js/<page>.js.
 */
export async function buildHtmlPage(dir: string, page: string, outDir: string, parts: readonly string[] = ['texts']): Promise<BuiltFile[]> {
  const htmlName = `erp_/html/${page}.html`;
  const html = path.join(outDir, htmlName);
  fs.mkdirSync(path.dirname(html), { recursive: true });
  fs.copyFileSync(path.join(dir, `${page}.html`), html);
  const source = `webresources/${path.basename(dir)}/`;
  const built: BuiltFile[] = [{ name: htmlName, bytes: fs.statSync(html).size }];
  for (const part of parts) built.push(await bundleScript(path.join(dir, `${part}Entry.ts`), outDir, `erp_/js/${page}.${part}.js`, source));
  built.push(await bundleScript(path.join(dir, 'index.ts'), outDir, `erp_/js/${page}.js`, source));
  return built;
}
