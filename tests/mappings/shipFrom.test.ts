/** The ship-from location of an order line → the ERP line's locationId (items only; unknown codes refused). */
import { MappingCode, mapOrderToSalesOrder, type ErpOrderSnapshot } from '../../domain/erpMapping';

describe('ship-from location of a line', () => {
  const line = (over: Record<string, unknown>) => ({
    salesorderdetailid: 'l1', sequencenumber: 1, quantity: 2, priceperunit: 10,
    productid: { productid: 'p1', name: 'Casque', producttypecode: 1, erp_itemnumber: 'SAF-0001' }, ...over,
  });
  const doc = (l: Record<string, unknown>) => ({
    salesorderid: 'o1', ordernumber: 'ORD-1', customerid_account: { accountid: 'a1', name: 'Client', erp_customernumber: 'C1' }, order_details: [l],
  }) as unknown as ErpOrderSnapshot;
  const ctx = { connection: null, couplings: {}, locations: { MAIN: 'loc-main', LYON: 'loc-lyon' } };

  it('an item line carries the location id of its code, in any case', () => {
    const m = mapOrderToSalesOrder(doc(line({ erp_locationcode: ' lyon ' })), ctx);
    expect(m.lines.find((l) => l.lineType === 'Item')?.locationId).toBe('loc-lyon');
    expect(m.problems).toEqual([]);
  });

  it('an unknown code is an error listing the ERP’s codes; a resource line’s location is reported and not sent', () => {
    expect(mapOrderToSalesOrder(doc(line({ erp_locationcode: 'NOWHERE' })), ctx).problems).toEqual([
      { code: MappingCode.locationUnknown, severity: 'error', params: { line: 1, location: 'NOWHERE', known: 'LYON, MAIN' }, field: 'erp_locationcode' },
    ]);
    const resource = mapOrderToSalesOrder(doc(line({ erp_locationcode: 'MAIN', productid: { productid: 'p2', name: 'Pose', producttypecode: 3, erp_itemnumber: 'R-1' } })), ctx);
    expect(resource.lines.find((l) => l.lineType === 'Resource')).not.toHaveProperty('locationId');
    expect(resource.problems.map((p) => [p.code, p.severity])).toEqual([[MappingCode.locationIgnored, 'warning']]);
  });

  it('no location: nothing sent, nothing said', () => {
    const m = mapOrderToSalesOrder(doc(line({})), ctx);
    expect(m.lines.find((l) => l.lineType === 'Item')).not.toHaveProperty('locationId');
    expect(m.problems).toEqual([]);
  });
});
