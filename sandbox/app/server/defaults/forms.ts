/**
 * Main forms of the sandbox's tables, laid out like the Sales main forms (Summary tab, header fields, the lines
 * subgrid, the timeline), with the product's controls where issue 6 puts them: Account Statistics on the account
 * form, Item Availability on the product form and on each order/quote line. When the imported solution ships a
 * main form for a table, that form wins (see solution/formXml.ts).
 */
import {
  AccountColumns, ConnectionColumns, CouplingColumns, IntegrationRequestColumns, InvoiceColumns, ProductColumns, QuoteColumns,
  SalesOrderColumns, SyncJobColumns, Tables, AccountStatisticsColumns, ItemAvailabilityColumns,
} from '../../../../domain/schema';
import type { FormControl, FormDef, FormSection, Labels } from '../../shared/model';

const L = (en: string, fr: string): Labels => ({ 1033: en, 1036: fr });
const f = (attribute: string, extra: Partial<Extract<FormControl, { kind: 'field' }>> = {}): FormControl => ({ kind: 'field', attribute, ...extra });
const section = (id: string, labels: Labels, controls: FormControl[], columns = 1): FormSection => ({ id, labels, controls, columns });
const timeline = (): FormControl => ({ kind: 'timeline', id: 'Timeline', labels: L('Timeline', 'Chronologie') });

const ACCOUNT_STATISTICS = 'ErpLink.AccountStatistics';
const ITEM_AVAILABILITY = 'ErpLink.ItemAvailability';

const summaryTab = (sections: FormSection[]) => ({ id: 'summary', labels: L('Summary', 'Résumé'), sections });

function form(entity: string, names: Labels, headerFields: string[], tabs: FormDef['tabs']): FormDef {
  return { entity, id: `sandbox-${entity}-main`, names, headerFields, tabs, libraries: [], source: 'sandbox' };
}

// Tax beside Extended Amount: Sales' extended amount includes the line's tax, which invoices from the ERP carry
// (2 × 26,87 € shows 64,49 € only with the 10,75 € of VAT next to it: issue 19, finding 8).
const lines = (entity: 'salesorderdetail' | 'quotedetail' | 'invoicedetail', parentLookup: string, withAvailability: boolean): FormControl => ({
  kind: 'subgrid',
  id: entity === 'salesorderdetail' ? 'salesorderdetailsGrid' : entity === 'quotedetail' ? 'quotedetailsGrid' : 'invoicedetailsGrid',
  entity,
  relationshipAttribute: parentLookup,
  // Order lines also show what the ERP shipped and what waits (the connector writes both from the ERP order).
  columns: ['productid', 'productdescription', 'quantity', ...(entity === 'salesorderdetail' ? ['quantityshipped', 'quantitybackordered'] : []), 'uomid', 'priceperunit', 'manualdiscountamount', 'tax', 'extendedamount', ...(withAvailability ? ['erp_locationcode'] : [])],
  labels: L('Products', 'Produits'),
  lineControl: withAvailability ? { control: ITEM_AVAILABILITY, bindings: { product: { attribute: 'productid' }, quantity: { attribute: 'quantity' }, shipFrom: { attribute: 'erp_locationcode' } } } : undefined,
});

/**
 * Our solution's columns on the standard tables, as the section an admin adds to the org's main forms after install
 * (configure-forms only places the controls). Columns the ERP owns are read-only.
 */
export const ERP_SECTION_FIELDS: Record<string, { attribute: string; readOnly: boolean }[]> = {
  account: [
    { attribute: AccountColumns.customerNumber, readOnly: false },
    { attribute: AccountColumns.erpLocationCode, readOnly: true },
  ],
  product: [{ attribute: ProductColumns.itemNumber, readOnly: false }],
  salesorder: [SalesOrderColumns.erpOrderNumber, SalesOrderColumns.submissionStatus, SalesOrderColumns.submittedOn, SalesOrderColumns.submittedBy, SalesOrderColumns.lastSubmissionError].map((attribute) => ({ attribute, readOnly: true })),
  quote: [{ attribute: QuoteColumns.erpQuoteNumber, readOnly: true }],
  invoice: [{ attribute: InvoiceColumns.erpInvoiceNumber, readOnly: true }],
};

export function standardForms(): FormDef[] {
  return [
    form('account', L('Account', 'Compte'), ['accountnumber', AccountColumns.customerNumber, 'creditlimit', 'ownerid'], [
      summaryTab([
        section('account_information', L('Account information', 'Informations sur le compte'), [f('name', { required: true }), f('accountnumber'), f(AccountColumns.customerNumber), f(AccountColumns.erpLocationCode, { readOnly: true }), f('telephone1'), f('emailaddress1'), f('websiteurl'), f('customertypecode'), f('transactioncurrencyid'), f('creditlimit'), f('creditonhold'), f('primarycontactid')]),
        section('erp_statistics', L('ERP statistics', 'Statistiques ERP'), [
          { kind: 'pcf', id: 'erp_accountstatistics_control', control: ACCOUNT_STATISTICS, labels: L('ERP statistics', 'Statistiques ERP'), bindings: { account: { attribute: AccountColumns.customerNumber } }, showLabel: false },
        ]),
        section('timeline', L('Timeline', 'Chronologie'), [timeline()]),
      ]),
      { id: 'details', labels: L('Details', 'Détails'), sections: [section('address', L('Address', 'Adresse'), [f('address1_line1'), f('address1_line2'), f('address1_postalcode'), f('address1_city'), f('address1_country'), f('description')])] },
    ]),
    form('contact', L('Contact', 'Contact'), ['parentcustomerid', 'ownerid'], [
      summaryTab([
        section('contact_information', L('Contact information', 'Informations sur le contact'), [f('firstname'), f('lastname'), f('jobtitle'), f('parentcustomerid'), f('emailaddress1'), f('telephone1'), f('mobilephone')]),
        section('address', L('Address', 'Adresse'), [f('address1_line1'), f('address1_postalcode'), f('address1_city'), f('address1_country')]),
      ]),
    ]),
    form('product', L('Product', 'Produit'), ['productnumber', ProductColumns.itemNumber, 'statecode'], [
      summaryTab([
        section('general', L('General', 'Général'), [f('name', { required: true }), f('productnumber'), f(ProductColumns.itemNumber), f('producttypecode'), f('defaultuomid'), f('price'), f('description')]),
        section('erp_availability', L('ERP availability', 'Disponibilité ERP'), [
          { kind: 'pcf', id: 'erp_itemavailability_control', control: ITEM_AVAILABILITY, labels: L('ERP availability', 'Disponibilité ERP'), bindings: { product: { attribute: ProductColumns.itemNumber } }, showLabel: false },
        ]),
      ]),
    ]),
    form('salesorder', L('Order', 'Commande'), ['ordernumber', SalesOrderColumns.erpOrderNumber, 'totalamount', 'statuscode'], [
      summaryTab([
        section('summary', L('Order', 'Commande'), [f('name', { required: true }), f('ordernumber', { readOnly: true }), f('customerid'), f('transactioncurrencyid'), f('pricelevelid'), f('requestdeliveryby'), f('datefulfilled', { readOnly: true }), f('description')]),
        section('erp', L('ERP', 'ERP'), [f(SalesOrderColumns.erpOrderNumber, { readOnly: true }), f(SalesOrderColumns.submissionStatus, { readOnly: true }), f(SalesOrderColumns.submittedOn, { readOnly: true }), f(SalesOrderColumns.submittedBy, { readOnly: true }), f(SalesOrderColumns.lastSubmissionError, { readOnly: true }), f('statecode', { readOnly: true }), f('statuscode', { readOnly: true })]),
        section('lines', L('Products', 'Produits'), [lines('salesorderdetail', 'salesorderid', true)]),
        section('timeline', L('Timeline', 'Chronologie'), [timeline()]),
      ]),
      { id: 'shipping', labels: L('Shipping', 'Expédition'), sections: [section('shipto', L('Ship to', 'Livrer à'), [f('shipto_name'), f('shipto_line1'), f('shipto_postalcode'), f('shipto_city'), f('shipto_country'), f('shippingmethodcode'), f('paymenttermscode')])] },
    ]),
    form('salesorderdetail', L('Order Product', 'Produit de la commande'), ['salesorderid', 'quantity'], [
      summaryTab([
        section('general', L('General', 'Général'), [f('salesorderid', { readOnly: true }), f('productid'), f('productdescription'), f('quantity'), f('uomid'), f('priceperunit'), f('manualdiscountamount'), f('extendedamount', { readOnly: true })]),
        section('erp_availability', L('ERP availability', 'Disponibilité ERP'), [
          { kind: 'pcf', id: 'erp_itemavailability_control', control: ITEM_AVAILABILITY, labels: L('ERP availability', 'Disponibilité ERP'), bindings: { product: { attribute: 'productid' }, quantity: { attribute: 'quantity' } }, showLabel: false },
        ]),
      ]),
    ]),
    form('quote', L('Quote', 'Devis'), ['quotenumber', 'revisionnumber', QuoteColumns.erpQuoteNumber, 'statuscode'], [
      summaryTab([
        section('summary', L('Quote', 'Devis'), [f('name', { required: true }), f('quotenumber', { readOnly: true }), f('revisionnumber', { readOnly: true }), f('customerid'), f('transactioncurrencyid'), f('pricelevelid'), f('effectivefrom'), f('effectiveto'), f(QuoteColumns.erpQuoteNumber, { readOnly: true }), f('statecode', { readOnly: true }), f('statuscode', { readOnly: true })]),
        section('lines', L('Products', 'Produits'), [lines('quotedetail', 'quoteid', true)]),
        section('timeline', L('Timeline', 'Chronologie'), [timeline()]),
      ]),
    ]),
    form('quotedetail', L('Quote Product', 'Produit du devis'), ['quoteid', 'quantity'], [
      summaryTab([
        section('general', L('General', 'Général'), [f('quoteid', { readOnly: true }), f('productid'), f('productdescription'), f('quantity'), f('uomid'), f('priceperunit'), f('extendedamount', { readOnly: true })]),
        section('erp_availability', L('ERP availability', 'Disponibilité ERP'), [
          { kind: 'pcf', id: 'erp_itemavailability_control', control: ITEM_AVAILABILITY, labels: L('ERP availability', 'Disponibilité ERP'), bindings: { product: { attribute: 'productid' }, quantity: { attribute: 'quantity' } }, showLabel: false },
        ]),
      ]),
    ]),
    form('invoice', L('Invoice', 'Facture'), ['invoicenumber', InvoiceColumns.erpInvoiceNumber, 'totalamount', 'statuscode'], [
      summaryTab([
        section('summary', L('Invoice', 'Facture'), [f('name'), f('invoicenumber', { readOnly: true }), f(InvoiceColumns.erpInvoiceNumber, { readOnly: true }), f('customerid'), f('salesorderid'), f('transactioncurrencyid'), f('duedate'), f('datedelivered'), f('totaltax', { readOnly: true }), f('totalamount', { readOnly: true }), f('statecode', { readOnly: true }), f('statuscode', { readOnly: true })]),
        section('lines', L('Products', 'Produits'), [lines('invoicedetail', 'invoiceid', false)]),
        section('timeline', L('Timeline', 'Chronologie'), [timeline()]),
      ]),
    ]),
    form(Tables.integrationRequest.logicalName, L('ERP integration request', 'Demande d’intégration ERP'), [IntegrationRequestColumns.kind, IntegrationRequestColumns.status, IntegrationRequestColumns.attempts], [
      summaryTab([
        section('request', L('Request', 'Demande'), [f(IntegrationRequestColumns.name), f(IntegrationRequestColumns.kind), f(IntegrationRequestColumns.status), f(IntegrationRequestColumns.targetTable), f(IntegrationRequestColumns.targetId), f(IntegrationRequestColumns.idempotencyKey), f(IntegrationRequestColumns.requestedBy), f(IntegrationRequestColumns.connection)]),
        section('result', L('Result', 'Résultat'), [f(IntegrationRequestColumns.erpDocumentNumber), f(IntegrationRequestColumns.erpDocumentId), f(IntegrationRequestColumns.attempts), f(IntegrationRequestColumns.nextAttemptAt), f(IntegrationRequestColumns.startedOn), f(IntegrationRequestColumns.completedOn), f(IntegrationRequestColumns.claimedBy), f(IntegrationRequestColumns.lastError), f(IntegrationRequestColumns.fixHint)]),
        section('log', L('Log', 'Journal'), [f(IntegrationRequestColumns.log), f(IntegrationRequestColumns.payload)]),
      ]),
    ]),
    form(Tables.syncJob.logicalName, L('ERP synchronization job', 'Travail de synchronisation ERP'), [SyncJobColumns.state, SyncJobColumns.progress], [
      summaryTab([
        section('job', L('Job', 'Travail'), [f(SyncJobColumns.name), f(SyncJobColumns.mapping), f(SyncJobColumns.kind), f(SyncJobColumns.state), f(SyncJobColumns.progress), f(SyncJobColumns.startedOn), f(SyncJobColumns.finishedOn), f(SyncJobColumns.watermark)]),
        section('counts', L('Counts', 'Compteurs'), [f(SyncJobColumns.inserted), f(SyncJobColumns.modified), f(SyncJobColumns.unchanged), f(SyncJobColumns.failed), f(SyncJobColumns.skipped), f(SyncJobColumns.lastError)]),
      ]),
    ]),
    form(Tables.coupling.logicalName, L('ERP coupling', 'Couplage ERP'), [CouplingColumns.crmTable, CouplingColumns.erpNumber], [
      summaryTab([
        section('coupling', L('Coupling', 'Couplage'), [f(CouplingColumns.name), f(CouplingColumns.crmTable), f(CouplingColumns.crmId), f(CouplingColumns.erpEntity), f(CouplingColumns.erpId), f(CouplingColumns.erpNumber), f(CouplingColumns.direction), f(CouplingColumns.lastSyncedOn), f(CouplingColumns.skipped), f(CouplingColumns.lastError), f(CouplingColumns.connection)]),
      ]),
    ]),
    form(Tables.connection.logicalName, L('ERP connection', 'Connexion ERP'), [ConnectionColumns.erpKind, ConnectionColumns.lastHeartbeat], [
      summaryTab([
        section('connection', L('Connection', 'Connexion'), [f(ConnectionColumns.name), f(ConnectionColumns.erpKind), f(ConnectionColumns.apiBaseUrl), f(ConnectionColumns.companyId), f(ConnectionColumns.webClientUrl), f(ConnectionColumns.isDefault)]),
        section('behaviour', L('Behaviour', 'Comportement'), [f(ConnectionColumns.autoCreateOrders), f(ConnectionColumns.autoProcessQuotes), f(ConnectionColumns.writeInProductType), f(ConnectionColumns.writeInProductNumber), f(ConnectionColumns.availabilityIntervalMinutes), f(ConnectionColumns.statisticsIntervalMinutes)]),
        section('health', L('Health', 'Santé'), [f(ConnectionColumns.lastHeartbeat), f(ConnectionColumns.connectorVersion)]),
      ]),
    ]),
    form(Tables.accountStatistics.logicalName, L('ERP account statistics', 'Statistiques ERP du compte'), [AccountStatisticsColumns.customerNumber, AccountStatisticsColumns.refreshedOn], [
      summaryTab([
        section('stats', L('Statistics', 'Statistiques'), Object.values(AccountStatisticsColumns).map((c) => f(c)), 2),
      ]),
    ]),
    form(Tables.itemAvailability.logicalName, L('ERP item availability', 'Disponibilité ERP de l’article'), [ItemAvailabilityColumns.itemNumber, ItemAvailabilityColumns.locationCode], [
      summaryTab([section('availability', L('Availability', 'Disponibilité'), Object.values(ItemAvailabilityColumns).map((c) => f(c)), 2)]),
    ]),
  ];
}
