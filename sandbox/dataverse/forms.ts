/**
 * Main forms (systemform.formxml) for the tables whose forms the product configures: account, product, salesorder,
 * salesorderdetail, quote, quotedetail. Shaped like Dataverse's FormXml (tabs → columns → sections → rows → cells →
 * controls with their class ids) so a configure-forms tool can read, PATCH and read back real-looking forms.
 */
import { createHash } from 'crypto';
import type { FormDef } from './metadata/types';

export const CONTROL_CLASS = {
  text: '{4273EDBD-AC1D-40d3-9FB2-095C621B552D}',
  memo: '{E0DECE4B-6FC8-4a8f-A065-082708572369}',
  lookup: '{270BD3DB-D9AF-4782-9025-509E298DEC0A}',
  picklist: '{3EF39988-22BB-4f0b-BBBE-64B5A3748AEE}',
  money: '{533B9E00-756B-4312-95A0-DC888637AC78}',
  decimal: '{C3EFE0C3-0EC6-42be-8349-CBD9079DFD8E}',
  integer: '{C6D124CA-7EDA-4a60-AEA9-7FB8D318B68F}',
  datetime: '{5B773807-9FB2-42db-97C3-7A91EFF8ADFF}',
  boolean: '{B0C6723A-8503-4fd7-BB28-C8A06AC933C2}',
  subgrid: '{E7A81278-8635-4d9e-8D4D-59480B391C5B}',
} as const;

type Kind = keyof typeof CONTROL_CLASS;
type Field = [name: string, kind: Kind, en: string, fr: string];

const guid = (seed: string) => {
  const h = createHash('sha1').update(seed).digest('hex');
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-9${h.slice(17, 20)}-${h.slice(20, 32)}}`;
};
const labels = (en: string, fr: string) => `<labels><label description="${en}" languagecode="1033" /><label description="${fr}" languagecode="1036" /></labels>`;

function section(table: string, name: string, en: string, fr: string, fields: Field[]): string {
  const rows = fields
    .map(([field, kind, fen, ffr]) => {
      const control =
        kind === 'subgrid'
          ? `<control id="${field}" classid="${CONTROL_CLASS.subgrid}" indicationOfSubgrid="true" uniqueid="${guid(`${table}:${field}:subgrid`)}"><parameters><TargetEntityType>${field === 'quotedetailsGrid' ? 'quotedetail' : 'salesorderdetail'}</TargetEntityType><RelationshipName>${field === 'quotedetailsGrid' ? 'quote_details' : 'order_details'}</RelationshipName><RecordsPerPage>10</RecordsPerPage><AutoExpand>Fixed</AutoExpand><EnableViewPicker>false</EnableViewPicker></parameters></control>`
          : `<control id="${field}" classid="${CONTROL_CLASS[kind]}" datafieldname="${field}" disabled="false" />`;
      return `<row><cell id="${guid(`${table}:${name}:${field}`)}" showlabel="true">${labels(fen, ffr)}${control}</cell></row>`;
    })
    .join('');
  return `<section name="${name}" showlabel="true" showbar="false" id="${guid(`${table}:section:${name}`)}" IsUserDefined="0" columns="1">${labels(en, fr)}<rows>${rows}</rows></section>`;
}

function form(table: string, sections: string[]): string {
  return (
    `<form><tabs><tab name="general" id="${guid(`${table}:tab:general`)}" IsUserDefined="0" verticallayout="true" expanded="true" showlabel="true">${labels('Summary', 'Résumé')}` +
    `<columns><column width="100%"><sections>${sections.join('')}</sections></column></columns></tab></tabs>` +
    `<formLibraries /><events><event name="onload" application="false" active="false" /></events></form>`
  );
}

const SPECS: Array<{ table: string; name: string; sections: Array<[string, string, string, Field[]]> }> = [
  {
    table: 'account',
    name: 'Account',
    sections: [
      ['account_information', 'Account Information', 'Informations sur le compte', [['name', 'text', 'Account Name', 'Nom du compte'], ['accountnumber', 'text', 'Account Number', 'Numéro de compte'], ['telephone1', 'text', 'Phone', 'Téléphone'], ['websiteurl', 'text', 'Website', 'Site web'], ['primarycontactid', 'lookup', 'Primary Contact', 'Contact principal']]],
      ['address', 'Address', 'Adresse', [['address1_line1', 'text', 'Street 1', 'Rue 1'], ['address1_city', 'text', 'City', 'Ville'], ['address1_postalcode', 'text', 'ZIP/Postal Code', 'Code postal'], ['address1_country', 'text', 'Country/Region', 'Pays/Région']]],
      ['billing', 'Billing', 'Facturation', [['creditlimit', 'money', 'Credit Limit', 'Limite de crédit'], ['creditonhold', 'boolean', 'Credit Hold', 'Crédit bloqué'], ['transactioncurrencyid', 'lookup', 'Currency', 'Devise']]],
    ],
  },
  {
    table: 'product',
    name: 'Product',
    sections: [
      ['product_information', 'Product Information', 'Informations sur le produit', [['name', 'text', 'Name', 'Nom'], ['productnumber', 'text', 'Product ID', 'ID de produit'], ['producttypecode', 'picklist', 'Product Type', 'Type de produit'], ['defaultuomscheduleid', 'lookup', 'Unit Group', "Groupe d'unités"], ['defaultuomid', 'lookup', 'Default Unit', 'Unité par défaut']]],
      ['costs', 'Costs', 'Coûts', [['price', 'money', 'List Price', 'Prix catalogue'], ['standardcost', 'money', 'Standard Cost', 'Coût standard'], ['quantityonhand', 'decimal', 'Quantity On Hand', 'Quantité disponible']]],
    ],
  },
  {
    table: 'salesorder',
    name: 'Order',
    sections: [
      ['summary', 'Summary', 'Résumé', [['ordernumber', 'text', 'Order ID', 'ID de commande'], ['name', 'text', 'Name', 'Nom'], ['customerid', 'lookup', 'Customer', 'Client'], ['pricelevelid', 'lookup', 'Price List', 'Liste de prix'], ['transactioncurrencyid', 'lookup', 'Currency', 'Devise'], ['requestdeliveryby', 'datetime', 'Requested Delivery Date', 'Date de livraison demandée']]],
      ['products', 'Products', 'Produits', [['salesorderdetailsGrid', 'subgrid', 'Products', 'Produits']]],
      ['totals', 'Totals', 'Totaux', [['totallineitemamount', 'money', 'Detail Amount', 'Montant détaillé'], ['discountpercentage', 'decimal', 'Order Discount (%)', 'Remise sur la commande (%)'], ['totalamount', 'money', 'Total Amount', 'Montant total']]],
      ['shipping', 'Shipping', 'Expédition', [['shipto_line1', 'text', 'Ship To Street 1', 'Livrer à rue 1'], ['shipto_city', 'text', 'Ship To City', 'Livrer à ville'], ['description', 'memo', 'Description', 'Description']]],
    ],
  },
  {
    table: 'salesorderdetail',
    name: 'Order Product',
    sections: [
      ['product', 'Product', 'Produit', [['productid', 'lookup', 'Existing Product', 'Produit existant'], ['productdescription', 'text', 'Write-In Product', 'Produit hors catalogue'], ['uomid', 'lookup', 'Unit', 'Unité']]],
      ['pricing', 'Pricing', 'Tarification', [['priceperunit', 'money', 'Price Per Unit', 'Prix unitaire'], ['quantity', 'decimal', 'Quantity', 'Quantité'], ['manualdiscountamount', 'money', 'Manual Discount', 'Remise manuelle'], ['extendedamount', 'money', 'Extended Amount', 'Montant étendu']]],
    ],
  },
  {
    table: 'quote',
    name: 'Quote',
    sections: [
      // As Sales' quote form: the price list and currency next to the customer (choosing the customer fills them).
      ['summary', 'Summary', 'Résumé', [['quotenumber', 'text', 'Quote ID', 'ID du devis'], ['name', 'text', 'Name', 'Nom'], ['customerid', 'lookup', 'Customer', 'Client'], ['pricelevelid', 'lookup', 'Price List', 'Liste de prix'], ['transactioncurrencyid', 'lookup', 'Currency', 'Devise'], ['effectiveto', 'datetime', 'Effective To', "Date d'expiration"]]],
      ['products', 'Products', 'Produits', [['quotedetailsGrid', 'subgrid', 'Products', 'Produits']]],
      ['totals', 'Totals', 'Totaux', [['totallineitemamount', 'money', 'Detail Amount', 'Montant détaillé'], ['discountpercentage', 'decimal', 'Quote Discount (%)', 'Remise sur le devis (%)'], ['totalamount', 'money', 'Total Amount', 'Montant total']]],
    ],
  },
  {
    table: 'quotedetail',
    name: 'Quote Product',
    sections: [
      ['product', 'Product', 'Produit', [['productid', 'lookup', 'Existing Product', 'Produit existant'], ['productdescription', 'text', 'Write-In Product', 'Produit hors catalogue'], ['uomid', 'lookup', 'Unit', 'Unité']]],
      ['pricing', 'Pricing', 'Tarification', [['priceperunit', 'money', 'Price Per Unit', 'Prix unitaire'], ['quantity', 'decimal', 'Quantity', 'Quantité'], ['manualdiscountamount', 'money', 'Manual Discount', 'Remise manuelle'], ['extendedamount', 'money', 'Extended Amount', 'Montant étendu']]],
    ],
  },
];

/** Deterministic form ids, so a tool that PATCHes a form by id finds it after a restart. */
export function mainForms(): FormDef[] {
  return SPECS.map((s) => ({
    formId: guid(`form:${s.table}:main`).replace(/[{}]/g, ''),
    table: s.table,
    type: 2,
    name: s.name,
    formXml: form(s.table, s.sections.map(([name, en, fr, fields]) => section(s.table, name, en, fr, fields))),
  }));
}
