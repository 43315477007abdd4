import * as fs from 'fs';
import * as path from 'path';
import { Api, bcError, startApi, Json } from './helpers';

const reference = JSON.parse(fs.readFileSync(path.join(__dirname, '../../sandbox/businesscentral/bc-api-v2.json'), 'utf8')) as {
  entities: Array<{ entitySetName: string; fields: Array<{ name: string }> }>;
};
const fieldsOf = (set: string): string[] => reference.entities.find((e) => e.entitySetName === set)!.fields.map((f) => f.name);

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.bc.close());

describe('API v2.0 entity sets and fields are exactly those of bc-api-v2.json', () => {
  const topLevel = [
    'customers', 'customerFinancialDetails', 'agedAccountsReceivables', 'contacts', 'customerContacts', 'items', 'itemLedgerEntries', 'locations', 'unitsOfMeasure',
    'currencies', 'paymentTerms', 'shipmentMethods', 'paymentMethods', 'itemCategories', 'countriesRegions', 'salespeoplePurchasers', 'salesOrders', 'salesQuotes',
    'salesInvoices', 'salesShipments', 'customerPaymentJournals', 'journals', 'companyInformation',
  ];
  it.each(topLevel)('%s: every row has the reference fields in the reference order, plus @odata.etag', async (set) => {
    const r = await api.get(`${set}?$top=3`);
    expect(r.status).toBe(200);
    expect(r.json['@odata.context']).toContain(`/$metadata#companies(${api.bc.companyId})/${set}`);
    expect(r.json.value.length).toBeGreaterThan(0);
    for (const row of r.json.value) {
      const keys = Object.keys(row).filter((k) => !k.startsWith('@'));
      expect(keys).toEqual(fieldsOf(set));
    }
  });

  it.each([
    ['salesOrders', 'salesOrderLines'],
    ['salesInvoices', 'salesInvoiceLines'],
    ['salesShipments', 'salesShipmentLines'],
  ])('%s lines (%s) through the navigation and top level with a documentId filter', async (set, lines) => {
    const doc = (await api.get(`${set}?$top=1`)).json.value[0];
    const nav = await api.get(`${set}(${doc.id})/${lines}`);
    expect(nav.status).toBe(200);
    expect(nav.json.value.length).toBeGreaterThan(0);
    for (const row of nav.json.value) expect(Object.keys(row).filter((k) => !k.startsWith('@'))).toEqual(fieldsOf(lines));
    const top = await api.get(`${lines}?$filter=documentId eq ${doc.id}`);
    expect(top.json.value.map((l: { id: string }) => l.id)).toEqual(nav.json.value.map((l: { id: string }) => l.id));
    const single = await api.get(`${lines}(${nav.json.value[0].id})`);
    expect(single.status).toBe(200);
    expect(single.json.id).toBe(nav.json.value[0].id);
  });

  it('companies lists the demo company; companyId in the URL must match', async () => {
    const r = await api.get(`${api.bc.apiUrl}/companies`);
    expect(r.json.value).toHaveLength(1);
    expect(Object.keys(r.json.value[0])).toEqual(fieldsOf('companies'));
    expect(r.json.value[0].id).toBe(api.bc.companyId);
    expect(r.json.value[0].displayName).toBe('Équipements Alpins SA');
    const wrong = await api.get(`${api.bc.apiUrl}/companies(00000000-0000-0000-0000-000000000001)/customers`);
    bcError(wrong, 404, 'Internal_CompanyNotFound');
  });

  it('customer financial details and aged receivables hang off the customer, with consistent amounts', async () => {
    const customers = (await api.get('customers?$expand=customerFinancialDetails,agedAccountsReceivable')).json.value;
    const withOverdue = customers.filter((c: Json) => c.customerFinancialDetails.overdueAmount > 0);
    expect(withOverdue.length).toBeGreaterThan(5);
    for (const c of customers) {
      const f = c.customerFinancialDetails;
      const a = c.agedAccountsReceivable;
      expect(Object.keys(f).filter((k) => !k.startsWith('@'))).toEqual(fieldsOf('customerFinancialDetails'));
      expect(Object.keys(a).filter((k) => !k.startsWith('@'))).toEqual(fieldsOf('agedAccountsReceivables'));
      expect(f.balance).toBeCloseTo(c.balanceDue, 2);
      expect(a.balanceDue).toBeCloseTo(f.balance, 2);
      expect(a.currentAmount + a.period1Amount + a.period2Amount + a.period3Amount).toBeCloseTo(a.balanceDue, 1);
      expect(a.period1Amount + a.period2Amount + a.period3Amount).toBeCloseTo(f.overdueAmount, 1);
    }
    const one = await api.get(`customers(${customers[0].id})/customerFinancialDetails`);
    expect(one.json.number).toBe(customers[0].number);
    const aged60 = await api.get(`agedAccountsReceivables?$filter=periodLengthFilter eq '60D' and customerNumber eq '${withOverdue[0].number}'`);
    expect(aged60.json.value[0].periodLengthFilter).toBe('60D');
    expect(aged60.json.value[0].period1Label).toBe('1-60 days');
  });

  it('items report company-wide inventory (sum of all locations) and type/blocked from the seed', async () => {
    const items = (await api.get('items')).json.value;
    expect(items.length).toBeGreaterThanOrEqual(200);
    expect(new Set(items.map((i: Json) => i.type))).toEqual(new Set(['Inventory', 'Service', 'Non-Inventory']));
    expect(items.filter((i: Json) => i.blocked)).toHaveLength(2);
    const item = items.find((i: Json) => i.type === 'Inventory' && i.inventory > 0);
    const perLocation = (await api.get(`${api.bc.analyticsUrl}/itemLedgerEntries?$filter=itemNo eq '${item.number}'`)).json.value;
    expect(perLocation.reduce((s: number, e: Json) => s + e.quantity, 0)).toBeCloseTo(item.inventory, 5);
  });

  it('GET by id, 404 for an unknown id, 404 for an unknown entity set, 400 for a malformed key', async () => {
    const c = (await api.get('customers?$top=1')).json.value[0];
    const one = await api.get(`customers(${c.id})`);
    expect(one.status).toBe(200);
    expect(one.json['@odata.context']).toMatch(/\/customers\([0-9a-f-]+\)\/\$entity$/);
    expect(one.headers.get('etag')).toBe(one.json['@odata.etag']);
    const missing = await api.get('customers(00000000-0000-0000-0000-0000000000ab)');
    expect(bcError(missing, 404, 'BadRequest_NotFound').message).toContain('The Customer does not exist');
    expect(bcError(await api.get('customerz'), 404, 'BadRequest_ResourceNotFound').message).toBe("Resource not found for the segment 'customerz'.");
    expect(bcError(await api.get(`customers(${c.id})/nope`), 404, 'BadRequest_ResourceNotFound').message).toContain("'nope'");
    bcError(await api.get('customers(12345)'), 400, 'BadRequest_NotFound');
    bcError(await api.get(`${api.bc.baseUrl}/api/v9.9/companies`), 404, 'BadRequest_ResourceNotFound');
  });

  it('standard entity sets the stand-in does not serve answer 501 with a clear message, never a made-up payload', async () => {
    const r = await api.get('salesCreditMemos');
    expect(bcError(r, 501, 'BadRequest_MethodNotImplemented').message).toContain('salesCreditMemos');
  });

  it('read-only entity sets refuse writes with 405', async () => {
    bcError(await api.call('POST', 'salesShipments', {}), 405, 'BadRequest_MethodNotAllowed');
    bcError(await api.call('POST', 'itemLedgerEntries', {}), 405, 'BadRequest_MethodNotAllowed');
    bcError(await api.call('POST', `${api.bc.analyticsUrl}/itemLedgerEntries`, {}), 405, 'BadRequest_MethodNotAllowed');
  });

  it('serves $metadata (CSDL) and a service document', async () => {
    const meta = await api.get(`${api.bc.apiUrl}/$metadata`);
    expect(meta.status).toBe(200);
    expect(meta.headers.get('content-type')).toContain('application/xml');
    expect(meta.text).toContain('<EntitySet Name="salesOrders" EntityType="Microsoft.NAV.salesOrder"/>');
    expect(meta.text).toContain('<Property Name="externalDocumentNumber" Type="Edm.String"/>');
    expect(meta.text).toContain('<Action Name="makeOrder" IsBound="true">');
    const doc = await api.get(`${api.bc.apiUrl}/`);
    expect(doc.json.value.map((v: { name: string }) => v.name)).toEqual(expect.arrayContaining(['customers', 'salesOrders', 'subscriptions']));
  });

  it('master data writes: create, rename conflict, update with If-Match, delete', async () => {
    const created = await api.call('POST', 'customers', { displayName: 'Nouveau Client SARL', city: 'Lyon', country: 'FR', currencyCode: 'CHF', salespersonCode: 'CM' });
    expect(created.status).toBe(201);
    expect(created.json.number).toMatch(/^C\d+$/);
    expect(created.json.currencyCode).toBe('CHF');
    expect(created.headers.get('location')).toBe(`${api.bc.companyUrl}/customers(${created.json.id})`);
    const dup = await api.call('PATCH', `customers(${created.json.id})`, { number: 'C10000' }, { 'If-Match': created.json['@odata.etag'] });
    bcError(dup, 409, 'Internal_EntityWithSameKeyExists');
    const upd = await api.call('PATCH', `customers(${created.json.id})`, { creditLimit: 12000, blocked: 'Ship' }, { 'If-Match': created.json['@odata.etag'] });
    expect(upd.status).toBe(200);
    expect(upd.json.creditLimit).toBe(12000);
    expect(upd.json.blocked).toBe('Ship');
    expect(upd.json['@odata.etag']).not.toBe(created.json['@odata.etag']);
    bcError(await api.call('PATCH', `customers(${created.json.id})`, { blocked: 'Sometimes' }, { 'If-Match': '*' }), 400, 'Application_EvaluateException');
    bcError(await api.call('POST', 'customers', { displayName: 'X', salespersonCode: 'ZZ' }), 400, 'Internal_RecordNotFound');
    bcError(await api.call('POST', 'customers', { displayName: 'X', currencyCode: 'JPY' }), 400, 'Internal_RecordNotFound');
    const del = await api.call('DELETE', `customers(${created.json.id})`);
    expect(del.status).toBe(204);
    expect((await api.get(`customers(${created.json.id})`)).status).toBe(404);
    const loc = await api.call('POST', 'locations', { code: 'lille', displayName: 'Agence Lille' });
    expect(loc.status).toBe(201);
    expect(loc.json.code).toBe('LILLE');
    bcError(await api.call('POST', 'locations', { code: 'LILLE', displayName: 'again' }), 409, 'Internal_EntityWithSameKeyExists');
  });

  it('items: PATCH inventory posts an adjustment; setting inventory on POST is refused', async () => {
    const item = (await api.get("items?$filter=number eq 'HND-0001'")).json.value[0];
    const r = await api.call('PATCH', `items(${item.id})`, { inventory: item.inventory + 7 }, { 'If-Match': item['@odata.etag'] });
    expect(r.json.inventory).toBe(item.inventory + 7);
    const adj = (await api.get(`itemLedgerEntries?$filter=itemNumber eq 'HND-0001' and entryType eq 'Positive Adjmt.'`)).json.value;
    expect(adj.map((e: Json) => e.quantity)).toContain(7);
    bcError(await api.call('POST', 'items', { displayName: 'New', inventory: 5 }), 400, 'Application_DialogException');
    const created = await api.call('POST', 'items', { displayName: 'Casque test', baseUnitOfMeasureCode: 'PCS', unitPrice: 12.5 });
    expect(created.status).toBe(201);
    expect(created.json.number).toMatch(/^ITM-\d{4}$/);
  });
});
