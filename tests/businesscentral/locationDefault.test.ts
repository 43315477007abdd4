/**
 * The location a sales line takes when the caller names none, as Business Central decides it (BCApps: Sales Header
 * UpdateLocationCode → "User Setup Management".GetLocation; Sales Line InitHeaderLocactionCode): the customer card's
 * location, else the company's (Company Information "Location Code"); an explicit locationId wins; non-inventory
 * items get none. API v2.0 shows neither the customer's nor the header's location, only the lines' locationId.
 */
import { demoCompany } from '../../sandbox/seed';
import { Api, bcError, startApi, Json } from './helpers';

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const demo = demoCompany();
const usable = (c: (typeof demo.customers)[number]): boolean => c.blocked === ' ';
const withLocation = demo.customers.find((c) => usable(c) && c.locationCode === 'GENEVA')!;
const withoutLocation = demo.customers.find((c) => usable(c) && !c.locationCode)!;
const stockItem = demo.items.find((i) => i.type === 'Inventory' && !i.blocked)!;
const serviceItem = demo.items.find((i) => i.type !== 'Inventory' && !i.blocked)!;
const locationId = (code: string): string => demo.locations.find((l) => l.code === code)!.id;

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.bc.close());

async function orderLines(customerNumber: string, lines: Json[]): Promise<Json[]> {
  const r = await api.call('POST', 'salesOrders?$expand=salesOrderLines($expand=location)', { customerNumber, salesOrderLines: lines });
  expect(r.status).toBe(201);
  return r.json.salesOrderLines;
}

describe('default location of a sales line (UpdateLocationCode / GetLocation / InitHeaderLocactionCode)', () => {
  it('the seed gives some customers a location and the company a default one', () => {
    expect(demo.company.locationCode).toBe('MAIN');
    expect(demo.customers.filter((c) => c.locationCode).length).toBeGreaterThan(0);
    expect(demo.customers.filter((c) => !c.locationCode).length).toBeGreaterThan(0);
    expect(withLocation && withoutLocation).toBeTruthy();
  });

  it('an item line created without locationId takes the customer card location', async () => {
    const [line] = await orderLines(withLocation.number, [{ lineType: 'Item', lineObjectNumber: stockItem.number, quantity: 1 }]);
    expect(line.locationId).toBe(locationId('GENEVA'));
    expect(line.location.code).toBe('GENEVA');
  });

  it('without a customer location, the company default (Company Information "Location Code")', async () => {
    const [line] = await orderLines(withoutLocation.number, [{ lineType: 'Item', lineObjectNumber: stockItem.number, quantity: 1 }]);
    expect(line.locationId).toBe(locationId('MAIN'));
  });

  it('an explicit locationId is kept, and the empty GUID means no location', async () => {
    const lines = await orderLines(withLocation.number, [
      { lineType: 'Item', lineObjectNumber: stockItem.number, quantity: 1, locationId: locationId('PARIS') },
      { lineType: 'Item', lineObjectNumber: stockItem.number, quantity: 1, locationId: EMPTY_GUID },
    ]);
    expect(lines.map((l: Json) => l.locationId)).toEqual([locationId('PARIS'), EMPTY_GUID]);
  });

  it('a line added later to an existing order takes the header location too', async () => {
    const r = await api.call('POST', 'salesOrders', { customerNumber: withLocation.number });
    expect(r.status).toBe(201);
    const added = await api.call('POST', `salesOrders(${r.json.id})/salesOrderLines`, { lineType: 'Item', lineObjectNumber: stockItem.number, quantity: 2 });
    expect(added.status).toBe(201);
    expect(added.json.locationId).toBe(locationId('GENEVA'));
  });

  it('changing the customer re-defaults the header: the next line takes the new customer’s location', async () => {
    const r = await api.call('POST', 'salesOrders', { customerNumber: withLocation.number });
    const patched = await api.call('PATCH', `salesOrders(${r.json.id})`, { customerNumber: withoutLocation.number }, { 'If-Match': '*' });
    expect(patched.status).toBe(200);
    const added = await api.call('POST', `salesOrders(${r.json.id})/salesOrderLines`, { lineType: 'Item', lineObjectNumber: stockItem.number, quantity: 1 });
    expect(added.json.locationId).toBe(locationId('MAIN'));
  });

  it('quotes follow the same rule, and the order made from a quote keeps the lines’ location', async () => {
    const q = await api.call('POST', 'salesQuotes?$expand=salesQuoteLines', { customerNumber: withLocation.number, salesQuoteLines: [{ lineType: 'Item', lineObjectNumber: stockItem.number, quantity: 1 }] });
    expect(q.status).toBe(201);
    expect(q.json.salesQuoteLines[0].locationId).toBe(locationId('GENEVA'));
    const made = await api.call('POST', `salesQuotes(${q.json.id})/Microsoft.NAV.makeOrder`);
    expect(made.status).toBe(201);
    const order = await api.get(`${made.headers.get('location')}?$expand=salesOrderLines`);
    expect(order.json.salesOrderLines[0].locationId).toBe(locationId('GENEVA'));
  });

  it('non-inventory items and resource lines get no location', async () => {
    const lines = await orderLines(withLocation.number, [
      { lineType: 'Item', lineObjectNumber: serviceItem.number, quantity: 1 },
      { lineType: 'Resource', lineObjectNumber: 'INSTALL', quantity: 1 },
    ]);
    expect(lines.map((l: Json) => l.locationId)).toEqual([EMPTY_GUID, EMPTY_GUID]);
  });

  it('with neither a customer nor a company location, the line has none', async () => {
    const info = api.bc.store.state.company.companyInfo;
    const saved = info.locationCode;
    info.locationCode = '';
    try {
      const [line] = await orderLines(withoutLocation.number, [{ lineType: 'Item', lineObjectNumber: stockItem.number, quantity: 1 }]);
      expect(line.locationId).toBe(EMPTY_GUID);
    } finally {
      info.locationCode = saved;
    }
  });
});

describe('the customer and company locations stay internal, as in API v2.0', () => {
  it('customers carry no locationCode in their payload, and $select on it is refused', async () => {
    const c = await api.get(`customers(${withLocation.id})`);
    expect(c.status).toBe(200);
    expect(c.json.number).toBe(withLocation.number);
    expect(Object.keys(c.json)).not.toContain('locationCode');
    expect(Object.keys(c.json).some((k) => /location/i.test(k))).toBe(false);
    bcError(await api.get('customers?$select=number,locationCode'), 400, 'BadRequest_NotFound');
  });

  it('companyInformation and salesOrders carry no location either', async () => {
    const info = await api.get('companyInformation');
    expect(Object.keys(info.json.value[0]).some((k) => /location/i.test(k))).toBe(false);
    const orders = await api.get('salesOrders?$top=1');
    expect(Object.keys(orders.json.value[0]).some((k) => /location/i.test(k))).toBe(false);
  });
});
