/**
 * Credit and stock warnings before submission, from the ERP figures kept in Dataverse: exposure with the order vs
 * the credit limit (only when the order is in the ERP currency), overdue balance, lines above what all locations
 * hold with the date receipts cover them, and everything that must not be judged (services, other units, no figures).
 */
import { Formatter } from '../../../domain/format';
import { formatMessage } from '../../../domain/messages';
import type { AccountStatisticsFigures } from '../../../domain/accountStatistics';
import type { LocationAvailability } from '../../../domain/availability';
import { ProductType } from '../../../domain/dataverseCodes';
import type { OrderSnapshot } from '../../../domain/orderValidation';
import { preflightProblems } from '../../../domain/preflight';

const stats = (over: Partial<AccountStatisticsFigures> = {}): AccountStatisticsFigures => ({
  currencyCode: 'EUR', balance: 6000, outstandingOrders: 2000, shippedNotInvoiced: 0, outstandingInvoices: 0, total: 8000, creditLimit: 10000,
  overdueAmount: 0, overdueAsOf: null, totalSales: 50000, invoicedPrepayments: 0, agingCurrent: 6000, aging1To30: 0, aging31To60: 0, aging61To90: 0,
  agingOver90: 0, lastPaymentDate: null, lastPaymentAmount: null, refreshedOn: '2026-12-05T09:30:00Z', ...over,
});
const loc = (code: string, available: number, over: Partial<LocationAvailability> = {}): LocationAvailability => ({
  locationCode: code, locationName: code, onHand: available, reserved: 0, incoming: 0, available, nextReceiptDate: null, unit: 'PCS', refreshedOn: '2026-12-05T09:00:00Z', ...over,
});
const P1 = '11111111-1111-1111-1111-111111111111';
const P2 = '22222222-2222-2222-2222-222222222222';
const SVC = '33333333-3333-3333-3333-333333333333';

function order(total: number, lines: Array<[string, number, string?, number?, string?]>, currency = 'EUR'): OrderSnapshot {
  return {
    salesorderid: 'o1',
    ordernumber: 'ORD-1',
    totalamount: total,
    transactioncurrencyid: { transactioncurrencyid: 'c1', isocurrencycode: currency },
    customerid_account: { accountid: 'AAAAAAAA-0000-0000-0000-000000000001', name: 'Menuiserie Arnaud' },
    order_details: lines.map(([product, quantity, unit, type, location], i) => ({
      salesorderdetailid: `l${i}`,
      sequencenumber: i + 1,
      quantity,
      productid: { productid: product.toUpperCase(), name: `Product ${product.slice(0, 2)}`, producttypecode: type ?? ProductType.salesInventory },
      uomid: { uomid: 'u', name: unit ?? 'PCS' },
      erp_locationcode: location ?? null,
    })),
  };
}

// A formatter with fixed output, so the assertions do not depend on the machine's time zone or ICU data.
const plain = {
  amount: (v: number, c: string | null) => `${v.toFixed(2)} ${c ?? ''}`.trim(),
  quantity: (v: number) => String(v),
  percent: (v: number) => `${Math.round(v)}%`,
  dateOnly: (v: string) => v,
  dateTime: (v: string | null) => v ?? '—',
};

describe('credit', () => {
  it('the order pushing the exposure above the limit is a warning with the figures and their date', () => {
    const [p] = preflightProblems(order(2500, []), { statistics: stats(), availability: null }, plain);
    expect(p).toMatchObject({ code: 'CREDIT_LIMIT_EXCEEDED', severity: 'warning', recordRef: { table: 'account', id: 'aaaaaaaa-0000-0000-0000-000000000001' } });
    expect(p.params).toEqual({ account: 'Menuiserie Arnaud', order: '2500.00 EUR', orderBasis: 'excl', exposure: '10500.00 EUR', limit: '10000.00 EUR', percent: '105%', asOf: '2026-12-05T09:30:00Z' });
  });

  it('says on which basis each amount is: the ERP’s tax included, the order’s before tax unless its lines carry tax (issue 19, finding 8)', () => {
    const say = (o: OrderSnapshot, lcid: number) => formatMessage('CREDIT_LIMIT_EXCEEDED', preflightProblems(o, { statistics: stats(), availability: null }, new Formatter(lcid))[0].params, lcid);
    expect(say(order(2500, []), 1033)).toMatch(/^With this order \(€2,500\.00 excl\. tax, plus the tax the ERP adds\), Menuiserie Arnaud would owe €10,500\.00 incl\. tax in the ERP/);
    expect(say(order(2500, []), 1036)).toMatch(/^Avec cette commande \(2\s500,00\s€ HT, plus la TVA que l’ERP ajoute\), Menuiserie Arnaud devrait 10\s500,00\s€ TTC dans l’ERP/);
    const taxed = { ...order(2500, []), totaltax: 416.67 };
    expect(say(taxed, 1033)).toMatch(/^With this order \(€2,500\.00 incl\. tax\), /);
    expect(say(taxed, 1036)).toMatch(/^Avec cette commande \(2\s500,00\s€ TTC\), /);
  });

  it('within the limit, without a limit, or with no statistics: nothing', () => {
    expect(preflightProblems(order(1999, []), { statistics: stats(), availability: null }, plain)).toEqual([]);
    expect(preflightProblems(order(99999, []), { statistics: stats({ creditLimit: 0 }), availability: null }, plain)).toEqual([]);
    expect(preflightProblems(order(99999, []), { statistics: null, availability: null }, plain)).toEqual([]);
  });

  it('an order in another currency is not added; an exposure already above the limit is still said', () => {
    expect(preflightProblems(order(99999, [], 'CHF'), { statistics: stats(), availability: null }, plain)).toEqual([]);
    const [p] = preflightProblems(order(1, [], 'CHF'), { statistics: stats({ balance: 11000 }), availability: null }, plain);
    expect(p.code).toBe('CREDIT_LIMIT_ALREADY_EXCEEDED');
    expect(p.params.exposure).toBe('13000.00 EUR');
  });

  it('an overdue balance is a warning of its own', () => {
    const problems = preflightProblems(order(10, []), { statistics: stats({ overdueAmount: 1200 }), availability: null }, plain);
    expect(problems.map((p) => [p.code, p.params.overdue])).toEqual([['OVERDUE_BALANCE', '1200.00 EUR']]);
  });
});

describe('stock', () => {
  it('a line above what all locations hold: the date receipts cover it, or that none will', () => {
    const availability = {
      [P1]: [loc('MAIN', 3), loc('NORTH', 2, { incoming: 10, nextReceiptDate: '2026-12-20' })],
      [P2]: [loc('MAIN', 1)],
    };
    const problems = preflightProblems(order(0, [[P1, 8], [P2, 4]]), { statistics: null, availability }, plain);
    expect(problems.map((p) => [p.code, p.params])).toEqual([
      ['STOCK_SHORT', { lines: '1', product: 'Product 11', requested: '8 PCS', available: '5 PCS', date: '2026-12-20', asOf: '2026-12-05T09:00:00Z' }],
      ['STOCK_SHORT_NO_RECEIPT', { lines: '2', product: 'Product 22', requested: '4 PCS', available: '1 PCS', asOf: '2026-12-05T09:00:00Z' }],
    ]);
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
  });

  it('lines of one product are added up and named together', () => {
    const problems = preflightProblems(order(0, [[P1, 3], [P2, 1], [P1, 3]]), { statistics: null, availability: { [P1]: [loc('MAIN', 5)], [P2]: [loc('MAIN', 5)] } }, plain);
    expect(problems.map((p) => [p.params.lines, p.params.requested])).toEqual([['1, 3', '6 PCS']]);
  });

  it('enough stock, services, other units, mixed units, products without figures, or availability off: nothing', () => {
    const availability = { [P1]: [loc('MAIN', 10)], [SVC]: [loc('MAIN', 0)] };
    const none = (o: OrderSnapshot, a: typeof availability | null = availability) => preflightProblems(o, { statistics: null, availability: a }, plain);
    expect(none(order(0, [[P1, 10]]))).toEqual([]);
    expect(none(order(0, [[SVC, 5, 'PCS', ProductType.services]]))).toEqual([]);
    expect(none(order(0, [[P1, 2, 'BOX']]))).toEqual([]);
    expect(none(order(0, [[P1, 2, 'BOX'], [P1, 20, 'PCS']]))).toEqual([]);
    expect(none(order(0, [[P2, 50]]))).toEqual([]);
    expect(none(order(0, [[P1, 50]]), null)).toEqual([]);
  });
});

describe('stock at the ship-from location', () => {
  const availability = { [P1]: [loc('MAIN', 3), loc('LYON', 20, { incoming: 5, nextReceiptDate: '2026-12-18' })] };

  it('a line with a location is judged against that location alone, with its own receipts', () => {
    const problems = preflightProblems(order(0, [[P1, 6, 'PCS', undefined, 'main'], [P1, 22, 'PCS', undefined, 'LYON']]), { statistics: null, availability }, plain);
    expect(problems.map((p) => [p.code, p.params])).toEqual([
      ['STOCK_SHORT_AT_LOCATION_NO_RECEIPT', { lines: '1', product: 'Product 11', requested: '6 PCS', available: '3 PCS', location: 'MAIN', asOf: '2026-12-05T09:00:00Z' }],
      ['STOCK_SHORT_AT_LOCATION', { lines: '2', product: 'Product 11', requested: '22 PCS', available: '20 PCS', location: 'LYON', date: '2026-12-18', asOf: '2026-12-05T09:00:00Z' }],
    ]);
  });

  it('what fits at the chosen location says nothing, even when another location is short; a location with no row holds nothing', () => {
    expect(preflightProblems(order(0, [[P1, 15, 'PCS', undefined, 'LYON']]), { statistics: null, availability }, plain)).toEqual([]);
    const [p] = preflightProblems(order(0, [[P1, 1, 'PCS', undefined, 'PARIS']]), { statistics: null, availability }, plain);
    expect([p.code, p.params.available]).toEqual(['STOCK_SHORT_AT_LOCATION_NO_RECEIPT', '0 PCS']);
  });
});

describe('in the user’s language', () => {
  it('French and English texts with real formatting carry every figure', () => {
    const figures = { statistics: stats(), availability: { [P1]: [loc('MAIN', 3)] } };
    const fr = preflightProblems(order(2500, [[P1, 8]]), figures, new Formatter(1036)).map((p) => formatMessage(p.code, p.params, 1036));
    expect(fr[0]).toMatch(/^Avec cette commande \(2\s500,00\s€ HT, plus la TVA que l’ERP ajoute\), Menuiserie Arnaud devrait 10\s500,00\s€ TTC dans l’ERP, au-delà de sa limite de crédit de 10\s000,00\s€ \(105\s%\)/);
    expect(fr[1]).toMatch(/^Ligne 1 \(Product 11\) : 8 PCS demandés, 3 PCS disponibles/);
    const en = preflightProblems(order(2500, [[P1, 8]]), figures, new Formatter(1033)).map((p) => formatMessage(p.code, p.params, 1033));
    expect(en[0]).toContain('above its credit limit of €10,000.00 (105%)');
    expect(en[1]).toMatch(/^Line 1 \(Product 11\): 8 PCS requested, 3 PCS available in the ERP across all locations, and no receipt is expected/);
    expect([...fr, ...en].join('\n')).not.toMatch(/\{\w+\}/);
  });
});
