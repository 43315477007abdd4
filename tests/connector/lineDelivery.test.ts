/** Per-line delivery on Sales orders from the ERP order's lines: matched one to one, in line order. */
import { lineDeliveryUpdates, type BcOrderLine, type CrmLineDelivery } from '../../domain/erpMapping';

const erp = (sequence: number, lineType: string, quantity: number, shippedQuantity = 0): BcOrderLine => ({ sequence, lineType, quantity, shippedQuantity });
const crm = (id: string, sequencenumber: number, quantityshipped: number | null = null, quantitybackordered: number | null = null): CrmLineDelivery => ({ salesorderdetailid: id, sequencenumber, quantityshipped, quantitybackordered });

describe('lineDeliveryUpdates', () => {
  const lines = [crm('b', 2), crm('a', 1), crm('c', 3)];
  // The ERP order: name comments first, a comment after the second line (its long text), then the lines.
  const erpLines = (s1: number, s2: number, s3: number) => [erp(10000, 'Comment', 0), erp(20000, 'Item', 5, s1), erp(30000, 'Item', 2, s2), erp(40000, 'Comment', 0), erp(50000, 'Resource', 1, s3)];

  it('nothing shipped: nothing back-ordered, and nothing written when Sales already says so', () => {
    expect(lineDeliveryUpdates(lines, erpLines(0, 0, 0))).toEqual([]);
  });

  it('a partial shipment: shipped per line, the rest back-ordered, matched by order of lines (comments skipped)', () => {
    expect(lineDeliveryUpdates(lines, erpLines(3, 0, 1))).toEqual([
      { id: 'a', quantityshipped: 3, quantitybackordered: 2 },
      { id: 'b', quantityshipped: 0, quantitybackordered: 2 },
      { id: 'c', quantityshipped: 1, quantitybackordered: 0 },
    ]);
  });

  it('only the lines that change', () => {
    const now = [crm('a', 1, 3, 2), crm('b', 2, 0, 2), crm('c', 3, 1, 0)];
    expect(lineDeliveryUpdates(now, erpLines(5, 0, 1))).toEqual([{ id: 'a', quantityshipped: 5, quantitybackordered: 0 }]);
  });

  it('lines added or removed in the ERP: not matched at all', () => {
    expect(lineDeliveryUpdates(lines, [...erpLines(1, 1, 1), erp(60000, 'Item', 1, 1)])).toBeNull();
    expect(lineDeliveryUpdates(lines.slice(1), erpLines(1, 1, 1))).toBeNull();
    expect(lineDeliveryUpdates([], [])).toBeNull();
  });
});
