/**
 * One more demo product and order, created through the Web API on first start. The product (Sales Inventory) was
 * created in Sales under a number the ERP does not know, so the connector cannot couple it by number and "Submit to
 * ERP" names it as uncoupled. Fixing it is an administrator's job: give the product the number of its ERP item
 * (an item that exists in the ERP but not yet in Sales); the connector's coupling by number then links them (the
 * ERP item number column itself is locked on the form: the connector owns it), and the order can be submitted. The seeded demo order with an
 * uncoupled product cannot show this: the connector couples that one by number as soon as it starts.
 */
import type { DataverseStandIn } from '../dataverse';

export const DEMO_ORDER_NAME = 'Démo couplage – éclairage chantier';

async function call<T>(dv: DataverseStandIn, user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> {
  const r = await fetch(`${dv.apiUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${dv.tokens[user]}`, Accept: 'application/json', 'Content-Type': 'application/json', Prefer: 'odata.include-annotations="*"' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path.split('?')[0]} as ${user} failed with HTTP ${r.status}: ${text.slice(0, 400)}`);
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T, headers: r.headers };
}

const idFrom = (headers: Headers): string => /\(([0-9a-f-]{36})\)/i.exec(headers.get('OData-EntityId') ?? '')?.[1] ?? '';

export const DEMO_PRODUCT = { productnumber: 'PRJ-LED200', name: 'Projecteur de chantier LED 200 W', price: 189 };

export interface DemoOrder {
  orderId: string;
  orderNumber: string;
  uncoupledProduct: { productid: string; productnumber: string; name: string };
  /** The ERP item that product is (exists in the ERP, not in Sales): the product number to give it to fix the coupling. */
  erpItemNumber: string;
}

/** Creates the demo product and order once (found again by name on the next start); returns their ids. */
export async function ensureDemoOrder(dv: DataverseStandIn): Promise<DemoOrder | null> {
  const info = dv.seedInfo;
  const erpItem = dv.demo?.items.find((i) => !i.inSales && i.type === 'Inventory' && !i.blocked);
  if (!info || !erpItem) return null;
  const escape = (v: string) => v.replace(/'/g, "''");

  // Same customer, currency and price list as the seeded "ready" order, and one of its stocked products.
  const ready = await call<Record<string, unknown>>(
    dv,
    'salesperson',
    'GET',
    `salesorders(${info.orders.ready})?$select=_customerid_value,_transactioncurrencyid_value,_pricelevelid_value,requestdeliveryby,shipto_line1,shipto_city,shipto_postalcode,shipto_country&$expand=order_details($select=_productid_value,_uomid_value;$orderby=sequencenumber asc)`,
  );
  const first = ((ready.body.order_details as { _productid_value: string; _uomid_value: string }[] | undefined) ?? [])[0];
  if (!first) return null;
  const priceListId = String(ready.body._pricelevelid_value);
  const currencyId = String(ready.body._transactioncurrencyid_value);

  const existingProduct = await call<{ value: { productid: string }[] }>(dv, 'admin', 'GET', `products?$select=productid&$filter=productnumber eq '${DEMO_PRODUCT.productnumber}'`);
  let productId = existingProduct.body.value[0]?.productid;
  if (!productId) {
    const created = await call(dv, 'admin', 'POST', 'products', {
      name: DEMO_PRODUCT.name,
      productnumber: DEMO_PRODUCT.productnumber,
      description: 'Created in Sales under its own number; the ERP knows it under another one.',
      producttypecode: 1,
      productstructure: 1,
      quantitydecimal: 0,
      price: DEMO_PRODUCT.price,
      'defaultuomscheduleid@odata.bind': `/uomschedules(${info.unitGroupId})`,
      'defaultuomid@odata.bind': `/uoms(${first._uomid_value})`,
    });
    productId = idFrom(created.headers);
    for (const list of new Set([priceListId, info.priceLists.STANDARD].filter(Boolean))) {
      await call(dv, 'admin', 'POST', 'productpricelevels', {
        'pricelevelid@odata.bind': `/pricelevels(${list})`,
        'productid@odata.bind': `/products(${productId})`,
        'uomid@odata.bind': `/uoms(${first._uomid_value})`,
        'uomscheduleid@odata.bind': `/uomschedules(${info.unitGroupId})`,
        'transactioncurrencyid@odata.bind': `/transactioncurrencies(${currencyId})`,
        amount: DEMO_PRODUCT.price,
        pricingmethodcode: 1,
        quantitysellingcode: 1,
      });
    }
  }
  const uncoupledProduct = { productid: productId, productnumber: DEMO_PRODUCT.productnumber, name: DEMO_PRODUCT.name };

  const found = await call<{ value: { salesorderid: string; ordernumber: string }[] }>(dv, 'salesperson', 'GET', `salesorders?$select=salesorderid,ordernumber&$filter=name eq '${escape(DEMO_ORDER_NAME)}'`);
  if (found.body.value[0]) return { orderId: found.body.value[0].salesorderid, orderNumber: found.body.value[0].ordernumber, uncoupledProduct, erpItemNumber: erpItem.number };

  const created = await call(dv, 'salesperson', 'POST', 'salesorders', {
    name: DEMO_ORDER_NAME,
    'customerid_account@odata.bind': `/accounts(${String(ready.body._customerid_value)})`,
    'transactioncurrencyid@odata.bind': `/transactioncurrencies(${currencyId})`,
    'pricelevelid@odata.bind': `/pricelevels(${priceListId})`,
    requestdeliveryby: ready.body.requestdeliveryby,
    shipto_line1: ready.body.shipto_line1,
    shipto_city: ready.body.shipto_city,
    shipto_postalcode: ready.body.shipto_postalcode,
    shipto_country: ready.body.shipto_country,
  });
  const orderId = idFrom(created.headers);
  const line = (n: number, product: string, quantity: number) =>
    call(dv, 'salesperson', 'POST', 'salesorderdetails', {
      'salesorderid@odata.bind': `/salesorders(${orderId})`,
      'productid@odata.bind': `/products(${product})`,
      'uomid@odata.bind': `/uoms(${first._uomid_value})`,
      sequencenumber: n,
      quantity,
    });
  await line(1, first._productid_value, 3);
  await line(2, productId, 2);
  const order = await call<{ ordernumber: string }>(dv, 'salesperson', 'GET', `salesorders(${orderId})?$select=ordernumber`);
  return { orderId, orderNumber: order.body.ordernumber, uncoupledProduct, erpItemNumber: erpItem.number };
}
