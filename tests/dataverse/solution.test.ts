/**
 * ImportSolution / ExportSolution / PublishAllXml with our own packer's zip, the release flow of solution/tools
 * against the stand-in, the errors a broken zip gets, environment variables and system forms.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { pack } from '../../solution/tools/pack';
import { checkSolutionZip } from '../../solution/tools/check';
import { release } from '../../solution/tools/release';
import { Roles, EnvironmentVariables } from '../../domain/schema';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { fakeBuild } from '../support/fakeBuild';
import { client, idOf, start } from './support';

let dv: DataverseStandIn;
let zipPath: string;
let zipBytes: Buffer;
let outDir: string;

beforeAll(async () => {
  const build = fakeBuild();
  outDir = path.join(build.root, 'bin');
  const r = await pack({ ...build, outDir, version: '1.2.3', buildNumber: 4 });
  expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
  zipPath = r.zipPath;
  zipBytes = fs.readFileSync(zipPath);
  // Standard tables only: the import is what brings our tables, columns and roles.
  dv = await start({ solutionSource: false });
});
afterAll(() => dv.close());

const importZip = (bytes: Buffer, user = 'admin') => client(dv, user).post('ImportSolution', { CustomizationFile: bytes.toString('base64'), OverwriteUnmanagedCustomizations: true, PublishWorkflows: true, ImportJobId: '00000000-0000-4000-8000-000000000001' });

async function mutate(edit: (zip: JSZip) => Promise<void> | void): Promise<Buffer> {
  const zip = await JSZip.loadAsync(zipBytes);
  await edit(zip);
  return zip.generateAsync({ type: 'nodebuffer' });
}
const replaceIn = (name: string, from: string | RegExp, to: string) => async (zip: JSZip) => {
  zip.file(name, (await zip.file(name)!.async('string')).replace(from, to));
};

describe('ImportSolution', () => {
  it('is refused to a user without prvImportCustomization', async () => {
    const r = await importZip(zipBytes, 'salesperson');
    expect(r.status).toBe(403);
    expect(r.json.error.message).toContain('is missing prvImportCustomization privilege');
  });

  it('imports our zip: tables, columns, relationships, roles, web resources, environment variables and message filters appear', async () => {
    const c = client(dv);
    expect((await c.get('erp_integrationrequests')).status).toBe(404);
    expect((await client(dv, 'availability').get('erp_itemavailabilities')).status).toBe(404);
    const r = await importZip(zipBytes);
    expect(r.status).toBe(204);
    expect((await c.get('erp_integrationrequests?$select=erp_name,erp_idempotencykey,_erp_connectionid_value')).status).toBe(200);
    expect((await c.get('accounts?$select=erp_customernumber,_erp_accountstatisticsid_value&$top=1')).status).toBe(200);
    expect((await c.get('salesorders?$select=erp_erpordernumber,erp_submissionstatus&$top=1')).status).toBe(200);
    const roles = (await c.get('roles?$select=name')).json.value.map((x: { name: string; roleid: string }) => x.roleid);
    expect(roles).toEqual(expect.arrayContaining([Roles.administrator.id, Roles.user.id, Roles.availabilityUser.id]));
    // The users who were given those roles by id now hold their privileges.
    expect((await client(dv, 'availability').get('erp_itemavailabilities?$top=1')).status).toBe(200);
    const js = (await c.get("webresourceset?$select=name,content,webresourcetype&$filter=name eq 'erp_/js/salesorder.js'")).json.value[0];
    expect(js.webresourcetype).toBe(3);
    expect(Buffer.from(js.content, 'base64').toString('utf8')).toContain('ErpLink');
    const env = await c.get(`RetrieveEnvironmentVariableValue(DefinitionSchemaName='${EnvironmentVariables.creditWarningPercent}')`);
    expect(env.json.Value).toBe('80');
    const filters = (await c.get("sdkmessagefilters?$select=sdkmessagefilterid&$filter=primaryobjecttypecode eq 'erp_integrationrequest'")).json.value;
    expect(filters).toHaveLength(3);
    const sol = (await c.get("solutions?$select=uniquename,version,ismanaged&$filter=uniquename eq 'ErpLink'")).json.value[0];
    expect(sol).toMatchObject({ uniquename: 'ErpLink', version: '1.2.3.4', ismanaged: false });
  });

  it('imports the same unmanaged zip again (an upgrade) without duplicating anything', async () => {
    expect((await importZip(zipBytes)).status).toBe(204);
    const c = client(dv);
    expect((await c.get("solutions?$filter=uniquename eq 'ErpLink'")).json.value).toHaveLength(1);
    expect((await c.get("webresourceset?$filter=name eq 'erp_/js/salesorder.js'")).json.value).toHaveLength(1);
  });

  it('rejects what is not a zip, or a zip without the three root files, with the import error text', async () => {
    const text = 'The solution file is invalid. The compressed file must contain the following files at its root: solution.xml, customizations.xml, and [Content_Types].xml. Customization files exported from previous versions of Microsoft Dynamics 365 are not supported.';
    const notZip = await importZip(Buffer.from('not a zip at all'));
    expect(notZip.status).toBe(400);
    expect(notZip.json.error).toEqual({ code: '0x80048060', message: text });
    const noCustomizations = await importZip(await mutate((z) => void z.remove('customizations.xml')));
    expect(noCustomizations.json.error).toEqual({ code: '0x80048060', message: text });
    const nested = await importZip(
      await mutate(async (z) => {
        const s = await z.file('solution.xml')!.async('nodebuffer');
        z.remove('solution.xml');
        z.file('ErpLink/solution.xml', s);
      }),
    );
    expect(nested.json.error.code).toBe('0x80048060');
    const base64 = await client(dv).post('ImportSolution', { CustomizationFile: '%%% not base64 %%%' });
    expect(base64.status).toBe(400);
    expect(base64.json.error.message).toContain('CustomizationFile must be the solution zip encoded in base64');
  });

  it('rejects malformed XML, an unknown root component, a missing dependency and an unrooted table', async () => {
    const broken = await importZip(await mutate(replaceIn('customizations.xml', '</ImportExportXml>', '')));
    expect(broken.json.error.code).toBe('0x80048013');
    expect(broken.json.error.message).toMatch(/^Invalid customization file\. This file is not well formed\./);

    const unknown = await importZip(await mutate(replaceIn('solution.xml', '<RootComponents>', '<RootComponents><RootComponent type="1" schemaName="erp_ghost" behavior="0"/>')));
    expect(unknown.json.error).toEqual({ code: '0x8004801f', message: 'Cannot add a Root Component erp_ghost of type 1 because it is not in the target system.' });

    const unknownType = await importZip(await mutate(replaceIn('solution.xml', '<RootComponents>', '<RootComponents><RootComponent type="4242" schemaName="x" behavior="0"/>')));
    expect(unknownType.json.error.code).toBe('0x8004801f');

    const dependency = await importZip(
      await mutate(
        replaceIn(
          'solution.xml',
          /<MissingDependencies\s*\/>/,
          '<MissingDependencies><MissingDependency><Required type="1" schemaName="msdyn_workorder" displayName="Work Order" solution="FieldService (1.0)"/><Dependent type="1" schemaName="erp_coupling" displayName="ERP Coupling"/></MissingDependency></MissingDependencies>',
        ),
      ),
    );
    expect(dependency.json.error.code).toBe('0x8004801d');
    expect(dependency.json.error.message).toMatch(/^The following solution cannot be imported: ErpLink\. Some dependencies are missing\. ERP Coupling \(type 1\) requires Work Order \(type 1, solution FieldService \(1\.0\)\)/);

    const unrooted = await importZip(await mutate(replaceIn('solution.xml', /<RootComponent type="1" schemaName="erp_syncjob" behavior="0"\/>/, '')));
    expect(unrooted.json.error.code).toBe('0x8004803a');
    expect(unrooted.json.error.message).toContain('component erp_syncjob of type 1 is not declared in the solution file as a root component');
  });
});

describe('PublishAllXml / PublishXml', () => {
  it('accepts them from a customizer and refuses others', async () => {
    expect((await client(dv).post('PublishAllXml', {})).status).toBe(204);
    expect((await client(dv).post('PublishXml', { ParameterXml: '<importexportxml><entities><entity>account</entity></entities></importexportxml>' })).status).toBe(204);
    const denied = await client(dv, 'salesperson').post('PublishAllXml', {});
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toContain('prvPublishCustomization');
  });
});

describe('ExportSolution and the release flow (solution/tools/release.ts)', () => {
  it('exports as managed with solution.xml <Managed>1</Managed>', async () => {
    const r = await client(dv).post('ExportSolution', { SolutionName: 'ErpLink', Managed: true });
    expect(r.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(r.json.ExportSolutionFile, 'base64'));
    expect(await zip.file('solution.xml')!.async('string')).toContain('<Managed>1</Managed>');
    const unknown = await client(dv).post('ExportSolution', { SolutionName: 'Nope', Managed: false });
    expect(unknown.status).toBe(404);
  });

  it('npm run release imports, publishes and exports a managed zip that passes the solution checks', async () => {
    const lines: string[] = [];
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dv-release-'));
    const result = await release(zipPath, { DATAVERSE_URL: dv.baseUrl, DATAVERSE_TOKEN: dv.tokens.admin }, out, (l: string) => lines.push(l));
    expect(result.version).toBe('1.2.3.4');
    const check = await checkSolutionZip(fs.readFileSync(result.managedZip));
    expect(check.managed).toBe(true);
    expect(lines.join('\n')).toContain('Exporting ErpLink as managed');
  });

  it('refuses a managed package over the installed unmanaged solution', async () => {
    const exported = await client(dv).post('ExportSolution', { SolutionName: 'ErpLink', Managed: true });
    const r = await importZip(Buffer.from(exported.json.ExportSolutionFile, 'base64'));
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('0x80048040');
  });
});

describe('environment variables and forms', () => {
  let full: DataverseStandIn;
  beforeAll(async () => {
    full = await start({ environmentVariables: { [EnvironmentVariables.connectorUrl]: 'http://127.0.0.1:7777' } });
  });
  afterAll(() => full.close());

  it('serves environmentvariabledefinitions/values and RetrieveEnvironmentVariableValue', async () => {
    const c = client(full);
    expect((await c.get(`RetrieveEnvironmentVariableValue(DefinitionSchemaName='${EnvironmentVariables.connectorUrl}')`)).json.Value).toBe('http://127.0.0.1:7777');
    const def = (await c.get(`environmentvariabledefinitions?$select=schemaname,defaultvalue&$filter=schemaname eq '${EnvironmentVariables.submissionTimeoutSeconds}'&$expand=environmentvariabledefinition_environmentvariablevalue($select=value)`)).json.value[0];
    expect(def.defaultvalue).toBe('60');
    expect(def.environmentvariabledefinition_environmentvariablevalue).toEqual([]);
    const created = await c.post('environmentvariablevalues', { value: '90', 'EnvironmentVariableDefinitionId@odata.bind': `/environmentvariabledefinitions(${def.environmentvariabledefinitionid})` });
    expect(created.status).toBe(204);
    expect((await c.get(`RetrieveEnvironmentVariableValue(DefinitionSchemaName=@p1)?@p1='${EnvironmentVariables.submissionTimeoutSeconds}'`)).json.Value).toBe('90');
    expect((await client(full, 'availability').get(`environmentvariablevalues(${idOf(created)})?$select=value,schemaname`)).json).toMatchObject({ value: '90', schemaname: EnvironmentVariables.submissionTimeoutSeconds });
  });

  it('seeds main forms for account, product, salesorder, salesorderdetail, quote and quotedetail that can be PATCHed with If-Match', async () => {
    const c = client(full);
    const forms = (await c.get('systemforms?$select=name,objecttypecode,formxml,type&$filter=type eq 2')).json.value as Array<{ formid: string; objecttypecode: string; formxml: string; '@odata.etag': string }>;
    expect(forms.map((f) => f.objecttypecode).sort()).toEqual(['account', 'product', 'quote', 'quotedetail', 'salesorder', 'salesorderdetail']);
    const product = forms.find((f) => f.objecttypecode === 'product')!;
    expect(product.formxml).toMatch(/^<form><tabs><tab /);
    expect(product.formxml).toContain('datafieldname="productnumber"');
    const patched = product.formxml.replace('</sections>', '<section name="erp"><rows /></section></sections>');
    expect((await c.patch(`systemforms(${product.formid})`, { formxml: patched }, { 'If-Match': product['@odata.etag'] })).status).toBe(204);
    expect((await c.get(`systemforms(${product.formid})?$select=formxml`)).json.formxml).toBe(patched);
    expect((await c.patch(`systemforms(${product.formid})`, { formxml: product.formxml }, { 'If-Match': product['@odata.etag'] })).status).toBe(412);
    expect((await client(full, 'salesperson').patch(`systemforms(${product.formid})`, { formxml: product.formxml })).json.error.message).toContain('prvWriteSystemForm');
  });
});
