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
import { alertDialog, errorDialog, withProgress } from '../lib/dialogs';
import { currentUser, isSaved, recordId, setNotification, value } from '../lib/formState';
import { hasPrivileges, Privileges } from '../lib/privileges';
import { once, refreshForm, reportError, WAIT_NOTIFICATION_ID } from '../lib/report';
import { findLive, type LiveRequest } from '../lib/requests';
import { t } from '../lib/strings';

const T = Tables.integrationRequest;

function liveRequestOf(orderId: string): Promise<LiveRequest | null> {
  const key = liveKeyFor(RequestKind.submitOrder, orderId);
  return key ? findLive(key) : Promise.resolve(null);
}

/** Enable rules run in bursts (every form change re-evaluates the command bar): one read serves a burst. */
const RULE_READ_TTL_MS = 2000;
let ruleRead: { orderId: string; at: number; live: Promise<LiveRequest | null> } | null = null;

/** The order's live submit request for enable rules (Resubmit to ERP, Cancel submission): read at most once per 2 s. */
export function liveRequestForRules(orderId: string): Promise<LiveRequest | null> {
  const now = clock.now();
  if (!ruleRead || ruleRead.orderId !== orderId || now - ruleRead.at > RULE_READ_TTL_MS) {
    const live = liveRequestOf(orderId);
    ruleRead = { orderId, at: now, live };
    live.catch(() => (ruleRead = null));
  }
  return ruleRead.live;
}

/** After a command changed the request (queued, cancelled), the next evaluation reads again. */
export function forgetRuleRead(): void {
  ruleRead = null;
}

/**
 * The writes of a cancellation. The order's state first, alone (a Submitted order is read-only except for its
 * state), then its submission status once it is Active again; the request with If-Match. One change set.
 */
export function cancellation(orderId: string, live: LiveRequest, userName: string, now: Date): ConditionalUpdate[] {
  return [
    {
      entity: T.logicalName,
      id: live.id,
      ifMatch: live.etag ?? undefined,
      data: { [C.status]: RequestStatus.cancelled, [C.liveKey]: null, [C.completedOn]: now.toISOString(), [C.lastError]: `Cancelled by ${userName}.`.slice(0, 4000) },
    },
    { entity: 'salesorder', id: orderId, data: { statecode: SalesOrderState.active, statuscode: SalesOrderStatus.new } },
    { entity: 'salesorder', id: orderId, data: { [O.submissionStatus]: SubmissionStatus.notSubmitted } },
  ];
}

export async function cancelSubmission(formContext: Xrm.FormContext): Promise<void> {
  const orderId = recordId(formContext);
  const number = value<string>(formContext, 'ordernumber') ?? '';
  await once(`salesorder:${orderId}`, async () => {
    try {
      if (!(await hasPrivileges(Privileges.writeRequest, Privileges.writeOrder))) {
        await errorDialog(t('Error.NoPrivilege'));
        return;
      }
      const live = await withProgress(t('Progress.Checking'), () => liveRequestOf(orderId));
      if (!live) {
        await refreshForm(formContext);
        await alertDialog(t('Dialog.CancelSubmission.Title'), t('Result.CancelNothing', { number }));
        return;
      }
      if (!isUnclaimed(live.status)) {
        await alertDialog(t('Dialog.CancelSubmission.Title'), t('Result.CancelTooLate', { number }));
        return;
      }
      const confirmed = await Xrm.Navigation.openConfirmDialog(
        { title: t('Dialog.CancelSubmission.Title'), text: t('Dialog.CancelSubmission.Text', { number }), confirmButtonLabel: t('Dialog.CancelSubmission.Confirm'), cancelButtonLabel: t('Dialog.CancelSubmission.Keep') },
        { height: 240, width: 520 },
      );
      if (!confirmed?.confirmed) return;
      const result = await withProgress(t('Progress.Submitting'), () => updateTogetherIfUnchanged(cancellation(orderId, live, currentUser().name, new Date(clock.now()))));
      forgetRuleRead();
      if (result.ok) {
        setNotification(formContext, WAIT_NOTIFICATION_ID, null);
        await refreshForm(formContext);
        await alertDialog(t('Dialog.CancelSubmission.Title'), t('Result.SubmissionCancelled', { number }));
        return;
      }
      if (result.status === 412) {
        // The row changed since it was read: the connector claimed it (or it ended). Nothing was written.
        const now = await liveRequestOf(orderId).catch(() => null);
        await refreshForm(formContext);
        await alertDialog(t('Dialog.CancelSubmission.Title'), t(now && !isUnclaimed(now.status) ? 'Result.CancelTooLate' : 'Result.CancelNothing', { number }));
        return;
      }
      await reportError({ errorCode: result.errorCode, message: result.message });
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
    const live = await liveRequestForRules(recordId(formContext));
    return !!live && isUnclaimed(live.status);
  } catch {
    return false;
  }
}
