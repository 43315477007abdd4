/**
 * Poisoned requests fail fast (issue 15, path 4). Before: a target id that broke the claim's $batch made the row
 * unclaimable, so it stayed Pending for ever with no error, every poll tried it again, and 50 of them kept a real
 * order waiting and flooded Dataverse and the logs. Now such a row ends Failed at once with a message naming what
 * is wrong, is never retried, and the claim loop does not spin on it.
 */
import { RequestKind, RequestStatus, Tables, IntegrationRequestColumns as C } from '../../domain/schema';
import { requestProblem } from '../../domain/requestValidation';
import { LogLimiter } from '../../connector/queue/logLimiter';
import { text } from '../../connector/messages';
import { useStandins, api, bcApi, createOrder, drain, request, startTestConnector, submitOrder, type Standins } from './harness';

jest.setTimeout(90_000);

let h!: Standins;
useStandins((s) => (h = s));

describe('poisoned requests', () => {
  it('are named by a pure rule: a target that is no id, a payload that is not a JSON object', () => {
    expect(requestProblem({ erp_kind: RequestKind.refreshAvailability, erp_targetid: 'x) or (1 eq 1' })?.problem).toMatch(/target record id "x\) or \(1 eq 1" is not a record id/);
    expect(requestProblem({ erp_kind: RequestKind.couple, erp_payload: '{"operation":' })?.problem).toMatch(/payload is not valid JSON/);
    expect(requestProblem({ erp_kind: RequestKind.couple, erp_payload: '[1]' })?.problemFr).toBe('la charge utile n’est pas un objet JSON');
    expect(requestProblem({ erp_kind: RequestKind.submitOrder, erp_targetid: '{0B1C2D3E-0000-4000-8000-000000000001}', erp_payload: '{"ordernumber":"A"}' })).toBeNull();
    expect(text('PAYLOAD_INVALID', { problem: 'x' }, 1036)).toMatch(/^La demande ne peut pas être traitée : x\./);
  });

  it('50 poisoned rows end Failed at once, are not retried, and a real order behind them goes through', async () => {
    const c = await startTestConnector(h, { QUEUE_BATCH_SIZE: '60' });
    try {
      const poisoned: string[] = [];
      for (let i = 0; i < 50; i++) {
        poisoned.push(
          await api(h).create(Tables.integrationRequest.entitySet, {
            [C.name]: `poison ${i}`,
            [C.kind]: i % 2 ? RequestKind.refreshAvailability : RequestKind.couple,
            [C.status]: RequestStatus.pending,
            [C.targetTable]: 'product',
            [C.targetId]: i % 2 ? `not an id ${i}` : null,
            [C.payload]: i % 2 ? null : `{"operation": "search", ${i}`,
            [C.idempotencyKey]: `poison-${i}-${Date.now()}`,
          }),
        );
      }
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
      const r = await submitOrder(h, id);
      const dv0 = c.services.dv.http.stats.requests;
      await drain(h, c, [r, ...poisoned]);
      expect((await request(h, r)).erp_status).toBe(RequestStatus.succeeded);
      const o = await api(h).get(`salesorders(${id})?$select=ordernumber`);
      expect(await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${o.ordernumber}'`)).toHaveLength(1);
      for (const [i, p] of poisoned.entries()) {
        const row = await request(h, p);
        expect(row.erp_status).toBe(RequestStatus.failed);
        expect(row.erp_attempts).toBe(1);
        expect(row.erp_nextattemptat).toBeNull();
        expect(row.erp_lasterror).toMatch(i % 2 ? /target record id "not an id \d+" is not a record id/ : /payload is not valid JSON/);
      }
      // A claim and a failure per row, plus the order's few: no poll spinning on the poisoned rows.
      expect(c.services.dv.http.stats.requests - dv0).toBeLessThan(50 * 3 + 20);
      // Nothing retries them.
      await c.processQueue();
      for (const p of poisoned.slice(0, 5)) expect((await request(h, p)).erp_attempts).toBe(1);
    } finally {
      await c.close();
    }
  });

  it('logs a repeated error once per window with the count of those left out', () => {
    let t = 0;
    const l = new LogLimiter(60_000, () => t);
    expect(l.allow('claim:x')).toEqual({ write: true, suppressed: 0 });
    for (let i = 0; i < 99; i++) expect(l.allow('claim:x').write).toBe(false);
    expect(l.allow('claim:y').write).toBe(true);
    t = 60_000;
    expect(l.allow('claim:x')).toEqual({ write: true, suppressed: 99 });
  });
});
