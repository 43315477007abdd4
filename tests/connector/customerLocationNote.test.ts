/**
 * Issue #19 end to end: the order form's note names the location the ERP will use, and the ERP then uses it.
 * Business Central publishes page 22 "Customer List" (as an admin would, service CustomerList); the connector's
 * CUSTOMER synchronisation copies the customer card's Location Code onto the account; the pre-submit rules, reading
 * the order with the snapshot query both sides use, name it; after submission the ERP events job writes on the
 * Sales line the location BC gave it, which is the one the note named. A customer without a location keeps the
 * rule text (the company's location, which Sales cannot know, is what BC then uses).
 */
import { formatMessage } from '../../domain/messages';
import { ProblemCode, validateOrderForSubmission, type OrderSnapshot } from '../../domain/orderValidation';
import { createSyncContext } from '../../connector/sync/context';
import { runPendingFullSync, startFullSync } from '../../connector/sync/fullSync';
import { api, createOrder, drain, readSnapshot, startStandins, startTestConnector, submitOrder, type Standins } from './harness';

jest.setTimeout(90_000);

let h: Standins;
let c: Awaited<ReturnType<typeof startTestConnector>>;

beforeAll(async () => {
  h = await startStandins({ bc: { publishedPages: [22] } });
  c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
  const ctx = await createSyncContext(c.services);
  await startFullSync(ctx, ['CUSTOMER']);
  await runPendingFullSync(ctx);
});
afterAll(async () => {
  await c?.close();
  await h?.close();
});

const accountLocation = async (number: string): Promise<string | null> =>
  (await api(h).list(`accounts?$filter=accountnumber eq '${number}'&$select=erp_erplocationcode`))[0]?.erp_erplocationcode ?? null;
const note = (snapshot: OrderSnapshot) =>
  validateOrderForSubmission(snapshot, { connection: {}, couplings: {}, stage: 'client' }).find((p) => p.code === ProblemCode.locationFromErp);
const lineLocation = async (orderId: string): Promise<string | null> =>
  (await api(h).list(`salesorderdetails?$select=erp_locationcode&$filter=_salesorderid_value eq ${orderId}`))[0]?.erp_locationcode ?? null;

async function submitAndFollow(orderId: string): Promise<void> {
  await drain(h, c, [await submitOrder(h, orderId)]);
  await c.runEvents();
}

describe('the ship-from note names the location the ERP will use', () => {
  it('C10030 (Paris): PARIS on the account, named by the note, then written on the line by the ERP events', async () => {
    expect(await accountLocation('C10030')).toBe('PARIS');
    const id = await createOrder(h, { accountNumber: 'C10030', lines: [{ productNumber: 'SAF-0002', quantity: 2 }] });
    const n = note(await readSnapshot(h, id));
    expect(n).toMatchObject({ severity: 'info', params: { lines: '1', count: 1, source: 'customer', location: 'PARIS' } });
    expect(formatMessage(n!.code, n!.params, 1033)).toContain('The ERP will ship it from PARIS, the customer’s location in the ERP');
    expect(formatMessage(n!.code, n!.params, 1036)).toContain('L’ERP l’expédiera depuis PARIS, le magasin du client dans l’ERP');
    await submitAndFollow(id);
    expect(await lineLocation(id)).toBe(n!.params.location);
  });

  it('C10000 (no location on its card): the rule text; BC then uses the company’s location', async () => {
    expect(await accountLocation('C10000')).toBeNull();
    const id = await createOrder(h, { accountNumber: 'C10000', lines: [{ productNumber: 'SAF-0002', quantity: 1 }] });
    const n = note(await readSnapshot(h, id));
    expect(n?.params).toMatchObject({ source: 'rule', location: '' });
    expect(formatMessage(n!.code, n!.params, 1033)).toContain('which Business Central takes from the customer card, else from the responsibility center, else from the company information');
    await submitAndFollow(id);
    expect(await lineLocation(id)).toBe('MAIN');
  });
});
