/**
 * Security like Dataverse: every request is checked against the privileges of the user's roles (solution roles plus
 * built-in System Administrator / Salesperson / Sales Read-Only), at Basic (own records) or Global depth, including
 * Append/AppendTo for lookups; a missing privilege is a 403 with Dataverse's message naming it.
 */
import { Roles } from '../../domain/schema';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, idOf, start } from './support';

let dv: DataverseStandIn;
beforeAll(async () => {
  dv = await start();
});
afterAll(() => dv.close());

const request = (name: string) => ({ erp_name: name, erp_kind: 719250003, erp_status: 719250000, erp_targettable: 'product', erp_targetid: '00000000-0000-4000-8000-000000000001' });

describe('missing privileges', () => {
  it('answer 403 with Dataverse’s error body naming the privilege, the table and its object type code', async () => {
    const av = client(dv, 'availability');
    const r = await av.post('erp_connections', { erp_name: 'Not allowed' });
    expect(r.status).toBe(403);
    const id = dv.users.availability.id;
    expect(r.json.error.code).toBe('0x80040220');
    expect(r.json.error.message).toMatch(
      new RegExp(`^Principal user \\(Id=${id}, type=8, roleCount=2, privilegeCount=\\d+\\), is missing prvCreateerp_Connection privilege \\(Id=[0-9a-f-]{36}\\) on OTC=\\d{5} for entity 'erp_connection'\\. context\\.Caller=${id}$`),
    );
    expect((await client(dv, 'admin').get("erp_connections?$filter=erp_name eq 'Not allowed'")).json.value).toEqual([]);
  });

  it('uses the historical privilege names of standard tables (salesorder → prv…Order)', async () => {
    const r = await client(dv, 'availability').patch(`salesorders(${dv.seedInfo!.orders.ready})`, { name: 'renamed' });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toContain("is missing prvWriteOrder privilege");
    expect(r.json.error.message).toContain("on OTC=1088 for entity 'salesorder'");
    const lines = await client(dv, 'availability').post('salesorderdetails', { 'salesorderid@odata.bind': `/salesorders(${dv.seedInfo!.orders.ready})`, productdescription: 'x', quantity: 1 });
    expect(lines.json.error.message).toContain('prvWriteOrder');
  });

  it('the availability-only user reads products and availability but cannot submit an order', async () => {
    const av = client(dv, 'availability');
    expect((await av.get('products?$select=name&$top=1')).status).toBe(200);
    expect((await av.get('erp_itemavailabilities?$top=1')).status).toBe(200);
    expect((await av.get('salesorders?$select=name&$top=1')).status).toBe(200);
    const submit = await av.patch(`salesorders(${dv.seedInfo!.orders.ready})`, { statecode: 1, statuscode: 3 });
    expect(submit.status).toBe(403);
    expect((await av.get('erp_accountstatisticses?$top=1')).json.error.message).toContain('prvReaderp_AccountStatistics');
  });

  it('checks AppendTo on the record a lookup points at', async () => {
    // The availability-only user may bind its refresh request to the connection (ERP Product Availability User grants
    // AppendTo on erp_connection), and to itself as requester.
    const av = client(dv, 'availability');
    const conn = dv.seedInfo!.connectionId!;
    const r = await av.post('erp_integrationrequests', { ...request('with connection'), [`erp_connectionid@odata.bind`]: `/erp_connections(${conn})`, 'erp_requestedby@odata.bind': `/systemusers(${dv.users.availability.id})` });
    expect(r.status).toBe(204);
    // A salesperson may write accounts (Salesperson role) but not point one at ERP figures: no AppendTo on them.
    const stats = idOf(await client(dv, 'integration').post('erp_accountstatisticses', { erp_name: 'figures', erp_customerno: 'C-1' }));
    const account = Object.values(dv.seedInfo!.accounts)[0];
    const forged = await client(dv, 'salesperson').patch(`accounts(${account})`, { 'erp_accountstatisticsid@odata.bind': `/erp_accountstatisticses(${stats})` });
    expect(forged.status).toBe(403);
    expect(forged.json.error.message).toContain('is missing prvAppendToerp_AccountStatistics privilege');
  });
});

describe('depth', () => {
  it('Basic read: a user sees the requests they own; Global read (integration) sees all', async () => {
    const mine = idOf(await client(dv, 'salesperson').post('erp_integrationrequests', request('salesperson request')));
    const theirs = idOf(await client(dv, 'jd').post('erp_integrationrequests', request('jd request')));
    const sp = await client(dv, 'salesperson').get('erp_integrationrequests?$select=erp_name');
    const seen = sp.json.value.map((r: { erp_integrationrequestid: string }) => r.erp_integrationrequestid);
    expect(seen).toContain(mine);
    expect(seen).not.toContain(theirs);
    const denied = await client(dv, 'salesperson').get(`erp_integrationrequests(${theirs})`);
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toMatch(/^SecLib::AccessCheckEx failed\. .*ObjectID: [0-9a-f-]{36}, OwnerId: [0-9a-f-]{36}, .*AccessRights: ReadAccess/);
    const all = (await client(dv, 'integration').get('erp_integrationrequests?$select=erp_name')).json.value.map((r: { erp_integrationrequestid: string }) => r.erp_integrationrequestid);
    expect(all).toEqual(expect.arrayContaining([mine, theirs]));
  });

  it('Basic write: the owner can requeue its request, another salesperson cannot', async () => {
    const id = idOf(await client(dv, 'salesperson').post('erp_integrationrequests', request('owned')));
    expect((await client(dv, 'salesperson').patch(`erp_integrationrequests(${id})`, { erp_status: 719250004 })).status).toBe(204);
    const other = await client(dv, 'jd').patch(`erp_integrationrequests(${id})`, { erp_status: 719250005 });
    expect(other.status).toBe(403);
    expect(other.json.error.message).toContain('AccessRights: WriteAccess');
  });

  it('records are owned by their creator and assigning them to someone else needs Assign', async () => {
    const sp = client(dv, 'salesperson');
    const id = idOf(await sp.post('erp_integrationrequests', request('assign me')));
    expect((await client(dv, 'admin').get(`erp_integrationrequests(${id})?$select=_ownerid_value`)).json._ownerid_value).toBe(dv.users.salesperson.id);
    const assign = await sp.patch(`erp_integrationrequests(${id})`, { 'ownerid@odata.bind': `/systemusers(${dv.users.jd.id})` });
    expect(assign.status).toBe(403);
    expect(assign.json.error.message).toContain('prvAssignerp_IntegrationRequest');
    expect((await client(dv, 'admin').patch(`erp_integrationrequests(${id})`, { 'ownerid@odata.bind': `/systemusers(${dv.users.integration.id})` })).status).toBe(204);
  });
});

describe('roles and users', () => {
  it('System Administrator holds every privilege; integration holds the ERP Integration Administrator role only', async () => {
    const admin = client(dv, 'admin');
    expect((await admin.post('erp_connections', { erp_name: 'Admin made' })).status).toBe(204);
    expect(dv.users.integration.roleIds).toEqual([Roles.administrator.id]);
    expect((await client(dv, 'integration').post('erp_couplings', { erp_name: 'coupling', erp_crmtable: 'account', erp_crmid: '00000000-0000-4000-8000-0000000000c1' })).status).toBe(204);
    expect((await client(dv, 'salesperson').post('erp_couplings', { erp_name: 'no', erp_crmtable: 'account', erp_crmid: '00000000-0000-4000-8000-0000000000c2' })).status).toBe(403);
  });

  it('addUser() and POST /_admin/users add users and tokens at run time; unknown role names are refused', async () => {
    const u = dv.addUser({ key: 'buyer', roles: ['Salesperson', Roles.availabilityUser.name], languageId: 1036 });
    expect(dv.tokens.buyer).toBe(u.token);
    expect((await client(dv, 'buyer').get('WhoAmI')).json.UserId).toBe(u.id);
    const viaAdmin = await fetch(`${dv.baseUrl}/_admin/users`, { method: 'POST', body: JSON.stringify({ key: 'auditor', roles: ['Sales Read-Only'], token: 'auditor-token' }) });
    expect(viaAdmin.status).toBe(201);
    expect((await fetch(`${dv.apiUrl}WhoAmI`, { headers: { Authorization: 'Bearer auditor-token' } })).status).toBe(200);
    expect(() => dv.addUser({ key: 'x', roles: ['Chief Everything Officer'] })).toThrow(/Unknown role 'Chief Everything Officer'/);
  });

  it('impersonation with MSCRMCallerID needs prvActOnBehalfOfAnotherUser', async () => {
    const asSalesperson = await client(dv, 'admin').get('WhoAmI', { MSCRMCallerID: dv.users.salesperson.id });
    expect(asSalesperson.json.UserId).toBe(dv.users.salesperson.id);
    // None of our roles grants it: the connector's account cannot act as someone else.
    expect((await client(dv, 'integration').get('WhoAmI', { MSCRMCallerID: dv.users.admin.id })).status).toBe(403);
    const denied = await client(dv, 'availability').get('WhoAmI', { MSCRMCallerID: dv.users.admin.id });
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toContain('prvActOnBehalfOfAnotherUser');
  });
});

describe('RetrieveUserPrivilegeByPrivilegeName (bound to systemuser)', () => {
  const ask = (user: string, privilege: string, as = 'admin') =>
    client(dv, as).get(`systemusers(${dv.users[user].id})/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName='${privilege}')`);

  it('lists the privilege with its depth when one of the user’s roles grants it, nothing otherwise', async () => {
    const integration = await ask('integration', 'prvWriteerp_Coupling');
    expect(integration.status).toBe(200);
    expect(integration.json.RolePrivileges).toEqual([expect.objectContaining({ PrivilegeName: 'prvWriteerp_Coupling', Depth: 'Global', PrivilegeId: expect.stringMatching(/^[0-9a-f-]{36}$/) })]);
    expect((await ask('admin', 'prvWriteerp_Coupling')).json.RolePrivileges).toHaveLength(1);
    expect((await ask('salesperson', 'prvWriteerp_Coupling')).json.RolePrivileges).toEqual([]);
    expect((await ask('salesperson', 'prvReaderp_Coupling')).json.RolePrivileges).toHaveLength(1);
  });

  it('is refused unbound, and without the parameter', async () => {
    expect((await client(dv, 'admin').get("RetrieveUserPrivilegeByPrivilegeName(PrivilegeName='prvWriteerp_Coupling')")).status).toBeGreaterThanOrEqual(400);
    const r = await client(dv, 'admin').get(`systemusers(${dv.users.admin.id})/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName()`);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain("The parameter 'PrivilegeName' of RetrieveUserPrivilegeByPrivilegeName is required.");
  });
});
