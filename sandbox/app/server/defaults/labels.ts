/**
 * English and French display names of the standard columns the sandbox's forms and views show, as a Sales org has
 * them. Used only where the metadata the stand-in serves has no label for a column (our own erp_ columns always
 * come with their labels from the solution).
 */
import type { Labels } from '../../shared/model';

const L = (en: string, fr: string): Labels => ({ 1033: en, 1036: fr });

/** Column → label, whatever the table. */
const common: Record<string, Labels> = {
  name: L('Name', 'Nom'),
  description: L('Description', 'Description'),
  ownerid: L('Owner', 'Propriétaire'),
  createdon: L('Created On', 'Date de création'),
  modifiedon: L('Modified On', 'Date de modification'),
  createdby: L('Created By', 'Créé par'),
  modifiedby: L('Modified By', 'Modifié par'),
  statecode: L('Status', 'Statut'),
  statuscode: L('Status Reason', 'Raison du statut'),
  transactioncurrencyid: L('Currency', 'Devise'),
  pricelevelid: L('Price List', 'Liste de prix'),
  customerid: L('Customer', 'Client'),
  accountnumber: L('Account Number', 'Numéro de compte'),
  telephone1: L('Main Phone', 'Téléphone principal'),
  emailaddress1: L('Email', 'Adresse e-mail'),
  websiteurl: L('Website', 'Site web'),
  customertypecode: L('Relationship Type', 'Type de relation'),
  creditlimit: L('Credit Limit', 'Limite de crédit'),
  creditonhold: L('Credit Hold', 'Crédit suspendu'),
  primarycontactid: L('Primary Contact', 'Contact principal'),
  parentcustomerid: L('Company Name', 'Nom de la société'),
  firstname: L('First Name', 'Prénom'),
  lastname: L('Last Name', 'Nom'),
  fullname: L('Full Name', 'Nom complet'),
  jobtitle: L('Job Title', 'Fonction'),
  mobilephone: L('Mobile Phone', 'Téléphone mobile'),
  address1_line1: L('Street 1', 'Rue 1'),
  address1_line2: L('Street 2', 'Rue 2'),
  address1_city: L('City', 'Ville'),
  address1_postalcode: L('ZIP/Postal Code', 'Code postal'),
  address1_country: L('Country/Region', 'Pays/région'),
  productnumber: L('Product ID', 'ID de produit'),
  producttypecode: L('Product Type', 'Type de produit'),
  defaultuomid: L('Default Unit', 'Unité par défaut'),
  price: L('List Price', 'Prix catalogue'),
  ordernumber: L('Order ID', 'ID de commande'),
  quotenumber: L('Quote ID', 'ID du devis'),
  invoicenumber: L('Invoice ID', 'ID de facture'),
  revisionnumber: L('Revision ID', 'ID de révision'),
  requestdeliveryby: L('Requested Delivery Date', 'Date de livraison demandée'),
  datefulfilled: L('Date Fulfilled', 'Date d’exécution'),
  datedelivered: L('Date Delivered', 'Date de livraison'),
  duedate: L('Due Date', 'Date d’échéance'),
  effectivefrom: L('Effective From', 'Valide à partir du'),
  effectiveto: L('Effective To', 'Valide jusqu’au'),
  totalamount: L('Total Amount', 'Montant total'),
  salesorderid: L('Order', 'Commande'),
  quoteid: L('Quote', 'Devis'),
  invoiceid: L('Invoice', 'Facture'),
  productid: L('Existing Product', 'Produit existant'),
  productdescription: L('Write-In Product', 'Produit hors catalogue'),
  quantity: L('Quantity', 'Quantité'),
  quantityshipped: L('Quantity Shipped', 'Quantité expédiée'),
  quantitybackordered: L('Quantity Back Ordered', 'Quantité en reliquat'),
  uomid: L('Unit', 'Unité'),
  priceperunit: L('Price Per Unit', 'Prix unitaire'),
  manualdiscountamount: L('Manual Discount', 'Remise manuelle'),
  extendedamount: L('Extended Amount', 'Montant étendu'),
  shipto_name: L('Ship To Name', 'Nom du destinataire'),
  shipto_line1: L('Ship To Street 1', 'Rue 1 de livraison'),
  shipto_city: L('Ship To City', 'Ville de livraison'),
  shipto_postalcode: L('Ship To ZIP/Postal Code', 'Code postal de livraison'),
  shipto_country: L('Ship To Country/Region', 'Pays/région de livraison'),
  shippingmethodcode: L('Shipping Method', 'Mode d’expédition'),
  paymenttermscode: L('Payment Terms', 'Conditions de paiement'),
  text: L('Text', 'Texte'),
  source: L('Source', 'Source'),
};

export function standardColumnLabel(_table: string, column: string): Labels | undefined {
  return common[column];
}
