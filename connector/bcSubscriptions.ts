/**
 * Business Central webhook subscriptions (API v2.0 /subscriptions) for the entity sets whose changes are ERP events:
 * salesOrders, salesShipments, salesInvoices (change tracking is on for these; not for lines or ledger entries).
 * Subscriptions expire after three days: they are renewed when less than a day is left. A notification only says
 * "this record changed": the connector then runs the events job, which reads from its watermarks, so a lost or
 * coalesced notification costs nothing but latency, and polling stays the safety net.
 */
import { createHmac } from 'crypto';
import type { BcRow } from './bc/client';
import type { Services } from './services';

export const SUBSCRIBED_SETS = ['salesOrders', 'salesShipments', 'salesInvoices'] as const;
export const NOTIFICATION_PATH = '/bc/notifications';
const RENEW_BEFORE_MS = 24 * 3600 * 1000;

/** The clientState BC echoes in every notification: derived from the webhook key, never the key itself. */
export function clientStateFor(webhookKey: string): string {
  return createHmac('sha256', webhookKey).update('bc-notifications').digest('hex');
}

export interface SubscriptionSummary {
  created: string[];
  renewed: string[];
  kept: string[];
}

export async function ensureSubscriptions(s: Services): Promise<SubscriptionSummary> {
  const summary: SubscriptionSummary = { created: [], renewed: [], kept: [] };
  const notificationUrl = s.config.bc.notificationUrl;
  if (!notificationUrl) return summary;
  const root = s.config.bc.apiUrl;
  const existing = await s.bc.listAbsolute<BcRow>(`${root}/subscriptions`, 5);
  const clientState = clientStateFor(s.config.server.webhookKey);
  for (const set of SUBSCRIBED_SETS) {
    const resource = `/api/v2.0/companies(${s.config.bc.companyId})/${set}`;
    const sub = existing.find((x) => x.notificationUrl === notificationUrl && String(x.resource).replace(/^https?:\/\/[^/]+/, '') === resource);
    if (!sub) {
      await s.bc.http.request({ method: 'POST', url: `${root}/subscriptions`, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ notificationUrl, resource, clientState }) });
      summary.created.push(set);
    } else if (Date.parse(String(sub.expirationDateTime)) - s.now().getTime() < RENEW_BEFORE_MS) {
      await s.bc.http.request({
        method: 'PATCH',
        url: `${root}/subscriptions('${String(sub.subscriptionId)}')`,
        headers: { 'Content-Type': 'application/json', 'If-Match': String(sub['@odata.etag'] ?? '*') },
        body: JSON.stringify({ notificationUrl, resource, clientState }),
      });
      summary.renewed.push(set);
    } else summary.kept.push(set);
  }
  if (summary.created.length || summary.renewed.length) s.log.info('Business Central subscriptions', { ...summary });
  return summary;
}
