/**
 * Following a queued request after the command has let the user go (issue 19): the command waits a few seconds
 * under its progress indicator, then the user works on and this keeps reading the request in the background with
 * a growing delay; when the answer lands, the form refreshes itself (formContext.data.refresh, which fires the
 * form's data OnLoad: the form script shows the ERP number or the failure), without the user reloading the page.
 */
import { normalizeId } from '../../domain/orderValidation';
import { refreshForm } from './report';
import { waitForRequest, type WaitOutcome } from './requests';

/** Background reads: a quick first look, then no more than one read every 30 s (well within the API limits). */
export const FOLLOW_DELAYS_MS: readonly number[] = [2000, 5000, 15_000, 30_000];
/** After this the form stops following; the next load shows the result as always. */
export const FOLLOW_LIMIT_SECONDS = 15 * 60;

const running = new Set<Promise<void>>();

/** Starts following `requestId`; `onEnd` runs before the form refreshes (e.g. to clear a notification). */
export function followRequest(formContext: Xrm.FormContext, recordId: string, requestId: string, onEnd?: (outcome: WaitOutcome) => void): void {
  const work = (async () => {
    const outcome = await waitForRequest(requestId, FOLLOW_LIMIT_SECONDS, undefined, { delays: FOLLOW_DELAYS_MS });
    // The user may have opened another record meanwhile (a throw here ends the follow-up quietly, too).
    if (normalizeId(formContext.data.entity.getId()) !== normalizeId(recordId)) return;
    onEnd?.(outcome);
    if (outcome.outcome === 'timeout' || outcome.outcome === 'unreachable') return;
    await refreshForm(formContext);
  })().catch(() => undefined);
  running.add(work);
  void work.finally(() => running.delete(work));
}

/** Resolves when every background follow-up has ended (tests, and a page that wants to wait before closing). */
export async function followsSettled(): Promise<void> {
  while (running.size) await Promise.all([...running]);
}
