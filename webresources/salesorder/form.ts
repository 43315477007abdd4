/**
 * Order form script: a notification with the submission state (and after a failure, the error and its fix hint),
 * and the columns the ERP owns locked; after submission, the columns that make up the ERP order are locked too.
 */
import { RequestKind, SalesOrderColumns as O, SubmissionStatus } from '../../domain/schema';
import { SalesOrderState } from '../../domain/dataverseCodes';
import { latestRequestFor } from '../lib/requests';
import { formatDateTime, t } from '../lib/strings';
import { isSaved, lockColumns, recordId, setNotification, value } from '../lib/formState';

export const SUBMISSION_NOTIFICATION_ID = 'erp_submission_state';

/** Written by the connector or by Submit to ERP only. */
export const ERP_OWNED_COLUMNS = [O.erpOrderNumber, O.submissionStatus, O.lastSubmissionError, O.submittedOn, O.submittedBy] as const;

/** What the ERP order is made of: changing them after submission would leave CRM and ERP apart. */
export const LOCKED_AFTER_SUBMISSION = [
  'customerid', 'name', 'transactioncurrencyid', 'pricelevelid', 'ownerid', 'requestdeliveryby', 'description',
  'discountpercentage', 'discountamount', 'freightamount', 'paymenttermscode', 'shippingmethodcode', 'freighttermscode',
  'billto_name', 'billto_line1', 'billto_line2', 'billto_line3', 'billto_city', 'billto_postalcode', 'billto_stateorprovince', 'billto_country',
  'shipto_name', 'shipto_line1', 'shipto_line2', 'shipto_line3', 'shipto_city', 'shipto_postalcode', 'shipto_stateorprovince', 'shipto_country',
] as const;

export async function showSubmissionState(formContext: Xrm.FormContext): Promise<void> {
  if (!isSaved(formContext)) {
    setNotification(formContext, SUBMISSION_NOTIFICATION_ID, null);
    return;
  }
  const status = value<number>(formContext, O.submissionStatus);
  const number = value<string>(formContext, O.erpOrderNumber);
  if (number) {
    setNotification(formContext, SUBMISSION_NOTIFICATION_ID, t('Notify.InErp', { number }), 'INFO');
  } else if (status === SubmissionStatus.queued) {
    setNotification(formContext, SUBMISSION_NOTIFICATION_ID, t('Notify.Queued', { date: formatDateTime(value<Date>(formContext, O.submittedOn)) }), 'INFO');
  } else if (status === SubmissionStatus.failed) {
    const error = value<string>(formContext, O.lastSubmissionError);
    // The fix hint lives on the request row; the form shows the error at once and adds the hint when it arrives.
    setNotification(formContext, SUBMISSION_NOTIFICATION_ID, t('Notify.Failed', { error: error ?? '' }), 'ERROR');
    try {
      const request = await latestRequestFor(recordId(formContext), RequestKind.submitOrder);
      const hint = request?.erp_fixhint;
      if (hint) setNotification(formContext, SUBMISSION_NOTIFICATION_ID, t('Notify.FailedHint', { error: error ?? request?.erp_lasterror ?? '', hint }), 'ERROR');
    } catch {
      // Without read access to requests the error alone stays shown.
    }
  } else {
    setNotification(formContext, SUBMISSION_NOTIFICATION_ID, null);
  }
}

export function lockErpColumns(formContext: Xrm.FormContext): void {
  lockColumns(formContext, ERP_OWNED_COLUMNS);
  const status = value<number>(formContext, O.submissionStatus);
  const state = value<number>(formContext, 'statecode');
  const submitted = status === SubmissionStatus.queued || status === SubmissionStatus.inErp || !!value<string>(formContext, O.erpOrderNumber) || (state !== null && state !== SalesOrderState.active);
  if (submitted) lockColumns(formContext, LOCKED_AFTER_SUBMISSION);
}

async function showState(formContext: Xrm.FormContext): Promise<void> {
  lockErpColumns(formContext);
  await showSubmissionState(formContext);
}

/**
 * Form data OnLoad: runs on every formContext.data.refresh (Microsoft Learn, "Form data OnLoad event"), which a
 * column's OnChange does not (OnChange fires for user edits and fireOnChange only). A command that refreshes the
 * form after the connector's answer thus gets the notification and locks of the new state.
 */
function onDataLoad(executionContext: Xrm.Events.EventContext): void {
  void showState(executionContext.getFormContext());
}

export async function onLoad(executionContext: Xrm.Events.EventContext): Promise<void> {
  const formContext = executionContext.getFormContext();
  const data = formContext.data as Partial<Pick<Xrm.Data, 'addOnLoad' | 'removeOnLoad'>>;
  // Registered once however often the form OnLoad runs (remove first: the same function is never added twice).
  data.removeOnLoad?.(onDataLoad);
  data.addOnLoad?.(onDataLoad);
  await showState(formContext);
}

/** OnChange of erp_submissionstatus (a script's fireOnChange; a refresh reaches onDataLoad instead). */
export async function onSubmissionStatusChange(executionContext: Xrm.Events.EventContext): Promise<void> {
  await onLoad(executionContext);
}
