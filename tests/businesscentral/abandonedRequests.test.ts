/**
 * A client that gives up during a latency fault must not keep its concurrency slot (issue 15, item 6): before the
 * fix, after 5 abandoned requests BC stopped answering that user. And a create whose client timed out still lands,
 * as in BC (the connector must treat such a create as in doubt, never repeat it blindly).
 */
import { startApi, type Api } from './helpers';

let api: Api;
beforeAll(async () => {
  api = await startApi({ concurrency: { perUser: 2, queueSize: 2, queueTimeoutMs: 60_000 } });
});
afterAll(() => api.bc.close());

async function eventually(check: () => boolean, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

const active = (): number => Object.values(api.bc.concurrency!.stats()).reduce((n, s) => n + s.active + s.queued, 0);

describe('requests abandoned during a latency fault', () => {
  it('free their slot, and a create abandoned by its client still lands', async () => {
    const customer = (await api.get('customers?$top=1&$select=number')).json.value[0].number as string;
    const rule = (await api.admin('POST', '/faults', { route: '/salesOrders', method: 'POST', latencyMs: 1500 })).json;
    for (let round = 0; round < 3; round++) {
      const aborts = [new AbortController(), new AbortController(), new AbortController()];
      const pending = aborts.map((a, i) =>
        fetch(`${api.bc.companyUrl}/salesOrders`, {
          method: 'POST',
          signal: a.signal,
          headers: { Authorization: `Bearer ${api.bc.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ customerNumber: customer, externalDocumentNumber: `LEFT-${round}-${i}` }),
        }).catch(() => null),
      );
      expect(await eventually(() => active() === 3)).toBe(true);
      aborts.forEach((a) => a.abort());
      await Promise.all(pending);
      expect(await eventually(() => active() === 0)).toBe(true);
    }
    await api.admin('DELETE', `/faults/${rule.id}`);
    const r = await api.get(`salesOrders?$filter=${encodeURIComponent("startswith(externalDocumentNumber,'LEFT-')")}&$select=externalDocumentNumber`);
    expect(r.status).toBe(200);
    // The two running creates of each round land although their client left; the queued one was never read.
    expect(r.json.value.map((o: { externalDocumentNumber: string }) => o.externalDocumentNumber).sort()).toEqual(['LEFT-0-0', 'LEFT-0-1', 'LEFT-1-0', 'LEFT-1-1', 'LEFT-2-0', 'LEFT-2-1']);
  });
});
