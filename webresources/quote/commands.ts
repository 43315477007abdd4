/** Quote command bar: Process in ERP (activated or won quotes), Open in ERP. Same flow as orders, no state change. */
import { hasBlockingProblems, validateQuoteForProcessing } from '../../domain/orderValidation';
import { quoteProcessingKey } from '../../domain/idempotency';
import { QuoteState } from '../../domain/dataverseCodes';
import { QuoteColumns, RequestKind } from '../../domain/schema';
import { erpWarnings, readConnection, readOwnerCouplings, readQuote, readSubmissionDialogSeconds } from '../lib/dataverse';
import { ErpPages } from '../lib/deepLink';
import { openErpRecord } from '../lib/openInErp';
import { confirmDialog, errorDialog, withProgress } from '../lib/dialogs';
import { currentUser, isSaved, recordId, value } from '../lib/formState';
import { hasPrivileges, Privileges } from '../lib/privileges';
import { once, problemsText, refreshForm, reportError, reportOutcome, showProblems } from '../lib/report';
import { queueRequest } from '../lib/requests';
import { t } from '../lib/strings';
import { waitOrFollow } from '../lib/follow';

export async function processInErp(formContext: Xrm.FormContext): Promise<void> {
  const quoteId = recordId(formContext);
  await once(`quote:${quoteId}`, async () => {
    try {
      if (!(await hasPrivileges(Privileges.createRequest, Privileges.writeQuote))) {
        await errorDialog(t('Error.NoPrivilege'));
        return;
      }
      const checked = await withProgress(t('Progress.Checking'), async () => {
        const [quote, connection, dialogSeconds] = await Promise.all([readQuote(quoteId), readConnection().catch(() => null), readSubmissionDialogSeconds()]);
        const [couplings, warnings] = await Promise.all([readOwnerCouplings(quote._owninguser_value).catch(() => ({})), erpWarnings(quote, connection)]);
        // Stock from the ERP figures in Dataverse: what the ERP could ship if the quote is won.
        const problems = [...validateQuoteForProcessing(quote, { connection, couplings, stage: 'client', hasUnsavedChanges: formContext.data.entity.getIsDirty() }), ...warnings];
        return { quote, connection, dialogSeconds, problems };
      });
      if (hasBlockingProblems(checked.problems)) {
        await showProblems(checked.problems);
        return;
      }
      const { quote, connection, dialogSeconds } = checked;
      const number = quote.quotenumber ?? '';
      const title = t('Dialog.ProcessQuote.Title');
      const question = t('Dialog.ProcessQuote.Text', { number });
      const notes = problemsText(checked.problems);
      if (!(await confirmDialog(title, notes ? `${question}\n\n${notes}` : question, t('Dialog.ProcessQuote.Confirm')))) return;
      const { requestId } = await withProgress(t('Progress.Submitting'), () =>
        queueRequest(quoteProcessingKey(quote), {
          name: `Process ${quote.quotenumber ?? quoteId}`,
          kind: RequestKind.processQuote,
          targetTable: 'quote',
          targetId: quoteId,
          payload: { quotenumber: quote.quotenumber ?? null, revisionnumber: quote.revisionnumber ?? 0 },
          connectionId: connection?.erp_connectionid ?? null,
          requestedBy: currentUser().id,
        }),
      );
      const outcome = await waitOrFollow(formContext, quoteId, requestId, dialogSeconds, { title, text: t('Result.QuoteQueued', { number }) });
      if (!outcome) return;
      // The form first, then the dialog: it never says the old state behind the result (issue 19, finding 4).
      await refreshForm(formContext);
      await reportOutcome(outcome, { success: (erpNumber) => t('Result.QuoteInErp', { number: erpNumber }), requestId });
    } catch (error) {
      await reportError(error);
    }
  });
}

export function openInErp(formContext: Xrm.FormContext): Promise<void> {
  return openErpRecord(value<string>(formContext, QuoteColumns.erpQuoteNumber), ErpPages.salesQuote);
}

/** Activated (or won) saved quotes, for users who may create requests and write the quote (as for orders). */
export async function canProcess(formContext: Xrm.FormContext): Promise<boolean> {
  if (!isSaved(formContext)) return false;
  const state = value<number>(formContext, 'statecode');
  if (state !== QuoteState.active && state !== QuoteState.won) return false;
  return hasPrivileges(Privileges.createRequest, Privileges.writeQuote);
}

export async function canOpenInErp(formContext: Xrm.FormContext): Promise<boolean> {
  if (!value<string>(formContext, QuoteColumns.erpQuoteNumber)) return false;
  return hasPrivileges(Privileges.readConnection);
}
