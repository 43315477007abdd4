/** Quote form script: tells when the quote is in the ERP. */
import { QuoteColumns } from '../../domain/schema';
import { setNotification, value } from '../lib/formState';
import { t } from '../lib/strings';

export const QUOTE_NOTIFICATION_ID = 'erp_quote_state';

export function onLoad(executionContext: Xrm.Events.EventContext): void {
  const formContext = executionContext.getFormContext();
  const number = value<string>(formContext, QuoteColumns.erpQuoteNumber);
  setNotification(formContext, QUOTE_NOTIFICATION_ID, number ? t('Notify.QuoteInErp', { number }) : null, 'INFO');
  const control = formContext.getControl(QuoteColumns.erpQuoteNumber) as Xrm.Controls.StandardControl | null;
  control?.setDisabled(true);
}
