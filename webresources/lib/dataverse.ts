/**
 * Reads the command bar needs, all through Xrm.WebApi (asynchronous, relative to the org; no URL building), or the
 * page's own record API (lib/webApi.ts) in an HTML web resource.
 * Queries are the shared ones from domain/ where the connector reads the same data.
 */
import { orderSnapshotQuery, quoteSnapshotQuery, normalizeId, type ConnectionSettings, type KnownCouplings, type LineSnapshot, type OrderSnapshot, type QuoteSnapshot } from '../../domain/orderValidation';
import { AccountColumns, ConnectionColumns, CouplingColumns, EnvironmentVariables, ItemAvailabilityColumns, Tables } from '../../domain/schema';
import { AccountTable, STATISTICS_COLUMNS, statisticsFromRow } from '../../domain/accountStatistics';
import { AVAILABILITY_COLUMNS, isSoldFromStock, locationFromRow, type LocationAvailability } from '../../domain/availability';
import { preflightProblems, type PreflightFigures } from '../../domain/preflight';
import { Formatter } from '../../domain/format';
import type { Problem } from '../../domain/orderValidation';
import { userLcid } from './strings';
import { webApi } from './webApi';

export interface ErpConnection extends ConnectionSettings {
  erp_connectionid: string;
  erp_name?: string | null;
  erp_webclienturl?: string | null;
  erp_availabilityenabled?: boolean | null;
  erp_statisticsenabled?: boolean | null;
}

export function readOrder(id: string): Promise<OrderSnapshot> {
  return webApi().retrieveRecord('salesorder', normalizeId(id), orderSnapshotQuery()) as unknown as Promise<OrderSnapshot>;
}

export function readQuote(id: string): Promise<QuoteSnapshot> {
  return webApi().retrieveRecord('quote', normalizeId(id), quoteSnapshotQuery()) as unknown as Promise<QuoteSnapshot>;
}

/** The default active connection (or the only one); null when none exists or the user cannot read it. */
export async function readConnection(): Promise<ErpConnection | null> {
  const select = [
    Tables.connection.primaryId, ConnectionColumns.name, ConnectionColumns.webClientUrl, ConnectionColumns.writeInProductType, ConnectionColumns.writeInProductNumber,
    ConnectionColumns.isDefault, ConnectionColumns.availabilityEnabled, ConnectionColumns.statisticsEnabled,
  ].join(',');
  const result = await webApi().retrieveMultipleRecords(Tables.connection.logicalName, `?$select=${select}&$filter=statecode eq 0&$orderby=${ConnectionColumns.isDefault} desc`, 2);
  return (result.entities[0] as unknown as ErpConnection | undefined) ?? null;
}

/** Couplings of the given CRM records of one table (normalised ids → ERP number). */
export async function readCouplings(crmTable: string, crmIds: string[]): Promise<Record<string, string>> {
  const idsWanted = [...new Set(crmIds.map(normalizeId).filter((id) => id !== ''))];
  const found: Record<string, string> = {};
  if (idsWanted.length === 0) return found;
  const idFilter = idsWanted.map((id) => `${CouplingColumns.crmId} eq '${id}'`).join(' or ');
  const result = await webApi().retrieveMultipleRecords(
    Tables.coupling.logicalName,
    `?$select=${CouplingColumns.crmId},${CouplingColumns.erpNumber}&$filter=${CouplingColumns.crmTable} eq '${crmTable}' and (${idFilter}) and statecode eq 0 and ${CouplingColumns.skipped} ne true`,
  );
  for (const row of result.entities) found[normalizeId(row[CouplingColumns.crmId] as string)] = (row[CouplingColumns.erpNumber] as string) ?? '';
  return found;
}

/** The couplings the client checks: the owner → salesperson (accounts and products carry their ERP numbers). */
export async function readOwnerCouplings(ownerUserId: string | null | undefined): Promise<KnownCouplings> {
  if (!ownerUserId) return {};
  return { systemuser: await readCouplings('systemuser', [ownerUserId]) };
}

/**
 * The ERP figures the connector keeps for an order's account and stock products, for the credit and stock checks
 * (domain/preflight.ts): two reads, each skipped when switched off on the connection. A figure that cannot be read
 * (no privilege: the availability-only role has no statistics) is left out rather than failing the submission.
 */
export async function readErpFigures(doc: OrderSnapshot | QuoteSnapshot, connection: ErpConnection | null): Promise<PreflightFigures> {
  // Quotes are judged on stock only (domain/preflight.ts): their account's statistics are not read.
  const account = 'salesorderid' in doc ? (doc.customerid_account ?? doc.customerid_contact?.parentcustomerid_account ?? null) : null;
  const lines: LineSnapshot[] = ('order_details' in doc ? doc.order_details : (doc as QuoteSnapshot).quote_details) ?? [];
  const productIds = [
    ...new Set(
      lines
        .filter((l) => l.productid && (l.quantity ?? 0) > 0 && isSoldFromStock(l.productid.producttypecode))
        .map((l) => normalizeId(l.productid?.productid)),
    ),
  ].filter(Boolean);
  const statistics = async (): Promise<PreflightFigures['statistics']> => {
    if (!account || connection?.erp_statisticsenabled === false) return null;
    const row = await webApi().retrieveRecord(AccountTable.logicalName, normalizeId(account.accountid), `?$select=${AccountTable.primaryId}&$expand=${AccountColumns.statistics}($select=${STATISTICS_COLUMNS.join(',')})`);
    const expanded = row[AccountColumns.statistics];
    return expanded && typeof expanded === 'object' ? statisticsFromRow(expanded as Record<string, unknown>) : null;
  };
  const availability = async (): Promise<PreflightFigures['availability']> => {
    if (!productIds.length || connection?.erp_availabilityenabled === false) return productIds.length ? null : {};
    const product = `_${ItemAvailabilityColumns.product}_value`;
    // 50 products a request keeps the URL far below the Web API's GET limit, whatever the number of lines.
    const chunks = Array.from({ length: Math.ceil(productIds.length / 50) }, (_, i) => productIds.slice(i * 50, i * 50 + 50));
    const results = await Promise.all(
      chunks.map((ids) => webApi().retrieveMultipleRecords(Tables.itemAvailability.logicalName, `?$select=${product},${AVAILABILITY_COLUMNS.join(',')}&$filter=${ids.map((id) => `${product} eq ${id}`).join(' or ')}`)),
    );
    const byProduct: Record<string, LocationAvailability[]> = {};
    for (const row of results.flatMap((r) => r.entities)) (byProduct[normalizeId(row[product] as string)] ??= []).push(locationFromRow(row));
    return byProduct;
  };
  const [s, a] = await Promise.all([statistics().catch(() => null), availability().catch(() => null)]);
  return { statistics: s, availability: a };
}

/** Credit and stock warnings for an order (stock only for a quote), in the user's language (domain/preflight.ts). */
export async function erpWarnings(doc: OrderSnapshot | QuoteSnapshot, connection: ErpConnection | null): Promise<Problem[]> {
  return preflightProblems(doc, await readErpFigures(doc, connection), new Formatter(userLcid()));
}

/** An environment variable's current value (value row, else default), or null. */
export async function readEnvironmentVariable(schemaName: string): Promise<string | null> {
  const result = await webApi().retrieveMultipleRecords(
    'environmentvariabledefinition',
    `?$select=defaultvalue,schemaname&$filter=schemaname eq '${schemaName}'&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)`,
  );
  const def = result.entities[0];
  if (!def) return null;
  const values = (def.environmentvariabledefinition_environmentvariablevalue as { value?: string | null }[] | undefined) ?? [];
  const value = values.find((v) => v.value !== null && v.value !== undefined && v.value !== '')?.value;
  return value ?? (def.defaultvalue as string | null) ?? null;
}

export const DEFAULT_SUBMISSION_TIMEOUT_SECONDS = 60;

/** erp_SubmissionTimeoutSeconds, clamped to 5..600; default 60 when missing, unreadable or not a number. */
export async function readSubmissionTimeoutSeconds(): Promise<number> {
  try {
    const raw = await readEnvironmentVariable(EnvironmentVariables.submissionTimeoutSeconds);
    const n = raw === null ? NaN : Number(raw);
    if (!Number.isFinite(n) || n <= 0) return DEFAULT_SUBMISSION_TIMEOUT_SECONDS;
    return Math.min(600, Math.max(5, Math.round(n)));
  } catch {
    return DEFAULT_SUBMISSION_TIMEOUT_SECONDS;
  }
}

export const DEFAULT_SUBMISSION_DIALOG_SECONDS = 5;

/**
 * erp_SubmissionDialogSeconds: how long Submit to ERP keeps the salesperson behind its progress indicator before it
 * lets them work on while the form follows the request (issue 19). Clamped to 1..60; default 5.
 */
export async function readSubmissionDialogSeconds(): Promise<number> {
  try {
    const raw = await readEnvironmentVariable(EnvironmentVariables.submissionDialogSeconds);
    const n = raw === null ? NaN : Number(raw);
    if (!Number.isFinite(n) || n <= 0) return DEFAULT_SUBMISSION_DIALOG_SECONDS;
    return Math.min(60, Math.max(1, Math.round(n)));
  } catch {
    return DEFAULT_SUBMISSION_DIALOG_SECONDS;
  }
}

export interface CouplingState {
  /** Coupled to an ERP record (the ERP side is known), skipped or not. */
  coupled: boolean;
  erpNumber: string | null;
}

/** Whether a Sales record is coupled, from its erp_coupling row (contacts have no column showing the ERP number). */
export async function readCouplingState(crmTable: string, crmId: string): Promise<CouplingState> {
  const result = await webApi().retrieveMultipleRecords(
    Tables.coupling.logicalName,
    `?$select=${CouplingColumns.erpId},${CouplingColumns.erpNumber}&$filter=${CouplingColumns.crmTable} eq '${crmTable}' and ${CouplingColumns.crmId} eq '${normalizeId(crmId)}' and statecode eq 0`,
    1,
  );
  const row = result.entities[0];
  const erpNumber = (row?.[CouplingColumns.erpNumber] as string | null | undefined) || null;
  const erpId = (row?.[CouplingColumns.erpId] as string | null | undefined) || null;
  return { coupled: !!(erpNumber || erpId), erpNumber };
}
