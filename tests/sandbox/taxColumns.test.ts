/**
 * The sandbox's line grids show the line's tax beside its extended amount, and the invoice its total tax (issue 19,
 * finding 8): Sales' extended amount includes tax, so "2 × 26,87 € = 64,49 €" reads right only with the 10,75 € next to it.
 */
import { standardForms } from '../../sandbox/app/server/defaults/forms';
import { standardColumnLabel } from '../../sandbox/app/server/defaults/labels';

function find(node: unknown, pred: (o: Record<string, unknown>) => boolean): Record<string, unknown>[] {
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  return [...(pred(o) ? [o] : []), ...Object.values(o).flatMap((v) => find(v, pred))];
}

describe('tax beside amounts in the sandbox forms', () => {
  it.each(['salesorderdetailsGrid', 'quotedetailsGrid', 'invoicedetailsGrid'])('%s: Tax right before Extended Amount', (id) => {
    const [grid] = find(standardForms(), (o) => o.id === id && Array.isArray(o.columns));
    const columns = grid.columns as string[];
    expect(columns.indexOf('tax')).toBeGreaterThan(-1);
    expect(columns.indexOf('tax')).toBe(columns.indexOf('extendedamount') - 1);
  });

  it('the invoice shows its total tax next to its total, labelled in English and French', () => {
    const invoice = standardForms().find((f) => (f as unknown as { entity: string }).entity === 'invoice');
    const fields = find(invoice, (o) => typeof o.attribute === 'string').map((o) => o.attribute);
    expect(fields.indexOf('totaltax')).toBe(fields.indexOf('totalamount') - 1);
    expect(standardColumnLabel('invoice', 'totaltax')).toEqual({ 1033: 'Total Tax', 1036: 'Total taxe' });
    expect(standardColumnLabel('invoicedetail', 'tax')).toEqual({ 1033: 'Tax', 1036: 'Taxe' });
  });
});
