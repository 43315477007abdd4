/**
 * Sales' quote commands in the sandbox page other than the whole-day story's (wholeDay.test.ts: a quote created,
 * activated, won through Create Order, its order submitted, in English and French): Close Quote cancelled with
 * Escape gives focus back to the command; Revise opens a draft revision with the same number; Close Quote as Lost;
 * and the availability-only user sees none of the quote commands. Keyboard only where the salesperson acts.
 * Everything goes through the Dataverse stand-in's Web API with the platform's rules (quoteMessages.ts).
 */
import type { Page } from 'playwright-core';
import { QuoteState, QuoteStatus } from '../../domain/dataverseCodes';
import type { Sandbox } from '../../sandbox/app/sandbox';
import type { Browser } from './support/browser';
import { useSandboxPage } from './support/suite';
import { focusedTestId, pressQuoteCommand, tabToButton } from './support/keyboard';
import { commandsSettled, openForm, switchUser } from './support/page';
import { dataverseReader, dataverseWrite } from './support/standIns';
import { eventually } from './support/wait';

jest.setTimeout(120_000);

let sandbox: Sandbox;
let browser: Browser;
let page: Page;
const dvGet = dataverseReader(() => sandbox);

useSandboxPage('quote-to-order', { connector: { eventsIntervalSeconds: 1, pollIntervalSeconds: 1, couplingIntervalSeconds: 2 }, defaultLcid: 1033, submissionTimeoutSeconds: 5 }, (p) => ({ sandbox, browser, page } = p));

describe('Close Quote', () => {
  test('Close Quote, then Escape: nothing changes and focus is back on Close Quote', async () => {
    const quoteId = sandbox.dataverse.seedInfo!.quotes.active;
    await openForm(page, sandbox.url, 'quote', quoteId);
    await pressQuoteCommand(page, 'close');
    const dialog = page.getByTestId('fields-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/Status Reason[\s\S]*Close Date[\s\S]*Create a revised quote/);
    const reasons = await dialog.getByTestId('dialog-field-status').locator('option').allInnerTexts();
    expect(reasons).toEqual(['Lost', 'Canceled', 'Revised']);
    await browser.shot('close-quote-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await eventually('focus on Close Quote', async () => (await focusedTestId(page)) === 'command-quote-close');
    expect((await dvGet<{ statecode: number }>(`quotes(${quoteId})?$select=statecode`)).statecode).toBe(QuoteState.active);
  });
});

describe('Revise and Close Quote', () => {
  test('Revise closes the active quote as Revised and opens a draft with the same number, revision 1', async () => {
    const quoteId = sandbox.dataverse.seedInfo!.quotes.active;
    await openForm(page, sandbox.url, 'quote', quoteId);
    await pressQuoteCommand(page, 'revise');
    await eventually('the revision’s form', async () => !page.url().includes(quoteId) && (await page.getByTestId('form-quote').count()) === 1);
    const revisionId = (await page.getByTestId('form-quote').getAttribute('data-record-id')) ?? '';
    const old = await dvGet<{ quotenumber: string; statecode: number; statuscode: number }>(`quotes(${quoteId})?$select=quotenumber,statecode,statuscode`);
    expect(old).toMatchObject({ statecode: QuoteState.closed, statuscode: QuoteStatus.revised });
    expect(await dvGet(`quotes(${revisionId})?$select=quotenumber,revisionnumber,statecode`)).toMatchObject({ quotenumber: old.quotenumber, revisionnumber: 1, statecode: QuoteState.draft });
    await commandsSettled(page);
    await eventually('Activate Quote on the draft revision', async () => (await page.getByTestId('command-quote-activate').count()) === 1);

    // The revision is activated, then closed as Lost through the Close Quote dialog.
    await pressQuoteCommand(page, 'activate');
    await eventually('Close Quote on the active revision', async () => (await page.getByTestId('command-quote-close').count()) === 1);
    await pressQuoteCommand(page, 'close');
    const dialog = page.getByTestId('fields-dialog');
    await dialog.waitFor();
    expect(await focusedTestId(page)).toBe('dialog-field-status');
    await page.getByTestId('dialog-field-description').fill('Customer chose another supplier');
    await tabToButton(page, 'OK');
    await dialog.waitFor({ state: 'detached' });
    await eventually('the quote closed as Lost', async () => {
      const q = await dvGet<{ statecode: number; statuscode: number }>(`quotes(${revisionId})?$select=statecode,statuscode`);
      return q.statecode === QuoteState.closed && q.statuscode === QuoteStatus.lost;
    });
    await eventually('no quote command left on a closed quote', async () => (await page.locator('[data-testid^=command-quote-]').count()) === 0);
    await browser.shot('quote-closed-lost');
  });
});

describe('who may', () => {
  test('the availability-only user (Sales Read-Only) sees none of the quote commands', async () => {
    const info = sandbox.dataverse.seedInfo!;
    const r = await dataverseWrite(sandbox, 'POST', 'quotes', { name: 'Devis en lecture seule', 'pricelevelid@odata.bind': `/pricelevels(${info.priceLists.STANDARD})` }, 'salesperson');
    const quoteId = /\(([0-9a-f-]{36})\)$/.exec(r.headers.get('odata-entityid') ?? '')![1];
    await switchUser(page, 'availability');
    await openForm(page, sandbox.url, 'quote', quoteId);
    expect(await page.locator('[data-testid^=command-quote-]').count()).toBe(0);
    // The same quote shows Activate Quote to its salesperson: the commands follow the user's privileges, not the page.
    await switchUser(page, 'salesperson');
    await openForm(page, sandbox.url, 'quote', quoteId);
    await eventually('Activate Quote for the salesperson', async () => (await page.getByTestId('command-quote-activate').count()) === 1);
  });
});
