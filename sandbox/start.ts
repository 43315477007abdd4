/**
 * `npm start`: builds everything (skip with --no-build), starts the whole product locally and prints the page URL.
 * Ctrl-C stops everything; the data stays in .sandbox-data/ for the next start (--fresh starts over).
 *
 *   npm start                       build, then start on http://127.0.0.1:4280/
 *   npm start -- --no-build         reuse the built outputs
 *   npm start -- --port 5000        another port (or SANDBOX_PORT=5000)
 *   npm start -- --fresh            forget the saved data
 *   npm start -- --lang fr          open the page in French
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PORT, REPO_ROOT, startSandbox } from './app/sandbox';

interface Args {
  build: boolean;
  port: number;
  dataDir: string;
  fresh: boolean;
  lcid: 1033 | 1036 | undefined;
}

const USAGE = 'Usage: npm start -- [--no-build] [--port <n>] [--data-dir <folder>] [--fresh] [--lang en|fr]';

function parseArgs(argv: string[]): Args {
  const args: Args = { build: true, port: Number(process.env.SANDBOX_PORT ?? DEFAULT_PORT), dataDir: path.join(REPO_ROOT, '.sandbox-data'), fresh: false, lcid: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value. ${USAGE}`);
      return v;
    };
    if (a === '--no-build') args.build = false;
    else if (a === '--fresh') args.fresh = true;
    else if (a === '--port') args.port = Number(value());
    else if (a === '--data-dir') args.dataDir = path.resolve(value());
    else if (a === '--lang') {
      const l = value().toLowerCase();
      if (l !== 'en' && l !== 'fr') throw new Error(`--lang ${l}: use en or fr.`);
      args.lcid = l === 'fr' ? 1036 : 1033;
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`Unknown option ${a}. ${USAGE}`);
  }
  if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535) throw new Error(`The port must be a whole number from 1 to 65535 (got ${args.port}); use --port or SANDBOX_PORT.`);
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  process.env.PP_TOOLS_TELEMETRY_OPTOUT = 'true';
  const t0 = Date.now();
  if (args.build) {
    console.log('Building controls, web resources and the solution zip (npm run build; skip with --no-build)…');
    const r = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit', env: process.env });
    if (r.status !== 0) throw new Error('npm run build failed (see above). Fix the build, or start with --no-build to use the last built outputs.');
  }
  const tBuild = Date.now();
  if (args.fresh && fs.existsSync(args.dataDir)) fs.rmSync(args.dataDir, { recursive: true, force: true });
  const sandbox = await startSandbox({
    port: args.port,
    dataDir: args.dataDir,
    workDate: new Date().toISOString().slice(0, 10),
    defaultLcid: args.lcid,
    log: (line) => console.log(`  ${line}`),
  }).catch((e: Error & { code?: string }) => {
    if (e.code === 'EADDRINUSE') throw new Error(`Port ${args.port} is in use (another npm start?). Stop it, or pick another port: npm start -- --port 4281.`);
    throw e;
  });
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  console.log(`
ERP Link sandbox is running: ${sandbox.url}
  Signed in as the salesperson; switch to the availability-only user or the administrator from the top right.
  ERP console (Business Central back office): ${sandbox.url}#/erp
  Data: ${path.relative(process.cwd(), args.dataDir) || args.dataDir} (${sandbox.reusedData ? 'reused' : 'new'}; --fresh starts over)
  Started in ${seconds(Date.now() - tBuild)} s${args.build ? ` after a ${seconds(tBuild - t0)} s build` : ''}. Ctrl-C stops everything.`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the page, the connector and the stand-ins…`);
    sandbox
      .stop()
      .then(() => {
        console.log('Stopped. The data is saved for the next npm start.');
        process.exit(0);
      })
      .catch((e: Error) => {
        console.error(`Stopping failed: ${e.message}`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('Ctrl-C'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
