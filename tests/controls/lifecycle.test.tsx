/**
 * Each control through its real index.ts and its real Web API services over a fake context.webAPI: the exact
 * requests (the figures, and the administrator's switch on the default ERP connection), one read per record whatever
 * the number of locations, updateView re-evaluating the form state, the switched-off state.
 */
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AccountStatisticsColumns as S, ConnectionColumns, IntegrationRequestColumns as R, RequestKind, RequestStatus } from '../../domain/schema';
import { ItemAvailability } from '../../controls/ItemAvailability';
import { AccountStatistics } from '../../controls/AccountStatistics';
import type { IInputs as ItemInputs } from '../../controls/ItemAvailability/ManifestConstants';
import type { IInputs as AccountInputs } from '../../controls/AccountStatistics/ManifestConstants';
import { FakeWebApi, privilegeError } from './support/fakeWebApi';
import { createContext, lookupProperty, numberProperty, textProperty } from './support/mockContext';
import { loadResx, text } from './support/resx';

const PRODUCT_ID = '7d0f1c52-0b4e-4b8a-9d2c-1a2b3c4d5e6f';
const ACCOUNT_ID = '2a7e4b10-5c3d-4e2f-8a9b-0c1d2e3f4a5b';
const recent = () => new Date(Date.now() - 5 * 60_000).toISOString();

/** The switch read: the default active connection, one column, one row. */
const switchCall = (column: string) => ({
  op: 'retrieveMultipleRecords',
  table: 'erp_connection',
  options: `?$select=${column}&$filter=statecode eq 0&$orderby=erp_isdefault desc&$top=1`,
  maxPageSize: undefined,
});

/** Answers the switch read with a connection row holding `value` (undefined: no connection row at all). */
const connectionRow = (column: string, value: boolean | null | undefined) => (c: { op: string; table: string }) =>
  c.op === 'retrieveMultipleRecords' && c.table === 'erp_connection' ? { entities: value === undefined ? [] : [{ [column]: value }], nextLink: '' } : undefined;

function locations(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    erp_itemnumber: '1896-S', erp_locationcode: `L${String(i).padStart(2, '0')}`, erp_locationname: `Location ${i}`, erp_onhand: 10, erp_reserved: 1,
    erp_incoming: 0, erp_available: 9, erp_nextreceiptdate: null, erp_unit: 'PCS', erp_refreshedon: recent(),
  }));
}

describe('ItemAvailability control', () => {
  const ia = loadResx('ItemAvailability', 1036);
  const context = (webAPI: FakeWebApi, o: { disabled?: boolean; quantity?: number } = {}) =>
    createContext<ItemInputs>({
      control: 'ItemAvailability',
      languageId: 1036,
      webAPI,
      disabled: o.disabled,
      parameters: { product: lookupProperty({ id: PRODUCT_ID, entityType: 'product' }), quantity: numberProperty(o.quantity ?? 4), maxAgeMinutes: numberProperty(null) },
      host: { entityTypeName: 'salesorderdetail', entityId: '0b9c2f8e-0000-4000-8000-000000000001' },
    });

  test('choosing a ship-from location notifies the host once and hands the code to getOutputs; choosing none clears it', async () => {
    const webAPI = new FakeWebApi()
      .on(connectionRow(ConnectionColumns.availabilityEnabled, true))
      .on((c) => (c.op === 'retrieveRecord' && c.table === 'product' ? { erp_itemnumber: '1896-S', producttypecode: 1, erp_product_erp_itemavailability_productid: locations(2) } : undefined));
    const bound = (value: string | null) =>
      createContext<ItemInputs>({
        control: 'ItemAvailability',
        languageId: 1036,
        webAPI,
        parameters: {
          product: lookupProperty({ id: PRODUCT_ID, entityType: 'product' }),
          quantity: numberProperty(4),
          maxAgeMinutes: numberProperty(null),
          shipFrom: { ...textProperty(value), attributes: { LogicalName: 'erp_locationcode' } } as unknown as ComponentFramework.PropertyTypes.StringProperty,
        },
        host: { entityTypeName: 'salesorderdetail', entityId: '0b9c2f8e-0000-4000-8000-000000000001' },
      });
    const notify = jest.fn();
    const control = new ItemAvailability();
    control.init(bound(null), notify);
    expect(control.getOutputs()).toEqual({});
    const view = render(control.updateView(bound(null)));
    await userEvent.click(await screen.findByRole('button', { name: text(ia, 'ShipFromLabel', 'L01 – Location 1') }));
    expect(notify).toHaveBeenCalledTimes(1);
    expect(control.getOutputs()).toEqual({ shipFrom: 'L01' });
    // The host writes the column and calls updateView with it: the location shows as chosen.
    view.rerender(control.updateView(bound('L01')));
    await userEvent.click(screen.getByRole('button', { name: text(ia, 'ShipFromLabel', 'L01 – Location 1') }));
    expect(notify).toHaveBeenCalledTimes(2);
    const cleared = control.getOutputs();
    expect(Object.keys(cleared)).toEqual(['shipFrom']);
    expect(cleared.shipFrom).toBeUndefined();
    view.unmount();
  });

  test('one read per product (product + every location via $expand, and the switch), even with 12 locations and several updateViews', async () => {
    const webAPI = new FakeWebApi()
      .on(connectionRow(ConnectionColumns.availabilityEnabled, true))
      .on((c) => (c.op === 'retrieveRecord' && c.table === 'product' ? { erp_itemnumber: '1896-S', producttypecode: 1, erp_product_erp_itemavailability_productid: locations(12) } : undefined));
    const control = new ItemAvailability();
    const ctx = context(webAPI);
    control.init(ctx);
    expect(ctx.mode.trackContainerResize).toHaveBeenCalledWith(true);
    const view = render(control.updateView(ctx));
    expect(await screen.findByText(text(ia, 'Status_inStock'))).toBeInTheDocument();
    expect(screen.getAllByRole('row')).toHaveLength(13);
    view.rerender(control.updateView(context(webAPI, { quantity: 200 })));
    expect(screen.getByText(text(ia, 'Status_partial'))).toBeInTheDocument();
    view.rerender(control.updateView(context(webAPI, { disabled: true })));
    expect(screen.getByRole('button', { name: text(ia, 'Refresh') })).toBeDisabled();
    expect(webAPI.calls).toEqual([
      {
        op: 'retrieveRecord',
        table: 'product',
        id: PRODUCT_ID,
        options:
          '?$select=erp_itemnumber,producttypecode&$expand=erp_product_erp_itemavailability_productid($select=erp_itemnumber,erp_locationcode,erp_locationname,erp_onhand,erp_reserved,erp_incoming,erp_available,erp_nextreceiptdate,erp_unit,erp_refreshedon)',
      },
      switchCall('erp_availabilityenabled'),
    ]);
  });

  test('refresh end to end: creates the request, the connector succeeds at the first poll, the view reads again', async () => {
    let stock = 3;
    const webAPI = new FakeWebApi().on((c) => {
      if (c.op === 'retrieveRecord' && c.table === 'product') return { erp_itemnumber: '1896-S', producttypecode: 1, erp_product_erp_itemavailability_productid: locations(1).map((l) => ({ ...l, erp_available: stock })) };
      if (c.op === 'retrieveMultipleRecords') return { entities: [], nextLink: '' };
      if (c.op === 'createRecord') {
        stock = 50; // the connector wrote fresh figures
        return { id: 'bbbbbbbb-0000-4000-8000-000000000001', entityType: c.table, name: '' };
      }
      if (c.op === 'retrieveRecord' && c.table === 'erp_integrationrequest') return { [R.status]: RequestStatus.succeeded };
      return undefined;
    });
    const control = new ItemAvailability();
    const ctx = context(webAPI);
    control.init(ctx);
    render(control.updateView(ctx));
    expect(await screen.findByText(text(ia, 'Status_partial'))).toBeInTheDocument();
    await act(async () => {
      await userEvent.click(screen.getByRole('button', { name: text(ia, 'Refresh') }));
    });
    expect(await screen.findByText(text(ia, 'Status_inStock'))).toBeInTheDocument();
    expect(webAPI.callsOf('createRecord')[0]).toMatchObject({ table: 'erp_integrationrequest', data: { [R.kind]: RequestKind.refreshAvailability, [R.targetTable]: 'product', [R.targetId]: PRODUCT_ID, [`${R.requestedBy}@odata.bind`]: '/systemusers(00000000-0000-0000-0000-0000000000aa)' } });
    expect(webAPI.callsOf('retrieveRecord', 'product')).toHaveLength(2);
  });

  test('a 403 from Dataverse shows the privilege message in French, without the server text', async () => {
    const webAPI = new FakeWebApi().on(() => Promise.reject(privilegeError()));
    const control = new ItemAvailability();
    const ctx = context(webAPI);
    control.init(ctx);
    const view = render(control.updateView(ctx));
    expect(await screen.findByText(text(ia, 'NoPrivilege'))).toBeInTheDocument();
    expect(view.container.textContent).not.toContain('prvRead');
  });

  test('availability turned off on the default connection: the French note in place of the figures and of Refresh, even when the figures cannot be read', async () => {
    const webAPI = new FakeWebApi().on(connectionRow(ConnectionColumns.availabilityEnabled, false)).on((c) => (c.op === 'retrieveRecord' ? Promise.reject(privilegeError()) : undefined));
    const control = new ItemAvailability();
    const ctx = context(webAPI);
    control.init(ctx);
    const view = render(control.updateView(ctx));
    const note = await screen.findByRole('group', { name: text(ia, 'SwitchedOff') });
    expect(note).toHaveAttribute('data-state', 'switchedOff');
    expect(note).toHaveTextContent(text(ia, 'SwitchedOffHint'));
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
    expect(view.container.textContent).not.toContain(text(ia, 'NoPrivilege'));
    expect(webAPI.calls.map((c) => [c.op, c.table])).toEqual([
      ['retrieveRecord', 'product'],
      ['retrieveMultipleRecords', 'erp_connection'],
    ]);
  });
});

describe('AccountStatistics control', () => {
  const as = loadResx('AccountStatistics', 1033);
  const context = (webAPI: FakeWebApi) =>
    createContext<AccountInputs>({
      control: 'AccountStatistics',
      languageId: 1033,
      webAPI,
      parameters: { account: textProperty('C10000'), maxAgeMinutes: numberProperty(null), creditWarningPercent: numberProperty(null) },
      host: { entityTypeName: 'account', entityId: `{${ACCOUNT_ID.toUpperCase()}}` },
    });

  test('one read: the account and its statistics through the lookup’s $expand, and the switch', async () => {
    const webAPI = new FakeWebApi()
      .on(connectionRow(ConnectionColumns.statisticsEnabled, null))
      .on((c) =>
        c.op === 'retrieveRecord'
          ? { erp_customernumber: 'C10000', erp_accountstatisticsid: { [S.currencyCode]: 'EUR', [S.balance]: 900, [S.creditLimit]: 1000, [S.refreshedOn]: recent() } }
          : undefined,
      );
    const control = new AccountStatistics();
    const ctx = context(webAPI);
    control.init(ctx);
    expect(ctx.mode.trackContainerResize).toHaveBeenCalledWith(true);
    const view = render(control.updateView(ctx));
    expect(await screen.findByText(text(as, 'Credit_warning'))).toBeInTheDocument();
    view.rerender(control.updateView(context(webAPI)));
    expect(webAPI.calls).toHaveLength(2);
    expect(webAPI.calls[1]).toEqual(switchCall('erp_statisticsenabled'));
    const call = webAPI.calls[0] as { table: string; id: string; options: string };
    expect(call.table).toBe('account');
    expect(call.id).toBe(ACCOUNT_ID);
    expect(call.options).toBe(
      `?$select=erp_customernumber&$expand=erp_accountstatisticsid($select=${[
        S.customerNumber, S.currencyCode, S.balance, S.outstandingOrders, S.shippedNotInvoiced, S.outstandingInvoices, S.outstandingServiceOrders,
        S.serviceShippedNotInvoiced, S.outstandingServiceInvoices, S.total, S.creditLimit, S.overdueAmount, S.overdueAsOf, S.totalSales,
        S.invoicedPrepayments, S.agingCurrent, S.aging1To30, S.aging31To60, S.aging61To90, S.agingOver90, S.lastPaymentDate, S.lastPaymentAmount, S.promisedAmount, S.promisedDate, S.refreshedOn,
      ].join(',')})`,
    );
  });

  test('linked account without statistics yet (lookup empty): "no data yet"; unlinked: "not linked"', async () => {
    const linkedApi = new FakeWebApi().on(() => ({ erp_customernumber: 'C10000', erp_accountstatisticsid: null }));
    const control = new AccountStatistics();
    control.init(context(linkedApi));
    const view = render(control.updateView(context(linkedApi)));
    expect(await screen.findByText(text(as, 'NoData'))).toBeInTheDocument();
    view.unmount();
    const unlinkedApi = new FakeWebApi().on(() => ({ erp_customernumber: null }));
    const other = new AccountStatistics();
    other.init(context(unlinkedApi));
    render(other.updateView(context(unlinkedApi)));
    expect(await screen.findByText(text(as, 'NotLinked'))).toBeInTheDocument();
  });

  const statisticsRow = (c: { op: string }) => (c.op === 'retrieveRecord' ? { erp_customernumber: 'C10000', erp_accountstatisticsid: { [S.currencyCode]: 'EUR', [S.balance]: 900, [S.creditLimit]: 1000, [S.refreshedOn]: recent() } } : undefined);

  test('statistics turned off on the default connection: the note in place of the figures and of Refresh', async () => {
    const webAPI = new FakeWebApi().on(connectionRow(ConnectionColumns.statisticsEnabled, false)).on(statisticsRow);
    const control = new AccountStatistics();
    control.init(context(webAPI));
    const view = render(control.updateView(context(webAPI)));
    const note = await screen.findByRole('group', { name: text(as, 'SwitchedOff') });
    expect(note).toHaveTextContent(text(as, 'SwitchedOffHint'));
    expect(screen.queryByRole('button', { name: text(as, 'Refresh') })).toBeNull();
    expect(screen.queryByText(text(as, 'Balance'))).toBeNull();
    expect(view.container.textContent).not.toMatch(/900/);
  });

  test.each([
    ['the switch cannot be read (403 on erp_connection)', (c: { op: string; table: string }) => (c.table === 'erp_connection' ? Promise.reject(privilegeError()) : undefined)],
    ['there is no active connection row', connectionRow(ConnectionColumns.statisticsEnabled, undefined)],
    ['the switch is on', connectionRow(ConnectionColumns.statisticsEnabled, true)],
  ])('%s: the figures and Refresh as before', async (_case, switchAnswer) => {
    const webAPI = new FakeWebApi().on(statisticsRow).on(switchAnswer);
    const control = new AccountStatistics();
    control.init(context(webAPI));
    render(control.updateView(context(webAPI)));
    expect(await screen.findByText(text(as, 'Credit_warning'))).toBeInTheDocument();
    expect(screen.getByRole('button', { name: text(as, 'Refresh') })).toBeEnabled();
    expect(screen.queryByRole('group', { name: text(as, 'SwitchedOff') })).toBeNull();
    expect(webAPI.callsOf('retrieveMultipleRecords', 'erp_connection')).toHaveLength(1);
  });
});
