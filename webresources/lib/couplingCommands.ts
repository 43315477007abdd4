/**
 * The "ERP coupling" commands of account, contact and product forms and grids, as Business Central's "Dynamics 365
 * Sales" action group: Couple with ERP record… (Set Up Coupling), Create in ERP, Uncouple (Delete Coupling),
 * Synchronize now… (which side wins) and, on grids, Create in Sales from ERP…. Searching, choosing and per-record
 * answers happen in the coupling dialog (erp_/html/coupling.html); Uncouple needs no choice, so it is a confirm.
 * Every command refreshes what it changed when it ends: the form (fields, notification, commands) or the grid.
 */
import { clock } from './clock';
import { readConnection, readCouplingState, readSubmissionDialogSeconds, type CouplingState } from './dataverse';
import { alertDialog, confirmDialog, errorDialog, withProgress } from './dialogs';
import { currentUser, isSaved, recordId, value } from './formState';
import { hasPrivileges, Privileges } from './privileges';
import { once, refreshForm, reportError, reportOutcome } from './report';
import { queueCoupling } from './couplingRequests';
import { couplingTargets, MAX_RECORDS_PER_RUN, type CouplingTable } from './couplingTargets';
import { t } from './strings';
import { waitOrFollow } from './follow';

export const COUPLING_PAGE = 'erp_/html/coupling.html';

export type DialogMode = 'couple' | 'createInErp' | 'createInSales' | 'syncNow';

/** What the dialog receives (navigateTo `data`, JSON): the page validates it again. */
export interface CouplingDialogInput {
  mode: DialogMode;
  table: CouplingTable;
  /** The Sales records (none for Create in Sales). */
  ids: string[];
  /** The record's name when opened from a form; the page reads the names of a grid selection itself. */
  name?: string;
}

export async function openCouplingDialog(input: CouplingDialogInput): Promise<void> {
  await Xrm.Navigation.navigateTo(
    { pageType: 'webresource', webresourceName: COUPLING_PAGE, data: JSON.stringify(input) },
    { target: 2, position: 1, width: { value: 640, unit: 'px' }, height: { value: 600, unit: 'px' }, title: t('Dialog.Coupling.Title') },
  );
}

/** Commands may only refresh what the grid offers (GridControl.refresh, with SelectedControl). */
type GridLike = { refresh?: () => void } | null | undefined;

export interface CouplingSpec {
  table: CouplingTable;
  /** Extra condition for Create in ERP (a Services product comes from the ERP only). */
  canCreateInErp?: (formContext: Xrm.FormContext) => boolean;
  /** Called after the record's coupling may have changed (form notification). */
  afterChange?: (formContext: Xrm.FormContext) => void;
}

const STATE_TTL_MS = 15_000;
const stateCache = new Map<string, { at: number; state: Promise<CouplingState> }>();

/** Tests and commands that changed a coupling start from the server again. */
export function forgetCouplingStates(): void {
  stateCache.clear();
}

function recordName(formContext: Xrm.FormContext, table: CouplingTable): string {
  return value<string>(formContext, couplingTargets[table].primaryName) ?? formContext.data.entity.getPrimaryAttributeValue() ?? '';
}

/**
 * Coupled or not: the ERP number column on accounts and products (what the connector writes when it couples);
 * contacts have none, so their erp_coupling row is read (cached briefly: enable rules run often).
 */
export function couplingState(formContext: Xrm.FormContext, table: CouplingTable): Promise<CouplingState> {
  const column = couplingTargets[table].numberColumn;
  if (column) {
    const number = value<string>(formContext, column);
    return Promise.resolve({ coupled: !!number, erpNumber: number || null });
  }
  const id = recordId(formContext);
  const cached = stateCache.get(`${table}:${id}`);
  if (cached && clock.now() - cached.at < STATE_TTL_MS) return cached.state;
  const state = readCouplingState(table, id);
  stateCache.set(`${table}:${id}`, { at: clock.now(), state });
  state.catch(() => stateCache.delete(`${table}:${id}`));
  return state;
}

async function safeState(formContext: Xrm.FormContext, table: CouplingTable): Promise<CouplingState | null> {
  try {
    return await couplingState(formContext, table);
  } catch {
    // Unknown (no read access to couplings, offline): offer neither side's commands rather than a wrong one.
    return null;
  }
}

export function couplingCommands(spec: CouplingSpec) {
  const { table } = spec;

  /** After the form's data was refreshed: the coupling notification and the commands follow the new state. */
  const settle = (formContext: Xrm.FormContext): void => {
    forgetCouplingStates();
    spec.afterChange?.(formContext);
    formContext.ui.refreshRibbon?.();
  };

  const afterChange = async (formContext: Xrm.FormContext): Promise<void> => {
    await refreshForm(formContext);
    settle(formContext);
  };

  const mayRequest = async (): Promise<boolean> => {
    if (await hasPrivileges(Privileges.createRequest, Privileges.writeCoupling)) return true;
    await errorDialog(t('Error.NoCouplingPrivilege'));
    return false;
  };

  const fromForm = (mode: 'couple' | 'createInErp' | 'syncNow') => async (formContext: Xrm.FormContext): Promise<void> => {
    const id = recordId(formContext);
    await once(`${mode}:${table}:${id}`, async () => {
      try {
        if (!(await mayRequest())) return;
        if (formContext.data.entity.getIsDirty()) {
          await alertDialog(t('Dialog.Coupling.Title'), t('Error.SaveFirst'));
          return;
        }
        await openCouplingDialog({ mode, table, ids: [id], name: recordName(formContext, table) });
        await afterChange(formContext);
      } catch (error) {
        await reportError(error);
      }
    });
  };

  const fromGrid = (mode: 'createInErp' | 'syncNow') => async (selectedIds: string[], grid?: GridLike): Promise<void> => {
    try {
      const ids = selectedIds ?? [];
      if (!(await mayRequest()) || ids.length === 0) return;
      if (ids.length > MAX_RECORDS_PER_RUN) {
        await alertDialog(t('Dialog.Coupling.Title'), t('Error.TooManySelected', { count: ids.length, max: MAX_RECORDS_PER_RUN }));
        return;
      }
      await openCouplingDialog({ mode, table, ids: ids.map((id) => id.replace(/[{}]/g, '').toLowerCase()) });
      forgetCouplingStates();
      grid?.refresh?.();
    } catch (error) {
      await reportError(error);
    }
  };

  const uncouple = async (formContext: Xrm.FormContext): Promise<void> => {
    const id = recordId(formContext);
    await once(`uncouple:${table}:${id}`, async () => {
      try {
        if (!(await mayRequest())) return;
        const name = recordName(formContext, table);
        const state = await couplingState(formContext, table);
        if (!state.coupled) {
          await alertDialog(t('Dialog.Uncouple.Title'), t('Error.NotCoupled'));
          return;
        }
        const number = state.erpNumber ?? '';
        if (!(await confirmDialog(t('Dialog.Uncouple.Title'), t('Dialog.Uncouple.Text', { name, number }), t('Dialog.Uncouple.Confirm')))) return;
        const { queued, dialogSeconds } = await withProgress(t('Progress.Requesting'), async () => {
          const [connection, seconds] = await Promise.all([readConnection().catch(() => null), readSubmissionDialogSeconds()]);
          const q = await queueCoupling({ operation: 'uncouple' }, { table, id }, { connectionId: connection?.erp_connectionid ?? null, requestedBy: currentUser().id });
          return { queued: q, dialogSeconds: seconds };
        });
        const notice = { title: t('Dialog.Uncouple.Title'), text: t('Result.UncoupleQueued', { name }) };
        const outcome = await waitOrFollow(formContext, id, queued.requestId, dialogSeconds, notice, () => settle(formContext));
        if (!outcome) return;
        // The form first, then the dialog: it never shows the old coupling behind the result (issue 19, finding 4).
        if (outcome.outcome === 'succeeded') await afterChange(formContext);
        await reportOutcome(outcome, { success: () => t('Result.Uncoupled', { name, number }), requestId: queued.requestId });
      } catch (error) {
        await reportError(error);
      }
    });
  };

  const createInSalesFromErp = async (grid?: GridLike): Promise<void> => {
    try {
      if (!(await mayRequest())) return;
      await openCouplingDialog({ mode: 'createInSales', table, ids: [] });
      grid?.refresh?.();
    } catch (error) {
      await reportError(error);
    }
  };

  const whenCoupled = (wanted: boolean, extra?: (fc: Xrm.FormContext) => boolean) => async (formContext: Xrm.FormContext): Promise<boolean> => {
    if (!isSaved(formContext) || (extra && !extra(formContext)) || !(await hasPrivileges(Privileges.createRequest, Privileges.writeCoupling))) return false;
    const state = await safeState(formContext, table);
    return state !== null && state.coupled === wanted;
  };

  return {
    coupleWithErp: fromForm('couple'),
    createInErp: fromForm('createInErp'),
    synchronizeNow: fromForm('syncNow'),
    uncouple,
    createInErpForSelected: fromGrid('createInErp'),
    synchronizeNowForSelected: fromGrid('syncNow'),
    createInSalesFromErp,
    canCoupleWithErp: whenCoupled(false),
    canCreateInErp: whenCoupled(false, spec.canCreateInErp),
    canUncouple: whenCoupled(true),
    canSynchronizeNow: whenCoupled(true),
    canRunCouplingForSelected: () => hasPrivileges(Privileges.createRequest, Privileges.writeCoupling),
    canCreateInSalesFromErp: () => hasPrivileges(Privileges.createRequest, Privileges.writeCoupling),
  };
}
