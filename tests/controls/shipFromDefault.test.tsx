/**
 * Item Availability on an order line without a ship-from location (issue 19, finding 11): it says which location the
 * ERP will use (the order's: customer card, else responsibility center, else company information, possibly none) and how to choose one.
 */
import { screen } from '@testing-library/react';
import { text } from './support/resx';
import { renderItemAvailability } from './harness/itemAvailability';

describe.each([1033, 1036] as const)('language %i', (languageId) => {
  test('no location chosen on the line: the control says the ERP takes the order’s location', async () => {
    const r = renderItemAvailability({ languageId, shipFrom: null });
    const note = await screen.findByText(text(r.strings, 'ShipFromNone'));
    expect(note).toHaveAttribute('data-state', 'shipFromNone');
    expect(note.textContent).toMatch(languageId === 1036 ? /magasin de la commande/ : /order’s location/);
    expect(note.textContent).toContain(text(r.strings, 'NoLocation'));
  });

  test('a location chosen: no such note, the chosen location is named', async () => {
    const r = renderItemAvailability({ languageId, shipFrom: 'EAST' });
    await screen.findByText(text(r.strings, 'ShipsFrom', 'EAST'));
    expect(screen.queryByText(text(r.strings, 'ShipFromNone'))).toBeNull();
  });

  test('not bound (the product form): no note either', async () => {
    const r = renderItemAvailability({ languageId, product: 'productForm' });
    await screen.findByRole('table', { name: text(r.strings, 'LocationsCaption') });
    expect(screen.queryByText(text(r.strings, 'ShipFromNone'))).toBeNull();
  });
});
