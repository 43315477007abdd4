/**
 * The production package, as the Dockerfile builds and runs it, in a clean folder outside the repository (so no
 * module can come from the repository's node_modules): the build stage's `npm run build:connector`, then every
 * instruction of the runtime stage (COPY, RUN `npm ci --omit=dev`, ENV, USER), then its CMD against the stand-ins
 * until its HEALTHCHECK passes. Also runs the packaged commands (check, register, sync, reconcile).
 * Needs the npm registry (or npm's cache) for `npm ci`.
 */
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { buildConnector } from '../../scripts/build-connector';
import { connectorEnv, startStandins, type Standins } from './harness';

const root = path.resolve(__dirname, '../..');
jest.setTimeout(300_000);

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile → stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): { name: string; from: string; steps: Instruction[] }[] {
  const stages: { name: string; from: string; steps: Instruction[] }[] = [];
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      const [, from, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ name, from, steps: [] });
    } else stages[stages.length - 1].steps.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Installed package folders (node_modules/x, node_modules/@scope/x), as package-lock.json keys them. */
function installed(dir: string): string[] {
  const nm = path.join(dir, 'node_modules');
  return fs.readdirSync(nm).filter((n) => !n.startsWith('.')).flatMap((n) => (n.startsWith('@') ? fs.readdirSync(path.join(nm, n)).map((m) => `node_modules/${n}/${m}`) : [`node_modules/${n}`]));
}

/** Runs a command in the image's folder. Asynchronous: the stand-ins answer from this process, which must not block. */
function exec(command: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(command[0] === 'node' ? process.execPath : command[0], command.slice(1), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const dockerfile = parseDockerfile(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
const [buildStage, runtime] = dockerfile;
let work: string;
let app: string;
let imageEnv: Record<string, string>;
let cmd: string[];
let healthCmd: string[];
let user: string;
let h: Standins;
let child: ChildProcess | null = null;
let output = '';

/** The environment `docker run -e …` would give: the image's ENV, then the connector's settings for the stand-ins. */
function runEnv(port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...imageEnv, ...connectorEnv(h, { CONNECTOR_PORT: String(port), LOG_LEVEL: 'info', ...extra }) };
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'erplink-image-'));
  // Nothing above the clean folder may hold packages, or `require` could find what the package did not install.
  for (let d = path.dirname(work); d !== path.dirname(d); d = path.dirname(d)) expect(fs.existsSync(path.join(d, 'node_modules'))).toBe(false);
  // Build stage: the repository is installed already (its `npm ci`); its last step builds the package.
  expect(buildStage.steps.filter((s) => s.op === 'RUN').map((s) => s.args)).toEqual(['npm ci --ignore-scripts --no-audit --no-fund', 'npm run build:connector']);
  const built = await buildConnector(path.join(work, 'src', 'out', 'connector'));
  // Runtime stage, instruction by instruction.
  app = path.join(work, 'app');
  imageEnv = {};
  for (const step of runtime.steps) {
    if (step.op === 'WORKDIR') fs.mkdirSync(app, { recursive: true });
    else if (step.op === 'ENV') {
      const [, k, v] = /^(\w+)=(.*)$/.exec(step.args) ?? [];
      imageEnv[k] = v;
    } else if (step.op === 'COPY') {
      const parts = step.args.split(/\s+/);
      expect(parts[0]).toBe('--from=build');
      const dest = path.join(app, parts[parts.length - 1]);
      for (const src of parts.slice(1, -1)) {
        const from = path.join(work, src);
        expect(from.startsWith(built.out)).toBe(true);
        fs.cpSync(from, fs.statSync(from).isDirectory() ? dest : path.join(dest, path.basename(src)), { recursive: true });
      }
    } else if (step.op === 'RUN') {
      // npm's cache may answer what the registry would (same lockfile, same integrity hashes).
      execFileSync('sh', ['-c', step.args], { cwd: app, env: { ...process.env, ...imageEnv, npm_config_prefer_offline: 'true' }, stdio: 'pipe', timeout: 240_000 });
    } else if (step.op === 'USER') user = step.args;
    else if (step.op === 'HEALTHCHECK') healthCmd = JSON.parse(/CMD\s+(\[.*\])$/.exec(step.args)![1]) as string[];
    else if (step.op === 'CMD') cmd = JSON.parse(step.args) as string[];
    else if (step.op !== 'EXPOSE') throw new Error(`The test does not know how to run ${step.op}: teach it, so the image and the test stay the same.`);
  }
  h = await startStandins();
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await h?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the image is multi-stage, runs as a non-root user and declares a health check and the built entry', () => {
  expect(dockerfile.map((s) => s.name)).toEqual(['build', 'runtime']);
  expect(runtime.from).toBe(buildStage.from);
  expect(user).toBeDefined();
  expect(['root', '0']).not.toContain(user.split(':')[0]);
  expect(healthCmd).toEqual(['node', 'dist/healthcheck.js']);
  expect(cmd).toEqual(['node', '--enable-source-maps', 'dist/main.js']);
});

test('npm ci --omit=dev installed the runtime dependencies only: no dev tooling, nothing the lockfile does not name', () => {
  const lock = JSON.parse(fs.readFileSync(path.join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const expected = Object.entries(lock.packages).filter(([k, v]) => k && !v.dev).map(([k]) => k).sort();
  expect(installed(app).sort()).toEqual(expected);
  const rootDev = Object.keys((JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies);
  const names = installed(app).map((p) => p.replace(/^node_modules\//, ''));
  expect(names.filter((n) => rootDev.includes(n))).toEqual([]);
  expect(names).toEqual(expect.arrayContaining(['@azure/msal-node', 'dotenv']));
  // The image holds compiled JavaScript, no TypeScript.
  expect(fs.readdirSync(path.join(app, 'dist')).filter((f) => /\.tsx?$/.test(f))).toEqual([]);
});

test('the image CMD starts the connector against the stand-ins and its HEALTHCHECK passes; SIGTERM stops it cleanly', async () => {
  const port = await freePort();
  const env = runEnv(port);
  const health = async (): Promise<number> => (await exec(healthCmd, env)).status ?? 1;
  expect(await health()).toBe(1); // nothing listens yet: the check must be able to fail
  child = spawn(cmd[0] === 'node' ? process.execPath : cmd[0], cmd.slice(1), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const until = Date.now() + 60_000;
  while ((await health()) !== 0) {
    if (child.exitCode !== null) throw new Error(`The connector exited (${child.exitCode}):\n${output}`);
    if (Date.now() > until) throw new Error(`No healthy answer within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // The public listener says only each dependency's state (docs/connector.md, "Security"); no version, no errors.
  // Healthy comes first; a dependency reads "unknown" until its first probe has answered (seen on a loaded machine).
  let res: Response;
  let body: { status: string; dependencies: Record<string, string> };
  for (;;) {
    res = await fetch(`http://127.0.0.1:${port}/healthz`);
    body = (await res.json()) as typeof body;
    if (body.dependencies?.dataverse !== 'unknown' || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(res.status).toBe(200);
  expect(body).toMatchObject({ status: 'ok', dependencies: { dataverse: 'ok' } });
  expect(output).toMatch(/"msg":"connector listening"/);
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output).not.toContain(h.bc.token); // no secret in the log
});

test('the packaged commands run from dist/: check, register, sync --check, reconcile, and bad arguments exit 2', async () => {
  const port = await freePort();
  const run = (file: string, args: string[], extra: Record<string, string> = {}) => exec(['node', path.join('dist', file), ...args], runEnv(port, extra));
  const check = await run('main.js', ['check']);
  expect(check.stdout).toContain('Configuration is complete.');
  expect(check.status).toBe(0);
  const register = await run('main.js', ['register'], { CONNECTOR_PUBLIC_URL: `http://127.0.0.1:${port}` });
  expect(register.stderr).toBe('');
  expect(register.stdout).toMatch(/^Service endpoint created \([0-9a-f-]{36}\); steps: /m);
  expect(register.status).toBe(0);
  const sync = await run('sync.js', ['--check']);
  expect(sync.status).toBe(0);
  const reconcile = await run('reconcile.js', ['--days', '30']);
  expect(reconcile.stdout).toMatch(/Sales orders submitted since/);
  expect([0, 1]).toContain(reconcile.status);
  expect((await run('reconcile.js', ['--days'])).status).toBe(2);
  expect((await run('sync.js', ['--fast'])).status).toBe(2);
  expect((await run('main.js', ['serve'])).status).toBe(2);
  const missing = await exec(['node', 'dist/main.js', 'check'], { PATH: process.env.PATH, DOTENV_PATH: path.join(app, 'none.env') });
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain('DATAVERSE_URL is not set');
});
