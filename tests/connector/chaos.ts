/**
 * The chaos run shared by `tests/connector/chaos.test.ts` (small, bounded) and `npm run bench -- chaos` (≥ 500
 * orders, ≥ 30 kills): in-process stand-ins on loopback and several in-process connectors. Orders are submitted
 * with double clicks (same key), second tabs (another key, with the live key), older clients (another key, no live
 * key); Business Central answers 503/500, drops connections, and for a while creates orders after the connector's
 * timeout; connectors "die" right after an ERP create (before the write-back) and are replaced. Then it counts, per
 * order: ERP orders beyond one, "created" posts beyond one, orders never in the ERP, requests not final.
 */
import { createRng } from '../../sandbox/seed/prng';
import { SimulatedCrash } from '../../connector/services';
import type { Connector } from '../../connector/connector';
import { liveKeyFor } from '../../domain/liveRequest';
import { IntegrationRequestColumns as C, RequestKind, RequestStatus, SubmissionStatus, Tables } from '../../domain/schema';
import { api, bcApi, createOrder, startStandins, startTestConnector, type Standins } from './harness';

export interface ChaosOptions {
  orders: number;
  /** Probability that a connector dies right after an ERP create. */
  killRate: number;
  connectors: number;
  seed: number;
  /** Give up waiting for every request to end after this long. */
  timeoutMs: number;
  /** How long BC's creates land after the connector's timeout. */
  lateWindowMs: number;
}

export interface ChaosResult {
  orders: number;
  kills: number;
  duplicates: number;
  lost: number;
  stuck: number;
  duplicatePosts: number;
  requests: number;
  ms: number;
}

const FINAL = new Set<number>([RequestStatus.succeeded, RequestStatus.failed, RequestStatus.cancelled]);

export function chaosLine(r: ChaosResult): string {
  return `chaos: ${r.orders} orders, ${r.kills} kills, ${r.duplicates} duplicate ERP orders, ${r.lost} lost, ${r.stuck} stuck, ${r.duplicatePosts} duplicate posts`;
}

export async function runChaos(o: ChaosOptions, given?: Standins): Promise<ChaosResult> {
  const started = Date.now();
  const h = given ?? (await startStandins());
  const rng = createRng(o.seed);
  let kills = 0;
  const env = {
    HTTP_TIMEOUT_SECONDS: '1',
    LEASE_SECONDS: '5',
    CREATE_MAX_SECONDS: '2',
    IN_DOUBT_LOOKUP_SECONDS: '1',
    RETRY_BASE_SECONDS: '0',
    RETRY_MAX_SECONDS: '2',
    MAX_ATTEMPTS: '100',
    HTTP_INLINE_RETRIES: '0',
  };
  const hooks = {
    afterErpCreate: () => {
      if (rng.next() < o.killRate) {
        kills += 1;
        throw new SimulatedCrash();
      }
    },
  };
  let n = 0;
  const start = (): Promise<Connector> => startTestConnector(h, { ...env, CONNECTOR_INSTANCE_ID: `chaos-${++n}` }, { hooks, server: false });
  const connectors: Connector[] = [];
  for (let i = 0; i < o.connectors; i++) connectors.push(await start());
  const a = api(h);
  const requests: string[] = [];
  const orderIds: string[] = [];
  const createRequest = async (orderId: string, key: string, withLive: boolean): Promise<string | null> => {
    const body: Record<string, unknown> = {
      [C.name]: `Submit ${key}`,
      [C.kind]: RequestKind.submitOrder,
      [C.status]: RequestStatus.pending,
      [C.targetTable]: 'salesorder',
      [C.targetId]: orderId,
      [C.idempotencyKey]: key,
    };
    if (withLive) body[C.liveKey] = liveKeyFor(RequestKind.submitOrder, orderId);
    try {
      return await a.create(Tables.integrationRequest.entitySet, body);
    } catch {
      return null; // refused on a key: a double click or a second tab, as the browser would follow the live one
    }
  };
  try {
    for (let i = 0; i < o.orders; i++) {
      const id = await createOrder(h, { lines: [{ productNumber: 'SAF-0002', quantity: 1 + (i % 3) }] });
      await a.patch('salesorders', id, { statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.queued });
      orderIds.push(id);
      const r1 = await createRequest(id, `tab1-${id}`, true);
      if (r1) requests.push(r1);
      if (rng.next() < 0.3) await createRequest(id, `tab1-${id}`, true); // double click
      if (rng.next() < 0.3) await createRequest(id, `tab2-${id}`, true); // second tab
      if (rng.next() < 0.2) {
        const legacy = await createRequest(id, `old-${id}`, false); // an older client: no live key
        if (legacy) requests.push(legacy);
      }
    }
    h.bc.faults.add({ id: 'chaos-503', method: 'POST', route: '/salesOrders', status: 503, errorRate: 0.1 } as never);
    h.bc.faults.add({ id: 'chaos-500', route: '$batch', status: 500, errorRate: 0.05 } as never);
    h.bc.faults.add({ id: 'chaos-drop', method: 'POST', route: '/salesOrders', drop: true, errorRate: 0.05 } as never);
    h.bc.faults.add({ id: 'chaos-late', method: 'POST', route: '/salesOrders', latencyMs: 1500 } as never);
    const lateUntil = Date.now() + o.lateWindowMs;
    const end = Date.now() + o.timeoutMs;
    for (;;) {
      if (Date.now() > lateUntil) h.bc.faults.remove('chaos-late');
      // A connector that "died" is replaced now and then, as a supervisor restarts a killed process.
      if (rng.next() < 0.2) {
        const i = Math.floor(rng.next() * connectors.length);
        await connectors[i].close();
        connectors[i] = await start();
      }
      await Promise.all(connectors.map((c) => c.processQueue()));
      const rows = await a.list(`${Tables.integrationRequest.entitySet}?$select=${C.status}&$filter=${encodeURIComponent(`startswith(${C.name},'Submit ')`)}`);
      if (rows.every((r) => FINAL.has(r[C.status] as number)) || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    h.bc.faults.remove();
    // Count.
    const all = await a.list(`${Tables.integrationRequest.entitySet}?$select=${C.status},${C.targetId}&$filter=${encodeURIComponent(`startswith(${C.name},'Submit ')`)}`);
    const stuck = all.filter((r) => orderIds.includes(String(r[C.targetId])) && !FINAL.has(r[C.status] as number)).length;
    let duplicates = 0;
    let lost = 0;
    let duplicatePosts = 0;
    for (const id of orderIds) {
      const order = await a.get(`salesorders(${id})?$select=ordernumber,erp_erpordernumber`);
      const erp = await bcApi(h).list(`salesOrders?$filter=externalDocumentNumber eq '${String(order.ordernumber).toUpperCase()}'&$select=number`);
      duplicates += Math.max(0, erp.length - 1);
      if (erp.length === 0 || !order.erp_erpordernumber) lost += 1;
      const posts = await a.list(`posts?$select=postid&$filter=_regardingobjectid_value eq ${id}`);
      duplicatePosts += Math.max(0, posts.length - 1);
    }
    return { orders: o.orders, kills, duplicates, lost, stuck, duplicatePosts, requests: all.length, ms: Date.now() - started };
  } finally {
    h.bc.faults.remove();
    await Promise.all(connectors.map((c) => c.close().catch(() => undefined)));
    if (!given) await h.close();
  }
}
