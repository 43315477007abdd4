/**
 * Who may ask the connector for what, against both stand-ins, as the kinds of users the product has: a salesperson,
 * another salesperson (French), an availability-only user, an ERP administrator, the System Administrator, a user
 * with no ERP role, and a salesperson who may impersonate. Roles are made here with exactly the privileges each case
 * needs (tests/dataverse/principals.ts), so the suite rests on Dataverse computing rights from roles, not on what
 * the shipped roles contain. Every request kind: each allowed case runs, each forbidden one is refused on the
 * request with its message and nothing else is touched, including through MSCRMCallerID impersonation.
 */
import { randomUUID } from 'crypto';
import { IntegrationRequestColumns as C, RequestKind, RequestStatus, Tables } from '../../domain/schema';
import { makeRole, makeUser } from '../dataverse/principals';
import { api, createOrder, createQuote, quoteKey, readSnapshot, request, startStandins, startTestConnector, type Json, type Standins } from './harness';
import type { Connector } from '../../connector/connector';

let h: Standins;
let c: Connector;
const ids: Record<string, string> = {};

const REQUESTS = { prvCreateerp_IntegrationRequest: 'Basic', prvReaderp_IntegrationRequest: 'Basic', prvWriteerp_IntegrationRequest: 'Basic' } as const;

beforeAll(async () => {
  h = await startStandins();
  c = await startTestConnector(h, {}, { server: false });
  const sales = makeRole(h.dv, 'ta Sales', { ...REQUESTS, prvReadOrder: 'Local', prvWriteOrder: 'Basic', prvReadQuote: 'Local', prvWriteQuote: 'Basic', prvReadAccount: 'Global', prvReadProduct: 'Global' });
  const availability = makeRole(h.dv, 'ta Availability', { ...REQUESTS, prvReadProduct: 'Global' });
  const erpAdmin = makeRole(h.dv, 'ta ERP admin', { ...REQUESTS, prvReaderp_Connection: 'Global', prvWriteerp_Connection: 'Global', prvReaderp_Coupling: 'Global', prvWriteerp_Coupling: 'Global' });
  const noErp = makeRole(h.dv, 'ta No ERP', { prvReadOrder: 'Local', prvWriteOrder: 'Basic', prvReadAccount: 'Global', prvReadProduct: 'Global' });
  const delegate = makeRole(h.dv, 'ta Delegate', { prvActOnBehalfOfAnotherUser: 'Global' });
  ids.sales = makeUser(h.dv, 'ta-sales', [sales]);
  ids.sales2 = makeUser(h.dv, 'ta-sales2', [sales], { languageId: 1036 });
  ids.avail = makeUser(h.dv, 'ta-avail', [availability]);
  ids.erpAdmin = makeUser(h.dv, 'ta-erpadmin', [erpAdmin]);
  ids.noErp = makeUser(h.dv, 'ta-noerp', [noErp]);
  ids.delegate = makeUser(h.dv, 'ta-delegate', [sales, delegate]);
  // What the old ERP Integration User role granted: write on every request row.
  const rewriter = makeRole(h.dv, 'ta Rewriter', { ...REQUESTS, prvReaderp_IntegrationRequest: 'Global', prvWriteerp_IntegrationRequest: 'Global' });
  ids.rewriter = makeUser(h.dv, 'ta-rewriter', [rewriter]);
}, 60_000);
afterAll(async () => {
  await c.close();
  await h.close();
});

interface Ask {
  kind: number;
  table: string;
  id: string;
  payload?: unknown;
  key?: string;
  /** MSCRMCallerID: the user the request is created as. */
  onBehalfOf?: string;
}

/** Creates the request as `user` (with its own token); returns the id, or the HTTP status Dataverse refused with. */
async function ask(user: string, a: Ask): Promise<{ id: string | null; status: number; body: Json }> {
  const headers: Record<string, string> = a.onBehalfOf ? { MSCRMCallerID: a.onBehalfOf } : {};
  const r = await api(h, user).call(
    'POST',
    Tables.integrationRequest.entitySet,
    {
      [C.name]: `${user} ${a.kind}`,
      [C.kind]: a.kind,
      [C.status]: RequestStatus.pending,
      [C.targetTable]: a.table,
      [C.targetId]: a.id,
      [C.idempotencyKey]: a.key ?? `auth-test-${randomUUID()}`,
      ...(a.payload !== undefined ? { [C.payload]: JSON.stringify(a.payload) } : {}),
    },
    headers,
  );
  const m = /\(([0-9a-f-]{36})\)/i.exec(r.headers.get('odata-entityid') ?? '');
  return { id: m ? m[1] : null, status: r.status, body: r.body };
}

/** Runs the queue and returns the request's final row. */
async function outcome(id: string | null): Promise<Json> {
  expect(id).toBeTruthy();
  await c.processQueue();
  return request(h, id as string);
}

async function refused(user: string, a: Ask, message: RegExp): Promise<Json> {
  const created = await ask(user, a);
  expect(created.status).toBe(204);
  const row = await outcome(created.id);
  expect(row.erp_status).toBe(RequestStatus.failed);
  expect(row.erp_lasterror).toMatch(message);
  expect(row.erp_erpdocumentnumber ?? null).toBeNull();
  return row;
}

async function allowed(user: string, a: Ask): Promise<Json> {
  const created = await ask(user, a);
  expect(created.status).toBe(204);
  const row = await outcome(created.id);
  expect({ status: row.erp_status, error: row.erp_lasterror }).toEqual({ status: RequestStatus.succeeded, error: null });
  return row;
}

const assign = (set: string, id: string, user: string) => api(h).patch(set, id, { 'ownerid@odata.bind': `/systemusers(${user})` });
const NOT_WRITE_ORDER = (name: string) => new RegExp(`^${name} has no write access to this order in Dynamics 365, so the connector will not submit this order to the ERP\\. Nothing was sent to the ERP\\.`);
const name = (key: string) => h.dv.users[key].fullName;

describe('submit an order: write access to that order', () => {
  it('another salesperson (in French), the availability user and the ERP administrator are refused; the owner and the System Administrator go through', async () => {
    const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0001', quantity: 1 }] });
    await assign('salesorders', orderId, ids.sales);
    const submit: Ask = { kind: RequestKind.submitOrder, table: 'salesorder', id: orderId };
    const fr = await refused('ta-sales2', submit, /^ta-sales2 n’a pas l’accès en écriture à cet élément \(commande\) dans Dynamics 365 : le connecteur ne va pas soumettre cette commande à l’ERP\./);
    expect(fr.erp_fixhint).toMatch(/^Demandez à une personne qui a ces droits/);
    await refused('ta-avail', submit, NOT_WRITE_ORDER(name('ta-avail')));
    await refused('ta-erpadmin', submit, NOT_WRITE_ORDER(name('ta-erpadmin')));
    // Nothing reached the order or the ERP.
    expect((await readSnapshot(h, orderId)).erp_erpordernumber ?? null).toBeNull();
    await api(h).patch('salesorders', orderId, { statecode: 1, statuscode: 3 });
    const ok = await allowed('ta-sales', submit);
    expect(ok.erp_erpdocumentnumber).toMatch(/\S/);
    const other = await createOrder(h, { lines: [{ productNumber: 'SAF-0001', quantity: 1 }] });
    await api(h).patch('salesorders', other, { statecode: 1, statuscode: 3 });
    await allowed('admin', { kind: RequestKind.submitOrder, table: 'salesorder', id: other });
  }, 60_000);
});

describe('process a quote: write access to that quote', () => {
  it('another salesperson and the availability user are refused; the owner goes through', async () => {
    // An active quote is read-only: it is made with its owner.
    const quoteId = await createQuote(h, { lines: [{ productNumber: 'SAF-0001', quantity: 2 }], extra: { 'ownerid@odata.bind': `/systemusers(${ids.sales})` } });
    const process: Ask = { kind: RequestKind.processQuote, table: 'quote', id: quoteId };
    await refused('ta-sales2', { ...process }, /^ta-sales2 n’a pas l’accès en écriture à cet élément \(devis\)/);
    await refused('ta-avail', { ...process }, new RegExp(`^${name('ta-avail')} has no write access to this quote in Dynamics 365, so the connector will not send this quote to the ERP\\.`));
    await allowed('ta-sales', { ...process, key: await quoteKey(h, quoteId) });
  }, 60_000);
});

describe('refresh statistics and availability: read access to that account or product', () => {
  it('the availability user may refresh a product, not an account; the salesperson both', async () => {
    const account = h.dv.seedInfo!.accounts.C10000;
    const product = h.dv.seedInfo!.products['SAF-0001'];
    await refused('ta-avail', { kind: RequestKind.refreshStatistics, table: 'account', id: account }, new RegExp(`^${name('ta-avail')} has no read access to this account in Dynamics 365, so the connector will not refresh this account’s ERP figures\\.`));
    await allowed('ta-avail', { kind: RequestKind.refreshAvailability, table: 'product', id: product });
    await allowed('ta-sales', { kind: RequestKind.refreshStatistics, table: 'account', id: account });
    await allowed('ta-sales', { kind: RequestKind.refreshAvailability, table: 'product', id: product });
  }, 60_000);
});

describe('test connection and search: the administrator’s rights', () => {
  it('salespeople and the availability user are refused; the ERP administrator goes through', async () => {
    const conn = h.dv.seedInfo!.connectionId as string;
    const test: Ask = { kind: RequestKind.testConnection, table: 'erp_connection', id: conn };
    const search: Ask = { kind: RequestKind.couple, table: 'account', id: h.dv.seedInfo!.accounts.C10000, payload: { operation: 'search', mapping: 'CUSTOMER', query: 'a' } };
    await refused('ta-sales', test, new RegExp(`^${name('ta-sales')} may not test the ERP connection: that is for ERP administrators`));
    await refused('ta-avail', search, new RegExp(`^${name('ta-avail')} may not search the ERP: that is for ERP administrators`));
    const fr = await refused('ta-sales2', search, /^ta-sales2 ne peut pas faire une recherche dans l’ERP : c’est réservé aux administrateurs ERP/);
    // The refused search answered nothing: no ERP customer in the payload.
    expect(String(fr.erp_payload ?? '')).not.toMatch(/"result"/);
    await allowed('ta-erpadmin', test);
    const found = await allowed('ta-erpadmin', search);
    expect(JSON.parse(found.erp_payload).result).toBeTruthy();
  }, 60_000);
});

describe('couplings, synchronisation, reconciliation: write access to ERP couplings', () => {
  it('salespeople and the availability user are refused every kind; the ERP administrator starts a full synchronisation', async () => {
    const account = h.dv.seedInfo!.accounts.C10000;
    const coupling = new RegExp(`may not change ERP couplings, start synchronisations or reconcile`);
    await refused('ta-sales', { kind: RequestKind.couple, table: 'account', id: account, payload: { operation: 'uncouple', mapping: 'CUSTOMER' } }, coupling);
    await refused('ta-avail', { kind: RequestKind.syncRecord, table: 'account', id: account, payload: { operation: 'syncNow', side: 'erp' } }, coupling);
    await refused('ta-sales', { kind: RequestKind.fullSync, table: 'erp_connection', id: h.dv.seedInfo!.connectionId as string }, coupling);
    await refused('ta-avail', { kind: RequestKind.reconcile, table: 'erp_connection', id: h.dv.seedInfo!.connectionId as string }, coupling);
    // The account is still coupled after the refused uncouple.
    expect((await api(h).get(`accounts(${account})?$select=erp_customernumber`)).erp_customernumber).toMatch(/\S/);
    await allowed('ta-erpadmin', { kind: RequestKind.fullSync, table: 'erp_connection', id: h.dv.seedInfo!.connectionId as string, payload: { mappings: ['CUSTOMER'] } });
  }, 60_000);
});

describe('users without the rights cannot even ask', () => {
  it('a user with no ERP role cannot create a request (Dataverse 403)', async () => {
    const r = await ask('ta-noerp', { kind: RequestKind.refreshAvailability, table: 'product', id: h.dv.seedInfo!.products['SAF-0001'] });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('prvCreateerp_IntegrationRequest');
  });
});

describe('impersonation (MSCRMCallerID)', () => {
  it('without prvActOnBehalfOfAnotherUser, Dataverse refuses to create the row', async () => {
    const r = await ask('ta-sales', { kind: RequestKind.fullSync, table: 'erp_connection', id: h.dv.seedInfo!.connectionId as string, onBehalfOf: h.dv.users.admin.id });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('prvActOnBehalfOfAnotherUser');
  });

  it('a request created as the administrator on a salesperson’s behalf is refused unless the salesperson may do it', async () => {
    const conn = h.dv.seedInfo!.connectionId as string;
    const asAdmin = await refused('ta-delegate', { kind: RequestKind.fullSync, table: 'erp_connection', id: conn, onBehalfOf: h.dv.users.admin.id }, new RegExp(`^This request was created by ${name('ta-delegate')} on behalf of ${name('admin')}\\. The connector only does what both may do, and ${name('ta-delegate')} may not change ERP couplings or start a synchronisation\\.`));
    expect(asAdmin._createdby_value).toBe(h.dv.users.admin.id);
    expect(asAdmin._createdonbehalfby_value).toBe(ids.delegate);
    await refused('ta-delegate', { kind: RequestKind.testConnection, table: 'erp_connection', id: conn, onBehalfOf: h.dv.users.admin.id }, /^This request was created by .* may not test the ERP connection\./);
    // Another salesperson's order, created as its owner: the owner may, the real caller may not.
    const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0001', quantity: 1 }] });
    await assign('salesorders', orderId, ids.sales);
    await api(h).patch('salesorders', orderId, { statecode: 1, statuscode: 3 });
    await refused('ta-delegate', { kind: RequestKind.submitOrder, table: 'salesorder', id: orderId, onBehalfOf: ids.sales }, /may not submit this order to the ERP\. Nothing was done\./);
    expect((await readSnapshot(h, orderId)).erp_erpordernumber ?? null).toBeNull();
    // When the real caller may do it too, impersonation is no obstacle.
    const own = await createOrder(h, { lines: [{ productNumber: 'SAF-0001', quantity: 1 }] });
    await assign('salesorders', own, ids.delegate);
    await api(h).patch('salesorders', own, { statecode: 1, statuscode: 3 });
    await allowed('ta-delegate', { kind: RequestKind.submitOrder, table: 'salesorder', id: own });
  }, 90_000);
});

describe('rewriting someone else’s request', () => {
  it('a user who may write any request row but not what it asks for cannot use an administrator’s request', async () => {
    const conn = h.dv.seedInfo!.connectionId as string;
    const created = await ask('admin', { kind: RequestKind.fullSync, table: 'erp_connection', id: conn, payload: { mappings: ['CURRENCY'] } });
    expect(created.status).toBe(204);
    const r = await api(h, 'ta-rewriter').call('PATCH', `${Tables.integrationRequest.entitySet}(${created.id})`, { [C.payload]: JSON.stringify({ mappings: ['CUSTOMER'] }) });
    expect(r.status).toBe(204);
    const row = await outcome(created.id);
    expect(row.erp_status).toBe(RequestStatus.failed);
    expect(row.erp_lasterror).toBe(`This request of ${name('admin')} was last changed by ${name('ta-rewriter')}, who may not change ERP couplings or start a synchronisation. The connector only does what everyone who made the request may do. Nothing was done.`);
  }, 60_000);
});

describe('the connector’s own requests', () => {
  it('rows the connector created itself (automatic pick-up) are not asked about', async () => {
    const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0001', quantity: 1 }] });
    await api(h).patch('salesorders', orderId, { statecode: 1, statuscode: 3 });
    const id = await api(h, 'integration').create(Tables.integrationRequest.entitySet, {
      [C.name]: 'pick-up',
      [C.kind]: RequestKind.submitOrder,
      [C.status]: RequestStatus.pending,
      [C.targetTable]: 'salesorder',
      [C.targetId]: orderId,
      [C.idempotencyKey]: `auth-test-${randomUUID()}`,
    });
    const row = await outcome(id);
    expect(row.erp_status).toBe(RequestStatus.succeeded);
  }, 60_000);
});
