/**
 * The production bundles pcf-scripts writes (out/controls) run on the platform libraries exactly as the host
 * provides them: React and Fluent as globals, the control registered through ComponentFramework.registerControl.
 * Built first when missing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as React from 'react';
import * as Fluent from '@fluentui/react-components';
import { render, screen } from '@testing-library/react';
import { FakeWebApi } from './support/fakeWebApi';
import { createContext, lookupProperty, numberProperty, textProperty } from './support/mockContext';
import { loadResx, text } from './support/resx';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'out', 'controls');
type ControlClass = new () => ComponentFramework.ReactControl<unknown, unknown>;
const registered = new Map<string, ControlClass>();

beforeAll(() => {
  if (!['ItemAvailability', 'AccountStatistics'].every((c) => fs.existsSync(path.join(OUT, c, 'bundle.js')))) {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-controls.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build:controls failed:\n${build.stdout}\n${build.stderr}`);
  }
  const g = globalThis as Record<string, unknown>;
  // The names pcf-scripts gives the platform libraries (PlatformLibraryVersions.json: libAlias).
  g.Reactv16 = React;
  g.FluentUIReactv940 = Fluent;
  g.ComponentFramework = { registerControl: (name: string, ctor: ControlClass) => registered.set(name, ctor) };
  for (const c of ['ItemAvailability', 'AccountStatistics']) (0, eval)(fs.readFileSync(path.join(OUT, c, 'bundle.js'), 'utf8'));
}, 120_000);

test('both bundles register their control under the manifest name', () => {
  expect([...registered.keys()].sort()).toEqual(['ErpLink.AccountStatistics', 'ErpLink.ItemAvailability']);
});

/** The default ERP connection's switch for this control, as the bundle asks for it. */
const connection = (column: string, value: boolean) => (c: { op: string; table: string }) =>
  c.op === 'retrieveMultipleRecords' && c.table === 'erp_connection' ? { entities: [{ [column]: value }], nextLink: '' } : undefined;

test('the bundled Item Availability renders the availability read through context.webAPI', async () => {
  const webAPI = new FakeWebApi().on(() => ({
    erp_itemnumber: '1896-S',
    producttypecode: 1,
    erp_product_erp_itemavailability_productid: [{ erp_locationcode: 'MAIN', erp_onhand: 8, erp_reserved: 1, erp_available: 7, erp_refreshedon: new Date().toISOString() }],
  })).on(connection('erp_availabilityenabled', true));
  const ctx = createContext({
    control: 'ItemAvailability',
    languageId: 1036,
    webAPI,
    parameters: { product: lookupProperty({ id: '7d0f1c52-0b4e-4b8a-9d2c-1a2b3c4d5e6f', entityType: 'product' }), quantity: numberProperty(3), maxAgeMinutes: numberProperty(null) },
  });
  const control = new (registered.get('ErpLink.ItemAvailability')!)();
  control.init(ctx as never);
  render(control.updateView(ctx as never));
  expect(await screen.findByText(text(loadResx('ItemAvailability', 1036), 'Status_inStock'))).toBeInTheDocument();
  expect(webAPI.calls.map((c) => c.table)).toEqual(['product', 'erp_connection']);
});

test('the bundled Account Statistics renders the statistics read through context.webAPI', async () => {
  const webAPI = new FakeWebApi().on(() => ({ erp_customernumber: 'C10000', erp_accountstatisticsid: { erp_currencycode: 'EUR', erp_balance: 95, erp_creditlimit: 100, erp_refreshedon: new Date().toISOString() } }));
  const ctx = createContext({
    control: 'AccountStatistics',
    languageId: 1033,
    webAPI,
    parameters: { account: textProperty('C10000'), maxAgeMinutes: numberProperty(null), creditWarningPercent: numberProperty(null) },
    host: { entityTypeName: 'account', entityId: '2a7e4b10-5c3d-4e2f-8a9b-0c1d2e3f4a5b' },
  });
  const control = new (registered.get('ErpLink.AccountStatistics')!)();
  control.init(ctx as never);
  render(control.updateView(ctx as never));
  expect(await screen.findByText(text(loadResx('AccountStatistics', 1033), 'Credit_warning'))).toBeInTheDocument();
});

test('the bundled Account Statistics shows the switched-off note when the administrator turned statistics off', async () => {
  const webAPI = new FakeWebApi().on(() => ({ erp_customernumber: 'C10000', erp_accountstatisticsid: { erp_currencycode: 'EUR', erp_balance: 95, erp_creditlimit: 100 } })).on(connection('erp_statisticsenabled', false));
  const ctx = createContext({
    control: 'AccountStatistics',
    languageId: 1036,
    webAPI,
    parameters: { account: textProperty('C10000'), maxAgeMinutes: numberProperty(null), creditWarningPercent: numberProperty(null) },
    host: { entityTypeName: 'account', entityId: '2a7e4b10-5c3d-4e2f-8a9b-0c1d2e3f4a5b' },
  });
  const control = new (registered.get('ErpLink.AccountStatistics')!)();
  control.init(ctx as never);
  render(control.updateView(ctx as never));
  const strings = loadResx('AccountStatistics', 1036);
  expect(await screen.findByRole('group', { name: text(strings, 'SwitchedOff') })).toHaveTextContent(text(strings, 'SwitchedOffHint'));
  expect(screen.queryByRole('button')).toBeNull();
});
