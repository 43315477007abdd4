/**
 * Webhook steps as a Dataverse service endpoint (contract 8) runs them: after a create/update/delete of a table a
 * registered sdkmessageprocessingstep filters on, POST a RemoteExecutionContext JSON with the endpoint's auth
 * (WebhookKey ?code=, HttpHeader, HttpQueryString). Always asynchronous: the original request never waits.
 */
import { randomUUID } from 'crypto';
import type { ChangeEvent, Engine } from './engine';
import type { ColumnDef } from './metadata/types';
import { isLookup, type Row, type Value } from './store';
import { ORGANIZATION_ID, ROOT_BUSINESS_UNIT_ID } from './security';

export interface WebhookOptions {
  /** Attempts per event (Dataverse's async service retries failed deliveries). */
  attempts?: number;
  /** Delay before a retry, in milliseconds (doubled each time). */
  backoffMs?: number;
  /** Timeout of one POST, in milliseconds (Dataverse: 60 s). */
  timeoutMs?: number;
}

export interface WebhookDelivery {
  at: number;
  stepId: string;
  stepName: string;
  url: string;
  message: string;
  table: string;
  recordId: string;
  attempt: number;
  status?: number;
  error?: string;
  ms: number;
}

const ENTITY = 'Entity:http://schemas.microsoft.com/xrm/2011/Contracts';
const REF = 'EntityReference:http://schemas.microsoft.com/xrm/2011/Contracts';
const OPTION = 'OptionSetValue:http://schemas.microsoft.com/xrm/2011/Contracts';
const MONEY = 'Money:http://schemas.microsoft.com/xrm/2011/Contracts';

const msDate = (iso: string) => `/Date(${Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso)})/`;

/** `<settings><setting name="x-key" value="…" /></settings>` → pairs. */
export function parseSettings(authvalue: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const re = /<setting\s+name="([^"]*)"\s+value="([^"]*)"\s*\/?>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(authvalue))) out.push([decodeXml(m[1]), decodeXml(m[2])]);
  return out;
}
const decodeXml = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export class Webhooks {
  readonly deliveries: WebhookDelivery[] = [];
  private pending = new Set<Promise<void>>();
  private readonly opts: Required<WebhookOptions>;
  private closed = false;

  constructor(
    private readonly engine: Engine,
    private readonly org: { name: string; host: () => string },
    options: WebhookOptions = {},
  ) {
    this.opts = { attempts: 3, backoffMs: 500, timeoutMs: 60_000, ...options };
  }

  onChange(e: ChangeEvent): void {
    if (this.closed) return;
    for (const step of this.matchingSteps(e)) {
      const p = this.deliver(step, e).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  /** Resolves when every delivery started so far has finished (tests use it instead of sleeping). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  close(): void {
    this.closed = true;
  }

  private matchingSteps(e: ChangeEvent): Array<{ step: Row; endpoint: Row; stage: number }> {
    const store = this.engine.store;
    const out: Array<{ step: Row; endpoint: Row; stage: number }> = [];
    for (const step of store.rows('sdkmessageprocessingstep')) {
      if (Number(step.statecode ?? 0) !== 0) continue;
      const msg = isLookup(step.sdkmessageid) ? store.get('sdkmessage', step.sdkmessageid.id) : undefined;
      if (!msg || msg.name !== e.message) continue;
      if (isLookup(step.sdkmessagefilterid)) {
        const filter = store.get('sdkmessagefilter', step.sdkmessagefilterid.id);
        if (!filter || filter.primaryobjecttypecode !== e.table) continue;
      }
      if (e.message === 'Update' && typeof step.filteringattributes === 'string' && step.filteringattributes.trim()) {
        const wanted = step.filteringattributes.split(',').map((s) => s.trim().toLowerCase());
        if (!e.changed.some((c) => wanted.includes(c))) continue;
      }
      const endpoint = isLookup(step.eventhandler) && step.eventhandler.table === 'serviceendpoint' ? store.get('serviceendpoint', step.eventhandler.id) : undefined;
      if (!endpoint || Number(endpoint.contract) !== 8 || typeof endpoint.url !== 'string') continue;
      out.push({ step, endpoint, stage: Number(step.stage ?? 40) });
    }
    return out;
  }

  /** The RemoteExecutionContext a webhook receives. */
  context(step: Row, e: ChangeEvent, stage: number): Record<string, unknown> {
    const table = this.engine.catalog.table(e.table)!;
    const correlationId = e.correlationId;
    let target: Record<string, unknown>;
    if (e.message === 'Delete') {
      target = { __type: REF, Id: e.id, KeyAttributes: [], LogicalName: e.table, Name: null, RowVersion: null };
    } else {
      const row = e.row!;
      const names = e.message === 'Create' ? Object.keys(row) : [...new Set([...e.changed, table.primaryId, 'modifiedon', 'modifiedby'])];
      const attributes = names
        .filter((n) => row[n] !== undefined && table.columns.has(n) && !(e.table === 'serviceendpoint' && n === 'authvalue'))
        .map((n) => ({ key: n, value: this.attributeValue(table.columns.get(n)!, row[n]) }));
      target = { __type: ENTITY, Attributes: attributes, EntityState: null, FormattedValues: [], Id: e.id, KeyAttributes: [], LogicalName: e.table, RelatedEntities: [], RowVersion: String(row.versionnumber ?? '') };
    }
    return {
      BusinessUnitId: ROOT_BUSINESS_UNIT_ID,
      CorrelationId: correlationId,
      Depth: e.depth,
      InitiatingUserId: e.user.id,
      InputParameters: [{ key: 'Target', value: target }],
      IsExecutingOffline: false,
      IsInTransaction: false,
      IsOfflinePlayback: false,
      IsolationMode: 1,
      MessageName: e.message,
      Mode: Number(step.mode ?? 1),
      OperationCreatedOn: `/Date(${Date.now()})/`,
      OperationId: randomUUID(),
      OrganizationId: ORGANIZATION_ID,
      OrganizationName: this.org.name,
      OutputParameters: e.message === 'Create' ? [{ key: 'id', value: e.id }] : [],
      OwningExtension: { Id: String(step.sdkmessageprocessingstepid), KeyAttributes: [], LogicalName: 'sdkmessageprocessingstep', Name: step.name ?? null, RowVersion: null },
      ParentContext: null,
      PostEntityImages: [],
      PreEntityImages: [],
      PrimaryEntityId: e.id,
      PrimaryEntityName: e.table,
      RequestId: null,
      SecondaryEntityName: 'none',
      SharedVariables: [],
      Stage: stage,
      UserId: e.user.id,
    };
  }

  private attributeValue(col: ColumnDef, v: Value): unknown {
    if (v === null || v === undefined) return null;
    if (isLookup(v)) return { __type: REF, Id: v.id, KeyAttributes: [], LogicalName: v.table, Name: this.engine.primaryNameOf(v), RowVersion: null };
    if (col.type === 'picklist' || col.type === 'state' || col.type === 'status') return { __type: OPTION, Value: v };
    if (col.type === 'money') return { __type: MONEY, Value: v };
    if (col.type === 'datetime' && typeof v === 'string') return msDate(v);
    return v;
  }

  private async deliver({ step, endpoint, stage }: { step: Row; endpoint: Row; stage: number }, e: ChangeEvent): Promise<void> {
    await new Promise((r) => setImmediate(r));
    const body = JSON.stringify(this.context(step, e, stage));
    const url = new URL(String(endpoint.url));
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'x-ms-dynamics-organization': this.org.host(),
      'x-ms-dynamics-entity-name': e.table,
      'x-ms-dynamics-request-name': e.message,
      'x-ms-correlation-request-id': e.correlationId,
      'x-request-id': randomUUID(),
    };
    const auth = typeof endpoint.authvalue === 'string' ? endpoint.authvalue : '';
    const authtype = Number(endpoint.authtype);
    if (authtype === 4) url.searchParams.set('code', auth);
    if (authtype === 5) for (const [k, v] of parseSettings(auth)) headers[k] = v;
    if (authtype === 6) for (const [k, v] of parseSettings(auth)) url.searchParams.set(k, v);
    for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
      if (this.closed) return;
      const started = Date.now();
      const delivery: WebhookDelivery = { at: started, stepId: String(step.sdkmessageprocessingstepid), stepName: String(step.name ?? ''), url: `${url.origin}${url.pathname}`, message: e.message, table: e.table, recordId: e.id, attempt, ms: 0 };
      try {
        const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.opts.timeoutMs) });
        await res.arrayBuffer().catch(() => undefined);
        delivery.status = res.status;
        delivery.ms = Date.now() - started;
        this.deliveries.push(delivery);
        if (res.status >= 200 && res.status < 300) return;
      } catch (err) {
        delivery.error = (err as Error).message;
        delivery.ms = Date.now() - started;
        this.deliveries.push(delivery);
      }
      if (attempt < this.opts.attempts) await new Promise((r) => setTimeout(r, this.opts.backoffMs * 2 ** (attempt - 1)));
    }
  }
}
