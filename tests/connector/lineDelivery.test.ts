/** Per-line delivery on Sales orders from the ERP order's lines: matched one to one, in line order. */
import { erpLineLocation, lineDeliveryUpdates, lineLocationChange, unknownLineLocations, type BcOrderLine, type CrmLineDelivery } from '../../domain/erpMapping';

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

describe('the ship-from location the ERP used, written back on the Sales line', () => {
  const EMPTY = '00000000-0000-0000-0000-000000000000';
  const MAIN = '1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
  const GENEVA = '2a1b0c9d-8e7f-4a6b-9c5d-4e3f2a1b0c9d';
  const codes = { [MAIN]: 'MAIN', [GENEVA]: 'GENEVA' };
  const at = (sequence: number, locationId: string | undefined, shipped = 0): BcOrderLine => ({ sequence, lineType: 'Item', quantity: 2, shippedQuantity: shipped, ...(locationId !== undefined ? { locationId } : {}) });
  const sales = (id: string, n: number, location: string | null | undefined): CrmLineDelivery => ({ salesorderdetailid: id, sequencenumber: n, quantityshipped: 0, quantitybackordered: 0, ...(location !== undefined ? { erp_locationcode: location } : {}) });

  it('a line sent without location gets the one Business Central gave it; nothing else changes on it', () => {
    expect(lineDeliveryUpdates([sales('a', 1, null), sales('b', 2, 'GENEVA')], [at(10000, MAIN), at(20000, GENEVA)], codes)).toEqual([
      { id: 'a', quantityshipped: 0, quantitybackordered: 0, erp_locationcode: 'MAIN' },
    ]);
  });

  it('the same location, whatever its case or spaces, is not written again (idempotent)', () => {
    expect(lineDeliveryUpdates([sales('a', 1, 'MAIN'), sales('b', 2, ' geneva ')], [at(10000, MAIN.toUpperCase()), at(20000, `{${GENEVA}}`)], codes)).toEqual([]);
  });

  it('a location changed in the ERP replaces the Sales one; none in the ERP clears it (the ERP is the truth)', () => {
    expect(lineDeliveryUpdates([sales('a', 1, 'GENEVA'), sales('b', 2, 'MAIN')], [at(10000, MAIN), at(20000, EMPTY)], codes)).toEqual([
      { id: 'a', quantityshipped: 0, quantitybackordered: 0, erp_locationcode: 'MAIN' },
      { id: 'b', quantityshipped: 0, quantitybackordered: 0, erp_locationcode: null },
    ]);
    expect(lineDeliveryUpdates([sales('a', 1, null)], [at(10000, EMPTY)], codes)).toEqual([]);
  });

  it('a location unknown to the reference data, or not read on either side, leaves the Sales line as it is', () => {
    const unknown = '99999999-0000-4000-8000-000000000001';
    expect(lineDeliveryUpdates([sales('a', 1, 'GENEVA')], [at(10000, unknown)], codes)).toEqual([]);
    expect(unknownLineLocations([at(10000, unknown), at(20000, unknown.toUpperCase()), at(30000, MAIN), at(40000, EMPTY), at(50000, undefined)], codes)).toEqual([unknown]);
    // A gone order's lines come from its posted lines, without locationId: no location decided.
    expect(lineDeliveryUpdates([sales('a', 1, 'GENEVA')], [at(10000, undefined)], codes)).toEqual([]);
    // The Sales column not read: not decided either.
    expect(lineDeliveryUpdates([sales('a', 1, undefined)], [at(10000, MAIN)], codes)).toEqual([]);
  });

  it('only item lines: a resource line’s location (BC gives every line the header’s) is not written back', () => {
    const resource: BcOrderLine = { sequence: 20000, lineType: 'Resource', quantity: 1, shippedQuantity: 0, locationId: MAIN };
    expect(lineDeliveryUpdates([sales('a', 1, null), sales('b', 2, null)], [at(10000, MAIN), resource], codes)).toEqual([{ id: 'a', quantityshipped: 0, quantitybackordered: 0, erp_locationcode: 'MAIN' }]);
    expect(lineDeliveryUpdates([sales('b', 1, 'PARIS')], [{ ...resource, locationId: EMPTY }], codes)).toEqual([]);
    expect(unknownLineLocations([{ ...resource, locationId: '99999999-0000-4000-8000-000000000001' }], codes)).toEqual([]);
  });

  it('shipped quantities and location change together in one update', () => {
    expect(lineDeliveryUpdates([sales('a', 1, null)], [at(10000, MAIN, 1)], codes)).toEqual([{ id: 'a', quantityshipped: 1, quantitybackordered: 1, erp_locationcode: 'MAIN' }]);
  });

  it('the decision itself', () => {
    expect(erpLineLocation(EMPTY, codes)).toBe('');
    expect(erpLineLocation(null, codes)).toBe('');
    expect(erpLineLocation(undefined, codes)).toBeUndefined();
    expect(erpLineLocation(`{${MAIN.toUpperCase()}}`, codes)).toBe('MAIN');
    expect(lineLocationChange(null, 'MAIN')).toBe('MAIN');
    expect(lineLocationChange('Main', 'MAIN')).toBeUndefined();
    expect(lineLocationChange('MAIN', '')).toBeNull();
    expect(lineLocationChange('', '')).toBeUndefined();
    expect(lineLocationChange(undefined, 'MAIN')).toBeUndefined();
    expect(lineLocationChange('MAIN', undefined)).toBeUndefined();
  });
});
