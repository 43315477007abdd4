/**
 * Bad input never crashes or hangs the stand-in: malformed OData, unknown entity sets and columns, wrong types, bad
 * JSON, huge bodies, broken batches and stalled clients get Dataverse's status codes and error shape.
 */
import * as net from 'net';
import { createRng } from '../../sandbox/seed/prng';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, start } from './support';

let dv: DataverseStandIn;
let c: ReturnType<typeof client>;
beforeAll(async () => {
  dv = await start({ limits: { maxBodyBytes: 64 * 1024, maxBatchSize: 5 } });
  c = client(dv);
});
afterAll(() => dv.close());

const shape = (r: { json: { error?: { code?: unknown; message?: unknown } } }) => {
  expect(typeof r.json.error?.code).toBe('string');
  expect(typeof r.json.error?.message).toBe('string');
};

describe('payloads', () => {
  it('bad JSON and non-object bodies: 400 with code 0x80048d19', async () => {
    for (const body of ['{"name": "x",', '[1,2]', '"just a string"', 'null']) {
      const r = await c.post('accounts', body, { 'Content-Type': 'application/json' });
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(r.json.error.code).toBe('0x80048d19');
      shape(r);
    }
    expect((await c.post('accounts', '{"name": "x",', { 'Content-Type': 'application/json' })).json.error.message).toContain('Invalid JSON');
  });

  it('unknown columns and wrong types name the property and the expected type', async () => {
    const unknown = await c.post('accounts', { name: 'x', colour: 'red' });
    expect(unknown.json.error.message).toContain("The property 'colour' does not exist on type 'Microsoft.Dynamics.CRM.account'");
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ numberofemployees: 'ten' }, "Cannot convert the literal 'ten' to the expected type 'Edm.Int32'."],
      [{ numberofemployees: 2.5 }, "Cannot convert the literal '2.5' to the expected type 'Edm.Int32'."],
      [{ name: 12 }, "Cannot convert the literal '12' to the expected type 'Edm.String'."],
      [{ creditonhold: 'yes' }, "Cannot convert the literal 'yes' to the expected type 'Edm.Boolean'."],
      [{ creditlimit: { amount: 5 } }, 'to the expected type \'Edm.Decimal\'.'],
      [{ name: 'x', overriddencreatedon: 'yesterday' }, "Cannot convert the literal 'yesterday' to the expected type 'Edm.DateTimeOffset'."],
    ];
    for (const [body, message] of cases) {
      const r = await c.post('accounts', body);
      expect({ body, status: r.status }).toEqual({ body, status: 400 });
      expect(r.json.error.message).toContain(message);
    }
    const lookupAsValue = await c.post('contacts', { lastname: 'x', parentcustomerid: '00000000-0000-4000-8000-000000000001' });
    expect(lookupAsValue.json.error.message).toContain("Use 'parentcustomerid_account@odata.bind'");
  });

  it('binds to a missing record, a wrong table or a malformed reference are refused', async () => {
    const missing = await c.post('contacts', { lastname: 'x', 'parentcustomerid_account@odata.bind': '/accounts(00000000-0000-4000-8000-00000000dead)' });
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe("Entity 'account' With Id = 00000000-0000-4000-8000-00000000dead Does Not Exist");
    const product = (await c.get('products?$top=1&$select=name')).json.value[0].productid;
    const wrongTable = await c.post('contacts', { lastname: 'x', 'parentcustomerid_account@odata.bind': `/products(${product})` });
    expect(wrongTable.status).toBe(400);
    expect(wrongTable.json.error.message).toContain("refers to account, not to 'product'");
    const malformed = await c.post('contacts', { lastname: 'x', 'parentcustomerid_account@odata.bind': 'accounts' });
    expect(malformed.status).toBe(400);
    const undeclared = await c.post('contacts', { lastname: 'x', 'nothing@odata.bind': '/accounts(00000000-0000-4000-8000-000000000001)' });
    expect(undeclared.json.error.message).toContain("An undeclared property 'nothing'");
  });

  it('a body over the size limit gets 413 and the server keeps serving', async () => {
    const r = await c.post('accounts', { name: 'x', description: 'y'.repeat(100 * 1024) });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('0x8004418a');
    expect((await c.get('WhoAmI')).status).toBe(200);
  });
});

describe('URLs and query options', () => {
  it('unknown entity sets, keys and segments: 404/400 with the segment named', async () => {
    expect((await c.get('acounts')).json.error).toEqual({ code: '0x80060888', message: "Resource not found for the segment 'acounts'." });
    expect((await c.get('Accounts')).status).toBe(404);
    expect((await c.get('accounts(not-a-guid)')).status).toBe(400);
    expect((await c.get('accounts(00000000-0000-4000-8000-000000000404)')).status).toBe(404);
    expect((await c.get("accounts(accountnumber='C10000')")).json.error.message).toContain("are not a defined alternate key of table 'account'");
    expect((await c.get('accounts(00000000-0000-4000-8000-000000000404')).status).toBe(400);
    expect((await c.get(`accounts(${Object.values(dv.seedInfo!.accounts)[0]})/nosuchthing`)).status).toBe(404);
    expect((await c.get('%E0%A4%A')).status).toBe(400);
    const outside = await fetch(`${dv.baseUrl}/api/data/v8.0/accounts`, { headers: { Authorization: `Bearer ${dv.tokens.admin}` } });
    expect(outside.status).toBe(404);
  });

  it('bad query options: 400 with a message saying which', async () => {
    const cases: Array<[string, string]> = [
      ['accounts?$top=-1', "Invalid value '-1' for $top query option"],
      ['accounts?$top=many', "Invalid value 'many' for $top query option"],
      ['accounts?$count=maybe', "'maybe' is not a valid count option."],
      ['accounts?$orderby=name sideways', "Syntax error in '$orderby=name sideways'."],
      ['accounts?$select=name&$select=name', "Query option '$select' was specified more than once"],
      ['accounts?$apply=groupby((name))', 'The query parameter $apply is not supported'],
      ['accounts?$expand=primarycontactid($select=fullname', "missing ')'"],
      ['accounts?$filter=(name eq \'x\'', 'Syntax error'],
      ['accounts?$filter=contains(creditlimit,\'1\')', "No function signature for the function with name 'contains'"],
      ['accounts?$filter=name gt null', "cannot be used with null"],
      ['accounts?$select=', 'has an empty item'],
      ['accounts?fetchXml=%3Cfetch%2F%3E', 'must contain one <entity> element'],
    ];
    for (const [url, message] of cases) {
      const r = await c.get(url);
      expect({ url, status: r.status }).toEqual({ url, status: 400 });
      expect(r.json.error.message).toContain(message);
    }
  });

  it('wrong methods: 405', async () => {
    expect((await c.put('accounts', { name: 'x' })).status).toBe(405);
    expect((await c.post('WhoAmI', {})).status).toBe(405);
    expect((await c.del('$metadata')).status).toBe(405);
  });
});

describe('$batch', () => {
  const batch = (parts: string[], boundary = 'b') => [...parts.flatMap((p) => [`--${boundary}`, p]), `--${boundary}--`, ''].join('\r\n');
  const get = (url: string) => `Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET ${url} HTTP/1.1\r\n\r\n`;

  it('refuses a missing boundary, a missing closing delimiter, a part without a request line, too many requests', async () => {
    expect((await c.post('$batch', batch([get('WhoAmI')]), { 'Content-Type': 'multipart/mixed' })).json.error.message).toContain("with a boundary");
    expect((await c.post('$batch', `--b\r\n${get('WhoAmI')}`, { 'Content-Type': 'multipart/mixed; boundary=b' })).json.error.message).toContain("the closing delimiter '--b--' is missing");
    expect((await c.post('$batch', batch(['Content-Type: application/http\r\n\r\nnot a request']), { 'Content-Type': 'multipart/mixed; boundary=b' })).json.error.message).toContain('does not start with a request line');
    const many = await c.post('$batch', batch(Array.from({ length: 6 }, () => get('WhoAmI'))), { 'Content-Type': 'multipart/mixed; boundary=b' });
    expect(many.status).toBe(400);
    expect(many.json.error.message).toBe('The number of requests in the batch (6) exceeds the maximum of 5.');
    const nested = await c.post('$batch', batch(['Content-Type: application/http\r\n\r\nPOST $batch HTTP/1.1\r\n\r\n']), { 'Content-Type': 'multipart/mixed; boundary=b' });
    expect(nested.json.error.message).toContain('cannot contain another batch');
    const getInChangeSet = await c.post('$batch', batch([`Content-Type: multipart/mixed; boundary=cs\r\n\r\n--cs\r\n${get('WhoAmI')}--cs--`]), { 'Content-Type': 'multipart/mixed; boundary=b' });
    expect(getInChangeSet.json.error.message).toContain('GET requests are not allowed in a change set');
  });

  it('stops at the first failing part, or goes on with Prefer: odata.continue-on-error', async () => {
    const parts = [get('acounts'), get('WhoAmI')];
    const stop = await c.post('$batch', batch(parts), { 'Content-Type': 'multipart/mixed; boundary=b' });
    expect(stop.status).toBe(404);
    expect(stop.text.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 404']);
    const go = await c.post('$batch', batch(parts), { 'Content-Type': 'multipart/mixed; boundary=b', Prefer: 'odata.continue-on-error' });
    expect(go.status).toBe(200);
    expect(go.text.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 404', 'HTTP/1.1 200']);
    expect(go.text).toContain(`"UserId":"${dv.users.admin.id}"`);
  });
});

describe('robustness', () => {
  it('a client that stalls mid-request does not hold up others', async () => {
    const sock = net.connect(dv.port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.write(`POST /api/data/v9.2/accounts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${dv.tokens.admin}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":`);
    const t = Date.now();
    expect((await c.get('WhoAmI')).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(1000);
    sock.destroy();
  });

  it('never answers 500 to a few hundred random malformed requests (seeded fuzz)', async () => {
    const rng = createRng(424242);
    const pieces = ["'", '(', ')', ',', '/', ' eq ', ' and ', 'name', '_ownerid_value', 'null', '1', '$', '@p1', 'any(', 'contains(', '%27', '%20', '2026-01-01', '00000000-0000-4000-8000-000000000001', '$expand=', ';', '=', 'x'];
    const garble = () => Array.from({ length: rng.int(1, 8) }, () => rng.pick(pieces)).join('');
    const statuses = new Map<number, number>();
    for (let i = 0; i < 250; i++) {
      const kind = rng.int(0, 5);
      const url = [
        `accounts?$filter=${encodeURIComponent(garble())}`,
        `accounts?$select=${encodeURIComponent(garble())}`,
        `accounts?$expand=${encodeURIComponent(garble())}`,
        `accounts(${encodeURIComponent(garble())})`,
        `salesorders?$orderby=${encodeURIComponent(garble())}`,
        `${encodeURIComponent(garble())}`,
      ][kind];
      const r = await c.get(url);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status >= 500) throw new Error(`${url} → ${r.status} ${r.text}`);
      if (r.status >= 400) shape(r);
    }
    expect(statuses.get(400)).toBeGreaterThan(50);
  });
});
