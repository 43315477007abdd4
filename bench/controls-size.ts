/**
 * Size of each production PCF bundle (out/controls/<Control>/bundle.js): minified, gzip and brotli, against the
 * 60 KB minified budget. Builds the controls first when no bundle is there. Then the script web resources against
 * their 30 KB budget (bench/_webresourcesSize.ts), so both tables print together.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { run as runWebResourceSizes } from './_webresourcesSize';
import { runWhenMain } from './_main';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'out', 'controls');
export const CONTROL_BUDGET_BYTES = 60 * 1024;

export interface BundleSize {
  control: string;
  minified: number;
  gzip: number;
  brotli: number;
}

export function measureControlBundles(outDir: string = OUT): BundleSize[] {
  if (!fs.existsSync(outDir)) return [];
  return fs
    .readdirSync(outDir)
    .filter((d) => fs.existsSync(path.join(outDir, d, 'bundle.js')))
    .sort()
    .map((control) => {
      const js = fs.readFileSync(path.join(outDir, control, 'bundle.js'));
      return {
        control,
        minified: js.length,
        gzip: zlib.gzipSync(js, { level: 9 }).length,
        brotli: zlib.brotliCompressSync(js, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);

export async function run(): Promise<void> {
  let sizes = measureControlBundles();
  if (!sizes.length) {
    console.log('no control bundle in out/controls: building them (npm run build:controls)');
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-controls.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build:controls failed; see above.');
    sizes = measureControlBundles();
  }
  console.log(`${'control'.padEnd(20)}${'minified'.padStart(9)}${'gzip'.padStart(9)}${'brotli'.padStart(9)}  budget ${kb(CONTROL_BUDGET_BYTES).trim()} minified`);
  for (const s of sizes) {
    const share = ((s.minified / CONTROL_BUDGET_BYTES) * 100).toFixed(0);
    console.log(`${s.control.padEnd(20)}${kb(s.minified)}${kb(s.gzip)}${kb(s.brotli)}  ${share}% of budget${s.minified > CONTROL_BUDGET_BYTES ? ' OVER BUDGET' : ''}`);
  }
  console.log('');
  await runWebResourceSizes();
}

runWhenMain(module, run);
