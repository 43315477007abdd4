/**
 * Child process of bench/sync.ts: the connector's full synchronisation alone in its process, so its peak memory is
 * the synchronisation's own (the stand-ins live in the parent). Prints one JSON line with timings and memory.
 * Not a benchmark by itself (the leading underscore keeps bench/run.ts from running it).
 */
import { loadConfig } from '../connector/config';
import { createServices } from '../connector/connector';
import { memoryLogger } from '../connector/log';
import { createSyncContext } from '../connector/sync/context';
import { runPendingFullSync, startFullSync } from '../connector/sync/fullSync';

async function main(): Promise<void> {
  const { config, problems } = loadConfig(process.env);
  if (problems.length) throw new Error(JSON.stringify(problems));
  const s = createServices(config, { log: memoryLogger('error') });
  let heapPeak = 0;
  const sample = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 50);
  const perMapping: Record<string, { ms: number; records: number }> = {};
  const started: Record<string, number> = {};
  const ctx = await createSyncContext(s, {
    erpPageSize: Number(process.env.SYNC_PAGE_SIZE ?? 500),
    onProgress: (p) => {
      started[p.mapping] ??= Date.now();
      if (p.phase === 'done') perMapping[p.mapping] = { ms: Date.now() - started[p.mapping], records: p.processed };
    },
  });
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  await startFullSync(ctx, (process.env.SYNC_MAPPINGS ?? 'CUSTOMER,ITEM-PRODUCT').split(','));
  const summary = await runPendingFullSync(ctx);
  const ms = Date.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sample);
  const requests = { dataverse: s.dv.http.stats.requests, bc: s.bc.http.stats.requests, throttled: s.dv.http.stats.throttled + s.bc.http.stats.throttled };
  process.stdout.write(
    `${JSON.stringify({ ms, perMapping, counts: Object.fromEntries(summary.ran.map((r) => [r.mapping, r.counts])), heapPeakMb: heapPeak / 1048576, maxRssMb: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000, requests })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  },
);
