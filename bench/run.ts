/**
 * `npm run bench`: runs every benchmark under bench/ and prints its figures. Each bench module exports
 * `run(): Promise<void>` (or a default function) that prints its own table; nothing here is asserted.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Long runs that only run when named (`npm run bench -- chaos`). */
const ON_REQUEST = ['chaos.ts'];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
    .filter((f) => (!only.length && !ON_REQUEST.includes(f)) || only.some((o) => f.includes(o)))
    .sort();
  for (const f of files) {
    const mod = (await import(path.join(__dirname, f))) as Record<string, unknown>;
    const fn = (mod.run ?? mod.default) as (() => Promise<void>) | undefined;
    if (typeof fn !== 'function') continue;
    console.log(`\n=== ${f.replace(/\.ts$/, '')} ===`);
    const started = Date.now();
    await fn();
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
