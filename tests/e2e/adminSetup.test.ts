/**
 * An administrator's first hour in the sandbox page, in Debian Chromium: ERP Link setup (the solution's HTML web
 * resource, in its frame) tests the connection through the running connector, saves the switches, couples a
 * salesperson, runs the full synchronisation to the end, and retries what it skipped after the cause is fixed in
 * the ERP, then checks Sales orders against the ERP. Everything runs in-process on free ports. Screenshots: test-results/e2e/.
 */
import { RequestKind, RequestStatus, SubmissionStatus } from '../../domain/schema';
import type { FrameLocator, Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/app/sandbox';
import type { Browser } from './support/browser';
import { useSandboxPage } from './support/suite';

jest.setTimeout(150_000);

let sandbox: Sandbox;
let browser: Browser;
let page: Page;
let setup: FrameLocator;

const dv = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> => {
  const r = await fetch(`${sandbox.dataverse.apiUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${sandbox.dataverse.tokens.admin}`, Accept: 'application/json', 'Content-Type': 'application/json', 'If-Match': '*' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${await r.text()}`);
  const text = await r.text();
  return (text ? JSON.parse(text) : null) as T;
};

const bc = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> => {
  const r = await fetch(`${sandbox.bc.companyUrl}/${path}`, {
    method,
    headers: { Authorization: `Bearer ${sandbox.bc.token}`, Accept: 'application/json', 'Content-Type': 'application/json', 'If-Match': '*' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};

const status = (step: string) => setup.locator(`section[aria-labelledby="step-${step}"] [role="status"]`);

useSandboxPage('admin-setup', { connector: { eventsIntervalSeconds: 5, pollIntervalSeconds: 1 }, defaultLcid: 1033 }, (p) => ({ sandbox, browser, page } = p), async () => {
  await page.getByTestId('user-menu').click();
  await Promise.all([page.waitForEvent('load'), page.getByTestId('user-admin').click()]);
  await page.getByTestId('user-menu').waitFor();
  await page.getByTestId('nav-erpsetup').click();
  setup = page.frameLocator('[data-testid=webresource-frame]');
  await setup.locator('#test-connection').waitFor();
});

describe('ERP Link setup, as an administrator', () => {
  test('step 1: the connector answers that it reaches both sides, as whom, and which Business Central sources it can read', async () => {
    await setup.locator('#test-connection').click();
    await status('connection').filter({ hasText: /^(OK|Problem)$/ }).waitFor({ timeout: 60_000 });
    const report = await setup.locator('#connection-report').innerText();
    expect(report).toMatch(/Dynamics 365: reached, signed in as .+\./);
    expect(report).toMatch(/Business Central: reached, company .+\./);
    expect(report).toMatch(/Analytics API outstandingPurchaseLines: available \(Item Availability: incoming purchases and next receipt date\)\./);
    expect(report).toMatch(/Published page PostedSalesShipments \(page 142 "Posted Sales Shipments"\): available/);
    // Step 2 filled from the same answer: Business Central's checks of the integration user.
    expect(await setup.locator('#user-report').innerText()).toMatch(/holds ERP Integration Administrator, is not System Administrator and is enabled\./);
    await browser.shot('connection-tested');
  });

  test('step 3: switches are saved on the ERP connection, read back when the page opens again, and followed by the controls', async () => {
    await setup.locator('#statistics-on').uncheck();
    await setup.locator('#save-choices').click();
    await status('choose').filter({ hasText: 'Saved.' }).waitFor();
    const [conn] = (await dv<{ value: Array<Record<string, unknown>> }>('GET', 'erp_connections?$select=erp_statisticsenabled,erp_availabilityenabled&$filter=statecode eq 0')).value;
    expect(conn).toMatchObject({ erp_statisticsenabled: false, erp_availabilityenabled: true });
    // The account form's statistics control says so instead of showing stale figures and Refresh.
    const account = sandbox.demoOrder!;
    const { _customerid_value: accountId } = await dv<{ _customerid_value: string }>('GET', `salesorders(${account.orderId})?$select=_customerid_value`);
    await page.goto(`${sandbox.url}#/form/account/${accountId}`);
    const control = page.locator('.pcf-host[data-control="ErpLink.AccountStatistics"]');
    await control.getByText('ERP statistics are turned off.').waitFor({ timeout: 30_000 });
    expect(await control.getByRole('button', { name: /refresh/i }).count()).toBe(0);
    await browser.shot('statistics-off');

    await page.goto(sandbox.url);
    await page.getByTestId('nav-erpsetup').click();
    await setup.locator('#statistics-on').waitFor();
    expect(await setup.locator('#statistics-on').isChecked()).toBe(false);
    await setup.locator('#statistics-on').check();
    await setup.locator('#save-choices').click();
    await status('choose').filter({ hasText: 'Saved.' }).waitFor();
  });

  test('step 4: loads the ERP salespeople, refuses someone else’s, couples a user with a free one, then uncouples', async () => {
    // Every demo salesperson has its Sales user: a new one joins the ERP.
    await bc('POST', 'salespeoplePurchasers', { code: 'AM', displayName: 'Alex Morgan', email: 'alex.morgan@erp.example' });
    const [user] = (await dv<{ value: Array<{ systemuserid: string }> }>('GET', "systemusers?$select=systemuserid&$filter=fullname eq 'Alex Morgan'")).value;
    const id = user.systemuserid.toLowerCase();
    const select = setup.locator(`select[id="sp-${id}"]`);
    await setup.locator('#load-salespeople').click();
    await select.locator('option').nth(1).waitFor({ state: 'attached' });
    const taken = new Set((await setup.locator('#salespeople tbody tr select option:first-child').allInnerTexts()).map((x) => x.trim()));
    const options = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(options.filter((code) => !taken.has(code))).toEqual(['AM']);

    await select.selectOption(options.find((code) => taken.has(code))!);
    await setup.locator(`button.couple[data-user="${id}"]`).click();
    await status('salespeople').filter({ hasText: /^The connector answered with an error: .*already coupled/ }).waitFor({ timeout: 30_000 });

    await select.selectOption('AM');
    await setup.locator(`button.couple[data-user="${id}"]`).click();
    await status('salespeople').filter({ hasText: 'Coupled Alex Morgan with AM.' }).waitFor({ timeout: 30_000 });
    const couplings = (await dv<{ value: Array<{ erp_erpnumber: string; erp_erpentity: string }> }>('GET', `erp_couplings?$select=erp_erpnumber,erp_erpentity&$filter=erp_crmtable eq 'systemuser' and erp_crmid eq '${id}' and statecode eq 0`)).value;
    expect(couplings).toEqual([expect.objectContaining({ erp_erpnumber: 'AM', erp_erpentity: 'salespeoplePurchasers' })]);
    expect(await select.locator('option').first().innerText()).toBe('AM');

    await setup.locator(`button.uncouple[data-user="${id}"]`).click();
    await status('salespeople').filter({ hasText: 'Uncoupled Alex Morgan.' }).waitFor({ timeout: 30_000 });
    await browser.shot('salespeople');
  });

  test('step 5: the full synchronisation runs to the end with a row per mapping; the skipped record is retried once fixed', async () => {
    await setup.locator('#start-full').click();
    await status('full').filter({ hasText: /^Full synchronisation finished/ }).waitFor({ timeout: 120_000 });
    const rows = setup.locator('#jobs tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(8);
    expect(await setup.locator('#jobs tbody tr[data-mapping="CUSTOMER"] td').nth(0).innerText()).toMatch(/Completed with errors|Succeeded/);
    await browser.shot('full-sync-done');

    // The demo's blocked ERP customer is skipped with its reason; unblocked in the ERP, the retry brings it across.
    await setup.locator('#skipped-count').filter({ hasText: /skipped with an error/ }).waitFor();
    const before = Number(/^(\d+)/.exec(await setup.locator('#skipped-count').innerText())![1]);
    expect(before).toBeGreaterThanOrEqual(1);
    const blocked = (await bc<{ value: Array<{ id: string }> }>('GET', "customers?$filter=blocked eq 'All'")).value;
    expect(blocked.length).toBeGreaterThanOrEqual(1);
    for (const c of blocked) await bc('PATCH', `customers(${c.id})`, { blocked: ' ' });
    await setup.locator('#retry-skipped').click();
    await status('full').filter({ hasText: /^Retried \d+ records?:/ }).waitFor({ timeout: 60_000 });
    const retried = await status('full').innerText();
    expect(Number(/^Retried (\d+)/.exec(retried)![1])).toBe(before);
    await browser.shot('skipped-retried');
  });

  test('step 6: orders are checked against the ERP; an order made twice in the ERP is listed, linked to its Sales order', async () => {
    // The demo's ready order, submitted as the command bar does; then a twin made by hand in the ERP with its number.
    const readyId = sandbox.dataverse.seedInfo!.orders.ready;
    await dv('PATCH', `salesorders(${readyId})`, { statecode: 1, statuscode: 3, erp_submissionstatus: SubmissionStatus.queued });
    await dv('POST', 'erp_integrationrequests', { erp_name: 'Submit (e2e)', erp_kind: RequestKind.submitOrder, erp_status: RequestStatus.pending, erp_targettable: 'salesorder', erp_targetid: readyId, erp_idempotencykey: `e2e-reconcile:${readyId}` });
    let o: { salesorderid: string; ordernumber: string; erp_erpordernumber: string | null } = { salesorderid: readyId, ordernumber: '', erp_erpordernumber: null };
    // The connector's queue worker takes the request now rather than at its next poll.
    await sandbox.connector!.current()!.processQueue();
    o = await dv('GET', `salesorders(${readyId})?$select=salesorderid,ordernumber,erp_erpordernumber`);
    expect(o.erp_erpordernumber).toMatch(/^S-ORD/);
    const [erp] = (await bc<{ value: Array<{ customerNumber: string; externalDocumentNumber: string }> }>('GET', `salesOrders?$filter=number eq '${o.erp_erpordernumber}'`)).value;
    await bc('POST', 'salesOrders', { customerNumber: erp.customerNumber, externalDocumentNumber: erp.externalDocumentNumber });
    await setup.locator('#reconcile-days').fill('366');
    await setup.locator('#reconcile').click();
    await status('reconcile').filter({ hasText: /Sales orders? since/ }).waitFor({ timeout: 60_000 });
    const row = setup.locator(`#reconcile-findings tr[data-code="RECON_DUPLICATE"]`).filter({ hasText: o.ordernumber });
    expect(await row.locator('td').nth(1).innerText()).toContain(`The Sales order ${o.ordernumber} is in the ERP 2 times`);
    await row.scrollIntoViewIfNeeded();
    await browser.shot('orders-reconciled');
    // The order link opens the Sales order's form.
    expect(await row.getByRole('link', { name: o.ordernumber }).getAttribute('href')).toMatch(new RegExp(`/main\\.aspx\\?pagetype=entityrecord&etn=salesorder&id=${o.salesorderid}$`));
  });
});
