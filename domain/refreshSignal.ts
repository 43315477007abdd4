/**
 * "These ERP figures were refreshed": the message a command posts when the connector has answered a refresh, so a
 * control showing the same record reloads without the user reloading the page.
 *
 * Why a BroadcastChannel: in Unified Interface, ribbon and form scripts run in their own frame (ClientApiWrapper),
 * not in the window that hosts the PCF controls, and a record can be open in a second tab. A same-origin
 * BroadcastChannel reaches every frame and tab of the app
 * (https://html.spec.whatwg.org/multipage/web-messaging.html#broadcasting-to-other-browsing-contexts), and nothing
 * else: Dataverse offers no event for "a row of another table changed". The account or product row itself does not
 * change on a refresh (the figures live in erp_accountstatistics / erp_itemavailability), so the form's own
 * data.refresh() gives the control nothing to notice.
 */
import { normalizeId } from './orderValidation';

export const REFRESH_CHANNEL = 'erp-link-refresh';

export type RefreshedTable = 'account' | 'product';

export interface RefreshedMessage {
  type: 'erp-refreshed';
  table: RefreshedTable;
  id: string;
}

export function refreshedMessage(table: RefreshedTable, id: string): RefreshedMessage {
  return { type: 'erp-refreshed', table, id: normalizeId(id) };
}

/** Whether a message received on the channel says the figures of this record were refreshed. Anything else is ignored. */
export function isRefreshOf(message: unknown, table: string, id: string): boolean {
  if (!message || typeof message !== 'object') return false;
  const m = message as Partial<RefreshedMessage>;
  return m.type === 'erp-refreshed' && m.table === table && typeof m.id === 'string' && m.id === normalizeId(id);
}
