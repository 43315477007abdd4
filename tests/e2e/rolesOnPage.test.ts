/**
 * The three ERP roles on the sandbox page, in Debian Chromium: the page resolves
 * userSettings.getSecurityRolePrivilegesInfo() from the signed-in user's roles under Dataverse's own names, so the
 * commands' enable and display rules decide as on a real tenant. The availability-only user sees neither Update ERP
 * statistics nor Submit to ERP, and Refresh availability works for them end to end (the connector answers); a
 * salesperson without any ERP role sees no ERP command. Screenshots: test-results/e2e/.
 */
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/app/sandbox';
import type { Browser } from './support/browser';
import { useSandboxPage } from './support/suite';
import { openForm as openFormOn, switchUser as switchUserOn } from './support/page';
import { dataverseReader } from './support/standIns';

jest.setTimeout(120_000);

let sandbox: Sandbox;
let browser: Browser;
let page: Page;

const dvGet = dataverseReader(() => sandbox);

const switchUser = (key: string) => switchUserOn(page, key);
const openForm = (entity: string, id: string) => openFormOn(page, sandbox.url, entity, id);

const button = (name: string | RegExp) => page.getByRole('button', { name });

useSandboxPage('roles', { connector: { eventsIntervalSeconds: 30, pollIntervalSeconds: 1, couplingIntervalSeconds: 60 }, defaultLcid: 1033, submissionTimeoutSeconds: 20 }, (p) => ({ sandbox, browser, page } = p));

describe('ERP roles on the page', () => {
  test('getSecurityRolePrivilegesInfo() answers the signed-in user’s privileges under their real names', async () => {
    const names = async () =>
      page.evaluate(async () => {
        const info = await (window as unknown as { Xrm: typeof Xrm }).Xrm.Utility.getGlobalContext().userSettings.getSecurityRolePrivilegesInfo();
        return Object.values(info).map((p) => `${p.privilegeName}:${p.depth}`);
      });
    const salesperson = await names();
    expect(salesperson).toEqual(expect.arrayContaining(['prvWriteOrder:1', 'prvCreateerp_IntegrationRequest:0', 'prvReaderp_AccountStatistics:3']));
    expect(salesperson.some((p) => p.startsWith('prvWriteSalesOrder'))).toBe(false);
    await switchUser('availability');
    const availability = await names();
    expect(availability).toEqual(expect.arrayContaining(['prvReaderp_ItemAvailability:3', 'prvAppendToerp_Connection:3', 'prvCreateerp_IntegrationRequest:0']));
    expect(availability.filter((p) => /^prv(Readerp_AccountStatistics|WriteOrder):/.test(p))).toEqual([]);
  });

  test('the availability-only user sees no Update ERP statistics on an account and no Submit to ERP on an order', async () => {
    await openForm('account', sandbox.dataverse.seedInfo!.accounts.C10000);
    expect(await button('Update ERP statistics').count()).toBe(0);
    await browser.shot('availability-account-no-statistics');
    await openForm('salesorder', sandbox.dataverse.seedInfo!.orders.ready);
    expect(await button(/Submit to ERP/).count()).toBe(0);
  });

  test('Refresh availability works for the availability-only user: their request is bound to the connection and answered', async () => {
    const coupled = (await dvGet<{ value: { productid: string; name: string }[] }>("products?$select=productid,name&$filter=erp_itemnumber ne null and producttypecode eq 1&$top=1")).value[0];
    await openForm('product', coupled.productid);
    await button('Refresh availability').click();
    const dialog = page.locator('[data-testid=alert-dialog], [data-testid=error-dialog]');
    await dialog.waitFor({ timeout: 60_000 });
    const text = await dialog.innerText();
    await browser.shot('availability-refreshed');
    expect(text).toContain(`The availability of ${coupled.name} is up to date.`);
    await dialog.getByRole('button', { name: 'OK' }).click();
    const requests = await dvGet<{ value: { erp_status: number; _erp_connectionid_value: string | null; _ownerid_value: string }[] }>(
      `erp_integrationrequests?$select=erp_status,_erp_connectionid_value,_ownerid_value&$filter=erp_targetid eq '${coupled.productid}'`,
    );
    expect(requests.value).toHaveLength(1);
    expect(requests.value[0]._erp_connectionid_value).toBe(sandbox.dataverse.seedInfo!.connectionId);
    expect(requests.value[0]._ownerid_value).toBe(sandbox.dataverse.users.availability.id);
  });

  test('a salesperson without an ERP role sees no ERP command; the ERP Integration User does', async () => {
    await switchUser('noerp');
    await openForm('salesorder', sandbox.dataverse.seedInfo!.orders.ready);
    expect(await button(/Submit to ERP/).count()).toBe(0);
    await openForm('account', sandbox.dataverse.seedInfo!.accounts.C10000);
    expect(await button('Update ERP statistics').count()).toBe(0);
    await browser.shot('noerp-no-commands');
    await switchUser('salesperson');
    await openForm('salesorder', sandbox.dataverse.seedInfo!.orders.ready);
    expect(await button('Submit to ERP').count()).toBe(1);
    await openForm('account', sandbox.dataverse.seedInfo!.accounts.C10000);
    expect(await button('Update ERP statistics').count()).toBe(1);
  });
});
