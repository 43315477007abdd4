/**
 * An in-memory stand-in for Xrm.WebApi used by the web-resource tests: it stores rows, enforces the alternate keys
 * on erp_integrationrequest.erp_idempotencykey and erp_livekey (as Dataverse does), gives each row an ETag that
 * changes with every write, runs Xrm.WebApi.online.executeMultiple change sets and $batch change sets with If-Match
 * all-or-nothing (a failure rolls every write of the set back), records every call, can fail calls on demand and
 * can play the connector (answer a request after N polls, or never).
 */
import { RequestStatus } from '../../../domain/schema';
import { parseBatch, runBatch } from '../../../sandbox/dataverse/batch';
import type { ApiResponse } from '../../../sandbox/dataverse/api';

export type Row = Record<string, unknown>;
export type Op = 'createRecord' | 'retrieveRecord' | 'retrieveMultipleRecords' | 'updateRecord' | 'deleteRecord';
export interface Call {
  op: Op;
  entity: string;
  id?: string;
  options?: string;
  data?: Row;
  /** The change set (1, 2…) the write belonged to, when it was sent in one. */
  changeSet?: number;
}

interface Failure {
  op: Op;
  entity: string;
  error: unknown;
  remaining: number;
  when?: (call: Call) => boolean;
}

export interface ConnectorBehaviour {
  /** Number of polls after which the connector has finished the request; undefined = silent connector. */
  answerAfterPolls?: number;
  result?: Row;
  /** Answers computed from the request row itself (columns to set), used instead of `result`; null = not yet. */
  respond?: (row: Row, polls: number) => Row | null;
}

export const networkError = () => new TypeError('Failed to fetch');
export const duplicateKeyError = () => ({ errorCode: -2147088238, message: 'A record that has the attribute values Idempotency key already exists.' });
export const privilegeError = () => ({ errorCode: -2147220960, message: 'Principal user is missing prvCreateerp_IntegrationRequest privilege.' });
export const serverError = (message = 'Generic SQL error.') => ({ errorCode: -2147204784, message });

interface CrudRequest {
  etn?: string;
  id?: string;
  payload?: Row;
  entityReference?: { entityType: string; id: string };
  getMetadata(): { operationType?: number; operationName: string };
}

let seq = 0;
const newId = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

export class FakeDataverse {
  readonly tables = new Map<string, Map<string, Row>>();
  readonly calls: Call[] = [];
  private readonly failures: Failure[] = [];
  private readonly polls = new Map<string, number>();
  connector: ConnectorBehaviour = {};
  environment: Record<string, string | null> = {};
  /** Change sets received (executeMultiple nested arrays and $batch change sets). */
  changeSets = 0;
  private inChangeSet: number | undefined;
  private version = 0;
  /** Runs just before a $batch change set is applied (a test plays the connector's claim there). */
  beforeBatch: (() => void) | null = null;

  table(name: string): Map<string, Row> {
    if (!this.tables.has(name)) this.tables.set(name, new Map());
    return this.tables.get(name)!;
  }

  put(entity: string, id: string, row: Row): void {
    if (entity === 'erp_integrationrequest' && !row['@odata.etag']) this.stamp(row);
    this.table(entity).set(id.toLowerCase(), row);
  }

  rows(entity: string): Row[] {
    return [...this.table(entity).values()];
  }

  callsOf(op: Op, entity?: string): Call[] {
    return this.calls.filter((c) => c.op === op && (entity === undefined || c.entity === entity));
  }

  /** The next `times` calls of `op` on `entity` (matching `when`) reject with `error`. */
  fail(op: Op, entity: string, error: unknown, times = 1, when?: (call: Call) => boolean): void {
    this.failures.push({ op, entity, error, remaining: times, when });
  }

  private check(call: Call): void {
    if (this.inChangeSet !== undefined) call.changeSet = this.inChangeSet;
    this.calls.push(call);
    const f = this.failures.find((x) => x.op === call.op && x.entity === call.entity && x.remaining > 0 && (!x.when || x.when(call)));
    if (f) {
      f.remaining -= 1;
      throw f.error;
    }
  }

  install(webApi: Xrm.WebApi): void {
    const api = webApi as unknown as Record<string, unknown>;
    api.createRecord = jest.fn(async (entity: string, data: Row) => this.create(entity, data));
    api.retrieveRecord = jest.fn(async (entity: string, id: string, options?: string) => this.retrieve(entity, id, options));
    api.retrieveMultipleRecords = jest.fn(async (entity: string, options?: string, maxPageSize?: number) => this.retrieveMultiple(entity, options ?? '', maxPageSize));
    api.updateRecord = jest.fn(async (entity: string, id: string, data: Row) => this.update(entity, id, data));
    api.deleteRecord = jest.fn(async (entity: string, id: string) => this.remove(entity, id));
    api.online = { ...(api.online as object), executeMultiple: jest.fn(async (requests: unknown[]) => this.executeMultiple(requests as CrudRequest[])) };
  }

  /** Answers fetch(…/api/data/v9.2/$batch) as the organisation's Web API (the conditional change sets). */
  installFetch(): jest.Mock {
    const mock = jest.fn(async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string }) => this.fetchBatch(url, init));
    (globalThis as { fetch?: unknown }).fetch = mock;
    return mock;
  }

  /** A new ETag on every write, as Dataverse's version number. */
  private stamp(row: Row): void {
    row['@odata.etag'] = `W/"${++this.version}"`;
  }

  private deferred: (() => void)[] = [];

  /** A write by someone else (another tab, the connector) while a change set runs: it lands outside the set's transaction. */
  concurrently(write: () => void): void {
    if (this.inChangeSet === undefined) write();
    else this.deferred.push(write);
  }

  /** Runs `work` as one transaction: any throw puts every table back as it was. */
  transaction<T>(work: () => T): T {
    const saved = new Map([...this.tables].map(([name, rows]) => [name, new Map([...rows].map(([id, row]) => [id, { ...row }]))]));
    const set = ++this.changeSets;
    this.inChangeSet = set;
    try {
      return work();
    } catch (error) {
      this.tables.clear();
      for (const [name, rows] of saved) this.tables.set(name, rows);
      throw error;
    } finally {
      this.inChangeSet = undefined;
      for (const write of this.deferred.splice(0)) write();
    }
  }

  /** Xrm.WebApi.online.executeMultiple: a nested array is a change set (all or nothing). */
  executeMultiple(requests: (CrudRequest | CrudRequest[])[]): { ok: boolean; status: number }[] {
    const out: { ok: boolean; status: number }[] = [];
    for (const r of requests) {
      const run = (x: CrudRequest) => {
        const md = x.getMetadata();
        if (md.operationType !== 2) throw new Error(`The fake runs CRUD requests only (${md.operationName}).`);
        if (md.operationName === 'Create') this.create(x.etn!, x.payload!);
        else if (md.operationName === 'Update') this.update(x.etn!, x.id!, x.payload!);
        else if (md.operationName === 'Delete') this.remove(x.entityReference!.entityType, x.entityReference!.id);
        else throw new Error(`Not allowed in a change set: ${md.operationName}`);
        out.push({ ok: true, status: 204 });
      };
      if (Array.isArray(r)) this.transaction(() => r.forEach(run));
      else run(r);
    }
    return out;
  }

  /** POST …/api/data/v9.2/$batch with change sets, through the Dataverse stand-in's own batch parser and writer. */
  private async fetchBatch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; text(): Promise<string> }> {
    if (!/\/api\/data\/v9\.2\/\$batch$/.test(url) || init.method !== 'POST') throw new TypeError(`The fake answers $batch only (${url}).`);
    this.beforeBatch?.();
    const root = url.slice(0, url.length - '$batch'.length);
    const items = parseBatch(init.body ?? '', init.headers?.['Content-Type'], [root], 1000);
    const setOf: Record<string, string> = { erp_integrationrequests: 'erp_integrationrequest', salesorders: 'salesorder' };
    const execute = (req: { method: string; path: string; headers: Record<string, string>; body: string }): ApiResponse => {
      const m = /^(\w+)\(([0-9a-f-]{36})\)$/.exec(req.path);
      const entity = m ? setOf[m[1]] : undefined;
      if (!m || !entity || req.method !== 'PATCH') return { status: 400, headers: {}, body: { error: { code: '0x80060888', message: `The fake runs PATCH by id only (${req.method} ${req.path}).` } } };
      const row = this.table(entity).get(m[2]);
      if (!row) return { status: 404, headers: {}, body: { error: { code: '0x80040217', message: `${entity} With Id = ${m[2]} Does Not Exist` } } };
      const ifMatch = req.headers['if-match'];
      if (ifMatch && ifMatch !== '*' && ifMatch !== row['@odata.etag']) return { status: 412, headers: {}, body: { error: { code: '0x80060882', message: 'The version of the existing record doesn\'t match the RowVersion property provided.' } } };
      try {
        this.update(entity, m[2], JSON.parse(req.body || '{}') as Row);
      } catch (e) {
        const err = e as { errorCode?: number; message?: string };
        return { status: 400, headers: {}, body: { error: { code: `0x${((err.errorCode ?? 0) >>> 0).toString(16)}`, message: err.message ?? String(e) } } };
      }
      return { status: 204, headers: {} };
    };
    const store = { transaction: <T>(work: () => T) => this.transaction(work) };
    const answer = await runBatch(items, {} as never, store as never, false, execute as never, { tableOfSet: (set) => setOf[set], setOfTable: () => undefined });
    return { status: answer.status, text: async () => answer.body };
  }

  create(entity: string, data: Row): { entityType: string; id: string } {
    this.check({ op: 'createRecord', entity, data });
    if (entity === 'erp_integrationrequest') {
      const key = data.erp_idempotencykey;
      if (this.rows(entity).some((r) => r.erp_idempotencykey === key)) throw duplicateKeyError();
      if (data.erp_livekey && this.rows(entity).some((r) => r.erp_livekey === data.erp_livekey)) throw duplicateKeyError();
    }
    const id = typeof data[`${entity}id`] === 'string' ? String(data[`${entity}id`]) : newId();
    if (this.table(entity).has(id.toLowerCase())) throw duplicateKeyError();
    const row: Row = { ...data, [`${entity}id`]: id, createdon: new Date(Date.UTC(2025, 0, 1, 0, 0, ++seq)).toISOString() };
    this.stamp(row);
    this.put(entity, id, row);
    return { entityType: entity, id };
  }

  retrieve(entity: string, id: string, options?: string): Row {
    this.check({ op: 'retrieveRecord', entity, id, options });
    const row = this.table(entity).get(id.toLowerCase());
    if (!row) throw { errorCode: -2147220969, message: `${entity} With Id = ${id} Does Not Exist` };
    if (entity === 'erp_integrationrequest') this.playConnector(id, row);
    return { ...row };
  }

  private playConnector(id: string, row: Row): void {
    const n = (this.polls.get(id) ?? 0) + 1;
    this.polls.set(id, n);
    const { answerAfterPolls, result, respond } = this.connector;
    const open = row.erp_status !== RequestStatus.succeeded && row.erp_status !== RequestStatus.failed;
    if (respond) {
      const answer = open && n >= (answerAfterPolls ?? 1) ? respond(row, n) : null;
      if (answer) Object.assign(row, answer);
      return;
    }
    if (answerAfterPolls !== undefined && n >= answerAfterPolls && row.erp_status !== RequestStatus.succeeded) {
      Object.assign(row, result ?? { erp_status: RequestStatus.succeeded });
    }
  }

  pollsOf(id: string): number {
    return this.polls.get(id) ?? 0;
  }

  retrieveMultiple(entity: string, options: string, maxPageSize?: number): { entities: Row[] } {
    this.check({ op: 'retrieveMultipleRecords', entity, options });
    let rows = this.rows(entity);
    const decoded = options;
    if (entity === 'erp_integrationrequest') {
      const prefix = /startswith\(erp_idempotencykey,'((?:[^']|'')*)'\)/.exec(decoded);
      if (prefix) rows = rows.filter((r) => String(r.erp_idempotencykey ?? '').startsWith(prefix[1].replace(/''/g, "'")));
      const target = /erp_targetid eq '([^']*)'/.exec(decoded);
      if (target) rows = rows.filter((r) => r.erp_targetid === target[1]);
      const live = /erp_livekey eq '([^']*)'/.exec(decoded);
      if (live) rows = rows.filter((r) => r.erp_livekey === live[1]);
      const kind = /erp_kind eq (\d+)/.exec(decoded);
      if (kind) rows = rows.filter((r) => r.erp_kind === Number(kind[1]));
      if (/\$orderby=createdon desc/.test(decoded)) rows = [...rows].sort((a, b) => String(b.createdon).localeCompare(String(a.createdon)));
      const byId = [...decoded.matchAll(/erp_integrationrequestid eq ([0-9a-f-]{36})/g)].map((m) => m[1]);
      if (byId.length) {
        rows = rows.filter((r) => byId.includes(String(r.erp_integrationrequestid)));
        for (const r of rows) this.playConnector(String(r.erp_integrationrequestid), r);
      }
    }
    const pk = /^\?\$select=(\w+id),/.exec(decoded)?.[1];
    if (pk === `${entity}id` && !entity.startsWith('erp_')) {
      const wanted = [...decoded.matchAll(new RegExp(`${pk} eq ([0-9a-f-]{36})`, 'g'))].map((m) => m[1]);
      rows = rows.filter((r) => wanted.includes(String(r[pk])));
    }
    if (entity === 'erp_coupling') {
      const table = /erp_crmtable eq '([^']*)'/.exec(decoded)?.[1];
      const ids = [...decoded.matchAll(/erp_crmid eq '([^']*)'/g)].map((m) => m[1]);
      rows = rows.filter((r) => r.erp_crmtable === table && ids.includes(String(r.erp_crmid)));
    }
    if (entity === 'environmentvariabledefinition') {
      const name = /schemaname eq '([^']*)'/.exec(decoded)?.[1] ?? '';
      rows = name in this.environment ? [{ schemaname: name, defaultvalue: '60', environmentvariabledefinition_environmentvariablevalue: [{ value: this.environment[name] }] }] : [];
    }
    if (maxPageSize) rows = rows.slice(0, maxPageSize);
    return { entities: rows.map((r) => ({ ...r })) };
  }

  update(entity: string, id: string, data: Row): { entityType: string; id: string } {
    this.check({ op: 'updateRecord', entity, id, data });
    const row = this.table(entity).get(id.toLowerCase());
    if (!row) throw { errorCode: -2147220969, message: `${entity} With Id = ${id} Does Not Exist` };
    if (entity === 'erp_integrationrequest' && data.erp_livekey && this.rows(entity).some((r) => r !== row && r.erp_livekey === data.erp_livekey)) throw duplicateKeyError();
    Object.assign(row, data);
    this.stamp(row);
    return { entityType: entity, id };
  }

  remove(entity: string, id: string): { entityType: string; id: string } {
    this.check({ op: 'deleteRecord', entity, id });
    if (!this.table(entity).delete(id.toLowerCase())) throw { errorCode: -2147220969, message: `${entity} With Id = ${id} Does Not Exist` };
    return { entityType: entity, id };
  }
}
