/**
 * Whether a won quote's order may be made from its ERP quote (makeOrder copies the quote's lines): same lines, and
 * the same ship-from location where the order line names one. A line without location matches the location
 * Business Central gave the quote line (customer card, else company: it would give the same to a new order line).
 */
import { sameLines } from '../../connector/flows/quotes';
import type { BcDocumentLine, MappedDocument } from '../../domain/erpMapping';

const EMPTY = '00000000-0000-0000-0000-000000000000';
const MAIN = '1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const PARIS = '2a1b0c9d-8e7f-4a6b-9c5d-4e3f2a1b0c9d';
const mapped = (...lines: Array<Partial<BcDocumentLine>>): MappedDocument =>
  ({ body: {}, lines: lines.map((l) => ({ lineType: 'Item', lineObjectNumber: 'SAF-0001', quantity: 2, unitPrice: 10, ...l })), invoiceDiscountAmount: 0, problems: [], itemNumbers: [], resourceNumbers: [] }) as unknown as MappedDocument;
const erp = (locationId: string, over: Record<string, unknown> = {}) => ({ lineType: 'Item', lineObjectNumber: 'SAF-0001', quantity: 2, unitPrice: 10, locationId, ...over });

describe('sameLines (makeOrder or not)', () => {
  it('a line without location matches the quote line whatever location the ERP gave it', () => {
    expect(sameLines(mapped({}), [erp(MAIN)])).toBe(true);
    expect(sameLines(mapped({}), [erp(EMPTY)])).toBe(true);
  });

  it('a line with a location needs the same one on the quote line', () => {
    expect(sameLines(mapped({ locationId: PARIS }), [erp(PARIS.toUpperCase())])).toBe(true);
    expect(sameLines(mapped({ locationId: PARIS }), [erp(MAIN)])).toBe(false);
    expect(sameLines(mapped({ locationId: PARIS }), [erp(EMPTY)])).toBe(false);
  });

  it('with identical lines, the one that names a location takes its match first', () => {
    // Order: [no location, PARIS]; quote: [PARIS, MAIN]. Matched greedily in line order, the line without location
    // would take PARIS and leave the PARIS line without a match.
    expect(sameLines(mapped({}, { locationId: PARIS }), [erp(PARIS), erp(MAIN)])).toBe(true);
    expect(sameLines(mapped({ locationId: PARIS }, { locationId: PARIS }), [erp(PARIS), erp(MAIN)])).toBe(false);
  });

  it('other differences still refuse: quantity, price, number of lines; comments do not count', () => {
    expect(sameLines(mapped({ quantity: 3 }), [erp(MAIN)])).toBe(false);
    expect(sameLines(mapped({ unitPrice: 11 }), [erp(MAIN)])).toBe(false);
    expect(sameLines(mapped({}), [erp(MAIN), erp(MAIN)])).toBe(false);
    expect(sameLines(mapped({}, { lineType: 'Comment', lineObjectNumber: '', quantity: 0 }), [erp(MAIN), { lineType: 'Comment', description: 'x' }])).toBe(true);
  });
});
