/**
 * Bundle entry: ErpLink.Account.* — Update ERP statistics (form and grid), Open in ERP, the ERP coupling commands
 * (lib/couplingCommands.ts), form notification.
 */
import { AccountColumns } from '../../domain/schema';
import { couplingCommands } from '../lib/couplingCommands';
import { ErpPages } from '../lib/deepLink';
import { openErpRecord } from '../lib/openInErp';
import { isSaved, recordId, setNotification, value } from '../lib/formState';
import { hasPrivileges, Privileges } from '../lib/privileges';
import { refreshMany, refreshOne, type RefreshSpec } from '../lib/refresh';
import { t } from '../lib/strings';
import { register } from '../lib/namespace';

export const ACCOUNT_NOTIFICATION_ID = 'erp_account_link';

const statistics: RefreshSpec = {
  kind: 'refreshstatistics',
  table: 'account',
  title: 'Dialog.UpdateStatistics.Title',
  success: (account) => t('Result.StatisticsUpdated', { account }),
};

export function updateStatistics(formContext: Xrm.FormContext): Promise<void> {
  const number = value<string>(formContext, AccountColumns.customerNumber);
  const name = value<string>(formContext, 'name') ?? formContext.data.entity.getPrimaryAttributeValue();
  return refreshOne(statistics, formContext, recordId(formContext), name, !!number, t('Notify.AccountNotLinked'));
}

/** Grid: SelectedControlSelectedItemIds. */
export function updateStatisticsForSelected(selectedIds: string[]): Promise<void> {
  return refreshMany(statistics, selectedIds ?? []);
}

export function openInErp(formContext: Xrm.FormContext): Promise<void> {
  return openErpRecord(value<string>(formContext, AccountColumns.customerNumber), ErpPages.customer);
}

export async function canUpdateStatistics(formContext: Xrm.FormContext): Promise<boolean> {
  return isSaved(formContext) && (await hasPrivileges(Privileges.createRequest, Privileges.readStatistics));
}

export function canUpdateStatisticsForSelected(): Promise<boolean> {
  return hasPrivileges(Privileges.createRequest, Privileges.readStatistics);
}

export async function canOpenInErp(formContext: Xrm.FormContext): Promise<boolean> {
  return !!value<string>(formContext, AccountColumns.customerNumber) && (await hasPrivileges(Privileges.readConnection));
}

/** "Not linked" warning while the account has no ERP customer number (shown again after a coupling command). */
export function showLinkNotification(formContext: Xrm.FormContext): void {
  const linked = !!value<string>(formContext, AccountColumns.customerNumber);
  setNotification(formContext, ACCOUNT_NOTIFICATION_ID, isSaved(formContext) && !linked ? t('Notify.AccountNotLinked') : null, 'WARNING');
}

export function onLoad(executionContext: Xrm.Events.EventContext): void {
  const formContext = executionContext.getFormContext();
  showLinkNotification(formContext);
  (formContext.getControl(AccountColumns.customerNumber) as Xrm.Controls.StandardControl | null)?.setDisabled(true);
}

const coupling = couplingCommands({ table: 'account', afterChange: showLinkNotification });

export const Account = { updateStatistics, updateStatisticsForSelected, openInErp, canUpdateStatistics, canUpdateStatisticsForSelected, canOpenInErp, onLoad, ...coupling };

register('Account', Account);
