/**
 * What the setup page reads and writes, behind an interface tests replace. The Web API implementation talks to the
 * organisation the page is served from (same origin, the signed-in admin's session): the erp_connection row,
 * erp_integrationrequest rows the connector answers, users with their salesperson couplings, erp_syncjob rows.
 * No secret is ever read or written here: credentials live with the connector.
 */
import { RECONCILE_JOB } from '../../domain/reconciliation';
import { RETRY_PREFIX as EVENT_RETRY_PREFIX } from '../../domain/eventRetries';
import { ConnectionColumns as CC, CouplingColumns as K, IntegrationRequestColumns as C, RequestKind, RequestStatus, SyncJobColumns as J, SyncJobKind, SyncJobState, Tables, WriteInProductType } from '../../domain/schema';

export interface ConnectionSettings {
  id: string | null;
  name: string;
  apiBaseUrl: string;
  companyId: string;
  webClientUrl: string;
  autoCreateOrders: boolean;
  autoProcessQuotes: boolean;
  availabilityEnabled: boolean;
  statisticsEnabled: boolean;
  availabilityInterval: number;
  statisticsInterval: number;
  /** Chosen mappings; empty = every mapping enabled in the connector. */
  syncMappings: string[];
  /** The ERP item or resource write-in lines are sent as (optional: absent rows read as item, no number). */
  writeInType?: 'item' | 'resource';
  writeInNumber?: string;
}

export type RequestState = 'pending' | 'running' | 'succeeded' | 'failed';

export interface RequestAnswer {
  id: string;
  state: RequestState;
  error: string | null;
  result: Record<string, unknown> | null;
}

export interface SetupUser {
  id: string;
  fullName: string;
  email: string;
  /** The coupled ERP salesperson code, or null. */
  salespersonCode: string | null;
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'completedWithErrors';

export interface SetupJob {
  mapping: string;
  state: JobState;
  progress: number;
  inserted: number;
  modified: number;
  unchanged: number;
  failed: number;
  skipped: number;
  lastError: string | null;
}

export type RequestKindName = 'testConnection' | 'couple' | 'fullSync' | 'syncRecord' | 'reconcile';

export interface SetupData {
  readConnection(): Promise<ConnectionSettings | null>;
  /** Creates or updates the connection; returns its id. */
  saveConnection(c: ConnectionSettings): Promise<string>;
  queue(kind: RequestKindName, payload: unknown, target?: { table: string; id: string }): Promise<string>;
  readRequest(id: string): Promise<RequestAnswer>;
  listUsers(): Promise<SetupUser[]>;
  runJobs(run: string): Promise<SetupJob[]>;
  /** Records a run skipped with an error (one-sided or flagged couplings), waiting for a retry. */
  countSkipped(): Promise<number>;
  /** The connector's last scheduled order reconciliation, or null when none ran yet. */
  lastReconciliation(): Promise<LastReconciliation | null>;
  /** Orders whose ERP events failed and are retried with backoff (first 50, oldest failure first). */
  eventRetries?(): Promise<EventRetryInfo[]>;
}

export interface EventRetryInfo {
  erpNumber: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string;
}

export interface LastReconciliation {
  finishedOn: string;
  matched: number;
  disagreements: number;
  amountDifferences: number;
}

const STATUS: Record<number, RequestState> = {
  [RequestStatus.pending]: 'pending',
  [RequestStatus.retrying]: 'pending',
  [RequestStatus.processing]: 'running',
  [RequestStatus.succeeded]: 'succeeded',
  [RequestStatus.failed]: 'failed',
  [RequestStatus.cancelled]: 'failed',
};

const JOB_STATE: Record<number, JobState> = {
  [SyncJobState.queued]: 'queued',
  [SyncJobState.running]: 'running',
  [SyncJobState.succeeded]: 'succeeded',
  [SyncJobState.failed]: 'failed',
  [SyncJobState.cancelled]: 'cancelled',
  [SyncJobState.completedWithErrors]: 'completedWithErrors',
};

const KIND: Record<RequestKindName, number> = { testConnection: RequestKind.testConnection, couple: RequestKind.couple, fullSync: RequestKind.fullSync, syncRecord: RequestKind.syncRecord, reconcile: RequestKind.reconcile };

type Json = Record<string, unknown>;

/** A fetch-based Web API client for the page's own organisation. */
export class WebApiSetupData implements SetupData {
  constructor(
    private readonly apiRoot: string,
    // Browsers throw "Illegal invocation" when fetch runs with another `this`, so the default calls it plainly.
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
    private readonly headers: Record<string, string> = {},
  ) {}

  private async call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<{ status: number; json: Json | null; entityId: string | null }> {
    const res = await this.fetchImpl(`${this.apiRoot}${path}`, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0', 'Content-Type': 'application/json; charset=utf-8', ...this.headers, ...extra },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Json) : null;
    if (res.status >= 400) {
      const message = ((json?.error as Json | undefined)?.message as string | undefined) ?? `HTTP ${res.status}`;
      throw new Error(message);
    }
    const m = /\(([0-9a-f-]{36})\)\s*$/i.exec(res.headers.get('OData-EntityId') ?? '');
    return { status: res.status, json, entityId: m ? m[1] : null };
  }

  async readConnection(): Promise<ConnectionSettings | null> {
    const select = [
      Tables.connection.primaryId, CC.name, CC.apiBaseUrl, CC.companyId, CC.webClientUrl, CC.autoCreateOrders, CC.autoProcessQuotes, CC.availabilityEnabled, CC.statisticsEnabled,
      CC.availabilityIntervalMinutes, CC.statisticsIntervalMinutes, CC.syncMappings, CC.writeInProductType, CC.writeInProductNumber,
    ].join(',');
    const r = await this.call('GET', `${Tables.connection.entitySet}?$select=${select}&$filter=statecode eq 0&$orderby=${CC.isDefault} desc&$top=1`);
    const row = ((r.json?.value as Json[] | undefined) ?? [])[0];
    if (!row) return null;
    return {
      id: String(row[Tables.connection.primaryId]),
      name: String(row[CC.name] ?? ''),
      apiBaseUrl: String(row[CC.apiBaseUrl] ?? ''),
      companyId: String(row[CC.companyId] ?? ''),
      webClientUrl: String(row[CC.webClientUrl] ?? ''),
      autoCreateOrders: row[CC.autoCreateOrders] === true,
      autoProcessQuotes: row[CC.autoProcessQuotes] === true,
      // Rows made before the switches existed hold null: on, as they behaved.
      availabilityEnabled: row[CC.availabilityEnabled] !== false,
      statisticsEnabled: row[CC.statisticsEnabled] !== false,
      availabilityInterval: Number(row[CC.availabilityIntervalMinutes] ?? 30),
      statisticsInterval: Number(row[CC.statisticsIntervalMinutes] ?? 30),
      syncMappings: String(row[CC.syncMappings] ?? '').split(',').map((x) => x.trim()).filter(Boolean),
      writeInType: row[CC.writeInProductType] === WriteInProductType.resource ? 'resource' : 'item',
      writeInNumber: String(row[CC.writeInProductNumber] ?? ''),
    };
  }

  async saveConnection(c: ConnectionSettings): Promise<string> {
    const body: Json = {
      [CC.name]: c.name,
      [CC.apiBaseUrl]: c.apiBaseUrl || null,
      [CC.companyId]: c.companyId || null,
      [CC.webClientUrl]: c.webClientUrl || null,
      [CC.autoCreateOrders]: c.autoCreateOrders,
      [CC.autoProcessQuotes]: c.autoProcessQuotes,
      [CC.availabilityEnabled]: c.availabilityEnabled,
      [CC.statisticsEnabled]: c.statisticsEnabled,
      [CC.availabilityIntervalMinutes]: c.availabilityInterval,
      [CC.statisticsIntervalMinutes]: c.statisticsInterval,
      [CC.syncMappings]: c.syncMappings.join(',') || null,
    };
    if (c.writeInType !== undefined) body[CC.writeInProductType] = c.writeInType === 'resource' ? WriteInProductType.resource : WriteInProductType.item;
    if (c.writeInNumber !== undefined) body[CC.writeInProductNumber] = c.writeInNumber.trim().toUpperCase() || null;
    if (c.id) {
      await this.call('PATCH', `${Tables.connection.entitySet}(${c.id})`, body, { 'If-Match': '*' });
      return c.id;
    }
    const r = await this.call('POST', Tables.connection.entitySet, { ...body, [CC.isDefault]: true });
    return r.entityId ?? '';
  }

  async queue(kind: RequestKindName, payload: unknown, target?: { table: string; id: string }): Promise<string> {
    const r = await this.call('POST', Tables.integrationRequest.entitySet, {
      [C.name]: `Setup: ${kind}`,
      [C.kind]: KIND[kind],
      [C.status]: RequestStatus.pending,
      [C.targetTable]: target?.table ?? null,
      [C.targetId]: target?.id ?? null,
      [C.payload]: payload === undefined ? null : JSON.stringify(payload),
    });
    return r.entityId ?? '';
  }

  async readRequest(id: string): Promise<RequestAnswer> {
    const r = await this.call('GET', `${Tables.integrationRequest.entitySet}(${id})?$select=${C.status},${C.lastError},${C.payload}`);
    const row = r.json ?? {};
    let result: Record<string, unknown> | null = null;
    try {
      result = row[C.payload] ? ((JSON.parse(String(row[C.payload])) as Json).result as Record<string, unknown> | undefined) ?? null : null;
    } catch {
      result = null;
    }
    return { id, state: STATUS[Number(row[C.status])] ?? 'pending', error: (row[C.lastError] as string | null) ?? null, result };
  }

  async listUsers(): Promise<SetupUser[]> {
    const users = await this.call('GET', `systemusers?$select=systemuserid,fullname,internalemailaddress&$filter=${encodeURIComponent('isdisabled eq false and applicationid eq null')}&$orderby=fullname asc`);
    const couplings = await this.call('GET', `${Tables.coupling.entitySet}?$select=${K.crmId},${K.erpNumber}&$filter=${encodeURIComponent(`${K.crmTable} eq 'systemuser' and statecode eq 0 and ${K.erpNumber} ne null`)}`);
    const codes = new Map(((couplings.json?.value as Json[] | undefined) ?? []).map((c) => [String(c[K.crmId]).toLowerCase(), String(c[K.erpNumber])]));
    return ((users.json?.value as Json[] | undefined) ?? []).map((u) => ({
      id: String(u.systemuserid).toLowerCase(),
      fullName: String(u.fullname ?? ''),
      email: String(u.internalemailaddress ?? ''),
      salespersonCode: codes.get(String(u.systemuserid).toLowerCase()) ?? null,
    }));
  }

  async countSkipped(): Promise<number> {
    const filter = encodeURIComponent(`${K.skipped} eq true and statecode eq 0`);
    const r = await this.call('GET', `${Tables.coupling.entitySet}?$select=${Tables.coupling.primaryId}&$filter=${filter}&$count=true&$top=1`);
    return Number(r.json?.['@odata.count'] ?? 0);
  }

  async runJobs(run: string): Promise<SetupJob[]> {
    const select = [J.mapping, J.state, J.progress, J.inserted, J.modified, J.unchanged, J.failed, J.skipped, J.lastError].join(',');
    const filter = encodeURIComponent(`${J.kind} eq ${SyncJobKind.full} and startswith(${J.name},'Full synchronisation ${run.replace(/'/g, "''")} ')`);
    const r = await this.call('GET', `${Tables.syncJob.entitySet}?$select=${select}&$filter=${filter}&$orderby=createdon asc`);
    return ((r.json?.value as Json[] | undefined) ?? []).map((j) => ({
      mapping: String(j[J.mapping] ?? ''),
      state: JOB_STATE[Number(j[J.state])] ?? 'queued',
      progress: Number(j[J.progress] ?? 0),
      inserted: Number(j[J.inserted] ?? 0),
      modified: Number(j[J.modified] ?? 0),
      unchanged: Number(j[J.unchanged] ?? 0),
      failed: Number(j[J.failed] ?? 0),
      skipped: Number(j[J.skipped] ?? 0),
      lastError: (j[J.lastError] as string | null) ?? null,
    }));
  }

  async eventRetries(): Promise<EventRetryInfo[]> {
    const select = [J.mapping, J.failed, J.watermark, J.lastError].join(',');
    const filter = encodeURIComponent(`startswith(${J.mapping},'${EVENT_RETRY_PREFIX}')`);
    const r = await this.call('GET', `${Tables.syncJob.entitySet}?$select=${select}&$filter=${filter}&$orderby=${J.startedOn} asc&$top=50`);
    return ((r.json?.value as Json[] | undefined) ?? []).map((j) => ({
      erpNumber: String(j[J.mapping]).slice(EVENT_RETRY_PREFIX.length),
      attempts: Number(j[J.failed] ?? 0),
      nextAttemptAt: String(j[J.watermark] ?? ''),
      lastError: String(j[J.lastError] ?? ''),
    }));
  }

  async lastReconciliation(): Promise<LastReconciliation | null> {
    const select = [J.finishedOn, J.unchanged, J.failed, J.skipped].join(',');
    const filter = encodeURIComponent(`${J.kind} eq ${SyncJobKind.reconciliation} and ${J.mapping} eq '${RECONCILE_JOB}'`);
    const r = await this.call('GET', `${Tables.syncJob.entitySet}?$select=${select}&$filter=${filter}&$top=1`);
    const j = (r.json?.value as Json[] | undefined)?.[0];
    if (!j?.[J.finishedOn]) return null;
    return { finishedOn: String(j[J.finishedOn]), matched: Number(j[J.unchanged] ?? 0), disagreements: Number(j[J.failed] ?? 0), amountDifferences: Number(j[J.skipped] ?? 0) };
  }
}
