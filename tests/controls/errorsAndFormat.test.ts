import { classifyError, firstLine } from '../../controls/shared/errors';
import { Formatter, localeFor } from '../../domain/format';
import { isStale } from '../../controls/shared/freshness';

describe('classifyError', () => {
  test.each([
    [{ errorCode: -2147220960, message: 'Principal user is missing prvReaderp_accountstatistics privilege' }, 'privilege'],
    [{ errorCode: 0x80040220, message: 'x' }, 'privilege'],
    [{ code: '0x80040220', message: 'x' }, 'privilege'],
    [{ status: 403, message: 'Forbidden' }, 'privilege'],
    [{ errorCode: 0x80060892, message: 'A record with matching key values already exists.' }, 'duplicateKey'],
    [{ errorCode: -2147220969, message: 'erp_accountstatistics With Id = 1 Does Not Exist' }, 'notFound'],
    [{ status: 404, message: 'Not Found' }, 'notFound'],
    [new TypeError('Failed to fetch'), 'offline'],
    [{ message: 'UciError: You are offline' }, 'offline'],
    [new Error('Internal server error'), 'other'],
    ['plain string', 'other'],
    [undefined, 'other'],
  ])('%p → %s', (error, kind) => {
    expect(classifyError(error).kind).toBe(kind);
  });

  test('keeps one line of the message, never a stack trace', () => {
    expect(classifyError(new Error('Boom\n    at x (file.js:1:1)')).message).toBe('Boom');
    expect(firstLine('Timeout    at Object.run (a.js:1:2)')).toBe('Timeout');
  });
});

describe('Formatter', () => {
  test('maps the user language to a locale, English (US) when unknown', () => {
    expect(localeFor(1036)).toBe('fr-FR');
    expect(localeFor(1033)).toBe('en-US');
    expect(localeFor(4108)).toBe('fr-CH');
    expect(localeFor(9999)).toBe('en-US');
  });

  test('amounts keep the ERP currency; a bad code or none falls back to two decimals', () => {
    const fr = new Formatter(1036);
    expect(fr.amount(1234.5, 'CHF').replace(/\s/g, ' ')).toBe('1 234,50 CHF');
    expect(fr.amount(1234.5, 'eur').replace(/\s/g, ' ')).toBe('1 234,50 €');
    expect(fr.amount(1234.5, null).replace(/\s/g, ' ')).toBe('1 234,50');
    expect(new Formatter(1033).amount(1234.5, 'XX1')).toBe('1,234.50');
    expect(fr.amount(null, 'EUR')).toBe('—');
  });

  test('date-only values are never moved a day by the time zone', () => {
    expect(new Formatter(1033).dateOnly('2025-01-01')).toBe('Jan 1, 2025');
    expect(new Formatter(1036).dateOnly('2025-12-31')).toBe('31 déc. 2025');
    expect(new Formatter(1033).dateOnly('not a date')).toBe('—');
  });

  test('ages in the largest unit that fits, localised', () => {
    const now = Date.parse('2025-03-10T10:00:00Z');
    const en = new Formatter(1033);
    const fr = new Formatter(1036);
    expect(en.age('2025-03-10T09:59:30Z', now)).toBe('30 seconds ago');
    expect(en.age('2025-03-10T09:15:00Z', now)).toBe('45 minutes ago');
    expect(fr.age('2025-03-10T07:00:00Z', now)).toBe('il y a 3 heures');
    expect(fr.age('2025-03-06T10:00:00Z', now)).toBe('il y a 4 jours');
    expect(en.age(null, now)).toBe('—');
  });
});

test('stale when older than the maximum age; never without a time or a limit', () => {
  const now = Date.parse('2025-03-10T10:00:00Z');
  expect(isStale('2025-03-10T08:59:00Z', now, 60)).toBe(true);
  expect(isStale('2025-03-10T09:01:00Z', now, 60)).toBe(false);
  expect(isStale(null, now, 60)).toBe(false);
  expect(isStale('2025-03-01T00:00:00Z', now, 0)).toBe(false);
});
