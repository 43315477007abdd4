/** The sandbox page's form sends dates as a model-driven form does: UserLocal → the instant, DateOnly → the date. */
import { dateForWire } from '../../sandbox/app/client/form/formModel';

describe('dates picked on the sandbox form', () => {
  const picked = new Date(2026, 11, 24); // local midnight of 24 December, whatever the machine's zone

  it('a UserLocal column (salesorder.requestdeliveryby) gets the UTC instant of the local midnight', () => {
    expect(dateForWire(picked, 'UserLocal')).toBe(picked.toISOString());
    expect(new Date(dateForWire(picked, 'UserLocal')).getDate()).toBe(24);
  });

  it('a DateOnly column (quote.expireson) gets the calendar date the user sees', () => {
    expect(dateForWire(picked, 'DateOnly')).toBe('2026-12-24');
  });
});
