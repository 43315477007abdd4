/**
 * "Update ERP statistics" (account) and "Refresh availability" (product): queue a refresh request (one per record
 * per minute: a double click or a second tab joins the first) and wait a few seconds for it, else follow it. A refresh changes no business data,
 * so there is no confirmation; from a grid, the requests are queued and the user is told how many.
 */
import { refreshKey } from '../../domain/idempotency';
import { RequestKind } from '../../domain/schema';
import { clock } from './clock';
import { readConnection, readSubmissionDialogSeconds } from './dataverse';
import { alertDialog, errorDialog, withProgress } from './dialogs';
import { currentUser } from './formState';
import { hasPrivileges, Privileges } from './privileges';
import { once, refreshForm, reportError, reportOutcome } from './report';
import { queueRequest, type WaitOutcome } from './requests';
import { announceRefreshed } from './refreshSignal';
import { t } from './strings';
import { waitOrFollow } from './follow';
import type { MessageKey } from '../../domain/messages/en';

export interface RefreshSpec {
  kind: 'refreshstatistics' | 'refreshavailability';
  table: 'account' | 'product';
  title: MessageKey;
  success: (name: string) => string;
}

function request(spec: RefreshSpec, id: string, connectionId: string | null) {
  return queueRequest(refreshKey(spec.kind, id, new Date(clock.now())), {
    name: `${spec.kind === 'refreshstatistics' ? 'Statistics' : 'Availability'} ${id}`,
    kind: spec.kind === 'refreshstatistics' ? RequestKind.refreshStatistics : RequestKind.refreshAvailability,
    targetTable: spec.table,
    targetId: id,
    connectionId,
    requestedBy: currentUser().id,
  });
}

export async function refreshOne(spec: RefreshSpec, formContext: Xrm.FormContext, id: string, name: string, linked: boolean, notLinkedText: string): Promise<void> {
  await once(`${spec.kind}:${id}`, async () => {
    try {
      if (!(await hasPrivileges(Privileges.createRequest))) {
        await errorDialog(t('Error.NoPrivilege'));
        return;
      }
      if (!linked) {
        await alertDialog(t(spec.title), notLinkedText);
        return;
      }
      const { queued, dialogSeconds } = await withProgress(t('Progress.Requesting'), async () => {
        const [connection, seconds] = await Promise.all([readConnection().catch(() => null), readSubmissionDialogSeconds()]);
        return { queued: await request(spec, id, connection?.erp_connectionid ?? null), dialogSeconds: seconds };
      });
      // No answer within the dialog seconds: the user works on; the controls reload when the figures land.
      const landed = (end: WaitOutcome) => end.outcome === 'succeeded' && announceRefreshed(spec.table, id);
      const outcome = await waitOrFollow(formContext, id, queued.requestId, dialogSeconds, { title: t(spec.title), text: t('Result.RefreshQueued') }, landed);
      if (!outcome) return;
      // The controls and the form reload before the answer shows, so the dialog never sits over stale figures
      // (issue 19, findings 3 and 4).
      if (outcome.outcome === 'succeeded') {
        announceRefreshed(spec.table, id);
        await refreshForm(formContext);
      }
      await reportOutcome(outcome, { success: () => spec.success(name), requestId: queued.requestId });
    } catch (error) {
      await reportError(error);
    }
  });
}

/** Grid command: one request per selected record, no waiting. */
export async function refreshMany(spec: RefreshSpec, ids: string[]): Promise<void> {
  try {
    if (!(await hasPrivileges(Privileges.createRequest))) {
      await errorDialog(t('Error.NoPrivilege'));
      return;
    }
    if (ids.length === 0) return;
    await withProgress(t('Progress.Requesting'), async () => {
      const connection = await readConnection().catch(() => null);
      for (const id of ids) await request(spec, id, connection?.erp_connectionid ?? null);
    });
    await alertDialog(t(spec.title), t('Result.RefreshQueuedMany', { count: ids.length }));
  } catch (error) {
    await reportError(error);
  }
}
