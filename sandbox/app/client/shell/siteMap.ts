/** The app's site map: the areas a Sales app shows, plus the ERP integration tables and the ERP console. */
import { Tables } from '../../../../domain/schema';
import type { StringKey } from '../i18n';

export interface SiteMapItem {
  id: string;
  entity?: string;
  /** Page text key when the item is not a table (the ERP console). */
  titleKey?: StringKey;
  /** An HTML web resource shown as a page (when the solution has it). */
  webResource?: string;
  /** Shown only to users holding this "verb:table" privilege (as a site map privilege does). */
  privilege?: string;
  icon: 'account' | 'contact' | 'product' | 'quote' | 'order' | 'invoice' | 'request' | 'sync' | 'coupling' | 'connection' | 'erp' | 'settings';
}

export interface SiteMapGroup {
  id: string;
  titleKey: StringKey;
  items: SiteMapItem[];
}

export const siteMap: SiteMapGroup[] = [
  { id: 'customers', titleKey: 'nav.group.customers', items: [{ id: 'accounts', entity: 'account', icon: 'account' }, { id: 'contacts', entity: 'contact', icon: 'contact' }] },
  {
    id: 'sales',
    titleKey: 'nav.group.sales',
    items: [
      { id: 'quotes', entity: 'quote', icon: 'quote' },
      { id: 'orders', entity: 'salesorder', icon: 'order' },
      { id: 'invoices', entity: 'invoice', icon: 'invoice' },
    ],
  },
  { id: 'collateral', titleKey: 'nav.group.collateral', items: [{ id: 'products', entity: 'product', icon: 'product' }] },
  {
    id: 'erp',
    titleKey: 'nav.group.erp',
    items: [
      { id: 'requests', entity: Tables.integrationRequest.logicalName, icon: 'request' },
      { id: 'syncjobs', entity: Tables.syncJob.logicalName, icon: 'sync' },
      { id: 'couplings', entity: Tables.coupling.logicalName, icon: 'coupling' },
      { id: 'connections', entity: Tables.connection.logicalName, icon: 'connection' },
    ],
  },
  { id: 'settings', titleKey: 'nav.group.settings', items: [{ id: 'erpsetup', titleKey: 'nav.erpSetup', webResource: 'erp_/html/setup.html', privilege: 'write:erp_connection', icon: 'settings' }] },
  { id: 'backoffice', titleKey: 'nav.group.backoffice', items: [{ id: 'erpconsole', titleKey: 'nav.erpConsole', icon: 'erp' }] },
];
