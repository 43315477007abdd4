import { en, fr, formatMessage, placeholders, problemMessage, resolveLcid, catalogs } from '../../../domain/messages';
import { ProblemCode, validateOrderForSubmission } from '../../../domain/orderValidation';
import { ids, line, order, settings } from '../support/fixtures';

describe('message catalogs', () => {
  it('English and French have exactly the same keys', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });
  it('every text uses the same placeholders in both languages and none is empty', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(fr[key]).sort()]).toEqual([key, placeholders(en[key]).sort()]);
      expect(en[key].trim()).not.toBe('');
      expect(fr[key].trim()).not.toBe('');
    }
  });
  it('French is really French (no text left in English)', () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((k) => en[k] === fr[k] && en[k].length > 5);
    expect(same).toEqual([]);
  });
  it('every problem code has a text that says what to do', () => {
    for (const code of Object.values(ProblemCode)) {
      expect(en[code]).toBeDefined();
      expect(en[code].split('.').filter((s) => s.trim()).length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('formatMessage', () => {
  it('fills placeholders in the user language', () => {
    expect(formatMessage('PRODUCT_NOT_COUPLED', { product: 'Bike 500', line: 2 }, 1033)).toBe(
      'The product Bike 500 (line 2) is not linked to an ERP item. Ask your ERP administrator to couple it, or use a write-in line.',
    );
    expect(formatMessage('PRODUCT_NOT_COUPLED', { product: 'Bike 500', line: 2 }, 1036)).toBe(
      'Le produit Bike 500 (ligne 2) n’est pas lié à un article de l’ERP. Demandez à votre administrateur ERP de le coupler, ou utilisez une ligne de produit hors catalogue.',
    );
  });
  it('falls back to English for other languages and reads French variants as French', () => {
    expect(formatMessage('NO_LINES', {}, 1031)).toBe(en.NO_LINES);
    expect(formatMessage('NO_LINES', {}, 3084)).toBe(fr.NO_LINES);
    expect(resolveLcid(undefined)).toBe(1033);
    expect(resolveLcid(1036)).toBe(1036);
  });
  it('keeps a missing parameter visible and returns unknown codes as they are', () => {
    expect(formatMessage('QUANTITY_NOT_POSITIVE', { line: 3 })).toBe('Line 3 has quantity {quantity}. Enter a quantity greater than 0.');
    expect(formatMessage('SOME_FUTURE_CODE', {})).toBe('SOME_FUTURE_CODE');
  });
  it('renders every problem the rules can produce without a leftover placeholder', () => {
    const problems = validateOrderForSubmission(
      order({ customerid_account: { accountid: ids.account, name: 'Fabrikam', customertypecode: 1, statecode: 1, erp_customernumber: null }, ordernumber: 'X'.repeat(40), order_details: [line({ quantity: 0, description: 'y'.repeat(300), productid: { productid: ids.bike, name: 'Bike', statecode: 1, producttypecode: 4, erp_itemnumber: null } })] }),
      settings({ couplings: { systemuser: {}, uom: {} }, erpCurrencyCodes: ['USD'] }),
    );
    expect(problems.length).toBeGreaterThan(8);
    for (const lcid of [1033, 1036]) for (const p of problems) expect(problemMessage(p, lcid)).not.toMatch(/\{\w+\}/);
    expect(Object.keys(catalogs)).toEqual(['1033', '1036']);
  });
});
