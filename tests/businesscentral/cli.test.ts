import { spawn } from 'child_process';
import * as path from 'path';

const root = path.join(__dirname, '../..');

describe('npm run sandbox:bc (sandbox/businesscentral/cli.ts)', () => {
  it('starts alone, prints the API URL, company and token, serves requests, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'sandbox/businesscentral/cli.ts')], {
      env: { ...process.env, BC_PORT: '0', BC_TOKEN: 'cli-token' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    child.stderr.on('data', (d) => (out += d.toString()));
    const deadline = Date.now() + 30000;
    while (!/Ctrl-C stops it/.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    try {
      expect(out).toContain('Authorization: Bearer cli-token');
      const companyUrl = /Company URL\s+(\S+)/.exec(out)![1];
      const res = await fetch(`${companyUrl}/customers?$top=1`, { headers: { Authorization: 'Bearer cli-token' } });
      expect(res.status).toBe(200);
      expect((await res.json()).value).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
  });

  it('exits non-zero with a clear message on a bad setting', async () => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'sandbox/businesscentral/cli.ts')], {
      env: { ...process.env, BC_PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toContain('BC_PORT must be a non-negative integer, got "eighty"');
  });
});
