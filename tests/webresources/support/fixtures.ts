/** Snapshots shaped like the Web API answer to orderSnapshotQuery()/quoteSnapshotQuery(), clean by default. */
import type { OrderLineSnapshot, OrderSnapshot, QuoteSnapshot, ValidationSettings } from '../../../domain/orderValidation';
import { SubmissionStatus, WriteInProductType } from '../../../domain/schema';

export const ids = {
  order: '11111111-1111-1111-1111-111111111111',
  quote: '22222222-2222-2222-2222-222222222222',
  account: '33333333-3333-3333-3333-333333333333',
  contact: '44444444-4444-4444-4444-444444444444',
  bike: '55555555-5555-5555-5555-555555555555',
  helmet: '55555555-5555-5555-5555-555555555556',
  unit: '66666666-6666-6666-6666-666666666666',
  currency: '77777777-7777-7777-7777-777777777777',
  user: '88888888-8888-8888-8888-888888888888',
  team: '99999999-9999-9999-9999-999999999999',
  line1: 'aaaaaaaa-0000-0000-0000-000000000001',
  line2: 'aaaaaaaa-0000-0000-0000-000000000002',
  connection: 'cccccccc-0000-0000-0000-000000000001',
};

export function line(overrides: Partial<OrderLineSnapshot> = {}): OrderLineSnapshot {
  return {
    salesorderdetailid: ids.line1,
    sequencenumber: 1,
    lineitemnumber: 1,
    isproductoverridden: false,
    productdescription: null,
    description: null,
    quantity: 2,
    priceperunit: 500,
    manualdiscountamount: 0,
    _productid_value: ids.bike,
    productid: { productid: ids.bike, name: 'Bike 500', productnumber: 'BK-500', statecode: 0, producttypecode: 1, erp_itemnumber: '1000' },
    _uomid_value: ids.unit,
    uomid: { uomid: ids.unit, name: 'Piece' },
    // A clean line says where it ships from (without, the order gets a LOCATION_FROM_ERP note).
    erp_locationcode: 'MAIN',
    ...overrides,
  };
}

export function order(overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  return {
    salesorderid: ids.order,
    ordernumber: 'ORD-01001-B7C4D2',
    name: 'Spring bikes for Fabrikam',
    statecode: 0,
    statuscode: 1,
    requestdeliveryby: '2025-04-01',
    erp_erpordernumber: null,
    erp_submissionstatus: SubmissionStatus.notSubmitted,
    _customerid_value: ids.account,
    customerid_account: { accountid: ids.account, name: 'Fabrikam', accountnumber: 'C-10000', customertypecode: 3, statecode: 0, erp_customernumber: '10000' },
    customerid_contact: null,
    _transactioncurrencyid_value: ids.currency,
    transactioncurrencyid: { transactioncurrencyid: ids.currency, isocurrencycode: 'EUR', currencyname: 'Euro' },
    _ownerid_value: ids.user,
    _owninguser_value: ids.user,
    _owningteam_value: null,
    owninguser: { systemuserid: ids.user, fullname: 'Alex Wu' },
    order_details: [line()],
    ...overrides,
  };
}

export function quote(overrides: Partial<QuoteSnapshot> = {}): QuoteSnapshot {
  const o = order();
  return {
    quoteid: ids.quote,
    quotenumber: 'QUO-01001-X1Y2Z3',
    revisionnumber: 0,
    effectiveto: '2025-06-30',
    erp_erpquotenumber: null,
    name: o.name,
    statecode: 1,
    statuscode: 2,
    requestdeliveryby: o.requestdeliveryby,
    _customerid_value: o._customerid_value,
    customerid_account: o.customerid_account,
    _transactioncurrencyid_value: o._transactioncurrencyid_value,
    transactioncurrencyid: o.transactioncurrencyid,
    _ownerid_value: o._ownerid_value,
    _owninguser_value: o._owninguser_value,
    owninguser: o.owninguser,
    quote_details: [{ ...line(), quotedetailid: ids.line1 }],
    ...overrides,
  };
}

export function settings(overrides: Partial<ValidationSettings> = {}): ValidationSettings {
  return {
    connection: { erp_writeinproducttype: WriteInProductType.item, erp_writeinproductnumber: 'WRITE-IN' },
    couplings: { systemuser: { [ids.user]: 'AW' } },
    stage: 'client',
    ...overrides,
  };
}
