/**
 * @jest-environment node
 */
// The built artefacts: production bundles whose namespace holds every function the ribbon and the forms call,
// RESX generated from the catalog, ribbon XML valid against Microsoft's schema and in sync with the source tree.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { spawnSync } from 'child_process';
import { DOMParser } from '@xmldom/xmldom';
import { buildBundles, generatedSourceFiles } from '../../scripts/build-webresources';
import { buildCouplingPage } from '../../webresources/coupling/build';
import { buildSetupPage } from '../../webresources/setup/build';
import { build as esbuild } from 'esbuild';
import { buildTimeData, buildTimeModules, unescapeLatin1 } from '../../webresources/build/bundle';
import { mappingSummaries } from '../../domain/mappings/summaries';
import { allowedBytes, judgeSize, OVER_BUDGET_CEILINGS, WEB_RESOURCE_BUDGET_BYTES } from '../../webresources/build/budget';
import { ribbons } from '../../webresources/build/ribbon';
import { couplingPageWebResources, formRegistrations, resxWebResources, setupPageWebResources, webResourceBundles } from '../../webresources/formRegistrations';
import { texts as setupTexts } from '../../webresources/setup/texts';
import { texts as couplingTexts } from '../../webresources/coupling/texts';
import { en, fr } from '../../domain/messages';

const ROOT = path.resolve(__dirname, '../..');
const SCHEMA = '/work/shared/schemas/RibbonCore.xsd';
let outDir: string;
let built: { name: string; bytes: number }[];

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'erp-wr-'));
  built = await buildBundles(outDir);
});
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

function loadNamespace(name: string): Record<string, Record<string, unknown>> {
  const sandbox: Record<string, unknown> = {};
  vm.runInNewContext(fs.readFileSync(path.join(outDir, name), 'utf8'), sandbox);
  return sandbox.ErpLink as Record<string, Record<string, unknown>>;
}

function resolve(ns: Record<string, Record<string, unknown>>, dotted: string): unknown {
  const [root, table, fn] = dotted.split('.');
  expect(root).toBe('ErpLink');
  return ns[table]?.[fn];
}

describe('bundles', () => {
  it('builds one production bundle per table and one RESX per language', () => {
    expect(built.map((b) => b.name)).toEqual([...webResourceBundles.map((b) => b.name), ...resxWebResources.map((r) => r.name)]);
    for (const b of built) expect(b.bytes).toBeGreaterThan(1000);
  });

  it('every ribbon command and enable rule function exists in its library', () => {
    for (const r of ribbons) {
      const ns = loadNamespace(r.library);
      for (const c of r.commands) {
        expect([c.functionName, typeof resolve(ns, c.functionName)]).toEqual([c.functionName, 'function']);
        expect([c.enableFunction, typeof resolve(ns, c.enableFunction)]).toEqual([c.enableFunction, 'function']);
      }
    }
  });

  it('every form event handler exists in its library', () => {
    for (const reg of formRegistrations) {
      const ns = loadNamespace(reg.library);
      for (const h of [...reg.onLoad, ...Object.values(reg.onChange).flat()]) expect([h.functionName, typeof resolve(ns, h.functionName)]).toEqual([h.functionName, 'function']);
    }
  });

  it('two bundles loaded on one page share the ErpLink namespace without overwriting each other', () => {
    const sandbox: Record<string, unknown> = {};
    for (const name of ['erp_/js/account.js', 'erp_/js/product.js']) vm.runInNewContext(fs.readFileSync(path.join(outDir, name), 'utf8'), sandbox);
    expect(Object.keys(sandbox.ErpLink as object).sort()).toEqual(['Account', 'Product']);
  });

  it('are production builds without forbidden APIs', () => {
    for (const b of webResourceBundles) {
      const code = fs.readFileSync(path.join(outDir, b.name), 'utf8');
      expect(code).not.toMatch(/sourceMappingURL|\beval\(|Xrm\.Page|window\.top|\.open\([^)]*,\s*false\)|XMLHttpRequest/);
      expect(code.length / code.split('\n').length).toBeGreaterThan(1000); // minified
    }
  });
});

describe('texts and size budget', () => {
  it('no message catalogue is compiled into a table bundle: texts come from the RESX at run time', () => {
    const samples = [en.NO_LINES, fr.NO_LINES, en.ORDER_UNSAVED, fr.ORDER_UNSAVED];
    for (const b of webResourceBundles) {
      const code = fs.readFileSync(path.join(outDir, b.name), 'utf8');
      for (const text of samples) expect([b.name, code.includes(text)]).toEqual([b.name, false]);
      expect(code).toContain('erp_/strings/ErpLink');
    }
  });

  it('every script web resource stays within 30 KB minified, or below its recorded ceiling while over', async () => {
    const pages = [...(await buildSetupPage(outDir)), ...(await buildCouplingPage(outDir))];
    const scripts = [...built, ...pages].filter((f) => f.name.startsWith('erp_/js/'));
    const pageScripts = [...setupPageWebResources, ...couplingPageWebResources].filter((w) => w.name.startsWith('erp_/js/'));
    expect(scripts.map((f) => f.name).sort()).toEqual([...webResourceBundles, ...pageScripts].map((w) => w.name).sort());
    const tooBig = scripts.map((f) => judgeSize(f.name, fs.statSync(path.join(outDir, f.name)).size)).filter((v) => v.overCeiling);
    expect(tooBig).toEqual([]);
    // A ceiling is only for a script really over the budget: one that shrank below it must leave the list.
    for (const [name, ceiling] of Object.entries(OVER_BUDGET_CEILINGS)) {
      const file = scripts.find((f) => f.name === name);
      expect([name, file !== undefined]).toEqual([name, true]);
      expect([name, fs.statSync(path.join(outDir, name)).size > WEB_RESOURCE_BUDGET_BYTES]).toEqual([name, true]);
      expect(ceiling).toBeGreaterThan(WEB_RESOURCE_BUDGET_BYTES);
    }
    expect(allowedBytes('erp_/js/account.js')).toBe(WEB_RESOURCE_BUDGET_BYTES);
  });
});

describe('how the scripts are made small', () => {
  it('the setup page carries the mapping summaries evaluated at build time, not the mappings they come from', async () => {
    await buildSetupPage(outDir);
    const code = fs.readFileSync(path.join(outDir, 'erp_/js/setup.js'), 'utf8');
    for (const m of mappingSummaries) expect(code).toContain(JSON.stringify(m.description.fr).slice(1, -1));
    // Field lists and filters of the default mappings (domain/mappings/defaults.ts) are not in the page's script.
    expect(code).not.toMatch(/address1_stateorprovince|blocked eq false|internalemailaddress\], \[/);
  });

  it('refuses to evaluate at build time a module whose exports are not plain data', async () => {
    expect(buildTimeModules).toEqual(['domain/mappings/summaries.ts']);
    // Inside the repository (the build's require() resolves from there); out/ may not exist before a first build.
    fs.mkdirSync(path.join(ROOT, 'out'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, 'out', 'erp-btm-'));
    try {
      fs.writeFileSync(path.join(dir, 'data.ts'), 'export const when = new Date(0);\nexport const list = [1, 2];\n');
      fs.writeFileSync(path.join(dir, 'plain.ts'), 'export const when = { at: 0 };\nexport const list = [1, 2];\n');
      const bundle = (data: string) => {
        fs.writeFileSync(path.join(dir, `entry-${data}.ts`), `import { when, list } from './${data}';\n(globalThis as any).x = [when, list];\n`);
        return esbuild({ entryPoints: [path.join(dir, `entry-${data}.ts`)], bundle: true, write: false, plugins: [buildTimeData([path.join(dir, `${data}.ts`)])], logLevel: 'silent' });
      };
      await expect(bundle('data')).rejects.toThrow(/export when is not plain data/);
      const ok = await bundle('plain');
      expect(ok.outputFiles[0].text).toContain('list = [1, 2]');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes the French texts as characters, not \\x escapes, and leaves escaped backslashes alone', () => {
    expect(unescapeLatin1('"l\\xe9t\\xe9"')).toBe('"lété"');
    expect(unescapeLatin1('"a\\\\xe9"')).toBe('"a\\\\xe9"');
    expect(unescapeLatin1('"a\\\\\\xe9"')).toBe('"a\\\\é"');
    expect(unescapeLatin1('"\\x41\\x7f"')).toBe('"\\x41\\x7f"');
    const code = fs.readFileSync(path.join(outDir, 'erp_/js/salesorder.js'), 'utf8');
    expect(code).not.toMatch(/(^|[^\\])\\x[a-f][0-9a-f]/i);
  });
});

describe('HTML pages in parts (lib/pageParts.ts)', () => {
  const scriptTags = (html: string): string[] => Array.from(html.matchAll(/<script src="([^"]+)"/g), (m) => m[1]);

  it.each([
    ['setup', buildSetupPage, setupPageWebResources, ['texts', 'data']],
    ['coupling', buildCouplingPage, couplingPageWebResources, ['texts']],
  ] as const)('%s: each part is a declared web resource, loaded by a relative <script> tag before the page script', async (page, buildPage, declared, parts) => {
    const pageBuilt = await buildPage(outDir);
    expect(pageBuilt.map((b) => b.name)).toEqual(declared.map((w) => w.name));
    const html = fs.readFileSync(path.join(outDir, `erp_/html/${page}.html`), 'utf8');
    expect(scriptTags(html)).toEqual(['../../ClientGlobalContext.js.aspx', ...parts.map((p) => `../js/${page}.${p}.js`), `../js/${page}.js`]);
    expect(html).not.toMatch(/<script[^>]*\b(async|defer)\b/); // document order is what makes the parts ready first
    for (const w of declared) expect(generatedSourceFiles()[`WebResources/${w.name}.data.xml`]).toContain(`<Name>${w.name}</Name>`);
  });

  it('the texts scripts register the pages’ EN/FR texts, which the page scripts do not carry', () => {
    const sandbox: Record<string, unknown> = {};
    for (const name of ['erp_/js/setup.texts.js', 'erp_/js/setup.data.js', 'erp_/js/coupling.texts.js']) vm.runInNewContext(fs.readFileSync(path.join(outDir, name), 'utf8'), sandbox);
    const pages = (sandbox.ErpLink as { Pages: Record<string, Record<string, unknown>> }).Pages;
    expect(JSON.parse(JSON.stringify(pages.setup.texts))).toEqual(setupTexts);
    expect(JSON.parse(JSON.stringify(pages.coupling.texts))).toEqual(couplingTexts);
    expect(typeof pages.setup.data).toBe('function');
    const setupCode = fs.readFileSync(path.join(outDir, 'erp_/js/setup.js'), 'utf8');
    expect(setupCode).not.toContain(setupTexts.intro[1]);
    expect(setupCode).not.toContain('systemusers?$select='); // the Web API client (setup/data.ts) is erp_/js/setup.data.js
  });
});

describe('coupling dialog', () => {
  it('builds the page and its production script, which the page loads with the org context', async () => {
    const pageBuilt = await buildCouplingPage(outDir);
    expect(pageBuilt.map((b) => b.name)).toEqual(couplingPageWebResources.map((w) => w.name));
    const html = fs.readFileSync(path.join(outDir, 'erp_/html/coupling.html'), 'utf8');
    expect(html).toContain('<script src="../../ClientGlobalContext.js.aspx"');
    expect(html).toContain('<script src="../js/coupling.js"');
    expect(html).toContain('<main id="erp-coupling">');
    expect(html).toMatch(/@media \(forced-colors: active\)/);
    expect(html).toMatch(/@media \(prefers-color-scheme: dark\)/);
    const code = fs.readFileSync(path.join(outDir, 'erp_/js/coupling.js'), 'utf8');
    expect(code).not.toMatch(/sourceMappingURL|\beval\(|Xrm\.Page|window\.top|XMLHttpRequest/);
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
    // Its texts are its own script (erp_/js/coupling.texts.js): no RESX dependency, neither message catalogue bundled.
    expect(code).not.toContain('Submit to ERP');
    expect(code).not.toContain(couplingTexts.badInput[1]);
    const data = generatedSourceFiles()['WebResources/erp_/js/coupling.js.data.xml'];
    expect(data).toContain('&lt;Dependency componentType=&quot;WebResource&quot; /&gt;');
  });
});

describe('RESX', () => {
  it.each([[1033, en], [1036, fr]] as const)('LCID %s holds every catalog key with its text', (lcid, catalog) => {
    const file = resxWebResources.find((r) => r.lcid === lcid)!.name;
    const doc = new DOMParser().parseFromString(fs.readFileSync(path.join(outDir, file), 'utf8'), 'text/xml');
    const data = Array.from(doc.getElementsByTagName('data'));
    const entries = Object.fromEntries(data.map((d) => [d.getAttribute('name'), d.getElementsByTagName('value')[0].textContent]));
    expect(entries).toEqual(catalog);
  });
});

describe('solution source owned by this area', () => {
  it('is what the generators produce (run npm run build:webresources -- --write-source after a change)', () => {
    for (const [rel, content] of Object.entries(generatedSourceFiles())) {
      expect([rel, fs.readFileSync(path.join(ROOT, 'solution/src', rel), 'utf8') === content]).toEqual([rel, true]);
    }
  });

  it('ribbon diffs are valid against RibbonCore.xsd', () => {
    const files = Object.keys(generatedSourceFiles()).filter((f) => f.endsWith('RibbonDiff.xml')).map((f) => path.join(ROOT, 'solution/src', f));
    expect(files).toHaveLength(ribbons.length);
    expect(ribbons.map((r) => r.table)).toEqual(['salesorder', 'quote', 'account', 'contact', 'product']);
    const run = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, ...files], { encoding: 'utf8' });
    expect(run.stderr.trim().split('\n').filter((l) => !/validates$/.test(l))).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('ribbons: PrimaryControl on forms, selected ids on grids, labels in English and French', () => {
    for (const [rel, content] of Object.entries(generatedSourceFiles()).filter(([f]) => f.endsWith('RibbonDiff.xml'))) {
      const doc = new DOMParser().parseFromString(content, 'text/xml');
      const labels = Array.from(doc.getElementsByTagName('LocLabel'));
      expect(labels.length).toBeGreaterThan(0);
      for (const l of labels) {
        const langs = Array.from(l.getElementsByTagName('Title')).map((t) => t.getAttribute('languagecode'));
        expect([rel, l.getAttribute('Id'), langs]).toEqual([rel, l.getAttribute('Id'), ['1033', '1036']]);
      }
      const used = [...content.matchAll(/\$LocLabels:([\w.]+)/g)].map((m) => m[1]);
      for (const id of used) expect(labels.map((l) => l.getAttribute('Id'))).toContain(id);
      for (const fn of Array.from(doc.getElementsByTagName('JavaScriptFunction'))) {
        const params = Array.from(fn.getElementsByTagName('CrmParameter')).map((p) => p.getAttribute('Value'));
        const commandId = (fn.parentNode!.parentNode as unknown as Element).getAttribute('Id') ?? '';
        const grid = /HomepageGrid/.test(commandId);
        if (!grid) expect([commandId, params]).toEqual([commandId, ['PrimaryControl']]);
        // Grid commands get the selected ids, and the grid itself when they refresh it; Create in Sales starts from nothing.
        else if (/CreateInSales/.test(commandId)) expect([commandId, params]).toEqual([commandId, ['SelectedControl']]);
        else expect([commandId, params[0]]).toEqual([commandId, 'SelectedControlSelectedItemIds']);
      }
    }
  });

  it('each JS web resource depends on both RESX web resources (what getResourceString needs)', () => {
    for (const b of webResourceBundles) {
      const xml = generatedSourceFiles()[`WebResources/${b.name}.data.xml`];
      const doc = new DOMParser().parseFromString(xml, 'text/xml');
      expect(doc.getElementsByTagName('Name')[0].textContent).toBe(b.name);
      expect(doc.getElementsByTagName('WebResourceId')[0].textContent).toBe(`{${b.id}}`);
      const deps = new DOMParser().parseFromString(doc.getElementsByTagName('DependencyXml')[0].textContent ?? '', 'text/xml');
      expect(Array.from(deps.getElementsByTagName('Library')).map((l) => l.getAttribute('name'))).toEqual(resxWebResources.map((r) => r.name));
    }
    for (const r of resxWebResources) {
      const doc = new DOMParser().parseFromString(generatedSourceFiles()[`WebResources/${r.name}.data.xml`], 'text/xml');
      expect(doc.getElementsByTagName('WebResourceType')[0].textContent).toBe('12');
      expect(doc.getElementsByTagName('LanguageCode')[0].textContent).toBe(String(r.lcid));
    }
  });
});
