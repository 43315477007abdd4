/**
 * Privileges as a real environment has them (sandbox/dataverse/privilegeCatalog.ts, messagePrivileges.ts): a role
 * naming a privilege that does not exist fails, at start-up from the solution source and through ImportSolution; a
 * depth the privilege cannot have fails; FulfillSalesOrder needs the OrderClose activity privileges; and every
 * privilege our roles, our web resources and the stand-in's own checks name exists in Microsoft's reference.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import { privilegeName } from '../../domain/privileges';
import { Roles, Tables } from '../../domain/schema';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { builtinRoles } from '../../sandbox/dataverse/security';
import { existingPrivileges } from '../../sandbox/dataverse/privilegeCatalog';
import { MESSAGE_PRIVILEGES } from '../../sandbox/dataverse/messagePrivileges';
import { client, start } from './support';

const ROOT = path.resolve(__dirname, '../..');
const ROLES_DIR = path.join(ROOT, 'solution/src/Roles');

let dv: DataverseStandIn;
beforeAll(async () => {
  dv = await start();
});
afterAll(() => dv.close());

function roleFiles(): Array<{ file: string; privileges: Array<{ name: string; level: string }> }> {
  return fs
    .readdirSync(ROLES_DIR)
    .filter((f) => f.endsWith('.xml'))
    .map((file) => ({
      file,
      privileges: [...fs.readFileSync(path.join(ROLES_DIR, file), 'utf8').matchAll(/<RolePrivilege name="([^"]+)" level="([^"]+)"/g)].map((m) => ({ name: m[1], level: m[2] })),
    }));
}

describe('the privilege catalogue', () => {
  it('knows every privilege our three roles name (Microsoft reference + the tables our solution creates)', () => {
    const known = existingPrivileges(dv.engine.catalog.tables.values());
    const files = roleFiles();
    expect(files.map((f) => f.file).sort()).toEqual(['ERP Integration Administrator.xml', 'ERP Integration User.xml', 'ERP Product Availability User.xml']);
    for (const f of files) {
      expect(f.privileges.length).toBeGreaterThan(5);
      expect(f.privileges.filter((p) => !known.has(p.name)).map((p) => `${f.file}: ${p.name}`)).toEqual([]);
    }
  });

  it('knows every privilege the web resources check, with Dataverse’s historical names', async () => {
    // The module reads Xrm at call time only; importing it in node is safe.
    const { Privileges } = await import('../../webresources/lib/privileges');
    const known = existingPrivileges(dv.engine.catalog.tables.values());
    expect(Object.values(Privileges).filter((p) => !known.has(p))).toEqual([]);
    expect(Privileges.writeOrder).toBe('prvWriteOrder');
    expect(known.has('prvWriteSalesOrder')).toBe(false);
  });

  it('knows every privilege the stand-in checks on a table and every privilege of the built-in roles', () => {
    const known = existingPrivileges(dv.engine.catalog.tables.values());
    const checked = [...dv.engine.catalog.tables.values()].flatMap((t) => t.privilegeVerbs.map((v) => `prv${v}${t.privilegeName}`));
    expect(checked.filter((p) => !known.has(p))).toEqual([]);
    expect(dv.engine.catalog.table('uom')!.privilegeName).toBe('Product');
    expect(dv.engine.catalog.table('pricelevel')!.privilegeName).toBe('Product');
    for (const r of builtinRoles()) expect([...r.privileges.keys()].filter((p) => !known.has(p)).map((p) => `${r.name}: ${p}`)).toEqual([]);
  });

  it('reads units under prvReadProduct: a role without it cannot, whatever it says about UoM', async () => {
    const r = await client(dv, 'noerp').get('uoms?$select=name&$top=1');
    expect(r.status).toBe(200);
    const av = client(dv, 'availability');
    expect((await av.get('uoms?$select=name&$top=1')).status).toBe(200);
    expect((await av.get('pricelevels?$select=name&$top=1')).status).toBe(200);
  });
});

describe('roles naming privileges that do not exist', () => {
  function sourceWith(roleXml: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'priv-src-'));
    fs.cpSync(path.join(ROOT, 'solution/src'), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'Roles', 'Broken.xml'), roleXml, 'utf8');
    return dir;
  }
  const role = (privileges: string) =>
    `<?xml version="1.0" encoding="utf-8"?>\n<Role id="{0f0f0f0f-0000-4000-8000-0000000000aa}" name="Broken Role"><RolePrivileges>${privileges}</RolePrivileges></Role>`;

  it('fail at start-up from the solution source, naming the role and the privilege', async () => {
    const dir = sourceWith(role('<RolePrivilege name="prvWriteSalesOrder" level="Global"/>'));
    await expect(start({ solutionSource: dir, seed: false })).rejects.toThrow(/Broken Role .* names the privilege prvWriteSalesOrder, which does not exist/);
  });

  it('fail for line tables, units and price lists, which have no privileges of their own', async () => {
    for (const p of ['prvWriteSalesOrderDetail', 'prvReadUoM', 'prvReadPriceLevel', 'prvReaderp_integrationrequest']) {
      const dir = sourceWith(role(`<RolePrivilege name="${p}" level="Global"/>`));
      await expect(start({ solutionSource: dir, seed: false })).rejects.toThrow(new RegExp(`names the privilege ${p}, which does not exist`));
    }
  });

  it('fail when a privilege is given a depth it cannot have (Product is organization-wide only)', async () => {
    const dir = sourceWith(role('<RolePrivilege name="prvReadProduct" level="Basic"/>'));
    await expect(start({ solutionSource: dir, seed: false })).rejects.toThrow(/The privilege prvReadProduct can't have depth = Basic/);
  });

  it('fail through ImportSolution with a 400, and nothing of the solution is imported', async () => {
    const bare = await start({ solutionSource: false, seed: false });
    try {
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /></Types>');
      zip.file(
        'solution.xml',
        '<?xml version="1.0" encoding="utf-8"?><ImportExportXml version="9.2.24011.196" SolutionPackageVersion="9.2" languagecode="1033"><SolutionManifest><UniqueName>BrokenRoles</UniqueName><Version>1.0.0.0</Version><Managed>0</Managed><Publisher><UniqueName>fx</UniqueName><CustomizationPrefix>fx</CustomizationPrefix><CustomizationOptionValuePrefix>10000</CustomizationOptionValuePrefix></Publisher><RootComponents><RootComponent type="20" id="{0f0f0f0f-0000-4000-8000-0000000000aa}" behavior="0" /></RootComponents><MissingDependencies /></SolutionManifest></ImportExportXml>',
      );
      zip.file(
        'customizations.xml',
        `<?xml version="1.0" encoding="utf-8"?><ImportExportXml><Entities /><Roles>${role('<RolePrivilege name="prvReadAccount" level="Global"/><RolePrivilege name="prvWriteSalesOrder" level="Local"/>').replace(/^<\?xml[^>]*>\n/, '')}</Roles><Workflows /><FieldSecurityProfiles /><Templates /><EntityMaps /><EntityRelationships /><OrganizationSettings /><optionsets /><CustomControls /><EntityDataProviders /><Languages><Language>1033</Language></Languages></ImportExportXml>`,
      );
      const bytes = await zip.generateAsync({ type: 'nodebuffer' });
      const r = await client(bare, 'admin').post('ImportSolution', { CustomizationFile: bytes.toString('base64'), OverwriteUnmanagedCustomizations: true, PublishWorkflows: true, ImportJobId: '00000000-0000-4000-8000-0000000000ab' });
      expect(r.status).toBe(400);
      expect(r.json.error.message).toContain('names the privilege prvWriteSalesOrder, which does not exist');
      expect((await client(bare, 'admin').get("roles?$filter=name eq 'Broken Role'")).json.value).toEqual([]);
      expect((await client(bare, 'admin').get("solutions?$filter=uniquename eq 'BrokenRoles'")).json.value).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});

describe('FulfillSalesOrder needs the OrderClose activity privileges (Microsoft: FulfillSalesOrder message privileges)', () => {
  const fulfil = (user: string, orderId: string) =>
    client(dv, user).post('FulfillSalesOrder', { OrderClose: { '@odata.type': 'Microsoft.Dynamics.CRM.orderclose', subject: 'ERP test', 'salesorderid@odata.bind': `/salesorders(${orderId})` }, Status: 100001 });

  it('lists the four privileges of the reference page', () => {
    expect([...MESSAGE_PRIVILEGES.FulfillSalesOrder].sort()).toEqual(['prvAppendActivity', 'prvAppendToOrder', 'prvCreateActivity', 'prvWriteOrder']);
  });

  it('refuses a user who may write orders but not create activities, and leaves the order as it was', async () => {
    const id = 'b1b1b1b1-0000-4000-8000-0000000000f1';
    const privileges = new Map<string, 'Global'>(['prvReadOrder', 'prvWriteOrder', 'prvAppendToOrder', 'prvAppendOrder'].map((p) => [p, 'Global']));
    dv.engine.catalog.roles.set(id, { id, name: 'Order Writer (test)', privileges, source: 'test' });
    dv.addUser({ key: 'orderwriter', roles: ['Order Writer (test)'] });
    const orderId = dv.seedInfo!.orders.submitted;
    const before = (await client(dv, 'admin').get(`salesorders(${orderId})?$select=statecode`)).json.statecode;
    const r = await fulfil('orderwriter', orderId);
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('0x80040220');
    expect(r.json.error.message).toMatch(/is missing prv(Append|Create)Activity privilege .* for FulfillSalesOrder/);
    expect((await client(dv, 'admin').get(`salesorders(${orderId})?$select=statecode`)).json.statecode).toBe(before);
  });

  it('lets the connector’s account (ERP Integration Administrator) fulfil the order', async () => {
    expect(dv.users.integration.roleIds).toEqual([Roles.administrator.id]);
    const orderId = dv.seedInfo!.orders.submitted;
    const r = await fulfil('integration', orderId);
    expect(r.status).toBe(204);
    expect((await client(dv, 'admin').get(`salesorders(${orderId})?$select=statecode`)).json.statecode).toBe(3);
  });
});

describe('our roles stay least privilege', () => {
  const byFile = (f: string) => roleFiles().find((r) => r.file === f)!.privileges;

  it('docs/solution.md lists every privilege of each role with its depth and a reason, and nothing else', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs/solution.md'), 'utf8');
    for (const f of roleFiles()) {
      const role = f.file.replace(/\.xml$/, '');
      const section = doc.split(`#### ${role}\n`)[1]?.split(/\n#### |\n## /)[0] ?? '';
      const rows = [...section.matchAll(/^\| `(prv[A-Za-z_]+)` \| (\w+) \| (.+) \|$/gm)].map((m) => ({ name: m[1], level: m[2], reason: m[3].trim() }));
      expect(rows.map((r) => `${r.name}@${r.level}`)).toEqual(f.privileges.map((p) => `${p.name}@${p.level}`));
      expect(rows.every((r) => r.reason.length > 8)).toBe(true);
    }
  });

  it('ERP Integration User widens nothing: no write/delete/assign on standard tables, no user, organisation, customization or impersonation privilege, no write on ERP figures', () => {
    const names = byFile('ERP Integration User.xml').map((p) => p.name);
    const ours = Object.values(Tables).map((t) => t.schemaName);
    const standardWrites = names.filter((n) => /^prv(Create|Write|Delete|Assign|Share|Append)(?!To)/.test(n) && !ours.some((s) => n.endsWith(s)));
    expect(standardWrites).toEqual([]);
    expect(names.filter((n) => /User$|Organization$|OptionSet$|Customization$|SystemForm$|ActOnBehalf/.test(n) && n !== 'prvAppendToUser')).toEqual([]);
    expect(names.filter((n) => /^prv(Create|Write|Delete)erp_(AccountStatistics|ItemAvailability|Coupling|Connection|SyncJob)$/.test(n))).toEqual([]);
    // Own requests only.
    expect(byFile('ERP Integration User.xml').filter((p) => p.name.endsWith('erp_IntegrationRequest')).map((p) => p.level)).toEqual(['Basic', 'Basic', 'Basic', 'Basic']);
  });

  it('ERP Product Availability User reads availability and products, queues its own refreshes and may bind them to the connection', () => {
    const names = byFile('ERP Product Availability User.xml').map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([privilegeName('Read', Tables.itemAvailability)!, 'prvReadProduct', privilegeName('AppendTo', Tables.connection)!, privilegeName('Create', Tables.integrationRequest)!]));
    expect(names.filter((n) => /Order|Quote|Invoice|AccountStatistics|Coupling/.test(n))).toEqual([]);
  });

  it('ERP Integration Administrator holds what FulfillSalesOrder and the timeline need, and no impersonation or form privilege', () => {
    const names = byFile('ERP Integration Administrator.xml').map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining([...MESSAGE_PRIVILEGES.FulfillSalesOrder, 'prvCreatePost', 'prvCreatemsdyn_PostConfig', 'prvWritemsdyn_PostConfig']));
    expect(names.filter((n) => /ActOnBehalf|SystemForm|Role$|prvWriteUser|prvCreateUser|prvWriteOrganization/.test(n) && n !== 'prvReadRole')).toEqual([]);
    expect(byFile('ERP Integration Administrator.xml').every((p) => p.level === 'Global')).toBe(true);
  });
});
