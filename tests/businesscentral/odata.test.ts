import { Api, bcError, enc, startApi, Json } from './helpers';

let api: Api;
beforeAll(async () => {
  api = await startApi({ maxPageSize: 50 });
});
afterAll(() => api.bc.close());

describe('OData query options as Business Central supports them', () => {
  it('$filter eq on a Code field (case-insensitive as BC upper-cases codes), on numbers and on booleans', async () => {
    const r = await api.get(`customers?$filter=${enc("number eq 'c10010'")}`);
    expect(r.json.value.map((c: Json) => c.number)).toEqual(['C10010']);
    const pricey = await api.get(`items?$filter=${enc('unitPrice gt 500 and blocked eq false')}`);
    expect(pricey.json.value.length).toBeGreaterThan(0);
    expect(pricey.json.value.every((i: Json) => i.unitPrice > 500 && i.blocked === false)).toBe(true);
    const exact = pricey.json.value[0];
    const eqNum = await api.get(`items?$filter=${enc(`unitPrice eq ${exact.unitPrice}`)}`);
    expect(eqNum.json.value.map((i: Json) => i.number)).toContain(exact.number);
  });

  it('$filter with and/or/not, parentheses, contains/startswith/endswith and GUIDs', async () => {
    const r = await api.get(`items?$filter=${enc("(startswith(number,'SAF') or startswith(number,'TOO')) and not (type eq 'Service') and contains(displayName,'Pro')")}`);
    expect(r.json.value.length).toBeGreaterThan(0);
    for (const i of r.json.value) {
      expect(i.number).toMatch(/^(SAF|TOO)/);
      expect(i.displayName).toContain('Pro');
    }
    const ends = await api.get(`items?$filter=${enc("endswith(displayName,'(pack of 5)')")}&$top=2`);
    expect(ends.json.value.every((i: Json) => i.displayName.endsWith('(pack of 5)'))).toBe(true);
    const c = (await api.get('customers?$top=1')).json.value[0];
    const byGuid = await api.get(`salesInvoices?$filter=${enc(`customerId eq ${c.id}`)}`);
    expect(byGuid.json.value.every((i: Json) => i.customerNumber === c.number)).toBe(true);
  });

  it('$filter on externalDocumentNumber and on lastModifiedDateTime gt (change detection)', async () => {
    const created = await api.call('POST', 'salesOrders', { customerNumber: 'C10020', externalDocumentNumber: 'CRM-ODATA-1' });
    const r = await api.get(`salesOrders?$filter=${enc("externalDocumentNumber eq 'CRM-ODATA-1'")}`);
    expect(r.json.value.map((o: Json) => o.id)).toEqual([created.json.id]);
    const since = created.json.lastModifiedDateTime;
    const none = await api.get(`salesOrders?$filter=${enc(`lastModifiedDateTime gt ${since}`)}`);
    expect(none.json.value).toEqual([]);
    await api.call('PATCH', `salesOrders(${created.json.id})`, { requestedDeliveryDate: '2026-12-24' }, { 'If-Match': created.json['@odata.etag'] });
    const changed = await api.get(`salesOrders?$filter=${enc(`lastModifiedDateTime gt ${since}`)}`);
    expect(changed.json.value.map((o: Json) => o.id)).toEqual([created.json.id]);
    expect(changed.json.value[0].requestedDeliveryDate).toBe('2026-12-24');
  });

  it('$select returns only the chosen properties (and the etag); unknown properties are 400', async () => {
    const r = await api.get('customers?$select=number,displayName&$top=2');
    for (const c of r.json.value) expect(Object.keys(c)).toEqual(['@odata.etag', 'number', 'displayName']);
    expect(bcError(await api.get('customers?$select=number,nickname'), 400, 'BadRequest_NotFound').message).toContain("'nickname'");
  });

  it('$expand with nested $select/$filter/$top; unknown navigation is 400', async () => {
    const order = (await api.get('salesOrders?$top=1')).json.value[0];
    const r = await api.get(`salesOrders(${order.id})?$expand=${enc("salesOrderLines($select=sequence,lineObjectNumber;$filter=lineType eq 'Item';$top=1),customer($select=number)")}`);
    expect(r.json.salesOrderLines.length).toBe(1);
    expect(Object.keys(r.json.salesOrderLines[0])).toEqual(['@odata.etag', 'sequence', 'lineObjectNumber']);
    expect(r.json.customer).toEqual({ '@odata.etag': expect.any(String), number: order.customerNumber });
    const line = (await api.get(`salesOrders(${order.id})/salesOrderLines?$expand=location`)).json.value[0];
    expect(line.location.code).toMatch(/^(MAIN|LYON|GENEVA|PARIS)$/);
    expect(line.locationId).toBe(line.location.id);
    bcError(await api.get('salesOrders?$expand=shipments'), 400, 'BadRequest_NotFound');
  });

  it('$orderby (asc/desc, several keys), $top, $skip, $count and /$count', async () => {
    const r = await api.get('items?$orderby=unitPrice desc,number&$top=5&$count=true');
    const prices = r.json.value.map((i: Json) => i.unitPrice);
    expect(prices).toEqual([...prices].sort((a: number, b: number) => b - a));
    expect(r.json['@odata.count']).toBeGreaterThanOrEqual(200);
    const page2 = await api.get('items?$orderby=number&$skip=5&$top=5');
    const first10 = await api.get('items?$orderby=number&$top=10');
    expect(page2.json.value.map((i: Json) => i.number)).toEqual(first10.json.value.slice(5).map((i: Json) => i.number));
    const count = await api.get(`items/$count?$filter=${enc("type eq 'Service'")}`);
    expect(count.text).toBe('4');
  });

  it('server-driven paging: maxpagesize and @odata.nextLink walk every row exactly once', async () => {
    const all: string[] = [];
    let url: string | undefined = `${api.bc.companyUrl}/items?$orderby=number`;
    let pages = 0;
    while (url) {
      const r = await api.get(url, { Prefer: 'odata.maxpagesize=40' });
      expect(r.json.value.length).toBeLessThanOrEqual(40);
      all.push(...r.json.value.map((i: Json) => i.number));
      url = r.json['@odata.nextLink'];
      pages++;
    }
    expect(pages).toBeGreaterThan(5);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(Number((await api.get('items/$count')).text));
    // The server page size (50 here) caps a request without Prefer.
    const capped = await api.get('items');
    expect(capped.json.value).toHaveLength(50);
    expect(capped.json['@odata.nextLink']).toContain('$skiptoken=50');
  });

  it('malformed OData gets 400 with BC error bodies, never a crash', async () => {
    bcError(await api.get(`customers?$filter=${enc("number eq 'C1")}`), 400, 'BadRequest_NotFound');
    bcError(await api.get(`customers?$filter=${enc('number eq')}`), 400, 'BadRequest_NotFound');
    bcError(await api.get(`customers?$filter=${enc("(number eq 'A'")}`), 400, 'BadRequest_NotFound');
    const incompatible = bcError(await api.get(`customers?$filter=${enc('number eq 10000')}`), 400, 'BadRequest');
    expect(incompatible.message).toContain('incompatible types');
    bcError(await api.get(`customers?$filter=${enc("creditLimit gt 'big'")}`), 400, 'BadRequest');
    bcError(await api.get(`customers?$filter=${enc("frobnicate(number,'x')")}`), 400, 'BadRequest');
    bcError(await api.get('customers?$top=-1'), 400, 'BadRequest');
    bcError(await api.get('customers?$top=abc'), 400, 'BadRequest');
    bcError(await api.get('customers?$apply=groupby((city))'), 400, 'BadRequest');
    bcError(await api.get('customers?$orderby=number sideways'), 400, 'BadRequest_NotFound');
    bcError(await api.get('customers?$count=maybe'), 400, 'BadRequest');
    bcError(await api.get(`customers?$skiptoken=xyz`), 400, 'BadRequest_NotFound');
    const stillUp = await api.get('customers?$top=1');
    expect(stillUp.status).toBe(200);
  });

  it('document lines at top level require a documentId (or id) filter, as in BC', async () => {
    const e = bcError(await api.get('salesOrderLines'), 400, 'Application_DialogException');
    expect(e.message).toBe('You must specify an Id or a Document Id to get the lines.');
  });

  it('enum values with special characters may be sent XML-encoded (_x0020_)', async () => {
    const blank = await api.get(`customers?$filter=${enc("blocked eq ' '")}&$count=true&$top=0`);
    expect(blank.json['@odata.count']).toBeGreaterThan(50);
    const c = (await api.get('customers?$top=1')).json.value[0];
    const r = await api.call('PATCH', `customers(${c.id})`, { blocked: '_x0020_' }, { 'If-Match': '*' });
    expect(r.status).toBe(200);
    expect(r.json.blocked).toBe(' ');
  });
});
