/**
 * Size of each script web resource (out/webresources/erp_/js/*.js): minified, gzip and brotli, against the 30 KB
 * minified budget (webresources/build/budget.ts), printed after the controls' bundles by bench/controls-size.ts
 * (the leading _ keeps bench/run.ts from running it a second time). Builds the web resources when none is there.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { judgeSize, OVER_BUDGET_CEILINGS, WEB_RESOURCE_BUDGET_BYTES } from '../webresources/build/budget';
import { runWhenMain } from './_main';

const ROOT = path.resolve(__dirname, '..');
const JS_DIR = path.join(ROOT, 'out', 'webresources', 'erp_', 'js');

function measure(): { name: string; minified: number; gzip: number; brotli: number }[] {
  if (!fs.existsSync(JS_DIR)) return [];
  return fs
    .readdirSync(JS_DIR)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => {
      const js = fs.readFileSync(path.join(JS_DIR, f));
      return {
        name: `erp_/js/${f}`,
        minified: js.length,
        gzip: zlib.gzipSync(js, { level: 9 }).length,
        brotli: zlib.brotliCompressSync(js, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);

export async function run(): Promise<void> {
  let sizes = measure();
  if (!sizes.length) {
    console.log('no web resource in out/webresources: building them (npm run build:webresources)');
    const build = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'build-webresources.ts')], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build:webresources failed; see above.');
    sizes = measure();
  }
  console.log(`${'web resource'.padEnd(27)}${'minified'.padStart(9)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}  budget ${kb(WEB_RESOURCE_BUDGET_BYTES).trim()} minified`);
  let over = 0;
  for (const s of sizes) {
    const v = judgeSize(s.name, s.minified);
    const share = ((s.minified / WEB_RESOURCE_BUDGET_BYTES) * 100).toFixed(0);
    const ceiling = OVER_BUDGET_CEILINGS[s.name];
    const flag = v.overBudget ? ` OVER BUDGET${ceiling ? ` (ceiling ${kb(ceiling).trim()})` : ''}` : '';
    if (v.overBudget) over += 1;
    console.log(`${s.name.padEnd(27)}${kb(s.minified)}${kb(s.gzip)}${kb(s.brotli)}  ${share}% of budget${flag}`);
  }
  console.log(over ? `${over} of ${sizes.length} web resources over the ${kb(WEB_RESOURCE_BUDGET_BYTES).trim()} budget` : `all ${sizes.length} web resources within the budget`);
}

runWhenMain(module, run);
