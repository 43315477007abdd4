/**
 * Business Central webhook subscriptions (API v2.0 /subscriptions) for the entity sets whose changes are ERP events
 * and that Business Central offers webhooks for: salesOrders and salesInvoices (Microsoft Learn "Working with
 * webhooks", list of supported entities). salesShipments is not on that list: shipments are found by polling
 * (the events job reads salesShipments by lastModifiedDateTime on its schedule), and so is anything whose
 * subscription Business Central refuses: each set is subscribed on its own, a refusal is logged and reported and
 * does not stop the others.
 * Subscriptions expire after three days: they are renewed when less than a day is left. A notification only says
 * "this record changed": the connector then runs the events job, which reads from its watermarks, so a lost or
 * coalesced notification costs nothing but latency, and polling stays the safety net.
 *
 * clientState is what tells our notifications from anyone's: BC echoes it in every notification, but any BC API user
 * can read it from GET /subscriptions. So it is random per subscription (never derived from a secret), changes each
 * time a subscription is renewed, and a subscription whose state this process does not know (after a restart) is
 * renewed at once with a fresh one. The previous state stays valid for a few minutes, for notifications in flight.
 */
import { randomBytes, timingSafeEqual } from 'crypto';
import type { BcRow } from './bc/client';
import type { Services } from './services';

export const SUBSCRIBED_SETS = ['salesOrders', 'salesInvoices'] as const;
/** ERP event sources Business Central has no webhook for: only the events job's polling finds their changes. */
export const POLLED_SETS = ['salesShipments'] as const;
export const NOTIFICATION_PATH = '/bc/notifications';
const RENEW_BEFORE_MS = 24 * 3600 * 1000;

const GRACE_MS = 10 * 60_000;

/** A fresh clientState: 32 random bytes, hex (BC allows 2,048 characters). */
export function newClientState(): string {
  return randomBytes(32).toString('hex');
}

/** The clientStates this process accepts: the current one per entity set, and retired ones until their grace ends. */
export class ClientStates {
  private readonly current = new Map<string, string>();
  private readonly retired = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  currentFor(set: string): string | undefined {
    return this.current.get(set);
  }

  /** Makes `state` the set's current one; the one it replaces is accepted for GRACE_MS more. */
  rotate(set: string, state: string): void {
    const old = this.current.get(set);
    if (old && old !== state) this.retired.set(old, this.now() + GRACE_MS);
    this.current.set(set, state);
  }

  forget(set: string, state: string): void {
    if (this.current.get(set) === state) this.current.delete(set);
  }

  accepts(state: string): boolean {
    if (!state) return false;
    const given = Buffer.from(state);
    const same = (x: string): boolean => {
      const b = Buffer.from(x);
      return b.length === given.length && timingSafeEqual(b, given);
    };
    for (const s of this.current.values()) if (same(s)) return true;
    const t = this.now();
    for (const [s, until] of this.retired) {
      if (until < t) this.retired.delete(s);
      else if (same(s)) return true;
    }
    return false;
  }
}

const registries = new WeakMap<object, ClientStates>();

/** The registry of one connector (its Services object), shared by the subscriptions job and the HTTP endpoint. */
export function clientStates(s: Pick<Services, 'now'>): ClientStates {
  let r = registries.get(s);
  if (!r) {
    r = new ClientStates(() => s.now().getTime());
    registries.set(s, r);
  }
  return r;
}

export interface SubscriptionSummary {
  created: string[];
  renewed: string[];
  kept: string[];
  /** Sets Business Central refused (or failed) to subscribe: polled until a later attempt succeeds. */
  failed: Array<{ set: string; error: string }>;
}

export async function ensureSubscriptions(s: Services): Promise<SubscriptionSummary> {
  const summary: SubscriptionSummary = { created: [], renewed: [], kept: [], failed: [] };
  const notificationUrl = s.config.bc.notificationUrl;
  if (!notificationUrl) return summary;
  const root = s.config.bc.apiUrl;
  const existing = await s.bc.listAbsolute<BcRow>(`${root}/subscriptions`, 5);
  const states = clientStates(s);
  for (const set of SUBSCRIBED_SETS) {
    const resource = `/api/v2.0/companies(${s.config.bc.companyId})/${set}`;
    const sub = existing.find((x) => x.notificationUrl === notificationUrl && String(x.resource).replace(/^https?:\/\/[^/]+/, '').replace(/^\/?/, '/') === resource);
    const expiring = sub ? Date.parse(String(sub.expirationDateTime)) - s.now().getTime() < RENEW_BEFORE_MS : false;
    const known = sub ? states.currentFor(set) === String(sub.clientState ?? '') && !!sub.clientState : false;
    if (sub && !expiring && known) {
      summary.kept.push(set);
      continue;
    }
    // The new state is accepted before BC is told, so a notification sent right after the change is not refused.
    const clientState = newClientState();
    states.rotate(set, clientState);
    try {
      if (!sub) {
        await s.bc.http.request({ method: 'POST', url: `${root}/subscriptions`, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ notificationUrl, resource, clientState }) });
        summary.created.push(set);
      } else {
        await s.bc.http.request({
          method: 'PATCH',
          url: `${root}/subscriptions('${String(sub.subscriptionId)}')`,
          headers: { 'Content-Type': 'application/json', 'If-Match': String(sub['@odata.etag'] ?? '*') },
          body: JSON.stringify({ notificationUrl, resource, clientState }),
        });
        summary.renewed.push(set);
      }
    } catch (e) {
      states.forget(set, clientState);
      // One refused set (permission, not offered, handshake) leaves the others subscribed; polling covers it.
      summary.failed.push({ set, error: (e as Error).message });
    }
  }
  if (summary.failed.length) s.log.warn('Business Central subscriptions refused; those sets are polled', { failed: summary.failed.map((f) => `${f.set}: ${f.error}`).join('; ') });
  if (summary.created.length || summary.renewed.length) s.log.info('Business Central subscriptions', { ...summary });
  return summary;
}
