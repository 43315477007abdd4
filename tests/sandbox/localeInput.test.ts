/** Numbers and dates typed in editable fields, in the user's locale (issue 19, finding 14). */
import { dateForInput, datePattern, numberForInput, parseLocaleDate, parseLocaleNumber } from '../../domain/localeInput';

describe('numbers in editable fields', () => {
  it('shows an amount grouped with the locale separators', () => {
    expect(numberForInput(60000, 'fr-FR', 2).replace(/[\u00a0\u202f]/g, ' ')).toBe('60 000,00');
    expect(numberForInput(60000, 'en-US', 2)).toBe('60,000.00');
    expect(numberForInput(350.8, 'fr-FR')).toBe('350,8');
    expect(numberForInput(null, 'fr-FR')).toBe('');
  });

  it('reads back what the locale shows, with any space as the French group separator', () => {
    expect(parseLocaleNumber(numberForInput(60000, 'fr-FR', 2), 'fr-FR')).toEqual({ ok: true, value: 60000 });
    expect(parseLocaleNumber('60 000,50', 'fr-FR')).toEqual({ ok: true, value: 60000.5 });
    expect(parseLocaleNumber('12.5', 'fr-FR')).toEqual({ ok: true, value: 12.5 });
    expect(parseLocaleNumber('60,000.50', 'en-US')).toEqual({ ok: true, value: 60000.5 });
    expect(parseLocaleNumber('−3', 'fr-FR')).toEqual({ ok: true, value: -3 });
    expect(parseLocaleNumber('  ', 'fr-FR')).toEqual({ ok: true, value: null });
  });

  it('refuses what is not a number rather than guessing', () => {
    expect(parseLocaleNumber('12abc', 'fr-FR').ok).toBe(false);
    expect(parseLocaleNumber('1,2,3', 'fr-FR').ok).toBe(false);
    expect(parseLocaleNumber('1.234,5', 'fr-FR')).toEqual({ ok: false });
    expect(parseLocaleNumber('1.234,5', 'de-DE')).toEqual({ ok: true, value: 1234.5 });
    expect(parseLocaleNumber('1e5', 'en-US').ok).toBe(false);
  });
});

describe('dates in editable fields', () => {
  const christmas = new Date(2026, 11, 24);

  it('writes and hints the locale order: day first in French, month first in US English', () => {
    expect(dateForInput(christmas, 'fr-FR')).toBe('24/12/2026');
    expect(dateForInput(christmas, 'en-US')).toBe('12/24/2026');
    expect(datePattern('fr-FR')).toBe('jj/mm/aaaa');
    expect(datePattern('en-US')).toBe('mm/dd/yyyy');
    expect(datePattern('en-GB')).toBe('dd/mm/yyyy');
  });

  it('reads a date in the locale order, to the local midnight of that day', () => {
    const fr = parseLocaleDate('24/12/2026', 'fr-FR');
    expect(fr.ok && fr.value?.getTime()).toBe(christmas.getTime());
    const us = parseLocaleDate('12/24/2026', 'en-US');
    expect(us.ok && us.value?.getTime()).toBe(christmas.getTime());
    const short = parseLocaleDate('24.12.26', 'fr-FR');
    expect(short.ok && short.value?.getTime()).toBe(christmas.getTime());
    expect(parseLocaleDate('', 'fr-FR')).toEqual({ ok: true, value: null });
  });

  it('refuses an impossible or ambiguous date', () => {
    expect(parseLocaleDate('31/02/2026', 'fr-FR').ok).toBe(false);
    expect(parseLocaleDate('12/24/2026', 'fr-FR').ok).toBe(false);
    expect(parseLocaleDate('24 décembre', 'fr-FR').ok).toBe(false);
  });
});
