/**
 * A client that gives up during a latency fault must not keep its concurrency slot (issue 15, item 6). Before the
 * fix, the stand-in waited for a body that never came and the slot stayed taken: after 52 abandoned requests every
 * later request of that user got 429. The server still executes a request whose body it has (a late write), as
 * Dataverse does.
 */
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, start } from './support';

let dv: DataverseStandIn;
beforeAll(async () => {
  dv = await start({ seed: false });
});
afterAll(() => dv.close());

/** Waits (bounded) until `check` holds; returns whether it did. */
async function eventually(check: () => boolean, tries = 200): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe('requests abandoned during a latency fault', () => {
  it('free their slot, so the user is not throttled by requests no one waits for', async () => {
    const u = dv.addUser({ key: 'leaver', roles: ['Salesperson'] });
    const before = dv.limits.limits;
    dv.limits.configure({ concurrentRequests: 2 });
    const rule = dv.faults.add({ path: 'accounts', latencyMs: 1500, user: u.key });
    try {
      const userId = (await client(dv, u.key).get('WhoAmI')).json as { UserId: string };
      for (let round = 0; round < 3; round++) {
        const aborts = [new AbortController(), new AbortController()];
        const pending = aborts.map((a, i) =>
          fetch(`${dv.apiUrl}accounts`, {
            method: 'POST',
            signal: a.signal,
            headers: { Authorization: `Bearer ${dv.tokens[u.key]}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: `left ${round}.${i}` }),
          }).catch(() => null),
        );
        expect(await eventually(() => dv.limits.running(userId.UserId) === 2)).toBe(true);
        aborts.forEach((a) => a.abort());
        await Promise.all(pending);
        expect(await eventually(() => dv.limits.running(userId.UserId) === 0)).toBe(true);
      }
      dv.faults.remove(rule.id!);
      expect((await client(dv, u.key).get('WhoAmI')).status).toBe(200);
      // The server had each body: the writes landed although no client saw the answer.
      const names = (await client(dv, 'admin').get("accounts?$select=name&$filter=startswith(name,'left ')")).json as { value: unknown[] };
      expect(names.value).toHaveLength(6);
    } finally {
      dv.limits.configure(before);
      dv.faults.clear();
    }
  });
});
