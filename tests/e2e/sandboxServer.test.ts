/**
 * The sandbox without a browser: the page server keeps tokens out of the page, signs the Web API in as the chosen
 * demo user, serves the web resources and controls from the imported zip, refuses unknown users and routes; the
 * imported zip is the one the stand-in holds; a second start on the same data folder reuses the data; `npm start`
 * stops cleanly on Ctrl-C.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { startSandbox, REPO_ROOT, type Sandbox } from '../../sandbox/app/sandbox';
import { latestSolutionZip } from '../../sandbox/app/server/solution/locate';

jest.setTimeout(60_000);

let sandbox: Sandbox;
let dataDir: string;

const get = async (path: string, user?: string): Promise<Response> => fetch(new URL(path, sandbox.url), { headers: user ? { Cookie: `erplink_sandbox_user=${user}` } : {} });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erplink-sandbox-data-'));
  sandbox = await startSandbox({ port: 0, dataDir, connector: false });
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('page server', () => {
  it('never sends a bearer token to the browser (page, bundle, boot data)', async () => {
    const bodies = await Promise.all(['/', '/app.js', '/sandbox/api/boot'].map(async (p) => (await get(p)).text()));
    const tokens = Object.values(sandbox.dataverse.tokens);
    expect(tokens.length).toBeGreaterThan(3);
    for (const body of bodies) for (const token of [...tokens, sandbox.bc.token]) expect(body.includes(token)).toBe(false);
  });

  it('signs Web API calls in as the page’s demo user, salesperson by default', async () => {
    const whoAmI = async (user?: string) => ((await (await get('/api/data/v9.2/WhoAmI', user)).json()) as { UserId: string }).UserId;
    expect(await whoAmI()).toBe(sandbox.dataverse.users.salesperson.id);
    expect(await whoAmI('admin')).toBe(sandbox.dataverse.users.admin.id);
    expect(await whoAmI('availability')).toBe(sandbox.dataverse.users.availability.id);
  });

  it('opens Dataverse record links (main.aspx?pagetype=entityrecord) on the page’s form, and refuses other main.aspx links', async () => {
    const id = '7F4C3AB8-5BC1-5916-A9ED-64E2986656A3';
    const r = await fetch(new URL(`/main.aspx?pagetype=entityrecord&etn=salesorder&id={${id}}`, sandbox.url), { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe(`/#/form/salesorder/${id.toLowerCase()}`);
    expect((await fetch(new URL('/main.aspx?pagetype=entitylist&etn=salesorder', sandbox.url), { redirect: 'manual' })).status).toBe(404);
  });

  it('lets the stand-in’s security speak: the availability-only user gets Dataverse’s 403 creating an order', async () => {
    const r = await fetch(new URL('/api/data/v9.2/salesorders', sandbox.url), {
      method: 'POST',
      headers: { Cookie: 'erplink_sandbox_user=availability', 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'not allowed' }),
    });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/prvCreateOrder/);
  });

  it('rewrites the stand-in’s absolute nextLink to the page’s own origin', async () => {
    const r = await fetch(new URL('/api/data/v9.2/accounts?$select=name', sandbox.url), { headers: { Prefer: 'odata.maxpagesize=5' } });
    const body = (await r.json()) as { value: unknown[]; '@odata.nextLink': string };
    expect(body.value).toHaveLength(5);
    expect(body['@odata.nextLink'].startsWith('/api/data/v9.2/')).toBe(true);
    const next = await fetch(new URL(body['@odata.nextLink'], sandbox.url), { headers: { Prefer: 'odata.maxpagesize=5' } });
    expect(next.status).toBe(200);
  });

  it('refuses an unknown user and an unsupported language, naming what is allowed', async () => {
    const post = (body: unknown) => fetch(new URL('/sandbox/api/session', sandbox.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const bad = await post({ user: 'mallory' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/salesperson.*availability.*admin/);
    const lang = await post({ lcid: 1031 });
    expect(lang.status).toBe(400);
    expect(await lang.text()).toMatch(/1033.*1036/);
    const ok = await post({ user: 'admin', lcid: 1036 });
    expect(ok.headers.get('set-cookie')).toMatch(/erplink_sandbox_user=admin.*HttpOnly/);
  });

  it('serves web resources and control files byte for byte from the imported zip', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(latestSolutionZip(REPO_ROOT)));
    const bundle = await zip.file('Controls/erp_ErpLink.ItemAvailability/bundle.js')!.async('string');
    expect(await (await get('/Controls/erp_ErpLink.ItemAvailability/bundle.js')).text()).toBe(bundle);
    const js = await get('/WebResources/erp_/js/salesorder.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('ErpLink');
    const missing = await get('/WebResources/erp_/js/nothing.js');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/not in the imported solution/);
  });

  it('imported the built zip into the stand-in through ImportSolution (the stand-in exports only what was imported)', async () => {
    const r = await fetch(`${sandbox.dataverse.apiUrl}ExportSolution`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sandbox.dataverse.tokens.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ SolutionName: 'ErpLink', Managed: false }),
    });
    expect(r.status).toBe(200);
    const exported = await JSZip.loadAsync(Buffer.from(((await r.json()) as { ExportSolutionFile: string }).ExportSolutionFile, 'base64'));
    const built = await JSZip.loadAsync(fs.readFileSync(latestSolutionZip(REPO_ROOT)));
    const names = (z: JSZip) => Object.keys(z.files).filter((n) => n.startsWith('WebResources/') || n.startsWith('Controls/')).sort();
    expect(names(exported)).toEqual(names(built));
  });

  it('drives the ERP back office for the console, and only the routes it needs', async () => {
    const overview = (await (await get('/sandbox/api/erp/admin/overview')).json()) as { orders: unknown[]; company: { name: string } };
    expect(overview.orders.length).toBeGreaterThan(0);
    expect(overview.company.name).toBe(sandbox.bc.companyName);
    expect((await fetch(new URL('/sandbox/api/erp/v2/customers', sandbox.url))).status).toBe(404);
    // The stock lookup is the back office's per-location view; no route outside the back office is proxied.
    const stock = (await (await get('/sandbox/api/erp/admin/stock/SAF-0001')).json()) as { value: Array<{ locationCode: string; inventory: number }> };
    expect(stock.value.length).toBeGreaterThan(0);
    expect((await fetch(new URL('/sandbox/api/erp/analytics/itemLedgerEntries', sandbox.url))).status).toBe(404);
  });

  it('says the connector is not part of a run started without it', async () => {
    const r = await fetch(new URL('/sandbox/api/connector/start', sandbox.url), { method: 'POST' });
    expect(r.status).toBe(409);
  });
});

describe('persistence', () => {
  it('a second start on the same data folder finds the data the first one changed', async () => {
    const order = sandbox.demoOrder!;
    const r = await fetch(`${sandbox.dataverse.apiUrl}salesorders(${order.orderId})`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${sandbox.dataverse.tokens.salesperson}`, 'Content-Type': 'application/json', 'If-Match': '*' },
      body: JSON.stringify({ description: 'changed before the restart' }),
    });
    expect(r.status).toBe(204);
    await sandbox.stop();
    sandbox = await startSandbox({ port: 0, dataDir, connector: false });
    expect(sandbox.reusedData).toBe(true);
    expect(sandbox.demoOrder!.orderId).toBe(order.orderId);
    const again = await fetch(`${sandbox.dataverse.apiUrl}salesorders(${order.orderId})?$select=description`, { headers: { Authorization: `Bearer ${sandbox.dataverse.tokens.admin}` } });
    expect(((await again.json()) as { description: string }).description).toBe('changed before the restart');
  });
});

describe('npm start', () => {
  const freePort = () =>
    new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });

  // A bound on a wait, not a timing: on 2 loaded cores the start (stand-ins, import, connector, page bundle) took
  // over 45 s once the sandbox grew its editing and quote pages.
  it('prints the URL, serves the page, and stops everything on Ctrl-C with exit code 0', async () => {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erplink-npm-start-'));
    // As package.json's start script runs it: one process, tsx as a loader. Through tsx's CLI, Ctrl-C is relayed to a
    // child that must acknowledge within 30 ms or is SIGKILLed (exit 130), which a loaded machine misses.
    const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/start.ts', '--no-build', '--port', String(port), '--data-dir', dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const until = Date.now() + 110_000;
      while (!out.includes('sandbox is running') && Date.now() < until && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      expect(out).toContain(`ERP Link sandbox is running: http://127.0.0.1:${port}/`);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('Stopped.');
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
      expect(fs.existsSync(path.join(dir, 'dataverse', 'dataverse.json'))).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it('names a bad option and how to use it', async () => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'), 'sandbox/start.ts', '--no-build', '--port', 'abc'], { cwd: REPO_ROOT });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/port must be a whole number.*--port or SANDBOX_PORT/);
  });
});
