/**
 * The write-back never rolls back for a post (issue 13, item 2): a refused timeline post used to roll back the ERP
 * number, the coupling and the request's success after the ERP order was created. Now the order still ends with
 * its ERP number, coupling and state; the request shows the missing post; a later pass adds it once.
 */
import { RequestStatus, SubmissionStatus } from '../../domain/schema';
import { useStandins, api, createOrder, drain, request, startTestConnector, submitOrder, type Standins } from './harness';

jest.setTimeout(90_000);

let h!: Standins;
useStandins((s) => (h = s));

describe('timeline posts apart from the write-back', () => {
  it('a refused post: the order keeps its ERP number, coupling and state; the request shows the missing post; a later pass adds it once', async () => {
    let refusePosts = true;
    // Dataverse refuses the post itself (here: a column it does not know), inside the connector's own $batch.
    const fetchImpl: typeof fetch = async (input, init) => {
      if (refusePosts && /\$batch$/.test(String(input)) && typeof init?.body === 'string' && /POST \S*\/posts HTTP/.test(init.body)) {
        return fetch(input, { ...init, body: init.body.replace(/"postid":/g, '"erp_nosuchcolumn":1,"postid":') });
      }
      return fetch(input, init);
    };
    let clock = Date.now();
    const c = await startTestConnector(h, {}, { fetchImpl, now: () => new Date(clock) });
    try {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      const r = await submitOrder(h, id);
      await drain(h, c, [r]);
      const row = await request(h, r);
      expect(row.erp_status).toBe(RequestStatus.succeeded);
      expect(row.erp_pendingposts).toMatch(/"url":"posts"/);
      expect(row.erp_log).toMatch(/timeline post refused .*written later/);
      const order = await api(h).get(`salesorders(${id})?$select=erp_erpordernumber,erp_submissionstatus`);
      expect(order.erp_erpordernumber).toBe(row.erp_erpdocumentnumber);
      expect(order.erp_submissionstatus).toBe(SubmissionStatus.inErp);
      expect(await api(h).list(`erp_couplings?$select=erp_erpnumber&$filter=erp_crmid eq '${id}'`)).toEqual([expect.objectContaining({ erp_erpnumber: row.erp_erpdocumentnumber })]);
      const posts = () => api(h).list(`posts?$select=text&$filter=_regardingobjectid_value eq ${id}`);
      expect(await posts()).toHaveLength(0);

      // Still refused on the next pass: kept. Then accepted: written once, the column cleared; later passes add nothing.
      clock += 61_000;
      await c.processQueue();
      expect((await request(h, r)).erp_pendingposts).toMatch(/"url":"posts"/);
      refusePosts = false;
      clock += 61_000;
      await c.processQueue();
      expect(await posts()).toHaveLength(1);
      const after = await request(h, r);
      expect(after.erp_pendingposts).toBeNull();
      expect(after.erp_log).toMatch(/timeline post\(s\) written later \(1\)/);
      clock += 61_000;
      await c.processQueue();
      expect(await posts()).toHaveLength(1);
    } finally {
      await c.close();
    }
  });
});
