import * as http from 'http';
import type { AddressInfo } from 'net';
import { Api, bcError, startApi, Json } from './helpers';

interface Receiver {
  url: string;
  handshakes: string[];
  notifications: Array<{ value: Array<Record<string, string>> }>;
  /** Status to answer to notifications (a list is consumed first). */
  answer: number[];
  mode: 'echo' | 'wrong' | 'silent-500';
  close(): Promise<void>;
  waitFor(n: number, ms?: number): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const r: Partial<Receiver> = { handshakes: [], notifications: [], answer: [], mode: 'echo' };
  const server = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://x');
    const token = u.searchParams.get('validationToken');
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (token !== null) {
        r.handshakes!.push(token);
        if (r.mode === 'echo') res.writeHead(200, { 'Content-Type': 'text/plain' }).end(token);
        else if (r.mode === 'wrong') res.writeHead(200).end('not-the-token');
        else res.writeHead(500).end();
        return;
      }
      r.notifications!.push(JSON.parse(body));
      res.writeHead(r.answer!.shift() ?? 202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bc-hook`;
  r.close = () => new Promise((resolve) => server.close(() => resolve()));
  r.waitFor = async (n, ms = 3000) => {
    const end = Date.now() + ms;
    while (r.notifications!.length < n && Date.now() < end) await new Promise((x) => setTimeout(x, 20));
  };
  return r as Receiver;
}

let api: Api;
let rx: Receiver;
beforeAll(async () => {
  api = await startApi({ webhooks: { notificationDelayMs: 60000, collectionThreshold: 5, retries: 2, retryDelayMs: 20 } });
  rx = await receiver();
});
afterAll(async () => {
  await api.bc.close();
  await rx.close();
});
beforeEach(() => {
  rx.notifications.length = 0;
  rx.handshakes.length = 0;
  rx.mode = 'echo';
  rx.answer = [];
});

const resource = (set: string): string => `/api/v2.0/companies(${api.bc.companyId})/${set}`;
const subscribe = (set: string, extra: Record<string, string> = {}) => api.call('POST', `${api.bc.apiUrl}/subscriptions`, { notificationUrl: rx.url, resource: resource(set), clientState: 'secret-42', ...extra });
const unsubscribeAll = async (): Promise<void> => {
  for (const s of (await api.get(`${api.bc.apiUrl}/subscriptions`)).json.value) await api.call('DELETE', `${api.bc.apiUrl}/subscriptions('${s.subscriptionId}')`);
};

describe('webhook subscriptions (/api/v2.0/subscriptions)', () => {
  afterEach(unsubscribeAll);

  it('registers after the validation handshake; expires in three days; lists and reads it', async () => {
    const r = await subscribe('customers');
    expect(r.status).toBe(201);
    expect(rx.handshakes).toHaveLength(1);
    expect(r.json.subscriptionId).toMatch(/^[0-9a-f]{32}$/);
    expect(r.json.clientState).toBe('secret-42');
    const ttl = Date.parse(r.json.expirationDateTime) - Date.now();
    expect(ttl).toBeGreaterThan(3 * 24 * 3600 * 1000 - 60000);
    expect(ttl).toBeLessThanOrEqual(3 * 24 * 3600 * 1000);
    const list = await api.get(`${api.bc.apiUrl}/subscriptions`);
    expect(list.json.value.map((s: Json) => s.subscriptionId)).toEqual([r.json.subscriptionId]);
    const one = await api.get(`${api.bc.apiUrl}/subscriptions('${r.json.subscriptionId}')`);
    expect(one.json.resource).toBe(resource('customers'));
    bcError(await subscribe('customers'), 409, 'Internal_EntityWithSameKeyExists');
  });

  it('refuses when the handshake fails, on entity sets without change tracking, and bad bodies', async () => {
    rx.mode = 'wrong';
    expect(bcError(await subscribe('items'), 400, 'BadRequest').message).toContain('validationToken');
    rx.mode = 'silent-500';
    bcError(await subscribe('items'), 400, 'BadRequest');
    expect((await api.get(`${api.bc.apiUrl}/subscriptions`)).json.value).toEqual([]);
    rx.mode = 'echo';
    expect(bcError(await subscribe('locations'), 400, 'BadRequest').message).toContain('does not support webhook subscriptions');
    // Not on Microsoft's list of webhook-supported entities (working-with-webhooks.md), though API v2.0 serves them.
    for (const set of ['salesShipments', 'contacts', 'customerContacts']) expect(bcError(await subscribe(set), 400, 'BadRequest').message).toContain(`'${set}'`);
    bcError(await api.call('POST', `${api.bc.apiUrl}/subscriptions`, { notificationUrl: rx.url, resource: '/api/v2.0/companies(00000000-0000-0000-0000-000000000001)/customers' }), 400, 'Internal_RecordNotFound');
    bcError(await api.call('POST', `${api.bc.apiUrl}/subscriptions`, { notificationUrl: rx.url }), 400, 'BadRequest');
    bcError(await api.call('POST', `${api.bc.apiUrl}/subscriptions`, { notificationUrl: 'ftp://nope', resource: resource('items') }), 400, 'BadRequest');
    bcError(await api.call('POST', `${api.bc.apiUrl}/subscriptions`, { notificationUrl: rx.url, resource: resource('items'), colour: 'red' }), 400, 'BadRequest');
    bcError(await api.get(`${api.bc.apiUrl}/subscriptions('nope')`), 404, 'BadRequest_NotFound');
  });

  it('coalesces changes per record and sends them in one notification with clientState', async () => {
    const sub = (await subscribe('customers')).json;
    const c = (await api.get('customers?$top=1')).json.value[0];
    const p1 = await api.call('PATCH', `customers(${c.id})`, { phoneNumber: '+33 1 00 00 00 01' }, { 'If-Match': c['@odata.etag'] });
    await api.call('PATCH', `customers(${c.id})`, { phoneNumber: '+33 1 00 00 00 02' }, { 'If-Match': p1.json['@odata.etag'] });
    const created = (await api.call('POST', 'customers', { displayName: 'Webhook Client SA' })).json;
    await api.call('PATCH', `customers(${created.id})`, { city: 'Annecy' }, { 'If-Match': '*' });
    await api.call('PATCH', `items(${(await api.get('items?$top=1')).json.value[0].id})`, { gtin: '123' }, { 'If-Match': '*' });
    expect(rx.notifications).toHaveLength(0);
    await api.admin('POST', '/webhooks/flush');
    expect(rx.notifications).toHaveLength(1);
    const value = rx.notifications[0].value;
    expect(value).toHaveLength(2);
    const byResource = Object.fromEntries(value.map((v) => [v.resource, v]));
    const base = `api/v2.0/companies(${api.bc.companyId})/customers`;
    expect(byResource[`${base}(${c.id})`]).toMatchObject({ subscriptionId: sub.subscriptionId, clientState: 'secret-42', changeType: 'updated', expirationDateTime: sub.expirationDateTime });
    expect(byResource[`${base}(${created.id})`].changeType).toBe('created');
    // The lastModifiedDateTime of a notification lets the subscriber read what changed since.
    const since = new Date(Date.parse(byResource[`${base}(${c.id})`].lastModifiedDateTime) - 1).toISOString();
    const changed = await api.get(`customers?$filter=lastModifiedDateTime gt ${since}`);
    expect(changed.json.value.map((x: Json) => x.id).sort()).toEqual([c.id, created.id].sort());
    await api.call('DELETE', `customers(${created.id})`);
    await api.admin('POST', '/webhooks/flush');
    expect(rx.notifications[1].value).toEqual([expect.objectContaining({ resource: `${base}(${created.id})`, changeType: 'deleted' })]);
  });

  it('more changes than the threshold become one "collection" notification', async () => {
    await subscribe('customers');
    const rows = (await api.get('customers?$top=7')).json.value;
    for (const c of rows) await api.call('PATCH', `customers(${c.id})`, { website: 'www.example.com' }, { 'If-Match': '*' });
    await api.admin('POST', '/webhooks/flush');
    expect(rx.notifications).toHaveLength(1);
    expect(rx.notifications[0].value).toEqual([expect.objectContaining({ changeType: 'collection', resource: `api/v2.0/companies(${api.bc.companyId})/customers` })]);
    const since = rx.notifications[0].value[0].lastModifiedDateTime;
    expect((await api.get(`customers?$filter=lastModifiedDateTime gt ${since}`)).json.value).toHaveLength(7);
  });

  it('sales order lifecycle events reach subscribers of salesOrders and salesInvoices (shipments are polled)', async () => {
    await subscribe('salesOrders');
    expect((await subscribe('salesShipments')).status).toBe(400);
    await subscribe('salesInvoices');
    const o = (await api.call('POST', 'salesOrders', { customerNumber: 'C10010', salesOrderLines: [{ lineObjectNumber: 'SAF-0001', quantity: 1 }] })).json;
    await api.admin('POST', '/webhooks/flush');
    await api.admin('POST', `/salesOrders/${o.id}/release`);
    await api.admin('POST', `/salesOrders/${o.id}/ship`, { trackingNumber: 'T1' });
    const inv = (await api.admin('POST', `/salesOrders/${o.id}/invoice`, {})).json;
    await api.admin('POST', `/salesInvoices/${inv.invoiceId}/payments`, {});
    rx.notifications.length = 0;
    await api.admin('POST', '/webhooks/flush');
    const all = rx.notifications.flatMap((n) => n.value).map((v) => `${v.resource.split('/').pop()!.replace(/\(.*\)/, '')}:${v.changeType}`);
    expect(all.sort()).toEqual(['salesInvoices:created', 'salesOrders:deleted'].sort());
  });

  it('renewal (PATCH) needs If-Match and a new handshake; DELETE stops notifications', async () => {
    const sub = (await subscribe('items')).json;
    bcError(await api.call('PATCH', `${api.bc.apiUrl}/subscriptions('${sub.subscriptionId}')`, {}), 400, 'BadRequest_InvalidToken');
    await new Promise((r) => setTimeout(r, 5));
    const renewed = await api.call('PATCH', `${api.bc.apiUrl}/subscriptions('${sub.subscriptionId}')`, { clientState: 'rotated' }, { 'If-Match': sub['@odata.etag'] });
    expect(renewed.status).toBe(200);
    expect(rx.handshakes).toHaveLength(2);
    expect(renewed.json.clientState).toBe('rotated');
    expect(renewed.json.expirationDateTime > sub.expirationDateTime).toBe(true);
    bcError(await api.call('PATCH', `${api.bc.apiUrl}/subscriptions('${sub.subscriptionId}')`, {}, { 'If-Match': sub['@odata.etag'] }), 409, 'Request_EntityChanged');
    expect((await api.call('DELETE', `${api.bc.apiUrl}/subscriptions('${sub.subscriptionId}')`)).status).toBe(204);
    await api.call('PATCH', `items(${(await api.get('items?$top=1')).json.value[0].id})`, { gtin: '456' }, { 'If-Match': '*' });
    await api.admin('POST', '/webhooks/flush');
    expect(rx.notifications).toHaveLength(0);
  });

  it('retries a failed delivery and drops the subscription when the subscriber answers 410 Gone', async () => {
    await subscribe('customers');
    const customer = (await api.get('customers?$top=1')).json.value[0];
    rx.answer = [500, 202];
    await api.call('PATCH', `customers(${customer.id})`, { website: 'www.gerant.example' }, { 'If-Match': '*' });
    await api.admin('POST', '/webhooks/flush');
    expect(rx.notifications).toHaveLength(2);
    rx.answer = [410];
    await api.call('PATCH', `customers(${customer.id})`, { website: 'www.comptable.example' }, { 'If-Match': '*' });
    await api.admin('POST', '/webhooks/flush');
    expect((await api.get(`${api.bc.apiUrl}/subscriptions`)).json.value).toEqual([]);
    const deliveries = (await api.admin('GET', '/webhooks/deliveries')).json.value;
    expect(deliveries.slice(-3).map((d: Json) => d.status)).toEqual([500, 202, 410]);
  });
});

describe('webhook timing and expiry', () => {
  it('sends on its own after the coalescing delay, and an expired subscription gets nothing', async () => {
    const fast = await startApi({ webhooks: { notificationDelayMs: 100, subscriptionTtlMs: 1500 } });
    const r2 = await receiver();
    try {
      const sub = await fast.call('POST', `${fast.bc.apiUrl}/subscriptions`, { notificationUrl: r2.url, resource: `/api/v2.0/companies(${fast.bc.companyId})/items` });
      expect(sub.status).toBe(201);
      const item = (await fast.get('items?$top=1')).json.value[0];
      await fast.call('PATCH', `items(${item.id})`, { gtin: '1' }, { 'If-Match': '*' });
      await r2.waitFor(1);
      expect(r2.notifications).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 1600));
      expect((await fast.get(`${fast.bc.apiUrl}/subscriptions`)).json.value).toEqual([]);
      await fast.call('PATCH', `items(${item.id})`, { gtin: '2' }, { 'If-Match': '*' });
      await new Promise((r) => setTimeout(r, 300));
      expect(r2.notifications).toHaveLength(1);
    } finally {
      await fast.bc.close();
      await r2.close();
    }
  });
});
