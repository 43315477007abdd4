/**
 * Impersonation (MSCRMCallerID / CallerObjectId) and RetrievePrincipalAccess as Dataverse computes them, with roles,
 * users and business units made in the test (tests/dataverse/principals.ts).
 */
import { randomUUID } from 'crypto';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, idOf, start } from './support';
import { makeBusinessUnit, makeRole, makeUser } from './principals';

let dv: DataverseStandIn;
let ids: Record<string, string>;
let east: string;
let eastChild: string;

const ORDER = (d: 'Basic' | 'Local' | 'Deep' | 'Global') => ({ prvReadOrder: d, prvWriteOrder: d, prvCreateOrder: d, prvAppendOrder: d, prvAppendToOrder: d });
// Price lists have no privileges of their own: they are read and appended to under Product (domain/privileges.ts).
const REFERENCE = { prvReadAccount: 'Global', prvAppendToAccount: 'Global', prvReadProduct: 'Global', prvAppendToProduct: 'Global', prvReadTransactionCurrency: 'Global', prvAppendToTransactionCurrency: 'Global', prvReadUser: 'Global' } as const;

beforeAll(async () => {
  dv = await start();
  east = makeBusinessUnit(dv, 'East');
  eastChild = makeBusinessUnit(dv, 'East / Lyon', east);
  const basic = makeRole(dv, 't Basic orders', { ...REFERENCE, ...ORDER('Basic') });
  const local = makeRole(dv, 't Local orders', { ...REFERENCE, ...ORDER('Local') });
  const deep = makeRole(dv, 't Deep orders', { ...REFERENCE, ...ORDER('Deep') });
  const global = makeRole(dv, 't Global orders', { ...REFERENCE, ...ORDER('Global') });
  const delegate = makeRole(dv, 't Delegate', { prvActOnBehalfOfAnotherUser: 'Global' });
  const readConnection = makeRole(dv, 't Read connection', { prvReaderp_Connection: 'Basic' });
  ids = {
    owner: makeUser(dv, 't-owner', [basic]),
    basicOther: makeUser(dv, 't-basic', [basic]),
    localRoot: makeUser(dv, 't-local-root', [local]),
    localEast: makeUser(dv, 't-local-east', [local], { businessUnit: east }),
    deepEast: makeUser(dv, 't-deep-east', [deep], { businessUnit: east }),
    deepChild: makeUser(dv, 't-deep-child', [deep], { businessUnit: eastChild }),
    ownerChild: makeUser(dv, 't-owner-child', [basic], { businessUnit: eastChild }),
    global: makeUser(dv, 't-global', [global], { businessUnit: eastChild }),
    delegate: makeUser(dv, 't-delegate', [delegate]),
    delegateWriter: makeUser(dv, 't-delegate-writer', [delegate, global]),
    connectionReader: makeUser(dv, 't-conn', [readConnection]),
    entra: makeUser(dv, 't-entra', [basic], { objectId: '11111111-2222-4333-8444-555555555555' }),
  };
});
afterAll(() => dv.close());

async function orderOwnedBy(user: string): Promise<string> {
  const account = (await client(dv, 'admin').get('accounts?$select=accountid&$top=1')).json.value[0].accountid;
  const priceLevel = (await client(dv, 'admin').get('pricelevels?$select=pricelevelid&$top=1')).json.value[0].pricelevelid;
  const r = await client(dv, user).post('salesorders', { name: `order of ${user}`, 'customerid_account@odata.bind': `/accounts(${account})`, 'pricelevelid@odata.bind': `/pricelevels(${priceLevel})` });
  expect(r.status).toBe(204);
  return idOf(r);
}

const rights = async (principal: string, target: string, as = 'admin') => {
  const r = await client(dv, as).get(`systemusers(${principal})/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t=${encodeURIComponent(`{'@odata.id':'${target}'}`)}`);
  return r.status === 200 ? String(r.json.AccessRights) : `${r.status} ${r.json?.error?.message ?? ''}`;
};

describe('impersonation (MSCRMCallerID / CallerObjectId)', () => {
  it('is refused (403, 0x80040220, names prvActOnBehalfOfAnotherUser) when the caller lacks the privilege, and writes nothing', async () => {
    const headers: Array<Record<string, string>> = [{ MSCRMCallerID: ids.global }, { CallerObjectId: '11111111-2222-4333-8444-555555555555' }];
    for (const header of headers) {
      const name = `impersonated ${randomUUID()}`;
      const r = await client(dv, 't-global').post('accounts', { name }, header);
      expect(r.status).toBe(403);
      expect(r.json.error.code).toBe('0x80040220');
      expect(r.json.error.message).toContain('is missing prvActOnBehalfOfAnotherUser privilege');
      expect((await client(dv, 'admin').get(`accounts?$filter=name eq '${name}'`)).json.value).toEqual([]);
    }
    // The refusal comes before the target is looked up: an unknown user id is refused the same way.
    const unknown = await client(dv, 't-basic').get('WhoAmI', { MSCRMCallerID: randomUUID() });
    expect(unknown.status).toBe(403);
  });

  it('runs as the impersonated user and records the real caller in createdonbehalfby / modifiedonbehalfby', async () => {
    const r = await client(dv, 't-delegate-writer').post('salesorders', { name: 'on behalf' }, { MSCRMCallerID: `{${ids.owner.toUpperCase()}}` });
    expect(r.status).toBe(204);
    const id = idOf(r);
    const row = (await client(dv, 'admin').get(`salesorders(${id})?$select=_createdby_value,_createdonbehalfby_value,_ownerid_value,_modifiedonbehalfby_value`)).json;
    expect(row).toMatchObject({ _createdby_value: ids.owner, _createdonbehalfby_value: ids.delegateWriter, _ownerid_value: ids.owner, _modifiedonbehalfby_value: ids.delegateWriter });
    // A write without the header clears modifiedonbehalfby and leaves createdonbehalfby.
    expect((await client(dv, 't-owner').patch(`salesorders(${id})`, { name: 'own write' })).status).toBe(204);
    const after = (await client(dv, 'admin').get(`salesorders(${id})?$select=_createdonbehalfby_value,_modifiedonbehalfby_value,_modifiedby_value`)).json;
    expect(after).toMatchObject({ _createdonbehalfby_value: ids.delegateWriter, _modifiedonbehalfby_value: null, _modifiedby_value: ids.owner });
    // Without impersonation createdonbehalfby is empty.
    const own = idOf(await client(dv, 't-owner').post('salesorders', { name: 'own' }));
    expect((await client(dv, 'admin').get(`salesorders(${own})?$select=_createdonbehalfby_value`)).json._createdonbehalfby_value).toBeNull();
  });

  it('CallerObjectId names the user by Entra object id and wins over MSCRMCallerID', async () => {
    const who = await client(dv, 't-delegate-writer').get('WhoAmI', { CallerObjectId: '11111111-2222-4333-8444-555555555555', MSCRMCallerID: ids.owner });
    expect(who.json.UserId).toBe(ids.entra);
    // WhoAmI answers for the impersonated user, business unit included.
    expect((await client(dv, 't-delegate-writer').get('WhoAmI', { MSCRMCallerID: ids.global })).json).toMatchObject({ UserId: ids.global, BusinessUnitId: eastChild });
    const none = await client(dv, 't-delegate-writer').get('WhoAmI', { CallerObjectId: randomUUID() });
    expect(none.status).toBe(404);
  });

  it('runs with the intersection of both users’ privileges', async () => {
    // The delegate holds no order privilege: impersonating the global writer does not give it one.
    const r = await client(dv, 't-delegate').post('salesorders', { name: 'x' }, { MSCRMCallerID: ids.global });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toContain('prvCreateOrder');
    // Nor does impersonating a user widen the impersonated user's own rights.
    const order = await orderOwnedBy('t-global');
    const w = await client(dv, 't-delegate-writer').patch(`salesorders(${order})`, { name: 'y' }, { MSCRMCallerID: ids.basicOther });
    expect(w.status).toBe(403);
  });
});

describe('RetrievePrincipalAccess', () => {
  it('Basic reaches the owner’s rows only; Local the business unit; Deep the unit and below; Global all', async () => {
    const rootOrder = await orderOwnedBy('t-owner');
    const childOrder = await orderOwnedBy('t-owner-child');
    const target = (id: string) => `salesorders(${id})`;
    const full = 'ReadAccess, WriteAccess, AppendAccess, AppendToAccess, CreateAccess';
    expect(await rights(ids.owner, target(rootOrder))).toBe(full);
    expect(await rights(ids.basicOther, target(rootOrder))).toBe('None');
    expect(await rights(ids.localRoot, target(rootOrder))).toBe(full);
    expect(await rights(ids.localEast, target(rootOrder))).toBe('None');
    expect(await rights(ids.localEast, target(childOrder))).toBe('None');
    expect(await rights(ids.deepEast, target(childOrder))).toBe(full);
    expect(await rights(ids.deepEast, target(rootOrder))).toBe('None');
    expect(await rights(ids.deepChild, target(childOrder))).toBe(full);
    expect(await rights(ids.global, target(rootOrder))).toBe(full);
    // The engine enforces the same reach: a Local user of another unit cannot write the row.
    expect((await client(dv, 't-local-east').patch(`salesorders(${rootOrder})`, { name: 'x' })).status).toBe(403);
    expect((await client(dv, 't-local-root').patch(`salesorders(${rootOrder})`, { name: 'x' })).status).toBe(204);
    expect((await client(dv, 't-deep-east').patch(`salesorders(${childOrder})`, { name: 'x' })).status).toBe(204);
  });

  it('organization-owned tables: any grant reaches every row', async () => {
    const conn = dv.seedInfo!.connectionId;
    expect(await rights(ids.connectionReader, `erp_connections(${conn})`)).toBe('ReadAccess');
    expect(await rights(ids.owner, `erp_connections(${conn})`)).toBe('None');
  });

  it('is bound to systemuser, needs a Target reference the caller may read, and 404s an unknown target', async () => {
    const order = await orderOwnedBy('t-owner');
    expect(await rights(ids.owner, `salesorders(${order})`, 't-basic')).toMatch(/^403 .*prvReadOrder/);
    expect(await rights(ids.owner, `salesorders(${randomUUID()})`)).toMatch(/^404 /);
    const unbound = await client(dv, 'admin').get(`RetrievePrincipalAccess(Target=@t)?@t=${encodeURIComponent(`{'@odata.id':'salesorders(${order})'}`)}`);
    expect(unbound.status).toBe(400);
    const noTarget = await client(dv, 'admin').get(`systemusers(${ids.owner})/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t='x'`);
    expect(noTarget.status).toBe(400);
  });
});
