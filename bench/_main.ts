/**
 * What each bench file does when run on its own (`npx tsx bench/<name>.ts`) rather than through bench/run.ts: runs
 * it, prints an error and exits 1 when it fails, and exits 0 when it ends (a bench that started servers or children
 * would otherwise keep the process alive). The leading _ keeps bench/run.ts from taking this file for a bench.
 */
export function runWhenMain(mod: NodeModule, run: () => Promise<unknown>): void {
  if (require.main !== mod) return;
  run().then(
    () => process.exit(0),
    (e: Error) => {
      console.error(e);
      process.exit(1);
    },
  );
}
