/**
 * Business Central API v2.0 stand-in (test and demo infrastructure).
 *
 *   const bc = await startBusinessCentral({ port: 0 });
 *   await fetch(`${bc.companyUrl}/customers?$top=5`, { headers: { Authorization: `Bearer ${bc.token}` } });
 *   await bc.close();
 *
 * See docs/businesscentral-standin.md.
 */
import { startServer, BusinessCentralOptions, BusinessCentralServer, DEFAULT_TOKEN } from './server';

export type { BusinessCentralOptions, BusinessCentralServer };
export type { FaultRule, RequestLog, RequestLogEntry } from './limits';
export type { Notification, Delivery, WebhookOptions } from './webhooks';
export { DEFAULT_TOKEN };
export { ADMIN_ENDPOINTS } from './admin';

export function startBusinessCentral(options: BusinessCentralOptions = {}): Promise<BusinessCentralServer> {
  return startServer(options);
}
