/**
 * Submitted without a request (issue 15, path 3): the browser marks the order Submitted / Queued, then creates the
 * request; when the tab closed in between (or the create and the revert both failed) the order stayed Submitted for
 * ever: automatic pick-up skipped it (submission status not "not submitted") and nothing reported it. Now the
 * pick-up finds such an order after a grace period, whatever its setting, and queues its request once.
 */
import { RequestKind, RequestStatus, SubmissionStatus, Tables, IntegrationRequestColumns as C } from '../../domain/schema';
import { liveKeyFor } from '../../domain/liveRequest';
import { orphanCutoff, orphanedOrders, ORPHAN_GRACE_MS } from '../../domain/orphanedSubmission';
import { useStandins, api, bcApi, createOrder, drain, startTestConnector, submitOrder, type Standins } from './harness';

jest.setTimeout(90_000);

let h!: Standins;
useStandins((s) => (h = s));

const markSubmitted = (id: string, at: Date) => api(h).patch('salesorders', id, { statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.queued, erp_submittedon: at.toISOString() });
const requestsFor = (id: string) => api(h).list(`${Tables.integrationRequest.entitySet}?$select=${C.status},${C.liveKey},${C.name}&$filter=${C.targetId} eq '${id}'`);

describe('orders marked submitted without a request', () => {
  it('are decided by a pure rule: no live request, past the grace period', () => {
    const a = { salesorderid: '0b1c2d3e-0000-4000-8000-000000000001' };
    const b = { salesorderid: '0b1c2d3e-0000-4000-8000-000000000002' };
    expect(orphanedOrders([a, b], new Set([liveKeyFor(RequestKind.submitOrder, a.salesorderid)!]))).toEqual([b]);
    expect(orphanCutoff(new Date('2026-01-01T00:10:00Z'))).toBe(new Date(Date.parse('2026-01-01T00:10:00Z') - ORPHAN_GRACE_MS).toISOString());
  });

  it('are queued again by the pick-up and reach the ERP once; orders mid-submission or with a live request are left alone', async () => {
    const c = await startTestConnector(h);
    try {
      const orphan = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      await markSubmitted(orphan, new Date(Date.now() - 10 * 60_000));
      const young = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      await markSubmitted(young, new Date());
      const tracked = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      await markSubmitted(tracked, new Date(Date.now() - 10 * 60_000));
      const trackedRequest = await submitOrder(h, tracked);

      const first = await c.pickUp();
      expect(first.orders.recovered).toBe(1);
      const rows = await requestsFor(orphan);
      expect(rows).toEqual([expect.objectContaining({ [C.status]: RequestStatus.pending, [C.liveKey]: liveKeyFor(RequestKind.submitOrder, orphan) })]);
      expect(await requestsFor(young)).toHaveLength(0);
      expect(await requestsFor(tracked)).toHaveLength(1);
      // A second pick-up finds the request live: nothing more.
      expect((await c.pickUp()).orders.recovered).toBe(0);

      await drain(h, c, [rows[0].erp_integrationrequestid, trackedRequest]);
      const o = await api(h).get(`salesorders(${orphan})?$select=ordernumber,erp_erpordernumber,erp_submissionstatus`);
      expect(o.erp_submissionstatus).toBe(SubmissionStatus.inErp);
      expect(await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${o.ordernumber}'`)).toHaveLength(1);
    } finally {
      await c.close();
    }
  });
});
