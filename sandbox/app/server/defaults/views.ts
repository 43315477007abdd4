/**
 * System views of the standard Sales tables, as a Sales org has them (Active Accounts, My Active Orders…). The
 * solution does not ship these (standard tables travel with behavior 1, without their views); the sandbox declares
 * them in the same FetchXML shape as SavedQueries so one code path shows both.
 */
import { SalesOrderColumns, QuoteColumns, InvoiceColumns, ProductColumns, AccountColumns } from '../../../../domain/schema';
import type { FetchCondition, FetchFilter, Labels, ViewDef } from '../../shared/model';

const L = (en: string, fr: string): Labels => ({ 1033: en, 1036: fr });
const cond = (attribute: string, operator: string, ...values: string[]): FetchCondition => ({ attribute, operator, values });
const and = (...conditions: FetchCondition[]): FetchFilter => ({ type: 'and', conditions, filters: [] });

let n = 0;
function view(entity: string, names: Labels, columns: [string, number][], filter: FetchFilter, orders: [string, boolean][], isDefault = false): ViewDef {
  n++;
  return {
    id: `00000000-5a4d-4b0c-8e1a-${String(n).padStart(12, '0')}`,
    entity,
    names,
    isDefault,
    queryType: 0,
    columns: columns.map(([name, width]) => ({ name, width })),
    attributes: columns.map(([name]) => name),
    orders: orders.map(([attribute, descending]) => ({ attribute, descending })),
    filter,
    source: 'sandbox',
  };
}

export function standardViews(): ViewDef[] {
  n = 0;
  const active = cond('statecode', 'eq', '0');
  return [
    view('account', L('Active Accounts', 'Comptes actifs'), [['name', 240], ['accountnumber', 110], [AccountColumns.customerNumber, 130], ['address1_city', 130], ['telephone1', 130], ['creditlimit', 120], ['ownerid', 160]], and(active), [['name', false]], true),
    view('account', L('My Active Accounts', 'Mes comptes actifs'), [['name', 240], ['accountnumber', 110], ['address1_city', 130], ['telephone1', 130]], and(active, cond('ownerid', 'eq-userid')), [['name', false]]),
    view('contact', L('Active Contacts', 'Contacts actifs'), [['fullname', 200], ['parentcustomerid', 220], ['jobtitle', 160], ['emailaddress1', 220], ['telephone1', 130]], and(active), [['fullname', false]], true),
    view('product', L('Active Products', 'Produits actifs'), [['name', 260], ['productnumber', 120], [ProductColumns.itemNumber, 130], ['producttypecode', 150], ['defaultuomid', 90], ['price', 100]], and(active), [['productnumber', false]], true),
    view('product', L('All Products', 'Tous les produits'), [['name', 260], ['productnumber', 120], [ProductColumns.itemNumber, 130], ['statecode', 100]], and(), [['productnumber', false]]),
    view('quote', L('Active Quotes', 'Devis actifs'), [['name', 240], ['quotenumber', 160], ['revisionnumber', 70], ['customerid', 200], ['totalamount', 120], ['effectiveto', 110], [QuoteColumns.erpQuoteNumber, 120], ['statuscode', 110]], { type: 'or', conditions: [cond('statecode', 'eq', '0'), cond('statecode', 'eq', '1')], filters: [] }, [['quotenumber', true]], true),
    view('quote', L('All Quotes', 'Tous les devis'), [['name', 240], ['quotenumber', 160], ['customerid', 200], ['totalamount', 120], ['statecode', 100], ['statuscode', 110]], and(), [['quotenumber', true]]),
    view('salesorder', L('Active Orders', 'Commandes actives'), [['name', 240], ['ordernumber', 160], ['customerid', 200], ['totalamount', 120], ['requestdeliveryby', 120], [SalesOrderColumns.submissionStatus, 130], [SalesOrderColumns.erpOrderNumber, 120], ['statuscode', 110]], and(active), [['ordernumber', true]], true),
    view('salesorder', L('My Orders', 'Mes commandes'), [['name', 240], ['ordernumber', 160], ['customerid', 200], ['totalamount', 120], ['statecode', 100], ['statuscode', 110]], and(cond('ownerid', 'eq-userid')), [['ordernumber', true]]),
    view('salesorder', L('Orders in the ERP', 'Commandes dans l’ERP'), [['name', 240], ['ordernumber', 160], [SalesOrderColumns.erpOrderNumber, 120], ['customerid', 200], ['datefulfilled', 120], ['statecode', 100], ['statuscode', 110]], and(cond(SalesOrderColumns.erpOrderNumber, 'not-null')), [['ordernumber', true]]),
    view('salesorder', L('All Orders', 'Toutes les commandes'), [['name', 240], ['ordernumber', 160], ['customerid', 200], ['totalamount', 120], ['statecode', 100], ['statuscode', 110]], and(), [['ordernumber', true]]),
    view('invoice', L('Active Invoices', 'Factures actives'), [['name', 240], ['invoicenumber', 160], [InvoiceColumns.erpInvoiceNumber, 120], ['customerid', 200], ['salesorderid', 160], ['totalamount', 120], ['duedate', 110], ['statuscode', 110]], and(active), [['invoicenumber', true]], true),
    view('invoice', L('All Invoices', 'Toutes les factures'), [['name', 240], ['invoicenumber', 160], [InvoiceColumns.erpInvoiceNumber, 120], ['customerid', 200], ['totalamount', 120], ['statecode', 100], ['statuscode', 120]], and(), [['invoicenumber', true]]),
  ];
}
