/**
 * Assisted setup, server side: the integration-user checks Business Central runs (original-solution.md §2.1) and
 * the testConnection request (reaches Dataverse as whom, reaches the ERP company, extension routes, user checks).
 */
import { Roles } from '../../domain/schema';
import { checkIntegrationUser, SYSTEM_ADMINISTRATOR_TEMPLATE } from '../../connector/setup/checks';
import { testConnection } from '../../connector/setup/testConnection';
import { createServices } from '../../connector/connector';
import { loadConfig } from '../../connector/config';
import { memoryLogger } from '../../connector/log';
import { startSyncHarness, type SyncHarness } from './harness';

const both = [
  { id: Roles.administrator.id, name: Roles.administrator.name },
  { id: Roles.user.id, name: Roles.user.name },
];

describe('integration user checks', () => {
  it('accepts a user with the ERP Integration Administrator role, enabled, not System Administrator', () => {
    const r = checkIntegrationUser({ id: 'u', fullName: '# ERP Link', disabled: false, licensed: null, integrationMode: true, roles: both });
    expect(r).toEqual([
      {
        code: 'USER_OK',
        ok: true,
        en: 'User # ERP Link holds ERP Integration Administrator, is not System Administrator and is enabled.',
        fr: "L'utilisateur # ERP Link a le rôle ERP Integration Administrator, n'est pas Administrateur système et est actif.",
      },
    ]);
  });

  it('reports every problem at once, each saying what to do', () => {
    const r = checkIntegrationUser({ id: 'u', fullName: 'Alex Morgan', disabled: true, licensed: false, integrationMode: false, roles: [{ id: 'x', name: 'Administrateur système', templateId: SYSTEM_ADMINISTRATOR_TEMPLATE }, both[1]] });
    expect(r.map((x) => x.code)).toEqual(['USER_MISSING_ROLES', 'USER_IS_SYSTEM_ADMINISTRATOR', 'USER_DISABLED', 'USER_NOT_LICENSED', 'USER_NOT_INTEGRATION_MODE']);
    expect(r[0].en).toBe('User Alex Morgan does not have the required role: ERP Integration Administrator is missing. Assign ERP Integration Administrator to it.');
    expect(r.every((x) => !x.ok && x.fr.startsWith("L'utilisateur Alex Morgan"))).toBe(true);
    expect(checkIntegrationUser({ id: 'u', fullName: 'Nobody', disabled: false, licensed: true, integrationMode: null, roles: [] }).map((x) => x.code)).toEqual(['USER_HAS_NO_ROLES']);
  });
});

describe('integration user mode', () => {
  it('a connector user Dataverse would keep out of submitted orders is reported, with the fix, in English and French', async () => {
    const r = checkIntegrationUser({ id: 'u', fullName: '# ERP Link', disabled: false, licensed: null, integrationMode: false, roles: both });
    expect(r.map((x) => [x.code, x.ok])).toEqual([['USER_NOT_INTEGRATION_MODE', false]]);
    expect(r[0].en).toMatch(/submitted orders read-only.*Integration user mode to Yes/);
    expect(r[0].fr).toMatch(/lecture seule.*Mode utilisateur d'intégration sur Oui/);
  });
});

describe('testConnection', () => {
  let h: SyncHarness;
  beforeAll(async () => {
    h = await startSyncHarness();
  });
  afterAll(() => h.close());

  it('says the connector reaches both sides and its user passes the checks', async () => {
    const r = await testConnection(h.services);
    expect(r.dataverse).toEqual({ ok: true, user: h.dv.users.integration.fullName, userId: h.dv.users.integration.id });
    expect(r.erp).toEqual({ ok: true, company: h.bc.companyName, message: null });
    expect(r.user.map((c) => c.code)).toEqual(['USER_OK']);
    // Every analytics query and published page the features read, each saying what it enables.
    expect(r.sources.map((x) => [x.name, x.ok])).toEqual([
      ['itemLedgerEntries', true], ['outstandingSalesLines', true], ['outstandingPurchaseLines', true], ['customerLedgerEntries', true], ['resources', true],
      ['PostedSalesShipments', true], ['SalesPriceLists', true], ['PriceListLines', true], ['CustomerPriceGroups', true], ['CustomerList', true],
    ]);
    expect(r.sources.find((x) => x.name === 'PostedSalesShipments')!.en).toContain('Tracking numbers');
    expect(r.mappings.names).toContain('CUSTOMER');
    expect(r.ok).toBe(true);
  });

  it('reports a System Administrator without the integration roles, and an ERP it cannot reach', async () => {
    const { config } = loadConfig({
      DATAVERSE_URL: h.dv.baseUrl,
      DATAVERSE_TOKEN: h.dv.tokens.admin,
      BC_API_URL: 'http://127.0.0.1:9/api/v2.0',
      BC_COMPANY_ID: h.bc.companyId,
      BC_TOKEN: h.bc.token,
      CONNECTOR_WEBHOOK_KEY: 'sync-test-webhook-key-0123456789',
      HTTP_TIMEOUT_SECONDS: '5',
      HTTP_INLINE_RETRIES: '0',
    });
    const s = createServices(config, { log: memoryLogger('error') });
    const r = await testConnection(s);
    expect(r.ok).toBe(false);
    expect(r.erp.ok).toBe(false);
    expect(r.erp.message).toMatch(/Business Central did not answer/);
    // The demo administrator is an ordinary user, not in integration user mode: submitted orders would stay closed to it.
    expect(r.user.map((c) => c.code)).toEqual(['USER_MISSING_ROLES', 'USER_IS_SYSTEM_ADMINISTRATOR', 'USER_NOT_INTEGRATION_MODE']);
    expect(r.user[1].en).toMatch(/^User Alex Morgan has the System Administrator role\. Use a dedicated integration user without it/);
  });
});
