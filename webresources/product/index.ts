/**
 * Bundle entry: ErpLink.Product.* — Refresh availability (form and grid), Open in ERP, the ERP coupling commands
 * (lib/couplingCommands.ts), form notification.
 */
import { ProductType } from '../../domain/dataverseCodes';
import { ProductColumns } from '../../domain/schema';
import { couplingCommands } from '../lib/couplingCommands';
import { ErpPages } from '../lib/deepLink';
import { openErpRecord } from '../lib/openInErp';
import { isSaved, recordId, setNotification, value } from '../lib/formState';
import { hasPrivileges, Privileges } from '../lib/privileges';
import { refreshMany, refreshOne, type RefreshSpec } from '../lib/refresh';
import { t } from '../lib/strings';
import { register } from '../lib/namespace';

export const PRODUCT_NOTIFICATION_ID = 'erp_product_link';

const availability: RefreshSpec = {
  kind: 'refreshavailability',
  table: 'product',
  title: 'Dialog.RefreshAvailability.Title',
  success: (product) => t('Result.AvailabilityRefreshed', { product }),
};

export function refreshAvailability(formContext: Xrm.FormContext): Promise<void> {
  const number = value<string>(formContext, ProductColumns.itemNumber);
  const name = value<string>(formContext, 'name') ?? formContext.data.entity.getPrimaryAttributeValue();
  return refreshOne(availability, formContext, recordId(formContext), name, !!number, t('Notify.ProductNotLinked'));
}

export function refreshAvailabilityForSelected(selectedIds: string[]): Promise<void> {
  return refreshMany(availability, selectedIds ?? []);
}

export function openInErp(formContext: Xrm.FormContext): Promise<void> {
  const page = value<number>(formContext, 'producttypecode') === ProductType.services ? ErpPages.resource : ErpPages.item;
  return openErpRecord(value<string>(formContext, ProductColumns.itemNumber), page);
}

export async function canRefreshAvailability(formContext: Xrm.FormContext): Promise<boolean> {
  return isSaved(formContext) && (await hasPrivileges(Privileges.createRequest, Privileges.readAvailability));
}

export function canRefreshAvailabilityForSelected(): Promise<boolean> {
  return hasPrivileges(Privileges.createRequest, Privileges.readAvailability);
}

export async function canOpenInErp(formContext: Xrm.FormContext): Promise<boolean> {
  return !!value<string>(formContext, ProductColumns.itemNumber) && (await hasPrivileges(Privileges.readConnection));
}

/** "Not linked" warning while the product has no ERP item number (shown again after a coupling command). */
export function showLinkNotification(formContext: Xrm.FormContext): void {
  const linked = !!value<string>(formContext, ProductColumns.itemNumber);
  setNotification(formContext, PRODUCT_NOTIFICATION_ID, isSaved(formContext) && !linked ? t('Notify.ProductNotLinked') : null, 'WARNING');
}

export function onLoad(executionContext: Xrm.Events.EventContext): void {
  const formContext = executionContext.getFormContext();
  showLinkNotification(formContext);
  (formContext.getControl(ProductColumns.itemNumber) as Xrm.Controls.StandardControl | null)?.setDisabled(true);
}

// Services products are ERP resources, which only come from the ERP (RESOURCE-PRODUCT runs ERP → Sales).
const coupling = couplingCommands({ table: 'product', afterChange: showLinkNotification, canCreateInErp: (fc) => value<number>(fc, 'producttypecode') !== ProductType.services });

export const Product = { refreshAvailability, refreshAvailabilityForSelected, openInErp, canRefreshAvailability, canRefreshAvailabilityForSelected, canOpenInErp, onLoad, ...coupling };

register('Product', Product);
