/**
 * Shape of the demo company. Plain data (JSON-serialisable), shared by the Business Central stand-in
 * (which serves it through API v2.0) and the Dataverse stand-in (which maps it to accounts, products,
 * system users...). Field names follow Business Central API v2.0 where an API field exists; extra fields
 * the API does not expose (location of a ledger entry, price lists, resources, purchase lines) follow the
 * Business Central table field names in camelCase.
 */

export type Iso = string; // ISO date 'YYYY-MM-DD'
export type IsoDateTime = string; // ISO date-time 'YYYY-MM-DDTHH:mm:ss.sssZ'

export type ItemType = 'Inventory' | 'Service' | 'Non-Inventory';
export type CustomerBlocked = ' ' | 'Ship' | 'Invoice' | 'All';
/** Business Central language codes used on customers and salespeople. */
export type LanguageCode = 'FRA' | 'ENU';

export interface SeedCompany {
  id: string;
  name: string;
  displayName: string;
  /** Local currency (LCY). Business Central stores blank for LCY on customers/documents; the API returns this code. */
  localCurrencyCode: 'EUR';
  addressLine1: string;
  city: string;
  postalCode: string;
  country: string;
  phoneNumber: string;
  email: string;
  website: string;
  taxRegistrationNumber: string;
  emailDomain: string;
  /**
   * Company Information "Location Code": the location of a sales document whose customer has none (and no
   * responsibility center gives one). BCApps codeunit 5700 "User Setup Management".GetSalesFilter/GetLocation.
   */
  locationCode: string;
}

export interface SeedCurrency {
  id: string;
  code: string;
  displayName: string;
  displayNameFr: string;
  symbol: string;
  amountDecimalPlaces: string;
  amountRoundingPrecision: number;
  /** Units of this currency for 1 EUR (1 for EUR). */
  exchangeRate: number;
}

export interface SeedUnitOfMeasure {
  id: string;
  code: string;
  displayName: string;
  displayNameFr: string;
  internationalStandardCode: string;
  symbol: string;
}

export interface SeedPaymentTerm {
  id: string;
  code: string;
  displayName: string;
  displayNameFr: string;
  dueDateCalculation: string;
  discountDateCalculation: string;
  discountPercent: number;
  calculateDiscountOnCreditMemos: boolean;
  /** Days added to the document date to get the due date (derived from dueDateCalculation). */
  dueDays: number;
}

export interface SeedShipmentMethod {
  id: string;
  code: string;
  displayName: string;
  displayNameFr: string;
}

export interface SeedItemCategory {
  id: string;
  code: string;
  displayName: string;
  displayNameFr: string;
}

export interface SeedLocation {
  id: string;
  code: string;
  displayName: string;
  contact: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  country: string;
  postalCode: string;
  phoneNumber: string;
  email: string;
  website: string;
}

export interface SeedSalesperson {
  id: string;
  /** Salesperson/Purchaser code (Code[20]); customers.salespersonCode and salesOrders.salesperson refer to it. */
  code: string;
  displayName: string;
  firstName: string;
  lastName: string;
  /** Same address as the Dataverse systemuser (internalemailaddress / domainname) of this person. */
  email: string;
  phoneNo: string;
  jobTitle: string;
  commisionPercent: number;
  blocked: boolean;
  languageCode: LanguageCode;
}

/** People who use Dynamics 365 Sales in the demo. Salespeople appear here too, with the same email. */
export interface SeedUser {
  id: string;
  fullName: string;
  firstName: string;
  lastName: string;
  email: string;
  /** Salesperson code when this user sells (coupled user ⇄ salesperson), else null. */
  salespersonCode: string | null;
  /** Which demo role the Dataverse side should give this user. */
  roleHint: 'salesperson' | 'salesManager' | 'availabilityOnly' | 'administrator';
  /** 1036 French, 1033 English. */
  languageId: 1033 | 1036;
}

export interface SeedItem {
  id: string;
  number: string;
  displayName: string;
  /** French name (Business Central "Description 2", at most 50 characters). */
  displayName2: string;
  type: ItemType;
  itemCategoryCode: string;
  blocked: boolean;
  gtin: string;
  unitPrice: number;
  unitCost: number;
  priceIncludesTax: boolean;
  baseUnitOfMeasureCode: string;
  taxGroupCode: string;
  generalProductPostingGroupCode: string;
  inventoryPostingGroupCode: string;
  /** False for the items deliberately not yet created in Sales (coupling demos). */
  inSales: boolean;
  lastModifiedDateTime: IsoDateTime;
}

export interface SeedResource {
  id: string;
  number: string;
  name: string;
  nameFr: string;
  type: 'Person' | 'Machine';
  baseUnitOfMeasureCode: string;
  unitPrice: number;
  unitCost: number;
  inSales: boolean;
}

export interface SeedCustomerPriceGroup {
  code: string;
  description: string;
  descriptionFr: string;
}

export interface SeedPriceListLine {
  itemNumber: string;
  unitOfMeasureCode: string;
  minimumQuantity: number;
  unitPrice: number;
}

export interface SeedPriceList {
  id: string;
  code: string;
  description: string;
  descriptionFr: string;
  currencyCode: string;
  /** Applies to customers of this price group; null = all customers in that currency. */
  customerPriceGroupCode: string | null;
  startingDate: Iso;
  lines: SeedPriceListLine[];
}

export interface SeedCustomer {
  id: string;
  number: string;
  displayName: string;
  type: 'Company' | 'Person';
  addressLine1: string;
  addressLine2: string;
  city: string;
  state: string;
  country: string;
  postalCode: string;
  phoneNumber: string;
  email: string;
  website: string;
  salespersonCode: string;
  creditLimit: number;
  taxLiable: boolean;
  /** VAT % applied on this customer's documents (20 domestic France, 0 intra-EU / export). */
  vatPercent: number;
  taxRegistrationNumber: string;
  currencyCode: string;
  paymentTermsCode: string;
  shipmentMethodCode: string;
  customerPriceGroupCode: string;
  blocked: CustomerBlocked;
  languageCode: LanguageCode;
  /**
   * Customer card "Location Code" ('' = none): the location a new sales document of this customer takes. Not in
   * API v2.0 customers (bc-api-v2.json); only its effect shows, as the lines' locationId.
   */
  locationCode: string;
  /** False for the customer deliberately not yet created in Sales (coupling demo). */
  inSales: boolean;
  lastModifiedDateTime: IsoDateTime;
}

export interface SeedContact {
  id: string;
  number: string;
  type: 'Company' | 'Person';
  displayName: string;
  firstName: string;
  lastName: string;
  jobTitle: string;
  companyNumber: string;
  companyName: string;
  /** Customer of the contact's company (business relation "Customer"), or '' for none. */
  customerNumber: string;
  email: string;
  phoneNumber: string;
  mobilePhoneNumber: string;
  addressLine1: string;
  city: string;
  country: string;
  postalCode: string;
  lastModifiedDateTime: IsoDateTime;
}

export interface SeedDocumentLine {
  sequence: number;
  lineType: 'Item' | 'Resource' | 'Comment';
  lineObjectNumber: string;
  description: string;
  unitOfMeasureCode: string;
  quantity: number;
  unitPrice: number;
  discountPercent: number;
  taxPercent: number;
  locationCode: string;
}

export interface SeedPostedInvoice {
  id: string;
  number: string;
  /** Posted shipment created when the order was shipped and invoiced together. */
  shipmentId: string;
  shipmentNumber: string;
  orderNumber: string;
  externalDocumentNumber: string;
  customerNumber: string;
  currencyCode: string;
  invoiceDate: Iso;
  postingDate: Iso;
  dueDate: Iso;
  paymentTermsCode: string;
  shipmentMethodCode: string;
  salesperson: string;
  lines: SeedDocumentLine[];
  totalAmountExcludingTax: number;
  totalTaxAmount: number;
  totalAmountIncludingTax: number;
  remainingAmount: number;
  /** 'Open' while remainingAmount > 0, 'Paid' when closed. */
  status: 'Open' | 'Paid';
}

export interface SeedPayment {
  id: string;
  documentNumber: string;
  customerNumber: string;
  postingDate: Iso;
  /** Positive amount received, in the invoice currency. */
  amount: number;
  currencyCode: string;
  appliesToInvoiceNumber: string;
  description: string;
}

export interface SeedSalesOrder {
  id: string;
  number: string;
  externalDocumentNumber: string;
  customerNumber: string;
  orderDate: Iso;
  requestedDeliveryDate: Iso;
  currencyCode: string;
  salesperson: string;
  paymentTermsCode: string;
  shipmentMethodCode: string;
  /** API status: Draft (Sales Header Open) or Open (Released). */
  status: 'Draft' | 'Open';
  lines: SeedDocumentLine[];
}

export interface SeedSalesQuote {
  id: string;
  number: string;
  externalDocumentNumber: string;
  customerNumber: string;
  documentDate: string;
  validUntilDate: string;
  currencyCode: string;
  salesperson: string;
  /** API status: Draft or Sent. */
  status: 'Draft' | 'Sent';
  lines: SeedDocumentLine[];
}

export interface SeedItemLedgerEntry {
  id: string;
  entryNumber: number;
  itemNumber: string;
  postingDate: Iso;
  entryType: 'Purchase' | 'Sale' | 'Positive Adjmt.' | 'Negative Adjmt.';
  sourceType: ' ' | 'Customer' | 'Vendor' | 'Item';
  sourceNumber: string;
  documentType: ' ' | 'Sales Shipment' | 'Purchase Receipt';
  documentNumber: string;
  description: string;
  locationCode: string;
  unitOfMeasureCode: string;
  quantity: number;
  remainingQuantity: number;
  open: boolean;
  positive: boolean;
  invoicedQuantity: number;
  costAmountActual: number;
  salesAmountActual: number;
}

export interface SeedVendor {
  number: string;
  name: string;
  country: string;
}

/** Outstanding purchase order lines: what is expected in, where and when. */
export interface SeedPurchaseLine {
  id: string;
  documentNumber: string;
  lineNumber: number;
  vendorNumber: string;
  itemNumber: string;
  locationCode: string;
  unitOfMeasureCode: string;
  outstandingQuantity: number;
  expectedReceiptDate: Iso;
}

export interface DemoCompany {
  seed: number;
  /** Business Central work date: every relative date (due dates, overdue, receipts) is computed from it. */
  workDate: Iso;
  company: SeedCompany;
  currencies: SeedCurrency[];
  unitsOfMeasure: SeedUnitOfMeasure[];
  paymentTerms: SeedPaymentTerm[];
  shipmentMethods: SeedShipmentMethod[];
  itemCategories: SeedItemCategory[];
  locations: SeedLocation[];
  salespeople: SeedSalesperson[];
  users: SeedUser[];
  customerPriceGroups: SeedCustomerPriceGroup[];
  priceLists: SeedPriceList[];
  items: SeedItem[];
  resources: SeedResource[];
  vendors: SeedVendor[];
  customers: SeedCustomer[];
  contacts: SeedContact[];
  postedInvoices: SeedPostedInvoice[];
  payments: SeedPayment[];
  salesOrders: SeedSalesOrder[];
  /** Open quotes entered in the ERP (generated last, so adding them changed nothing before). */
  salesQuotes: SeedSalesQuote[];
  itemLedgerEntries: SeedItemLedgerEntry[];
  purchaseLines: SeedPurchaseLine[];
}
