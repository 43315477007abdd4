/**
 * Where the connector reads what API v2.0 lacks, on a standard tenant only:
 *  - Microsoft's analytics API, /api/microsoft/analytics/v1.0: the read-only API queries of the Power BI Reports app
 *    (microsoft/BCApps src/Apps/W1/PowerBIReports/App/** /APIs/*.Query.al). Column names are the queries' own.
 *  - Standard pages an admin publishes on the Web Services page, served at …/ODataV4/Company('<name>')/<Service Name>;
 *    property names are the pages' field control names with BC's OData transformation ("Package Tracking No." →
 *    Package_Tracking_No). Each page is optional: when it is not published, the feature it feeds says so and
 *    everything else works.
 * docs/connector.md ("Business Central side") lists the same names for the admin.
 */
import { HttpError } from '../http/httpClient';
import type { BcApi } from './client';

export interface Feature {
  en: string;
  fr: string;
}

export interface AnalyticsQuery {
  entitySet: string;
  objectId: number;
  objectName: string;
  feature: Feature;
}

export interface PublishedPage {
  key: 'trackingNumbers' | 'salesPriceLists' | 'priceListLines' | 'customerPriceGroups' | 'customerLocations';
  objectId: number;
  objectName: string;
  serviceName: string;
  feature: Feature;
}

export const ANALYTICS_QUERIES: readonly AnalyticsQuery[] = [
  { entitySet: 'itemLedgerEntries', objectId: 36968, objectName: 'Item Ledger Entries - PBI API', feature: { en: 'Item Availability: stock on hand per location', fr: 'Disponibilité des articles : stock par magasin' } },
  { entitySet: 'outstandingSalesLines', objectId: 36975, objectName: 'Sales Lines - Outstanding', feature: { en: 'Item Availability: quantities reserved by open sales orders', fr: 'Disponibilité des articles : quantités réservées par les commandes ouvertes' } },
  { entitySet: 'outstandingPurchaseLines', objectId: 36973, objectName: 'Purchase Lines - Outstanding', feature: { en: 'Item Availability: incoming purchases and next receipt date', fr: 'Disponibilité des articles : achats attendus et prochaine date de réception' } },
  { entitySet: 'customerLedgerEntries', objectId: 36957, objectName: 'Customer Ledger Entries', feature: { en: 'Account Statistics: last payment and payment history', fr: 'Statistiques du compte : dernier paiement et historique des paiements' } },
  { entitySet: 'resources', objectId: 37070, objectName: 'Resources - PBI API', feature: { en: 'Synchronisation of resources (service products)', fr: 'Synchronisation des ressources (produits de type service)' } },
];

/** The pages and the Service Names docs/connector.md asks the admin to publish them under. */
export const PUBLISHED_PAGES: readonly PublishedPage[] = [
  { key: 'trackingNumbers', objectId: 142, objectName: 'Posted Sales Shipments', serviceName: 'PostedSalesShipments', feature: { en: 'Tracking numbers on shipment posts', fr: 'Numéros de suivi dans les publications d’expédition' } },
  { key: 'salesPriceLists', objectId: 7015, objectName: 'Sales Price Lists', serviceName: 'SalesPriceLists', feature: { en: 'Synchronisation of sales price lists', fr: 'Synchronisation des listes de prix de vente' } },
  { key: 'priceListLines', objectId: 7005, objectName: 'Price List Line Review', serviceName: 'PriceListLines', feature: { en: 'Synchronisation of price list lines (prices per product)', fr: 'Synchronisation des lignes de listes de prix (prix par produit)' } },
  { key: 'customerPriceGroups', objectId: 7, objectName: 'Customer Price Groups', serviceName: 'CustomerPriceGroups', feature: { en: 'Synchronisation of customer price groups', fr: 'Synchronisation des groupes de prix clients' } },
  { key: 'customerLocations', objectId: 22, objectName: 'Customer List', serviceName: 'CustomerList', feature: { en: 'ERP location of accounts, named on orders before submission', fr: 'Magasin ERP des comptes, nommé sur les commandes avant l’envoi' } },
];

export function publishedPage(key: PublishedPage['key']): PublishedPage {
  return PUBLISHED_PAGES.find((p) => p.key === key) as PublishedPage;
}

export interface SourceConfig {
  apiUrl: string;
  companyId: string;
  analyticsUrl: string | null;
  odataV4Url: string;
}

/** …/api/microsoft/analytics/v1.0/companies(<id>)/<entity set>, or null when no analytics URL is configured. */
export function analyticsUrl(c: SourceConfig, entitySet: string): string | null {
  return c.analyticsUrl ? `${c.analyticsUrl.replace(/\/+$/, '')}/companies(${c.companyId})/${entitySet}` : null;
}

const companyNames = new WeakMap<BcApi, Promise<string>>();

/** The company's name (the ODataV4 route names the company, case-sensitive), read once per client from API v2.0. */
export function companyName(bc: BcApi, c: SourceConfig): Promise<string> {
  let p = companyNames.get(bc);
  if (!p) {
    p = bc.getAbsolute<{ name?: string }>(`${c.apiUrl.replace(/\/+$/, '')}/companies(${c.companyId})?$select=name`).then((r) => String(r.name ?? ''));
    p.catch(() => companyNames.delete(bc));
    companyNames.set(bc, p);
  }
  return p;
}

/** …/ODataV4/Company('<name>')/<Service Name>. */
export async function publishedUrl(bc: BcApi, c: SourceConfig, serviceName: string): Promise<string> {
  const name = await companyName(bc, c);
  return `${c.odataV4Url.replace(/\/+$/, '')}/Company('${encodeURIComponent(name.replace(/'/g, "''"))}')/${serviceName}`;
}

/** A source that is not there (page not published, app not installed): 404, or 400 naming an unknown segment. */
export function isSourceMissing(e: unknown): boolean {
  return e instanceof HttpError && (e.status === 404 || (e.status === 400 && /not found|does not exist|segment|No HTTP resource/i.test(e.message)));
}

/** A source the connector's user may not read (a permission set missing in Business Central). */
export function isForbidden(e: unknown): boolean {
  return e instanceof HttpError && (e.status === 401 || e.status === 403);
}
