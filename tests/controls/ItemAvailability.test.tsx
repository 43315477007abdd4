/** Item Availability: status against the requested quantity, locations, earliest date, bindings and layout, in English and French. */
import { screen, within } from '@testing-library/react';
import { ProductType } from '../../domain/dataverseCodes';
import { text } from './support/resx';
import { inStock, location, PRODUCT_ID, renderItemAvailability } from './harness/itemAvailability';

/** Intl puts (narrow) no-break spaces in French numbers; compare them as plain spaces. */
const norm = (s: string | null) => (s ?? '').replace(/\s+/g, ' ');

const expected = {
  1033: { total: '1,240.5 PCS', main: ['MAIN – Main warehouse', '1,250.5', '20', '40', '1,230.5', 'Mar 20, 2025'], march20: 'Mar 20, 2025', april2: 'Apr 2, 2025' },
  1036: { total: '1 240,5 PCS', main: ['MAIN – Main warehouse', '1 250,5', '20', '40', '1 230,5', '20 mars 2025'], march20: '20 mars 2025', april2: '2 avr. 2025' },
} as const;

describe.each([1033, 1036] as const)('language %i', (languageId) => {
  const e = expected[languageId];

  test('in stock: status in words, available vs requested with the unit, ERP item number, a row per location', async () => {
    const r = renderItemAvailability({ languageId, quantity: 5 });
    const badge = await screen.findByText(text(r.strings, 'Status_inStock'));
    expect(badge).toHaveAttribute('data-status', 'inStock');
    expect(screen.getByText(text(r.strings, 'AvailableOfRequested', e.total, '5 PCS'))).toBeInTheDocument();
    expect(screen.getByText(text(r.strings, 'ItemNumber', '1896-S'))).toBeInTheDocument();
    const table = screen.getByRole('table', { name: text(r.strings, 'LocationsCaption') });
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Col_Location', 'Col_OnHand', 'Col_Reserved', 'Col_Incoming', 'Col_Available', 'Col_NextReceipt'].map((k) => text(r.strings, k)));
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    // The location with the most available comes first.
    expect(within(rows[0]).getAllByRole('cell').map((c) => norm(c.textContent))).toEqual(e.main);
    expect(within(rows[2]).getAllByRole('cell')[0]).toHaveTextContent(/^WEST$/);
    expect(within(rows[1]).getAllByRole('cell')[5]).toHaveTextContent(text(r.strings, 'NoReceipt'));
    expect(screen.queryByText(/2025\.$/)).toBeNull(); // no "available from" sentence when it is available now
  });

  test('partly available: says when the requested quantity will be there (next receipts, in date order)', async () => {
    const r = renderItemAvailability({ languageId, quantity: 1250 });
    expect(await screen.findByText(text(r.strings, 'Status_partial'))).toHaveAttribute('data-status', 'partial');
    expect(screen.getByText(text(r.strings, 'EarliestDate', e.march20))).toBeInTheDocument();
  });

  test('partly available, later receipt needed: the date of the receipt that completes the quantity', async () => {
    const r = renderItemAvailability({ languageId, quantity: 1283 });
    expect(await screen.findByText(text(r.strings, 'EarliestDate', e.april2))).toBeInTheDocument();
  });

  test('out of stock with no receipt expected: says the receipts do not cover it', async () => {
    const r = renderItemAvailability({
      languageId,
      data: () => Promise.resolve({ ...inStock, locations: [location('MAIN', 'Main', { onHand: 3, reserved: 5, available: -2 })] }),
    });
    expect(await screen.findByText(text(r.strings, 'Status_outOfStock'))).toHaveAttribute('data-status', 'outOfStock');
    expect(screen.getByText(text(r.strings, 'EarliestNever'))).toBeInTheDocument();
    expect(screen.getByRole('table')).toHaveTextContent('0');
  });

  test('not sold from stock (service): says so instead of showing stock', async () => {
    const r = renderItemAvailability({ languageId, data: () => Promise.resolve({ enabled: true, itemNumber: 'SERV-01', productType: ProductType.services, locations: [] }) });
    expect(await screen.findByText(text(r.strings, 'Status_notStocked'))).toHaveAttribute('data-status', 'notStocked');
    expect(screen.getByText(text(r.strings, 'NotStockedDetail'))).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  test('product form (no requested quantity): the total available, read for the form’s own product', async () => {
    const r = renderItemAvailability({ languageId, product: 'productForm', quantity: null });
    expect(await screen.findByText(text(r.strings, 'AvailableTotal', e.total))).toBeInTheDocument();
    expect(r.services.reader.read).toHaveBeenCalledWith({ table: 'product', id: PRODUCT_ID });
  });

  test('order line without a product: asks to choose one and reads nothing', () => {
    const r = renderItemAvailability({ languageId, product: 'empty' });
    expect(screen.getByText(text(r.strings, 'NoProduct'))).toBeInTheDocument();
    expect(r.services.reader.read).not.toHaveBeenCalled();
  });

  test('a new requested quantity (next updateView) changes the status without another read', async () => {
    const r = renderItemAvailability({ languageId, quantity: 5 });
    await screen.findByText(text(r.strings, 'Status_inStock'));
    r.rerenderWith({ quantity: 5000 });
    expect(screen.getByText(text(r.strings, 'Status_partial'))).toBeInTheDocument();
    expect(r.services.reader.read).toHaveBeenCalledTimes(1);
  });

  test.each([
    ['a narrow container', { allocatedWidth: 300 }],
    ['a phone', { formFactor: 3, allocatedWidth: 900 }],
  ])('narrow layout on %s: one labelled card per location instead of a wide table', async (_name, layout) => {
    const r = renderItemAvailability({ languageId, ...layout });
    const list = await screen.findByRole('list', { name: text(r.strings, 'LocationsCaption') });
    expect(screen.queryByRole('table')).toBeNull();
    const cards = within(list).getAllByRole('listitem');
    expect(cards).toHaveLength(3);
    expect(cards[0]).toHaveTextContent('MAIN – Main warehouse');
    const terms = within(cards[0]).getAllByRole('term').map((t) => t.textContent);
    expect(terms).toEqual(['Col_OnHand', 'Col_Reserved', 'Col_Incoming', 'Col_Available', 'Col_NextReceipt'].map((k) => text(r.strings, k)));
    expect(within(cards[0]).getAllByRole('definition').map((d) => norm(d.textContent))).toEqual(e.main.slice(1));
    expect(r.container.querySelector('section')).toHaveAttribute('data-layout', 'narrow');
  });
});
