/**
 * Our zip against real Dataverse exports (../shared/reference/real-exports/, issue 16): the checker passes every real
 * export and ours, fails ours when a test breaks what an export always holds, and one new table of ours has the same
 * structure as the real export's new table, so drift shows.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import JSZip from 'jszip';
import { pack } from '../../solution/tools/pack';
import { checkSolutionZip } from '../../solution/tools/check';
import { parseXml, childElements, firstChild, textOf, type Element } from '../../solution/tools/xml';
import { fakeBuild } from '../support/fakeBuild';

/** shared/ sits beside the repository (CI: beside the clone; a helper's worktree: further up): the nearest one up the tree. */
function findRealExports(): string {
  for (let dir = path.resolve(__dirname, '../..'); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), 'shared/reference/real-exports');
    if (fs.existsSync(candidate)) return candidate;
  }
  return path.resolve(__dirname, '../../../shared/reference/real-exports');
}
const REAL_EXPORTS = findRealExports();
const realZips = fs.existsSync(REAL_EXPORTS)
  ? fs
      .readdirSync(REAL_EXPORTS)
      .filter((d) => fs.statSync(path.join(REAL_EXPORTS, d)).isDirectory())
      .flatMap((d) => fs.readdirSync(path.join(REAL_EXPORTS, d)).filter((f) => f.endsWith('.zip')).map((f) => path.join(REAL_EXPORTS, d, f)))
  : [];
const cli = (file: string) => spawnSync('npx', ['tsx', 'solution/tools/check-cli.ts', file], { encoding: 'utf8', cwd: path.resolve(__dirname, '../..') });
const errors = (r: { problems: { severity: string; message: string }[] }) => r.problems.filter((p) => p.severity === 'error').map((p) => p.message);

let ours: Buffer;
beforeAll(async () => {
  const build = fakeBuild();
  const r = await pack({ ...build, outDir: path.join(build.root, 'bin'), version: '1.0.0' });
  expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
  ours = fs.readFileSync(r.zipPath);
});

test('the reference folder holds the three real exports', () => {
  expect(realZips).toHaveLength(3);
});

// With no export found, one row that fails (the test above says why) rather than a suite that silently runs nothing.
describe.each(realZips.length ? realZips.map((z) => [path.basename(z), z]) : [['(no real export found)', path.join(REAL_EXPORTS, 'missing.zip')]])('real export %s', (_name, zipPath) => {
  test('passes the checker with no error; what would not stop an import is a warning', async () => {
    const r = await checkSolutionZip(fs.readFileSync(zipPath), { ownSolution: 'ErpLink' });
    expect(errors(r)).toEqual([]);
  });
  test('npm run solution:check exits 0', () => {
    const r = cli(zipPath);
    expect(r.stdout).toMatch(/\n0 error\(s\)/);
    expect(r.status).toBe(0);
  });
});

test('an extracted export folder is checked like its zip', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erp-export-'));
  const zip = await JSZip.loadAsync(fs.readFileSync(realZips.find((z) => z.includes('01-'))!));
  for (const [name, f] of Object.entries(zip.files)) {
    if (f.dir) continue;
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), await f.async('nodebuffer'));
  }
  const r = cli(dir);
  expect(r.stdout).toMatch(/cdsifyintegrationtests 1\.0\.0\.1 \(unmanaged\)/);
  expect(r.status).toBe(0);
});

test('platform libraries and someone else\'s development bundle are warnings, ours are errors', async () => {
  const z = await JSZip.loadAsync(fs.readFileSync(realZips.find((x) => x.includes('08-'))!));
  const r = await checkSolutionZip(await z.generateAsync({ type: 'nodebuffer' }), { ownSolution: 'ErpLink' });
  expect(r.problems.filter((p) => /Account_main_system_library/.test(p.message)).map((p) => p.severity)).toEqual(['warning']);
  const dev = await JSZip.loadAsync(fs.readFileSync(realZips.find((x) => x.includes('04-'))!));
  const js = Object.keys(dev.files).find((n) => /^WebResources\/.*clonerecord/i.test(n))!;
  dev.file(js, 'eval("var x = 1;//# sourceURL=webpack://x")');
  const theirs = await checkSolutionZip(await dev.generateAsync({ type: 'nodebuffer' }), { ownSolution: 'ErpLink' });
  expect(theirs.problems.filter((p) => /development build/.test(p.message)).map((p) => p.severity)).toEqual(['warning']);
  const held = await checkSolutionZip(await dev.generateAsync({ type: 'nodebuffer' }));
  expect(errors(held).join('\n')).toMatch(/development build/);
});

describe('solution:check exits 1 when our zip loses what an export holds', () => {
  const broken = async (edit: (xml: string) => string, part = 'customizations.xml') => {
    const z = await JSZip.loadAsync(ours);
    const text = await z.file(part)!.async('string');
    const next = edit(text);
    expect(next).not.toBe(text);
    z.file(part, next);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'erp-shape-')), 'broken.zip');
    fs.writeFileSync(file, await z.generateAsync({ type: 'nodebuffer' }));
    return cli(file);
  };
  test('a system relationship removed', async () => {
    const r = await broken((x) => x.replace(/<EntityRelationship Name="owner_erp_integrationrequest">[\s\S]*?<\/EntityRelationship>/, ''));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/New table erp_IntegrationRequest has the column ownerid but no relationship owner_erp_integrationrequest/);
    expect(r.stdout).toMatch(/CreateAsyncOperationRelationship/);
  });
  test('a relationship naming its table by logical name', async () => {
    const r = await broken((x) => x.replace('<ReferencedEntityName>Account</ReferencedEntityName>', '<ReferencedEntityName>account</ReferencedEntityName>'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/ReferencedEntityName is "account", the logical name; exports write the schema name "Account"/);
  });
  test('a standard table set to behavior 1 without its metadata', async () => {
    const r = await broken((x) => x.replace('schemaName="account" behavior="2"', 'schemaName="account" behavior="1"'), 'solution.xml');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Table Account is a root component with behavior="1"/);
  });
  test('the quick find view dropped', async () => {
    const r = await broken((x) => {
      const start = x.indexOf('<isquickfindquery>1</isquickfindquery>', x.indexOf('<Name LocalizedName="ERP Integration Request"'));
      const open = x.lastIndexOf('<savedquery>', start);
      const close = x.indexOf('</savedquery>', start) + '</savedquery>'.length;
      return x.slice(0, open) + x.slice(close);
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/New table erp_IntegrationRequest has no Quick Find \(isquickfindquery=1\) view \(querytype 4\)/);
  });
  test('labels on a table we only extend', async () => {
    const z = await JSZip.loadAsync(ours);
    const text = await z.file('customizations.xml')!.async('string');
    z.file('customizations.xml', text.replace('<entity Name="Account">', '<entity Name="Account"><LocalizedNames><LocalizedName description="Account" languagecode="1033"/></LocalizedNames>'));
    const r = await checkSolutionZip(await z.generateAsync({ type: 'nodebuffer' }));
    expect(errors(r).join('\n')).toMatch(/Table Account has behavior="2" but ships its display names/);
  });
});

/** The structure of one new table in a customizations.xml: what an export of it holds, with the table's name factored out. */
async function structure(zip: Buffer, schemaName: string) {
  const z = await JSZip.loadAsync(zip);
  const c = parseXml((await z.file('customizations.xml')!.async('string')).replace(/^\uFEFF/, ''), 'customizations.xml').documentElement!;
  const entity = childElements(firstChild(c, 'Entities')!, 'Entity').find((e) => textOf(e, 'Name') === schemaName)!;
  const t = schemaName.toLowerCase();
  const views = childElements(firstChild(firstChild(entity, 'SavedQueries')!, 'savedqueries')!, 'savedquery');
  const systemRelationships = childElements(firstChild(c, 'EntityRelationships')!, 'EntityRelationship')
    .filter((r) => textOf(r, 'ReferencingEntityName') === schemaName && /^(lk|owner|business_unit|team|user|organization)_/.test(r.getAttribute('Name') ?? ''))
    .map((r) => `${(r.getAttribute('Name') ?? '').replace(t, '<table>')} → ${textOf(r, 'ReferencedEntityName')}.${textOf(r, 'ReferencingAttributeName')}`)
    .sort();
  const ribbon = firstChild(entity, 'RibbonDiffXml')!;
  return {
    sections: childElements(entity).map((e) => e.tagName).sort(),
    ownership: textOf(firstChild(firstChild(entity, 'EntityInfo')!, 'entity')!, 'OwnershipTypeMask'),
    systemRelationships,
    viewQueryTypes: views.map((v) => Number(textOf(v, 'querytype'))).sort((a, b) => a - b),
    quickFind: views.filter((v) => textOf(v, 'isquickfindquery') === '1').map((v) => textOf(v, 'querytype')),
    defaultViews: views.filter((v) => textOf(v, 'isdefault') === '1').map((v) => Number(textOf(v, 'querytype'))).sort((a, b) => a - b),
    inactiveViews: views.filter((v) => Array.from(v.getElementsByTagName('condition')).some((c) => c.getAttribute('attribute') === 'statecode' && c.getAttribute('value') === '1')).length,
    formTypes: childElements(firstChild(entity, 'FormXml')!, 'forms').map((f) => f.getAttribute('type')).sort(),
    ribbon: childElements(ribbon).map((e: Element) => e.tagName),
  };
}

test('our new user-owned table has the structure of the real export\'s new user-owned table', async () => {
  const real = await structure(fs.readFileSync(realZips.find((z) => z.includes('01-'))!), 'cdsify_IntegrationTest');
  const mine = await structure(ours, 'erp_IntegrationRequest');
  expect(real.ownership).toBe('UserOwned');
  expect(mine.ownership).toBe('UserOwned');
  expect(mine.sections).toEqual(real.sections);
  expect(mine.systemRelationships).toEqual(real.systemRelationships);
  expect(mine.quickFind).toEqual(real.quickFind);
  expect(mine.defaultViews).toEqual(real.defaultViews);
  expect(mine.formTypes).toEqual(real.formTypes);
  expect(mine.ribbon).toEqual(real.ribbon);
  expect(mine.inactiveViews).toBe(1);
  expect(real.inactiveViews).toBe(1);
  // Ours adds its own public views (open requests, failed requests) to the seven system views.
  for (const q of new Set(real.viewQueryTypes)) expect(mine.viewQueryTypes.filter((x) => x === q).length).toBeGreaterThanOrEqual(real.viewQueryTypes.filter((x) => x === q).length);
});

test('every new table has its system relationships, seven (org-owned: six) system views and three forms; standard tables are behavior 2', async () => {
  const r = await checkSolutionZip(ours);
  expect(errors(r)).toEqual([]);
  expect(r.problems.filter((p) => /New table/.test(p.message))).toEqual([]);
  const z = await JSZip.loadAsync(ours);
  const solution = await z.file('solution.xml')!.async('string');
  for (const t of ['account', 'contact', 'invoice', 'product', 'quote', 'quotedetail', 'salesorder', 'salesorderdetail']) expect(solution).toContain(`schemaName="${t}" behavior="2"`);
  const c = await z.file('customizations.xml')!.async('string');
  expect(c).toContain('<EntityRelationship Name="organization_erp_syncjob">');
  expect(c).toContain('<EntityRelationship Name="TransactionCurrency_erp_AccountStatistics">');
  expect(c).not.toMatch(/<ReferencingEntityName>(account|erp_integrationrequest)<\/ReferencingEntityName>/);
});

test('the request log form shows status, kind, target, error and attempts in labelled sections', async () => {
  const z = await JSZip.loadAsync(ours);
  const c = parseXml(await z.file('customizations.xml')!.async('string'), 'customizations.xml').documentElement!;
  const entity = childElements(firstChild(c, 'Entities')!, 'Entity').find((e) => textOf(e, 'Name') === 'erp_IntegrationRequest')!;
  const main = childElements(firstChild(entity, 'FormXml')!, 'forms').find((f) => f.getAttribute('type') === 'main')!;
  const sections = Array.from(main.getElementsByTagName('section'));
  const fields = sections.flatMap((s) => Array.from(s.getElementsByTagName('control')).map((x) => x.getAttribute('datafieldname')));
  for (const f of ['erp_status', 'erp_kind', 'erp_targettable', 'erp_targetid', 'erp_lasterror', 'erp_attempts']) expect(fields).toContain(f);
  for (const s of sections) {
    const labels = Array.from(firstChild(s, 'labels')!.getElementsByTagName('label')).map((l) => `${l.getAttribute('languagecode')}:${l.getAttribute('description')}`);
    expect(labels.filter((l) => /^1033:.+/.test(l))).toHaveLength(1);
    expect(labels.filter((l) => /^1036:.+/.test(l))).toHaveLength(1);
  }
});
