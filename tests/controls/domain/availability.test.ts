import { availabilityAsOf, availabilityStatus, availableAt, earliestAvailableDate, isSoldFromStock, sortLocations, totalAvailable, type LocationAvailability } from '../../../domain/availability';
import { ProductType } from '../../../domain/dataverseCodes';

const loc = (code: string, f: Partial<LocationAvailability>): LocationAvailability => ({
  locationCode: code, locationName: null, onHand: null, reserved: null, incoming: null, available: null, nextReceiptDate: null, unit: null, refreshedOn: null, ...f,
});

describe('available quantity', () => {
  test('uses the ERP figure, else on hand − reserved; never below zero', () => {
    expect(availableAt(loc('A', { available: 7, onHand: 100 }))).toBe(7);
    expect(availableAt(loc('A', { onHand: 10, reserved: 4 }))).toBe(6);
    expect(availableAt(loc('A', { onHand: 2, reserved: 5 }))).toBe(0);
    expect(availableAt(loc('A', { available: -3 }))).toBe(0);
    expect(totalAvailable([loc('A', { available: 5 }), loc('B', { available: -5 }), loc('C', { onHand: 2.5 })])).toBe(7.5);
  });
});

describe('status against the requested quantity', () => {
  const rows = [loc('A', { available: 6 }), loc('B', { available: 4 })];
  test.each([
    [5, 'inStock'],
    [10, 'inStock'],
    [10.5, 'partial'],
    [null, 'inStock'],
    [0, 'inStock'],
  ])('requested %p → %s', (requested, status) => {
    expect(availabilityStatus(rows, requested as number | null)).toBe(status);
  });
  test('nothing available is out of stock, whatever is requested', () => {
    expect(availabilityStatus([loc('A', { available: 0, incoming: 50 })], 1)).toBe('outOfStock');
    expect(availabilityStatus([], null)).toBe('outOfStock');
  });
  test('services, flat fees and charges are not sold from stock', () => {
    expect(availabilityStatus(rows, 1, ProductType.services)).toBe('notStocked');
    expect(availabilityStatus(rows, 1, ProductType.flatFees)).toBe('notStocked');
    expect(availabilityStatus(rows, 1, ProductType.miscellaneousCharges)).toBe('notStocked');
    expect(isSoldFromStock(ProductType.salesInventory)).toBe(true);
    expect(isSoldFromStock(null)).toBe(true);
  });
});

describe('earliest date the requested quantity is available', () => {
  const rows = [
    loc('A', { available: 3, incoming: 10, nextReceiptDate: '2025-05-01' }),
    loc('B', { available: 2, incoming: 4, nextReceiptDate: '2025-04-10T00:00:00Z' }),
    loc('C', { available: 0, incoming: 0, nextReceiptDate: '2025-03-01' }),
  ];
  test('now when it is available now', () => expect(earliestAvailableDate(rows, 5)).toBe('now'));
  test('the receipt that completes it, receipts taken in date order', () => {
    expect(earliestAvailableDate(rows, 6)).toBe('2025-04-10');
    expect(earliestAvailableDate(rows, 9)).toBe('2025-04-10');
    expect(earliestAvailableDate(rows, 10)).toBe('2025-05-01');
    expect(earliestAvailableDate(rows, 19)).toBe('2025-05-01');
  });
  test('null when the expected receipts never cover it', () => expect(earliestAvailableDate(rows, 19.5)).toBeNull());
});

test('"as of" is the oldest refresh over the locations; invalid times are ignored', () => {
  expect(
    availabilityAsOf([loc('A', { refreshedOn: '2025-03-10T09:00:00Z' }), loc('B', { refreshedOn: '2025-03-10T08:30:00Z' }), loc('C', { refreshedOn: 'garbage' })]),
  ).toBe('2025-03-10T08:30:00Z');
  expect(availabilityAsOf([loc('A', {})])).toBeNull();
});

test('locations are shown with the most available first, ties by code', () => {
  const sorted = sortLocations([loc('B', { available: 1 }), loc('C', { available: 9 }), loc('A', { available: 1 })]);
  expect(sorted.map((l) => l.locationCode)).toEqual(['C', 'A', 'B']);
});
