/**
 * The Dataverse side of the demo company: deterministic, consistent with sandbox/seed (numbers, owners, couplings),
 * with the deliberate cases the demos need (uncoupled product and account, Sales-only product, ERP-only records).
 * Also: an imported solution survives a restart with the data folder.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { demoCompany } from '../../sandbox/seed';
import { pack } from '../../solution/tools/pack';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { fakeBuild } from '../support/fakeBuild';
import { client, start } from './support';

let dv: DataverseStandIn;
const demo = demoCompany();
beforeAll(async () => {
  dv = await start({ demo, connection: { apiBaseUrl: 'http://127.0.0.1:9/api/v2.0/' } });
});
afterAll(() => dv.close());

describe('seed', () => {
  it('mirrors the demo company: accounts, products, units, currencies, price lists', async () => {
    const c = client(dv, 'integration');
    const inSales = demo.customers.filter((x) => x.inSales);
    const accounts = (await c.get('accounts?$select=accountnumber,erp_customernumber,creditlimit,_ownerid_value,_transactioncurrencyid_value&$expand=transactioncurrencyid($select=isocurrencycode)')).json.value;
    expect(accounts.map((a: { accountnumber: string }) => a.accountnumber).sort()).toEqual(inSales.map((x) => x.number).sort());
    for (const a of accounts as Array<{ accountnumber: string; creditlimit: number; _ownerid_value: string; transactioncurrencyid: { isocurrencycode: string } }>) {
      const customer = inSales.find((x) => x.number === a.accountnumber)!;
      expect(a.creditlimit).toBe(customer.creditLimit);
      expect(a.transactioncurrencyid.isocurrencycode).toBe(customer.currencyCode);
      const owner = Object.values(dv.users).find((u) => u.id === a._ownerid_value)!;
      expect(owner.salespersonCode).toBe(customer.salespersonCode);
    }
    const products = (await c.get('products?$select=productnumber,erp_itemnumber,statecode,price')).json.value as Array<{ productnumber: string; statecode: number }>;
    const items = demo.items.filter((i) => i.inSales);
    expect(products.length).toBe(items.length + demo.resources.length + 1);
    for (const i of items.filter((x) => x.blocked)) expect(products.find((p) => p.productnumber === i.number)!.statecode).toBe(1);
    for (const i of demo.items.filter((x) => !x.inSales)) expect(products.find((p) => p.productnumber === i.number)).toBeUndefined();
    expect((await c.get('uoms?$select=name')).json.value.map((u: { name: string }) => u.name).sort()).toEqual(demo.unitsOfMeasure.map((u) => u.code).sort());
    expect((await c.get('transactioncurrencies?$select=isocurrencycode')).json.value.map((x: { isocurrencycode: string }) => x.isocurrencycode).sort()).toEqual(['CHF', 'EUR', 'USD']);
    const lists = (await c.get('pricelevels?$select=name')).json.value.map((p: { name: string }) => p.name.split(' ')[0]).sort();
    expect(lists).toEqual(['S00001', 'S00002', 'S00003', 'Standard']);
  });

  it('couples accounts, products, units, currencies and users by number, and leaves the deliberate gaps', async () => {
    const c = client(dv, 'integration');
    const info = dv.seedInfo!;
    const coupled = async (table: string, id: string) => (await c.get(`erp_couplings?$select=erp_erpnumber&$filter=erp_crmtable eq '${table}' and erp_crmid eq '${id}'`)).json.value;
    expect(await coupled('product', info.uncoupledProduct!.productid)).toEqual([]);
    expect((await c.get(`products(${info.uncoupledProduct!.productid})?$select=erp_itemnumber,productnumber`)).json).toMatchObject({ erp_itemnumber: null, productnumber: info.uncoupledProduct!.productnumber });
    expect(demo.items.find((i) => i.number === info.uncoupledProduct!.productnumber)?.inSales).toBe(true);
    expect(await coupled('account', info.uncoupledAccount!.accountid)).toEqual([]);
    expect((await c.get(`accounts(${info.uncoupledAccount!.accountid})?$select=erp_customernumber`)).json.erp_customernumber).toBeNull();
    expect(demo.items.some((i) => i.number === info.salesOnlyProduct.productnumber)).toBe(false);
    const someAccount = Object.entries(info.accounts).find(([n]) => n !== info.uncoupledAccount!.accountnumber)!;
    expect((await coupled('account', someAccount[1]))[0].erp_erpnumber).toBe(someAccount[0]);
    expect((await coupled('uom', info.units.PCS))[0].erp_erpnumber).toBe('PCS');
    expect((await coupled('systemuser', dv.users.salesperson.id))[0].erp_erpnumber).toBe('CM');
    expect((await coupled('transactioncurrency', info.currencies.CHF))[0].erp_erpnumber).toBe('CHF');
    const conn = (await c.get(`erp_connections(${info.connectionId})`)).json;
    expect(conn).toMatchObject({ erp_apibaseurl: 'http://127.0.0.1:9/api/v2.0/', erp_companyid: demo.company.id, erp_isdefault: true });
  });

  it('has the demo orders and quotes in the right states, with priced lines', async () => {
    const c = client(dv, 'salesperson');
    const { orders, quotes } = dv.seedInfo!;
    const get = async (set: string, id: string, nav: string) => (await c.get(`${set}(${id})?$select=statecode,totalamount,_ownerid_value&$expand=${nav}($select=productname,priceperunit,extendedamount,_productid_value)`)).json;
    const ready = await get('salesorders', orders.ready, 'order_details');
    expect(ready).toMatchObject({ statecode: 0, _ownerid_value: dv.users.salesperson.id });
    expect(ready.order_details).toHaveLength(3);
    expect(ready.totalamount).toBeCloseTo(ready.order_details.reduce((s: number, l: { extendedamount: number }) => s + l.extendedamount, 0), 2);
    const uncoupled = await get('salesorders', orders.uncoupledProduct!, 'order_details');
    expect(uncoupled.order_details.map((l: { _productid_value: string }) => l._productid_value)).toContain(dv.seedInfo!.uncoupledProduct!.productid);
    const writeIn = await get('salesorders', orders.writeIn, 'order_details');
    expect(writeIn.order_details.some((l: { _productid_value: string | null; productname: string }) => l._productid_value === null && l.productname.includes('hors catalogue'))).toBe(true);
    expect((await get('salesorders', orders.submitted, 'order_details')).statecode).toBe(1);
    expect((await get('quotes', quotes.draft, 'quote_details')).statecode).toBe(0);
    expect((await get('quotes', quotes.active, 'quote_details')).statecode).toBe(1);
  });

  it('is deterministic: a second stand-in from the same seed has the same ids', async () => {
    const other = await start({ demo });
    try {
      expect(other.seedInfo).toEqual(dv.seedInfo);
      expect(other.users.salesperson.id).toBe(dv.users.salesperson.id);
    } finally {
      await other.close();
    }
  });
});

describe('persistence of an imported solution', () => {
  it('serves the imported tables again after a restart with the same data folder', async () => {
    const build = fakeBuild();
    const { zipPath } = await pack({ ...build, outDir: path.join(build.root, 'bin'), version: '0.9.0' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dv-import-'));
    const first = await start({ dataDir: dir, solutionSource: false, seed: false });
    expect((await client(first).post('ImportSolution', { CustomizationFile: fs.readFileSync(zipPath).toString('base64') })).status).toBe(204);
    expect((await client(first).post('erp_couplings', { erp_name: 'kept', erp_crmtable: 'uom', erp_crmid: '00000000-0000-4000-8000-000000000001' })).status).toBe(204);
    await first.close();
    const second = await start({ dataDir: dir, solutionSource: false, seed: false });
    try {
      expect((await client(second).get('erp_couplings?$select=erp_name')).json.value.map((r: { erp_name: string }) => r.erp_name)).toEqual(['kept']);
      expect((await client(second).post('ExportSolution', { SolutionName: 'ErpLink', Managed: false })).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
