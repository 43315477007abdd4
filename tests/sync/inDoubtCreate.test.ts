/**
 * "Create in ERP" whose answer is lost (issue 15, the in-doubt rule for the synchronisation's creates): Business
 * Central takes longer than the connector's timeout to create the customer, and creates it after the connector gave
 * up. Before: the retry looked the customer up by number and name, found nothing (the first create was still
 * running) and created a second one. Now the request is in doubt: it only looks up until the first create can no
 * longer land, finds the customer and couples it. Exactly one ERP customer.
 */
import { IntegrationRequestColumns as C, RequestKind, RequestStatus, Tables } from '../../domain/schema';
import { coupleHandler } from '../../connector/flows/coupling';
import { QueueWorker } from '../../connector/queue/worker';
import { attachSync } from '../../connector/sync';
import { runPendingFullSync, startFullSync } from '../../connector/sync/fullSync';
import type { BcBatchRequest } from '../../connector/bc/client';
import { startSyncHarness, type SyncHarness } from './harness';

jest.setTimeout(90_000);

let h: SyncHarness;
let worker: QueueWorker;

beforeAll(async () => {
  h = await startSyncHarness({ env: { HTTP_TIMEOUT_SECONDS: '2', LEASE_SECONDS: '8', CREATE_MAX_SECONDS: '8', IN_DOUBT_LOOKUP_SECONDS: '1', RETRY_BASE_SECONDS: '0' } });
  worker = new QueueWorker(h.services);
  attachSync(h.services, worker, { basicCouple: coupleHandler() });
  const ctx = await h.ctx();
  await startFullSync(ctx, ['PAYMENT TERMS', 'SHIPMENT METHOD']);
  await runPendingFullSync(ctx);
});
afterAll(() => h.close());

/**
 * The $batch that carries the customer's create is held by the stand-in's latency fault for `latencyMs` (longer
 * than the connector's timeout): the stand-in creates the customer after the connector stopped waiting. Other
 * batches (the lookups) are not delayed.
 */
function delayCreates(entity: string, latencyMs: number): { creates: () => number; restore: () => void } {
  const bc = h.services.bc;
  const original = bc.batch.bind(bc);
  let creates = 0;
  bc.batch = async (requests: readonly BcBatchRequest[]) => {
    if (!requests.some((r) => r.method === 'POST' && r.url === entity)) return original(requests);
    creates += 1;
    const fault = h.bc.faults.add({ method: 'POST', route: '/$batch', latencyMs });
    try {
      return await original(requests);
    } finally {
      h.bc.faults.remove(fault.id);
    }
  };
  return { creates: () => creates, restore: () => void (bc.batch = original) };
}

async function untilFinal(id: string, timeoutMs = 40_000): Promise<Record<string, unknown>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await worker.wake();
    const row = await h.dvApi().get(`${Tables.integrationRequest.entitySet}(${id})`);
    if ([RequestStatus.succeeded, RequestStatus.failed].includes(row[C.status])) return row;
    if (Date.now() > end) throw new Error(`request not final: ${row[C.status]} ${row[C.lastError]}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('Create in ERP whose answer is lost', () => {
  it('is in doubt, looked up until the late create landed, then coupled: exactly one ERP customer', async () => {
    const name = 'Menuiserie Lente';
    const account = await h.dvApi().post('accounts', { name, customertypecode: 3, 'ownerid@odata.bind': `/systemusers(${h.dv.users.salesperson.id})` });
    const delay = delayCreates('customers', 5000);
    try {
      const row = await h.dvApi().post(Tables.integrationRequest.entitySet, {
        [C.name]: 'create in ERP',
        [C.kind]: RequestKind.couple,
        [C.status]: RequestStatus.pending,
        [C.targetTable]: 'account',
        [C.targetId]: account.accountid,
        [C.payload]: JSON.stringify({ operation: 'createInErp' }),
      });
      const id = row.erp_integrationrequestid;
      await worker.wake();
      const mid = await h.dvApi().get(`${Tables.integrationRequest.entitySet}(${id})`);
      expect(mid[C.status]).toBe(RequestStatus.retrying);
      expect(mid[C.lastError]).toMatch(new RegExp(`did not say whether it created the account ${name} .*looks for it by .*displayName “${name}”`));
      expect(mid[C.startedOn]).not.toBeNull();

      const done = await untilFinal(id);
      expect([done[C.status], done[C.lastError] ?? null]).toEqual([RequestStatus.succeeded, null]);
      expect(String(done[C.log])).toMatch(/may still be creating it/);
      // One create was sent; the retries only looked up.
      expect(delay.creates()).toBe(1);
      const customers = await h.bcApi().list(`customers?$filter=displayName eq '${name}'`);
      expect(customers).toHaveLength(1);
      const coupled = await h.dvApi().list(`erp_couplings?$select=erp_erpnumber&$filter=erp_crmtable eq 'account' and erp_crmid eq '${account.accountid}'`);
      expect(coupled.map((c: { erp_erpnumber: string }) => c.erp_erpnumber)).toEqual([customers[0].number]);
      expect(JSON.parse(String(done[C.payload])).result).toMatchObject({ created: false, erpNumber: customers[0].number });
    } finally {
      delay.restore();
    }
  });
});
