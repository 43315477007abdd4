/**
 * Creates in doubt (issue 15, path 1): Business Central takes longer than the connector's timeout to create the
 * order, and the create lands after the connector gave up. Before: the retry looked the order up, found nothing
 * (the first create was still running) and created a second one. Now the request is in doubt and only looks up
 * until the first create can no longer land (claim + lease + CREATE_MAX_SECONDS): exactly one ERP order.
 */
import { RequestStatus, SubmissionStatus } from '../../domain/schema';
import { inDoubtUntil, isOutcomeUnknown, mayStartCreate, nextLookupAt } from '../../domain/inDoubt';
import { useStandins, api, bcApi, createOrder, drain, request, startTestConnector, submitOrder, type Standins, type Json } from './harness';

jest.setTimeout(90_000);

let h!: Standins;
useStandins((s) => (h = s));

async function erpOrdersFor(orderId: string): Promise<Json[]> {
  const o = await api(h).get(`salesorders(${orderId})?$select=ordernumber`);
  return bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${o.ordernumber}'`);
}

describe('the in-doubt rule', () => {
  it('is decided by pure rules: unknown outcomes, the window, the next lookup, no create late in a lease', () => {
    expect(isOutcomeUnknown(false, 0)).toBe(true);
    expect(isOutcomeUnknown(false, 504)).toBe(true);
    expect(isOutcomeUnknown(false, 503)).toBe(false);
    expect(isOutcomeUnknown(true, 0)).toBe(false);
    const until = inDoubtUntil('2026-01-01T00:00:00.000Z', 120_000, 600_000);
    expect(until.toISOString()).toBe('2026-01-01T00:12:00.000Z');
    expect(nextLookupAt(new Date('2026-01-01T00:00:00Z'), until, 30_000).toISOString()).toBe('2026-01-01T00:00:30.000Z');
    expect(nextLookupAt(new Date('2026-01-01T00:11:50Z'), until, 30_000).getTime()).toBe(until.getTime() + 1);
    expect(mayStartCreate(new Date(0), new Date(100_000), 120_000)).toBe(true);
    expect(mayStartCreate(new Date(0), new Date(119_500), 120_000)).toBe(false);
  });

  it('BC creates the order after the connector timed out: looked up until the create landed, exactly one ERP order', async () => {
    const c = await startTestConnector(h, { HTTP_TIMEOUT_SECONDS: '1', LEASE_SECONDS: '5', CREATE_MAX_SECONDS: '6', IN_DOUBT_LOOKUP_SECONDS: '1', RETRY_BASE_SECONDS: '0' });
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0003', quantity: 2 }] });
      const r = await submitOrder(h, id);
      await c.services.ref.ensureFresh();
      // Every create takes 4 s: a blind second create would land too.
      h.bc.faults.add({ id: 'late', method: 'POST', route: '/salesOrders', latencyMs: 4000 } as never);
      await c.processQueue();
      const mid = await request(h, r);
      expect(mid.erp_status).toBe(RequestStatus.retrying);
      expect(mid.erp_lasterror).toMatch(/did not say whether it created the order/);
      expect(mid.erp_startedon).not.toBeNull();
      expect((await api(h).get(`salesorders(${id})?$select=erp_submissionstatus,erp_lastsubmissionerror`)).erp_lastsubmissionerror).toMatch(/looks it up by its number/);
      await drain(h, c, [r], 30_000);
      h.bc.faults.remove('late');
      const done = await request(h, r);
      expect(done.erp_status).toBe(RequestStatus.succeeded);
      expect(done.erp_log).toMatch(/may still be creating it|found ERP order/);
      expect(await erpOrdersFor(id)).toHaveLength(1);
      const o = await api(h).get(`salesorders(${id})?$select=erp_erpordernumber,erp_submissionstatus`);
      expect(o.erp_submissionstatus).toBe(SubmissionStatus.inErp);
      expect(o.erp_erpordernumber).toBe((await erpOrdersFor(id))[0].number);
    } finally {
      h.bc.faults.remove('late');
      await c.close();
    }
  });

  it('a clean refusal before any create clears the mark: the retry creates without waiting out a window', async () => {
    const c = await startTestConnector(h, { CREATE_MAX_SECONDS: '600', RETRY_BASE_SECONDS: '0' });
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      const r = await submitOrder(h, id);
      h.bc.faults.add({ id: 'busy', method: 'POST', route: '/salesOrders', status: 503, times: 1 } as never);
      await c.processQueue();
      const mid = await request(h, r);
      expect(mid.erp_status).toBe(RequestStatus.retrying);
      expect(mid.erp_startedon).toBeNull();
      await drain(h, c, [r]);
      expect((await request(h, r)).erp_status).toBe(RequestStatus.succeeded);
      expect(await erpOrdersFor(id)).toHaveLength(1);
    } finally {
      h.bc.faults.remove('busy');
      await c.close();
    }
  });
});
