/** Account Statistics: amounts in the ERP currency for the user's locale, credit utilisation, aging chart, bindings and layout. */
import { screen, within } from '@testing-library/react';
import { text } from './support/resx';
import { ACCOUNT_ID, linked, renderAccountStatistics } from './harness/accountStatistics';

const expected = {
  1033: {
    balance: '€12,345.67', overdue: '€3,200.00', asOf: 'Mar 9, 2025', limit: '€50,000.00', orders: '€5,000.00', shipped: '€1,500.00',
    invoices: '€654.33', total: '€19,500.00', sales: '€250,000.00', prepayments: '€1,000.00', payment: ['€4,200.00', 'Feb 28, 2025'],
    percent39: '39%', exposure: '€19,500.00', aging: ['€9,145.67', '€2,000.00', '€800.00', '€400.00', '€0.00'], usd: '$12,345.67', plain: '12,345.67',
  },
  1036: {
    balance: '12 345,67 €', overdue: '3 200,00 €', asOf: '9 mars 2025', limit: '50 000,00 €', orders: '5 000,00 €', shipped: '1 500,00 €',
    invoices: '654,33 €', total: '19 500,00 €', sales: '250 000,00 €', prepayments: '1 000,00 €', payment: ['4 200,00 €', '28 févr. 2025'],
    percent39: '39 %', exposure: '19 500,00 €', aging: ['9 145,67 €', '2 000,00 €', '800,00 €', '400,00 €', '0,00 €'], usd: '12 345,67 $US', plain: '12 345,67',
  },
} as const;

/** The amount shown next to a label in the description list. */
function amountOf(label: string): string {
  const term = screen.getAllByRole('term').find((t) => t.textContent === label);
  if (!term) throw new Error(`No amount labelled ${label}`);
  return (term.nextElementSibling?.textContent ?? '').replace(/\s+/g, ' ');
}

describe.each([1033, 1036] as const)('language %i', (languageId) => {
  const e = expected[languageId];

  test('every figure, in the ERP currency and the user’s number and date formats', async () => {
    const r = renderAccountStatistics({ languageId });
    await screen.findByText(text(r.strings, 'CustomerNumber', 'C10000'));
    expect(screen.getByText(text(r.strings, 'Currency', 'EUR'))).toBeInTheDocument();
    expect(amountOf(text(r.strings, 'Balance'))).toBe(e.balance);
    expect(amountOf(text(r.strings, 'Overdue'))).toBe(`${e.overdue}${text(r.strings, 'OverdueAsOf', e.asOf)}`);
    expect(amountOf(text(r.strings, 'CreditLimit'))).toBe(e.limit);
    expect(amountOf(text(r.strings, 'OutstandingOrders'))).toBe(e.orders);
    expect(amountOf(text(r.strings, 'ShippedNotInvoiced'))).toBe(e.shipped);
    expect(amountOf(text(r.strings, 'OutstandingInvoices'))).toBe(e.invoices);
    expect(amountOf(text(r.strings, 'Total'))).toBe(e.total);
    expect(amountOf(text(r.strings, 'TotalSales'))).toBe(e.sales);
    expect(amountOf(text(r.strings, 'InvoicedPrepayments'))).toBe(e.prepayments);
    expect(amountOf(text(r.strings, 'LastPayment'))).toBe(text(r.strings, 'LastPaymentValue', ...e.payment));
  });

  test('a promise to pay: the amount and the date it is due by; a date gone by is a promise missed, shown as an alert', async () => {
    const dates = languageId === 1033 ? ['Mar 20, 2025', 'Mar 5, 2025'] : ['20 mars 2025', '5 mars 2025'];
    const amount = languageId === 1033 ? '€1,500.00' : '1 500,00 €';
    const r = renderAccountStatistics({ languageId, data: () => Promise.resolve(linked({ promisedAmount: 1500, promisedDate: '2025-03-20' })) });
    await screen.findByText(text(r.strings, 'CustomerNumber', 'C10000'));
    expect(amountOf(text(r.strings, 'Promised'))).toBe(`${amount}${text(r.strings, 'PromisedBy', dates[0])}`);
    const cls = (key: string) => document.querySelector(`dd[data-amount="${key}"]`)!.className;
    expect(cls('promised')).toBe(cls('creditLimit'));
    r.unmount();
    const missed = renderAccountStatistics({ languageId, data: () => Promise.resolve(linked({ promisedAmount: 1500, promisedDate: '2025-03-05' })) });
    await screen.findByText(text(missed.strings, 'CustomerNumber', 'C10000'));
    expect(amountOf(text(missed.strings, 'Promised'))).toBe(`${amount}${text(missed.strings, 'PromiseMissed', dates[1])}`);
    expect(cls('promised')).toBe(cls('overdue'));
    expect(cls('promised')).not.toBe(cls('creditLimit'));
  });

  test('no promise to pay: no line for it', async () => {
    const r = renderAccountStatistics({ languageId });
    await screen.findByText(text(r.strings, 'CustomerNumber', 'C10000'));
    expect(screen.getAllByRole('term').map((t) => t.textContent)).not.toContain(text(r.strings, 'Promised'));
  });

  test('credit utilisation counts outstanding orders and shipped-not-invoiced: a labelled bar and the level in words', async () => {
    const r = renderAccountStatistics({ languageId });
    const bar = await screen.findByRole('progressbar', { name: text(r.strings, 'CreditUtilisation') });
    expect(bar).toHaveAttribute('aria-valuenow', '39');
    expect(bar.getAttribute('aria-valuetext')!.replace(/\s+/g, ' ')).toBe(text(r.strings, 'CreditUsed', e.percent39, e.exposure));
    expect(screen.getByText(text(r.strings, 'Credit_ok'))).toBeInTheDocument();
    expect(screen.getByText(text(r.strings, 'CreditExposureNote'))).toBeInTheDocument();
  });

  test('above 80 %: a warning, even when only orders not yet invoiced push it there', async () => {
    const r = renderAccountStatistics({ languageId, data: () => Promise.resolve(linked({ balance: 0, outstandingInvoices: 0, shippedNotInvoiced: 2000, outstandingOrders: 41000 })) });
    expect(await screen.findByText(text(r.strings, 'Credit_warning'))).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: text(r.strings, 'CreditUtilisation') })).toHaveAttribute('aria-valuenow', '86');
  });

  test('the warning threshold comes from the form property', async () => {
    const r = renderAccountStatistics({ languageId, creditWarningPercent: 90, data: () => Promise.resolve(linked({ balance: 0, outstandingInvoices: 0, shippedNotInvoiced: 2000, outstandingOrders: 41000 })) });
    expect(await screen.findByText(text(r.strings, 'Credit_ok'))).toBeInTheDocument();
  });

  test('above 100 %: an alert, the bar full', async () => {
    const r = renderAccountStatistics({ languageId, data: () => Promise.resolve(linked({ creditLimit: 15000 })) });
    expect(await screen.findByText(text(r.strings, 'Credit_alert'))).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: text(r.strings, 'CreditUtilisation') })).toHaveAttribute('aria-valuenow', '100');
  });

  test('no credit limit (0 in the ERP): says so, no bar', async () => {
    const r = renderAccountStatistics({ languageId, data: () => Promise.resolve(linked({ creditLimit: 0 })) });
    expect(await screen.findAllByText(text(r.strings, 'NoCreditLimit'))).toHaveLength(2);
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  test('aging buckets: an accessible list of label and amount, bars scaled to the largest bucket', async () => {
    const r = renderAccountStatistics({ languageId });
    const chart = await screen.findByRole('group', { name: text(r.strings, 'AgingTitle') });
    const items = within(chart).getAllByRole('listitem');
    expect(items.map((i) => i.firstChild!.textContent)).toEqual(['Aging_current', 'Aging_days1To30', 'Aging_days31To60', 'Aging_days61To90', 'Aging_over90'].map((k) => text(r.strings, k)));
    expect(items.map((i) => i.lastChild!.textContent!.replace(/\s+/g, ' '))).toEqual(e.aging);
    const widths = items.map((i) => (i.querySelector('[aria-hidden="true"] > span') as HTMLElement).style.width);
    expect(widths).toEqual(['100%', '22%', '9%', '4%', '0%']);
  });

  test('another ERP currency keeps its own code; an unknown code falls back to a plain number', async () => {
    const r = renderAccountStatistics({ languageId, data: () => Promise.resolve(linked({ currencyCode: 'USD' })) });
    await screen.findByText(text(r.strings, 'Currency', 'USD'));
    expect(amountOf(text(r.strings, 'Balance'))).toBe(e.usd);
    r.unmount();
    const r2 = renderAccountStatistics({ languageId, data: () => Promise.resolve(linked({ currencyCode: 'EURO-LOCAL' })) });
    await screen.findByText(text(r2.strings, 'CustomerNumber', 'C10000'));
    expect(amountOf(text(r2.strings, 'Balance'))).toBe(e.plain);
  });

  test('bound to an account lookup (e.g. an order’s customer): reads that account; a contact shows nothing', async () => {
    const r = renderAccountStatistics({ languageId, binding: 'accountLookup' });
    await screen.findByText(text(r.strings, 'CustomerNumber', 'C10000'));
    expect(r.services.reader.read).toHaveBeenCalledWith({ table: 'account', id: ACCOUNT_ID });
    r.unmount();
    const r2 = renderAccountStatistics({ languageId, binding: 'contactLookup' });
    expect(screen.getByText(text(r2.strings, 'NoAccount'))).toBeInTheDocument();
    expect(r2.services.reader.read).not.toHaveBeenCalled();
  });

  test.each([
    ['a narrow container', { allocatedWidth: 320 }, 'narrow'],
    ['a phone', { formFactor: 3 }, 'narrow'],
    ['a wide section', { allocatedWidth: 800 }, 'wide'],
  ])('layout on %s', async (_name, layout, expectedLayout) => {
    const r = renderAccountStatistics({ languageId, ...layout });
    await screen.findByText(text(r.strings, 'CustomerNumber', 'C10000'));
    expect(r.container.querySelector('section')).toHaveAttribute('data-layout', expectedLayout);
  });
});
