/**
 * Sales order command bar: Submit to ERP, Retry submission, Open in ERP, and their enable rules.
 * Flow: privilege → check (shared rules, every problem at once; credit and stock warnings from the ERP figures) →
 * confirm → set Submitted + queue the request
 * (idempotent) → wait for the connector under progress → result, error with fix hint, or a form notification.
 */
import { hasBlockingProblems, normalizeId, validateOrderForSubmission, type OrderSnapshot, type Problem } from '../../domain/orderValidation';
import { orderSubmissionKey } from '../../domain/idempotency';
import { SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';
import { RequestKind, SalesOrderColumns as O, SubmissionStatus } from '../../domain/schema';
import { clock } from '../lib/clock';
import { erpWarnings, readConnection, readOrder, readOwnerCouplings, readSubmissionTimeoutSeconds, type ErpConnection } from '../lib/dataverse';
import { ErpPages } from '../lib/deepLink';
import { openErpRecord } from '../lib/openInErp';
import { alertDialog, confirmDialog, errorDialog, withProgress } from '../lib/dialogs';
import { MAX_RECORDS_PER_RUN } from '../lib/couplingTargets';
import { errorMessage, isNetworkError, isPrivilegeError } from '../lib/errors';
import { hasPrivileges, Privileges } from '../lib/privileges';
import { once, problemText, problemsText, refreshForm, reportError, reportOutcome, showProblems } from '../lib/report';
import { queueRequest, type Queued } from '../lib/requests';
import { t } from '../lib/strings';
import { postOnOrder } from '../lib/timelineWriter';
import { currentUser, isSaved, recordId, value } from '../lib/formState';
import { waitWithProgress } from '../lib/wait';

interface Checked {
  order: OrderSnapshot;
  connection: ErpConnection | null;
  problems: Problem[];
  timeoutSeconds: number;
}

/** What every order's check needs and a grid selection reads once: the connection and the wait limit. */
async function submissionSetup(): Promise<{ connection: ErpConnection | null; timeoutSeconds: number }> {
  const [connection, timeoutSeconds] = await Promise.all([readConnection().catch(() => null), readSubmissionTimeoutSeconds()]);
  return { connection, timeoutSeconds };
}

async function check(orderId: string, hasUnsavedChanges: boolean, setup: Promise<{ connection: ErpConnection | null; timeoutSeconds: number }> = submissionSetup()): Promise<Checked> {
  const [order, { connection, timeoutSeconds }] = await Promise.all([readOrder(orderId), setup]);
  // Credit and stock from the ERP figures in Dataverse: warnings the salesperson reads before confirming.
  const [couplings, warnings] = await Promise.all([readOwnerCouplings(order._owninguser_value).catch(() => ({})), erpWarnings(order, connection)]);
  const problems = [...validateOrderForSubmission(order, { connection, couplings, stage: 'client', hasUnsavedChanges }), ...warnings];
  return { order, connection, problems, timeoutSeconds };
}

/** Submitted first (the connector may read the order the moment the request exists), then the request. */
async function queueSubmission(orderId: string, checked: Checked): Promise<Queued | null> {
  const { order } = checked;
  const user = currentUser();
  const wasActive = order.statecode === SalesOrderState.active;
  if (wasActive) {
    try {
      await Xrm.WebApi.updateRecord('salesorder', orderId, {
        statecode: SalesOrderState.submitted,
        statuscode: SalesOrderStatus.inProgress,
        [O.submissionStatus]: SubmissionStatus.queued,
        [O.submittedOn]: new Date(clock.now()).toISOString(),
        [`${O.submittedBy}@odata.bind`]: `/systemusers(${user.id})`,
        [O.lastSubmissionError]: null,
      });
    } catch (error) {
      if (isPrivilegeError(error)) await errorDialog(t('Error.NoPrivilege'), errorMessage(error));
      else if (isNetworkError(error)) await errorDialog(t('Error.Network', { error: errorMessage(error) }), errorMessage(error));
      else await errorDialog(t('Error.StateNotUpdated', { error: errorMessage(error) }), errorMessage(error));
      return null;
    }
  }
  try {
    const queued = await queueRequest(orderSubmissionKey(order), {
      name: `Submit ${order.ordernumber ?? orderId}`,
      kind: RequestKind.submitOrder,
      targetTable: 'salesorder',
      targetId: orderId,
      payload: { ordernumber: order.ordernumber ?? null },
      connectionId: checked.connection?.erp_connectionid ?? null,
      requestedBy: user.id,
    });
    if (queued.how !== 'tracked') await postOnOrder(orderId, order._owninguser_value, { kind: 'submitted', by: user.name });
    return queued;
  } catch (error) {
    if (wasActive) {
      // Nothing is queued: put the order back as it was so the salesperson can submit again.
      await Xrm.WebApi.updateRecord('salesorder', orderId, {
        statecode: SalesOrderState.active,
        statuscode: order.statuscode === SalesOrderStatus.pending ? SalesOrderStatus.pending : SalesOrderStatus.new,
        [O.submissionStatus]: order.erp_submissionstatus ?? SubmissionStatus.notSubmitted,
      }).catch(() => undefined);
    }
    await reportError(error);
    return null;
  }
}

async function run(formContext: Xrm.FormContext, mode: 'submit' | 'retry'): Promise<void> {
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
      const question = t(mode === 'retry' ? 'Dialog.RetryOrder.Text' : 'Dialog.SubmitOrder.Text', { number: checked.order.ordernumber ?? '' });
      const notes = problemsText(checked.problems);
      if (!(await confirmDialog(t('Dialog.SubmitOrder.Title'), notes ? `${question}\n\n${notes}` : question, t('Dialog.SubmitOrder.Confirm')))) return;

      const queued = await withProgress(t('Progress.Submitting'), () => queueSubmission(orderId, checked));
      if (!queued) return;
      await refreshForm(formContext);
      const outcome = await waitWithProgress(queued.requestId, checked.timeoutSeconds);
      await reportOutcome(outcome, {
        success: (number) => t('Result.OrderInErp', { number }),
        requestId: queued.requestId,
        timeoutSeconds: checked.timeoutSeconds,
        formContext,
      });
      await refreshForm(formContext);
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

export async function canOpenInErp(formContext: Xrm.FormContext): Promise<boolean> {
  if (!value<string>(formContext, O.erpOrderNumber)) return false;
  return hasPrivileges(Privileges.readConnection);
}

