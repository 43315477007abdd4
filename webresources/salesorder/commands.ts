/**
 * Sales order command bar: Submit to ERP, Retry submission, Open in ERP, and their enable rules.
 * Flow: privilege → check (shared rules, every problem at once; credit and stock warnings from the ERP figures) →
 * confirm → the request and the order's Submitted state in one change set (idempotent; a refused write is
 * explained by what is true: another tab's request, or the ERP number) → a few seconds under progress → the result
 * over a refreshed form, or "queued, keep working" while the form follows the request in the background.
 */
import { hasBlockingProblems, normalizeId, validateOrderForSubmission, type OrderSnapshot, type Problem } from '../../domain/orderValidation';
import { orderSubmissionKey } from '../../domain/idempotency';
import { SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';
import { RequestKind, SalesOrderColumns as O, SubmissionStatus } from '../../domain/schema';
import { clock } from '../lib/clock';
import { erpWarnings, readConnection, readOrder, readOwnerCouplings, readSubmissionDialogSeconds, type ErpConnection } from '../lib/dataverse';
import { ErpPages } from '../lib/deepLink';
import { openErpRecord } from '../lib/openInErp';
import { alertDialog, confirmDialog, errorDialog, withProgress } from '../lib/dialogs';
import { MAX_RECORDS_PER_RUN } from '../lib/couplingTargets';
import { errorMessage, isNetworkError, isPrivilegeError } from '../lib/errors';
import { hasPrivileges, Privileges } from '../lib/privileges';
import { once, problemText, problemsText, refreshForm, reportError, reportOutcome, showProblems } from '../lib/report';
import { findLive, queueRequest, type Queued } from '../lib/requests';
import { ChangeSetRefused, type ChangeOp } from '../lib/changeSet';
import { waitOrFollow } from '../lib/follow';
import { liveRequestOf } from './cancel';
import { liveKeyFor } from '../../domain/liveRequest';
import { needsRecovery } from '../../domain/orphanedSubmission';
import { t } from '../lib/strings';
import { postOnOrder } from '../lib/timelineWriter';
import { currentUser, isSaved, recordId, value } from '../lib/formState';

interface Checked {
  order: OrderSnapshot;
  connection: ErpConnection | null;
  problems: Problem[];
  dialogSeconds: number;
}

interface Setup {
  connection: ErpConnection | null;
  dialogSeconds: number;
}

/** What every order's check needs and a grid selection reads once: the connection and how long progress shows. */
async function submissionSetup(): Promise<Setup> {
  const [connection, dialogSeconds] = await Promise.all([readConnection().catch(() => null), readSubmissionDialogSeconds()]);
  return { connection, dialogSeconds };
}

async function check(orderId: string, hasUnsavedChanges: boolean, setup: Promise<Setup> = submissionSetup()): Promise<Checked> {
  const [order, { connection, dialogSeconds }] = await Promise.all([readOrder(orderId), setup]);
  // Credit and stock from the ERP figures in Dataverse: warnings the salesperson reads before confirming.
  const [couplings, warnings] = await Promise.all([readOwnerCouplings(order._owninguser_value).catch(() => ({})), erpWarnings(order, connection)]);
  const problems = [...validateOrderForSubmission(order, { connection, couplings, stage: 'client', hasUnsavedChanges }), ...warnings];
  return { order, connection, problems, dialogSeconds };
}

/** The order's Submitted state: written in the same change set as its request (issue 15: together or not at all). */
function submittedState(orderId: string, user: { id: string }): ChangeOp {
  return {
    kind: 'update',
    entity: 'salesorder',
    id: orderId,
    data: {
      statecode: SalesOrderState.submitted,
      statuscode: SalesOrderStatus.inProgress,
      [O.submissionStatus]: SubmissionStatus.queued,
      [O.submittedOn]: new Date(clock.now()).toISOString(),
      [`${O.submittedBy}@odata.bind`]: `/systemusers(${user.id})`,
      [O.lastSubmissionError]: null,
    },
  };
}

/** queued: a request this command follows (`already`: another tab or a colleague queued it); inErp: nothing to do. */
type Submission = { queued: Queued; already: boolean } | { inErp: string };

/**
 * After a refused write (nothing was written: one change set), what is true about the order: another tab or a
 * colleague may have queued it first (its live request), or it may be in the ERP already (issue 19, finding 6).
 */
async function whatHappened(orderId: string): Promise<Submission | null> {
  const liveKey = liveKeyFor(RequestKind.submitOrder, orderId);
  const live = liveKey ? await findLive(liveKey) : null;
  if (live) return { queued: { requestId: live.id, key: live.key, how: 'tracked' }, already: true };
  const row = await Xrm.WebApi.retrieveRecord('salesorder', orderId, `?$select=${O.erpOrderNumber}`);
  const number = row[O.erpOrderNumber] as string | null | undefined;
  return number ? { inErp: number } : null;
}

/**
 * The request and, for an active order, its Submitted state in ONE change set: both land or neither does, so an
 * order is never left Submitted without a request (a failed create, a closed tab). The connector reads the order
 * only once the request exists, and then the order is already Submitted.
 */
async function queueSubmission(orderId: string, checked: Checked): Promise<Submission | null> {
  const { order } = checked;
  const user = currentUser();
  const together = order.statecode === SalesOrderState.active ? [submittedState(orderId, user)] : [];
  try {
    const queued = await queueRequest(
      orderSubmissionKey(order),
      {
        name: `Submit ${order.ordernumber ?? orderId}`,
        kind: RequestKind.submitOrder,
        targetTable: 'salesorder',
        targetId: orderId,
        payload: { ordernumber: order.ordernumber ?? null },
        connectionId: checked.connection?.erp_connectionid ?? null,
        requestedBy: user.id,
      },
      together,
    );
    if (queued.how !== 'tracked') await postOnOrder(orderId, order._owninguser_value, { kind: 'submitted', by: user.name });
    return { queued, already: queued.how === 'tracked' };
  } catch (error) {
    const known = await whatHappened(orderId).catch(() => null);
    if (known) return known;
    // Nothing of a refused change set was written: "not set to Submitted, nothing sent" is then exactly true.
    const cause = error instanceof ChangeSetRefused ? error.reason : error;
    if (cause !== error && !isPrivilegeError(cause) && !isNetworkError(cause)) await errorDialog(t('Error.StateNotUpdated', { error: errorMessage(cause) }), errorMessage(cause));
    else await reportError(cause);
    return null;
  }
}

/**
 * Waits a few seconds (erp_SubmissionDialogSeconds) under the progress indicator; an answer in that time is shown
 * at once, over a form that already shows it. Otherwise the user is told the order is queued and works on; the
 * form follows the request and refreshes itself when the answer lands (lib/follow.ts).
 */
async function waitBriefly(formContext: Xrm.FormContext, orderId: string, number: string, submission: { queued: Queued; already: boolean }, dialogSeconds: number): Promise<void> {
  const { queued, already } = submission;
  const text = t(already ? 'Result.AlreadySubmitting' : 'Result.Queued', { number });
  const outcome = await waitOrFollow(formContext, orderId, queued.requestId, dialogSeconds, { title: t('Dialog.SubmitOrder.Title'), text, formShowsFailure: true });
  if (!outcome) return;
  // The form first, then the dialog: it never says Queued behind a success (issue 19, finding 4).
  await refreshForm(formContext);
  await reportOutcome(outcome, { success: (erpNumber) => t('Result.OrderInErp', { number: erpNumber }), requestId: queued.requestId });
}

async function run(formContext: Xrm.FormContext, mode: 'submit' | 'retry' | 'recover'): Promise<void> {
  const orderId = recordId(formContext);
  await once(`salesorder:${orderId}`, async () => {
    try {
      if (!(await hasPrivileges(Privileges.createRequest, Privileges.writeOrder))) {
        await errorDialog(t('Error.NoPrivilege'));
        return;
      }
      const checked = await withProgress(t('Progress.Checking'), () => check(orderId, formContext.data.entity.getIsDirty()));
      if (hasBlockingProblems(checked.problems)) {
        await showProblems(checked.problems);
        return;
      }
      const number = checked.order.ordernumber ?? '';
      const question = t(mode === 'retry' ? 'Dialog.RetryOrder.Text' : mode === 'recover' ? 'Dialog.RecoverOrder.Text' : 'Dialog.SubmitOrder.Text', { number });
      const notes = problemsText(checked.problems);
      if (!(await confirmDialog(t('Dialog.SubmitOrder.Title'), notes ? `${question}\n\n${notes}` : question, t('Dialog.SubmitOrder.Confirm')))) return;

      const submission = await withProgress(t('Progress.Submitting'), () => queueSubmission(orderId, checked));
      if (!submission) return;
      await refreshForm(formContext);
      if ('inErp' in submission) {
        await alertDialog(t('Dialog.SubmitOrder.Title'), t('Result.AlreadyInErp', { number, erpNumber: submission.inErp }));
        return;
      }
      await waitBriefly(formContext, orderId, number, submission, checked.dialogSeconds);
    } catch (error) {
      await reportError(error);
    }
  });
}

export function submitToErp(formContext: Xrm.FormContext): Promise<void> {
  return run(formContext, 'submit');
}

export function retrySubmission(formContext: Xrm.FormContext): Promise<void> {
  return run(formContext, 'retry');
}

/** Resubmit to ERP: an order marked submitted with no live request and no ERP number (domain/orphanedSubmission.ts). */
export function recoverSubmission(formContext: Xrm.FormContext): Promise<void> {
  return run(formContext, 'recover');
}

export function openInErp(formContext: Xrm.FormContext): Promise<void> {
  return openErpRecord(value<string>(formContext, O.erpOrderNumber), ErpPages.salesOrder);
}

/**
 * Submit to ERP for the orders selected in a grid (at most 50): every order is checked as the form command checks
 * it, those with a blocking problem are listed with their first problem and left as they are, one confirmation
 * sends the others (each Submitted, queued with its idempotency key and posted, as from the form). The command does
 * not wait for the ERP: the connector works through the queue within its request budget, and the grid shows each
 * order's submission status and ERP number as they come.
 */
export async function submitSelectedToErp(selectedIds: string[], grid?: { refresh?: () => void } | null): Promise<void> {
  const ids = [...new Set((selectedIds ?? []).map(normalizeId))];
  if (!ids.length) return;
  await once('salesorder:selection', async () => {
    try {
      if (ids.length > MAX_RECORDS_PER_RUN) {
        await alertDialog(t('Dialog.SubmitOrder.Title'), t('Error.TooManySelected', { count: ids.length, max: MAX_RECORDS_PER_RUN }));
        return;
      }
      if (!(await hasPrivileges(Privileges.createRequest, Privileges.writeOrder))) {
        await errorDialog(t('Error.NoPrivilege'));
        return;
      }
      // One order after the other: the checks read little, and the Web API is not flooded by a large selection.
      const checked = await withProgress(t('Progress.Checking'), async () => {
        const setup = submissionSetup();
        const out: Array<{ id: string; result: Checked }> = [];
        for (const id of ids) out.push({ id, result: await check(id, false, setup) });
        return out;
      });
      const ready = checked.filter((c) => !hasBlockingProblems(c.result.problems));
      const blocked = checked.filter((c) => hasBlockingProblems(c.result.problems));
      const blockedText = blocked.length
        ? [
            t('Dialog.SubmitSelected.Blocked'),
            ...blocked.map((c) => {
              const errors = c.result.problems.filter((p) => p.severity === 'error');
              const first = t('Dialog.SubmitSelected.Problem', { number: c.result.order.ordernumber ?? c.id, problem: problemText(errors[0]) });
              return errors.length > 1 ? `${first} ${t('Dialog.SubmitSelected.More', { count: errors.length - 1 })}` : first;
            }),
          ].join('\n')
        : '';
      if (!ready.length) {
        await alertDialog(t('Dialog.SubmitOrder.Title'), `${t('Dialog.SubmitSelected.None', { count: ids.length })}\n\n${blockedText}`);
        return;
      }
      const question = t('Dialog.SubmitSelected.Text', { ready: ready.length, count: ids.length });
      if (!(await confirmDialog(t('Dialog.SubmitOrder.Title'), blockedText ? `${question}\n\n${blockedText}` : question, t('Dialog.SubmitOrder.Confirm')))) return;
      let queued = 0;
      await withProgress(t('Progress.Submitting'), async () => {
        // An order another tab queued or that is in the ERP already counts as sent: it is on its way, once.
        for (const c of ready) if (await queueSubmission(c.id, c.result)) queued += 1;
      });
      grid?.refresh?.();
      await alertDialog(t('Dialog.Result.Title'), t('Result.SubmitSelected', { queued, failed: ready.length - queued }));
    } catch (error) {
      await reportError(error);
    }
  });
}

/** Grid enable rule: whoever may create requests and write orders (each order is checked when the command runs). */
export function canSubmitSelected(): Promise<boolean> {
  return hasPrivileges(Privileges.createRequest, Privileges.writeOrder);
}

// ---- Enable rules (may return a Promise: the command bar waits for it) ----

/** Saved, active, not on its way or in the ERP, and the user may create requests and write orders. */
export async function canSubmit(formContext: Xrm.FormContext): Promise<boolean> {
  if (!isSaved(formContext)) return false;
  const state = value<number>(formContext, 'statecode');
  const status = value<number>(formContext, O.submissionStatus);
  if (state !== SalesOrderState.active) return false;
  if (status === SubmissionStatus.queued || status === SubmissionStatus.inErp || status === SubmissionStatus.failed) return false;
  if (value<string>(formContext, O.erpOrderNumber)) return false;
  return hasPrivileges(Privileges.createRequest, Privileges.writeOrder);
}

/** After a failed submission only. */
export async function canRetry(formContext: Xrm.FormContext): Promise<boolean> {
  if (!isSaved(formContext)) return false;
  if (value<number>(formContext, O.submissionStatus) !== SubmissionStatus.failed) return false;
  if (value<string>(formContext, O.erpOrderNumber)) return false;
  return hasPrivileges(Privileges.createRequest, Privileges.writeOrder);
}

/** Marked submitted, not in the ERP, not failed, and no live submit request: nothing would ever send it. */
export async function canRecoverSubmission(formContext: Xrm.FormContext): Promise<boolean> {
  if (!isSaved(formContext)) return false;
  const state = { statecode: value<number>(formContext, 'statecode'), submissionStatus: value<number>(formContext, O.submissionStatus), erpNumber: value<string>(formContext, O.erpOrderNumber) };
  // Cheap checks first: most orders are not marked submitted, and those need no read.
  if (!needsRecovery(state, false)) return false;
  if (!(await hasPrivileges(Privileges.createRequest, Privileges.writeOrder))) return false;
  try {
    return needsRecovery(state, !!(await liveRequestOf(recordId(formContext))));
  } catch {
    return false;
  }
}

export async function canOpenInErp(formContext: Xrm.FormContext): Promise<boolean> {
  if (!value<string>(formContext, O.erpOrderNumber)) return false;
  return hasPrivileges(Privileges.readConnection);
}

