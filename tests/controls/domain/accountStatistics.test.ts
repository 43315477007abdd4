import { agingBuckets, creditExposure, creditUtilisation, overdueAmount, type AccountStatisticsFigures } from '../../../domain/accountStatistics';

const s = (f: Partial<AccountStatisticsFigures>): AccountStatisticsFigures => ({
  currencyCode: 'EUR', balance: null, outstandingOrders: null, shippedNotInvoiced: null, outstandingInvoices: null, total: null, creditLimit: null,
  overdueAmount: null, overdueAsOf: null, totalSales: null, invoicedPrepayments: null, agingCurrent: null, aging1To30: null, aging31To60: null,
  aging61To90: null, agingOver90: null, lastPaymentDate: null, lastPaymentAmount: null, refreshedOn: null, ...f,
});

describe('credit exposure and utilisation', () => {
  test('exposure counts the balance, outstanding orders, shipped not invoiced and outstanding invoices (service ones too)', () => {
    expect(creditExposure(s({ balance: 100, outstandingOrders: 50, shippedNotInvoiced: 25, outstandingInvoices: 10, outstandingServiceOrders: 5, serviceShippedNotInvoiced: 2, outstandingServiceInvoices: 1 }))).toBe(193);
    expect(creditExposure(s({}))).toBe(0);
  });

  test.each([
    [800, 'ok', 80],
    [801, 'warning', 80.1],
    [1000, 'warning', 100],
    [1001, 'alert', 100.1],
    [2500, 'alert', 250],
  ])('exposure %i on a 1000 limit → %s (%p %)', (exposure, level, percent) => {
    expect(creditUtilisation(s({ balance: exposure, creditLimit: 1000 }))).toEqual({ exposure, percent, level });
  });

  test('outstanding orders alone can push a customer into the warning', () => {
    expect(creditUtilisation(s({ balance: 0, outstandingOrders: 850, creditLimit: 1000 })).level).toBe('warning');
    expect(creditUtilisation(s({ balance: 500, shippedNotInvoiced: 600, creditLimit: 1000 })).level).toBe('alert');
  });

  test('the warning threshold can be configured', () => {
    expect(creditUtilisation(s({ balance: 850, creditLimit: 1000 }), 90).level).toBe('ok');
    expect(creditUtilisation(s({ balance: 950, creditLimit: 1000 }), 90).level).toBe('warning');
  });

  test('no limit (0 or missing) means no utilisation, as Business Central treats 0 as unlimited', () => {
    expect(creditUtilisation(s({ balance: 500, creditLimit: 0 }))).toEqual({ exposure: 500, percent: null, level: 'none' });
    expect(creditUtilisation(s({ balance: 500 })).percent).toBeNull();
  });

  test('a credit balance gives a negative exposure and an ok level', () => {
    expect(creditUtilisation(s({ balance: -200, creditLimit: 1000 }))).toEqual({ exposure: -200, percent: -20, level: 'ok' });
  });
});

describe('aging', () => {
  test('five buckets in order, bar shares relative to the largest, credits draw no bar', () => {
    const buckets = agingBuckets(s({ agingCurrent: 400, aging1To30: 200, aging31To60: -50, aging61To90: 100, agingOver90: null }));
    expect(buckets.map((b) => b.key)).toEqual(['current', 'days1To30', 'days31To60', 'days61To90', 'over90']);
    expect(buckets.map((b) => b.amount)).toEqual([400, 200, -50, 100, 0]);
    expect(buckets.map((b) => b.share)).toEqual([1, 0.5, 0, 0.25, 0]);
  });
  test('all zero: no bars', () => expect(agingBuckets(s({})).every((b) => b.share === 0)).toBe(true));
  test('overdue: the ERP figure, else the past-due buckets', () => {
    expect(overdueAmount(s({ overdueAmount: 42, aging1To30: 1000 }))).toBe(42);
    expect(overdueAmount(s({ agingCurrent: 999, aging1To30: 10, aging31To60: 20, aging61To90: 30, agingOver90: 40 }))).toBe(100);
  });
});
