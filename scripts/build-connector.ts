/**
 * `npm run build:connector`: the connector's production package in out/connector, what an admin or the Dockerfile
 * installs with `npm ci --omit=dev` and starts with `node dist/main.js`:
 *   package.json, package-lock.json   from connector/ (runtime dependencies only: @azure/msal-node, dotenv)
 *   dist/main.js                      the service and its commands (register, check, couple)
 *   dist/sync.js, dist/reconcile.js   the synchronisation and reconciliation commands
 *   dist/healthcheck.js               the container health check (exit 0 when /healthz answers 2xx)
 *   config/mappings.json              the default field mappings (MAPPINGS_FILE overrides)
 * esbuild bundles our TypeScript (connector/ and the domain/ rules it imports) into plain JavaScript and leaves every
 * npm package external; the build fails when the bundle needs a package the connector's package.json does not list,
 * so `npm ci --omit=dev` always installs what the code requires, and nothing more.
 */
import * as fs from 'fs';
import * as path from 'path';
import { build, type Metafile } from 'esbuild';

const root = path.resolve(__dirname, '..');
export const OUT = path.join(root, 'out', 'connector');
export const ENTRIES = { main: 'connector/main.ts', sync: 'connector/sync/cli.ts', reconcile: 'connector/reconcileCli.ts', healthcheck: 'connector/healthcheck.ts' } as const;

/** npm packages a bundle imports (Node built-ins excluded), e.g. `@azure/msal-node` for `@azure/msal-node/x`. */
export function externalPackages(meta: Metafile): string[] {
  const names = new Set<string>();
  for (const input of Object.values(meta.inputs)) {
    for (const i of input.imports) {
      if (!i.external || i.path.startsWith('node:') || i.path.startsWith('.')) continue;
      if ((require('module') as { builtinModules: string[] }).builtinModules.includes(i.path)) continue;
      names.add(i.path.startsWith('@') ? i.path.split('/').slice(0, 2).join('/') : i.path.split('/')[0]);
    }
  }
  return [...names].sort();
}

export async function buildConnector(out = OUT): Promise<{ out: string; packages: string[]; bytes: Record<string, number> }> {
  fs.rmSync(out, { recursive: true, force: true });
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(root, file)])),
    outdir: path.join(out, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    // main.ts reads ../package.json for its version: from dist/ that is the connector package's own.
    banner: { js: '#!/usr/bin/env node' },
  });
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'connector', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const packages = externalPackages(result.metafile);
  const unlisted = packages.filter((p) => !(p in pkg.dependencies));
  if (unlisted.length) throw new Error(`The connector imports ${unlisted.join(', ')}, which connector/package.json does not list in dependencies.`);
  const unused = Object.keys(pkg.dependencies).filter((p) => !packages.includes(p));
  if (unused.length) throw new Error(`connector/package.json lists ${unused.join(', ')}, which the connector does not import: remove them.`);
  for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(root, 'connector', f), path.join(out, f));
  fs.mkdirSync(path.join(out, 'config'), { recursive: true });
  fs.copyFileSync(path.join(root, 'config', 'mappings.json'), path.join(out, 'config', 'mappings.json'));
  fs.copyFileSync(path.join(root, 'connector', '.env.example'), path.join(out, '.env.example'));
  const bytes = Object.fromEntries(Object.keys(ENTRIES).map((name) => [name, fs.statSync(path.join(out, 'dist', `${name}.js`)).size]));
  for (const name of Object.keys(ENTRIES)) fs.chmodSync(path.join(out, 'dist', `${name}.js`), 0o755);
  return { out, packages, bytes };
}

if (require.main === module) {
  buildConnector().then(
    (r) => process.stdout.write(`Connector package in ${path.relative(root, r.out)}: ${Object.entries(r.bytes).map(([n, b]) => `dist/${n}.js ${Math.round(b / 1024)} KiB`).join(', ')}; runtime dependencies ${r.packages.join(', ')}.\n`),
    (e: Error) => {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    },
  );
}
