/**
 * The reconciliation lists orders marked submitted with no live request and no ERP number (issue 15, path 3):
 * before, such an order was in no finding (no ERP document, no ERP number shown), so a lost submission went
 * unnoticed. Same rule as the pick-up (domain/orphanedSubmission.ts): past the grace period, no live request.
 */
import { SubmissionStatus } from '../../domain/schema';
import { reconcileOrders } from '../../connector/reconcile';
import { text } from '../../connector/messages';
import { Formatter } from '../../domain/format';
import { useStandins, api, createOrder, startTestConnector, submitOrder, type Standins } from './harness';

jest.setTimeout(90_000);

let h!: Standins;
useStandins((s) => (h = s));

const markSubmitted = (id: string, at: Date | null) => api(h).patch('salesorders', id, { statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.queued, erp_submittedon: at ? at.toISOString() : null });
const numberOf = async (id: string): Promise<string> => (await api(h).get(`salesorders(${id})?$select=ordernumber`)).ordernumber;

describe('reconciliation of orders submitted without a request', () => {
  it('lists the orphan with its number and since when, in the organisation’s language; not an order with a live request', async () => {
    const c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
    try {
      const at = new Date(Date.now() - 60 * 60_000);
      const orphan = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      await markSubmitted(orphan, at);
      const undated = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      await markSubmitted(undated, null);
      const tracked = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      await markSubmitted(tracked, at);
      await submitOrder(h, tracked); // a live request: on its way, not orphaned

      const report = await reconcileOrders(c.services, new Date(Date.now() - 86_400_000));
      const byNumber = async (id: string) => report.findings.filter((f) => f.salesOrderId === id);
      const [f] = await byNumber(orphan);
      const number = await numberOf(orphan);
      expect(f).toMatchObject({ code: 'RECON_ORPHANED', severity: 'error', orderNumber: number, params: { order: number } });
      const lcid = c.services.ref.lcid;
      expect(f.params.since).toBe(new Formatter(lcid).dateTime(at.toISOString()));
      expect(f.text).toBe(text('RECON_ORPHANED', { order: number, since: f.params.since }, lcid));
      expect(f.text).toContain(number);
      const [u] = await byNumber(undated);
      expect(u).toMatchObject({ code: 'RECON_ORPHANED', params: { since: text('RECON_DATE_UNKNOWN', {}, lcid) } });
      expect(await byNumber(tracked)).toEqual([]);
      expect(report.disagreements).toBeGreaterThanOrEqual(2);
    } finally {
      await c.close();
    }
  });

  it('says it in French for a French organisation', () => {
    const fr = text('RECON_ORPHANED', { order: 'ORD-1', since: '01/03/2026 10:00' }, 1036);
    expect(fr).toMatch(/^La commande Sales ORD-1 est marquée envoyée depuis 01\/03\/2026 10:00/);
    expect(text('RECON_DATE_UNKNOWN', {}, 1036)).not.toBe(text('RECON_DATE_UNKNOWN', {}, 1033));
  });
});
