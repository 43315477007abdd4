/**
 * Couplings as the synchronisation reads and writes them: the same `erp_coupling` rows as the connector's basic
 * coupling (upsert on the alternate key crm table + crm id, connector/flows/common.ts), read in bulk per page.
 *
 * A record that failed before it had a counterpart keeps its error on a one-sided row, so it can be retried:
 * - an ERP record not yet in Sales: erp_crmtable "pending-<table>", erp_crmid = the ERP id (the alternate key
 *   needs a value; the prefix keeps these rows out of every "is this Sales record coupled" query). The row is
 *   upserted by that key, so the prefix must not hold / < > * % & : \ ? (Dataverse cannot address such a key:
 *   "Define alternate keys", docs/dataverse-standin.md); rows written as "pending:<table>" by earlier versions
 *   are still read (by $filter) and resolved;
 * - a Sales record not yet in the ERP: the normal crm table and id, no ERP id.
 * Both are written skipped, with the error; the web resources already ignore skipped couplings.
 */
import { type Direction, type IntegrationMapping } from '../../domain/mappings';
import { normalizeId } from '../../domain/orderValidation';
import { CouplingColumns as K, ErpEntityAliases, SyncDirection, Tables } from '../../domain/schema';
import type { BatchOperation } from '../dataverse/batch';
import { lit } from '../dataverse/client';
import { couplingKeyPath, couplingUpsert } from '../flows/common';
import type { SyncContext } from './context';
import { chunks, crmIn, crmReadMany, IN_CHUNK } from './crmAccess';

export const PENDING_PREFIX = 'pending-';
/** The prefix earlier versions wrote; such rows are only ever read by $filter and deleted by id. */
export const LEGACY_PENDING_PREFIX = 'pending:';
/** Every erp_crmtable a mapping's one-sided ERP rows may carry (current and legacy prefix). */
export const pendingTables = (table: string): string[] => [`${PENDING_PREFIX}${table}`, `${LEGACY_PENDING_PREFIX}${table}`];

/** erp_erpentity holds the API entity set name (domain ErpEntitySets); older singular spellings are read as the same entity. */
const ENTITY_ALIASES = ErpEntityAliases;
const CANONICAL = new Map(Object.entries(ENTITY_ALIASES).flatMap(([set, aliases]) => aliases.map((a) => [a, set] as const)));
export const canonicalEntity = (e: string): string => CANONICAL.get(e) ?? e;
export const entityFilter = (entity: string): string => [entity, ...(ENTITY_ALIASES[entity] ?? [])].map((e) => `${K.erpEntity} eq ${lit(e)}`).join(' or ');

export interface Coupling {
  id: string;
  crmTable: string;
  crmId: string;
  erpEntity: string;
  erpId: string;
  erpNumber: string;
  lastSyncedOn: string | null;
  /** The ERP record's lastModifiedDateTime when last synchronised (null: coupled by another tool). */
  erpVersion: string | null;
  skipped: boolean;
  lastError: string | null;
}

const SELECT = [Tables.coupling.primaryId, K.crmTable, K.crmId, K.erpEntity, K.erpId, K.erpNumber, K.lastSyncedOn, K.erpVersion, K.skipped, K.lastError].join(',');

export const directionCode = (d: Direction): number => (d === 'bidirectional' ? SyncDirection.bidirectional : d === 'toErp' ? SyncDirection.toErp : SyncDirection.fromErp);

/** The erp_crmtable of a mapping's couplings: the table, or table.column for option mappings. */
export function couplingTable(mapping: IntegrationMapping): string {
  return mapping.kind === 'option' ? `${mapping.crm.table}.${mapping.crm.optionColumn}` : mapping.crm.table;
}

export const isPendingErp = (c: Coupling): boolean => c.crmTable.startsWith(PENDING_PREFIX) || c.crmTable.startsWith(LEGACY_PENDING_PREFIX);
export const isPendingCrm = (c: Coupling): boolean => !isPendingErp(c) && !c.erpId && !c.erpNumber;
/** Both sides known. */
export const isCoupled = (c: Coupling): boolean => !isPendingErp(c) && !isPendingCrm(c);

function fromRow(r: Record<string, unknown>): Coupling {
  return {
    id: String(r[Tables.coupling.primaryId]),
    crmTable: String(r[K.crmTable] ?? ''),
    crmId: normalizeId(String(r[K.crmId] ?? '')),
    erpEntity: canonicalEntity(String(r[K.erpEntity] ?? '')),
    erpId: normalizeId(String(r[K.erpId] ?? '')),
    erpNumber: String(r[K.erpNumber] ?? ''),
    lastSyncedOn: (r[K.lastSyncedOn] as string | null) ?? null,
    erpVersion: (r[K.erpVersion] as string | null) ?? null,
    skipped: r[K.skipped] === true,
    lastError: (r[K.lastError] as string | null) ?? null,
  };
}

const path = (filter: string): string => `${Tables.coupling.entitySet}?$select=${SELECT}&$filter=${encodeURIComponent(`statecode eq 0 and (${filter})`)}`;
const anyEq = (column: string, values: readonly string[]): string => crmIn(column, values);

/** Paths reading the couplings of a mapping's ERP records by ERP id (the real ones and the pending ones). */
export function byErpIdPaths(mapping: IntegrationMapping, erpIds: readonly string[]): string[] {
  return chunks([...new Set(erpIds.map(normalizeId))], IN_CHUNK).map((part) => path(`(${entityFilter(mapping.erp.entity)}) and (${anyEq(K.erpId, part)})`));
}

/** Paths reading couplings of Sales records by id, whatever the ERP entity (a product is an item or a resource). */
export function byCrmIdPaths(crmTable: string, crmIds: readonly string[]): string[] {
  return chunks([...new Set(crmIds.map(normalizeId))], IN_CHUNK).map((part) => path(`${K.crmTable} eq ${lit(crmTable)} and (${anyEq(K.crmId, part)})`));
}

/** Paths reading couplings of ERP records of an entity by number/code (the basic coupling may not know the id). */
export function byErpNumberPaths(erpEntity: string, numbers: readonly string[]): string[] {
  return chunks([...new Set(numbers)], IN_CHUNK).map((part) => path(`(${entityFilter(erpEntity)}) and (${anyEq(K.erpNumber, part)})`));
}

export function parseCouplings(rows: ReadonlyArray<Record<string, unknown>>): Coupling[] {
  return rows.map(fromRow);
}

export async function readCouplings(ctx: SyncContext, paths: readonly string[]): Promise<Coupling[]> {
  return parseCouplings((await crmReadMany(ctx, paths)).flat());
}

// ---- writes -------------------------------------------------------------------------------------------------

export interface CoupleInput {
  mapping: IntegrationMapping;
  crmId: string;
  erpId: string;
  erpNumber: string;
  name: string;
  now: Date;
  connectionId: string | null;
  /** The ERP record's lastModifiedDateTime after this synchronisation. */
  erpVersion?: unknown;
}

const version = (v: unknown): string | null => (typeof v === 'string' && v ? v.slice(0, 50) : null);

/** Couples (or re-couples) a Sales record with an ERP record, clearing any error. */
export function opCouple(c: CoupleInput): BatchOperation {
  const op = couplingUpsert({
    crmTable: couplingTable(c.mapping),
    crmId: c.crmId,
    erpEntity: c.mapping.erp.entity,
    erpId: c.erpId,
    erpNumber: c.erpNumber,
    direction: directionCode(c.mapping.direction),
    name: `${c.mapping.name}: ${c.name}`,
    connectionId: c.connectionId,
    now: c.now,
  });
  (op.body as Record<string, unknown>)[K.erpVersion] = version(c.erpVersion);
  return op;
}

/** Records that a coupled pair was synchronised now (clears a retried error). */
export function opSynced(coupling: Coupling, now: Date, clearError: boolean, erpVersion?: unknown): BatchOperation {
  const body: Record<string, unknown> = { [K.lastSyncedOn]: now.toISOString() };
  if (version(erpVersion)) body[K.erpVersion] = version(erpVersion);
  if (clearError) Object.assign(body, { [K.skipped]: false, [K.lastError]: null });
  return { method: 'PATCH', url: `${Tables.coupling.entitySet}(${coupling.id})`, body };
}

/** An informative note on a coupling that keeps synchronising (a blocked item whose product was retired). */
export function opNote(coupling: Coupling, message: string): BatchOperation {
  return { method: 'PATCH', url: `${Tables.coupling.entitySet}(${coupling.id})`, body: { [K.lastError]: errorText(message) } };
}

export function opDelete(coupling: Coupling): BatchOperation {
  return { method: 'DELETE', url: `${Tables.coupling.entitySet}(${coupling.id})` };
}

const errorText = (message: string): string => (message.length > 4000 ? `${message.slice(0, 3990)} …` : message);

/** Marks an existing coupling row skipped with the error that stopped it. */
export function opSkip(coupling: Coupling, message: string): BatchOperation {
  return { method: 'PATCH', url: `${Tables.coupling.entitySet}(${coupling.id})`, body: { [K.skipped]: true, [K.lastError]: errorText(message) } };
}

/** A one-sided, skipped row for an ERP record that could not reach Sales. */
export function opPendingErp(mapping: IntegrationMapping, erpId: string, erpNumber: string, name: string, message: string, connectionId: string | null): BatchOperation {
  const body: Record<string, unknown> = {
    [K.name]: `${mapping.name}: ${name}`.slice(0, 200),
    [K.erpEntity]: mapping.erp.entity,
    [K.erpId]: normalizeId(erpId),
    [K.erpNumber]: erpNumber.slice(0, 35),
    [K.direction]: directionCode(mapping.direction),
    [K.skipped]: true,
    [K.lastError]: errorText(message),
  };
  if (connectionId) body[`${K.connection}@odata.bind`] = `/${Tables.connection.entitySet}(${connectionId})`;
  return { method: 'PATCH', url: couplingKeyPath(`${PENDING_PREFIX}${couplingTable(mapping)}`, erpId), body };
}

/** A one-sided, skipped row for a Sales record that could not reach the ERP. */
export function opPendingCrm(mapping: IntegrationMapping, crmId: string, name: string, message: string, connectionId: string | null): BatchOperation {
  const body: Record<string, unknown> = {
    [K.name]: `${mapping.name}: ${name}`.slice(0, 200),
    [K.erpEntity]: mapping.erp.entity,
    [K.erpId]: null,
    [K.erpNumber]: null,
    [K.direction]: directionCode(mapping.direction),
    [K.skipped]: true,
    [K.lastError]: errorText(message),
  };
  if (connectionId) body[`${K.connection}@odata.bind`] = `/${Tables.connection.entitySet}(${connectionId})`;
  return { method: 'PATCH', url: couplingKeyPath(couplingTable(mapping), crmId), body };
}
