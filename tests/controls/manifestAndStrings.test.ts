/**
 * Static checks on the control sources: manifests (virtual, platform libraries, version, properties, resx),
 * English and French resx with the same keys and placeholders, every key the code uses present, and imports
 * limited to the platform libraries so nothing heavy gets bundled.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser } from '@xmldom/xmldom';
import { Properties as ItemProperties } from '../../controls/ItemAvailability/ManifestConstants';
import { Properties as AccountProperties } from '../../controls/AccountStatistics/ManifestConstants';
import { CONTROLS_DIR, LANGUAGES, loadResx, resxPath } from './support/resx';

const ROOT = path.resolve(CONTROLS_DIR, '..');
const controls = [
  { name: 'ItemAvailability', properties: ItemProperties, dynamicKeys: ['Status_inStock', 'Status_partial', 'Status_outOfStock', 'Status_notStocked'] },
  {
    name: 'AccountStatistics',
    properties: AccountProperties,
    dynamicKeys: ['Credit_ok', 'Credit_warning', 'Credit_alert', 'Aging_current', 'Aging_days1To30', 'Aging_days31To60', 'Aging_days61To90', 'Aging_over90'],
  },
];

function manifest(control: string): Element {
  const doc = new DOMParser().parseFromString(fs.readFileSync(path.join(CONTROLS_DIR, control, 'ControlManifest.Input.xml'), 'utf8'), 'text/xml');
  return doc.getElementsByTagName('control')[0] as unknown as Element;
}

const elements = (parent: Element, tag: string) => Array.from(parent.getElementsByTagName(tag) as unknown as ArrayLike<Element>);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'generated' || d.name === 'strings' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(d.name) ? [p] : [];
  });
}

/** Keys passed as a literal to t('…') in a file. */
const literalKeys = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1]);

describe.each(controls)('$name', ({ name, properties, dynamicKeys }) => {
  const control = manifest(name);

  test('manifest: virtual control in the ErpLink namespace, 3-part version, React 16.14.0 and Fluent 9 platform libraries', () => {
    expect(control.getAttribute('namespace')).toBe('ErpLink');
    expect(control.getAttribute('constructor')).toBe(name);
    expect(control.getAttribute('control-type')).toBe('virtual');
    expect(control.getAttribute('version')).toMatch(/^\d+\.\d+\.\d+$/);
    const libraries = Object.fromEntries(elements(control, 'platform-library').map((l) => [l.getAttribute('name'), l.getAttribute('version')]));
    expect(libraries).toEqual({ React: '16.14.0', Fluent: '9.46.2' });
    expect(elements(control, 'uses-feature').map((f) => f.getAttribute('name'))).toEqual(['WebAPI']);
  });

  test('manifest properties are exactly the ones the code reads (ManifestConstants)', () => {
    expect(elements(control, 'property').map((p) => p.getAttribute('name'))).toEqual(Object.values(properties));
  });

  test('both languages declared, with the exact file names on disk', () => {
    const declared = elements(control, 'resx').map((r) => r.getAttribute('path'));
    expect(declared).toEqual(LANGUAGES.map((l) => `strings/${name}.${l}.resx`));
    for (const l of LANGUAGES) expect(fs.readdirSync(path.join(CONTROLS_DIR, name, 'strings'))).toContain(path.basename(resxPath(name, l)));
  });

  test('English and French have the same keys, no empty text and the same {n} placeholders', () => {
    const [en, fr] = LANGUAGES.map((l) => loadResx(name, l));
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect([key, en[key].trim().length > 0, fr[key].trim().length > 0]).toEqual([key, true, true]);
      const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
      expect([key, placeholders(fr[key])]).toEqual([key, placeholders(en[key])]);
    }
  });

  test('every key the manifest and the code use exists (own code, shared code, dynamic keys)', () => {
    const en = loadResx(name, 1033);
    const manifestKeys = [control, ...elements(control, 'property')].flatMap((e) => [e.getAttribute('display-name-key'), e.getAttribute('description-key')]).filter((k): k is string => !!k);
    const codeKeys = [...sourceFiles(path.join(CONTROLS_DIR, name)), ...sourceFiles(path.join(CONTROLS_DIR, 'shared'))].flatMap(literalKeys);
    expect(codeKeys.length).toBeGreaterThan(20);
    const missing = [...new Set([...manifestKeys, ...codeKeys, ...dynamicKeys])].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });
});

test('control code imports only react, @fluentui/react-components (platform libraries) and our own modules', () => {
  const offenders: string[] = [];
  for (const file of sourceFiles(CONTROLS_DIR)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)) {
      const spec = m[1];
      if (spec === 'react' || spec === '@fluentui/react-components') continue;
      if (spec.startsWith('.')) {
        const resolved = path.relative(ROOT, path.resolve(path.dirname(file), spec));
        if (resolved.startsWith('controls') || resolved.startsWith('domain')) continue;
      }
      offenders.push(`${path.relative(ROOT, file)} imports ${spec}`);
    }
  }
  expect(offenders).toEqual([]);
});

test('domain rules the controls use are pure: they import nothing but other domain modules', () => {
  for (const file of ['availability.ts', 'accountStatistics.ts']) {
    const imports = [...fs.readFileSync(path.join(ROOT, 'domain', file), 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect(imports.filter((i) => !i.startsWith('./'))).toEqual([]);
  }
});

test.each([
  ['ItemAvailability', 'ERP availability is turned off. Your administrator can turn it on in ERP Link setup.', 'La disponibilité ERP est désactivée. Votre administrateur peut l’activer dans la configuration d’ERP Link.'],
  ['AccountStatistics', 'ERP statistics are turned off. Your administrator can turn them on in ERP Link setup.', 'Les statistiques ERP sont désactivées. Votre administrateur peut les activer dans la configuration d’ERP Link.'],
])('%s: the switched-off note says what is off and who turns it on where, in English and in French', (name, english, french) => {
  const [en, fr] = LANGUAGES.map((l) => loadResx(name, l));
  expect(`${en.SwitchedOff} ${en.SwitchedOffHint}`).toBe(english);
  expect(`${fr.SwitchedOff} ${fr.SwitchedOffHint}`).toBe(french);
});
