/**
 * Payment terms and freight terms of orders and quotes → the ERP records the document carries (original-solution.md
 * §4.3), decided by labels because the option mappings couple the ACCOUNT columns' choices.
 */
import { buildChoiceSetup, CoupledChoiceSources, documentChoiceLabel, resolveDocumentChoice } from '../../domain/documentChoices';
import { MappingCode, mapOrderToSalesOrder, mapQuoteToSalesQuote, type ErpOrderSnapshot, type ErpQuoteSnapshot } from '../../domain/erpMapping';
import { defaultMappings } from '../../domain/mappings/defaults';

const erpTerms = [
  { id: 'AAAAAAAA-0000-0000-0000-000000000001', code: '30 DAYS', displayName: 'Net 30 days' },
  { id: 'aaaaaaaa-0000-0000-0000-000000000002', code: '14 DAYS', displayName: 'Net 14 days' },
  { id: 'aaaaaaaa-0000-0000-0000-000000000003', code: 'COD', displayName: 'Cash on delivery' },
];
const accountOptions = [
  { value: 1, labels: ['Net 30', 'Net 30'] },
  { value: 719250000, labels: ['14 DAYS'] },
];
// The order column has the same first labels under other values, and one choice only orders have.
const orderOptions = [
  { value: 1, labels: ['Net 30'] },
  { value: 2, labels: ['2% 10, Net 30', '2 % 10, net 30'] },
  { value: 5, labels: ['Fourteen days', '14 days'] },
  { value: 6, labels: ['Cash on delivery', 'Paiement à la livraison'] },
  { value: 7, labels: ['Net 90'] },
];
const couplings = [
  { crmValue: '1', erpId: 'aaaaaaaa-0000-0000-0000-000000000001' },
  // A coupling whose ERP record was deleted: ignored.
  { crmValue: '719250000', erpId: 'aaaaaaaa-0000-0000-0000-00000000dead' },
];

describe('document choices → ERP records', () => {
  const setup = buildChoiceSetup(orderOptions, accountOptions, couplings, erpTerms);

  it('a choice names the ERP record coupled with the account choice of the same label', () => {
    expect(resolveDocumentChoice(setup, 1)?.code).toBe('30 DAYS');
    expect(resolveDocumentChoice(setup, 1)?.erpId).toBe('aaaaaaaa-0000-0000-0000-000000000001');
  });

  it('a label in any language that is an ERP code or name names that record, coupled or not', () => {
    expect(resolveDocumentChoice(setup, 5)?.code).toBe('14 DAYS');
    expect(resolveDocumentChoice(setup, 6)?.code).toBe('COD');
  });

  it('a choice with no ERP counterpart, an unknown value or no setup names nothing', () => {
    expect(resolveDocumentChoice(setup, 2)).toBeNull();
    expect(resolveDocumentChoice(setup, 7)).toBeNull();
    expect(resolveDocumentChoice(setup, 99)).toBeNull();
    expect(resolveDocumentChoice(undefined, 1)).toBeNull();
    expect(resolveDocumentChoice(setup, null)).toBeNull();
  });

  it('without the column labels, the label the read returned is used', () => {
    const bare = buildChoiceSetup([], accountOptions, couplings, erpTerms);
    expect(resolveDocumentChoice(bare, 42, 'net 30')?.code).toBe('30 DAYS');
    expect(resolveDocumentChoice(bare, 42)).toBeNull();
    expect(documentChoiceLabel(bare, 42, null)).toBe('42');
    expect(documentChoiceLabel(setup, 7, null)).toBe('Net 90');
  });

  it('a code match wins over a name another record has', () => {
    const tricky = buildChoiceSetup([{ value: 1, labels: ['COD'] }], [], [], [...erpTerms, { id: 'bbbbbbbb-0000-0000-0000-000000000001', code: 'CASH', displayName: 'COD' }]);
    expect(resolveDocumentChoice(tricky, 1)?.code).toBe('COD');
  });

  it('the account columns are the ones the default option mappings couple', () => {
    const column = (name: string): string | undefined => defaultMappings.find((m) => m.name === name)?.crm.optionColumn;
    expect(CoupledChoiceSources.paymenttermscode.accountColumn).toBe(column('PAYMENT TERMS'));
    expect(CoupledChoiceSources.freighttermscode.accountColumn).toBe(column('SHIPMENT METHOD'));
  });
});

describe('order and quote headers carry payment terms and shipment method', () => {
  const shipment = buildChoiceSetup([{ value: 1, labels: ['FOB'] }, { value: 3, labels: ['PICKUP'] }], [], [], [{ id: 'cccccccc-0000-0000-0000-000000000001', code: 'PICKUP', displayName: 'Pick-up at branch' }]);
  const ctx = {
    connection: null,
    couplings: {},
    choices: { paymenttermscode: buildChoiceSetup(orderOptions, accountOptions, couplings, erpTerms), freighttermscode: shipment },
  };
  const base = {
    salesorderid: 'o1',
    ordernumber: 'ORD-1',
    customerid_account: { accountid: 'a1', name: 'Client', erp_customernumber: 'C1' },
    order_details: [],
  } as unknown as ErpOrderSnapshot;

  it('resolved choices become paymentTermsId and shipmentMethodId, with no problem', () => {
    const m = mapOrderToSalesOrder({ ...base, paymenttermscode: 1, freighttermscode: 3 }, ctx);
    expect(m.body.paymentTermsId).toBe('aaaaaaaa-0000-0000-0000-000000000001');
    expect(m.body.shipmentMethodId).toBe('cccccccc-0000-0000-0000-000000000001');
    expect(m.problems).toEqual([]);
  });

  it('unresolved choices are warnings naming the label; nothing is sent for them; the shipping method is reported', () => {
    const m = mapOrderToSalesOrder(
      { ...base, paymenttermscode: 7, freighttermscode: 1, shippingmethodcode: 4, 'shippingmethodcode@OData.Community.Display.V1.FormattedValue': 'UPS' },
      ctx,
    );
    expect(m.body.paymentTermsId).toBeUndefined();
    expect(m.body.shipmentMethodId).toBeUndefined();
    expect(m.problems.map((p) => [p.code, p.severity, p.params])).toEqual([
      [MappingCode.paymentTermsNotCoupled, 'warning', { terms: 'Net 90' }],
      [MappingCode.shipmentMethodNotCoupled, 'warning', { terms: 'FOB' }],
      [MappingCode.shippingAgentNotSent, 'warning', { method: 'UPS' }],
    ]);
  });

  it('empty choices send nothing and say nothing', () => {
    const m = mapOrderToSalesOrder({ ...base, paymenttermscode: null, freighttermscode: null, shippingmethodcode: null }, ctx);
    expect(m.body).not.toHaveProperty('paymentTermsId');
    expect(m.body).not.toHaveProperty('shipmentMethodId');
    expect(m.problems).toEqual([]);
  });

  it('a quote carries them too', () => {
    const quote = { quoteid: 'q1', quotenumber: 'QUO-1', customerid_account: base.customerid_account, quote_details: [], paymenttermscode: 6 } as unknown as ErpQuoteSnapshot;
    expect(mapQuoteToSalesQuote(quote, ctx).body.paymentTermsId).toBe('aaaaaaaa-0000-0000-0000-000000000003');
  });
});
