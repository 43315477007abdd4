/**
 * Standard pages an admin publishes on the Web Services page (Object Type Page, a Service Name, Published), served
 * like Business Central's OData V4 web services: GET …/ODataV4/Company('<company name>')/<Service Name>, read-only
 * here. Sources: Microsoft Learn "Publish a web service" (publish-web-service.md: the ODataV4 URL pattern, "the
 * company name is case-sensitive"), the pages' AL sources vendored in ./al (their field controls, in order, become
 * the entity's properties through alSource.odataName) and Learn's "Work with web services" module (primary key
 * fields are properties even when the page does not show them).
 *
 * Nothing is published in a new company: publishing is an admin action (/_admin/webServices, or the server option
 * publishedPages), so tests run with and without each page.
 */
import { createHash } from 'crypto';
import { BcError } from './errors';
import type { FieldDef } from './metadata';
import { EMPTY_DATE } from './metadata';
import { makeKinds, type Internal, type Resource, type ServerContext } from './resource';
import { odataName, pageControls } from './alSource';
import { balanceLcy } from './ledger';
import { encodeBcEnum } from '../../domain/bcEnums';
import type { State, WebServiceRow } from './state';

interface PageDef {
  objectId: number;
  objectName: string;
  file: string;
  /** Primary key fields of the source table (OData names), added when the page does not show them. */
  keys: Array<[string, string]>;
  /** AL types of the properties the stand-in fills; the others are Text with an empty value. */
  types: Record<string, string>;
  rows: (ctx: ServerContext) => Array<Record<string, unknown>>;
}

/** The Service Names docs/connector.md asks an admin to use (the Web Services page lets them choose any). */
export const STANDARD_SERVICE_NAMES: Record<number, string> = { 142: 'PostedSalesShipments', 7015: 'SalesPriceLists', 7005: 'PriceListLines', 7: 'CustomerPriceGroups', 22: 'CustomerList' };

const guidOf = (...parts: string[]): string => {
  const h = createHash('sha1').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

function priceGroupCodes(ctx: ServerContext): string[] {
  const codes = new Set<string>();
  for (const c of ctx.store.tables.customers) if (c.customerPriceGroupCode) codes.add(c.customerPriceGroupCode);
  for (const p of ctx.store.tables.priceLists) if (p.customerPriceGroupCode) codes.add(p.customerPriceGroupCode);
  return [...codes].sort();
}

const PAGES: PageDef[] = [
  {
    // Page 142 "Posted Sales Shipments" (SourceTable "Sales Shipment Header", sorted by Posting Date).
    objectId: 142, objectName: 'Posted Sales Shipments', file: 'PostedSalesShipments.Page.al', keys: [['No', 'Code[20]']],
    types: {
      No: 'Code[20]', Sell_to_Customer_No: 'Code[20]', Sell_to_Customer_Name: 'Text[100]', Posting_Date: 'Date', Currency_Code: 'Code[10]', Location_Code: 'Code[10]', No_Printed: 'Integer',
      Document_Date: 'Date', Requested_Delivery_Date: 'Date', Shipment_Method_Code: 'Code[10]', Shipping_Agent_Code: 'Code[10]', Shipping_Agent_Service_Code: 'Code[10]',
      Package_Tracking_No: 'Text[50]', Shipment_Date: 'Date', External_Document_No: 'Code[35]', Salesperson_Code: 'Code[20]', Ship_to_Name: 'Text[100]', Bill_to_Customer_No: 'Code[20]',
    },
    rows: (ctx) => {
      const names = new Map(ctx.store.tables.customers.map((c) => [c.number, c.displayName]));
      return [...ctx.store.tables.shipments]
        .sort((a, b) => a.postingDate.localeCompare(b.postingDate) || a.number.localeCompare(b.number))
        .map((s) => ({
          No: s.number, Sell_to_Customer_No: s.customerNumber, Sell_to_Customer_Name: names.get(s.customerNumber) ?? '', Bill_to_Customer_No: s.customerNumber, Posting_Date: s.postingDate,
          Currency_Code: s.currencyCode, Location_Code: s.lines.find((l) => l.locationCode)?.locationCode ?? '', Document_Date: s.documentDate || s.postingDate,
          Shipment_Method_Code: s.shipmentMethodCode, Shipping_Agent_Code: s.shippingAgentCode, Package_Tracking_No: s.packageTrackingNumber, Shipment_Date: s.postingDate,
          External_Document_No: s.externalDocumentNumber, Salesperson_Code: s.salesperson, Ship_to_Name: s.shipToName,
        }));
    },
  },
  {
    // Page 7015 "Sales Price Lists" (SourceTable "Price List Header" where Source Group = Customer, Price Type = Sale).
    objectId: 7015, objectName: 'Sales Price Lists', file: 'SalesPriceLists.Page.al', keys: [['Code', 'Code[20]']],
    types: { Code: 'Code[20]', Description: 'Text[250]', Status: 'Text[30]', Allow_Updating_Defaults: 'Boolean', Defines: 'Text[30]', Currency_Code: 'Code[10]', SourceGroup: 'Text[30]', SourceType: 'Text[30]', SourceNo: 'Code[20]', Starting_Date: 'Date', Ending_Date: 'Date' },
    rows: (ctx) =>
      ctx.store.tables.priceLists.map((p) => ({
        Code: p.code, Description: p.description, Status: 'Active', Allow_Updating_Defaults: false, Defines: 'Price', Currency_Code: p.currencyCode, SourceGroup: 'Customer',
        SourceType: p.customerPriceGroupCode ? 'Customer Price Group' : 'All Customers', SourceNo: p.customerPriceGroupCode ?? '', Starting_Date: p.startingDate || EMPTY_DATE, Ending_Date: EMPTY_DATE,
      })),
  },
  {
    // Page 7005 "Price List Line Review" (SourceTable "Price List Line", key Price List Code, Line No.).
    objectId: 7005, objectName: 'Price List Line Review', file: 'PriceListLineReview.Page.al', keys: [['Price_List_Code', 'Code[20]'], ['Line_No', 'Integer']],
    types: {
      Price_List_Code: 'Code[20]', PriceListDescription: 'Text[250]', Status: 'Text[30]', Source_Type: 'Text[30]', Source_No: 'Code[20]', Asset_Type: 'Text[30]', Asset_No: 'Code[20]',
      Description: 'Text[100]', Unit_of_Measure_Code: 'Code[10]', Minimum_Quantity: 'Decimal', Amount_Type: 'Text[30]', Currency_Code: 'Code[10]', Unit_Price: 'Decimal', Cost_Factor: 'Decimal',
      DirectUnitCost: 'Decimal', Unit_Cost: 'Decimal', Starting_Date: 'Date', Ending_Date: 'Date', Allow_Line_Disc: 'Boolean', Line_Discount_Percent: 'Decimal', PurchLineDiscountPct: 'Decimal',
      Allow_Invoice_Disc: 'Boolean', Line_No: 'Integer',
    },
    rows: (ctx) => {
      const items = new Map(ctx.store.tables.items.map((i) => [i.number, i.displayName]));
      return ctx.store.tables.priceLists.flatMap((p) =>
        p.lines.map((l, i) => ({
          Price_List_Code: p.code, Line_No: (i + 1) * 10000, PriceListDescription: p.description, Status: 'Active', Source_Type: p.customerPriceGroupCode ? 'Customer Price Group' : 'All Customers',
          Source_No: p.customerPriceGroupCode ?? '', Asset_Type: 'Item', Asset_No: l.itemNumber, Description: items.get(l.itemNumber) ?? '', Unit_of_Measure_Code: l.unitOfMeasureCode,
          Minimum_Quantity: l.minimumQuantity, Amount_Type: 'Price', Currency_Code: p.currencyCode, Unit_Price: l.unitPrice, Cost_Factor: 0, DirectUnitCost: 0, Unit_Cost: 0,
          Starting_Date: p.startingDate || EMPTY_DATE, Ending_Date: EMPTY_DATE, Allow_Line_Disc: true, Line_Discount_Percent: 0, PurchLineDiscountPct: 0, Allow_Invoice_Disc: true,
        })),
      );
    },
  },
  {
    // Page 7 "Customer Price Groups" (SourceTable "Customer Price Group", key Code).
    objectId: 7, objectName: 'Customer Price Groups', file: 'CustomerPriceGroups.Page.al', keys: [['Code', 'Code[10]']],
    types: { Code: 'Code[10]', Description: 'Text[100]', Price_Calculation_Method: 'Text[30]', Allow_Line_Disc: 'Boolean', Allow_Invoice_Disc: 'Boolean', Price_Includes_VAT: 'Boolean', VAT_Bus_Posting_Gr_Price: 'Code[20]', Coupled_to_Dataverse: 'Boolean' },
    rows: (ctx) =>
      priceGroupCodes(ctx).map((code) => ({
        Code: code, Description: code.charAt(0) + code.slice(1).toLowerCase(), Price_Calculation_Method: ' ', Allow_Line_Disc: true, Allow_Invoice_Disc: true, Price_Includes_VAT: false,
        VAT_Bus_Posting_Gr_Price: '', Coupled_to_Dataverse: false,
      })),
  },
  {
    // Page 22 "Customer List" (SourceTable Customer, key No.): the standard page that shows the customer card's
    // "Location Code" (API v2.0 customers has no such field). Its Location_Code is the customer's internal
    // locationCode, the one BC's GetLocation starts from (locationDefault.ts). Page 21 "Customer Card" shows it too
    // but is a Card of ~3,000 lines; the list is the smaller one and filters like any OData V4 entity set.
    // Enum values travel XML-encoded as on the other BC wires (the blank Blocked member as "_x0020_").
    objectId: 22, objectName: 'Customer List', file: 'CustomerList.Page.al', keys: [['No', 'Code[20]']],
    types: {
      No: 'Code[20]', Name: 'Text[100]', Name_2: 'Text[50]', Responsibility_Center: 'Code[10]', Location_Code: 'Code[10]', Post_Code: 'Code[20]', Country_Region_Code: 'Code[10]', Phone_No: 'Text[30]',
      Contact: 'Text[100]', Salesperson_Code: 'Code[20]', Customer_Price_Group: 'Code[10]', Payment_Terms_Code: 'Code[10]', Currency_Code: 'Code[10]', Language_Code: 'Code[10]',
      Search_Name: 'Code[100]', Credit_Limit_LCY: 'Decimal', Blocked: 'Text[30]', Privacy_Blocked: 'Boolean', Last_Date_Modified: 'Date', Allow_Multiple_Posting_Groups: 'Boolean',
      Combine_Shipments: 'Boolean', Balance_LCY: 'Decimal', Balance_Due_LCY: 'Decimal', Sales_LCY: 'Decimal', Payments_LCY: 'Decimal', Coupled_to_Dataverse: 'Boolean',
    },
    rows: (ctx) =>
      [...ctx.store.tables.customers]
        .sort((a, b) => a.number.localeCompare(b.number))
        .map((c) => ({
          No: c.number, Name: c.displayName, Location_Code: c.locationCode ?? '', Post_Code: c.postalCode, Country_Region_Code: c.country, Phone_No: c.phoneNumber,
          Salesperson_Code: c.salespersonCode, Customer_Price_Group: c.customerPriceGroupCode, Payment_Terms_Code: c.paymentTermsCode, Currency_Code: c.currencyCode, Language_Code: c.languageCode,
          Search_Name: c.displayName.toUpperCase(), Credit_Limit_LCY: c.creditLimit, Blocked: encodeBcEnum(c.blocked || ' '), Last_Date_Modified: c.lastModifiedDateTime.slice(0, 10),
          Combine_Shipments: true, Balance_LCY: balanceLcy(ctx.store, c.number),
        })),
  },
];

const emptyOf = (type: string): unknown => (type === 'Date' ? EMPTY_DATE : type === 'Boolean' ? false : type === 'Decimal' || type === 'Integer' ? 0 : '');

function pageResource(page: PageDef, serviceName: string): Resource {
  const names = pageControls(page.file).map(odataName);
  for (const [k] of page.keys) if (!names.includes(k)) names.push(k);
  const unknown = Object.keys(page.types).filter((n) => !names.includes(n));
  if (unknown.length) throw new Error(`page ${page.objectId}: ${unknown.join(', ')} is not a field of the page`);
  const fields: FieldDef[] = [...new Set(names)].map((name) => ({ name, type: page.types[name] ?? 'Text[250]', editable: false }));
  const keyOf = (row: Record<string, unknown>): string => page.keys.map(([k]) => String(row[k])).join('|');
  return {
    setName: serviceName, entityName: serviceName, tableName: page.objectName, fields, kinds: makeKinds(fields), keyKind: 'none', keyProperty: '', operations: ['GET'], changeTracking: false,
    list: (ctx) => page.rows(ctx).map((r) => ({ id: guidOf(String(page.objectId), keyOf(r)), ...r })) as Internal[],
    get: () => undefined,
    project: (_ctx, row) => Object.fromEntries(fields.map((f) => [f.name, row[f.name] ?? emptyOf(f.type)])),
  };
}

/** The published pages as entity sets by service name. */
export function publishedResources(state: State): Record<string, Resource> {
  const out: Record<string, Resource> = {};
  for (const ws of state.webServices) {
    if (!ws.published || ws.objectType !== 'Page') continue;
    const page = PAGES.find((p) => p.objectId === ws.objectId);
    if (page) out[ws.serviceName] = pageResource(page, ws.serviceName);
  }
  return out;
}

/** Publishes (or unpublishes) a page as an admin does on the Web Services page. */
export function publishPage(state: State, body: { objectId?: unknown; serviceName?: unknown; published?: unknown }): WebServiceRow {
  const objectId = Number(body.objectId);
  const page = PAGES.find((p) => p.objectId === objectId);
  if (!page) throw new BcError(400, 'BadRequest', `The stand-in models pages ${PAGES.map((p) => `${p.objectId} "${p.objectName}"`).join(', ')}; page ${String(body.objectId)} is not one of them.`);
  const serviceName = body.serviceName === undefined ? STANDARD_SERVICE_NAMES[objectId] : String(body.serviceName);
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,239}$/.test(serviceName)) throw new BcError(400, 'BadRequest', `"serviceName" must be letters, digits and underscores; got "${serviceName}".`);
  const published = body.published === undefined ? true : body.published === true;
  const clash = state.webServices.find((w) => w.serviceName.toLowerCase() === serviceName.toLowerCase() && !(w.objectType === 'Page' && w.objectId === objectId));
  if (clash) throw new BcError(400, 'BadRequest', `The service name "${serviceName}" is already used by ${clash.objectType} ${clash.objectId}.`);
  const row: WebServiceRow = { objectType: 'Page', objectId, serviceName, published };
  state.webServices = [...state.webServices.filter((w) => !(w.objectType === 'Page' && w.objectId === objectId)), row];
  return row;
}

/** Every modelled page under its standard service name (server option publishedPages: true). */
export function publishStandardPages(state: State, which: readonly number[] = PAGES.map((p) => p.objectId)): void {
  for (const objectId of which) publishPage(state, { objectId });
}
