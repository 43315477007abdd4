// npm run build:controls: production build of every PCF control (pcf-scripts finds each folder holding a
// ControlManifest.Input.xml), then a size report. Fails when a bundle is a development build or over budget.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out', 'controls');
/** Budget per control bundle, minified; React and Fluent come from the platform, so this is our code only. */
const BUDGET_BYTES = 60 * 1024;

const looksLikeDevelopmentBundle = (js) => /\beval\("/.test(js) || /sourceMappingURL=data:/.test(js) || /\/\/# sourceURL=webpack/.test(js);

function fail(message) {
  console.error(`build-controls: ${message}`);
  process.exit(1);
}

fs.rmSync(outDir, { recursive: true, force: true });
const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'pcf-scripts.cmd' : 'pcf-scripts');
if (!fs.existsSync(bin)) fail(`${bin} is missing: run npm ci first.`);
const build = spawnSync(bin, ['build', '--buildMode', 'production'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: 'true' },
});
if (build.status !== 0) fail(`pcf-scripts build failed (exit ${build.status ?? build.signal}); see the messages above.`);

// pcf-scripts can report "[build] Failed" for one control and still exit 0: check each manifest has its bundle.
const expected = fs
  .readdirSync(path.join(root, 'controls'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, 'controls', d.name, 'ControlManifest.Input.xml')))
  .map((d) => d.name);
const missing = expected.filter((name) => !fs.existsSync(path.join(outDir, name, 'bundle.js')));
if (missing.length) fail(`no production bundle for ${missing.join(', ')}; see the pcf-scripts messages above.`);

const controls = fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((d) => fs.existsSync(path.join(outDir, d, 'bundle.js'))).sort() : [];
if (!controls.length) fail(`pcf-scripts wrote no bundle under ${path.relative(root, outDir)}; check pcfconfig.json and the controls/ folders.`);

const problems = [];
console.log('\nControl bundles (production):');
console.log(`${'control'.padEnd(20)} ${'minified'.padStart(10)} ${'gzip'.padStart(10)}   budget ${(BUDGET_BYTES / 1024).toFixed(0)} KB`);
for (const name of controls) {
  const file = path.join(outDir, name, 'bundle.js');
  const js = fs.readFileSync(file);
  const gzip = zlib.gzipSync(js, { level: 9 }).length;
  const over = js.length > BUDGET_BYTES;
  console.log(`${name.padEnd(20)} ${(js.length / 1024).toFixed(1).padStart(7)} KB ${(gzip / 1024).toFixed(1).padStart(7)} KB   ${over ? 'OVER BUDGET' : 'ok'}`);
  if (looksLikeDevelopmentBundle(js.toString('utf8'))) problems.push(`${path.relative(root, file)} is a development build (eval or inline source map). Build with --buildMode production.`);
  if (over) problems.push(`${path.relative(root, file)} is ${js.length} bytes, over the ${BUDGET_BYTES}-byte budget. Import only from react and @fluentui/react-components (platform libraries) and drop heavy dependencies.`);
}
if (problems.length) fail(problems.join('\n'));
