/** Bundle entry: ErpLink.Product.* — Refresh availability (form and grid), Open in ERP, form notification. */
import { ProductType } from '../../domain/dataverseCodes';
import { ProductColumns } from '../../domain/schema';
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
  return isSaved(formContext) && (await hasPrivileges(Privileges.createRequest));
}

export function canRefreshAvailabilityForSelected(): Promise<boolean> {
  return hasPrivileges(Privileges.createRequest);
}

export async function canOpenInErp(formContext: Xrm.FormContext): Promise<boolean> {
  return !!value<string>(formContext, ProductColumns.itemNumber) && (await hasPrivileges(Privileges.readConnection));
}

export function onLoad(executionContext: Xrm.Events.EventContext): void {
  const formContext = executionContext.getFormContext();
  const linked = !!value<string>(formContext, ProductColumns.itemNumber);
  setNotification(formContext, PRODUCT_NOTIFICATION_ID, isSaved(formContext) && !linked ? t('Notify.ProductNotLinked') : null, 'WARNING');
  (formContext.getControl(ProductColumns.itemNumber) as Xrm.Controls.StandardControl | null)?.setDisabled(true);
}

export const Product = { refreshAvailability, refreshAvailabilityForSelected, openInErp, canRefreshAvailability, canRefreshAvailabilityForSelected, canOpenInErp, onLoad };

register('Product', Product);
