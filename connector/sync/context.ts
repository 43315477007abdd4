/**
 * What a synchronisation run needs: the connector's services (the shared Dataverse and Business Central clients),
 * the validated mapping set, who the integration user is (its own changes are never echoed back), the ERP
 * connection and page sizes. Built once per run or per request.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defaultMappingSet, formatMappingProblem, parseMappingFile, type IntegrationMapping, type MappingSet } from '../../domain/mappings';
import { ConnectionColumns, Tables } from '../../domain/schema';
import { HttpError } from '../http/httpClient';
import type { Services } from '../services';
import type { ErpCreateGuard } from './createGuard';

export interface SyncOptions {
  /** Records per ERP page (also the Dataverse $batch size per page). */
  erpPageSize?: number;
  crmPageSize?: number;
  /** Mapping file; default MAPPINGS_FILE or config/mappings.json. */
  mappingsFile?: string;
  /** A set given directly (tests). */
  set?: MappingSet;
  /** Progress callback (the terminal progress bar). */
  onProgress?: (p: ProgressEvent) => void;
}

export interface ProgressEvent {
  mapping: string;
  phase: 'erp' | 'crm' | 'done';
  processed: number;
  total: number | null;
  counts: Counts;
}

export interface Counts {
  inserted: number;
  modified: number;
  unchanged: number;
  failed: number;
  skipped: number;
}

export const zeroCounts = (): Counts => ({ inserted: 0, modified: 0, unchanged: 0, failed: 0, skipped: 0 });

export interface SyncContext {
  s: Services;
  set: MappingSet;
  byName: Map<string, IntegrationMapping>;
  /** systemuserid of the user the connector signs in as. */
  integrationUserId: string;
  connectionId: string | null;
  lcid: number;
  erpPageSize: number;
  crmPageSize: number;
  /** Mappings the assisted setup chose (erp_connection.erp_syncmappings); null = every enabled mapping. */
  selection: string[] | null;
  onProgress?: (p: ProgressEvent) => void;
  /** Set for a request's run: ERP creates follow the in-doubt rule of that request (createGuard.ts). */
  createGuard?: ErpCreateGuard;
}

export class MappingConfigError extends Error {
  constructor(
    readonly problems: string[],
    file: string,
  ) {
    super(`The mappings in ${file} cannot be used:\n- ${problems.join('\n- ')}`);
    this.name = 'MappingConfigError';
  }
}

export function mappingsFilePath(explicit?: string): string {
  const chosen = explicit ?? process.env.MAPPINGS_FILE;
  if (chosen) return path.resolve(chosen);
  // The built package (dist/*.js, see scripts/build-connector.ts) ships <package>/config; the sources use <repo>/config.
  const candidates = [path.join(__dirname, '..', 'config', 'mappings.json'), path.join(__dirname, '..', '..', 'config', 'mappings.json')];
  return path.resolve(candidates.find((c) => fs.existsSync(c)) ?? candidates[0]);
}

/** The mapping set from the file (defaults when the file does not exist); throws with every problem named. */
export function loadMappingSet(file?: string): MappingSet {
  const p = mappingsFilePath(file);
  if (!fs.existsSync(p)) return defaultMappingSet();
  const loaded = parseMappingFile(fs.readFileSync(p, 'utf8'), p);
  if (!loaded.set) throw new MappingConfigError(loaded.errors.map((e) => formatMappingProblem(e)), p);
  return loaded.set;
}

const whoAmICache = new WeakMap<object, string>();

/** The connector's own user id when WhoAmI was already asked (no request), else null. */
export function knownIntegrationUserId(s: Services): string | null {
  return whoAmICache.get(s.dv) ?? null;
}

export async function integrationUserId(s: Services): Promise<string> {
  const cached = whoAmICache.get(s.dv);
  if (cached) return cached;
  const me = await s.dv.get<{ UserId: string }>('WhoAmI()');
  const id = String(me.UserId).toLowerCase();
  whoAmICache.set(s.dv, id);
  return id;
}

/** The setup's choice of mappings on the ERP connection (null when none was made or the column is not there). */
async function connectionSelection(s: Services): Promise<string[] | null> {
  const id = s.ref.connectionId;
  if (!id) return null;
  try {
    const row = await s.dv.get<Record<string, unknown>>(`${Tables.connection.entitySet}(${id})?$select=${ConnectionColumns.syncMappings}`);
    const names = String(row[ConnectionColumns.syncMappings] ?? '')
      .split(',')
      .map((n) => n.trim().toUpperCase())
      .filter(Boolean);
    return names.length ? names : null;
  } catch (e) {
    if (e instanceof HttpError && (e.status === 400 || e.status === 404)) return null;
    throw e;
  }
}

export async function createSyncContext(s: Services, options: SyncOptions = {}): Promise<SyncContext> {
  const set = options.set ?? loadMappingSet(options.mappingsFile);
  await s.ref.ensureFresh();
  return {
    s,
    set,
    byName: new Map(set.mappings.map((m) => [m.name, m])),
    integrationUserId: await integrationUserId(s),
    connectionId: s.ref.connectionId,
    lcid: s.ref.lcid,
    erpPageSize: options.erpPageSize ?? 500,
    crmPageSize: options.crmPageSize ?? 500,
    selection: await connectionSelection(s),
    onProgress: options.onProgress,
  };
}
