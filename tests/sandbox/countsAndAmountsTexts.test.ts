/**
 * Counts read with their plural forms and in the user's number format (issue 19, finding 14: "1 records were
 * skipped"): the sandbox grid's record count, the connector's reconciliation job name, Item Availability's French
 * figures (no "disponible(s)"); and amounts said on the basis they are compared on (finding 8).
 */
import * as fs from 'fs';
import * as path from 'path';
import { setLanguage, t } from '../../sandbox/app/client/i18n';
import { text } from '../../connector/messages';

afterAll(() => setLanguage(1033));

describe('plural forms', () => {
  it('the grid counts one record, many records, in the user’s number format', () => {
    setLanguage(1033);
    expect(t('grid.count', 1)).toBe('1 record');
    expect(t('grid.count', 1234)).toBe('1,234 records');
    expect(t('grid.countMore', 50)).toBe('50+ records');
    setLanguage(1036);
    expect(t('grid.count', 1)).toBe('1 enregistrement');
    expect(t('grid.count', 0)).toBe('0 enregistrement');
    expect(t('grid.count', 1234)).toBe('1\u202f234 enregistrements');
  });

  it('the reconciliation job names one day or several', () => {
    expect(text('RECON_JOB_NAME', { days: 1 }, 1033)).toBe('Order reconciliation (orders of the last day)');
    expect(text('RECON_JOB_NAME', { days: 30 }, 1033)).toBe('Order reconciliation (orders of the last 30 days)');
    expect(text('RECON_JOB_NAME', { days: 1 }, 1036)).toBe('Rapprochement des commandes (commandes du dernier jour)');
    expect(text('RECON_JOB_NAME', { days: 30 }, 1036)).toBe('Rapprochement des commandes (commandes des 30 derniers jours)');
  });

  it('no “(s)” plural left in any catalogue the product ships', () => {
    const roots = ['domain/messages', 'domain/mappings/messages.ts', 'connector/messages.ts', 'webresources/setup/texts.ts', 'webresources/coupling/texts.ts', 'sandbox/app/client/i18n.ts', 'controls/AccountStatistics/strings', 'controls/ItemAvailability/strings'];
    const files = roots.flatMap((r) => {
      const p = path.resolve(__dirname, '../..', r);
      return fs.statSync(p).isDirectory() ? fs.readdirSync(p).map((f) => path.join(p, f)) : [p];
    });
    const offenders = files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => /\w\(s\)|\(e\)s?\b|\(x\)/.test(l) && !/^\s*(\*|\/\/)/.test(l)).map((l) => `${path.basename(f)}: ${l.trim().slice(0, 80)}`));
    expect(offenders).toEqual([]);
  });
});

describe('amounts compared on one basis', () => {
  it('the reconciliation names both amounts before tax, as both sides are compared (totalamountlessfreight, totalAmountExcludingTax)', () => {
    const params = { order: 'ORD-1', salesAmount: '€80.61', erpNumber: 'S-ORD1', erpAmount: '€81.61', difference: '+€1.00' };
    expect(text('RECON_AMOUNT_MISMATCH', params, 1033)).toMatch(/^The Sales order ORD-1 totals €80\.61 excl\. tax, the ERP order S-ORD1 €81\.61 excl\. tax \(\+€1\.00\)/);
    expect(text('RECON_AMOUNT_MISMATCH', params, 1036)).toMatch(/^La commande Sales ORD-1 totalise €80\.61 HT, la commande ERP S-ORD1 €81\.61 HT/);
  });
});
