/** Writes the "submitted" event as a post on the order's timeline (texts: domain/timeline.ts, in the owner's language). */
import { submittedPostRecord, type TimelineEvent } from '../../domain/timeline';
import { normalizeId } from '../../domain/orderValidation';
import { currentUser } from './formState';
import { orgLcid, userLcid } from './strings';

/**
 * Best effort: a post that cannot be written must not turn a good submission into an error; it returns false and
 * the caller moves on (the request row keeps the full log).
 */
/**
 * Posts are in the order owner's language, as the connector writes them (ReferenceData.postLcid): the user's own when
 * they own the order, else the organisation's (the browser does not read other users' settings).
 */
export async function postOnOrder(orderId: string, ownerId: string | null | undefined, event: Extract<TimelineEvent, { kind: 'submitted' }>): Promise<boolean> {
  const lcid = ownerId && normalizeId(ownerId) === currentUser().id ? userLcid() : orgLcid();
  try {
    await Xrm.WebApi.createRecord('post', submittedPostRecord({ table: 'salesorder', id: orderId }, event.by, lcid) as unknown as Record<string, unknown>);
    return true;
  } catch {
    return false;
  }
}
