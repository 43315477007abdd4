/**
 * Business Central subscriptions' clientState against the BC stand-in: random per subscription, never derived from
 * the webhook key, replaced when a subscription is renewed (near expiry, or unknown to a restarted process), and only
 * the current states wake the events job.
 */
import { createHmac } from 'crypto';
import * as net from 'net';
import { startStandins, startTestConnector, WEBHOOK_KEY, type Standins } from './harness';

let h: Standins;
beforeAll(async () => {
  h = await startStandins();
});
afterAll(() => h.close());

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

async function states(): Promise<Map<string, string>> {
  const r = await fetch(`${h.bc.apiUrl}/subscriptions`, { headers: { Authorization: `Bearer ${h.bc.token}` } });
  const body = (await r.json()) as { value: Array<{ resource: string; clientState: string }> };
  return new Map(body.value.map((s) => [s.resource.replace(/^.*\//, ''), s.clientState]));
}

const notify = (url: string, clientState: string) =>
  fetch(`${url}/bc/notifications`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ value: [{ clientState, resource: 'salesOrders' }] }) });

it('clientState is random per subscription, rotates on renewal and after a restart, and only the current one wakes anything', async () => {
  const port = await freePort();
  const env = { CONNECTOR_PORT: String(port), BC_NOTIFICATION_URL: `http://127.0.0.1:${port}/bc/notifications` };
  const a = await startTestConnector(h, env, { schedules: false });
  let first: Map<string, string>;
  try {
    expect((await a.ensureSubscriptions()).created.sort()).toEqual(['salesInvoices', 'salesOrders']);
    first = await states();
    expect([...first.values()].every((s) => /^[0-9a-f]{64}$/.test(s))).toBe(true);
    // salesShipments has no webhook in Business Central: two subscriptions (orders, invoices).
    expect(new Set(first.values()).size).toBe(2);
    expect([...first.values()]).not.toContain(createHmac('sha256', WEBHOOK_KEY).update('bc-notifications').digest('hex'));
    expect((await a.ensureSubscriptions()).kept).toHaveLength(2);
    expect(await states()).toEqual(first);
    expect((await notify(a.url as string, first.get('salesOrders') as string)).status).toBe(202);
    // Two days later the subscriptions are within a day of expiry: renewed, with new states.
    const later = new Date(Date.now() + 2.5 * 86400_000);
    a.services.now = () => later;
    expect((await a.ensureSubscriptions()).renewed.sort()).toEqual(['salesInvoices', 'salesOrders']);
    const renewed = await states();
    for (const [set, s] of renewed) expect(s).not.toBe(first.get(set));
  } finally {
    await a.close();
  }
  // A restarted process knows no state: it renews at once, and the states it never set wake nothing.
  const b = await startTestConnector(h, env, { schedules: false });
  try {
    const before = await states();
    expect((await b.ensureSubscriptions()).renewed).toHaveLength(2);
    const after = await states();
    expect((await notify(b.url as string, before.get('salesOrders') as string)).status).toBe(401);
    expect((await notify(b.url as string, first.get('salesOrders') as string)).status).toBe(401);
    expect((await notify(b.url as string, after.get('salesOrders') as string)).status).toBe(202);
  } finally {
    await b.close();
  }
}, 60_000);
