/** Writes submission events as posts on the order's timeline (texts: domain/timeline.ts, org language). */
import { timelinePostRecord, type TimelineEvent } from '../../domain/timeline';
import { orgLcid } from './strings';

/**
 * Best effort: a post that cannot be written must not turn a good submission into an error; it returns false and
 * the caller moves on (the request row keeps the full log).
 */
export async function postOnOrder(orderId: string, event: TimelineEvent): Promise<boolean> {
  try {
    await Xrm.WebApi.createRecord('post', timelinePostRecord({ table: 'salesorder', id: orderId }, event, orgLcid()) as unknown as Record<string, unknown>);
    return true;
  } catch {
    return false;
  }
}
