/**
 * The quote lifecycle as Dynamics 365 Sales has it (sandbox/dataverse/quoteMessages.ts): Activate by Update from
 * Draft, CloseQuote only from Active, ReviseQuote only from Closed (a Draft copy, same number, next revision, lines
 * copied), ConvertQuoteToSalesOrder from Active (won on the way) or Won (an order with quoteid, header and lines,
 * write-ins included), each refused from the wrong state and without its privileges, leaving nothing behind; the
 * closing messages record their QuoteClose activity.
 */
import { QuoteState, QuoteStatus, SalesOrderState } from '../../domain/dataverseCodes';
import type { DataverseStandIn } from '../../sandbox/dataverse';
import { MESSAGE_PRIVILEGES } from '../../sandbox/dataverse/messagePrivileges';
import { client, idOf, start } from './support';

let dv: DataverseStandIn;
beforeAll(async () => {
  dv = await start();
});
afterAll(() => dv.close());

const sp = () => client(dv, 'salesperson');
const quoteClose = (id: string) => ({ '@odata.type': 'Microsoft.Dynamics.CRM.quoteclose', subject: 'Closed', 'quoteid@odata.bind': `/quotes(${id})` });

/** A draft quote of the salesperson with a catalogue line (price list price) and a write-in line (own price). */
async function draftQuote(): Promise<string> {
  const info = dv.seedInfo!;
  const account = (await sp().get(`accounts?$select=name&$filter=_ownerid_value eq ${dv.users.salesperson.id}&$top=1`)).json.value[0];
  const product = (await sp().get('products?$select=name&$filter=statecode eq 0 and productnumber eq \'SAF-0001\'')).json.value[0];
  const r = await sp().post('quotes', {
    name: 'Lifecycle quote',
    description: 'Two lines',
    'customerid_account@odata.bind': `/accounts(${account.accountid})`,
    'pricelevelid@odata.bind': `/pricelevels(${info.priceLists.STANDARD})`,
    'transactioncurrencyid@odata.bind': `/transactioncurrencies(${info.currencies.EUR})`,
    freightamount: 12.5,
    quote_details: [
      { 'productid@odata.bind': `/products(${product.productid})`, 'uomid@odata.bind': `/uoms(${info.units.PCS})`, quantity: 3 },
      { productdescription: 'Installation on site', quantity: 1, priceperunit: 150 },
    ],
  });
  expect(r.status).toBe(204);
  return idOf(r);
}
const activate = (id: string) => sp().patch(`quotes(${id})`, { statecode: QuoteState.active, statuscode: QuoteStatus.inProgress });
const state = async (set: string, id: string) => (await client(dv).get(`${set}(${id})?$select=statecode,statuscode`)).json;
const lines = async (set: string, lookup: string, id: string) =>
  (await client(dv).get(`${set}?$select=productdescription,quantity,priceperunit,extendedamount,sequencenumber,_productid_value&$filter=_${lookup}_value eq ${id}&$orderby=sequencenumber`)).json.value.map(
    (l: Record<string, unknown>) => [l._productid_value ?? l.productdescription, l.quantity, l.priceperunit, l.extendedamount],
  );

/** A role with the given privileges (Global) and a user holding it, for refusals. */
function userWith(key: string, privileges: string[]): string {
  const id = `c0c0c0c0-0000-4000-8000-${String(Math.abs([...key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7))).padStart(12, '0').slice(-12)}`;
  dv.engine.catalog.roles.set(id, { id, name: `${key} (test)`, privileges: new Map(privileges.map((p) => [p, 'Global' as const])), source: 'test' });
  dv.addUser({ key, roles: [`${key} (test)`] });
  return key;
}

describe('Activate', () => {
  it('Draft → Active by Update; an active quote and its lines are read-only, except for integration users', async () => {
    const id = await draftQuote();
    expect(await state('quotes', id)).toEqual(expect.objectContaining({ statecode: QuoteState.draft, statuscode: QuoteStatus.inProgressDraft }));
    const wrongStatus = await activate(id).then(() => sp().patch(`quotes(${id})`, { statecode: QuoteState.active, statuscode: QuoteStatus.won }));
    expect(wrongStatus.status).toBe(400);
    expect(await state('quotes', id)).toEqual(expect.objectContaining({ statecode: QuoteState.active, statuscode: QuoteStatus.inProgress }));
    const edit = await sp().patch(`quotes(${id})`, { name: 'changed' });
    expect(edit.json.error.code).toBe('0x8004022e');
    const addLine = await sp().post('quotedetails', { 'quoteid@odata.bind': `/quotes(${id})`, productdescription: 'More', quantity: 1, priceperunit: 1 });
    expect(addLine.json.error.code).toBe('0x8004022e');
    expect((await client(dv, 'integration').patch(`quotes(${id})`, { erp_erpquotenumber: 'SQ-1' })).status).toBe(204);
    const backToDraft = await sp().patch(`quotes(${id})`, { statecode: QuoteState.draft, statuscode: QuoteStatus.inProgressDraft });
    expect(backToDraft.status).toBe(400);
  });
});

describe('CloseQuote', () => {
  it('closes an active quote as Lost or Canceled, refuses a draft quote and a Won status', async () => {
    const draft = await draftQuote();
    const early = await sp().post('CloseQuote', { QuoteClose: quoteClose(draft), Status: QuoteStatus.lost });
    expect(early.status).toBe(400);
    expect(early.json.error.message).toContain('not in active state');
    expect((await state('quotes', draft)).statecode).toBe(QuoteState.draft);
    await activate(draft);
    expect((await sp().post('CloseQuote', { QuoteClose: quoteClose(draft), Status: QuoteStatus.won })).status).toBe(400);
    expect((await sp().post('CloseQuote', { QuoteClose: quoteClose(draft), Status: QuoteStatus.canceled })).status).toBe(204);
    expect(await state('quotes', draft)).toEqual(expect.objectContaining({ statecode: QuoteState.closed, statuscode: QuoteStatus.canceled }));
    const again = await sp().post('CloseQuote', { QuoteClose: quoteClose(draft), Status: QuoteStatus.lost });
    expect(again.status).toBe(400);
  });
});

describe('the QuoteClose activity', () => {
  const closes = async (quoteId: string) =>
    (await client(dv).get(`quotecloses?$select=subject,description,actualend,statecode,statuscode&$filter=_quoteid_value eq ${quoteId}`)).json.value as Record<string, unknown>[];

  it('WinQuote, CloseQuote and ConvertQuoteToSalesOrder each record a completed quoteclose with what the caller gave', async () => {
    const won = await draftQuote();
    await activate(won);
    expect((await sp().post('WinQuote', { QuoteClose: { ...quoteClose(won), subject: 'Won it', description: 'Signed', actualend: '2026-12-01T09:00:00Z' }, Status: QuoteStatus.won })).status).toBe(204);
    expect(await closes(won)).toEqual([expect.objectContaining({ subject: 'Won it', description: 'Signed', actualend: '2026-12-01T09:00:00Z', statecode: 1, statuscode: 2 })]);
    const lost = await draftQuote();
    await activate(lost);
    await sp().post('CloseQuote', { QuoteClose: { ...quoteClose(lost), subject: 'Too expensive' }, Status: QuoteStatus.lost });
    expect((await closes(lost)).map((c) => c.subject)).toEqual(['Too expensive']);
    const converted = await draftQuote();
    await activate(converted);
    await sp().post('ConvertQuoteToSalesOrder', { QuoteId: converted, QuoteCloseSubject: 'Order placed', QuoteCloseDate: '2026-12-02T08:00:00Z' });
    expect(await closes(converted)).toEqual([expect.objectContaining({ subject: 'Order placed', actualend: '2026-12-02T08:00:00Z' })]);
    // Converting a quote that is already won records no second close.
    await sp().post('ConvertQuoteToSalesOrder', { QuoteId: won });
    expect(await closes(won)).toHaveLength(1);
  });

  it('a QuoteClose the platform refuses (subject over 200 characters, unknown column) refuses the message: the quote stays active', async () => {
    const id = await draftQuote();
    await activate(id);
    const long = await sp().post('WinQuote', { QuoteClose: { ...quoteClose(id), subject: 'x'.repeat(201) }, Status: QuoteStatus.won });
    expect(long.status).toBe(400);
    const unknown = await sp().post('CloseQuote', { QuoteClose: { ...quoteClose(id), reason: 'price' }, Status: QuoteStatus.lost });
    expect(unknown.status).toBe(400);
    expect(await state('quotes', id)).toEqual(expect.objectContaining({ statecode: QuoteState.active }));
    expect(await closes(id)).toHaveLength(0);
  });
});

describe('ReviseQuote', () => {
  it('lists the privileges of its reference page', () => {
    expect([...MESSAGE_PRIVILEGES.ReviseQuote].sort()).toEqual(['prvAppendQuote', 'prvAppendToAccount', 'prvAppendToProduct', 'prvCreateQuote', 'prvReadQuote']);
  });

  it('refuses a draft or active quote: Sales closes it as Revised first', async () => {
    const id = await draftQuote();
    const before = (await client(dv).get('quotes?$select=quoteid&$count=true')).json['@odata.count'];
    for (const step of [async () => undefined, () => activate(id)]) {
      await step();
      const r = await sp().post('ReviseQuote', { QuoteId: id, ColumnSet: { AllColumns: true } });
      expect(r.status).toBe(400);
      expect(r.json.error.message).toBe('The quote cannot be revised because it is not in closed state.');
    }
    expect((await client(dv).get('quotes?$select=quoteid&$count=true')).json['@odata.count']).toBe(before);
  });

  it('makes a Draft revision of a closed quote: same number, next revision, same header and lines; the closed one stays', async () => {
    const id = await draftQuote();
    await activate(id);
    expect((await sp().post('CloseQuote', { QuoteClose: quoteClose(id), Status: QuoteStatus.revised })).status).toBe(204);
    const r = await sp().post('ReviseQuote', { QuoteId: id, ColumnSet: { AllColumns: false, Columns: ['quotenumber', 'revisionnumber', 'statecode', 'customerid'] } });
    expect(r.status).toBe(200);
    const old = (await client(dv).get(`quotes(${id})?$select=quotenumber,revisionnumber,name,description,freightamount,totalamount,_customerid_value,statecode,statuscode`)).json;
    expect(r.json['@odata.context']).toMatch(/\$metadata#quotes\/\$entity$/);
    expect(r.json).toMatchObject({ quotenumber: old.quotenumber, revisionnumber: 1, statecode: QuoteState.draft, _customerid_value: old._customerid_value });
    expect(r.json.name).toBeUndefined();
    const revised = (await client(dv).get(`quotes(${r.json.quoteid})?$select=name,description,freightamount,totalamount,statuscode,_ownerid_value`)).json;
    expect(revised).toMatchObject({ name: old.name, description: old.description, freightamount: 12.5, totalamount: old.totalamount, statuscode: QuoteStatus.inProgressDraft, _ownerid_value: dv.users.salesperson.id });
    expect(await lines('quotedetails', 'quoteid', r.json.quoteid)).toEqual(await lines('quotedetails', 'quoteid', id));
    expect(old).toMatchObject({ statecode: QuoteState.closed, statuscode: QuoteStatus.revised, revisionnumber: 0 });
    // The revision is a draft: editable again; the second revision numbers 2.
    expect((await sp().patch(`quotes(${r.json.quoteid})`, { name: 'Revised quote' })).status).toBe(204);
    await activate(r.json.quoteid);
    await sp().post('CloseQuote', { QuoteClose: quoteClose(r.json.quoteid), Status: QuoteStatus.revised });
    const second = await sp().post('ReviseQuote', { QuoteId: r.json.quoteid, ColumnSet: { Columns: ['revisionnumber', 'quotenumber'] } });
    expect(second.json).toMatchObject({ revisionnumber: 2, quotenumber: old.quotenumber });
  });

  it('without ColumnSet returns the primary key only; bad ids are refused', async () => {
    const id = await draftQuote();
    await activate(id);
    await sp().post('CloseQuote', { QuoteClose: quoteClose(id), Status: QuoteStatus.lost });
    const r = await sp().post('ReviseQuote', { QuoteId: id });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).filter((k) => !k.startsWith('@'))).toEqual(['quoteid']);
    expect((await sp().post('ReviseQuote', { QuoteId: 'not-a-guid' })).status).toBe(400);
    expect((await sp().post('ReviseQuote', {})).status).toBe(400);
    expect((await sp().post('ReviseQuote', { QuoteId: '00000000-0000-4000-8000-000000000001' })).status).toBe(404);
  });

  it('refuses a user without prvCreateQuote and creates nothing', async () => {
    const id = await draftQuote();
    await activate(id);
    await sp().post('CloseQuote', { QuoteClose: quoteClose(id), Status: QuoteStatus.revised });
    const user = userWith('quotereader', ['prvReadQuote', 'prvAppendQuote', 'prvAppendToAccount', 'prvAppendToProduct', 'prvReadAccount']);
    const r = await client(dv, user).post('ReviseQuote', { QuoteId: id, ColumnSet: { AllColumns: true } });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toMatch(/is missing prvCreateQuote privilege .* for ReviseQuote/);
    const number = (await client(dv).get(`quotes(${id})?$select=quotenumber`)).json.quotenumber;
    expect((await client(dv).get(`quotes?$select=quoteid&$filter=quotenumber eq '${number}'`)).json.value).toHaveLength(1);
  });
});

describe('ConvertQuoteToSalesOrder', () => {
  it('lists the privileges of its reference page', () => {
    expect([...MESSAGE_PRIVILEGES.ConvertQuoteToSalesOrder].sort()).toEqual(
      ['prvAppendOrder', 'prvAppendToContact', 'prvAppendToProduct', 'prvAppendToQuote', 'prvCreateOrder', 'prvReadAttributeMap', 'prvReadEntityMap', 'prvReadOrder', 'prvReadQuote'].sort(),
    );
  });

  it('refuses a draft and a closed quote and creates no order', async () => {
    const id = await draftQuote();
    const orders = async () => (await client(dv).get(`salesorders?$select=salesorderid&$filter=_quoteid_value eq ${id}`)).json.value.length;
    const draft = await sp().post('ConvertQuoteToSalesOrder', { QuoteId: id, ColumnSet: { AllColumns: true } });
    expect(draft.status).toBe(400);
    await activate(id);
    await sp().post('CloseQuote', { QuoteClose: quoteClose(id), Status: QuoteStatus.lost });
    expect((await sp().post('ConvertQuoteToSalesOrder', { QuoteId: id, ColumnSet: { AllColumns: true } })).status).toBe(400);
    expect(await orders()).toBe(0);
  });

  it('from a won quote: an Active order with quoteid, the header and every line (write-in included) at the quoted prices', async () => {
    const id = await draftQuote();
    await activate(id);
    expect((await sp().post('WinQuote', { QuoteClose: quoteClose(id), Status: QuoteStatus.won })).status).toBe(204);
    const r = await sp().post('ConvertQuoteToSalesOrder', { QuoteId: id, ColumnSet: { Columns: ['salesorderid', 'ordernumber', 'quoteid', 'totalamount'] } });
    expect(r.status).toBe(200);
    expect(r.json['@odata.context']).toMatch(/\$metadata#salesorders\/\$entity$/);
    const q = (await client(dv).get(`quotes(${id})?$select=name,description,freightamount,totalamount,_customerid_value,_pricelevelid_value,_transactioncurrencyid_value`)).json;
    expect(r.json).toMatchObject({ _quoteid_value: id, totalamount: q.totalamount });
    expect(r.json.ordernumber).toMatch(/^ORD-/);
    const o = (await client(dv).get(`salesorders(${r.json.salesorderid})?$select=name,description,freightamount,_customerid_value,_pricelevelid_value,_transactioncurrencyid_value,statecode,_ownerid_value`)).json;
    expect(o).toMatchObject({
      name: q.name, description: q.description, freightamount: 12.5, _customerid_value: q._customerid_value, _pricelevelid_value: q._pricelevelid_value,
      _transactioncurrencyid_value: q._transactioncurrencyid_value, statecode: SalesOrderState.active, _ownerid_value: dv.users.salesperson.id,
    });
    const quoted = await lines('quotedetails', 'quoteid', id);
    expect(quoted).toHaveLength(2);
    expect(await lines('salesorderdetails', 'salesorderid', r.json.salesorderid)).toEqual(quoted);
    // The new order is an ordinary active order: editable.
    expect((await sp().patch(`salesorders(${r.json.salesorderid})`, { name: 'From the quote' })).status).toBe(204);
  });

  it('from an active quote: wins it on the way (Create Order in Sales)', async () => {
    const id = await draftQuote();
    await activate(id);
    const r = await sp().post('ConvertQuoteToSalesOrder', { QuoteId: id, ColumnSet: { Columns: ['salesorderid'] }, QuoteCloseSubject: 'Won', QuoteCloseStatus: -1 });
    expect(r.status).toBe(200);
    expect(await state('quotes', id)).toEqual(expect.objectContaining({ statecode: QuoteState.won, statuscode: QuoteStatus.won }));
    expect((await client(dv).get(`salesorders?$select=salesorderid&$filter=_quoteid_value eq ${id}`)).json.value).toHaveLength(1);
    const other = await draftQuote();
    await activate(other);
    const badStatus = await sp().post('ConvertQuoteToSalesOrder', { QuoteId: other, QuoteCloseStatus: QuoteStatus.lost });
    expect(badStatus.status).toBe(400);
    expect((await state('quotes', other)).statecode).toBe(QuoteState.active);
  });

  it('refuses a user without prvCreateOrder or the field-mapping privileges, and leaves the quote active', async () => {
    const id = await draftQuote();
    await activate(id);
    const base = ['prvReadQuote', 'prvWriteQuote', 'prvAppendToQuote', 'prvReadOrder', 'prvAppendOrder', 'prvAppendToContact', 'prvAppendToProduct', 'prvAppendActivity', 'prvCreateActivity', 'prvReadAttributeMap', 'prvReadEntityMap'];
    const noCreate = await client(dv, userWith('nocreateorder', base)).post('ConvertQuoteToSalesOrder', { QuoteId: id });
    expect(noCreate.status).toBe(403);
    expect(noCreate.json.error.message).toMatch(/is missing prvCreateOrder privilege .* for ConvertQuoteToSalesOrder/);
    const noMaps = await client(dv, userWith('nomaps', [...base.filter((p) => !p.endsWith('Map')), 'prvCreateOrder'])).post('ConvertQuoteToSalesOrder', { QuoteId: id });
    expect(noMaps.status).toBe(403);
    expect(noMaps.json.error.message).toMatch(/is missing prvRead(Attribute|Entity)Map privilege/);
    expect((await state('quotes', id)).statecode).toBe(QuoteState.active);
    expect((await client(dv).get(`salesorders?$select=salesorderid&$filter=_quoteid_value eq ${id}`)).json.value).toHaveLength(0);
  });

  it('is atomic: when the order cannot be written after the quote was won, the quote is active again and no order is left', async () => {
    const id = await draftQuote();
    await activate(id);
    // Every privilege the message lists, and WinQuote's, but not AppendTo on accounts: the order's customer is refused.
    // The refusal comes from the order's create, after WinQuote's write: the win must be undone with it.
    const all = [...MESSAGE_PRIVILEGES.ConvertQuoteToSalesOrder, ...MESSAGE_PRIVILEGES.WinQuote, 'prvReadAccount'];
    const r = await client(dv, userWith('noappendaccount', all)).post('ConvertQuoteToSalesOrder', { QuoteId: id, ColumnSet: { AllColumns: true } });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toMatch(/prvAppendToAccount/);
    expect(await state('quotes', id)).toEqual(expect.objectContaining({ statecode: QuoteState.active, statuscode: QuoteStatus.inProgress }));
    expect((await client(dv).get(`salesorders?$select=salesorderid&$filter=_quoteid_value eq ${id}`)).json.value).toHaveLength(0);
  });

  it('the Sales Read-Only user cannot convert', async () => {
    const id = await draftQuote();
    await activate(id);
    expect((await client(dv, 'availability').post('ConvertQuoteToSalesOrder', { QuoteId: id })).status).toBe(403);
  });
});
