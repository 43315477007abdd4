/**
 * The standard Dataverse / Sales tables the product touches, with their real logical names, entity sets, primary
 * keys, object type codes, navigation properties and the columns the product reads or writes. Not every column of
 * the real tables is here: an unknown column gets the same error a real environment gives for a misspelt one.
 */
import { SalesOrderState, SalesOrderStatus, QuoteState, QuoteStatus, InvoiceState, InvoiceStatus, ProductState } from '../../../domain/dataverseCodes';
import {
  activeInactive, bool, buildTable, createOnly, dateOnly, dec, dt, guidCol, int, lookup, memo, money, nav, opts, pick, ro, stateColumns, str,
  type TableSpec,
} from './columns';
import { applyReference } from './reference';
import type { ColumnDef, TableDef } from './types';

const address = (prefix: string): ColumnDef[] => [
  str(`${prefix}_name`, 200),
  str(`${prefix}_line1`, 250),
  str(`${prefix}_line2`, 250),
  str(`${prefix}_line3`, 250),
  str(`${prefix}_city`, 80),
  str(`${prefix}_postalcode`, 20),
  str(`${prefix}_stateorprovince`, 50),
  str(`${prefix}_country`, 80),
  str(`${prefix}_telephone`, 50),
];
const account1Address = (): ColumnDef[] => [
  str('address1_line1', 250), str('address1_line2', 250), str('address1_city', 80), str('address1_postalcode', 20),
  str('address1_stateorprovince', 50), str('address1_country', 80), str('address1_telephone1', 50),
];

const paymentTerms = opts([1, 'Net 30', 'Net 30'], [2, '2% 10, Net 30', '2 % 10, net 30'], [3, 'Net 45', 'Net 45'], [4, 'Net 60', 'Net 60']);
const shippingMethods = opts([1, 'Airborne', 'Aérien'], [2, 'DHL', 'DHL'], [3, 'FedEx', 'FedEx'], [4, 'UPS', 'UPS'], [5, 'Postal Mail', 'Courrier postal'], [6, 'Full Load', 'Chargement complet'], [7, 'Will Call', 'Retrait']);
const freightTerms = opts([1, 'FOB', 'FOB'], [2, 'No Charge', 'Gratuit']);

/** Columns shared by salesorder, quote and invoice headers. */
const salesHeader = (): ColumnDef[] => [
  str('name', 300),
  memo('description', 2000),
  dateOnly('requestdeliveryby'),
  pick('paymenttermscode', paymentTerms),
  pick('shippingmethodcode', shippingMethods),
  pick('freighttermscode', freightTerms),
  bool('willcall'),
  bool('ispricelocked'),
  dec('discountpercentage', { min: 0, max: 100, precision: 2 }),
  money('discountamount'),
  money('freightamount'),
  money('totalamount', ro),
  money('totalamountlessfreight', ro),
  money('totallineitemamount', ro),
  money('totallineitemdiscountamount', ro),
  money('totaldiscountamount', ro),
  money('totaltax', ro),
  ...address('billto'),
  ...address('shipto'),
];

/** Columns shared by salesorderdetail, quotedetail and invoicedetail. */
const salesLine = (): ColumnDef[] => [
  lookup('productid', []),
  lookup('uomid', []),
  str('productname', 500, ro),
  str('productdescription', 500),
  memo('description', 2000),
  dec('quantity', { min: 0, max: 1000000000 }),
  money('priceperunit'),
  money('baseamount', ro),
  money('extendedamount', ro),
  money('manualdiscountamount'),
  money('volumediscountamount', ro),
  money('tax'),
  bool('isproductoverridden'),
  bool('ispriceoverridden'),
  int('sequencenumber'),
  int('lineitemnumber'),
  dateOnly('requestdeliveryby'),
  dec('quantityshipped'),
  dec('quantitybackordered'),
  dec('quantitycancelled'),
];

function lineTable(logicalName: string, otc: number, parent: string, parentNav: string, parentPriv: string, label: [string, string], labels: [string, string], extra: ColumnDef[]): TableSpec {
  const cols = salesLine();
  cols[0] = lookup('productid', [nav('product', 'productid', `product_${parent === 'salesorder' ? 'order' : parent}_details`)]);
  cols[1] = lookup('uomid', [nav('uom', 'uomid', `unit_of_measurement_${parent === 'salesorder' ? 'order' : parent}_details`)]);
  return {
    logicalName,
    primaryName: 'productname',
    objectTypeCode: otc,
    ownership: 'none',
    privilegeName: parentPriv,
    privilegeVerbs: [],
    securedBy: { table: parent, lookup: `${parent}id` },
    displayName: { 1033: label[0], 1036: label[1] },
    collectionName: { 1033: labels[0], 1036: labels[1] },
    columns: [lookup(`${parent}id`, [nav(parent, `${parent}id`, parentNav, 'Cascade')], createOnly), ...cols, lookup('salesrepid', [nav('systemuser', 'salesrepid', `system_user_${logicalName}s`)]), ...extra],
    currency: true,
  };
}

const L = (en: string, fr: string) => ({ 1033: en, 1036: fr });

const specs: TableSpec[] = [
  {
    logicalName: 'account', primaryName: 'name', objectTypeCode: 1, ownership: 'user', privilegeName: 'Account',
    displayName: L('Account', 'Compte'), collectionName: L('Accounts', 'Comptes'), currency: true,
    columns: [
      str('name', 160), str('accountnumber', 20), str('telephone1', 50), str('emailaddress1', 100), str('websiteurl', 200), str('fax', 50),
      ...account1Address(), memo('description', 2000),
      pick('customertypecode', opts([1, 'Competitor', 'Concurrent'], [2, 'Consultant', 'Consultant'], [3, 'Customer', 'Client'], [4, 'Investor', 'Investisseur'], [5, 'Partner', 'Partenaire'], [6, 'Influencer', 'Influenceur'], [7, 'Press', 'Presse'], [8, 'Prospect', 'Prospect'], [9, 'Reseller', 'Revendeur'], [10, 'Supplier', 'Fournisseur'], [11, 'Vendor', 'Vendeur'], [12, 'Other', 'Autre'])),
      pick('accountcategorycode', opts([1, 'Preferred Customer', 'Client privilégié'], [2, 'Standard', 'Standard'])),
      pick('paymenttermscode', paymentTerms), pick('address1_freighttermscode', freightTerms), pick('address1_shippingmethodcode', shippingMethods),
      money('creditlimit'), bool('creditonhold'), money('revenue'), int('numberofemployees', { min: 0, max: 1000000000 }),
      lookup('parentaccountid', [nav('account', 'parentaccountid', 'account_parent_account')]),
      lookup('primarycontactid', [nav('contact', 'primarycontactid', 'account_primary_contact')]),
      lookup('defaultpricelevelid', [nav('pricelevel', 'defaultpricelevelid', 'price_level_accounts')]),
      ...activeInactive(),
    ],
  },
  {
    logicalName: 'contact', primaryName: 'fullname', objectTypeCode: 2, ownership: 'user', privilegeName: 'Contact',
    displayName: L('Contact', 'Contact'), collectionName: L('Contacts', 'Contacts'), currency: true,
    columns: [
      str('firstname', 50), str('lastname', 50), str('fullname', 160, ro), str('jobtitle', 100), str('emailaddress1', 100), str('telephone1', 50), str('mobilephone', 50),
      ...account1Address(), memo('description', 2000),
      lookup('parentcustomerid', [nav('account', 'parentcustomerid_account', 'contact_customer_accounts'), nav('contact', 'parentcustomerid_contact', 'contact_customer_contacts')], { type: 'customer' }),
      ...activeInactive(),
    ],
  },
  {
    logicalName: 'product', primaryName: 'name', objectTypeCode: 1024, ownership: 'org', privilegeName: 'Product',
    displayName: L('Product', 'Produit'), collectionName: L('Products', 'Produits'), currency: true,
    columns: [
      str('name', 100), str('productnumber', 100), memo('description', 2000), str('vendorname', 100), str('suppliername', 100),
      pick('producttypecode', opts([1, 'Sales Inventory', 'Stock de vente'], [2, 'Miscellaneous Charges', 'Frais divers'], [3, 'Services', 'Services'], [4, 'Flat Fees', 'Frais fixes'])),
      pick('productstructure', opts([1, 'Product', 'Produit'], [2, 'Product Family', 'Famille de produits'], [3, 'Product Bundle', 'Offre groupée'])),
      lookup('defaultuomid', [nav('uom', 'defaultuomid', 'unit_of_measurement_products')]),
      lookup('defaultuomscheduleid', [nav('uomschedule', 'defaultuomscheduleid', 'unit_of_measure_schedule_products')]),
      lookup('pricelevelid', [nav('pricelevel', 'pricelevelid', 'price_level_products')]),
      money('price'), money('standardcost'), money('currentcost'),
      dec('quantityonhand', { min: -1000000000, max: 1000000000 }), int('quantitydecimal', { min: 0, max: 5 }), bool('isstockitem'),
      dateOnly('validfromdate'), dateOnly('validtodate'),
      ...stateColumns(
        [[ProductState.active, 'Active', 'Actif', 1], [ProductState.retired, 'Retired', 'Retiré', 2], [ProductState.draft, 'Draft', 'Brouillon', 0], [ProductState.underRevision, 'Under Revision', 'En révision', 3]],
        [[1, 'Active', 'Actif', 0], [2, 'Retired', 'Retiré', 1], [0, 'Draft', 'Brouillon', 2], [3, 'Under Revision', 'En révision', 3]],
      ),
    ],
  },
  {
    logicalName: 'uom', primaryName: 'name', objectTypeCode: 1055, ownership: 'org', privilegeName: 'UoM',
    displayName: L('Unit', 'Unité'), collectionName: L('Units', 'Unités'),
    columns: [
      str('name', 100),
      lookup('uomscheduleid', [nav('uomschedule', 'uomscheduleid', 'unit_of_measure_schedule_conversions', 'Cascade')], createOnly),
      lookup('baseuom', [nav('uom', 'baseuom', 'unit_of_measurement_base_unit')]),
      dec('quantity', { min: 0, max: 1000000000 }),
      bool('isschedulebaseuom', ro),
    ],
  },
  {
    logicalName: 'uomschedule', primaryName: 'name', objectTypeCode: 1056, ownership: 'org', privilegeName: 'UoMSchedule',
    displayName: L('Unit Group', "Groupe d'unités"), collectionName: L('Unit Groups', "Groupes d'unités"),
    columns: [str('name', 200), str('baseuomname', 100, createOnly), memo('description', 2000), ...activeInactive()],
  },
  {
    // Activity Feeds' post configuration (ships with Dynamics 365 Sales): which tables show a wall of posts.
    logicalName: 'msdyn_postconfig', primaryName: 'msdyn_entityname', objectTypeCode: 10001, ownership: 'org', privilegeName: 'msdyn_PostConfig',
    displayName: L('Post Configuration', 'Configuration des publications'), collectionName: L('Post Configurations', 'Configurations des publications'),
    columns: [str('msdyn_entityname', 100), bool('msdyn_configurewall'), ...activeInactive()],
  },
  {
    logicalName: 'pricelevel', primaryName: 'name', objectTypeCode: 1022, ownership: 'org', privilegeName: 'PriceLevel',
    displayName: L('Price List', 'Liste de prix'), collectionName: L('Price Lists', 'Listes de prix'), currency: true,
    columns: [
      str('name', 100), memo('description', 2000), dateOnly('begindate'), dateOnly('enddate'),
      ...stateColumns([[0, 'Active', 'Actif', 100001], [1, 'Inactive', 'Inactif', 100002]], [[100001, 'Active', 'Actif', 0], [100002, 'Inactive', 'Inactif', 1]]),
    ],
  },
  {
    logicalName: 'productpricelevel', primaryName: 'productnumber', objectTypeCode: 1026, ownership: 'org', privilegeName: 'PriceLevel',
    privilegeVerbs: ['Create', 'Read', 'Write', 'Delete'],
    displayName: L('Price List Item', 'Élément de liste de prix'), collectionName: L('Price List Items', 'Éléments de liste de prix'), currency: true,
    columns: [
      lookup('pricelevelid', [nav('pricelevel', 'pricelevelid', 'price_level_product_price_levels', 'Cascade')]),
      lookup('productid', [nav('product', 'productid', 'product_price_levels', 'Cascade')]),
      lookup('uomid', [nav('uom', 'uomid', 'unit_of_measure_product_price_level')]),
      lookup('uomscheduleid', [nav('uomschedule', 'uomscheduleid', 'unit_of_measure_schedule_product_price_level')]),
      str('productnumber', 100, ro),
      money('amount'), dec('percentage'),
      pick('pricingmethodcode', opts([1, 'Currency Amount', 'Montant en devise'], [2, 'Percent of List', 'Pourcentage du tarif'], [3, 'Percent Markup - Current Cost', 'Pourcentage de majoration - Coût actuel'], [4, 'Percent Margin - Current Cost', 'Pourcentage de marge - Coût actuel'], [5, 'Percent Markup - Standard Cost', 'Pourcentage de majoration - Coût standard'], [6, 'Percent Margin - Standard Cost', 'Pourcentage de marge - Coût standard'])),
      pick('quantitysellingcode', opts([1, 'No Control', 'Aucun contrôle'], [2, 'Whole', 'Entier'], [3, 'Whole and Fractional', 'Entier et fractionnaire'])),
    ],
  },
  {
    logicalName: 'transactioncurrency', entitySetName: 'transactioncurrencies', primaryName: 'currencyname', objectTypeCode: 9105, ownership: 'org', privilegeName: 'TransactionCurrency',
    privilegeVerbs: ['Create', 'Read', 'Write', 'Delete'],
    displayName: L('Currency', 'Devise'), collectionName: L('Currencies', 'Devises'),
    columns: [str('isocurrencycode', 5), str('currencyname', 100), str('currencysymbol', 10), dec('exchangerate', { precision: 10, min: 0.0000000001, max: 100000000000 }), int('currencyprecision', { min: 0, max: 4 }), ...activeInactive()],
  },
  {
    logicalName: 'systemuser', primaryName: 'fullname', objectTypeCode: 8, ownership: 'org', privilegeName: 'User',
    privilegeVerbs: ['Create', 'Read', 'Write', 'Append', 'AppendTo', 'Assign'],
    displayName: L('User', 'Utilisateur'), collectionName: L('Users', 'Utilisateurs'),
    columns: [
      str('fullname', 200, ro), str('firstname', 64), str('lastname', 64), str('internalemailaddress', 100), str('domainname', 1024), str('title', 128),
      bool('isintegrationuser'), bool('isdisabled'), guidCol('applicationid'), guidCol('azureactivedirectoryobjectid'),
      lookup('businessunitid', [nav('businessunit', 'businessunitid', 'business_unit_system_users')]),
    ],
  },
  {
    logicalName: 'team', primaryName: 'name', objectTypeCode: 9, ownership: 'org', privilegeName: 'Team',
    displayName: L('Team', 'Équipe'), collectionName: L('Teams', 'Équipes'),
    columns: [str('name', 160), pick('teamtype', opts([0, 'Owner', 'Propriétaire'], [1, 'Access', 'Accès'])), lookup('businessunitid', [nav('businessunit', 'businessunitid', 'business_unit_teams')])],
  },
  {
    logicalName: 'businessunit', primaryName: 'name', objectTypeCode: 10, ownership: 'org', privilegeName: 'BusinessUnit',
    displayName: L('Business Unit', 'Division'), collectionName: L('Business Units', 'Divisions'),
    columns: [str('name', 160)],
  },
  {
    logicalName: 'organization', primaryName: 'name', objectTypeCode: 1019, ownership: 'org', privilegeName: 'Organization',
    privilegeVerbs: ['Read', 'Write'],
    displayName: L('Organization', 'Organisation'), collectionName: L('Organizations', 'Organisations'),
    columns: [str('name', 160), int('languagecode'), int('localeid'), bool('issopintegrationenabled'), lookup('basecurrencyid', [nav('transactioncurrency', 'basecurrencyid', 'basecurrency_organization')])],
  },
  {
    logicalName: 'salesorder', schemaName: 'SalesOrder', primaryName: 'name', objectTypeCode: 1088, ownership: 'user', privilegeName: 'Order',
    displayName: L('Order', 'Commande'), collectionName: L('Orders', 'Commandes'), currency: true,
    columns: [
      str('ordernumber', 100, createOnly),
      lookup('customerid', [nav('account', 'customerid_account', 'order_customer_accounts'), nav('contact', 'customerid_contact', 'order_customer_contacts')]),
      lookup('pricelevelid', [nav('pricelevel', 'pricelevelid', 'order_price_level')]),
      lookup('quoteid', [nav('quote', 'quoteid', 'quote_orders')]),
      ...salesHeader(),
      dateOnly('datefulfilled'), dateOnly('lastbackofficesubmit'), dateOnly('submitdate'), int('submitstatus'), memo('submitstatusdescription', 2000),
      ...stateColumns(
        [
          [SalesOrderState.active, 'Active', 'Active', SalesOrderStatus.new],
          [SalesOrderState.submitted, 'Submitted', 'Envoyée', SalesOrderStatus.inProgress],
          [SalesOrderState.canceled, 'Canceled', 'Annulée', SalesOrderStatus.noMoney],
          [SalesOrderState.fulfilled, 'Fulfilled', 'Traitée', SalesOrderStatus.complete],
          [SalesOrderState.invoiced, 'Invoiced', 'Facturée', SalesOrderStatus.invoiced],
        ],
        [
          [SalesOrderStatus.new, 'New', 'Nouvelle', 0], [SalesOrderStatus.pending, 'Pending', 'En attente', 0], [SalesOrderStatus.inProgress, 'In Progress', 'En cours', 1],
          [SalesOrderStatus.noMoney, 'No Money', 'Pas de fonds', 2], [SalesOrderStatus.complete, 'Complete', 'Terminée', 3], [SalesOrderStatus.partial, 'Partial', 'Partielle', 3],
          [SalesOrderStatus.invoiced, 'Invoiced', 'Facturée', 4],
        ],
      ),
    ],
  },
  lineTable('salesorderdetail', 1089, 'salesorder', 'order_details', 'Order', ['Order Product', 'Produit de la commande'], ['Order Products', 'Produits de la commande'], []),
  {
    logicalName: 'quote', primaryName: 'name', objectTypeCode: 1084, ownership: 'user', privilegeName: 'Quote',
    displayName: L('Quote', 'Devis'), collectionName: L('Quotes', 'Devis'), currency: true,
    columns: [
      str('quotenumber', 100, createOnly), int('revisionnumber', ro),
      lookup('customerid', [nav('account', 'customerid_account', 'quote_customer_accounts'), nav('contact', 'customerid_contact', 'quote_customer_contacts')]),
      lookup('pricelevelid', [nav('pricelevel', 'pricelevelid', 'price_level_quotes')]),
      ...salesHeader(),
      dateOnly('effectivefrom'), dateOnly('effectiveto'), dateOnly('expireson'), dateOnly('closedon'),
      ...stateColumns(
        [[QuoteState.draft, 'Draft', 'Brouillon', QuoteStatus.inProgressDraft], [QuoteState.active, 'Active', 'Actif', QuoteStatus.inProgress], [QuoteState.won, 'Won', 'Conclu', QuoteStatus.won], [QuoteState.closed, 'Closed', 'Fermé', QuoteStatus.lost]],
        [
          [QuoteStatus.inProgressDraft, 'In Progress', 'En cours', 0], [QuoteStatus.inProgress, 'In Progress', 'En cours', 1], [QuoteStatus.open, 'Open', 'Ouvert', 1],
          [QuoteStatus.won, 'Won', 'Conclu', 2], [QuoteStatus.lost, 'Lost', 'Perdu', 3], [QuoteStatus.canceled, 'Canceled', 'Annulé', 3], [QuoteStatus.revised, 'Revised', 'Révisé', 3],
        ],
      ),
    ],
  },
  lineTable('quotedetail', 1085, 'quote', 'quote_details', 'Quote', ['Quote Product', 'Produit du devis'], ['Quote Products', 'Produits du devis'], []),
  // The activity WinQuote, CloseQuote and ConvertQuoteToSalesOrder record (quoteMessages.ts); secured as every activity.
  {
    logicalName: 'quoteclose', schemaName: 'QuoteClose', entitySetName: 'quotecloses', primaryId: 'activityid', primaryName: 'subject', objectTypeCode: 4211, ownership: 'user', privilegeName: 'Activity',
    displayName: L('Quote Close', 'Fermeture du devis'), collectionName: L('Quote Close Activities', 'Activités de fermeture de devis'),
    columns: [
      str('subject', 200), memo('description', 2000), dt('actualend'), int('revision'),
      lookup('quoteid', [nav('quote', 'quoteid', 'Quote_QuoteClose', 'Cascade')]),
      ...stateColumns(
        [[0, 'Open', 'Ouverte', 1], [1, 'Completed', 'Terminée', 2], [2, 'Canceled', 'Annulée', 3]],
        [[1, 'Open', 'Ouverte', 0], [2, 'Completed', 'Terminée', 1], [3, 'Canceled', 'Annulée', 2]],
      ),
    ],
  },
  {
    logicalName: 'invoice', primaryName: 'name', objectTypeCode: 1090, ownership: 'user', privilegeName: 'Invoice',
    displayName: L('Invoice', 'Facture'), collectionName: L('Invoices', 'Factures'), currency: true,
    columns: [
      str('invoicenumber', 100, createOnly),
      lookup('customerid', [nav('account', 'customerid_account', 'invoice_customer_accounts'), nav('contact', 'customerid_contact', 'invoice_customer_contacts')]),
      lookup('pricelevelid', [nav('pricelevel', 'pricelevelid', 'price_level_invoices')]),
      lookup('salesorderid', [nav('salesorder', 'salesorderid', 'order_invoices')]),
      ...salesHeader(),
      dateOnly('datedelivered'), dateOnly('duedate'),
      ...stateColumns(
        [[InvoiceState.active, 'Active', 'Active', InvoiceStatus.new], [InvoiceState.closed, 'Closed (deprecated)', 'Fermée (obsolète)', InvoiceStatus.canceledDeprecated], [InvoiceState.paid, 'Paid', 'Payée', InvoiceStatus.complete], [InvoiceState.canceled, 'Canceled', 'Annulée', InvoiceStatus.canceled]],
        [
          [InvoiceStatus.new, 'New', 'Nouvelle', 0], [InvoiceStatus.partiallyShipped, 'Partially Shipped', 'Partiellement expédiée', 0], [InvoiceStatus.billed, 'Billed', 'Facturée', 0],
          [InvoiceStatus.booked, 'Booked', 'Comptabilisée', 0], [InvoiceStatus.installed, 'Installed', 'Installée', 0], [InvoiceStatus.canceledDeprecated, 'Canceled (deprecated)', 'Annulée (obsolète)', 1],
          [InvoiceStatus.paidInFullDeprecated, 'Paid in Full (deprecated)', 'Payée intégralement (obsolète)', 1], [InvoiceStatus.complete, 'Complete', 'Payée intégralement', 2],
          [InvoiceStatus.partial, 'Partial', 'Partiellement payée', 2], [InvoiceStatus.canceled, 'Canceled', 'Annulée', 3],
        ],
      ),
    ],
  },
  lineTable('invoicedetail', 1091, 'invoice', 'invoice_details', 'Invoice', ['Invoice Product', 'Produit de la facture'], ['Invoice Products', 'Produits de la facture'], [
    lookup('salesorderdetailid', [nav('salesorderdetail', 'salesorderdetailid', 'salesorderdetail_invoicedetail')]),
  ]),
  {
    logicalName: 'post', primaryName: 'text', objectTypeCode: 8000, ownership: 'none', privilegeName: 'Post',
    privilegeVerbs: ['Create', 'Read', 'Write', 'Delete', 'AppendTo'],
    displayName: L('Post', 'Publication'), collectionName: L('Posts', 'Publications'),
    columns: [
      memo('text', 5000),
      pick('source', opts([1, 'Auto Post', 'Publication automatique'], [2, 'Manual Post', 'Publication manuelle'])),
      pick('type', opts([1, 'Check-in', 'Enregistrement'], [2, 'Idea', 'Idée'], [3, 'News', 'Actualités'], [4, 'Private Message', 'Message privé'], [5, 'Question', 'Question'], [6, 'Re-post', 'Republication'], [7, 'Status', 'Statut'])),
      lookup('regardingobjectid', ['account', 'contact', 'salesorder', 'quote', 'invoice', 'product', 'systemuser'].map((t) => nav(t, `regardingobjectid_${t}`, `${t}_posts`, 'Cascade')), createOnly),
    ],
  },
  {
    logicalName: 'annotation', primaryName: 'subject', objectTypeCode: 5, ownership: 'user', privilegeName: 'Note',
    displayName: L('Note', 'Note'), collectionName: L('Notes', 'Notes'),
    columns: [
      str('subject', 500), memo('notetext', 100000), str('filename', 255), int('filesize', ro), str('mimetype', 256), memo('documentbody', 134217728), bool('isdocument'),
      str('objecttypecode', 64, ro),
      lookup('objectid', [['account', 'Account'], ['contact', 'Contact'], ['salesorder', 'SalesOrder'], ['quote', 'Quote'], ['invoice', 'Invoice'], ['product', 'Product']].map(([t, s]) => nav(t, `objectid_${t}`, `${s}_Annotation`, 'Cascade'))),
    ],
  },
  {
    logicalName: 'systemform', primaryName: 'name', primaryId: 'formid', objectTypeCode: 1030, ownership: 'org', privilegeName: 'SystemForm',
    privilegeVerbs: ['Create', 'Read', 'Write', 'Delete'],
    displayName: L('System Form', 'Formulaire système'), collectionName: L('System Forms', 'Formulaires système'),
    columns: [
      str('name', 100), memo('description', 2000), memo('formxml', 1073741823), str('objecttypecode', 64, createOnly),
      pick('type', opts([0, 'Dashboard', 'Tableau de bord'], [2, 'Main', 'Principal'], [5, 'Mobile', 'Mobile'], [6, 'Quick View Form', 'Formulaire de consultation rapide'], [7, 'Quick Create', 'Création rapide'], [11, 'Card', 'Carte'])),
      pick('formactivationstate', opts([0, 'Inactive', 'Inactif'], [1, 'Active', 'Actif'])),
      bool('isdefault'), guidCol('formidunique', ro), dt('publishedon', ro),
    ],
  },
  {
    logicalName: 'serviceendpoint', primaryName: 'name', objectTypeCode: 4618, ownership: 'org', privilegeName: 'ServiceEndpoint',
    privilegeVerbs: ['Create', 'Read', 'Write', 'Delete'],
    displayName: L('Service Endpoint', 'Point de terminaison de service'), collectionName: L('Service Endpoints', 'Points de terminaison de service'),
    columns: [
      str('name', 256), memo('description', 2000), str('url', 2000), str('namespaceaddress', 255), str('path', 160), str('saskeyname', 256),
      pick('contract', opts([1, 'OneWay', 'OneWay'], [2, 'Queue', 'Queue'], [3, 'Rest', 'Rest'], [4, 'TwoWay', 'TwoWay'], [5, 'Topic', 'Topic'], [6, 'Queue (Persistent)', 'Queue (Persistent)'], [7, 'Event Hub', 'Event Hub'], [8, 'Webhook', 'Webhook'], [9, 'Event Grid', 'Event Grid'])),
      pick('authtype', opts([1, 'ACS', 'ACS'], [2, 'SAS Key', 'SAS Key'], [3, 'SAS Token', 'SAS Token'], [4, 'Webhook Key', 'Webhook Key'], [5, 'Http Header', 'Http Header'], [6, 'Http Query String', 'Http Query String'], [7, 'Connection String', 'Connection String'], [8, 'Access Key', 'Access Key'], [9, 'Managed Identity', 'Managed Identity'])),
      // Write-only, as in Dataverse: the key is never returned on read.
      memo('authvalue', 4000),
      pick('messageformat', opts([1, 'Binary XML', 'Binary XML'], [2, 'Json', 'Json'], [3, 'Text XML', 'Text XML'])),
      pick('userclaim', opts([1, 'None', 'Aucun'], [2, 'UserId', 'UserId'], [3, 'UserInfo', 'UserInfo'])),
      pick('connectionmode', opts([1, 'Normal', 'Normal'], [2, 'Federated', 'Fédéré'])),
    ],
  },
  {
    logicalName: 'sdkmessage', primaryName: 'name', objectTypeCode: 4606, ownership: 'org', privilegeName: 'SdkMessage', privilegeVerbs: ['Read'],
    displayName: L('Sdk Message', 'Message Sdk'), collectionName: L('Sdk Messages', 'Messages Sdk'),
    columns: [str('name', 256, createOnly), str('categoryname', 25, createOnly)],
  },
  {
    logicalName: 'sdkmessagefilter', primaryName: 'name', objectTypeCode: 4607, ownership: 'org', privilegeName: 'SdkMessage', privilegeVerbs: ['Read'],
    displayName: L('Sdk Message Filter', 'Filtre de message Sdk'), collectionName: L('Sdk Message Filters', 'Filtres de message Sdk'),
    columns: [
      str('name', 256, createOnly), lookup('sdkmessageid', [nav('sdkmessage', 'sdkmessageid', 'sdkmessageid_sdkmessagefilter')], createOnly),
      str('primaryobjecttypecode', 64, createOnly), str('secondaryobjecttypecode', 64, createOnly), bool('iscustomprocessingstepallowed', createOnly), int('availability', createOnly),
    ],
  },
  {
    logicalName: 'sdkmessageprocessingstep', primaryName: 'name', objectTypeCode: 4608, ownership: 'org', privilegeName: 'SdkMessageProcessingStep',
    privilegeVerbs: ['Create', 'Read', 'Write', 'Delete'],
    displayName: L('Sdk Message Processing Step', 'Étape de traitement de message Sdk'), collectionName: L('Sdk Message Processing Steps', 'Étapes de traitement de message Sdk'),
    columns: [
      str('name', 256), memo('description', 256), memo('configuration', 1073741823), str('filteringattributes', 100000),
      lookup('sdkmessageid', [nav('sdkmessage', 'sdkmessageid', 'sdkmessageid_sdkmessageprocessingstep')]),
      lookup('sdkmessagefilterid', [nav('sdkmessagefilter', 'sdkmessagefilterid', 'sdkmessagefilterid_sdkmessageprocessingstep')]),
      lookup('eventhandler', [nav('serviceendpoint', 'eventhandler_serviceendpoint', 'serviceendpoint_sdkmessageprocessingstep', 'Cascade')]),
      pick('stage', opts([5, 'Initial Pre-operation (For internal use only)', 'Pré-opération initiale'], [10, 'Pre-validation', 'Pré-validation'], [15, 'Internal Pre-operation Before External Plugins', 'Interne'], [20, 'Pre-operation', 'Pré-opération'], [30, 'Main Operation', 'Opération principale'], [40, 'Post-operation', 'Post-opération'], [50, 'Post-operation (Deprecated)', 'Post-opération (obsolète)'])),
      pick('mode', opts([0, 'Synchronous', 'Synchrone'], [1, 'Asynchronous', 'Asynchrone'])),
      int('rank', { min: 1, max: 2147483647 }),
      pick('supporteddeployment', opts([0, 'Server Only', 'Serveur uniquement'], [1, 'Microsoft Dynamics 365 Client for Outlook Only', 'Outlook uniquement'], [2, 'Both', 'Les deux'])),
      bool('asyncautodelete'),
      ...stateColumns([[0, 'Enabled', 'Activé', 1], [1, 'Disabled', 'Désactivé', 2]], [[1, 'Enabled', 'Activé', 0], [2, 'Disabled', 'Désactivé', 1]]),
    ],
  },
  {
    logicalName: 'environmentvariabledefinition', primaryName: 'schemaname', objectTypeCode: 380, ownership: 'user', privilegeName: 'EnvironmentVariableDefinition',
    displayName: L('Environment Variable Definition', "Définition de variable d'environnement"), collectionName: L('Environment Variable Definitions', "Définitions de variable d'environnement"),
    columns: [
      str('schemaname', 100, createOnly), str('displayname', 100), memo('description', 2000), memo('defaultvalue', 2000), bool('isrequired'),
      pick('type', opts([100000000, 'String', 'Texte'], [100000001, 'Number', 'Nombre'], [100000002, 'Boolean', 'Booléen'], [100000003, 'JSON', 'JSON'], [100000004, 'Data source', 'Source de données'], [100000005, 'Secret', 'Secret'])),
      ...activeInactive(),
    ],
  },
  {
    logicalName: 'environmentvariablevalue', primaryName: 'schemaname', objectTypeCode: 381, ownership: 'user', privilegeName: 'EnvironmentVariableValue',
    displayName: L('Environment Variable Value', "Valeur de variable d'environnement"), collectionName: L('Environment Variable Values', "Valeurs de variable d'environnement"),
    columns: [
      str('schemaname', 100), memo('value', 2000),
      lookup('environmentvariabledefinitionid', [nav('environmentvariabledefinition', 'EnvironmentVariableDefinitionId', 'environmentvariabledefinition_environmentvariablevalue', 'Cascade')]),
      ...activeInactive(),
    ],
  },
  {
    logicalName: 'role', primaryName: 'name', objectTypeCode: 1036, ownership: 'org', privilegeName: 'Role',
    displayName: L('Security Role', 'Rôle de sécurité'), collectionName: L('Security Roles', 'Rôles de sécurité'),
    columns: [str('name', 100), lookup('businessunitid', [nav('businessunit', 'businessunitid', 'business_unit_roles')])],
  },
  {
    logicalName: 'solution', primaryName: 'friendlyname', objectTypeCode: 7100, ownership: 'org', privilegeName: 'Solution',
    displayName: L('Solution', 'Solution'), collectionName: L('Solutions', 'Solutions'),
    columns: [str('uniquename', 65, createOnly), str('friendlyname', 256), str('version', 256), bool('ismanaged', ro), memo('description', 2000), dt('installedon', ro), lookup('publisherid', [nav('publisher', 'publisherid', 'publisher_solution')])],
  },
  {
    logicalName: 'publisher', primaryName: 'friendlyname', objectTypeCode: 7101, ownership: 'org', privilegeName: 'Publisher',
    displayName: L('Publisher', 'Éditeur'), collectionName: L('Publishers', 'Éditeurs'),
    columns: [str('uniquename', 256, createOnly), str('friendlyname', 256), str('customizationprefix', 8), int('customizationoptionvalueprefix', { min: 10000, max: 99999 })],
  },
  {
    logicalName: 'webresource', schemaName: 'WebResource', entitySetName: 'webresourceset', primaryName: 'name', objectTypeCode: 9333, ownership: 'org', privilegeName: 'WebResource',
    privilegeVerbs: ['Create', 'Read', 'Write', 'Delete'],
    displayName: L('Web Resource', 'Ressource web'), collectionName: L('Web Resources', 'Ressources web'),
    columns: [
      str('name', 256, createOnly), str('displayname', 200), memo('description', 2000), memo('content', 1073741823),
      pick('webresourcetype', opts([1, 'Webpage (HTML)', 'Page web (HTML)'], [2, 'Style Sheet (CSS)', 'Feuille de style (CSS)'], [3, 'Script (JScript)', 'Script (JScript)'], [4, 'Data (XML)', 'Données (XML)'], [5, 'PNG format', 'Format PNG'], [6, 'JPG format', 'Format JPG'], [7, 'GIF format', 'Format GIF'], [8, 'Silverlight (XAP)', 'Silverlight (XAP)'], [9, 'Style Sheet (XSL)', 'Feuille de style (XSL)'], [10, 'ICO format', 'Format ICO'], [11, 'Vector format (SVG)', 'Format vectoriel (SVG)'], [12, 'String (RESX)', 'Chaîne (RESX)'])),
    ],
  },
  {
    logicalName: 'usersettings', schemaName: 'UserSettings', entitySetName: 'usersettingscollection', primaryId: 'systemuserid', primaryName: 'systemuserid', objectTypeCode: 150,
    ownership: 'org', privilegeName: 'UserSettings', privilegeVerbs: ['Create', 'Read', 'Write', 'Delete'],
    displayName: L('User Settings', 'Paramètres utilisateur'), collectionName: L('User Settings', 'Paramètres utilisateur'),
    columns: [
      int('uilanguageid'), int('localeid'), int('helplanguageid'), int('timezonecode'),
      ...['timezonebias', 'timezonestandardbias', 'timezonedaylightbias'].map((c) => int(c)),
      ...['standard', 'daylight'].flatMap((k) => ['month', 'day', 'dayofweek', 'hour', 'minute'].map((p) => int(`timezone${k}${p}`))),
    ],
  },
];

/** The standard tables, with every platform-enforced property taken from Microsoft's table reference pages (reference.ts). */
export function standardTables(): TableDef[] {
  return specs.map((s) => {
    const t = buildTable(s);
    applyReference(t);
    return t;
  });
}

/** Tables whose rows belong to the platform: the seed creates them; Create is refused like in Dataverse. */
export const PLATFORM_TABLES = new Set(['sdkmessage', 'sdkmessagefilter', 'organization', 'businessunit']);
