/**
 * @jest-environment node
 *
 * The controls' Web API services against the Dataverse stand-in, with the users' real roles: the single-request
 * queries ($expand of the product's locations, of the account's statistics lookup) are understood, the availability
 * user can read availability and queue a refresh, and a user without the privilege gets the privilege state. The
 * administrator's switches on erp_connection (availability, statistics) are read with the figures, as each role can.
 */
import { startDataverse, type DataverseStandIn } from '../../sandbox/dataverse';
import { AccountColumns, ConnectionColumns, IntegrationRequestColumns as C, ItemAvailabilityColumns as IA, AccountStatisticsColumns as S, RequestKind, RequestStatus, Tables } from '../../domain/schema';
import { WebApiAvailabilityReader, type ProductAvailability } from '../../controls/ItemAvailability/services/AvailabilityReader';
import { WebApiStatisticsReader, type AccountStatisticsData } from '../../controls/AccountStatistics/services/StatisticsReader';
import { WebApiRefreshRequester } from '../../controls/shared/integrationRequests';
import { classifyError } from '../../controls/shared/errors';

let dv: DataverseStandIn;
const ENTITY_SETS: Record<string, string> = {
  product: 'products',
  account: 'accounts',
  [Tables.integrationRequest.logicalName]: Tables.integrationRequest.entitySet,
  [Tables.itemAvailability.logicalName]: Tables.itemAvailability.entitySet,
  [Tables.accountStatistics.logicalName]: Tables.accountStatistics.entitySet,
  [Tables.connection.logicalName]: Tables.connection.entitySet,
};

/** The figures a reader returned; fails the test when it reported the feature switched off. */
function figuresOf<T extends ProductAvailability | AccountStatisticsData>(data: T): Extract<T, { enabled: true }> {
  if (!data.enabled) throw new Error('the reader reported the feature switched off');
  return data as Extract<T, { enabled: true }>;
}

/** context.webAPI as the model-driven host gives it, over HTTP: errors carry the numeric errorCode. */
function webApiFor(token: string): ComponentFramework.WebApi {
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${dv.apiUrl}${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'Content-Type': 'application/json', 'OData-Version': '4.0' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      const error = (JSON.parse(text) as { error: { code: string; message: string } }).error;
      throw { errorCode: parseInt(error.code, 16) | 0, message: error.message, code: error.code };
    }
    return { json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
  };
  return {
    retrieveRecord: async (t, id, options = '') => (await call('GET', `${ENTITY_SETS[t]}(${id})${options}`)).json,
    retrieveMultipleRecords: async (t, options = '') => {
      const { json } = await call('GET', `${ENTITY_SETS[t]}${options}`);
      return { entities: json.value as ComponentFramework.WebApi.Entity[], nextLink: (json['@odata.nextLink'] as string) ?? '' };
    },
    createRecord: async (t, data) => {
      const { headers } = await call('POST', ENTITY_SETS[t], data);
      const id = /\(([^)]+)\)\s*$/.exec(headers.get('OData-EntityId') ?? '')?.[1] ?? '';
      return { id, entityType: t, name: '' };
    },
    updateRecord: async (t, id, data) => {
      await call('PATCH', `${ENTITY_SETS[t]}(${id})`, data);
      return { id, entityType: t, name: '' };
    },
    deleteRecord: async (t, id) => {
      await call('DELETE', `${ENTITY_SETS[t]}(${id})`);
      return { id, entityType: t, name: '' };
    },
  };
}

let productId: string;
let accountId: string;

beforeAll(async () => {
  dv = await startDataverse();
  const admin = webApiFor(dv.tokens.admin);
  const products = await admin.retrieveMultipleRecords('product', `?$select=productid,erp_itemnumber&$filter=erp_itemnumber ne null&$top=1`);
  productId = products.entities[0].productid as string;
  for (const [code, available] of [['MAIN', 12], ['EAST', 3], ['WEST', 0]] as const) {
    await admin.createRecord(Tables.itemAvailability.logicalName, {
      [IA.name]: `${code}`,
      [IA.locationCode]: code,
      [IA.onHand]: available + 1,
      [IA.reserved]: 1,
      [IA.incoming]: 5,
      [IA.available]: available,
      [IA.nextReceiptDate]: '2025-04-01',
      [IA.unit]: 'PCS',
      [IA.refreshedOn]: new Date().toISOString(),
      [`${IA.product}@odata.bind`]: `/products(${productId})`,
    });
  }
  const accounts = await admin.retrieveMultipleRecords('account', `?$select=accountid&$filter=${AccountColumns.customerNumber} ne null&$top=1`);
  accountId = accounts.entities[0].accountid as string;
  const stats = await admin.createRecord(Tables.accountStatistics.logicalName, {
    [S.name]: 'stats',
    [S.currencyCode]: 'EUR',
    [S.balance]: 1200,
    [S.creditLimit]: 5000,
    [S.agingCurrent]: 1000,
    [S.aging1To30]: 200,
    [S.refreshedOn]: new Date().toISOString(),
    [`${S.account}@odata.bind`]: `/accounts(${accountId})`,
  });
  await admin.updateRecord('account', accountId, { [`${AccountColumns.statistics}@odata.bind`]: `/${Tables.accountStatistics.entitySet}(${stats.id})` });
});
afterAll(() => dv.close());

test('Item Availability: one request returns the product and all its locations (and one the switch), for the availability-only user', async () => {
  dv.requestLog.reset();
  const data = figuresOf(await new WebApiAvailabilityReader(webApiFor(dv.tokens.availability)).read({ table: 'product', id: productId }));
  expect(dv.requestLog.count()).toBe(2);
  expect(dv.requestLog.count('erp_connections')).toBe(1);
  expect(data.itemNumber).toBeTruthy();
  expect(data.locations.map((l) => [l.locationCode, l.available, l.nextReceiptDate?.slice(0, 10)]).sort()).toEqual([
    ['EAST', 3, '2025-04-01'],
    ['MAIN', 12, '2025-04-01'],
    ['WEST', 0, '2025-04-01'],
  ]);
});

test('Account Statistics: one request returns the customer number and the statistics through the lookup (and one the switch)', async () => {
  dv.requestLog.reset();
  const data = figuresOf(await new WebApiStatisticsReader(webApiFor(dv.tokens.salesperson)).read({ table: 'account', id: accountId }));
  expect(dv.requestLog.count()).toBe(2);
  expect(dv.requestLog.count('erp_connections')).toBe(1);
  expect(data.customerNumber).toBeTruthy();
  expect(data.statistics).toMatchObject({ currencyCode: 'EUR', balance: 1200, creditLimit: 5000, agingCurrent: 1000, aging1To30: 200 });
});

test('the availability-only user may not read account statistics: the error is classified as a privilege problem', async () => {
  const error = await new WebApiStatisticsReader(webApiFor(dv.tokens.availability)).read({ table: 'account', id: accountId }).catch((e: unknown) => e);
  expect(classifyError(error).kind).toBe('privilege');
});

test('refresh as the availability-only user: the request is created with its requester, followed until the connector succeeds', async () => {
  const user = dv.users.availability;
  const requester = new WebApiRefreshRequester(webApiFor(dv.tokens.availability), user.id, { intervalMs: 20, timeoutMs: 10_000 });
  const admin = webApiFor(dv.tokens.admin);
  // The connector's part: mark the request done shortly after it appears.
  const connector = (async () => {
    for (let i = 0; i < 100; i++) {
      const open = await admin.retrieveMultipleRecords(Tables.integrationRequest.logicalName, `?$select=${Tables.integrationRequest.primaryId},_${C.requestedBy}_value,${C.kind},${C.targetId}&$filter=${C.status} eq ${RequestStatus.pending}`);
      if (open.entities.length) {
        const row = open.entities[0];
        await admin.updateRecord(Tables.integrationRequest.logicalName, row[Tables.integrationRequest.primaryId] as string, { [C.status]: RequestStatus.succeeded });
        return row;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no request was queued');
  })();
  expect(await requester.refresh(RequestKind.refreshAvailability, { table: 'product', id: productId }, { cancelled: false })).toEqual({ status: 'succeeded' });
  const row = await connector;
  expect(row).toMatchObject({ [C.kind]: RequestKind.refreshAvailability, [C.targetId]: productId, [`_${C.requestedBy}_value`]: user.id });
});

describe('the administrator’s switches on the default ERP connection (assisted setup, step 3)', () => {
  const A = ConnectionColumns.availabilityEnabled;
  const ST = ConnectionColumns.statisticsEnabled;
  const admin = () => webApiFor(dv.tokens.admin);
  const connectionId = () => {
    const id = dv.seedInfo?.connectionId;
    if (!id) throw new Error('the stand-in seeded no erp_connection row');
    return id;
  };
  const setSwitches = (values: Record<string, boolean | null>) => admin().updateRecord(Tables.connection.logicalName, connectionId(), values);
  const availability = () => new WebApiAvailabilityReader(webApiFor(dv.tokens.availability)).read({ table: 'product', id: productId });
  const statistics = () => new WebApiStatisticsReader(webApiFor(dv.tokens.salesperson)).read({ table: 'account', id: accountId });

  // Back to the seeded state (the columns' default, Yes) whatever a test did.
  afterEach(() => setSwitches({ [A]: true, [ST]: true }));

  test('a row made before the switches existed (both null): both readers report on and return their figures', async () => {
    await setSwitches({ [A]: null, [ST]: null });
    const row = await admin().retrieveRecord(Tables.connection.logicalName, connectionId(), `?$select=${A},${ST}`);
    expect([row[A], row[ST]]).toEqual([null, null]);
    expect(figuresOf(await availability()).locations).toHaveLength(3);
    expect(figuresOf(await statistics()).statistics).toMatchObject({ balance: 1200 });
  });

  test('availability turned off: the availability user’s reader reports it off, statistics stay on; turned on again: the figures are back', async () => {
    await setSwitches({ [A]: false });
    dv.requestLog.reset();
    expect(await availability()).toEqual({ enabled: false });
    expect(dv.requestLog.count('erp_connections')).toBe(1);
    expect(figuresOf(await statistics()).customerNumber).toBeTruthy();
    await setSwitches({ [A]: true });
    expect(figuresOf(await availability()).locations.map((l) => l.locationCode).sort()).toEqual(['EAST', 'MAIN', 'WEST']);
  });

  test('statistics turned off: the salesperson’s reader reports it off, availability stays on', async () => {
    await setSwitches({ [ST]: false });
    expect(await statistics()).toEqual({ enabled: false });
    expect(figuresOf(await availability()).locations).toHaveLength(3);
  });

  test('the default connection decides, not the row the table lists first', async () => {
    // The seeded row (first in the table) stops being the default and keeps availability on; a newer default has it off.
    await admin().updateRecord(Tables.connection.logicalName, connectionId(), { [ConnectionColumns.isDefault]: false, [A]: true });
    const other = await admin().createRecord(Tables.connection.logicalName, { [ConnectionColumns.name]: 'Second company', [ConnectionColumns.isDefault]: true, [A]: false });
    try {
      expect(await availability()).toEqual({ enabled: false });
    } finally {
      await admin().deleteRecord(Tables.connection.logicalName, other.id);
      await admin().updateRecord(Tables.connection.logicalName, connectionId(), { [ConnectionColumns.isDefault]: true });
    }
  });
});
