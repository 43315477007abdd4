/**
 * Item Availability on an order or quote product, bound to the line's ship-from location (erp_locationcode): a
 * toggle per location writes its code, pressing it again clears it; the status answers for the chosen location; no
 * toggles where the property is not bound (product form), on rows without a code, or when the line is read-only.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { text } from './support/resx';
import { inStock, location, renderItemAvailability } from './harness/itemAvailability';

const withUnlocated = { ...inStock, locations: [...inStock.locations, location('', null, { onHand: 0, reserved: 3, available: -3 })] };

describe.each([1033, 1036] as const)('ship from, language %i', (languageId) => {
  test('a toggle per location with a code, named for it; pressing one writes its code', async () => {
    const r = renderItemAvailability({ languageId, shipFrom: null, data: () => Promise.resolve(withUnlocated) });
    const table = await screen.findByRole('table', { name: text(r.strings, 'LocationsCaption') });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toContain(text(r.strings, 'Col_ShipFrom'));
    const toggles = within(table).getAllByRole('button', { name: new RegExp(text(r.strings, 'ShipFromLabel', 'X').replace('X', '.+')) });
    expect(toggles.map((b) => b.getAttribute('data-location'))).toEqual(['MAIN', 'EAST', 'WEST']);
    expect(toggles.every((b) => b.getAttribute('aria-pressed') === 'false')).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: text(r.strings, 'ShipFromLabel', 'EAST – East warehouse') }));
    expect(r.shipFromChanges).toHaveBeenCalledWith('EAST');
  });

  test('the chosen location is pressed, the status answers for it alone, and pressing it again clears it', async () => {
    const r = renderItemAvailability({ languageId, shipFrom: 'east', quantity: 15 });
    const pressed = await screen.findByRole('button', { name: text(r.strings, 'ShipFromLabel', 'EAST – East warehouse') });
    expect(pressed).toHaveAttribute('aria-pressed', 'true');
    expect(pressed).toHaveTextContent(`✓ ${text(r.strings, 'ShipsFromHere')}`);
    // The mark is for the eye only: the name says what the button does.
    expect(pressed.querySelector('[aria-hidden="true"]')).toHaveTextContent('✓');
    // EAST has 10 of the 15 requested, although all locations together have 1,240.5.
    expect(screen.getByText(text(r.strings, 'Status_partial'))).toHaveAttribute('data-status', 'partial');
    expect(screen.getByText(text(r.strings, 'ShipsFrom', 'EAST'))).toBeInTheDocument();
    await userEvent.click(pressed);
    expect(r.shipFromChanges).toHaveBeenCalledWith(null);
  });

  test('a read-only line shows the choice but cannot change it', async () => {
    const r = renderItemAvailability({ languageId, shipFrom: 'MAIN', disabled: true });
    const main = await screen.findByRole('button', { name: text(r.strings, 'ShipFromLabel', 'MAIN – Main warehouse') });
    expect(main).toHaveAttribute('aria-pressed', 'true');
    expect(main).toBeDisabled();
    await userEvent.click(main);
    expect(r.shipFromChanges).not.toHaveBeenCalled();
  });

  test('not bound (the product form): no column and no toggles', async () => {
    const r = renderItemAvailability({ languageId, product: 'productForm' });
    const table = await screen.findByRole('table', { name: text(r.strings, 'LocationsCaption') });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).not.toContain(text(r.strings, 'Col_ShipFrom'));
    expect(within(table).queryAllByRole('button')).toEqual([]);
  });

  test('narrow: each location card has its toggle', async () => {
    const r = renderItemAvailability({ languageId, shipFrom: null, allocatedWidth: 300 });
    const list = await screen.findByRole('list', { name: text(r.strings, 'LocationsCaption') });
    expect(within(list).getAllByRole('button').map((b) => b.getAttribute('data-location'))).toEqual(['MAIN', 'EAST', 'WEST']);
  });
});
