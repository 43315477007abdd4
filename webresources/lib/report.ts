/** How problems, outcomes and errors reach the user: one place, so every command says things the same way. */
import type { Problem } from '../../domain/orderValidation';
import { alertDialog, errorDialog } from './dialogs';
import { errorMessage, isNetworkError, isPrivilegeError } from './errors';
import { t } from './strings';
import type { WaitOutcome } from './requests';
import type { MessageKey } from '../../domain/messages/en';

const severityRank = { error: 0, warning: 1, info: 2 } as const;

/** One problem's text in the user's language. */
export function problemText(p: Problem): string {
  return t(p.code as MessageKey, p.params);
}

/** Blocking problems numbered, then what to know (warnings, infos) as bullets. */
export function problemsText(problems: readonly Problem[]): string {
  const sorted = [...problems].sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
  const errors = sorted.filter((p) => p.severity === 'error');
  const notes = sorted.filter((p) => p.severity !== 'error');
  const parts: string[] = [];
  if (errors.length) parts.push([t('Dialog.Problems.Intro', { count: errors.length }), ...errors.map((p, i) => `${i + 1}. ${problemText(p)}`)].join('\n'));
  if (notes.length) parts.push([t('Dialog.Warnings.Intro'), ...notes.map((p) => `• ${problemText(p)}`)].join('\n'));
  return parts.join('\n\n');
}

export async function showProblems(problems: readonly Problem[]): Promise<void> {
  await alertDialog(t('Dialog.Problems.Title'), problemsText(problems));
}

/** Any error thrown by a Web API call or our code, worded by what the user can do about it. */
export async function reportError(error: unknown): Promise<void> {
  const message = errorMessage(error);
  if (isPrivilegeError(error)) await errorDialog(t('Error.NoPrivilege'), message);
  else if (isNetworkError(error)) await errorDialog(t('Error.Network', { error: message }), message);
  else await errorDialog(t('Error.Unexpected', { error: message }), message);
}

export const WAIT_NOTIFICATION_ID = 'erp_request_wait';

/** An answer the connector gave (a wait that ran out is followed in the background instead: lib/follow.ts). */
export type Answer = Extract<WaitOutcome, { outcome: 'succeeded' | 'failed' | 'cancelled' }>;

/** The end of a wait: success → result dialog; failure → error dialog with the connector's error and fix hint. */
export async function reportOutcome(outcome: Answer, opts: { success: (documentNumber: string) => string; requestId: string }): Promise<void> {
  if (outcome.outcome === 'succeeded') {
    await alertDialog(t('Dialog.Result.Title'), opts.success(outcome.row.erp_erpdocumentnumber ?? ''));
    return;
  }
  const error = outcome.row.erp_lasterror || outcome.outcome;
  const lines = [t('Error.RequestFailed', { error })];
  if (outcome.row.erp_fixhint) lines.push(t('Error.FixHint', { hint: outcome.row.erp_fixhint }));
  await errorDialog(lines.join('\n'), t('Dialog.ErrorDetails', { details: `${opts.requestId}: ${error}` }));
}

/** Reload the form's data so fields, notifications and controls show what the connector wrote. */
export async function refreshForm(formContext: Xrm.FormContext): Promise<void> {
  try {
    await formContext.data.refresh(false);
  } catch {
    // A refresh failure leaves stale data on screen, nothing worse; the next load shows the truth.
  }
}

/** Runs a handler once per record at a time: a double click while it runs is ignored (the key guards the rest). */
const running = new Set<string>();
export async function once(key: string, work: () => Promise<void>): Promise<void> {
  if (running.has(key)) return;
  running.add(key);
  try {
    await work();
  } finally {
    running.delete(key);
  }
}
