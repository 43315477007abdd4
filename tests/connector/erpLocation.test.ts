/**
 * Issue #19 finding 11: a line submitted without a ship-from location gets one from Business Central (the customer
 * card's, else the company's: sandbox/businesscentral/locationDefault.ts), and the ERP events job writes that
 * location back on the Sales line, so the order says where it ships from. Against both stand-ins: written once,
 * not again on the next pass; a location changed or removed in the ERP follows.
 */
import { api, bcApi, createOrder, drain, startStandins, startTestConnector, submitOrder, type Json, type Standins } from './harness';

jest.setTimeout(60_000);

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
let h: Standins;
let c: Awaited<ReturnType<typeof startTestConnector>>;
let locationIdByCode: Map<string, string>;

beforeAll(async () => {
  h = await startStandins();
  c = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '0' });
  locationIdByCode = new Map((await bcApi(h).list('locations?$select=id,code')).map((l: Json) => [l.code, l.id]));
});
afterAll(async () => {
  await c?.close();
  await h?.close();
});

interface SalesLine {
  salesorderdetailid: string;
  sequencenumber: number;
  erp_locationcode: string | null;
  modifiedon: string;
  versionnumber: number;
}
const salesLines = async (orderId: string): Promise<SalesLine[]> =>
  api(h).list(`salesorderdetails?$select=salesorderdetailid,sequencenumber,erp_locationcode,modifiedon,versionnumber&$filter=_salesorderid_value eq ${orderId}&$orderby=sequencenumber asc`);
const locations = async (orderId: string): Promise<Array<string | null>> => (await salesLines(orderId)).map((l) => l.erp_locationcode ?? null);

async function submitted(accountNumber: string, lines: Array<{ productNumber: string; location?: string }>): Promise<{ id: string; erp: string }> {
  const id = await createOrder(h, { accountNumber, lines: lines.map((l) => ({ productNumber: l.productNumber, quantity: 2 })) });
  const rows = await salesLines(id);
  for (const [i, l] of lines.entries()) if (l.location) await api(h).patch('salesorderdetails', rows[i].salesorderdetailid, { erp_locationcode: l.location });
  const r = await submitOrder(h, id);
  await drain(h, c, [r]);
  const o = await api(h).get(`salesorders(${id})?$select=erp_erpordernumber`);
  expect(o.erp_erpordernumber).toMatch(/^S-ORD/);
  return { id, erp: o.erp_erpordernumber as string };
}

/** The ERP order's item lines (id, documentId, locationId), in line order. */
async function erpItemLines(erpNumber: string): Promise<Json[]> {
  const [o] = await bcApi(h).list(`salesOrders?$filter=number eq '${erpNumber}'&$expand=salesOrderLines`);
  return (o.salesOrderLines as Json[]).filter((l) => l.lineType === 'Item').sort((a, b) => a.sequence - b.sequence);
}
/** Someone changes a line's location in Business Central (API v2.0 PATCH of the line's locationId). */
async function moveInErp(line: Json, locationId: string): Promise<void> {
  const r = await fetch(`${h.bc.companyUrl}/salesOrders(${line.documentId})/salesOrderLines(${line.id})`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${h.bc.token}`, 'Content-Type': 'application/json', 'If-Match': '*' },
    body: JSON.stringify({ locationId }),
  });
  expect(r.status).toBe(200);
}

describe('the location the ERP used, written back on the Sales line', () => {
  it('lines without location get the customer card’s (C10030, Paris: PARIS); a chosen one is kept', async () => {
    const { id, erp } = await submitted('C10030', [{ productNumber: 'SAF-0002' }, { productNumber: 'SAF-0001', location: 'LYON' }]);
    expect(await locations(id)).toEqual([null, 'LYON']);
    expect((await erpItemLines(erp)).map((l) => l.locationId)).toEqual([locationIdByCode.get('PARIS'), locationIdByCode.get('LYON')]);
    await c.runEvents();
    expect(await locations(id)).toEqual(['PARIS', 'LYON']);
  });

  it('a customer without a location: the company’s (Company Information, MAIN); nothing written again on the next passes', async () => {
    const { id, erp } = await submitted('C10000', [{ productNumber: 'SAF-0002' }]);
    await c.runEvents();
    const [written] = await salesLines(id);
    expect(written.erp_locationcode).toBe('MAIN');

    // The ERP order changes (released), so the next pass reads it again: a post, and no write on the line.
    const posts = async (): Promise<number> => (await api(h).list(`posts?$filter=_regardingobjectid_value eq ${id}&$select=postid`)).length;
    const postsBefore = await posts();
    await bcApi(h).admin('POST', `salesOrders/${erp}/release`);
    await c.runEvents();
    expect(await posts()).toBe(postsBefore + 1);
    await c.runEvents();
    const [again] = await salesLines(id);
    expect({ version: again.versionnumber, modifiedon: again.modifiedon, code: again.erp_locationcode }).toEqual({ version: written.versionnumber, modifiedon: written.modifiedon, code: 'MAIN' });
  });

  it('a location changed in the ERP follows on the Sales line; removed in the ERP, it is cleared', async () => {
    const { id, erp } = await submitted('C10000', [{ productNumber: 'SAF-0002' }, { productNumber: 'SAF-0003', location: 'PARIS' }]);
    await c.runEvents();
    expect(await locations(id)).toEqual(['MAIN', 'PARIS']);
    const [first, second] = await erpItemLines(erp);
    await moveInErp(first, locationIdByCode.get('GENEVA')!);
    await moveInErp(second, EMPTY_GUID);
    await c.runEvents();
    expect(await locations(id)).toEqual(['GENEVA', null]);
  });

  it('a location created in the ERP after the reference data was read: the line is left alone, logged once', async () => {
    const { id, erp } = await submitted('C10000', [{ productNumber: 'SAF-0002' }]);
    // A connector whose reference data is an hour fresh: it read the locations before ANNECY existed.
    const warm = await startTestConnector(h, { REFERENCE_CACHE_SECONDS: '3600' });
    try {
      await warm.services.ref.ensureFresh();
      const created = await fetch(`${h.bc.companyUrl}/locations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${h.bc.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: 'ANNECY', displayName: 'Agence Annecy' }),
      });
      expect(created.status).toBe(201);
      const annecy = String(((await created.json()) as Json).id);
      await moveInErp((await erpItemLines(erp))[0], annecy);
      await warm.runEvents();
      await warm.runEvents();
      expect(await locations(id)).toEqual([null]);
      const warned = warm.log.lines.filter((l) => l.level === 'warn' && String(l.msg ?? l.message).includes('location the connector does not know'));
      expect(warned).toHaveLength(1);
      expect(JSON.stringify(warned[0])).toContain(annecy);
    } finally {
      await warm.close();
    }
  });
});
