/**
 * The fields mappings may use, with their types and lengths, on both sides. Validation rejects a mapping that names
 * anything else, so a typo in config/mappings.json is caught at start instead of failing on every record.
 *
 * ERP: Business Central API v2.0 (bc-api-v2.json, AL types: Text[n]/Code[n] = maximum length; Code is upper-case)
 * plus what API v2.0 lacks, read from standard sources (resources from the analytics API, customer price groups and
 * price lists from published standard pages; docs/sync.md describes them). Sales: the standard Dataverse columns with their documented lengths and our
 * erp_ columns (domain/schema.ts). tests/mappings/catalog.test.ts checks both lists against the references.
 */
import { AccountColumns, ProductColumns } from '../schema';

export type ErpType = 'text' | 'code' | 'decimal' | 'int' | 'bool' | 'guid' | 'date' | 'datetime' | 'enum';

export interface ErpField {
  type: ErpType;
  max?: number;
  /** Enum value names. */
  values?: string[];
  /** Writable through the API. */
  editable: boolean;
  /**
   * Not a property of the entity: the connector reads it elsewhere (`customerContacts.customerId` for a person
   * contact's customer) and, when writing, turns it into what the entity takes (the customer's company contact).
   */
  virtual?: string;
}

export type CrmType = 'string' | 'memo' | 'int' | 'decimal' | 'money' | 'bool' | 'datetime' | 'picklist' | 'state' | 'status' | 'lookup' | 'owner' | 'guid';

export interface CrmColumn {
  type: CrmType;
  max?: number;
  /** Choice values (picklist/state/status). Omitted: any value the environment defines. */
  options?: number[];
  /** Lookup targets (table logical names). */
  targets?: string[];
  /** Settable on create and update. */
  writable: boolean;
}

export interface ErpEntity {
  fields: Record<string, ErpField>;
  /** Field compared against the incremental watermark; absent = full reads only. */
  modifiedField?: string;
}

export interface CrmTable {
  entitySet: string;
  primaryId: string;
  columns: Record<string, CrmColumn>;
}

const text = (max: number, editable = true): ErpField => ({ type: 'text', max, editable });
const code = (max: number, editable = true): ErpField => ({ type: 'code', max, editable });
const decimal = (editable = true): ErpField => ({ type: 'decimal', editable });
const bool = (editable = true): ErpField => ({ type: 'bool', editable });
const guid = (editable = true): ErpField => ({ type: 'guid', editable });
const date = (editable = true): ErpField => ({ type: 'date', editable });
const enumOf = (values: string[], editable = true): ErpField => ({ type: 'enum', values, editable });
const stamp: ErpField = { type: 'datetime', editable: false };
const id: ErpField = { type: 'guid', editable: false };

export const ErpEnums = {
  customerBlocked: [' ', 'Ship', 'Invoice', 'All'],
  contactType: ['Company', 'Person'],
  itemType: ['Inventory', 'Service', 'Non-Inventory'],
  resourceType: ['Person', 'Machine'],
  priceAssetType: ['Item', 'Resource'],
} as const;

export const erpCatalog: Record<string, ErpEntity> = {
  customers: {
    modifiedField: 'lastModifiedDateTime',
    fields: {
      id, number: code(20), displayName: text(100), type: enumOf([...ErpEnums.contactType]), addressLine1: text(100), addressLine2: text(50), city: text(30), state: text(30),
      country: code(10), postalCode: code(20), phoneNumber: text(30), email: text(80), website: text(80), salespersonCode: code(20), balanceDue: decimal(false),
      creditLimit: decimal(), taxLiable: bool(), taxRegistrationNumber: text(50), currencyId: guid(), currencyCode: { type: 'text', editable: true },
      paymentTermsId: guid(), shipmentMethodId: guid(), paymentMethodId: guid(), blocked: enumOf([...ErpEnums.customerBlocked]), lastModifiedDateTime: stamp,
      // Customer card "Location Code": not in API v2.0; read from standard page 22 "Customer List" when an admin
      // publishes it (connector/sync/customerLocations.ts). Absent from the row when the page is not there.
      locationCode: { type: 'code', max: 10, editable: false, virtual: 'customerList.Location_Code' },
    },
  },
  contacts: {
    modifiedField: 'lastModifiedDateTime',
    fields: {
      id, number: code(20), type: enumOf([...ErpEnums.contactType]), displayName: text(100), jobTitle: text(30), companyNumber: code(20), companyName: text(100),
      addressLine1: text(100), addressLine2: text(50), city: text(30), state: text(30), country: code(10), postalCode: code(20), phoneNumber: text(30),
      mobilePhoneNumber: text(30), email: text(80), website: text(80), privacyBlocked: bool(), lastModifiedDateTime: stamp,
      customerId: { type: 'guid', editable: true, virtual: 'customerContacts.customerId' },
    },
  },
  items: {
    modifiedField: 'lastModifiedDateTime',
    fields: {
      id, number: code(20), displayName: text(100), displayName2: text(50), type: enumOf([...ErpEnums.itemType]), itemCategoryCode: code(20), blocked: bool(), gtin: code(14),
      inventory: decimal(), unitPrice: decimal(), priceIncludesTax: bool(), unitCost: decimal(), baseUnitOfMeasureId: guid(), baseUnitOfMeasureCode: code(10),
      lastModifiedDateTime: stamp,
    },
  },
  salespeoplePurchasers: {
    modifiedField: 'lastModifiedDateTime',
    fields: { id, code: code(20), displayName: text(50), email: text(80), email2: text(80), phoneNo: text(30), jobTitle: text(30), blocked: bool(), privacyBlocked: bool(), lastModifiedDateTime: stamp },
  },
  currencies: {
    modifiedField: 'lastModifiedDateTime',
    fields: { id, code: code(10), displayName: text(30), symbol: text(10), amountDecimalPlaces: text(5), amountRoundingPrecision: decimal(), lastModifiedDateTime: stamp },
  },
  unitsOfMeasure: {
    modifiedField: 'lastModifiedDateTime',
    fields: { id, code: code(10), displayName: text(50), internationalStandardCode: code(10), symbol: text(10), lastModifiedDateTime: stamp },
  },
  paymentTerms: {
    modifiedField: 'lastModifiedDateTime',
    fields: { id, code: code(10), displayName: text(100), dueDateCalculation: { type: 'text', max: 32, editable: true }, discountPercent: decimal(), lastModifiedDateTime: stamp },
  },
  shipmentMethods: {
    modifiedField: 'lastModifiedDateTime',
    fields: { id, code: code(10), displayName: text(100), lastModifiedDateTime: stamp },
  },
  // ---- Not in API v2.0: standard sources (connector/sync/standardSyncSources.ts). No id of their own (derived from the
  // key), no lastModifiedDateTime: no modifiedField, so these mappings are synchronised by full runs.
  resources: {
    fields: { id, number: code(20), name: text(100), type: enumOf([...ErpEnums.resourceType]), baseUnitOfMeasureCode: code(10), unitPrice: decimal(), unitCost: decimal(), blocked: bool() },
  },
  customerPriceGroups: {
    fields: { id, code: code(10), description: text(100) },
  },
  priceLists: {
    fields: { id, code: code(20), description: text(250), currencyCode: code(10), customerPriceGroupCode: code(10), startingDate: date(), endingDate: date() },
  },
  priceListLines: {
    fields: {
      id, priceListCode: code(20), assetType: enumOf([...ErpEnums.priceAssetType]), assetNumber: code(20), unitOfMeasureCode: code(10), minimumQuantity: decimal(),
      unitPrice: decimal(),
    },
  },
};

const str = (max: number, writable = true): CrmColumn => ({ type: 'string', max, writable });
const memo = (max: number): CrmColumn => ({ type: 'memo', max, writable: true });
const money: CrmColumn = { type: 'money', writable: true };
const dec: CrmColumn = { type: 'decimal', writable: true };
const int: CrmColumn = { type: 'int', writable: true };
const bit = (writable = true): CrmColumn => ({ type: 'bool', writable });
const pick = (options?: number[]): CrmColumn => ({ type: 'picklist', options, writable: true });
const lookup = (...targets: string[]): CrmColumn => ({ type: 'lookup', targets, writable: true });
const pk: CrmColumn = { type: 'guid', writable: false };
const modified: CrmColumn = { type: 'datetime', writable: false };
const modifiedBy: CrmColumn = { type: 'lookup', targets: ['systemuser'], writable: false };
const address = {
  address1_line1: str(250), address1_line2: str(250), address1_city: str(80), address1_stateorprovince: str(50), address1_country: str(80), address1_postalcode: str(20),
};

export const crmCatalog: Record<string, CrmTable> = {
  systemuser: {
    entitySet: 'systemusers',
    primaryId: 'systemuserid',
    columns: {
      systemuserid: pk, fullname: str(200, false), firstname: str(64), lastname: str(64), internalemailaddress: str(100), domainname: str(1024), title: str(128),
      isdisabled: bit(false), isintegrationuser: bit(false), applicationid: { type: 'guid', writable: false }, modifiedon: modified, modifiedby: modifiedBy,
    },
  },
  transactioncurrency: {
    entitySet: 'transactioncurrencies',
    primaryId: 'transactioncurrencyid',
    columns: {
      transactioncurrencyid: pk, isocurrencycode: str(5), currencyname: str(100), currencysymbol: str(13), currencyprecision: int, exchangerate: dec,
      statecode: { type: 'state', options: [0, 1], writable: true }, modifiedon: modified, modifiedby: modifiedBy,
    },
  },
  uomschedule: {
    entitySet: 'uomschedules',
    primaryId: 'uomscheduleid',
    columns: { uomscheduleid: pk, name: str(200), baseuomname: str(100), description: memo(2000), modifiedon: modified, modifiedby: modifiedBy },
  },
  uom: {
    entitySet: 'uoms',
    primaryId: 'uomid',
    columns: { uomid: pk, name: str(100), quantity: dec, uomscheduleid: lookup('uomschedule'), baseuom: lookup('uom'), isschedulebaseuom: bit(false), modifiedon: modified, modifiedby: modifiedBy },
  },
  account: {
    entitySet: 'accounts',
    primaryId: 'accountid',
    columns: {
      accountid: pk, name: str(160), accountnumber: str(20), [AccountColumns.customerNumber]: str(20), [AccountColumns.erpLocationCode]: str(10), ...address, telephone1: str(50), emailaddress1: str(100), websiteurl: str(200),
      creditlimit: money, paymenttermscode: pick(), address1_freighttermscode: pick(), address1_shippingmethodcode: pick(), transactioncurrencyid: lookup('transactioncurrency'),
      ownerid: { type: 'owner', targets: ['systemuser', 'team'], writable: true }, customertypecode: pick(), defaultpricelevelid: lookup('pricelevel'),
      statecode: { type: 'state', options: [0, 1], writable: true }, modifiedon: modified, modifiedby: modifiedBy,
    },
  },
  contact: {
    entitySet: 'contacts',
    primaryId: 'contactid',
    columns: {
      contactid: pk, fullname: str(160, false), firstname: str(50), lastname: str(50), jobtitle: str(100), emailaddress1: str(100), telephone1: str(50), mobilephone: str(50),
      websiteurl: str(200), ...address, parentcustomerid: { type: 'lookup', targets: ['account', 'contact'], writable: true }, ownerid: { type: 'owner', targets: ['systemuser', 'team'], writable: true },
      donotbulkemail: bit(), statecode: { type: 'state', options: [0, 1], writable: true }, modifiedon: modified, modifiedby: modifiedBy,
    },
  },
  product: {
    entitySet: 'products',
    primaryId: 'productid',
    columns: {
      productid: pk, name: str(100), productnumber: str(100), [ProductColumns.itemNumber]: str(20), description: memo(2000), price: money, standardcost: money, currentcost: money,
      producttypecode: pick([1, 2, 3, 4]), defaultuomid: lookup('uom'), defaultuomscheduleid: lookup('uomschedule'), quantitydecimal: int, quantityonhand: dec,
      statecode: { type: 'state', options: [0, 1, 2, 3], writable: true }, statuscode: { type: 'status', options: [0, 1, 2, 3], writable: true }, modifiedon: modified, modifiedby: modifiedBy,
    },
  },
  pricelevel: {
    entitySet: 'pricelevels',
    primaryId: 'pricelevelid',
    columns: {
      pricelevelid: pk, name: str(100), description: str(200), transactioncurrencyid: lookup('transactioncurrency'), begindate: { type: 'datetime', writable: true },
      enddate: { type: 'datetime', writable: true }, statecode: { type: 'state', options: [0, 1], writable: true }, modifiedon: modified, modifiedby: modifiedBy,
    },
  },
  productpricelevel: {
    entitySet: 'productpricelevels',
    primaryId: 'productpricelevelid',
    columns: {
      productpricelevelid: pk, pricelevelid: lookup('pricelevel'), productid: lookup('product'), uomid: lookup('uom'), amount: money, quantitysellingcode: pick([1, 2, 3]),
      pricingmethodcode: pick([1, 2, 3, 4, 5, 6]), transactioncurrencyid: lookup('transactioncurrency'), modifiedon: modified, modifiedby: modifiedBy,
    },
  },
};

/** The Sales column that carries a lookup's id when reading: `_ownerid_value`. */
export const lookupValueColumn = (column: string): string => `_${column}_value`;

export function isLookup(col: CrmColumn | undefined): boolean {
  return col?.type === 'lookup' || col?.type === 'owner';
}

export function isChoice(col: CrmColumn | undefined): boolean {
  return col?.type === 'picklist' || col?.type === 'state' || col?.type === 'status';
}
