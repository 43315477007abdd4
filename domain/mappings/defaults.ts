/**
 * The default integration table mappings, after Business Central's own (original-solution.md §8,
 * CRMSetupDefaults / CDSSetupDefaults). config/mappings.json is seeded from this list and is what runs; a test
 * keeps the two equal until an admin edits the file.
 *
 * Deliberate differences from Business Central, each because our side of the wire differs:
 * - SALESPEOPLE couples users with existing salespeople (by e-mail, then name) and creates nothing: Sales users
 *   come from Microsoft Entra ID, and a salesperson code invented from a user name would be guesswork. Application
 *   users (the connector itself) are left out; so is the integration user, whatever its kind.
 * - PAYMENT TERMS and SHIPMENT METHOD flow from the ERP (it owns the terms; Sales choices are created from its
 *   codes) instead of creating ERP terms without due-date formulas from Sales choice labels.
 * - Units: one Sales unit group ("ERP units") holds a unit per ERP unit of measure; API v2.0 has no per-item units.
 * - Resources, customer price groups and price lists are not in API v2.0: they come from the ERP Link extension's
 *   read-only routes (docs/sync.md), so RESOURCE-PRODUCT flows from the ERP only (BC: bidirectional).
 */
import { AccountColumns, ProductColumns } from '../schema';
import type { FieldMapping, IntegrationMapping, MappingSet, NounLabel } from './types';

const noun = (enThe: string, enA: string, frThe: string, frA: string, feminine = false): NounLabel => ({ en: { the: enThe, a: enA }, fr: { the: frThe, a: frA, feminine } });

const f = (erp: string, crm: string, extra: Omit<FieldMapping, 'erp' | 'crm'> = {}): FieldMapping => ({ erp, crm, ...extra });
const fromErp = { direction: 'fromErp' } as const;
const toErp = { direction: 'toErp' } as const;

const address: FieldMapping[] = [
  f('addressLine1', 'address1_line1'),
  f('addressLine2', 'address1_line2'),
  f('city', 'address1_city'),
  f('state', 'address1_stateorprovince'),
  f('country', 'address1_country'),
  f('postalCode', 'address1_postalcode'),
];

export const DEFAULT_UNIT_GROUP = 'ERP units';

export const defaultMappings: IntegrationMapping[] = [
  {
    name: 'SALESPEOPLE',
    enabled: true,
    kind: 'table',
    description: { en: 'Sales users coupled with ERP salespeople (owners of accounts and orders).', fr: 'Utilisateurs Sales couplés aux vendeurs ERP (propriétaires des comptes et des commandes).' },
    labels: { erp: noun('the ERP salesperson', 'an ERP salesperson', 'le vendeur ERP', 'un vendeur ERP'), crm: noun('the Sales user', 'a Sales user', "l'utilisateur Sales", 'un utilisateur Sales') },
    erp: { entity: 'salespeoplePurchasers', api: 'v2', key: 'code', nameField: 'displayName', filter: 'blocked eq false' },
    crm: { table: 'systemuser', nameField: 'fullname', filter: 'isdisabled eq false and applicationid eq null' },
    direction: 'toErp',
    conflictRule: 'salesWins',
    createNew: false,
    fields: [f('displayName', 'fullname', toErp), f('email', 'internalemailaddress', toErp)],
    match: [['internalemailaddress'], ['fullname']],
    dependencies: [],
    intervalMinutes: 30,
  },
  {
    name: 'CURRENCY',
    enabled: true,
    kind: 'table',
    description: { en: 'ERP currencies → Sales currencies.', fr: 'Devises ERP → devises Sales.' },
    labels: { erp: noun('the ERP currency', 'an ERP currency', 'la devise ERP', 'une devise ERP', true), crm: noun('the Sales currency', 'a Sales currency', 'la devise Sales', 'une devise Sales', true) },
    erp: { entity: 'currencies', api: 'v2', key: 'code', nameField: 'code' },
    // API v2.0 has no exchange rates: a currency created in Sales starts at 1.0 and the run says so.
    crm: { table: 'transactioncurrency', nameField: 'isocurrencycode', createDefaults: { exchangerate: 1 } },
    direction: 'fromErp',
    conflictRule: 'erpWins',
    createNew: true,
    fields: [f('code', 'isocurrencycode', { ...fromErp, createOnly: true }), f('displayName', 'currencyname', fromErp), f('symbol', 'currencysymbol', fromErp), f('amountDecimalPlaces', 'currencyprecision', { ...fromErp, transform: { kind: 'decimalPlaces' } })],
    match: [['isocurrencycode']],
    dependencies: [],
    intervalMinutes: 30,
  },
  {
    name: 'UNIT OF MEASURE',
    enabled: true,
    kind: 'table',
    description: { en: 'ERP units of measure → units of the Sales unit group "ERP units".', fr: 'Unités ERP → unités du groupe d’unités Sales « ERP units ».' },
    labels: { erp: noun('the ERP unit of measure', 'an ERP unit of measure', "l'unité ERP", 'une unité ERP', true), crm: noun('the Sales unit', 'a Sales unit', "l'unité Sales", 'une unité Sales', true) },
    erp: { entity: 'unitsOfMeasure', api: 'v2', key: 'code', nameField: 'code' },
    crm: { table: 'uom', nameField: 'name', unitGroup: DEFAULT_UNIT_GROUP, createDefaults: { quantity: 1 } },
    direction: 'fromErp',
    conflictRule: 'erpWins',
    createNew: true,
    fields: [f('code', 'name', fromErp)],
    match: [['name']],
    dependencies: [],
    intervalMinutes: 30,
  },
  {
    name: 'PAYMENT TERMS',
    enabled: true,
    kind: 'option',
    description: { en: 'ERP payment terms → choices of the account Payment Terms column.', fr: 'Conditions de paiement ERP → choix de la colonne Conditions de paiement du compte.' },
    labels: {
      erp: noun('the ERP payment terms', 'ERP payment terms', 'les conditions de paiement ERP', 'des conditions de paiement ERP', true),
      crm: noun('the Payment Terms choice', 'a Payment Terms choice', 'le choix Conditions de paiement', 'un choix Conditions de paiement'),
    },
    erp: { entity: 'paymentTerms', api: 'v2', key: 'code', nameField: 'code' },
    crm: { table: 'account', optionColumn: 'paymenttermscode', nameField: 'label' },
    direction: 'fromErp',
    conflictRule: 'erpWins',
    createNew: true,
    fields: [],
    match: [],
    dependencies: [],
    intervalMinutes: 30,
  },
  {
    name: 'SHIPMENT METHOD',
    enabled: true,
    kind: 'option',
    description: { en: 'ERP shipment methods → choices of the account Freight Terms column.', fr: 'Conditions de livraison ERP → choix de la colonne Conditions de transport du compte.' },
    labels: {
      erp: noun('the ERP shipment method', 'an ERP shipment method', 'la condition de livraison ERP', 'une condition de livraison ERP', true),
      crm: noun('the Freight Terms choice', 'a Freight Terms choice', 'le choix Conditions de transport', 'un choix Conditions de transport'),
    },
    erp: { entity: 'shipmentMethods', api: 'v2', key: 'code', nameField: 'code' },
    crm: { table: 'account', optionColumn: 'address1_freighttermscode', nameField: 'label' },
    direction: 'fromErp',
    conflictRule: 'erpWins',
    createNew: true,
    fields: [],
    match: [],
    dependencies: [],
    intervalMinutes: 30,
  },
  {
    name: 'CUSTOMER',
    enabled: true,
    kind: 'table',
    description: { en: 'ERP customers ⇄ Sales accounts (relationship type Customer).', fr: 'Clients ERP ⇄ comptes Sales (type de relation Client).' },
    labels: { erp: noun('the ERP customer', 'an ERP customer', 'le client ERP', 'un client ERP'), crm: noun('the account', 'an account', 'le compte', 'un compte') },
    erp: { entity: 'customers', api: 'v2', key: 'number', nameField: 'displayName', blocked: { field: 'blocked', values: ['Ship', 'Invoice', 'All'], action: 'skip' } },
    crm: { table: 'account', nameField: 'name', filter: 'statecode eq 0 and customertypecode eq 3', createDefaults: { customertypecode: 3 } },
    direction: 'bidirectional',
    conflictRule: 'erpWins',
    createNew: true,
    fields: [
      f('number', 'accountnumber', fromErp),
      f('number', AccountColumns.customerNumber, fromErp),
      f('displayName', 'name'),
      ...address,
      f('phoneNumber', 'telephone1'),
      f('email', 'emailaddress1'),
      f('website', 'websiteurl'),
      f('creditLimit', 'creditlimit', fromErp),
      f('currencyCode', 'transactioncurrencyid', { transform: { kind: 'coupled', mapping: 'CURRENCY', by: 'number' }, label: noun('the currency', 'a currency', 'la devise', 'une devise', true) }),
      f('salespersonCode', 'ownerid', { transform: { kind: 'coupled', mapping: 'SALESPEOPLE', by: 'number' }, label: noun('the owner', 'an owner', 'le propriétaire', 'un propriétaire') }),
      f('paymentTermsId', 'paymenttermscode', { transform: { kind: 'coupled', mapping: 'PAYMENT TERMS', by: 'id' }, label: noun('the payment terms', 'payment terms', 'les conditions de paiement', 'des conditions de paiement', true) }),
      f('shipmentMethodId', 'address1_freighttermscode', { transform: { kind: 'coupled', mapping: 'SHIPMENT METHOD', by: 'id' }, label: noun('the freight terms', 'freight terms', 'les conditions de transport', 'des conditions de transport', true) }),
    ],
    match: [['accountnumber'], ['name']],
    dependencies: ['SALESPEOPLE', 'CURRENCY', 'PAYMENT TERMS', 'SHIPMENT METHOD'],
    intervalMinutes: 30,
  },
  {
    name: 'CONTACT',
    enabled: true,
    kind: 'table',
    description: { en: 'ERP person contacts of customers ⇄ Sales contacts.', fr: 'Contacts personnes des clients ERP ⇄ contacts Sales.' },
    labels: { erp: noun('the ERP contact', 'an ERP contact', 'le contact ERP', 'un contact ERP'), crm: noun('the Sales contact', 'a Sales contact', 'le contact Sales', 'un contact Sales') },
    erp: { entity: 'contacts', api: 'v2', key: 'number', nameField: 'displayName', filter: "type eq 'Person'", createDefaults: { type: 'Person' } },
    crm: { table: 'contact', nameField: 'fullname', filter: 'statecode eq 0' },
    direction: 'bidirectional',
    conflictRule: 'erpWins',
    createNew: true,
    fields: [
      f('displayName', 'fullname', toErp),
      f('displayName', 'firstname', { ...fromErp, transform: { kind: 'namePart', part: 'first' } }),
      f('displayName', 'lastname', { ...fromErp, transform: { kind: 'namePart', part: 'last' } }),
      f('email', 'emailaddress1'),
      f('jobTitle', 'jobtitle'),
      f('phoneNumber', 'telephone1'),
      f('mobilePhoneNumber', 'mobilephone'),
      ...address,
      f('customerId', 'parentcustomerid', { transform: { kind: 'coupled', mapping: 'CUSTOMER', by: 'id' }, label: noun('the company', 'a company', "l'entreprise", 'une entreprise', true) }),
    ],
    match: [['emailaddress1'], ['fullname']],
    dependencies: ['CUSTOMER'],
    intervalMinutes: 30,
  },
  {
    name: 'ITEM-PRODUCT',
    enabled: true,
    kind: 'table',
    description: { en: 'ERP items ⇄ Sales products; blocked items become Retired products.', fr: 'Articles ERP ⇄ produits Sales ; les articles bloqués deviennent des produits retirés.' },
    labels: { erp: noun('the ERP item', 'an ERP item', "l'article ERP", 'un article ERP'), crm: noun('the product', 'a product', 'le produit', 'un produit') },
    erp: { entity: 'items', api: 'v2', key: 'number', nameField: 'displayName', blocked: { field: 'blocked', values: [true], action: 'retire' } },
    crm: { table: 'product', nameField: 'name', filter: 'producttypecode eq 1 or producttypecode eq 2' },
    direction: 'bidirectional',
    conflictRule: 'erpWins',
    createNew: true,
    fields: [
      f('number', 'productnumber', fromErp),
      f('number', ProductColumns.itemNumber, fromErp),
      f('displayName', 'name'),
      f('type', 'producttypecode', {
        createOnly: true,
        transform: { kind: 'map', values: [{ erp: 'Inventory', crm: 1 }, { erp: 'Non-Inventory', crm: 2 }, { erp: 'Service', crm: 3 }] },
        label: noun('the product type', 'a product type', 'le type de produit', 'un type de produit'),
      }),
      f('unitPrice', 'price', { ...fromErp, transform: { kind: 'nonNegative' } }),
      f('unitCost', 'currentcost', { ...fromErp, transform: { kind: 'nonNegative' } }),
      f('baseUnitOfMeasureCode', 'defaultuomid', { transform: { kind: 'coupled', mapping: 'UNIT OF MEASURE', by: 'number' }, label: noun('the default unit', 'a default unit', "l'unité par défaut", 'une unité par défaut', true) }),
      f('baseUnitOfMeasureCode', 'defaultuomscheduleid', { ...fromErp, transform: { kind: 'unitGroupOf', mapping: 'UNIT OF MEASURE' } }),
      f('blocked', 'statecode', { ...fromErp, transform: { kind: 'map', values: [{ erp: false, crm: 0 }, { erp: true, crm: 1 }] } }),
      f('blocked', 'statuscode', { ...fromErp, transform: { kind: 'map', values: [{ erp: false, crm: 1 }, { erp: true, crm: 2 }] } }),
    ],
    match: [['productnumber'], ['name']],
    dependencies: ['UNIT OF MEASURE'],
    intervalMinutes: 30,
  },
  {
    name: 'RESOURCE-PRODUCT',
    enabled: true,
    kind: 'table',
    description: { en: 'ERP resources ⇄ Sales products of type Services.', fr: 'Ressources ERP ⇄ produits Sales de type Services.' },
    labels: { erp: noun('the ERP resource', 'an ERP resource', 'la ressource ERP', 'une ressource ERP', true), crm: noun('the product', 'a product', 'le produit', 'un produit') },
    erp: { entity: 'resources', api: 'extension', key: 'number', nameField: 'name', blocked: { field: 'blocked', values: [true], action: 'retire' } },
    crm: { table: 'product', nameField: 'name', filter: 'producttypecode eq 3', createDefaults: { producttypecode: 3 } },
    direction: 'fromErp',
    conflictRule: 'erpWins',
    createNew: true,
    fields: [
      f('number', 'productnumber', fromErp),
      f('number', ProductColumns.itemNumber, fromErp),
      f('name', 'name'),
      f('unitPrice', 'price', { ...fromErp, transform: { kind: 'nonNegative' } }),
      f('unitCost', 'currentcost', { ...fromErp, transform: { kind: 'nonNegative' } }),
      f('baseUnitOfMeasureCode', 'defaultuomid', { transform: { kind: 'coupled', mapping: 'UNIT OF MEASURE', by: 'number' }, label: noun('the default unit', 'a default unit', "l'unité par défaut", 'une unité par défaut', true) }),
      f('baseUnitOfMeasureCode', 'defaultuomscheduleid', { ...fromErp, transform: { kind: 'unitGroupOf', mapping: 'UNIT OF MEASURE' } }),
      f('blocked', 'statecode', { ...fromErp, transform: { kind: 'map', values: [{ erp: false, crm: 0 }, { erp: true, crm: 1 }] } }),
      f('blocked', 'statuscode', { ...fromErp, transform: { kind: 'map', values: [{ erp: false, crm: 1 }, { erp: true, crm: 2 }] } }),
    ],
    match: [['productnumber'], ['name']],
    dependencies: ['UNIT OF MEASURE'],
    intervalMinutes: 30,
  },
  {
    name: 'CUSTPRCGRP-PRICE',
    enabled: false,
    kind: 'table',
    description: {
      en: 'ERP customer price groups → Sales price lists (legacy pricing; off when the ERP uses price lists).',
      fr: 'Groupes tarifs clients ERP → listes de prix Sales (ancienne tarification ; désactivé quand l’ERP utilise les listes de prix).',
    },
    labels: { erp: noun('the ERP customer price group', 'an ERP customer price group', 'le groupe tarifs client ERP', 'un groupe tarifs client ERP'), crm: noun('the price list', 'a price list', 'la liste de prix', 'une liste de prix', true) },
    erp: { entity: 'customerPriceGroups', api: 'extension', key: 'code', nameField: 'code' },
    crm: { table: 'pricelevel', nameField: 'name' },
    direction: 'fromErp',
    conflictRule: 'erpWins',
    createNew: true,
    fields: [f('code', 'name', fromErp), f('description', 'description', fromErp)],
    match: [['name']],
    dependencies: ['CURRENCY'],
    intervalMinutes: 30,
  },
  {
    name: 'PRICE LIST',
    enabled: true,
    kind: 'table',
    description: { en: 'ERP sales price lists → Sales price lists.', fr: 'Listes de prix de vente ERP → listes de prix Sales.' },
    labels: { erp: noun('the ERP price list', 'an ERP price list', 'la liste de prix ERP', 'une liste de prix ERP', true), crm: noun('the price list', 'a price list', 'la liste de prix', 'une liste de prix', true) },
    erp: { entity: 'priceLists', api: 'extension', key: 'code', nameField: 'code' },
    crm: { table: 'pricelevel', nameField: 'name' },
    direction: 'fromErp',
    conflictRule: 'erpWins',
    createNew: true,
    fields: [
      f('code', 'name', fromErp),
      f('description', 'description', fromErp),
      f('currencyCode', 'transactioncurrencyid', { ...fromErp, transform: { kind: 'coupled', mapping: 'CURRENCY', by: 'number' }, label: noun('the currency', 'a currency', 'la devise', 'une devise', true) }),
      f('startingDate', 'begindate', fromErp),
      f('endingDate', 'enddate', fromErp),
    ],
    match: [['name']],
    dependencies: ['CURRENCY'],
    intervalMinutes: 30,
  },
  {
    name: 'PRICE LIST LINE',
    enabled: true,
    kind: 'table',
    description: { en: 'ERP price list lines (no minimum quantity) → Sales price list items.', fr: 'Lignes de listes de prix ERP (sans quantité minimum) → éléments de listes de prix Sales.' },
    labels: { erp: noun('the ERP price list line', 'an ERP price list line', 'la ligne de liste de prix ERP', 'une ligne de liste de prix ERP', true), crm: noun('the price list item', 'a price list item', "l'élément de liste de prix", 'un élément de liste de prix') },
    erp: { entity: 'priceListLines', api: 'extension', key: 'id', nameField: 'assetNumber', filter: 'minimumQuantity eq 0' },
    crm: { table: 'productpricelevel', nameField: 'productid', createDefaults: { pricingmethodcode: 1, quantitysellingcode: 1 } },
    direction: 'fromErp',
    conflictRule: 'erpWins',
    createNew: true,
    fields: [
      f('priceListCode', 'pricelevelid', { ...fromErp, transform: { kind: 'coupled', mapping: 'PRICE LIST', by: 'number' }, label: noun('the price list', 'a price list', 'la liste de prix', 'une liste de prix', true) }),
      f('assetNumber', 'productid', {
        ...fromErp,
        transform: { kind: 'coupled', mapping: { field: 'assetType', cases: { Item: 'ITEM-PRODUCT', Resource: 'RESOURCE-PRODUCT' } }, by: 'number' },
        label: noun('the product', 'a product', 'le produit', 'un produit'),
      }),
      f('unitOfMeasureCode', 'uomid', { ...fromErp, transform: { kind: 'coupled', mapping: 'UNIT OF MEASURE', by: 'number' }, label: noun('the unit', 'a unit', "l'unité", 'une unité', true) }),
      f('unitPrice', 'amount', { ...fromErp, transform: { kind: 'nonNegative' } }),
    ],
    match: [['pricelevelid', 'productid', 'uomid']],
    dependencies: ['PRICE LIST', 'ITEM-PRODUCT', 'RESOURCE-PRODUCT', 'UNIT OF MEASURE'],
    intervalMinutes: 30,
  },
];

export function defaultMappingSet(): MappingSet {
  return { version: 1, mappings: JSON.parse(JSON.stringify(defaultMappings)) as IntegrationMapping[] };
}

// Business Central's full-synchronisation priority lives with the ordering rule that uses it (order.ts).
export { FULL_SYNC_PRIORITY } from './order';
