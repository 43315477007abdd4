// Texts of the web resources come from the RESX web resources only (issue #19 finding 16): what the user reads in
// each language, plurals in the user's locale, and what happens when the RESX did not load (the platform returns
// null, https://learn.microsoft.com/power-apps/developer/model-driven-apps/resx-web-resources).
import { en, fr } from '../../domain/messages';
import { RESX_NAME, t } from '../../webresources/lib/strings';
import { setup } from './support/harness';

const ORDER = '11111111-2222-3333-4444-555555555555';

describe('web resource texts', () => {
  it('reads the user language from erp_/strings/ErpLink and fills placeholders', () => {
    const h = setup({ entityName: 'salesorder', id: ORDER, lcid: 1036 });
    expect(t('QUANTITY_NOT_POSITIVE', { line: 2, quantity: 0 })).toBe(fr.QUANTITY_NOT_POSITIVE.replace('{line}', '2').replace('{quantity}', '0'));
    expect(h.xrm.Utility.getResourceString).toHaveBeenCalledWith(RESX_NAME, 'QUANTITY_NOT_POSITIVE');
    setup({ entityName: 'salesorder', id: ORDER, lcid: 1033 });
    expect(t('NO_LINES')).toBe(en.NO_LINES);
  });

  it('shows the key, never an empty text, when the RESX is missing (null) or the call throws', () => {
    const h = setup({ entityName: 'salesorder', id: ORDER });
    (h.xrm.Utility.getResourceString as jest.Mock).mockReturnValue(null);
    expect(t('NO_LINES')).toBe('NO_LINES');
    (h.xrm.Utility.getResourceString as jest.Mock).mockImplementation(() => {
      throw new Error('erp_/strings/ErpLink does not exist.');
    });
    expect(t('ORDER_UNSAVED')).toBe('ORDER_UNSAVED');
  });

  it('every key the web resources pass to t() as a literal is in both catalogues', () => {
    const fs = jest.requireActual<typeof import('fs')>('fs');
    const path = jest.requireActual<typeof import('path')>('path');
    const root = path.resolve(__dirname, '../../webresources');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name.endsWith('.ts')) files.push(path.join(dir, e.name));
      }
    };
    walk(root);
    const used = new Set<string>();
    for (const f of files) {
      const code = fs.readFileSync(f, 'utf8');
      if (!/from '(\.\.\/lib|\.)\/strings'/.test(code) || f.includes(`${path.sep}setup${path.sep}`) || f.includes(`${path.sep}coupling${path.sep}`)) continue;
      for (const m of code.matchAll(/\bt\(\s*'([A-Za-z][A-Za-z0-9_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !(k in en) || !(k in fr));
    expect(missing).toEqual([]);
  });
});
