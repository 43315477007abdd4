/**
 * User-local dates end to end. requestdeliveryby and lastbackofficesubmit are UserLocal date-times (Microsoft's
 * salesorder reference): Dataverse stores and returns the UTC instant of the user's local midnight. The ERP must
 * get the calendar date the owner chose: a Paris user's 24 December (…-12-23T23:00:00Z) and a Los Angeles user's
 * 24 December (…-12-24T08:00:00Z) both reach Business Central as 2026-12-24.
 */
import { Tables } from '../../domain/schema';
import { SalesOrderState, SalesOrderStatus } from '../../domain/dataverseCodes';
import { pickUpSubmittedOrders } from '../../connector/flows/autoPickup';
import { userSettingsForZone } from '../../sandbox/dataverse/timeZones';
import { api, bcApi, createOrder, startStandins, startTestConnector, submitOrder, type Standins } from './harness';

jest.setTimeout(60_000);

let h: Standins;
let c: Awaited<ReturnType<typeof startTestConnector>>;
let adminId: string;

beforeAll(async () => {
  h = await startStandins();
  c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
  adminId = (await api(h).get('WhoAmI')).UserId as string;
});
afterAll(async () => {
  await c?.close();
  await h?.close();
});

async function setOwnerZone(code: number): Promise<void> {
  await api(h).patch('usersettingscollection', adminId, userSettingsForZone(code));
  await c.services.ref.ensureFresh(true);
}

async function submitAndReadErpDate(requestdeliveryby: string): Promise<string> {
  const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }], extra: { requestdeliveryby } });
  const stored = await api(h).get(`salesorders(${orderId})?$select=requestdeliveryby,ordernumber`);
  expect(stored.requestdeliveryby).toBe(requestdeliveryby);
  const requestId = await submitOrder(h, orderId);
  const result = await c.worker.processRow((await api(h).list(`${Tables.integrationRequest.entitySet}?$filter=erp_integrationrequestid eq ${requestId}`))[0]);
  expect(result).toBe('succeeded');
  const [erp] = await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${stored.ordernumber}'`);
  return erp.requestedDeliveryDate as string;
}

describe('user-local delivery dates reach the ERP as the owner chose them', () => {
  it('a Paris owner (UTC+1) picking 24 December: stored as 23 December 23:00 UTC, sent as 24 December', async () => {
    await setOwnerZone(105);
    expect(await submitAndReadErpDate('2026-12-23T23:00:00Z')).toBe('2026-12-24');
  });

  it('a Paris owner in summer time (UTC+2): 14 July is 13 July 22:00 UTC, sent as 14 July', async () => {
    await setOwnerZone(105);
    expect(await submitAndReadErpDate('2026-07-13T22:00:00Z')).toBe('2026-07-14');
  });

  it('a Los Angeles owner (UTC−8) picking 24 December: stored as 24 December 08:00 UTC, sent as 24 December', async () => {
    await setOwnerZone(4);
    expect(await submitAndReadErpDate('2026-12-24T08:00:00Z')).toBe('2026-12-24');
    await setOwnerZone(105);
  });
});

describe('automatic pick-up reads the empty back-office date in any time zone', () => {
  it("queues a Submitted order whose lastbackofficesubmit is 1900-01-01 written from Paris (1899-12-31T23:00:00Z)", async () => {
    const a = api(h);
    await a.patch(Tables.connection.entitySet, h.dv.seedInfo!.connectionId!, { erp_autocreateorders: true });
    const orderId = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }], extra: { lastbackofficesubmit: '1899-12-31T23:00:00Z' } });
    await a.patch('salesorders', orderId, { statecode: SalesOrderState.submitted, statuscode: SalesOrderStatus.inProgress });
    // The column really holds an instant: an equality with the date literal 1900-01-01 does not find it.
    expect(await a.list(`salesorders?$select=salesorderid&$filter=salesorderid eq ${orderId} and lastbackofficesubmit eq 1900-01-01`)).toHaveLength(0);
    const summary = await pickUpSubmittedOrders(c.services);
    expect(summary.errors).toEqual([]);
    const queued = await a.list(`${Tables.integrationRequest.entitySet}?$select=erp_targetid&$filter=erp_targetid eq '${orderId}'`);
    expect(queued).toHaveLength(1);
    await a.patch(Tables.connection.entitySet, h.dv.seedInfo!.connectionId!, { erp_autocreateorders: false });
  });
});
