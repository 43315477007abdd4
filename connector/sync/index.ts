/**
 * Plugs the synchronisation into the connector: the request handlers (couple, syncRecord, fullSync and the setup's
 * testConnection) and the two background jobs startConnector schedules: the full-synchronisation runner (also woken
 * as soon as a run is queued) and the incremental schedule.
 */
import type { QueueWorker, RequestHandler } from '../queue/worker';
import type { Services } from '../services';
import { testConnectionHandler } from '../setup/testConnection';
import { createSyncContext, type SyncOptions } from './context';
import { runPendingFullSync, type RunnerSummary } from './fullSync';
import { syncHandlers } from './handlers';
import { runIncrementalSync, type IncrementalSummary } from './incremental';

export interface SyncJobs {
  /** Runs unfinished full-synchronisation jobs (one at a time per process). */
  runFullSync(): Promise<RunnerSummary | null>;
  /** Runs the mappings whose incremental interval has passed. */
  runIncremental(force?: boolean): Promise<IncrementalSummary | null>;
  /** How often startConnector should call runIncremental (each mapping keeps its own interval). */
  tickMs: number;
}

export function attachSync(s: Services, worker: QueueWorker, options: { basicCouple?: RequestHandler; syncOptions?: SyncOptions } = {}): SyncJobs {
  let full: Promise<RunnerSummary | null> | null = null;
  let again = false;
  let incremental: Promise<IncrementalSummary | null> | null = null;
  const runFullSync = (): Promise<RunnerSummary | null> => {
    if (full) {
      again = true;
      return full;
    }
    full = (async () => {
      const all: RunnerSummary = { ran: [], waiting: [] };
      do {
        again = false;
        const r = await runPendingFullSync(await createSyncContext(s, options.syncOptions));
        all.ran.push(...r.ran);
        all.waiting = r.waiting;
      } while (again);
      return all;
    })().finally(() => {
      full = null;
    });
    return full;
  };
  for (const h of syncHandlers({ basicCouple: options.basicCouple, syncOptions: options.syncOptions, onFullSyncQueued: () => void runFullSync().catch((e: Error) => s.log.error('full synchronisation runner failed', { error: e.message })) })) {
    worker.register(h);
  }
  worker.register(testConnectionHandler());
  return {
    runFullSync,
    runIncremental: (force = false) => {
      if (incremental) return incremental;
      incremental = (async () => runIncrementalSync(await createSyncContext(s, options.syncOptions), { force }))().finally(() => {
        incremental = null;
      });
      return incremental;
    },
    tickMs: 60_000,
  };
}
