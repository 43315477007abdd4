import { fillTemplate, formatMessage, placeholders } from '../../../domain/messages';
import { en, fr } from '../../../domain/messages';
import { en as setupEn, fr as setupFr, texts as setupTexts } from '../../../webresources/setup/texts';
import { strings as setupStrings } from '../../../webresources/setup/strings';
import { en as couplingEn, fr as couplingFr } from '../../../webresources/coupling/texts';

describe('message templates: placeholders and plurals', () => {
  const orders = '{n, plural, =0 {no order} one {# order} other {# orders}} for {who}';

  it('chooses the branch by the CLDR category of the user’s language', () => {
    expect(fillTemplate(orders, { n: 0, who: 'Ann' })).toBe('no order for Ann');
    expect(fillTemplate(orders, { n: 1, who: 'Ann' })).toBe('1 order for Ann');
    expect(fillTemplate(orders, { n: 2, who: 'Ann' })).toBe('2 orders for Ann');
    const commandes = '{n, plural, one {# commande} other {# commandes}}';
    // French: 0 and 1 are singular, and # follows the French number format.
    expect(fillTemplate(commandes, { n: 0 }, 'fr-FR')).toBe('0 commande');
    expect(fillTemplate(commandes, { n: 1 }, 'fr-FR')).toBe('1 commande');
    expect(fillTemplate(commandes, { n: 1500 }, 'fr-FR')).toBe('1\u202f500 commandes');
    expect(fillTemplate(commandes, { n: 0 }, 'en-US')).toBe('0 commandes');
  });

  it('keeps a missing or non-numeric count visible instead of inventing one', () => {
    expect(fillTemplate(orders, { who: 'Ann' })).toBe('{n} for Ann');
    expect(fillTemplate(orders, { n: 'many', who: 'Ann' })).toBe('{n} for Ann');
    expect(fillTemplate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('leaves malformed plurals and lone braces as text', () => {
    expect(fillTemplate('{n, plural, one {# x}}', { n: 1 })).toBe('{n, plural, one {# x}}'); // no "other"
    expect(fillTemplate('{n, plural, one {# x} other {# xs}', { n: 1 })).toBe('{n, plural, one {# x} other {# xs}');
    expect(fillTemplate('a { b } c', {})).toBe('a { b } c');
  });

  it('lists the names of plain and plural arguments, including placeholders inside branches', () => {
    expect(placeholders(orders)).toEqual(['n', 'who']);
    expect(placeholders('{n, plural, one {# by {user}} other {# by {user}}}')).toEqual(['n', 'user']);
  });

  it('no catalogue says "(s)": counts agree with their nouns in English and French', () => {
    for (const catalog of [en, fr, setupEn, setupFr, couplingEn, couplingFr]) {
      for (const [key, value] of Object.entries(catalog)) expect([key, /\w\(s\)/.test(value)]).toEqual([key, false]);
    }
  });

  it('formats catalogue texts in the user’s language', () => {
    expect(formatMessage('Result.RefreshQueuedMany', { count: 1 }, 1033)).toMatch(/^A refresh was requested for 1 record\. /);
    expect(formatMessage('Result.RefreshQueuedMany', { count: 3 }, 1036)).toMatch(/pour 3 enregistrements\. /);
    expect(setupStrings(1033, setupTexts)('skippedCount', { count: 1 })).toMatch(/^1 record was skipped/);
    expect(setupStrings(3084, setupTexts)('skippedCount', { count: 2 })).toMatch(/^2 enregistrements ont été ignorés/);
  });
});

describe('select', () => {
  it('chooses a branch by the value, `other` for anything else, with placeholders inside', () => {
    const t = 'Order ({amount} {basis, select, incl {incl. tax} other {excl. tax}})';
    expect(fillTemplate(t, { amount: '€5.00', basis: 'incl' })).toBe('Order (€5.00 incl. tax)');
    expect(fillTemplate(t, { amount: '€5.00', basis: 'excl' })).toBe('Order (€5.00 excl. tax)');
    expect(fillTemplate(t, { amount: '€5.00' })).toBe('Order (€5.00 excl. tax)');
    expect(placeholders(t)).toEqual(['amount', 'basis']);
  });
});
