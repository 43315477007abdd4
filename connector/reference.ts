/**
 * Reference data every flow needs and that changes rarely: the erp_connection row (write-in setup, switches,
 * intervals), the organisation's language, CRM units ↔ ERP unit codes, users ↔ salespeople, the ERP's currencies
 * and local currency. Loaded with one Dataverse $batch and one Business Central $batch, kept for
 * REFERENCE_CACHE_SECONDS, so a submission does not pay for them.
 */
import { ConnectionColumns as CC, CouplingColumns as K, Tables } from '../domain/schema';
import type { ConnectionSettings, KnownCouplings } from '../domain/orderValidation';
import { buildChoiceSetup, CoupledChoiceSources, DocumentChoiceColumns, type DocumentChoiceColumn, type DocumentChoiceSetups, type ErpCodeRecord, type OptionCouplingRow } from '../domain/documentChoices';
import { normalizeId } from '../domain/orderValidation';
import { timeZoneFromUserSettings, USER_TIME_ZONE_COLUMNS, type UserTimeZone } from '../domain/timeZone';
import type { BcApi } from './bc/client';
import { bcBatchError } from './bc/client';
import type { ConnectorConfig } from './config';
import { optionsPath, parseOptions, type PicklistMetadata } from './dataverse/choices';
import type { BatchResult } from './dataverse/batch';
import { batchPartError, lit, type DataverseApi, type Row } from './dataverse/client';
import { ConnectorFailure } from './errors';
import type { Logger } from './log';

export interface ConnectionRow extends ConnectionSettings {
  erp_connectionid: string;
  erp_name?: string | null;
  erp_apibaseurl?: string | null;
  erp_companyid?: string | null;
  erp_autocreateorders?: boolean | null;
  erp_autoprocessquotes?: boolean | null;
  erp_availabilityenabled?: boolean | null;
  erp_statisticsenabled?: boolean | null;
  erp_availabilityinterval?: number | null;
  erp_statisticsinterval?: number | null;
  '@odata.etag'?: string;
}

const CONNECTION_SELECT = [
  Tables.connection.primaryId,
  CC.name,
  CC.apiBaseUrl,
  CC.companyId,
  CC.autoCreateOrders,
  CC.autoProcessQuotes,
  CC.writeInProductType,
  CC.writeInProductNumber,
  CC.availabilityEnabled,
  CC.statisticsEnabled,
  CC.availabilityIntervalMinutes,
  CC.statisticsIntervalMinutes,
].join(',');

type DocumentTable = 'salesorder' | 'quote';
const DOCUMENT_TABLES: readonly DocumentTable[] = ['salesorder', 'quote'];
const CHOICE_COLUMNS: readonly DocumentChoiceColumn[] = [DocumentChoiceColumns.paymentTerms, DocumentChoiceColumns.shipmentMethod];
/** The option mappings' couplings are written with erp_crmtable = table.column (connector/sync/couplings.ts). */
const optionCouplingTable = (column: DocumentChoiceColumn): string => `account.${CoupledChoiceSources[column].accountColumn}`;
/** Every choice column whose labels the match needs: the documents' own and the coupled account columns. */
const OPTION_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ...CHOICE_COLUMNS.map((c) => ['account', CoupledChoiceSources[c].accountColumn] as const),
  ...DOCUMENT_TABLES.flatMap((t) => CHOICE_COLUMNS.map((c) => [t, c] as const)),
];

export class ReferenceData {
  connection: ConnectionRow | null = null;
  lcid = 1033;
  /** CRM uom id → ERP unit code (coupling rows first, then CRM unit names equal to an ERP code). */
  uomCodeById: Record<string, string> = {};
  /** ERP unit code → CRM uom id. */
  uomIdByCode: Record<string, string> = {};
  /** CRM systemuser id → ERP salesperson code. */
  salespersonByUser: Record<string, string> = {};
  /** Payment terms and freight terms of orders and quotes → ERP records (domain/documentChoices.ts). */
  private documentChoices: Partial<Record<DocumentTable, DocumentChoiceSetups>> = {};
  /** ERP location code (upper case) → API id, for lines with a ship-from location. */
  locationIdByCode: Record<string, string> = {};
  /** ERP location API id (normalised) → code, to say which location the ERP gave a line (ERP events). */
  locationCodeById: Record<string, string> = {};
  erpCurrencyCodes: string[] = [];
  /** systemuser id → time zone (usersettings): user-local dates become the owner's calendar date (domain/timeZone.ts). */
  timeZones: Record<string, UserTimeZone> = {};
  /** systemuser id → language of the user's interface (usersettings.uilanguageid), read with the time zones. */
  userLcids: Record<string, number> = {};
  lcy = '';
  loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly config: ConnectorConfig,
    private readonly dv: DataverseApi,
    private readonly bc: BcApi,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get connectionId(): string | null {
    return this.connection?.erp_connectionid ?? this.config.connectionId;
  }

  /** Couplings in the shape the pre-submit rules and the mapping take. */
  couplings(): KnownCouplings {
    return { uom: this.uomCodeById, systemuser: this.salespersonByUser };
  }

  /** The choice setups of a document table's payment terms and freight terms. */
  choicesFor(table: DocumentTable): DocumentChoiceSetups {
    return this.documentChoices[table] ?? {};
  }

  async ensureFresh(force = false): Promise<void> {
    if (!force && this.loadedAt && this.now().getTime() - this.loadedAt < this.config.schedules.referenceCacheTtlMs) return;
    if (!this.loading) {
      this.loading = this.load().finally(() => {
        this.loading = null;
      });
    }
    await this.loading;
  }

  private async load(): Promise<void> {
    const connectionPath = this.config.connectionId
      ? `${Tables.connection.entitySet}?$select=${CONNECTION_SELECT}&$filter=${Tables.connection.primaryId} eq ${this.config.connectionId}`
      : `${Tables.connection.entitySet}?$select=${CONNECTION_SELECT}&$filter=statecode eq 0&$orderby=${CC.isDefault} desc,createdon asc&$top=1`;
    const couplingTables = ['uom', 'systemuser', ...CHOICE_COLUMNS.map((c) => optionCouplingTable(c))];
    const [conn, org, uoms, couplings, ...optionParts] = await this.dv.batch([
      { method: 'GET', url: connectionPath },
      { method: 'GET', url: 'organizations?$select=languagecode' },
      { method: 'GET', url: 'uoms?$select=uomid,name' },
      {
        method: 'GET',
        url: `${Tables.coupling.entitySet}?$select=${K.crmTable},${K.crmId},${K.erpNumber},${K.erpId}&$filter=${encodeURIComponent(`(${couplingTables.map((t) => `${K.crmTable} eq '${t}'`).join(' or ')}) and ${K.skipped} ne true`)}`,
      },
      ...OPTION_COLUMNS.map(([table, column]) => ({ method: 'GET' as const, url: optionsPath(table, column) })),
    ], { continueOnError: true });
    for (const [r, what] of [
      [conn, 'Reading the ERP connection'],
      [org, 'Reading the organisation'],
      [uoms, 'Reading units'],
      [couplings, 'Reading couplings'],
    ] as const) {
      if (!r || r.status >= 400) throw batchPartError(r ?? { status: 500, headers: {}, body: null, text: 'no response' }, what);
    }
    const connRows = (conn.body as { value: ConnectionRow[] }).value;
    if (!connRows.length) {
      throw new ConnectorFailure(
        'transient',
        [{ code: 'ERP_TRANSIENT', params: { service: 'Dataverse', message: this.config.connectionId ? `no erp_connection row with id ${this.config.connectionId}` : 'no active erp_connection row' } }],
        'HINT_ADMIN',
      );
    }
    const [currencies, company, units, locations, ...erpChoiceParts] = await this.bc.batch([
      { id: 'currencies', method: 'GET', url: 'currencies?$select=code' },
      { id: 'company', method: 'GET', url: 'companyInformation?$select=currencyCode' },
      { id: 'units', method: 'GET', url: 'unitsOfMeasure?$select=code' },
      { id: 'locations', method: 'GET', url: 'locations?$select=id,code' },
      ...CHOICE_COLUMNS.map((c) => ({ id: CoupledChoiceSources[c].erpEntitySet, method: 'GET' as const, url: `${CoupledChoiceSources[c].erpEntitySet}?$select=id,code,displayName` })),
    ]);
    for (const r of [currencies, company, units]) if (!r || r.status >= 400) throw bcBatchError(r, 'Reading ERP reference data');

    this.connection = connRows[0];
    this.lcid = ((org.body as { value: Array<{ languagecode?: number }> }).value[0]?.languagecode as number | undefined) ?? 1033;
    const companyRows = company.body as { value?: Array<{ currencyCode?: string }>; currencyCode?: string };
    this.lcy = String(companyRows.value?.[0]?.currencyCode ?? companyRows.currencyCode ?? '').toUpperCase();
    const codes = (currencies.body as { value: Array<{ code: string }> }).value.map((c) => c.code.toUpperCase());
    this.erpCurrencyCodes = [...new Set([...(this.lcy ? [this.lcy] : []), ...codes])];

    const erpUnits = new Set((units.body as { value: Array<{ code: string }> }).value.map((u) => u.code.toUpperCase()));
    const byId: Record<string, string> = {};
    const users: Record<string, string> = {};
    for (const c of (couplings.body as { value: Row[] }).value) {
      const table = String(c[K.crmTable]);
      const id = normalizeId(String(c[K.crmId] ?? ''));
      const number = String(c[K.erpNumber] ?? '').toUpperCase();
      if (!id || !number) continue;
      if (table === 'uom') byId[id] = number;
      else if (table === 'systemuser') users[id] = number;
    }
    for (const u of (uoms.body as { value: Array<{ uomid: string; name?: string }> }).value) {
      const id = normalizeId(u.uomid);
      const name = (u.name ?? '').trim().toUpperCase();
      if (!byId[id] && erpUnits.has(name)) byId[id] = name;
    }
    this.documentChoices = this.choiceSetups(optionParts, (couplings.body as { value: Row[] }).value, erpChoiceParts);
    if (locations && locations.status < 400) {
      const rows = (locations.body as { value: Array<{ id: string; code: string }> }).value;
      this.locationIdByCode = Object.fromEntries(rows.map((l) => [l.code.toUpperCase(), l.id]));
      this.locationCodeById = Object.fromEntries(rows.map((l) => [normalizeId(l.id), l.code]));
    } else this.log.warn('ERP locations unavailable; lines with a ship-from location are refused until they can be read', { status: locations?.status });
    this.uomCodeById = byId;
    this.uomIdByCode = Object.fromEntries(Object.entries(byId).map(([id, code]) => [code, id]));
    this.salespersonByUser = users;
    this.timeZones = await this.loadTimeZones();
    this.loadedAt = this.now().getTime();
    this.log.debug('reference data loaded', { connection: this.connection.erp_connectionid, lcid: this.lcid, units: Object.keys(byId).length, salespeople: Object.keys(users).length, currencies: this.erpCurrencyCodes.length });
  }
  /**
   * The language of a record's timeline posts: its owner's, who follows the order and reads them, else the
   * organisation's base language (a team-owned record, an owner not read). Posts are written once, so one language.
   */
  postLcid(ownerId: string | null | undefined): number {
    return (ownerId && this.userLcids[normalizeId(ownerId)]) || this.lcid;
  }

  /**
   * Every user's time zone rules. A failed read keeps the previous ones (dates then fall back to UTC for unknown
   * users, which the request notes show): a submission must not stop for it.
   */
  private async loadTimeZones(): Promise<Record<string, UserTimeZone>> {
    try {
      const rows = await this.dv.list<Row>(`usersettingscollection?$select=${[...USER_TIME_ZONE_COLUMNS, 'uilanguageid'].join(',')}`);
      const out: Record<string, UserTimeZone> = {};
      const lcids: Record<string, number> = {};
      for (const r of rows) {
        if (typeof r.systemuserid !== 'string') continue;
        const tz = timeZoneFromUserSettings(r);
        if (tz) out[normalizeId(r.systemuserid)] = tz;
        if (typeof r.uilanguageid === 'number' && r.uilanguageid > 0) lcids[normalizeId(r.systemuserid)] = r.uilanguageid;
      }
      this.userLcids = lcids;
      return out;
    } catch (e) {
      this.log.warn('user time zones unavailable; user-local dates are read in UTC', { error: (e as Error).message });
      return this.timeZones;
    }
  }

  /**
   * Document choices → ERP records. A metadata or ERP read that failed only costs the match (the document's terms
   * are then reported, not sent): submissions must not stop because optional reference data is missing.
   */
  private choiceSetups(optionParts: BatchResult[], couplingRows: Row[], erpParts: Array<{ status: number; body?: unknown } | undefined>): Partial<Record<DocumentTable, DocumentChoiceSetups>> {
    const options = new Map<string, ReturnType<typeof parseOptions>>();
    OPTION_COLUMNS.forEach(([table, column], i) => {
      const part = optionParts[i];
      if (part && part.status < 400) options.set(`${table}.${column}`, parseOptions(part.body as PicklistMetadata));
      else this.log.warn('choice labels unavailable; documents with these choices are reported, not matched', { table, column, status: part?.status });
    });
    const out: Partial<Record<DocumentTable, DocumentChoiceSetups>> = {};
    CHOICE_COLUMNS.forEach((column, i) => {
      const part = erpParts[i];
      const erpRecords = part && part.status < 400 ? ((part.body as { value?: ErpCodeRecord[] }).value ?? []) : [];
      if (!part || part.status >= 400) this.log.warn('ERP records unavailable; documents with these choices are reported, not matched', { entitySet: CoupledChoiceSources[column].erpEntitySet, status: part?.status });
      const coupled: OptionCouplingRow[] = couplingRows
        .filter((c) => c[K.crmTable] === optionCouplingTable(column) && c[K.erpId])
        .map((c) => ({ crmValue: String(c[K.crmId]), erpId: normalizeId(String(c[K.erpId])) }));
      const accountOptions = options.get(`account.${CoupledChoiceSources[column].accountColumn}`) ?? [];
      for (const table of DOCUMENT_TABLES) {
        (out[table] ??= {})[column] = buildChoiceSetup(options.get(`${table}.${column}`) ?? [], accountOptions, coupled, erpRecords);
      }
    });
    return out;
  }

}

export { lit };
