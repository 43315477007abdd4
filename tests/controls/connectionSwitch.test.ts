/**
 * The administrator's availability and statistics switches, read by the controls' Web API readers: the exact query
 * (default active connection, one column, one row), what each answer means (only an explicit false is off), and how
 * the switch and the figures combine (read side by side; off wins; on keeps the figures' own errors).
 */
import { ConnectionColumns } from '../../domain/schema';
import { connectionSwitchQuery, readConnectionSwitch, unlessSwitchedOff } from '../../controls/shared/connectionSwitch';
import { WebApiAvailabilityReader } from '../../controls/ItemAvailability/services/AvailabilityReader';
import { WebApiStatisticsReader } from '../../controls/AccountStatistics/services/StatisticsReader';
import { classifyError } from '../../controls/shared/errors';
import { FakeWebApi, privilegeError, type Call } from './support/fakeWebApi';

const PRODUCT = { table: 'product', id: '7d0f1c52-0b4e-4b8a-9d2c-1a2b3c4d5e6f' };
const ACCOUNT = { table: 'account', id: '2a7e4b10-5c3d-4e2f-8a9b-0c1d2e3f4a5b' };

const isSwitchRead = (c: Call) => c.op === 'retrieveMultipleRecords' && c.table === 'erp_connection';

/** How the host can answer the switch read, and what the reader must make of it. */
const answers: [string, boolean, (column: string) => unknown][] = [
  ['true', true, (column) => ({ entities: [{ [column]: true }], nextLink: '' })],
  ['null (a row made before the switch existed)', true, (column) => ({ entities: [{ [column]: null }], nextLink: '' })],
  ['column absent from the row', true, () => ({ entities: [{}], nextLink: '' })],
  ['no active connection row', true, () => ({ entities: [], nextLink: '' })],
  ['403 (no read privilege on erp_connection)', true, () => Promise.reject(privilegeError())],
  ['another failure (offline store without the table)', true, () => Promise.reject(new TypeError('Failed to fetch'))],
  ['false', false, (column) => ({ entities: [{ [column]: false }], nextLink: '' })],
];

describe.each([
  {
    name: 'Item Availability',
    column: ConnectionColumns.availabilityEnabled,
    figures: { erp_itemnumber: '1896-S', producttypecode: 1, erp_product_erp_itemavailability_productid: [] },
    read: (webAPI: FakeWebApi) => new WebApiAvailabilityReader(webAPI).read(PRODUCT),
  },
  {
    name: 'Account Statistics',
    column: ConnectionColumns.statisticsEnabled,
    figures: { erp_customernumber: 'C10000', erp_accountstatisticsid: null },
    read: (webAPI: FakeWebApi) => new WebApiStatisticsReader(webAPI).read(ACCOUNT),
  },
])('$name reader', ({ column, figures, read }) => {
  test('asks for the one switch column of the default active connection, one row', async () => {
    const webAPI = new FakeWebApi().on((c) => (isSwitchRead(c) ? { entities: [], nextLink: '' } : figures));
    await read(webAPI);
    expect(webAPI.calls.filter(isSwitchRead)).toEqual([
      { op: 'retrieveMultipleRecords', table: 'erp_connection', options: `?$select=${column}&$filter=statecode eq 0&$orderby=erp_isdefault desc&$top=1`, maxPageSize: undefined },
    ]);
    expect(webAPI.calls).toHaveLength(2);
  });

  test.each(answers)('switch %s → enabled: %s', async (_case, enabled, answer) => {
    const webAPI = new FakeWebApi().on((c) => (isSwitchRead(c) ? answer(column) : figures));
    const data = await read(webAPI);
    expect(data.enabled).toBe(enabled);
    // Off carries nothing else: no stale figure can reach the view.
    if (!enabled) expect(data).toEqual({ enabled: false });
    else expect(Object.keys(data).length).toBeGreaterThan(1);
  });

  test('the switch and the figures are asked for side by side, not one after the other', async () => {
    const pending: (() => void)[] = [];
    const webAPI = new FakeWebApi().on((c) => new Promise((resolve) => pending.push(() => resolve(isSwitchRead(c) ? { entities: [], nextLink: '' } : figures))));
    const result = read(webAPI);
    await new Promise((r) => setTimeout(r, 0));
    expect(webAPI.calls.map((c) => c.op).sort()).toEqual(['retrieveMultipleRecords', 'retrieveRecord']);
    pending.forEach((answer) => answer());
    expect((await result).enabled).toBe(true);
  });

  test('switched off wins over figures that cannot be read; switched on keeps the figures’ error', async () => {
    const off = new FakeWebApi().on((c) => (isSwitchRead(c) ? { entities: [{ [column]: false }], nextLink: '' } : Promise.reject(privilegeError())));
    expect(await read(off)).toEqual({ enabled: false });
    const on = new FakeWebApi().on((c) => (isSwitchRead(c) ? { entities: [{ [column]: true }], nextLink: '' } : Promise.reject(privilegeError())));
    const error = await read(on).catch((e: unknown) => e);
    expect(classifyError(error).kind).toBe('privilege');
  });
});

test('connectionSwitchQuery names the column asked for', () => {
  expect(connectionSwitchQuery(ConnectionColumns.statisticsEnabled)).toBe('?$select=erp_statisticsenabled&$filter=statecode eq 0&$orderby=erp_isdefault desc&$top=1');
});

test('readConnectionSwitch reads the first row only: the default connection, as ordered by the query', async () => {
  const webAPI = new FakeWebApi().on(() => ({ entities: [{ erp_availabilityenabled: false }, { erp_availabilityenabled: true }], nextLink: '' }));
  expect(await readConnectionSwitch(webAPI, ConnectionColumns.availabilityEnabled)).toBe(false);
});

test('unlessSwitchedOff leaves no unhandled rejection behind when the switch is off and the figures fail', async () => {
  const unhandled = jest.fn();
  process.on('unhandledRejection', unhandled);
  try {
    const webAPI = new FakeWebApi().on(() => ({ entities: [{ erp_statisticsenabled: false }], nextLink: '' }));
    expect(await unlessSwitchedOff(webAPI, ConnectionColumns.statisticsEnabled, Promise.reject(new Error('figures failed')))).toBeNull();
    await new Promise((r) => setTimeout(r, 10));
    expect(unhandled).not.toHaveBeenCalled();
  } finally {
    process.off('unhandledRejection', unhandled);
  }
});
