/**
 * Webhook subscriptions as Business Central does them (/api/v2.0/subscriptions): validation handshake on
 * create and renew (POST notificationUrl?validationToken=… must echo the token with 200), expiry after
 * three days unless renewed, coalesced notifications sent every 30 s (configurable), one "collection"
 * notification beyond 1,000 changes, retries, and deletion when the subscriber answers 410 Gone.
 */
import { randomUUID } from 'crypto';
import { BcError, errors } from './errors';
import type { ChangeEvent, Store } from './store';
import type { SubscriptionRow } from './state';
import { etagOf } from './resource';

export interface WebhookOptions {
  /** Coalescing delay before notifications are sent (BC: 30 s). */
  notificationDelayMs: number;
  /** Subscription lifetime (BC: 3 days). */
  subscriptionTtlMs: number;
  /** Handshake timeout. */
  handshakeTimeoutMs: number;
  /** More changes than this in one delay → one "collection" notification (BC: 1,000). */
  collectionThreshold: number;
  /** Maximum subscriptions (BC: 200). */
  maxSubscriptions: number;
  /** Delivery retries after a failed POST, with doubling delay starting at retryDelayMs. */
  retries: number;
  retryDelayMs: number;
}

export interface Delivery {
  at: string;
  subscriptionId: string;
  url: string;
  status: number | 'error';
  body: { value: Notification[] };
}

export interface Notification {
  subscriptionId: string;
  clientState: string;
  expirationDateTime: string;
  resource: string;
  changeType: 'created' | 'updated' | 'deleted' | 'collection';
  lastModifiedDateTime: string;
}

export const SUBSCRIPTION_FIELDS = ['subscriptionId', 'notificationUrl', 'resource', 'timestamp', 'userId', 'lastModifiedDateTime', 'clientState', 'expirationDateTime', 'systemCreatedAt', 'systemCreatedBy', 'systemModifiedAt', 'systemModifiedBy'];
const WRITABLE = new Set(['notificationUrl', 'resource', 'clientState']);

/**
 * API v2.0 entity sets Business Central accepts webhook subscriptions for: the "List of supported entities" of
 * Microsoft Learn "Working with webhooks" (working-with-webhooks.md, what webhookSupportedResources returns), limited
 * to the sets this stand-in serves. salesShipments, contacts and customerContacts are not on it: a subscription to
 * them is refused, and a client polls them instead.
 */
export const CHANGE_TRACKED = new Set([
  'companyInformation', 'countriesRegions', 'currencies', 'customerPaymentJournals', 'customers', 'itemCategories', 'items', 'journals', 'paymentMethods', 'paymentTerms',
  'salesCreditMemos', 'salesInvoices', 'salesOrders', 'salesQuotes', 'shipmentMethods', 'unitsOfMeasure',
]);

export class Webhooks {
  private pending = new Map<string, Map<string, { changeType: ChangeEvent['changeType']; at: string }>>();
  private timer: NodeJS.Timeout | null = null;
  private inflight = new Set<Promise<void>>();
  deliveries: Delivery[] = [];
  private closed = false;

  constructor(
    private store: Store,
    public options: WebhookOptions,
  ) {
    store.onChange((e) => this.onChange(e));
  }

  get rows(): SubscriptionRow[] {
    return this.store.tables.subscriptions;
  }

  project(s: SubscriptionRow): Record<string, unknown> {
    return {
      '@odata.etag': etagOf(s),
      subscriptionId: s.subscriptionId, notificationUrl: s.notificationUrl, resource: s.resource, timestamp: s.version, userId: s.userId,
      lastModifiedDateTime: s.lastModifiedDateTime, clientState: s.clientState, expirationDateTime: s.expirationDateTime, systemCreatedAt: s.systemCreatedAt,
      systemCreatedBy: s.userId, systemModifiedAt: s.lastModifiedDateTime, systemModifiedBy: s.userId,
    };
  }

  private parseResource(resource: string, companyId: string): { entitySet: string } {
    const path = resource.replace(/^https?:\/\/[^/]+/i, '').replace(/^\/+/, '');
    const m = /^api\/v2\.0\/companies\(([0-9a-fA-F-]{36})\)\/([A-Za-z]+)$/.exec(path);
    if (!m) throw new BcError(400, 'BadRequest', `The resource '${resource}' is not valid for a subscription. Use an entity set URL such as /api/v2.0/companies(${companyId})/customers.`);
    if (m[1].toLowerCase() !== companyId) throw errors.relatedNotFound('Company', `Id='${m[1]}'`);
    if (!CHANGE_TRACKED.has(m[2])) throw new BcError(400, 'BadRequest', `The entity set '${m[2]}' does not support webhook subscriptions. Supported entity sets: ${[...CHANGE_TRACKED].join(', ')}.`);
    return { entitySet: m[2] };
  }

  private validateBody(body: unknown, creating: boolean): Record<string, string> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw errors.invalidBody('the body must be a JSON object.');
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (k.startsWith('@')) continue;
      if (!SUBSCRIPTION_FIELDS.includes(k)) throw errors.unknownBodyProperty(k, 'subscription');
      if (!WRITABLE.has(k)) {
        if (k === 'subscriptionId' || k === 'expirationDateTime') continue;
        throw errors.readOnly(k);
      }
      if (typeof v !== 'string') throw errors.convert(v, 'Edm.String', k);
      out[k] = v;
    }
    if (creating && (!out.notificationUrl || !out.resource)) throw new BcError(400, 'BadRequest', 'notificationUrl and resource are required to create a subscription.');
    if (out.clientState !== undefined && out.clientState.length > 2048) throw errors.stringTooLong(out.clientState, 2048);
    if (out.notificationUrl !== undefined && !/^https?:\/\//i.test(out.notificationUrl)) throw new BcError(400, 'BadRequest', `The notificationUrl '${out.notificationUrl}' must be an absolute http(s) URL.`);
    return out;
  }

  private async handshake(url: string): Promise<void> {
    const token = randomUUID();
    const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
    let text = '';
    let status = 0;
    try {
      const res = await fetch(target, { method: 'POST', signal: AbortSignal.timeout(this.options.handshakeTimeoutMs) });
      status = res.status;
      text = (await res.text()).trim();
    } catch (e) {
      throw new BcError(400, 'BadRequest', `The subscription could not be registered: the notification URL ${url} did not answer the validation request (${(e as Error).message}).`);
    }
    const echoed = text === token || text === JSON.stringify(token);
    if (status !== 200 || !echoed) {
      throw new BcError(400, 'BadRequest', `The subscription could not be registered: the notification URL must answer the validation request with status 200 and the validationToken as body; it answered ${status} with ${JSON.stringify(text.slice(0, 100))}.`);
    }
  }

  private expire(): void {
    const now = new Date().toISOString();
    for (const s of [...this.rows]) if (s.expirationDateTime <= now) this.store.remove('subscriptions', s.id);
  }

  list(): SubscriptionRow[] {
    this.expire();
    return this.rows;
  }

  find(id: string): SubscriptionRow | undefined {
    this.expire();
    return this.rows.find((s) => s.subscriptionId === id);
  }

  async create(body: unknown, userId: string, companyId: string): Promise<SubscriptionRow> {
    const v = this.validateBody(body, true);
    this.parseResource(v.resource, companyId);
    this.expire();
    if (this.rows.length >= this.options.maxSubscriptions) throw new BcError(400, 'BadRequest', `The maximum number of subscriptions (${this.options.maxSubscriptions}) has been reached. Delete subscriptions you no longer use.`);
    if (this.rows.some((s) => s.notificationUrl === v.notificationUrl && s.resource === v.resource)) throw errors.duplicateKey('API Webhook Subscription', `Notification Url='${v.notificationUrl}', Resource='${v.resource}'`);
    await this.handshake(v.notificationUrl);
    const now = this.store.stamp();
    const row: SubscriptionRow = {
      id: randomUUID(), version: 1, lastModifiedDateTime: now, subscriptionId: randomUUID().replace(/-/g, ''), notificationUrl: v.notificationUrl, resource: v.resource,
      userId, clientState: v.clientState ?? '', expirationDateTime: new Date(Date.now() + this.options.subscriptionTtlMs).toISOString(), systemCreatedAt: now,
    };
    this.store.insert('subscriptions', row);
    return row;
  }

  /** PATCH renews: a new handshake, then a new expiration date. */
  async renew(row: SubscriptionRow, body: unknown, companyId: string): Promise<SubscriptionRow> {
    const v = this.validateBody(body, false);
    if (v.resource) this.parseResource(v.resource, companyId);
    await this.handshake(v.notificationUrl ?? row.notificationUrl);
    Object.assign(row, v);
    row.expirationDateTime = new Date(Date.now() + this.options.subscriptionTtlMs).toISOString();
    this.store.touch(row, null);
    return row;
  }

  delete(row: SubscriptionRow): void {
    this.store.remove('subscriptions', row.id);
    this.pending.delete(row.subscriptionId);
  }

  private onChange(e: ChangeEvent): void {
    if (this.closed) return;
    const company = this.store.state.company.id;
    let any = false;
    for (const s of this.rows) {
      if (s.expirationDateTime <= e.at) continue;
      let entitySet: string;
      try {
        entitySet = this.parseResource(s.resource, company).entitySet;
      } catch {
        continue;
      }
      if (entitySet !== e.entitySet) continue;
      const resource = `api/v2.0/companies(${company})/${e.entitySet}(${e.id})`;
      const m = this.pending.get(s.subscriptionId) ?? new Map();
      this.pending.set(s.subscriptionId, m);
      const prev = m.get(resource);
      // Coalesce: created+updated stays created; anything followed by deleted is deleted.
      const changeType = prev?.changeType === 'created' && e.changeType === 'updated' ? 'created' : e.changeType;
      m.set(resource, { changeType, at: e.at });
      any = true;
    }
    if (any && !this.timer) this.timer = setTimeout(() => void this.flush(), this.options.notificationDelayMs);
  }

  /** Sends every pending notification now (tests call it through POST /_admin/webhooks/flush). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches = [...this.pending.entries()];
    this.pending.clear();
    const sends: Array<Promise<void>> = [];
    for (const [subscriptionId, changes] of batches) {
      const s = this.rows.find((x) => x.subscriptionId === subscriptionId);
      if (!s || !changes.size) continue;
      let value: Notification[];
      if (changes.size > this.options.collectionThreshold) {
        const last = [...changes.values()].reduce((m, c) => (c.at > m ? c.at : m), '');
        const first = [...changes.values()].reduce((m, c) => (c.at < m ? c.at : m), last);
        value = [{ subscriptionId, clientState: s.clientState, expirationDateTime: s.expirationDateTime, resource: `api/v2.0/companies(${this.store.state.company.id})/${this.parseResource(s.resource, this.store.state.company.id).entitySet}`, changeType: 'collection', lastModifiedDateTime: new Date(Date.parse(first) - 1).toISOString() }];
      } else {
        value = [...changes.entries()].map(([resource, c]) => ({ subscriptionId, clientState: s.clientState, expirationDateTime: s.expirationDateTime, resource, changeType: c.changeType, lastModifiedDateTime: c.at }));
      }
      sends.push(this.deliver(s, { value }));
    }
    await Promise.all(sends);
  }

  private deliver(s: SubscriptionRow, body: { value: Notification[] }): Promise<void> {
    const p = (async () => {
      let delay = this.options.retryDelayMs;
      for (let attempt = 0; attempt <= this.options.retries && !this.closed; attempt++) {
        let status: number | 'error' = 'error';
        try {
          const res = await fetch(s.notificationUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10000) });
          status = res.status;
          await res.arrayBuffer().catch(() => undefined);
        } catch {
          status = 'error';
        }
        this.deliveries.push({ at: new Date().toISOString(), subscriptionId: s.subscriptionId, url: s.notificationUrl, status, body });
        if (this.deliveries.length > 500) this.deliveries.shift();
        if (status === 410) {
          this.delete(s);
          return;
        }
        if (typeof status === 'number' && status >= 200 && status < 300) return;
        if (attempt < this.options.retries) await new Promise((r) => setTimeout(r, delay));
        delay *= 2;
      }
    })();
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
    return p;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inflight]);
  }
}
