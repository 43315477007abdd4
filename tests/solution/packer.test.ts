import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { pack, exportFileName, solutionVersion } from '../../solution/tools/pack';
import { checkSolutionZip } from '../../solution/tools/check';
import { parseXml, childElements, firstChild, textOf } from '../../solution/tools/xml';
import { Roles, Tables, EnvironmentVariables } from '../../domain/schema';
import { fakeBuild } from '../support/fakeBuild';

let zipPath: string;
let zip: JSZip;
const xml = async (name: string) => parseXml(await zip.file(name)!.async('string'), name).documentElement!;

beforeAll(async () => {
  const build = fakeBuild();
  const r = await pack({ ...build, outDir: path.join(build.root, 'bin'), version: '2.3.4', buildNumber: 7 });
  zipPath = r.zipPath;
  expect(r.problems).toEqual([]);
  zip = await JSZip.loadAsync(fs.readFileSync(zipPath));
});

test('the zip is named after the solution and the stamped four-part version', () => {
  expect(path.basename(zipPath)).toBe('ErpLink_2_3_4_7.zip');
  expect(solutionVersion('1.2.3')).toBe('1.2.3.0');
  expect(() => solutionVersion('one')).toThrow(/not semver/);
});

test('the root holds exactly the three files Dataverse requires, and every other part sits in a known folder', () => {
  const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  expect(names.filter((n) => !n.includes('/')).sort()).toEqual(['[Content_Types].xml', 'customizations.xml', 'solution.xml']);
  for (const n of names.filter((x) => x.includes('/'))) expect(n).toMatch(/^(WebResources|Controls|environmentvariabledefinitions)\//);
});

test('solution.xml carries the version, the publisher prefix and a typed root component for every component', async () => {
  const m = firstChild(await xml('solution.xml'), 'SolutionManifest')!;
  expect(textOf(m, 'Version')).toBe('2.3.4.7');
  expect(textOf(m, 'Managed')).toBe('0');
  expect(textOf(firstChild(m, 'Publisher'), 'CustomizationPrefix')).toBe('erp');
  const roots = childElements(firstChild(m, 'RootComponents')!, 'RootComponent').map((r) => `${r.getAttribute('type')}:${r.getAttribute('schemaName') ?? r.getAttribute('id')}`);
  for (const t of Object.values(Tables)) expect(roots).toContain(`1:${t.logicalName}`);
  for (const r of Object.values(Roles)) expect(roots).toContain(`20:{${r.id}}`);
  // Environment variables ship as files with no type-380 root, as real exports do (real export 08).
  for (const v of Object.values(EnvironmentVariables)) expect(roots).not.toContain(`380:${v}`);
  expect(roots).toContain('61:erp_/js/salesorder.js');
  expect(roots).toContain('66:erp_ErpLink.ItemAvailability');
});

test('customizations.xml holds entities, roles, relationships, web resources, controls and both languages in schema order', async () => {
  const c = await xml('customizations.xml');
  const order = childElements(c).map((e) => e.tagName);
  expect(order.indexOf('Entities')).toBeLessThan(order.indexOf('Roles'));
  expect(order.indexOf('WebResources')).toBeLessThan(order.indexOf('CustomControls'));
  expect(order[order.length - 1]).toBe('Languages');
  expect(childElements(firstChild(c, 'Languages')!).map((l) => l.textContent)).toEqual(['1033', '1036']);
  const entities = childElements(firstChild(c, 'Entities')!, 'Entity').map((e) => textOf(e, 'Name'));
  expect(entities).toEqual(expect.arrayContaining(['erp_IntegrationRequest', 'SalesOrder', 'Account']));
  expect(childElements(firstChild(c, 'EntityRelationships')!).length).toBeGreaterThanOrEqual(7);
  const controls = childElements(firstChild(c, 'CustomControls')!, 'CustomControl').map((x) => textOf(x, 'FileName'));
  expect(controls).toContain('/Controls/erp_ErpLink.ItemAvailability/ControlManifest.xml');
});

test('web resources are stored under export-style file names with their content type declared', async () => {
  const c = await xml('customizations.xml');
  const wr = childElements(firstChild(c, 'WebResources')!, 'WebResource').find((w) => textOf(w, 'Name') === 'erp_/js/salesorder.js')!;
  const fileName = textOf(wr, 'FileName')!;
  expect(fileName).toBe(exportFileName('erp_/js/salesorder.js', textOf(wr, 'WebResourceId')!));
  expect(fileName).toMatch(/^\/WebResources\/erp_jssalesorderjs[0-9A-F-]{36}$/);
  expect(zip.file(fileName.slice(1))).not.toBeNull();
  const types = await zip.file('[Content_Types].xml')!.async('string');
  expect(types).toContain(`PartName="${fileName}"`);
});

test('control manifests are stamped with the solution version and only declared files are shipped', async () => {
  const manifest = await xml('Controls/erp_ErpLink.ItemAvailability/ControlManifest.xml');
  expect(firstChild(manifest, 'control')!.getAttribute('version')).toBe('2.3.4');
  const files = Object.keys(zip.files).filter((n) => n.startsWith('Controls/erp_ErpLink.ItemAvailability/') && !zip.files[n].dir).sort();
  expect(files).toEqual(['ControlManifest.xml', 'bundle.js', 'strings/ItemAvailability.1033.resx', 'strings/ItemAvailability.1036.resx'].map((f) => `Controls/erp_ErpLink.ItemAvailability/${f}`).sort());
});

test('roles grant least privilege: the availability role reads availability but cannot touch orders', async () => {
  const roles = childElements(firstChild(await xml('customizations.xml'), 'Roles')!, 'Role');
  const privs = (name: string) => childElements(firstChild(roles.find((r) => r.getAttribute('name') === name)!, 'RolePrivileges')!).map((p) => `${p.getAttribute('name')}@${p.getAttribute('level')}`);
  const availability = privs(Roles.availabilityUser.name);
  expect(availability).toContain('prvReaderp_ItemAvailability@Global');
  expect(availability.some((p) => /Order@/.test(p))).toBe(false);
  expect(availability.some((p) => /^prv(Write|Delete)/.test(p) && !p.includes('IntegrationRequest'))).toBe(false);
  const user = privs(Roles.user.name);
  // The salesperson's Sales role grants the orders; ERP Integration User adds nothing on them.
  expect(user.some((p) => /Order@/.test(p))).toBe(false);
  expect(user).toContain('prvCreateerp_IntegrationRequest@Basic');
  expect(privs(Roles.administrator.name)).toContain('prvWriteOrder@Global'); // salesorder privileges use the historical name
  expect(privs(Roles.administrator.name)).toContain('prvReaderp_IntegrationRequest@Global');
});

test('environment variable definitions are packed in their own folders and hold no secret', async () => {
  for (const v of Object.values(EnvironmentVariables)) {
    const def = await xml(`environmentvariabledefinitions/${v}/environmentvariabledefinition.xml`);
    expect(def.getAttribute('schemaname')).toBe(v);
    expect(textOf(def, 'secretstore')).toBe('0');
  }
});

test('the same inputs give a byte-identical zip', async () => {
  const build = fakeBuild();
  const a = await pack({ ...build, outDir: path.join(build.root, 'a'), version: '1.0.0' });
  const b = await pack({ ...build, outDir: path.join(build.root, 'b'), version: '1.0.0' });
  expect(fs.readFileSync(a.zipPath).equals(fs.readFileSync(b.zipPath))).toBe(true);
});

describe('checks catch what would break an import', () => {
  const corrupt = async (edit: (z: JSZip) => Promise<void> | void) => {
    const z = await JSZip.loadAsync(fs.readFileSync(zipPath));
    await edit(z);
    return checkSolutionZip(await z.generateAsync({ type: 'nodebuffer' }));
  };
  const messages = (r: { problems: { severity: string; message: string }[] }) => r.problems.filter((p) => p.severity === 'error').map((p) => p.message).join('\n');
  const replaceIn = (name: string, from: string | RegExp, to: string) => async (z: JSZip) => {
    const text = await z.file(name)!.async('string');
    const next = text.replace(from, to);
    expect(next).not.toBe(text);
    z.file(name, next);
  };

  test('a missing root file gives the import error text', async () => {
    const r = await corrupt((z) => void z.remove('customizations.xml'));
    expect(messages(r)).toMatch(/must contain the following files at its root: solution.xml, customizations.xml, and \[Content_Types\].xml. Missing: customizations.xml/);
  });
  test('a misspelt element fails schema validation with its line', async () => {
    const r = await corrupt(replaceIn('customizations.xml', /<WebResourceType>(\d+)<\/WebResourceType>/, '<WebResouceType>$1</WebResouceType>'));
    expect(messages(r)).toMatch(/customizations.xml:\d+: element WebResouceType/);
  });
  test('malformed XML is named with its file', async () => {
    const r = await corrupt(replaceIn('solution.xml', '</UniqueName>', '</UniqueNam>'));
    expect(messages(r)).toMatch(/solution.xml is not well-formed XML/);
  });
  test('a root component that does not exist, and a component without root component', async () => {
    const r = await corrupt(replaceIn('solution.xml', 'schemaName="erp_syncjob"', 'schemaName="erp_syncjobs"'));
    expect(messages(r)).toMatch(/Root component entity "erp_syncjobs" is not in the package/);
    expect(messages(r)).toMatch(/holds entity "erp_syncjob" but no RootComponent names it/);
  });
  test('a privilege on a table the solution does not define, or with the wrong casing', async () => {
    const r = await corrupt(replaceIn('customizations.xml', 'prvReaderp_ItemAvailability', 'prvReaderp_itemavailability'));
    expect(messages(r)).toMatch(/prvReaderp_itemavailability names table erp_itemavailability.*\n?.*/);
    expect(r.problems.find((p) => p.message.includes('prvReaderp_itemavailability'))!.fix).toMatch(/erp_ItemAvailability/);
  });
  test('a privilege no Dataverse has: price lists and units are secured by Product, prvReadUoM names nothing', async () => {
    const r = await corrupt(replaceIn('customizations.xml', 'name="prvReadProduct"', 'name="prvReadUoM"'));
    expect(r.problems.map((p) => p.message).join('\n')).toMatch(/Privilege prvReadUoM names UoM, which is not a table this checker knows/);
  });
  test('a ribbon library that is not packaged', async () => {
    const r = await corrupt(replaceIn('customizations.xml', '<CommandDefinitions/>', '<CommandDefinitions><CommandDefinition Id="x.cmd"><EnableRules/><DisplayRules/><Actions><JavaScriptFunction Library="$webresource:erp_/js/missing.js" FunctionName="f"/></Actions></CommandDefinition></CommandDefinitions>'));
    expect(messages(r)).toMatch(/calls \$webresource:erp_\/js\/missing.js, which is not in the package/);
  });
  test('a development bundle', async () => {
    const r = await corrupt((z) => void z.file('Controls/erp_ErpLink.ItemAvailability/bundle.js', 'eval("var x = 1;//# sourceURL=webpack://x")'));
    expect(messages(r)).toMatch(/development build/);
  });
  test('an unreadable file is not a zip', async () => {
    const r = await checkSolutionZip(Buffer.from('not a zip'));
    expect(messages(r)).toMatch(/not a readable zip/);
  });
});

test('solution:check prints components and exits 0 on our zip, 1 on a broken one', async () => {
  const { spawnSync } = await import('child_process');
  const ok = spawnSync('npx', ['tsx', 'solution/tools/check-cli.ts', zipPath], { encoding: 'utf8' });
  expect(ok.stdout).toMatch(/ErpLink 2\.3\.4\.7 \(unmanaged\)/);
  expect(ok.stdout).toMatch(/entity × 14/);
  expect(ok.stdout).toMatch(/0 error\(s\)/);
  expect(ok.status).toBe(0);
  const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'erp-bad-')), 'bad.zip');
  const z = await JSZip.loadAsync(fs.readFileSync(zipPath));
  z.remove('solution.xml');
  fs.writeFileSync(bad, await z.generateAsync({ type: 'nodebuffer' }));
  const ko = spawnSync('npx', ['tsx', 'solution/tools/check-cli.ts', bad], { encoding: 'utf8' });
  expect(ko.status).toBe(1);
  expect(ko.stdout).toMatch(/Missing: solution.xml/);
});

test('the integration roles hold what the connector and the sync need on a real tenant', async () => {
  const roles = childElements(firstChild(await xml('customizations.xml'), 'Roles')!, 'Role');
  const privs = (name: string) => childElements(firstChild(roles.find((r) => r.getAttribute('name') === name)!, 'RolePrivileges')!).map((p) => p.getAttribute('name'));
  // Salespeople bind their requests to the connection; the connector's account holds everything it writes.
  expect(privs(Roles.user.name)).toContain('prvAppendToerp_Connection');
  expect(privs(Roles.administrator.name)).toEqual(expect.arrayContaining(['prvCreateInvoice', 'prvAppendToOrder', 'prvCreateActivity', 'prvAppendActivity', 'prvWriteOptionSet']));
});
