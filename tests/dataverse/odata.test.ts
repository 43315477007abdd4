/** OData as Dataverse does it: $select, $filter, $orderby, $top, $count, $expand, paging, binds, ETags, annotations. */
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { client, idOf, start } from './support';

let dv: DataverseStandIn;
let admin: ReturnType<typeof client>;
beforeAll(async () => {
  dv = await start();
  admin = client(dv);
});
afterAll(() => dv.close());

const names = (r: { json: { value: Array<{ name: string }> } }) => r.json.value.map((x) => x.name);

describe('$select and $filter', () => {
  it('returns only the selected columns plus the key and the ETag', async () => {
    const r = await admin.get('accounts?$select=name,accountnumber&$top=1');
    expect(Object.keys(r.json.value[0]).sort()).toEqual(['@odata.etag', 'accountid', 'accountnumber', 'name']);
    expect(r.json['@odata.context']).toBe(`${dv.apiUrl}$metadata#accounts(name,accountnumber)`);
  });

  it('rejects an unknown column, and a lookup selected by its name instead of _x_value', async () => {
    const unknown = await admin.get('accounts?$select=nmae');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toEqual({ code: '0x80060888', message: "Could not find a property named 'nmae' on type 'Microsoft.Dynamics.CRM.account'." });
    expect((await admin.get('accounts?$select=ownerid')).status).toBe(400);
    expect((await admin.get('accounts?$select=_ownerid_value&$top=1')).status).toBe(200);
  });

  it('compares strings case-insensitively and supports contains/startswith/endswith', async () => {
    const any = (await admin.get('accounts?$select=name&$top=1')).json.value[0].name as string;
    expect(names(await admin.get(`accounts?$select=name&$filter=name eq '${any.toUpperCase().replace(/'/g, "''")}'`))).toEqual([any]);
    const word = any.split(' ')[0];
    const c = await admin.get(`accounts?$select=name&$filter=contains(name,'${word.toLowerCase()}')`);
    expect(c.json.value.length).toBeGreaterThan(0);
    expect(names(c).every((n: string) => n.toLowerCase().includes(word.toLowerCase()))).toBe(true);
    expect(names(await admin.get(`accounts?$select=name&$filter=startswith(name,'${word}')`)).every((n: string) => n.startsWith(word))).toBe(true);
    const last = any.split(' ').pop()!;
    expect(names(await admin.get(`accounts?$select=name&$filter=endswith(name,'${last}')`)).every((n: string) => n.endsWith(last))).toBe(true);
  });

  it('combines and/or/not, numbers, null and lookups', async () => {
    const all = (await admin.get('accounts?$select=name,creditlimit,_ownerid_value,erp_customernumber')).json.value as Array<{ name: string; creditlimit: number; _ownerid_value: string; erp_customernumber: string | null }>;
    const owner = dv.users.salesperson.id;
    const expected = all.filter((a) => a._ownerid_value === owner && !(a.creditlimit >= 40000)).map((a) => a.name).sort();
    const r = await admin.get(`accounts?$select=name&$filter=_ownerid_value eq ${owner} and not (creditlimit ge 40000)`);
    expect(names(r).sort()).toEqual(expected);
    const or = await admin.get(`accounts?$select=name&$filter=creditlimit eq 5000 or creditlimit eq 100000`);
    expect(names(or).sort()).toEqual(all.filter((a) => a.creditlimit === 5000 || a.creditlimit === 100000).map((a) => a.name).sort());
    const nulls = await admin.get('accounts?$select=name&$filter=erp_customernumber eq null');
    expect(names(nulls)).toEqual(all.filter((a) => a.erp_customernumber === null).map((a) => a.name));
    expect(nulls.json.value.length).toBe(1);
  });

  it('filters through a single-valued navigation property and with any/all on a collection', async () => {
    const ready = dv.seedInfo!.orders.ready;
    const order = (await admin.get(`salesorders(${ready})?$select=name&$expand=customerid_account($select=name)`)).json;
    const viaNav = await admin.get(`salesorders?$select=name&$filter=customerid_account/name eq '${order.customerid_account.name.replace(/'/g, "''")}'`);
    expect(names(viaNav)).toContain(order.name);
    const big = await admin.get('salesorders?$select=name&$filter=order_details/any(d:d/quantity gt 7)');
    const lines = (await admin.get('salesorderdetails?$select=quantity,_salesorderid_value')).json.value as Array<{ quantity: number; _salesorderid_value: string }>;
    const expected = new Set(lines.filter((l) => l.quantity > 7).map((l) => l._salesorderid_value));
    expect(big.json.value.map((o: { salesorderid: string }) => o.salesorderid).sort()).toEqual([...expected].sort());
    const allSmall = await admin.get('salesorders?$select=name&$filter=order_details/all(d:d/quantity lt 100)');
    expect(allSmall.json.value.length).toBe((await admin.get('salesorders?$select=name')).json.value.length);
  });

  it('supports the Microsoft.Dynamics.CRM.In query function', async () => {
    const two = (await admin.get('accounts?$select=accountnumber&$top=2&$orderby=accountnumber')).json.value.map((a: { accountnumber: string }) => a.accountnumber);
    const r = await admin.get(`accounts?$select=accountnumber&$filter=Microsoft.Dynamics.CRM.In(PropertyName='accountnumber',PropertyValues=['${two[0]}','${two[1]}'])`);
    expect(r.json.value.map((a: { accountnumber: string }) => a.accountnumber).sort()).toEqual(two.sort());
  });

  it('answers malformed or ill-typed filters with 400 and the position', async () => {
    const syntax = await admin.get("accounts?$filter=name eq 'x' and");
    expect(syntax.status).toBe(400);
    expect(syntax.json.error.message).toBe("Syntax error at position 15 in 'name eq 'x' and'.");
    const types = await admin.get("accounts?$filter=creditlimit eq 'lots'");
    expect(types.json.error.message).toBe("A binary operator with incompatible types was detected. Found operand types 'Edm.Decimal' and 'Edm.String' for operator kind 'Equal'.");
    const prop = await admin.get('accounts?$filter=nope eq 1');
    expect(prop.json.error.message).toContain("Could not find a property named 'nope'");
    const skip = await admin.get('accounts?$skip=10');
    expect(skip.json.error.message).toBe('The query parameter $skip is not supported');
  });
});

describe('$orderby, $top, $count', () => {
  it('orders by several keys and limits', async () => {
    const r = await admin.get('accounts?$select=name,creditlimit&$orderby=creditlimit desc,name asc&$top=5&$count=true');
    const v = r.json.value as Array<{ name: string; creditlimit: number }>;
    expect(v).toHaveLength(5);
    for (let i = 1; i < v.length; i++) expect(v[i - 1].creditlimit > v[i].creditlimit || (v[i - 1].creditlimit === v[i].creditlimit && v[i - 1].name.toLowerCase() <= v[i].name.toLowerCase())).toBe(true);
    expect(r.json['@odata.count']).toBe(59);
    const count = await fetch(`${dv.apiUrl}accounts/$count`, { headers: { Authorization: `Bearer ${dv.tokens.admin}` } });
    expect(await count.text()).toBe('59');
  });
});

describe('$expand', () => {
  it('expands single-valued and collection-valued navigation properties with nested options', async () => {
    const id = dv.seedInfo!.orders.ready;
    const r = await admin.get(
      `salesorders(${id})?$select=name&$expand=customerid_account($select=name;$expand=primarycontactid($select=fullname)),order_details($select=quantity,sequencenumber;$filter=quantity gt 2;$orderby=sequencenumber desc;$expand=productid($select=productnumber))`,
    );
    expect(r.status).toBe(200);
    expect(Object.keys(r.json.customerid_account).sort()).toEqual(['@odata.etag', 'accountid', 'name', 'primarycontactid']);
    const lines = r.json.order_details as Array<{ quantity: number; sequencenumber: number; productid: { productnumber: string } }>;
    expect(lines.map((l) => l.sequencenumber)).toEqual([3, 2]);
    expect(lines.every((l) => l.quantity > 2 && typeof l.productid.productnumber === 'string')).toBe(true);
  });

  it('rejects an unknown navigation property', async () => {
    const r = await admin.get('accounts?$expand=orders');
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain("Could not find a property named 'orders'");
  });
});

describe('paging', () => {
  it('honours Prefer: odata.maxpagesize with @odata.nextLink until every row was returned once', async () => {
    const seen: string[] = [];
    let url: string | undefined = `${dv.apiUrl}products?$select=productnumber&$orderby=productnumber`;
    let pages = 0;
    while (url) {
      const r = await admin.get(url, { Prefer: 'odata.maxpagesize=50' });
      expect(r.status).toBe(200);
      expect(r.json.value.length).toBeLessThanOrEqual(50);
      seen.push(...r.json.value.map((p: { productnumber: string }) => p.productnumber));
      url = r.json['@odata.nextLink'];
      if (url) expect(url).toContain('$skiptoken=');
      pages++;
    }
    const total = (await admin.get('products?$select=productnumber')).json.value.length;
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 50));
    expect([...seen]).toEqual([...seen].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
  });
});

describe('writes', () => {
  it('creates with @odata.bind (polymorphic customer), returns 204 + OData-EntityId, or 201 + body with return=representation', async () => {
    const contact = (await admin.get('contacts?$select=fullname&$top=1')).json.value[0];
    const created = await admin.post('salesorders', { name: 'Bind test', 'customerid_contact@odata.bind': `/contacts(${contact.contactid})` });
    expect(created.status).toBe(204);
    const id = idOf(created);
    const back = await admin.get(`salesorders(${id})?$select=_customerid_value`, { Prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"' });
    expect(back.json._customerid_value).toBe(contact.contactid);
    expect(back.json['_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('contact');
    const rep = await admin.post('accounts?$select=name,accountid', { name: 'Represented SARL' }, { Prefer: 'return=representation' });
    expect(rep.status).toBe(201);
    expect(rep.headers.get('preference-applied')).toBe('return=representation');
    expect(Object.keys(rep.json).sort()).toEqual(['@odata.context', '@odata.etag', 'accountid', 'name']);
  });

  it('updates, clears a lookup with a null bind or DELETE $ref, and reads and writes single properties', async () => {
    const id = idOf(await admin.post('accounts', { name: 'Lookup SA', 'primarycontactid@odata.bind': `contacts(${(await admin.get('contacts?$top=1')).json.value[0].contactid})` }));
    expect((await admin.get(`accounts(${id})?$select=_primarycontactid_value`)).json._primarycontactid_value).toMatch(/^[0-9a-f-]{36}$/);
    expect((await admin.patch(`accounts(${id})`, { 'primarycontactid@odata.bind': null })).status).toBe(204);
    expect((await admin.get(`accounts(${id})?$select=_primarycontactid_value`)).json._primarycontactid_value).toBeNull();
    await admin.put(`accounts(${id})/primarycontactid/$ref`, { '@odata.id': `${dv.apiUrl}contacts(${(await admin.get('contacts?$top=1')).json.value[0].contactid})` });
    expect((await admin.get(`accounts(${id})?$select=_primarycontactid_value`)).json._primarycontactid_value).not.toBeNull();
    expect((await admin.del(`accounts(${id})/primarycontactid/$ref`)).status).toBe(204);
    expect((await admin.get(`accounts(${id})?$select=_primarycontactid_value`)).json._primarycontactid_value).toBeNull();
    expect((await admin.put(`accounts(${id})/telephone1`, { value: '+33 1 02 03 04 05' })).status).toBe(204);
    expect((await admin.get(`accounts(${id})/telephone1`)).json.value).toBe('+33 1 02 03 04 05');
    expect((await admin.del(`accounts(${id})/telephone1`)).status).toBe(204);
    expect((await admin.get(`accounts(${id})/telephone1`)).json.value).toBeNull();
    const direct = await admin.patch(`accounts(${id})`, { _primarycontactid_value: id });
    expect(direct.json.error.message).toContain('CRM do not support direct update of Entity Reference properties');
  });

  it('creates related rows in one deep insert and computes line amounts and totals', async () => {
    const products = (await admin.get('products?$select=productnumber,price&$filter=statecode eq 0 and producttypecode eq 1&$top=2')).json.value;
    const account = (await admin.get('accounts?$top=1&$filter=transactioncurrencyid/isocurrencycode eq \'EUR\'')).json.value[0];
    const eur = (await admin.get("transactioncurrencies?$filter=isocurrencycode eq 'EUR'")).json.value[0];
    const r = await admin.post(
      'salesorders?$select=totalamount,totallineitemamount&$expand=order_details($select=quantity,priceperunit,extendedamount)',
      {
        name: 'Deep insert',
        'customerid_account@odata.bind': `/accounts(${account.accountid})`,
        'transactioncurrencyid@odata.bind': `/transactioncurrencies(${eur.transactioncurrencyid})`,
        discountpercentage: 10,
        order_details: [
          { 'productid@odata.bind': `/products(${products[0].productid})`, quantity: 2, priceperunit: 10 },
          { 'productid@odata.bind': `/products(${products[1].productid})`, quantity: 3, manualdiscountamount: 1 },
          { productdescription: 'Write-in', quantity: 1, priceperunit: 5.5 },
        ],
      },
      { Prefer: 'return=representation' },
    );
    expect(r.status).toBe(201);
    const lines = r.json.order_details as Array<{ quantity: number; priceperunit: number; extendedamount: number }>;
    expect(lines).toHaveLength(3);
    const p2 = lines.find((l) => l.quantity === 3)!;
    expect(p2.priceperunit).toBe(products[1].price);
    expect(p2.extendedamount).toBeCloseTo(products[1].price * 3 - 1, 2);
    const sum = 20 + (products[1].price * 3 - 1) + 5.5;
    expect(r.json.totallineitemamount).toBeCloseTo(sum, 2);
    expect(r.json.totalamount).toBeCloseTo(sum * 0.9, 2);
  });

  it('upserts by alternate key: creates, then updates the same row', async () => {
    const path = `erp_couplings(erp_crmtable='account',erp_crmid='${'1'.repeat(8)}-0000-4000-8000-000000000000')`;
    expect((await admin.patch(path, { erp_name: 'first', erp_erpnumber: 'C1' })).status).toBe(204);
    expect((await admin.patch(path, { erp_name: 'second' })).status).toBe(204);
    const rows = (await admin.get(`erp_couplings?$filter=erp_crmid eq '${'1'.repeat(8)}-0000-4000-8000-000000000000'`)).json.value;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ erp_name: 'second', erp_erpnumber: 'C1', erp_crmtable: 'account' });
    const dup = await admin.post('erp_couplings', { erp_name: 'dup', erp_crmtable: 'account', erp_crmid: `${'1'.repeat(8)}-0000-4000-8000-000000000000` });
    expect(dup.status).toBe(412);
    expect(dup.json.error).toEqual({ code: '0x80040237', message: 'A record with matching key values already exists.' });
  });
});

describe('ETags', () => {
  it('returns 304 on a matching If-None-Match and 412 on a stale If-Match (update and delete)', async () => {
    const id = idOf(await admin.post('accounts', { name: 'Versioned' }));
    const first = await admin.get(`accounts(${id})?$select=name`);
    const etag = first.json['@odata.etag'];
    expect(etag).toMatch(/^W\/"\d+"$/);
    expect(first.headers.get('etag')).toBe(etag);
    expect((await admin.get(`accounts(${id})?$select=name`, { 'If-None-Match': etag })).status).toBe(304);
    expect((await admin.patch(`accounts(${id})`, { name: 'Versioned 2' }, { 'If-Match': etag })).status).toBe(204);
    const stale = await admin.patch(`accounts(${id})`, { name: 'Versioned 3' }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect(stale.json.error).toEqual({ code: '0x80060882', message: "The version of the existing record doesn't match the RowVersion property provided." });
    expect((await admin.del(`accounts(${id})`, { 'If-Match': etag })).status).toBe(412);
    expect((await admin.get(`accounts(${id})?$select=name`)).json.name).toBe('Versioned 2');
  });

  it('limits upserts: If-Match: * never creates, If-None-Match: * never updates', async () => {
    const missing = '00000000-0000-4000-8000-0000000000aa';
    const noCreate = await admin.patch(`accounts(${missing})`, { name: 'ghost' }, { 'If-Match': '*' });
    expect(noCreate.status).toBe(404);
    expect(noCreate.json.error.message).toBe(`Entity 'account' With Id = ${missing} Does Not Exist`);
    expect((await admin.patch(`accounts(${missing})`, { name: 'created by upsert' }, { 'If-None-Match': '*' })).status).toBe(204);
    const noUpdate = await admin.patch(`accounts(${missing})`, { name: 'overwrite' }, { 'If-None-Match': '*' });
    expect(noUpdate.status).toBe(412);
    expect((await admin.get(`accounts(${missing})?$select=name`)).json.name).toBe('created by upsert');
  });
});

describe('formatted values', () => {
  it('are returned only when asked, in the user’s language', async () => {
    const id = dv.seedInfo!.orders.submitted;
    const plain = await admin.get(`salesorders(${id})?$select=statecode,totalamount`);
    expect(Object.keys(plain.json).some((k) => k.includes('@OData.Community'))).toBe(false);
    const prefer = { Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"' };
    const en = await admin.get(`salesorders(${id})?$select=statecode,statuscode,totalamount,_customerid_value,willcall`, prefer);
    expect(en.json['statecode@OData.Community.Display.V1.FormattedValue']).toBe('Submitted');
    expect(en.json['statuscode@OData.Community.Display.V1.FormattedValue']).toBe('In Progress');
    expect(en.json['_customerid_value@OData.Community.Display.V1.FormattedValue']).toEqual(expect.any(String));
    expect(en.json['totalamount@OData.Community.Display.V1.FormattedValue']).toMatch(/^(€|CHF|\$)[\d,]+\.\d{2}$/);
    const fr = await client(dv, 'salesperson').get(`salesorders(${id})?$select=statecode,totalamount`, prefer);
    expect(dv.users.salesperson.languageId).toBe(1036);
    expect(fr.json['statecode@OData.Community.Display.V1.FormattedValue']).toBe('Envoyée');
    expect(fr.json['totalamount@OData.Community.Display.V1.FormattedValue']).toMatch(/,\d{2} (€|CHF|\$)$/);
  });

  it('follow the caller’s current personal options, not the language the user was created with', async () => {
    const id = dv.seedInfo!.orders.submitted;
    const prefer = { Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"' };
    const camille = client(dv, 'salesperson');
    const me = dv.users.salesperson.id;
    const read = async () => (await camille.get(`salesorders(${id})?$select=statecode,totalamount`, prefer)).json;
    try {
      // English labels, French formats: each column of usersettings governs its own part.
      expect((await camille.patch(`usersettingscollection(${me})`, { uilanguageid: 1033 })).status).toBe(204);
      let r = await read();
      expect(r['statecode@OData.Community.Display.V1.FormattedValue']).toBe('Submitted');
      expect(r['totalamount@OData.Community.Display.V1.FormattedValue']).toMatch(/,\d{2} (€|CHF|\$)$/);
      expect((await camille.patch(`usersettingscollection(${me})`, { localeid: 1033 })).status).toBe(204);
      r = await read();
      expect(r['totalamount@OData.Community.Display.V1.FormattedValue']).toMatch(/^(€|CHF|\$)[\d,]+\.\d{2}$/);
      const labels = await camille.get("EntityDefinitions(LogicalName='salesorder')?$select=DisplayName");
      expect(labels.json.DisplayName.UserLocalizedLabel.LanguageCode).toBe(1033);
    } finally {
      await camille.patch(`usersettingscollection(${me})`, { uilanguageid: 1036, localeid: 1036 });
    }
    expect((await read())['statecode@OData.Community.Display.V1.FormattedValue']).toBe('Envoyée');
  });
});
