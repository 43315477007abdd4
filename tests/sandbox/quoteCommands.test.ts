/**
 * Which of Sales' quote commands the sandbox shows (sandbox/app/client/ribbon/quoteLifecycle.ts): by the quote's
 * state as Dynamics 365 Sales shows them, hidden without the privileges the platform would refuse them for; and
 * their texts in English and French.
 */
import { QuoteState } from '../../domain/dataverseCodes';
import { quoteCommandsFor } from '../../sandbox/app/client/ribbon/quoteLifecycle';
import { catalogs } from '../../sandbox/app/client/i18n';

const salesperson = new Set(['read:quote', 'write:quote', 'create:quote', 'create:salesorder', 'write:salesorder']);

describe('quote commands by state', () => {
  it('Draft: Activate Quote only; an unsaved quote: none', () => {
    expect(quoteCommandsFor(QuoteState.draft, true, salesperson)).toEqual(['activate']);
    expect(quoteCommandsFor(QuoteState.draft, false, salesperson)).toEqual([]);
    expect(quoteCommandsFor(null, true, salesperson)).toEqual([]);
  });

  it('Active: Create Order, Close Quote, Revise', () => {
    expect(quoteCommandsFor(QuoteState.active, true, salesperson)).toEqual(['createOrder', 'close', 'revise']);
  });

  it('Won: Create Order only (ConvertQuoteToSalesOrder takes a won quote); Closed: nothing', () => {
    expect(quoteCommandsFor(QuoteState.won, true, salesperson)).toEqual(['createOrder']);
    expect(quoteCommandsFor(QuoteState.closed, true, salesperson)).toEqual([]);
  });

  it('without the privileges the platform checks, the command is hidden', () => {
    const readOnly = new Set(['read:quote', 'read:salesorder']);
    for (const s of [QuoteState.draft, QuoteState.active, QuoteState.won, QuoteState.closed]) expect(quoteCommandsFor(s, true, readOnly)).toEqual([]);
    const noOrders = new Set(['read:quote', 'write:quote', 'create:quote']);
    expect(quoteCommandsFor(QuoteState.active, true, noOrders)).toEqual(['close', 'revise']);
    const noQuoteCreate = new Set(['write:quote', 'create:salesorder']);
    expect(quoteCommandsFor(QuoteState.active, true, noQuoteCreate)).toEqual(['createOrder', 'close']);
    // Converting a won quote writes no quote: creating orders is enough.
    expect(quoteCommandsFor(QuoteState.won, true, new Set(['create:salesorder']))).toEqual(['createOrder']);
  });
});

describe('texts', () => {
  it('English and French have the same keys, every text filled, the commands translated', () => {
    const en = catalogs[1033];
    const fr = catalogs[1036];
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const v of [...Object.values(en), ...Object.values(fr)]) expect(v.trim()).not.toBe('');
    for (const k of ['quote.activate', 'quote.createOrder', 'quote.close', 'quote.revise'] as const) expect(fr[k]).not.toBe(en[k]);
  });
});
