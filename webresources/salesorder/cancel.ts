/**
 * Cancel submission (issue 19, finding 5): while nobody has claimed the order's request, the salesperson may take
 * the order back. The request ends Cancelled (its live key freed) and the order goes back to Active in ONE change
 * set with If-Match on the request's ETag as read: the connector claims with If-Match on the same ETag
 * (connector/queue/requestRow.ts claimOperation), so exactly one of the two wins. When the connector won, the
 * command says so and changes nothing.
 */
import { SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';
import { liveKeyFor } from '../../domain/liveRequest';
import { isUnclaimed } from '../../domain/orphanedSubmission';
import { IntegrationRequestColumns as C, RequestKind, RequestStatus, SalesOrderColumns as O, SubmissionStatus, Tables } from '../../domain/schema';
import { clock } from '../lib/clock';
import { updateTogetherIfUnchanged, type ConditionalUpdate } from '../lib/conditionalBatch';
import { alertDialog, confirmDialog, errorDialog } from '../lib/dialogs';
import { currentUser, isSaved, recordId, setNotification, value } from '../lib/formState';
import { hasPrivileges, Privileges } from '../lib/privileges';
import { once, refreshForm, reportError, WAIT_NOTIFICATION_ID } from '../lib/report';
import { findLive, type LiveRequest } from '../lib/requests';
import { t } from '../lib/strings';
import type { MessageKey } from '../../domain/messages/en';

const T = Tables.integrationRequest;

export function liveRequestOf(orderId: string): Promise<LiveRequest | null> {
  const key = liveKeyFor(RequestKind.submitOrder, orderId);
  return key ? findLive(key) : Promise.resolve(null);
}

/**
 * The writes of a cancellation. The order's state first, alone (a Submitted order is read-only except for its
 * state), then its submission status once it is Active again; the request with If-Match. One change set.
 */
export function cancellation(orderId: string, live: LiveRequest, userName: string, now: Date): ConditionalUpdate[] {
  return [
    {
      entitySet: T.entitySet,
      id: live.id,
      ifMatch: live.etag,
      data: { [C.status]: RequestStatus.cancelled, [C.liveKey]: null, [C.completedOn]: now.toISOString(), [C.lastError]: `Cancelled by ${userName}.` },
    },
    { entitySet: 'salesorders', id: orderId, data: { statecode: SalesOrderState.active, statuscode: SalesOrderStatus.new } },
    { entitySet: 'salesorders', id: orderId, data: { [O.submissionStatus]: SubmissionStatus.notSubmitted } },
  ];
}

export async function cancelSubmission(formContext: Xrm.FormContext): Promise<void> {
  const orderId = recordId(formContext);
  const number = value<string>(formContext, 'ordernumber') ?? '';
  const title = t('Dialog.CancelSubmission.Title');
  // The form shows what is true before the dialog says it.
  const tell = async (key: MessageKey): Promise<void> => {
    await refreshForm(formContext);
    await alertDialog(title, t(key, { number }));
  };
  await once(`salesorder:${orderId}`, async () => {
    try {
      if (!(await hasPrivileges(Privileges.writeRequest, Privileges.writeOrder))) return await errorDialog(t('Error.NoPrivilege'));
      const live = await liveRequestOf(orderId);
      if (!live || !isUnclaimed(live.status)) return await tell(live ? 'Result.CancelTooLate' : 'Result.CancelNothing');
      if (!(await confirmDialog(title, t('Dialog.CancelSubmission.Text', { number }), t('Dialog.CancelSubmission.Confirm'), t('Dialog.CancelSubmission.Keep')))) return;
      // One request, no progress indicator: it answers at once.
      const result = await updateTogetherIfUnchanged(cancellation(orderId, live, currentUser().name, new Date(clock.now())));
      if (result.ok) {
        setNotification(formContext, WAIT_NOTIFICATION_ID, null);
        return await tell('Result.SubmissionCancelled');
      }
      // 412: the row changed since it was read (the connector claimed it, or it ended). Nothing was written.
      if (result.status !== 412) return await reportError(result);
      const now = await liveRequestOf(orderId);
      await tell(now && !isUnclaimed(now.status) ? 'Result.CancelTooLate' : 'Result.CancelNothing');
    } catch (error) {
      await reportError(error);
    }
  });
}

/** Enable rule: the order is on its way, not in the ERP, and its live request is still unclaimed. */
export async function canCancelSubmission(formContext: Xrm.FormContext): Promise<boolean> {
  if (!isSaved(formContext)) return false;
  if (value<string>(formContext, O.erpOrderNumber)) return false;
  if (value<number>(formContext, O.submissionStatus) !== SubmissionStatus.queued) return false;
  if (!(await hasPrivileges(Privileges.writeRequest, Privileges.writeOrder))) return false;
  try {
    const live = await liveRequestOf(recordId(formContext));
    return !!live && isUnclaimed(live.status);
  } catch {
    return false;
  }
}
