/**
 * Order lines as the sandbox page writes them (issue 19): the bodies the lines subgrid sends, bound through the
 * navigation properties the metadata API names, priced by the platform from the header's price list; and the lines
 * Dataverse refuses (a product and a write-in description on one line, any change on a submitted order).
 */
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { loadEntityDefinitions } from '../../sandbox/app/server/metadata';
import { Metadata } from '../../sandbox/app/client/data/metadata';
import { changedLineBody, newLineBody, type LineDraft } from '../../sandbox/app/client/form/lineEditor';
import { client, idOf, start } from './support';

let dv: DataverseStandIn;
let meta: Metadata;
beforeAll(async () => {
  dv = await start();
  meta = new Metadata(await loadEntityDefinitions(dv.apiUrl, dv.tokens.admin, ['salesorder', 'salesorderdetail', 'product', 'uom', 'pricelevel', 'account', 'contact']));
});
afterAll(() => dv.close());

async function newOrder(): Promise<{ orderId: string; product: { id: string; unit: string; price: number } }> {
  const c = client(dv, 'salesperson');
  const account = (await c.get(`accounts?$select=name&$filter=_ownerid_value eq ${dv.users.salesperson.id}&$top=1`)).json.value[0];
  const list = dv.seedInfo!.priceLists.STANDARD;
  const ppl = (await c.get(`productpricelevels?$select=amount,_productid_value,_uomid_value&$filter=_pricelevelid_value eq ${list}&$top=1`)).json.value[0];
  const body = { name: 'Lines test', [`${meta.navigationFor('salesorder', 'customerid', 'account')}@odata.bind`]: `/accounts(${account.accountid})`, [`${meta.navigationFor('salesorder', 'pricelevelid', 'pricelevel')}@odata.bind`]: `/pricelevels(${list})` };
  const r = await c.post('salesorders', body);
  expect(r.status).toBe(204);
  return { orderId: idOf(r), product: { id: ppl._productid_value, unit: ppl._uomid_value, price: ppl.amount } };
}

const draft = (patch: Partial<LineDraft>): LineDraft => ({ kind: 'product', product: null, description: '', quantity: 1, unit: null, price: null, ...patch });

describe('lines written by the sandbox page', () => {
  it('the metadata API names the navigation property of each lookup target (customerid_account, pricelevelid)', async () => {
    expect(meta.navigationFor('salesorder', 'customerid', 'account')).toBe('customerid_account');
    expect(meta.navigationFor('salesorder', 'customerid', 'contact')).toBe('customerid_contact');
    expect(meta.navigationFor('salesorderdetail', 'salesorderid', 'salesorder')).toBe('salesorderid');
    const r = await client(dv).get(`EntityDefinitions(LogicalName='salesorder')?$select=LogicalName&$expand=ManyToOneRelationships($select=ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName)`);
    expect(r.json.ManyToOneRelationships).toEqual(expect.arrayContaining([{ ReferencingAttribute: 'pricelevelid', ReferencedEntity: 'pricelevel', ReferencingEntityNavigationPropertyName: 'pricelevelid' }]));
  });

  it('a catalogue line gets the price list price and its unit; a write-in line keeps its own price', async () => {
    const { orderId, product } = await newOrder();
    const c = client(dv, 'salesperson');
    const parent = { id: orderId, name: '', entityType: 'salesorder' };
    const unit = { id: product.unit, name: '', entityType: 'uom' };
    const catalogue = await c.post('salesorderdetails', newLineBody(meta, 'salesorderdetail', 'salesorderid', parent, draft({ product: { id: product.id, name: '', entityType: 'product' }, unit, quantity: 3 })));
    expect(catalogue.status).toBe(204);
    const writeIn = await c.post('salesorderdetails', newLineBody(meta, 'salesorderdetail', 'salesorderid', parent, draft({ kind: 'writein', description: 'Sur mesure', quantity: 2, price: 149.5 })));
    expect(writeIn.status).toBe(204);
    const lines = (await c.get(`salesorderdetails?$select=priceperunit,quantity,isproductoverridden,productdescription,extendedamount&$filter=_salesorderid_value eq ${orderId}&$orderby=sequencenumber asc`)).json.value;
    expect(lines.map((l: Record<string, unknown>) => [l.priceperunit, l.quantity, l.isproductoverridden])).toEqual([[product.price, 3, false], [149.5, 2, true]]);
    // Editing the quantity sends only the quantity; the platform prices the line again.
    const before = draft({ product: { id: product.id, name: '', entityType: 'product' }, unit, quantity: 3 });
    const body = changedLineBody(meta, 'salesorderdetail', before, { ...before, quantity: 5 });
    expect(body).toEqual({ quantity: 5 });
    expect((await c.patch(`salesorderdetails(${idOf(catalogue)})`, body)).status).toBe(204);
    const order = (await c.get(`salesorders(${orderId})?$select=totallineitemamount`)).json;
    expect(order.totallineitemamount).toBeCloseTo(product.price * 5 + 149.5 * 2, 2);
  });

  it('refuses a line with both an existing product and a write-in description, as Dataverse does', async () => {
    const { orderId, product } = await newOrder();
    const r = await client(dv, 'salesperson').post('salesorderdetails', {
      'salesorderid@odata.bind': `/salesorders(${orderId})`,
      'productid@odata.bind': `/products(${product.id})`,
      productdescription: 'Both at once',
      quantity: 1,
    });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('0x80043afb');
    expect((await client(dv).get(`salesorderdetails?$select=quantity&$filter=_salesorderid_value eq ${orderId}`)).json.value).toHaveLength(0);
  });

  it('refuses adding, changing or removing a line of a submitted order (what the page no longer offers)', async () => {
    const { orderId, product } = await newOrder();
    const c = client(dv, 'salesperson');
    const parent = { id: orderId, name: '', entityType: 'salesorder' };
    const line = await c.post('salesorderdetails', newLineBody(meta, 'salesorderdetail', 'salesorderid', parent, draft({ product: { id: product.id, name: '', entityType: 'product' }, quantity: 1 })));
    expect(line.status).toBe(204);
    expect((await c.patch(`salesorders(${orderId})`, { statecode: 1, statuscode: 3 })).status).toBe(204);
    const add = await c.post('salesorderdetails', newLineBody(meta, 'salesorderdetail', 'salesorderid', parent, draft({ kind: 'writein', description: 'Late', quantity: 1, price: 1 })));
    expect(add.status).toBe(400);
    expect(add.json.error.message).toBe('The object cannot be updated because it is read-only.');
    expect((await c.patch(`salesorderdetails(${idOf(line)})`, { quantity: 2 })).status).toBe(400);
    expect((await c.del(`salesorderdetails(${idOf(line)})`)).status).toBe(400);
  });
});
