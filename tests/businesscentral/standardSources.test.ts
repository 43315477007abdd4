/**
 * The stand-in's sources beyond API v2.0, as Business Central names and shapes them: the analytics API queries of the
 * Power BI Reports app (columns from their AL sources) and standard pages published as OData V4 web services
 * (…/ODataV4/Company('<name>')/<Service Name>, properties from the pages' field controls). Nothing else.
 */
import * as fs from 'fs';
import * as path from 'path';
import { demoCompany } from '../../sandbox/seed';
import { Api, bcError, enc, startApi } from './helpers';

const demo = demoCompany();
const item = demo.items.filter((i) => i.type === 'Inventory' && !i.blocked)[5];
const customer = demo.customers.find((c) => c.blocked === ' ' && c.inSales)!;

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.bc.close());

describe('published standard pages (OData V4 web services)', () => {
  it('serves nothing until an admin publishes a page; then the page under its service name, read-only', async () => {
    expect((await api.get(`${api.bc.odataV4Url}/SalesPriceLists`)).status).toBe(404);
    const pub = await api.admin('POST', '/webServices', { objectId: 7015, serviceName: 'SalesPriceLists' });
    expect(pub.status).toBe(201);
    expect(pub.json).toMatchObject({ objectType: 'Page', objectId: 7015, serviceName: 'SalesPriceLists', published: true });
    const lists = (await api.get(`${api.bc.odataV4Url}/SalesPriceLists`)).json.value;
    expect(lists.length).toBe(demo.priceLists.length);
    // The page's field controls in order, with BC's OData names ("Currency Code" → Currency_Code).
    expect(Object.keys(lists[0])).toEqual(['Code', 'Description', 'Status', 'Allow_Updating_Defaults', 'Defines', 'Currency_Code', 'SourceGroup', 'SourceType', 'SourceNo', 'Starting_Date', 'Ending_Date']);
    expect((await api.call('POST', `${api.bc.odataV4Url}/SalesPriceLists`, { Code: 'X' })).status).toBe(405);
    // Unpublishing takes the route away again.
    await api.admin('POST', '/webServices', { objectId: 7015, serviceName: 'SalesPriceLists', published: false });
    expect((await api.get(`${api.bc.odataV4Url}/SalesPriceLists`)).status).toBe(404);
  });

  it('names the company in the route, case-sensitive; an unknown company is refused', async () => {
    await api.admin('POST', '/webServices', { objectId: 7 });
    const name = api.bc.store.state.company.name;
    const url = (n: string) => `${api.bc.baseUrl}/ODataV4/Company('${encodeURIComponent(n)}')/CustomerPriceGroups`;
    expect((await api.get(url(name))).status).toBe(200);
    bcError(await api.get(url(name.toLowerCase())), 400, 'BadRequest');
    bcError(await api.get(`${api.bc.baseUrl}/ODataV4/Company(${api.bc.companyId})/CustomerPriceGroups`), 400, 'BadRequest');
    expect((await api.get(`${api.bc.baseUrl}/api/v2.0/companies(${api.bc.companyId})/CustomerPriceGroups`)).status).toBe(404);
  });

  it('price list lines: page 7005 with the key fields BC adds (Line_No) and "%" as Percent', async () => {
    await api.admin('POST', '/webServices', { objectId: 7005, serviceName: 'PriceListLines' });
    const lines = (await api.get(`${api.bc.odataV4Url}/PriceListLines?$filter=${enc(`Price_List_Code eq '${demo.priceLists[0].code}'`)}`)).json.value;
    expect(lines).toHaveLength(demo.priceLists[0].lines.length);
    expect(Object.keys(lines[0])).toEqual(expect.arrayContaining(['Price_List_Code', 'Line_No', 'Asset_Type', 'Asset_No', 'Unit_of_Measure_Code', 'Minimum_Quantity', 'Unit_Price', 'Line_Discount_Percent']));
    expect(lines[0]).toMatchObject({ Asset_No: demo.priceLists[0].lines[0].itemNumber, Unit_Price: demo.priceLists[0].lines[0].unitPrice, Line_No: 10000 });
    bcError(await api.get(`${api.bc.odataV4Url}/PriceListLines?$select=unitPrice`), 400, 'BadRequest_NotFound');
  });

  it("customer list: page 22 shows the customer card's Location Code, filtered to the customers asked for", async () => {
    const paris = demo.customers.find((c) => c.locationCode === 'PARIS')!;
    const none = demo.customers.find((c) => !c.locationCode)!;
    const url = `${api.bc.odataV4Url}/CustomerList?$filter=${enc(`No eq '${paris.number}' or No eq '${none.number}'`)}&$select=No,Location_Code`;
    // Not published: BC has no such service (404), as for every page until an admin publishes it.
    bcError(await api.get(url), 404, 'BadRequest_ResourceNotFound');
    expect((await api.admin('POST', '/webServices', { objectId: 22 })).json).toMatchObject({ objectType: 'Page', objectId: 22, serviceName: 'CustomerList', published: true });
    const rows = (await api.get(url)).json.value;
    expect(rows).toHaveLength(2);
    expect(Object.fromEntries(rows.map((r: { No: string; Location_Code: string }) => [r.No, r.Location_Code]))).toEqual({ [paris.number]: 'PARIS', [none.number]: '' });
    // Every field control of the AL page is a property, in order (Responsibility Center, then Location Code).
    const all = (await api.get(`${api.bc.odataV4Url}/CustomerList?$top=1`)).json.value[0];
    expect(Object.keys(all).slice(0, 6)).toEqual(['No', 'Name', 'Name_2', 'Responsibility_Center', 'Location_Code', 'Post_Code']);
    expect(all.Blocked).toBe('_x0020_');
    // Read-only, and only the page's names.
    expect((await api.call('PATCH', `${api.bc.odataV4Url}/CustomerList('${paris.number}')`, { Location_Code: 'LYON' })).status).toBeGreaterThanOrEqual(400);
    bcError(await api.get(`${api.bc.odataV4Url}/CustomerList?$select=locationCode`), 400, 'BadRequest_NotFound');
    await api.admin('POST', '/webServices', { objectId: 22, published: false });
    expect((await api.get(url)).status).toBe(404);
  });

  it('refuses pages it does not model and service names already taken', async () => {
    bcError(await api.admin('POST', '/webServices', { objectId: 21 }), 400, 'BadRequest');
    await api.admin('POST', '/webServices', { objectId: 142, serviceName: 'Shipments' });
    expect(bcError(await api.admin('POST', '/webServices', { objectId: 7, serviceName: 'shipments' }), 400, 'BadRequest').message).toContain('already used');
  });

  it('the option publishedPages publishes the modelled pages under their standard names from the start', async () => {
    const other = await startApi({ publishedPages: true });
    try {
      for (const svc of ['PostedSalesShipments', 'SalesPriceLists', 'PriceListLines', 'CustomerPriceGroups', 'CustomerList']) expect((await other.get(`${other.bc.odataV4Url}/${svc}?$top=1`)).status).toBe(200);
    } finally {
      await other.bc.close();
    }
  });
});

describe('analytics API queries (Power BI Reports app)', () => {
  it('outstandingSalesLines returns order and return order lines, as query 36975 filters them', async () => {
    const r = await api.admin('POST', '/salesReturnLines', { itemNumber: item.number, locationCode: 'LYON', quantity: 2, customerNumber: customer.number });
    expect(r.status).toBe(201);
    const rows = (await api.get(`${api.bc.analyticsUrl}/outstandingSalesLines?$filter=${enc(`documentNo eq '${r.json.documentNumber}'`)}`)).json.value;
    expect(rows).toEqual([expect.objectContaining({ documentType: 'Return Order', itemNo: item.number, locationCode: 'LYON', outstandingQtyBase: 2, sellToCustomerNo: customer.number })]);
  });

  it('resources and customerLedgerEntries carry the columns of their AL queries, and have no key', async () => {
    const res = (await api.get(`${api.bc.analyticsUrl}/resources`)).json.value;
    expect(Object.keys(res[0])).toEqual(['resourceNo', 'resourceName', 'baseUnitofMeasure', 'unitCost', 'unitPrice']);
    const cle = (await api.get(`${api.bc.analyticsUrl}/customerLedgerEntries?$top=1`)).json.value[0];
    expect(Object.keys(cle)).toEqual([
      'cleEntryNo', 'cleDueDate', 'cleOpen', 'clePostingDate', 'cleDocumentDate', 'cleDimensionSetID', 'cleClosedAtDate', 'cleReasonCode', 'dcleEntryNo', 'dclePostingDate',
      'dcleLedgerEntryAmount', 'dcleEntryType', 'dcleDocumentType', 'dcleDocumentNo', 'dcleInitialEntryDueDate', 'dcleAmountLCY', 'dcleCustomerNo', 'dcleApplicationNo',
      'dcleAppliedCustLedgerEntryNo', 'salesInvHeaderDocumentNo', 'salesInvHeaderPaymentTermsCode', 'salesInvHeaderPmtDiscountDate',
    ]);
    bcError(await api.get(`${api.bc.analyticsUrl}/resources('X')`), 400, 'BadRequest_NotFound');
    bcError(await api.call('POST', `${api.bc.analyticsUrl}/outstandingPurchaseLines`, {}), 405, 'BadRequest_MethodNotAllowed');
    // The query has no lastModifiedDateTime: change detection cannot filter on it.
    bcError(await api.get(`${api.bc.analyticsUrl}/outstandingPurchaseLines?$filter=${enc('lastModifiedDateTime gt 2020-01-01T00:00:00Z')}`), 400, 'BadRequest_NotFound');
  });
});

describe('standard tenants only', () => {
  it('no product or stand-in file names the unshipped extension or a custom API route', () => {
    const root = path.resolve(__dirname, '../..');
    const hits: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'node_modules' && e.name !== 'out' && e.name !== 'generated') walk(p);
        } else if (/\.(ts|tsx|js|json|xml|html|example|md)$/.test(e.name) || e.name === '.env.example') {
          const text = fs.readFileSync(p, 'utf8');
          // The product's own namespace (ErpLink, case-sensitive) stays; `erplink` (the extension's publisher and group,
          // its stand-in module and settings) must not appear anywhere, nor any custom API route.
          const needles = [/erplink|ERPLINK/, /\/api\/(?!v2\.0|microsoft\/)[a-z0-9]+\/[a-z0-9]+\/v\d/i, /BC_CUSTOM_API_URL|customUrl/];
          for (const needle of needles) if (needle.test(text)) hits.push(`${path.relative(root, p)}: ${needle}`);
        }
      }
    };
    for (const dir of ['connector', 'domain', 'webresources', 'controls', 'sandbox/businesscentral']) walk(path.join(root, dir));
    expect(hits).toEqual([]);
  });
});
