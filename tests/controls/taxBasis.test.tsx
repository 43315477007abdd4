/**
 * Account Statistics says on which tax basis its amounts are (issue 19, finding 8): Business Central's balance,
 * orders, invoices, overdue, aging and payments are tax included; its total sales (totalSalesExcludingTax) are not.
 */
import { screen } from '@testing-library/react';
import { text } from './support/resx';
import { renderAccountStatistics } from './harness/accountStatistics';

describe.each([
  [1033, /tax included/, /excluding tax/, /excl\. tax$/],
  [1036, /TTC/, /HT/, /HT$/],
] as const)('language %i', (languageId, included, excluded, salesLabel) => {
  test('the currency caption names the basis, and total sales are labelled as before tax', async () => {
    const r = renderAccountStatistics({ languageId });
    await screen.findByText(text(r.strings, 'CustomerNumber', 'C10000'));
    const caption = screen.getByText(text(r.strings, 'Currency', 'EUR')).textContent!;
    expect(caption).toMatch(included);
    expect(caption).toMatch(excluded);
    const terms = screen.getAllByRole('term').map((t) => t.textContent!);
    expect(terms.filter((t) => salesLabel.test(t))).toEqual([text(r.strings, 'TotalSales')]);
  });
});
