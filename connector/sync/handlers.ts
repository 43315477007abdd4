/**
 * The synchronisation's request kinds on the connector's queue:
 * - couple: { operation: search | couple | createInErp | createInSales | uncouple, … } on a Sales record; without
 *   an operation, the basic coupling by number (connector/flows/coupling.ts) runs as before;
 * - syncRecord: { operation: syncNow, side } or { operation: retry, couplingIds? };
 * - fullSync: { mappings?: [...] } queues a full run (or returns the unfinished one) and wakes the runner.
 * Answers go in the request's payload as `result`, so the web resources can show them.
 */
import { RequestKind } from '../../domain/schema';
import { ConnectorFailure } from '../errors';
import type { HandlerContext, Outcome, RequestHandler } from '../queue/worker';
import { createSyncContext, MappingConfigError, type SyncOptions } from './context';
import { startFullSync } from './fullSync';
import { requestCreateGuard } from './createGuard';
import { refuseUnlessAdministrator } from './authorize';
import { parseRecordRequest, RecordRefused, runRecordRequest, type RecordRequest } from './recordOps';

export interface SyncHandlerOptions {
  /** The handler the couple kind falls back to when the payload names no operation. */
  basicCouple?: RequestHandler;
  /** Called after a full run was queued (the runner starts at once rather than at its next tick). */
  onFullSyncQueued?: () => void;
  syncOptions?: SyncOptions;
}

const HINT = {
  en: 'Fix what the message says (in Sales or in the ERP), then run the command again.',
  fr: 'Corrigez ce que dit le message (dans Sales ou dans l’ERP), puis relancez la commande.',
};

/** A refusal the user can act on: permanent, with the message as is (already in the user's terms). */
function refused(ctx: HandlerContext, message: string): ConnectorFailure {
  // Unknown codes are shown verbatim by the connector's message catalog.
  return new ConnectorFailure('permanent', [{ code: message, params: {} }], ctx.lcid === 1036 ? HINT.fr : HINT.en, null, false, message);
}

function withPayload(outcome: Outcome, request: unknown, result: unknown): Outcome {
  return Object.assign(outcome, { payload: JSON.stringify({ ...(request as object), result }).slice(0, 10_000) });
}

async function runRecord(ctx: HandlerContext, r: RecordRequest, options: SyncHandlerOptions): Promise<Outcome> {
  await ctx.claimAndRead([]);
  if (r.operation !== 'search') await mustBeAdministrator(ctx);
  try {
    const sctx = await createSyncContext(ctx.services, options.syncOptions);
    // A create in the ERP whose answer was lost is looked up, never repeated blindly (createGuard.ts).
    sctx.createGuard = requestCreateGuard(ctx);
    const res = await runRecordRequest(sctx, r);
    return withPayload({ summary: res.message, ops: [] }, r, res.result ?? null);
  } catch (e) {
    if (e instanceof RecordRefused) throw refused(ctx, e.text(ctx.lcid));
    if (e instanceof MappingConfigError) throw refused(ctx, e.message);
    throw e;
  }
}

function parse(ctx: HandlerContext): RecordRequest | null {
  try {
    return parseRecordRequest(ctx.row.erp_payload, { table: ctx.row.erp_targettable, id: ctx.row.erp_targetid });
  } catch (e) {
    throw refused(ctx, e instanceof RecordRefused ? e.text(ctx.lcid) : (e as Error).message);
  }
}

async function mustBeAdministrator(ctx: HandlerContext): Promise<void> {
  const refusal = await refuseUnlessAdministrator(ctx);
  if (refusal) throw refused(ctx, refusal);
}

export function syncHandlers(options: SyncHandlerOptions = {}): RequestHandler[] {
  const couple: RequestHandler = {
    kind: RequestKind.couple,
    async process(ctx) {
      const r = parse(ctx);
      if (!r) {
        if (options.basicCouple) {
          // The basic handler claims the row itself; a refusal must claim it first, or the row would be listed again.
          const refusal = await refuseUnlessAdministrator(ctx);
          if (refusal) {
            await ctx.claimAndRead([]);
            throw refused(ctx, refusal);
          }
          return options.basicCouple.process(ctx);
        }
        throw refused(ctx, 'The couple request names no operation. Send {"operation": "search" | "couple" | "createInErp" | "createInSales" | "uncouple", ...}.');
      }
      return runRecord(ctx, r, options);
    },
  };
  const syncRecord: RequestHandler = {
    kind: RequestKind.syncRecord,
    async process(ctx) {
      const r = parse(ctx);
      if (!r || (r.operation !== 'syncNow' && r.operation !== 'retry')) {
        await ctx.claimAndRead([]);
        throw refused(ctx, 'A syncRecord request needs {"operation": "syncNow", "side": "erp" | "crm"} or {"operation": "retry"}.');
      }
      return runRecord(ctx, r, options);
    },
  };
  const fullSync: RequestHandler = {
    kind: RequestKind.fullSync,
    async process(ctx) {
      await ctx.claimAndRead([]);
      await mustBeAdministrator(ctx);
      let names: string[] | null = null;
      if (ctx.row.erp_payload?.trim()) {
        try {
          const p = JSON.parse(ctx.row.erp_payload) as { mappings?: unknown };
          if (Array.isArray(p.mappings)) names = p.mappings.filter((x): x is string => typeof x === 'string');
        } catch {
          throw refused(ctx, 'The full synchronisation request payload is not JSON. Send {"mappings": ["CUSTOMER", ...]} or nothing.');
        }
      }
      try {
        const sctx = await createSyncContext(ctx.services, options.syncOptions);
        const start = await startFullSync(sctx, names);
        options.onFullSyncQueued?.();
        const summary = `${start.resumed ? 'A full synchronisation is already running' : 'Full synchronisation queued'} (${start.run}): ${start.mappings.join(' → ')}. Follow it in the synchronisation jobs.`;
        return withPayload({ summary, ops: [] }, { mappings: names }, start);
      } catch (e) {
        if (e instanceof MappingConfigError) throw refused(ctx, e.message);
        if (e instanceof Error && /^Unknown mapping|^No mapping is enabled/.test(e.message)) throw refused(ctx, e.message);
        throw e;
      }
    },
  };
  return [couple, syncRecord, fullSync];
}
