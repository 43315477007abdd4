/**
 * The stand-in's equality indexes (Store.idsWhere, odata/plan.ts): a query, a key check, an expand or a cascade
 * that goes through an index must find exactly the rows a scan of the table finds, with Dataverse's comparisons
 * (strings case-insensitive, lookups by id), and stay right after updates that change the indexed column,
 * deletes and rolled-back transactions.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { Store } from '../../sandbox/dataverse/store';
import { client, idOf, start } from './support';

const ids = (s: ReadonlySet<string>): string[] => [...s].sort();

describe('Store equality indexes', () => {
  it('find rows case-insensitively, a lookup by its id, and rows without a value under null', () => {
    const store = new Store();
    store.put('t', 'A', { tid: 'a', code: 'Abc', ref: { id: 'P1', table: 'p' }, n: 5 });
    store.put('t', 'b', { tid: 'b', code: 'aBC', ref: null, n: '5' });
    store.put('t', 'c', { tid: 'c', code: 'other' });
    expect(ids(store.idsWhere('t', 'code', 'ABC'))).toEqual(['a', 'b']);
    expect(ids(store.idsWhere('t', 'ref', 'p1'))).toEqual(['a']);
    expect(ids(store.idsWhere('t', 'ref', { id: 'P1', table: 'p' }))).toEqual(['a']);
    expect(ids(store.idsWhere('t', 'ref', null))).toEqual(['b', 'c']);
    // 5 and '5' share a key: the index may give more rows than a strict comparison keeps, never fewer.
    expect(ids(store.idsWhere('t', 'n', 5))).toEqual(['a', 'b']);
    expect(store.countWhere('t', 'code', 'nothing')).toBe(0);
    expect(store.rowsWhere('t', 'code', 'OTHER').map((r) => r.tid)).toEqual(['c']);
    expect(store.indexedColumns()).toEqual({ t: ['code', 'ref', 'n'] });
  });

  it('stay right after an update that changes the column, a delete, a re-insert and a rolled-back transaction', () => {
    const store = new Store();
    for (const [id, code] of [['1', 'x'], ['2', 'x'], ['3', 'y']]) store.put('t', id, { tid: id, code });
    expect(ids(store.idsWhere('t', 'code', 'X'))).toEqual(['1', '2']);
    store.put('t', '2', { tid: '2', code: 'Y' });
    expect(ids(store.idsWhere('t', 'code', 'x'))).toEqual(['1']);
    expect(ids(store.idsWhere('t', 'code', 'y'))).toEqual(['2', '3']);
    store.put('t', '3', { tid: '3', code: null });
    expect(ids(store.idsWhere('t', 'code', 'y'))).toEqual(['2']);
    expect(ids(store.idsWhere('t', 'code', null))).toEqual(['3']);
    store.remove('t', '1');
    expect(ids(store.idsWhere('t', 'code', 'x'))).toEqual([]);
    store.put('t', '1', { tid: '1', code: 'y' });
    expect(ids(store.idsWhere('t', 'code', 'y'))).toEqual(['1', '2']);
    expect(() =>
      store.transaction(() => {
        store.put('t', '1', { tid: '1', code: 'z' });
        store.remove('t', '2');
        store.put('t', '4', { tid: '4', code: 'z' });
        expect(ids(store.idsWhere('t', 'code', 'z'))).toEqual(['1', '4']);
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(ids(store.idsWhere('t', 'code', 'z'))).toEqual([]);
    expect(ids(store.idsWhere('t', 'code', 'y'))).toEqual(['1', '2']);
    expect(store.get('t', '4')).toBeUndefined();
  });

  it('an index built after the rows exist sees them; a reloaded snapshot starts again from the rows', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dv-index-')), 'state.json');
    const store = new Store(file);
    for (let i = 0; i < 50; i++) store.put('t', `id${i}`, { tid: `id${i}`, bucket: `B${i % 5}` });
    expect(store.countWhere('t', 'bucket', 'b3')).toBe(10);
    store.save();
    store.put('t', 'id3', { tid: 'id3', bucket: 'elsewhere' });
    expect(store.countWhere('t', 'bucket', 'b3')).toBe(9);
    expect(store.load()).toBe(true);
    expect(store.countWhere('t', 'bucket', 'b3')).toBe(10);
    expect(store.countWhere('t', 'bucket', 'elsewhere')).toBe(0);
    store.close();
  });
});

describe('queries, keys, expands and cascades through the indexes (over HTTP)', () => {
  let dv: DataverseStandIn;
  let admin: ReturnType<typeof client>;
  beforeAll(async () => {
    dv = await start();
    admin = client(dv);
  });
  afterAll(() => dv.close());

  interface Model {
    id: string;
    name: string;
    accountnumber: string | null;
    parent: string | null;
  }
  const model = new Map<string, Model>();
  const names = (rows: Array<{ name: string }>): string[] => rows.map((r) => r.name).sort();
  const lower = (s: string | null): string | null => (s === null ? null : s.toLowerCase());
  const q = (filter: string): string => `accounts?$select=name&$filter=${encodeURIComponent(`(${filter}) and startswith(name,'Idx ')`)}`;

  /** Each filter's answer from the stand-in against the same condition evaluated on the model. */
  async function check(): Promise<void> {
    const all = [...model.values()];
    const some = all.filter((a) => a.accountnumber)[0];
    const parent = all.find((a) => all.some((b) => b.parent === a.id))!;
    const cases: Array<[string, (a: Model) => boolean]> = [
      [`accountnumber eq '${some.accountnumber!.toUpperCase()}'`, (a) => lower(a.accountnumber) === lower(some.accountnumber)],
      [`accountnumber eq 'IDX-1' or accountnumber eq 'idx-2' or accountnumber eq 'nowhere'`, (a) => ['idx-1', 'idx-2'].includes(lower(a.accountnumber) ?? '')],
      [`Microsoft.Dynamics.CRM.In(PropertyName='accountnumber',PropertyValues=['idx-3','IDX-4','Idx-Moved'])`, (a) => ['idx-3', 'idx-4', 'idx-moved'].includes(lower(a.accountnumber) ?? '')],
      [`accountnumber eq null`, (a) => a.accountnumber === null],
      [`_parentaccountid_value eq ${parent.id}`, (a) => a.parent === parent.id],
      [`Microsoft.Dynamics.CRM.In(PropertyName='parentaccountid',PropertyValues=['${parent.id.toUpperCase()}'])`, (a) => a.parent === parent.id],
      [`statecode eq 0 and (accountnumber eq 'idx-5' or _parentaccountid_value eq ${parent.id})`, (a) => lower(a.accountnumber) === 'idx-5' || a.parent === parent.id],
      [`accountnumber ne 'idx-6'`, (a) => lower(a.accountnumber) !== 'idx-6'],
    ];
    for (const [filter, keep] of cases) {
      const r = await admin.get(q(filter));
      expect({ filter, status: r.status, names: names(r.json.value ?? []) }).toEqual({ filter, status: 200, names: all.filter(keep).map((a) => a.name).sort() });
    }
  }

  it('eq, or, In and null on strings and lookups answer what the table holds, before and after changes', async () => {
    for (let i = 0; i < 24; i++) {
      const name = `Idx ${String(i).padStart(2, '0')}`;
      const accountnumber = i % 6 === 5 ? null : `IdX-${i % 8}`;
      const body: Record<string, unknown> = { name, accountnumber };
      const parent = i >= 4 ? [...model.values()][i % 3].id : null;
      if (parent) body['parentaccountid@odata.bind'] = `/accounts(${parent})`;
      const id = idOf(await admin.post('accounts', body));
      model.set(id, { id, name, accountnumber, parent });
    }
    await check();
    expect(dv.engine.store.indexedColumns().account).toEqual(expect.arrayContaining(['accountnumber', 'parentaccountid']));

    // Change the indexed columns (to another value, to null, from null), move children, delete some rows.
    const rows = [...model.values()];
    for (const [k, a] of rows.entries()) {
      if (k % 4 === 0) {
        a.accountnumber = a.accountnumber === null ? 'IDX-1' : k % 8 === 0 ? null : 'Idx-Moved';
        expect((await admin.patch(`accounts(${a.id})`, { accountnumber: a.accountnumber })).status).toBe(204);
      }
      if (k % 5 === 1 && a.parent) {
        a.parent = rows[2].id;
        expect((await admin.patch(`accounts(${a.id})`, { 'parentaccountid@odata.bind': `/accounts(${a.parent})` })).status).toBe(204);
      }
    }
    for (const a of rows.filter((_, k) => k % 7 === 3)) {
      expect((await admin.del(`accounts(${a.id})`)).status).toBe(204);
      model.delete(a.id);
      for (const b of model.values()) if (b.parent === a.id) b.parent = null; // RemoveLink, found through the parent index
    }
    await check();
    const counted = await admin.get(`${q("accountnumber eq 'idx-1'")}&$count=true`);
    expect(counted.json['@odata.count']).toBe([...model.values()].filter((a) => lower(a.accountnumber) === 'idx-1').length);
  });

  it('a change set that fails leaves the indexes as they were', async () => {
    const a = [...model.values()].find((x) => x.accountnumber)!;
    const boundary = 'batch_idx';
    const cs = 'changeset_idx';
    const part = (n: number, method: string, url: string, body: unknown): string =>
      [`--${cs}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', `Content-ID: ${n}`, '', `${method} /api/data/v9.2/${url} HTTP/1.1`, 'Content-Type: application/json', '', JSON.stringify(body)].join('\r\n');
    const payload = [
      `--${boundary}`,
      `Content-Type: multipart/mixed; boundary=${cs}`,
      '',
      part(1, 'PATCH', `accounts(${a.id})`, { accountnumber: 'IDX-ROLLED-BACK' }),
      part(2, 'PATCH', `accounts(${a.id})`, { nosuchcolumn: 1 }),
      `--${cs}--`,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const r = await admin.call('POST', '$batch', payload, { 'Content-Type': `multipart/mixed; boundary=${boundary}` });
    expect(r.status).toBe(400);
    expect(r.text).toContain('nosuchcolumn');
    expect((await admin.get(q("accountnumber eq 'idx-rolled-back'"))).json.value).toEqual([]);
    expect(names((await admin.get(q(`accountnumber eq '${a.accountnumber}'`))).json.value)).toContain(a.name);
  });

  it('alternate keys: the old key is free and the new one taken once the key column changes', async () => {
    const key = (crmid: string): string => `erp_couplings(erp_crmtable='account',erp_crmid='${crmid}')`;
    const first = '00000000-0000-4000-8000-00000000a001';
    const second = '00000000-0000-4000-8000-00000000a002';
    expect((await admin.patch(key(first), { erp_name: 'index key' })).status).toBe(204);
    expect((await admin.post('erp_couplings', { erp_name: 'dup', erp_crmtable: 'ACCOUNT', erp_crmid: first.toUpperCase() })).status).toBe(412);
    const row = (await admin.get(`erp_couplings?$select=erp_couplingid&$filter=erp_crmid eq '${first}'`)).json.value[0];
    expect((await admin.patch(`erp_couplings(${row.erp_couplingid})`, { erp_crmid: second })).status).toBe(204);
    expect((await admin.post('erp_couplings', { erp_name: 'now free', erp_crmtable: 'account', erp_crmid: first })).status).toBe(204);
    expect((await admin.post('erp_couplings', { erp_name: 'taken', erp_crmtable: 'account', erp_crmid: second })).status).toBe(412);
    const upserted = await admin.patch(key(second), { erp_name: 'updated through the key' });
    expect(upserted.status).toBe(204);
    expect((await admin.get(`erp_couplings(${row.erp_couplingid})?$select=erp_name`)).json.erp_name).toBe('updated through the key');
  });

  it('paging through most of a large table in one order (sorted once, kept while the table is unchanged) answers what sorting each page does', async () => {
    const made: string[] = [];
    for (let i = 0; i < 1100; i += 50) {
      const part = Array.from({ length: 50 }, (_, j) => `Pg ${String(i + j).padStart(4, '0')}`);
      const replies = await Promise.all(part.map((name) => admin.post('accounts', { name, creditlimit: (i + 7 * part.indexOf(name)) % 13 })));
      for (const r of replies) expect(r.status).toBe(204);
      made.push(...part);
    }
    const pages = async (orderby: string): Promise<string[]> => {
      const out: string[] = [];
      let url: string | undefined = `accounts?$select=name&$filter=${encodeURIComponent("startswith(name,'Pg ')")}&$orderby=${encodeURIComponent(orderby)}`;
      while (url) {
        const r = await admin.get(url, { Prefer: 'odata.maxpagesize=200' });
        expect(r.status).toBe(200);
        out.push(...r.json.value.map((x: { name: string }) => x.name));
        url = r.json['@odata.nextLink'];
      }
      return out;
    };
    const expected = [...made].sort().reverse();
    expect(await pages('name desc')).toEqual(expected);
    expect(await pages('name desc')).toEqual(expected); // from the kept order
    const moved = (await admin.get(`accounts?$select=accountid&$filter=name eq 'Pg 0005'`)).json.value[0].accountid;
    expect((await admin.patch(`accounts(${moved})`, { name: 'Pg 9999' })).status).toBe(204);
    const after = [...made.filter((n) => n !== 'Pg 0005'), 'Pg 9999'].sort().reverse();
    expect(await pages('name desc')).toEqual(after);
    // Ties on the first key are ordered by the primary key, whichever way the rows were sorted.
    const byLimit = await pages('creditlimit,name');
    const rows = (await admin.get(`accounts?$select=name,creditlimit&$filter=${encodeURIComponent("startswith(name,'Pg ')")}`)).json.value as Array<{ name: string; creditlimit: number }>;
    expect(byLimit).toEqual(rows.sort((a, b) => a.creditlimit - b.creditlimit || (a.name < b.name ? -1 : 1)).map((r) => r.name));
    expect(await pages('creditlimit,name')).toEqual(byLimit);
  });

  it('expand and any() over a collection follow a child moved to another parent; deleting the parent cascades to it', async () => {
    const a = idOf(await admin.post('accounts', { name: 'Idx parent A' }));
    const b = idOf(await admin.post('accounts', { name: 'Idx parent B' }));
    const contact = idOf(await admin.post('contacts', { firstname: 'Ida', lastname: 'Idxcontact', 'parentcustomerid_account@odata.bind': `/accounts(${a})` }));
    const children = async (id: string): Promise<string[]> =>
      ((await admin.get(`accounts(${id})?$select=name&$expand=contact_customer_accounts($select=lastname)`)).json.contact_customer_accounts as Array<{ lastname: string }>).map((c) => c.lastname);
    const withContact = async (): Promise<string[]> =>
      names((await admin.get(`accounts?$select=name&$filter=${encodeURIComponent("contact_customer_accounts/any(c:c/lastname eq 'IDXCONTACT')")}`)).json.value);
    expect(await children(a)).toEqual(['Idxcontact']);
    expect(await withContact()).toEqual(['Idx parent A']);
    expect((await admin.patch(`contacts(${contact})`, { 'parentcustomerid_account@odata.bind': `/accounts(${b})` })).status).toBe(204);
    expect(await children(a)).toEqual([]);
    expect(await children(b)).toEqual(['Idxcontact']);
    expect(await withContact()).toEqual(['Idx parent B']);
    expect((await admin.del(`accounts(${b})`)).status).toBe(204);
    // contact_customer_accounts cascades Delete (Microsoft's account table reference): the contact goes with its parent.
    expect((await admin.get(`contacts(${contact})?$select=_parentcustomerid_value`)).status).toBe(404);
    expect(await withContact()).toEqual([]);
  });
});

