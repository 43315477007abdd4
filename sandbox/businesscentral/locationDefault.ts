/**
 * Which location a sales document and its new item lines take when the caller names none, as Business Central
 * decides it (microsoft/BCApps, src/Layers/W1/BaseApp):
 *
 * - Sales/Document/SalesHeader.Table.al, CopySellToCustomerAddressFieldsFromCustomer (validation of "Sell-to
 *   Customer No."): `"Responsibility Center" := UserSetupMgt.GetRespCenter(0, SellToCustomer."Responsibility Center")`
 *   then `UpdateLocationCode(SellToCustomer."Location Code")`, which is
 *   `Validate("Location Code", UserSetupMgt.GetLocation(0, LocationCode, "Responsibility Center"))`.
 * - System/User/UserSetupManagement.Codeunit.al (codeunit 5700), GetLocation: the customer's location when set;
 *   otherwise UserLocation, which GetSalesFilter starts from `CompanyInfo."Location Code"` and which the
 *   responsibility center's "Location Code" replaces when that center (the user's "Sales Resp. Ctr. Filter", else
 *   the document's) has one.
 * - Sales/Document/SalesLine.Table.al, "No." OnValidate → InitHeaderDefaults → InitHeaderLocactionCode:
 *   `"Location Code" := SalesHeader."Location Code"`; an explicit Location Code validated afterwards replaces it
 *   (the API page sets locationId after the item).
 *
 * The stand-in has no responsibility centers nor user setup: customer card, else Company Information. API v2.0
 * shows neither the customer's nor the header's location (bc-api-v2.json: "no header locationCode; location is set
 * per line via locationId"): only the lines' locationId shows the outcome.
 */
import type { CustomerRow, SalesDocRow } from './state';
import type { Store } from './store';

/** GetLocation(Sales, Customer."Location Code", resp. center): the customer's, else the company's ('' = none). */
export function locationFor(customerLocation: string | undefined, companyLocation: string | undefined): string {
  return customerLocation || companyLocation || '';
}

/** The location of a document whose customer is `customer` in this company. */
export function documentLocation(store: Store, customer: CustomerRow): string {
  return locationFor(customer.locationCode, store.state.company.companyInfo.locationCode);
}

/** InitHeaderLocactionCode: the location a new line of this document starts with. */
export function newLineLocation(doc: SalesDocRow): string {
  return doc.locationCode ?? '';
}
