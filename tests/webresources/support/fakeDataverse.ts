/**
 * An in-memory stand-in for Xrm.WebApi used by the web-resource tests: it stores rows, enforces the alternate key
 * on erp_integrationrequest.erp_idempotencykey (as Dataverse does), records every call, can fail calls on demand
 * and can play the connector (answer a request after N polls, or never).
 */
import { RequestStatus } from '../../../domain/schema';

export type Row = Record<string, unknown>;
export type Op = 'createRecord' | 'retrieveRecord' | 'retrieveMultipleRecords' | 'updateRecord';
export interface Call {
  op: Op;
  entity: string;
  id?: string;
  options?: string;
  data?: Row;
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

let seq = 0;
const newId = () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;

export class FakeDataverse {
  readonly tables = new Map<string, Map<string, Row>>();
  readonly calls: Call[] = [];
  private readonly failures: Failure[] = [];
  private readonly polls = new Map<string, number>();
  connector: ConnectorBehaviour = {};
  environment: Record<string, string | null> = {};

  table(name: string): Map<string, Row> {
    if (!this.tables.has(name)) this.tables.set(name, new Map());
    return this.tables.get(name)!;
  }

  put(entity: string, id: string, row: Row): void {
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
  }

  create(entity: string, data: Row): { entityType: string; id: string } {
    this.check({ op: 'createRecord', entity, data });
    if (entity === 'erp_integrationrequest') {
      const key = data.erp_idempotencykey;
      if (this.rows(entity).some((r) => r.erp_idempotencykey === key)) throw duplicateKeyError();
    }
    const id = newId();
    this.put(entity, id, { ...data, [`${entity}id`]: id, createdon: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString() });
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
    Object.assign(row, data);
    return { entityType: entity, id };
  }
}
