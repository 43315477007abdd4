/**
 * Entry point, metadata and users: startDataverse() hands back URLs and tokens; the standard tables and every table
 * and column of solution/src are served under their real names; users map to roles; data survives a restart.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { Tables, Roles, AccountColumns, ProductColumns, SalesOrderColumns } from '../../domain/schema';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, idOf, start } from './support';

let dv: DataverseStandIn;
beforeAll(async () => {
  dv = await start();
});
afterAll(() => dv.close());

const REPO = path.resolve(__dirname, '../..');
const FIXTURE = path.join(__dirname, 'fixtures/solution');

describe('startDataverse()', () => {
  it('returns the base and API URLs on a free loopback port and a token per user', async () => {
    expect(dv.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(dv.apiUrl).toBe(`${dv.baseUrl}/api/data/v9.2/`);
    expect(dv.port).toBeGreaterThan(0);
    for (const key of ['admin', 'integration', 'salesperson', 'availability', 'manager']) expect(typeof dv.tokens[key]).toBe('string');
    expect(new Set(Object.values(dv.tokens)).size).toBe(Object.keys(dv.tokens).length);
  });

  it('WhoAmI answers with the systemuserid of the token’s user', async () => {
    for (const key of ['admin', 'integration', 'salesperson', 'availability']) {
      const r = await client(dv, key).get('WhoAmI');
      expect(r.status).toBe(200);
      expect(r.json.UserId).toBe(dv.users[key].id);
      expect(r.json.OrganizationId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('answers 401 with a Bearer challenge to an unknown or missing token', async () => {
    const none = await fetch(`${dv.apiUrl}accounts`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=/);
    const bad = await fetch(`${dv.apiUrl}accounts`, { headers: { Authorization: 'Bearer forged' } });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toBe('');
  });

  it('users look like real Sales users: integration user flagged, roles linked', async () => {
    const c = client(dv);
    const integ = await c.get(`systemusers(${dv.users.integration.id})?$select=fullname,isintegrationuser,applicationid`);
    expect(integ.json.isintegrationuser).toBe(true);
    expect(integ.json.applicationid).toMatch(/^[0-9a-f-]{36}$/);
    const sp = await c.get(`systemusers(${dv.users.salesperson.id})?$select=fullname,isintegrationuser&$expand=systemuserroles_association($select=name)`);
    expect(sp.json.isintegrationuser).toBe(false);
    expect(sp.json.systemuserroles_association.map((r: { name: string }) => r.name).sort()).toEqual(['ERP Integration User', 'Salesperson']);
    const av = await c.get(`systemusers(${dv.users.availability.id})/systemuserroles_association?$select=name`);
    expect(av.json.value.map((r: { name: string }) => r.name).sort()).toEqual([Roles.availabilityUser.name, 'Sales Read-Only']);
    const integRoles = (await c.get(`systemusers(${dv.users.integration.id})/systemuserroles_association?$select=name`)).json.value.map((r: { name: string }) => r.name);
    expect(integRoles).toEqual([Roles.administrator.name]);
  });
});

describe('metadata', () => {
  const standardSets = ['accounts', 'contacts', 'products', 'uoms', 'uomschedules', 'pricelevels', 'productpricelevels', 'transactioncurrencies', 'systemusers', 'teams', 'salesorders', 'salesorderdetails', 'quotes', 'quotedetails', 'invoices', 'invoicedetails', 'posts', 'annotations', 'systemforms', 'organizations'];

  it('serves the standard tables under their real entity set names', async () => {
    const c = client(dv);
    for (const set of standardSets) {
      const r = await c.get(`${set}?$top=1`);
      expect({ set, status: r.status }).toEqual({ set, status: 200 });
      expect(r.json['@odata.context']).toBe(`${dv.apiUrl}$metadata#${set}`);
    }
  });

  it('serves every table and column defined in solution/src (read from the XML independently of the stand-in)', async () => {
    const c = client(dv);
    const setOf: Record<string, string> = { Account: 'accounts', Contact: 'contacts', Product: 'products', SalesOrder: 'salesorders', SalesOrderDetail: 'salesorderdetails', Quote: 'quotes', QuoteDetail: 'quotedetails', Invoice: 'invoices' };
    const dir = path.join(REPO, 'solution/src/Entities');
    let checked = 0;
    for (const folder of fs.readdirSync(dir)) {
      const xml = fs.readFileSync(path.join(dir, folder, 'Entity.xml'), 'utf8');
      const set = /<EntitySetName>([^<]+)<\/EntitySetName>/.exec(xml)?.[1] ?? setOf[folder];
      expect({ folder, set }).toEqual({ folder, set: expect.any(String) });
      const attrs = [...xml.matchAll(/<Type>([a-z]+)<\/Type>\s*<Name>[^<]*<\/Name>\s*<LogicalName>([^<]+)<\/LogicalName>/g)].map(([, type, name]) => (['lookup', 'owner', 'customer'].includes(type) ? `_${name}_value` : name));
      // A standard table the solution only lists (no column of its own) is still served.
      const r = await c.get(`${set}?${attrs.length ? `$select=${attrs.join(',')}&` : ''}$top=1`);
      expect({ set, status: r.status, error: r.json?.error?.message }).toEqual({ set, status: 200, error: undefined });
      checked += attrs.length;
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('matches the names of domain/schema.ts', async () => {
    const c = client(dv);
    for (const t of Object.values(Tables)) {
      const r = await c.get(`${t.entitySet}?$select=${t.primaryId},${t.primaryName}&$top=1`);
      expect({ set: t.entitySet, status: r.status }).toEqual({ set: t.entitySet, status: 200 });
    }
    const cols = [
      ['accounts', [`_${AccountColumns.statistics}_value`, AccountColumns.customerNumber]],
      ['products', [ProductColumns.itemNumber]],
      ['salesorders', [SalesOrderColumns.erpOrderNumber, SalesOrderColumns.submissionStatus, `_${SalesOrderColumns.submittedBy}_value`]],
    ] as const;
    for (const [set, names] of cols) expect((await c.get(`${set}?$select=${names.join(',')}&$top=1`)).status).toBe(200);
  });

  it('gives polymorphic lookups their real navigation properties (customerid_account, parentcustomerid_contact...)', async () => {
    const c = client(dv);
    const order = await c.get(`salesorders(${dv.seedInfo!.orders.ready})?$select=_customerid_value&$expand=customerid_account($select=name),order_details($select=quantity)`, {
      Prefer: 'odata.include-annotations="*"',
    });
    expect(order.status).toBe(200);
    expect(order.json['_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('account');
    expect(order.json['_customerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty']).toBe('customerid_account');
    expect(order.json.customerid_account.name).toBe(order.json['_customerid_value@OData.Community.Display.V1.FormattedValue']);
    expect(order.json.order_details.length).toBe(3);
  });

  it('serves a minimal $metadata document with entity sets and keys', async () => {
    const r = await fetch(`${dv.apiUrl}$metadata`, { headers: { Authorization: `Bearer ${dv.tokens.admin}` } });
    const xml = await r.text();
    expect(r.headers.get('content-type')).toContain('xml');
    expect(xml).toContain('<EntitySet Name="erp_integrationrequests" EntityType="mscrm.erp_integrationrequest" />');
    expect(xml).toContain('<EntityType Name="salesorder" BaseType="mscrm.crmbaseentity"><Key><PropertyRef Name="salesorderid" /></Key>');
    expect(xml).toContain('<NavigationProperty Name="customerid_account" Type="mscrm.account" />');
  });
});

describe('a solution source folder (the fixture)', () => {
  let fx: DataverseStandIn;
  beforeAll(async () => {
    fx = await start({ solutionSource: FIXTURE, seed: false, users: [{ key: 'widgeteer', roles: ['Widget User'] }] });
  });
  afterAll(() => fx.close());

  it('adds its tables, columns, alternate keys, relationships and roles', async () => {
    const c = client(fx);
    const account = await c.post('accounts', { name: 'Fixture Ltd', fx_rating: 4 }, { Prefer: 'return=representation' });
    expect(account.status).toBe(201);
    expect(account.json.fx_rating).toBe(4);
    const w = await c.post('fx_widgets', { fx_name: 'Sprocket', fx_size: 3, fx_code: 'SP-1', 'fx_AccountId@odata.bind': `/accounts(${account.json.accountid})` }, { Prefer: 'return=representation' });
    expect(w.status).toBe(201);
    expect(w.json.fx_color).toBe(123450000);
    expect(w.json._fx_accountid_value).toBe(account.json.accountid);
    const byKey = await c.get(`fx_widgets(fx_code='SP-1')?$select=fx_name`);
    expect(byKey.json.fx_name).toBe('Sprocket');
    const nav = await c.get(`accounts(${account.json.accountid})/fx_account_fx_widget_accountid?$select=fx_name`);
    expect(nav.json.value.map((x: { fx_name: string }) => x.fx_name)).toEqual(['Sprocket']);
    const env = await c.get(`RetrieveEnvironmentVariableValue(DefinitionSchemaName='fx_Threshold')`);
    expect(env.json.Value).toBe('42');
  });

  it('enforces the column definitions (range, max length, options, date-only)', async () => {
    const c = client(fx);
    const big = await c.post('fx_widgets', { fx_name: 'x', fx_size: 11 });
    expect(big.status).toBe(400);
    expect(big.json.error.code).toBe('0x8004432f');
    const long = await c.post('fx_widgets', { fx_name: 'y'.repeat(51) });
    expect(long.json.error.message).toContain("exceeded the maximum allowed length of '50'");
    const color = await c.post('fx_widgets', { fx_name: 'z', fx_color: 7 });
    expect(color.json.error.code).toBe('0x8004431a');
    expect(color.json.error.message).toContain('Accepted Values: 123450000,123450001');
    const due = await c.post('fx_widgets', { fx_name: 'd', fx_due: '2026-03-04T22:00:00Z' }, { Prefer: 'return=representation' });
    expect(due.json.fx_due).toBe('2026-03-04');
  });

  it('checks the solution role: Basic depth sees only the user’s own widgets', async () => {
    const admin = client(fx);
    const mine = client(fx, 'widgeteer');
    const other = idOf(await admin.post('fx_widgets', { fx_name: 'Admin widget' }));
    const own = idOf(await mine.post('fx_widgets', { fx_name: 'My widget' }));
    const list = await mine.get('fx_widgets?$select=fx_name');
    expect(list.json.value.map((x: { fx_name: string }) => x.fx_name)).toEqual(['My widget']);
    expect((await mine.get(`fx_widgets(${own})`)).status).toBe(200);
    const denied = await mine.get(`fx_widgets(${other})`);
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('0x80040220');
    expect(denied.json.error.message).toContain('AccessRights: ReadAccess');
    const del = await mine.del(`fx_widgets(${own})`);
    expect(del.status).toBe(403);
    expect(del.json.error.message).toContain('is missing prvDeletefx_Widget privilege');
  });
});

describe('persistence', () => {
  it('keeps rows in the data folder across a restart and does not seed twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dv-data-'));
    const first = await start({ dataDir: dir });
    const c1 = client(first);
    const id = idOf(await c1.post('accounts', { name: 'Survivor SA' }));
    const count1 = (await c1.get('accounts?$count=true&$top=1')).json['@odata.count'];
    await first.close();
    expect(fs.existsSync(path.join(dir, 'dataverse.json'))).toBe(true);

    const second = await start({ dataDir: dir });
    const c2 = client(second);
    expect((await c2.get(`accounts(${id})?$select=name`)).json.name).toBe('Survivor SA');
    expect((await c2.get('accounts?$count=true&$top=1')).json['@odata.count']).toBe(count1);
    expect(second.tokens.admin).toBe(first.tokens.admin);
    await second.close();
  });
});

describe('npm run sandbox:dataverse', () => {
  it('starts the stand-in alone and prints its URL and tokens', async () => {
    const child = spawn(process.execPath, [path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), path.join(REPO, 'sandbox/dataverse/cli.ts'), '--port', '0', '--no-data'], { cwd: REPO });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed in time: ${out}`)), 30000);
      child.stdout.on('data', (d) => {
        out += String(d);
        if (/Try: curl/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const url = /Web API: (\S+)/.exec(out)![1];
    const token = /admin\s+(\S+)/.exec(out)![1];
    const r = await fetch(`${url}WhoAmI`, { headers: { Authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  });
});
