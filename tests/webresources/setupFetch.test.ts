import { WebApiSetupData } from '../../webresources/setup/data';

test('the setup page calls the browser fetch with the global object as this (no "Illegal invocation")', async () => {
  const calls: string[] = [];
  const strictFetch = function (this: unknown, input: RequestInfo | URL) {
    // What Chromium does: fetch called as a method of another object throws.
    if (this !== undefined && this !== globalThis && this !== window) throw new TypeError('Illegal invocation');
    calls.push(String(input));
    return Promise.resolve({ ok: true, status: 200, headers: { get: () => null }, text: () => Promise.resolve('{"value":[]}'), json: () => Promise.resolve({ value: [] }) });
  };
  const original = globalThis.fetch;
  (globalThis as { fetch: unknown }).fetch = strictFetch;
  try {
    const data = new WebApiSetupData('/api/data/v9.2/');
    await (data as unknown as { call(m: string, p: string): Promise<unknown> }).call('GET', 'erp_connections');
    expect(calls).toEqual(['/api/data/v9.2/erp_connections']);
  } finally {
    (globalThis as { fetch: unknown }).fetch = original;
  }
});
