import { build } from 'esbuild';
import { buildTimeData } from './webresources/build/bundle';
(async () => {
  const r = await build({ entryPoints: [process.argv[2]], bundle: true, write: false, metafile: true, minify: true, plugins: [buildTimeData()], format: 'iife', target: ['es2020'], treeShaking: true, outfile: '/tmp/x.js' });
  const out = Object.values(r.metafile!.outputs)[0];
  const rows = Object.entries(out.inputs).map(([k, v]) => [v.bytesInOutput, k] as const).sort((a, b) => b[0] - a[0]);
  console.log('total', out.bytes);
  for (const [b, k] of rows.slice(0, 30)) console.log(String(b).padStart(6), k);
})();
