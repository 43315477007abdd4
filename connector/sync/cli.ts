/**
 * `npm run sync -- --full [--mappings CUSTOMER,ITEM-PRODUCT]`  full synchronisation (resumes an unfinished run)
 * `npm run sync -- --incremental [--force]`                    what changed since the last run, both ways
 * `npm run sync -- --retry [--mappings X] [--coupling <id>]`   retry skipped records (all, or one)
 * `npm run sync -- --check`                                    validate the mapping file and print the run order
 * `npm run sync -- --write-defaults`                           write the default mappings to the mapping file
 * Same environment as the connector (docs/connector.md); MAPPINGS_FILE chooses the mapping file.
 * Exit codes: 0 done, 1 records failed or the run stopped, 2 configuration or mapping problems.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultMappingSet, dependencyOrder, formatMappingProblem, parseMappingFile, selectMappings, serializeMappingSet } from '../../domain/mappings';
import { parseCli } from '../cliArgs';
import { cliServices } from '../cliServices';
import { createSyncContext, mappingsFilePath, MappingConfigError } from './context';
import { runPendingFullSync, startFullSync } from './fullSync';
import { runIncrementalSync } from './incremental';
import { progressBar } from './progressBar';
import { runRetry, skippedCouplings } from './runner';

export const USAGE = 'Usage: npm run sync -- --full | --incremental [--force] | --retry [--coupling <id>] | --check | --write-defaults  [--mappings A,B]';

interface Args {
  command: 'full' | 'incremental' | 'retry' | 'check' | 'write-defaults' | 'help' | null;
  mappings: string[] | null;
  force: boolean;
  couplings: string[];
  unknown: string[];
}

const OPTIONS = {
  full: { type: 'boolean' },
  incremental: { type: 'boolean' },
  retry: { type: 'boolean' },
  check: { type: 'boolean' },
  'write-defaults': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  force: { type: 'boolean' },
  mappings: { type: 'string' },
  coupling: { type: 'string', multiple: true },
} as const;

export function parseArgs(argv: readonly string[]): Args {
  const parsed = parseCli(argv, OPTIONS);
  const a: Args = { command: null, mappings: null, force: false, couplings: [], unknown: [...parsed.unknown, ...parsed.positionals] };
  for (const { name, value } of parsed.tokens) {
    if (name === 'force') a.force = true;
    else if (name === 'mappings') a.mappings = (value ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    else if (name === 'coupling') a.couplings.push(value ?? '');
    else a.command = name as NonNullable<Args['command']>;
  }
  return a;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  const args = parseArgs(argv);
  const say = (s: string): void => void out.write(`${s}\n`);
  if (args.command === 'help' || (!args.command && !args.unknown.length)) {
    say(USAGE);
    return args.command === 'help' ? 0 : 2;
  }
  if (args.unknown.length || !args.command) {
    process.stderr.write(`Unknown argument(s): ${args.unknown.join(' ')}. ${USAGE}\n`);
    return 2;
  }
  const file = mappingsFilePath(env.MAPPINGS_FILE);
  if (args.command === 'write-defaults') {
    if (fs.existsSync(file)) {
      process.stderr.write(`${file} exists; it was not overwritten. Delete it first to start again from the defaults.\n`);
      return 2;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, serializeMappingSet(defaultMappingSet()));
    say(`Wrote the default mappings to ${file}.`);
    return 0;
  }
  if (args.command === 'check') {
    const loaded = fs.existsSync(file) ? parseMappingFile(fs.readFileSync(file, 'utf8'), file) : { set: defaultMappingSet(), errors: [], warnings: [] };
    for (const p of loaded.errors) say(`error: ${formatMappingProblem(p)}`);
    for (const p of loaded.warnings) say(`warning: ${formatMappingProblem(p)}`);
    if (!loaded.set) return 2;
    say(`${file}: ${loaded.set.mappings.length} mappings, valid. Full synchronisation order: ${dependencyOrder(selectMappings(loaded.set)).map((m) => m.name).join(' → ')}`);
    return 0;
  }

  const s = cliServices(env);
  if (!s) return 2;
  const bar = progressBar(out);
  let ctx;
  try {
    ctx = await createSyncContext(s, { mappingsFile: file, onProgress: (p) => bar.update(p) });
  } catch (e) {
    if (e instanceof MappingConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }

  if (args.command === 'full') {
    const start = await startFullSync(ctx, args.mappings);
    say(`${start.resumed ? 'Resuming' : 'Starting'} full synchronisation ${start.run}: ${start.mappings.join(' → ')}`);
    const summary = await runPendingFullSync(ctx);
    bar.done();
    for (const r of summary.ran) say(`${r.mapping.padEnd(18)} ${r.state}`);
    if (summary.waiting.length) say(`Waiting (another process is running them): ${summary.waiting.join(', ')}`);
    return summary.ran.some((r) => r.state !== 'succeeded') ? 1 : 0;
  }
  if (args.command === 'incremental') {
    const summary = await runIncrementalSync(ctx, { force: args.force, names: args.mappings });
    bar.done();
    for (const [m, why] of Object.entries(summary.notRun)) say(`${m.padEnd(18)} not run: ${why}`);
    return Object.values(summary.ran).some((c) => c.failed > 0) ? 1 : 0;
  }
  // retry
  let failed = 0;
  for (const m of selectMappings(ctx.set, args.mappings)) {
    const couplings = await skippedCouplings(ctx, m, args.couplings.length ? args.couplings : undefined);
    if (!couplings.length) continue;
    const r = await runRetry(ctx, m, couplings);
    failed += r.counts.failed;
    say(`${m.name.padEnd(18)} retried ${couplings.length}: ${r.counts.inserted} created, ${r.counts.modified} updated, ${r.counts.unchanged} unchanged, ${r.counts.failed} still failing`);
    if (r.errorSummary) say(r.errorSummary);
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`The synchronisation stopped: ${e.message}\n`);
      process.exit(1);
    },
  );
}
