/**
 * Following a queued request after the command has let the user go (issue 19): the command waits a few seconds
 * under its progress indicator, then the user works on and this keeps reading the request in the background with
 * a growing delay; when the answer lands, the form refreshes itself (formContext.data.refresh, which fires the
 * form's data OnLoad: the form script shows the ERP number or the failure), without the user reloading the page.
 */
import { normalizeId } from '../../domain/orderValidation';
import { alertDialog } from './dialogs';
import { setNotification } from './formState';
import { refreshForm, WAIT_NOTIFICATION_ID, type Answer } from './report';
import { waitForRequest, type WaitOutcome } from './requests';
import { t } from './strings';
import { waitWithProgress } from './wait';

/** Background reads: a quick first look, then no more than one read every 30 s (well within the API limits). */
export const FOLLOW_DELAYS_MS: readonly number[] = [2000, 5000, 15_000, 30_000];
/** After this the form stops following; the next load shows the result as always. */
export const FOLLOW_LIMIT_SECONDS = 15 * 60;

const running = new Set<Promise<void>>();

/** The connector answered (a wait that ran out or could not read says nothing about the request). */
const answered = (outcome: WaitOutcome): outcome is Answer => outcome.outcome !== 'timeout' && outcome.outcome !== 'unreachable';

/**
 * Starts following `requestId`; `onEnd` runs before the form refreshes (e.g. to clear a notification), `landed` after
 * it (e.g. to reload controls that read what the refresh brought).
 */
export function followRequest(
  formContext: Xrm.FormContext,
  recordId: string,
  requestId: string,
  onEnd?: (outcome: WaitOutcome) => void,
  landed?: (outcome: WaitOutcome) => void,
): void {
  const work = (async () => {
    const outcome = await waitForRequest(requestId, FOLLOW_LIMIT_SECONDS, undefined, { delays: FOLLOW_DELAYS_MS });
    // The user may have opened another record meanwhile (a throw here ends the follow-up quietly, too).
    if (normalizeId(formContext.data.entity.getId()) !== normalizeId(recordId)) return;
    onEnd?.(outcome);
    if (!answered(outcome)) return;
    await refreshForm(formContext);
    landed?.(outcome);
  })().catch(() => undefined);
  running.add(work);
  void work.finally(() => running.delete(work));
}

/** Resolves when every background follow-up has ended (tests, and a page that wants to wait before closing). */
export async function followsSettled(): Promise<void> {
  while (running.size) await Promise.all([...running]);
}

/** What the user reads when the ERP has not answered within the dialog seconds. */
export interface QueuedNotice {
  title: string;
  text: string;
  /** The form script shows a failure itself on refresh (orders); otherwise the form notification tells it. */
  formShowsFailure?: boolean;
}

/**
 * Every ERP command's wait (issue 19, finding 5): `dialogSeconds` (erp_SubmissionDialogSeconds) under the progress
 * indicator, and the answer that came in that time is returned for the command to show. Otherwise the user reads
 * that the request is queued and works on, the form shows it in a notification and follows the request, and this
 * returns null; when the answer lands the form refreshes and `landed` runs.
 */
export async function waitOrFollow(
  formContext: Xrm.FormContext,
  recordId: string,
  requestId: string,
  dialogSeconds: number,
  notice: QueuedNotice,
  landed?: (outcome: WaitOutcome) => void,
): Promise<Answer | null> {
  const outcome = await waitWithProgress(requestId, dialogSeconds);
  if (answered(outcome)) return outcome;
  setNotification(formContext, WAIT_NOTIFICATION_ID, notice.text);
  const onEnd = (end: WaitOutcome): void => {
    const failed = !notice.formShowsFailure && answered(end) && end.outcome !== 'succeeded';
    setNotification(formContext, WAIT_NOTIFICATION_ID, failed ? t('Error.RequestFailed', { error: end.row.erp_lasterror || end.outcome }) : null, 'ERROR');
  };
  followRequest(formContext, recordId, requestId, onEnd, landed);
  await alertDialog(notice.title, notice.text);
  return null;
}
