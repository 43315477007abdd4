/**
 * Submission never blocks the salesperson (issue 19, findings 4-6), in Debian Chromium against the whole sandbox:
 * with the connector stopped the progress lets go after erp_SubmissionDialogSeconds and says the order is queued,
 * Cancel submission takes the order back (request Cancelled, order Active, in one change set); with the connector
 * running the open form shows the ERP number when it lands, without a reload; a second tab submitting the same
 * order reports what really happened. Screenshots: test-results/e2e/submit-wait-*.
 */
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/app/sandbox';
import { RequestStatus, SubmissionStatus } from '../../domain/schema';
import type { Browser } from './support/browser';
import { useSandboxPage } from './support/suite';
import { commandsSettled as settledOn, openForm } from './support/page';
import { dataverseReader } from './support/standIns';
import { eventually } from './support/wait';

jest.setTimeout(120_000);

const DIALOG_SECONDS = 3;

let sandbox: Sandbox;
let browser: Browser;
let page: Page;

const dvGet = dataverseReader(() => sandbox);
const commandsSettled = () => settledOn(page);
const openOrder = (p: Page, orderId: string) => openForm(p, sandbox.url, 'salesorder', orderId);

async function setConnector(running: boolean): Promise<void> {
  if (sandbox.connector!.isRunning() !== running) await page.getByTestId('connector-toggle').click();
  await eventually(`the connector ${running ? 'running' : 'stopped'}`, async () => sandbox.connector!.isRunning() === running);
}

const requestsOf = (orderId: string) =>
  dvGet<{ value: { erp_status: number; erp_livekey: string | null }[] }>(`erp_integrationrequests?$select=erp_status,erp_livekey&$filter=erp_targetid eq '${orderId}'`).then((r) => r.value);

useSandboxPage('submit-wait', { connector: { eventsIntervalSeconds: 1, pollIntervalSeconds: 1, couplingIntervalSeconds: 2 }, defaultLcid: 1033, submissionDialogSeconds: DIALOG_SECONDS }, (p) => ({ sandbox, browser, page } = p));

describe('Submit to ERP never blocks the salesperson', () => {
  test('connector stopped: the progress lets go and says the order is queued; Cancel submission takes it back', async () => {
    const ready = sandbox.dataverse.seedInfo!.orders.ready;
    await setConnector(false);
    await openOrder(page, ready);
    await page.getByRole('button', { name: 'Submit to ERP' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Submit', exact: true }).click();

    // Released while the connector is still down: the answer cannot have come, the command let go on its own.
    const alert = page.getByTestId('alert-dialog');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('is queued for the ERP. You can keep working');
    expect(await page.getByTestId('progress-indicator').count()).toBe(0);
    expect(sandbox.connector!.isRunning()).toBe(false);
    // Order state and request landed together.
    const order = await dvGet<{ statecode: number; erp_submissionstatus: number }>(`salesorders(${ready})?$select=statecode,erp_submissionstatus`);
    expect(order).toEqual(expect.objectContaining({ statecode: 1, erp_submissionstatus: SubmissionStatus.queued }));
    expect(await requestsOf(ready)).toEqual([expect.objectContaining({ erp_status: RequestStatus.pending })]);
    await browser.shot('connector-stopped-released');
    await alert.getByRole('button', { name: 'OK' }).click();
    expect(await page.getByTestId('form-notifications').innerText()).toContain('is queued for the ERP');

    // Nobody has claimed it: Cancel submission is offered and works.
    await commandsSettled();
    await page.getByRole('button', { name: 'Cancel submission' }).click();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Cancel submission' }).click();
    await alert.waitFor();
    expect(await alert.innerText()).toContain('was cancelled. Nothing was sent to the ERP');
    await browser.shot('submission-cancelled');
    await alert.getByRole('button', { name: 'OK' }).click();
    const after = await dvGet<{ statecode: number; erp_submissionstatus: number }>(`salesorders(${ready})?$select=statecode,erp_submissionstatus`);
    expect(after).toEqual(expect.objectContaining({ statecode: 0, erp_submissionstatus: SubmissionStatus.notSubmitted }));
    expect(await requestsOf(ready)).toEqual([{ erp_status: RequestStatus.cancelled, erp_livekey: null, '@odata.etag': expect.any(String), erp_integrationrequestid: expect.any(String) }]);
    // The command bar is evaluated again for the Active order: Submit to ERP is back, Cancel submission gone.
    await page.getByRole('button', { name: 'Submit to ERP' }).waitFor();
    await commandsSettled();
    expect(await page.getByRole('button', { name: 'Cancel submission' }).count()).toBe(0);
  });

  test('connector running: the open form shows the ERP number when it lands, without a reload', async () => {
    const ready = sandbox.dataverse.seedInfo!.orders.ready;
    const { ordernumber } = await dvGet<{ ordernumber: string }>(`salesorders(${ready})?$select=ordernumber`);
    await setConnector(true);
    await openOrder(page, ready);
    let navigations = 0;
    const onNavigate = (frame: { parentFrame(): unknown }) => {
      if (!frame.parentFrame()) navigations += 1;
    };
    page.on('framenavigated', onNavigate);
    await page.getByRole('button', { name: 'Submit to ERP' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Submit', exact: true }).click();
    // Either the answer within the dialog seconds (a result over a refreshed form) or "queued" and the form follows.
    const alert = page.getByTestId('alert-dialog');
    await alert.waitFor({ timeout: 30_000 });
    const text = await alert.innerText();
    if (/is in the ERP as order/.test(text)) {
      // The form behind the result is already refreshed: never "Queued" behind a success.
      expect(await page.getByTestId('header-erp_erpordernumber').innerText()).toMatch(/^S-ORD/);
    }
    await alert.getByRole('button', { name: 'OK' }).click();
    await eventually('the ERP number on the open form, without Refresh', async () => /^S-ORD/.test(await page.getByTestId('header-erp_erpordernumber').innerText()), 40_000);
    expect(await page.getByTestId('form-notifications').innerText()).toMatch(/This order is in the ERP as order S-ORD/);
    expect(navigations).toBe(0);
    page.off('framenavigated', onNavigate);
    await browser.shot('erp-number-without-reload');
    await sandbox.connector!.current()!.processQueue();
    const erp = (await (await fetch(`${sandbox.bc.adminUrl}/overview`)).json()) as { orders: { externalDocumentNumber: string }[] };
    expect(erp.orders.filter((o) => o.externalDocumentNumber === ordernumber)).toHaveLength(1);
  });

  test('two tabs: the one that loses says the order is already on its way or in the ERP, never "try again"', async () => {
    const writeIn = sandbox.dataverse.seedInfo!.orders.writeIn;
    await setConnector(false);
    const second = await browser.context.newPage();
    await openOrder(page, writeIn);
    await openOrder(second, writeIn);
    // Both tabs read the order Active and confirm; the first one's change set lands, the second one's is refused.
    await page.getByRole('button', { name: 'Submit to ERP' }).click();
    await second.getByRole('button', { name: 'Submit to ERP' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Submit', exact: true }).click();
    await page.getByTestId('alert-dialog').waitFor();
    await second.getByTestId('confirm-dialog').getByRole('button', { name: 'Submit', exact: true }).click();
    const lost = second.locator('[data-testid=alert-dialog], [data-testid=error-dialog]');
    await lost.waitFor();
    const text = await lost.innerText();
    await browser.shot('losing-tab', second);
    expect(text).toContain('is already being sent to the ERP');
    expect(text).not.toMatch(/try again/i);
    expect(await requestsOf(writeIn)).toHaveLength(1);
    await second.close();
    await page.getByTestId('alert-dialog').getByRole('button', { name: 'OK' }).click();
    await setConnector(true);
  });
});
