/**
 * The quote story of a salesperson in the sandbox page, in Debian Chromium, with the keyboard only: a draft quote is
 * activated, the Create Order dialog closes it as won and opens the new order, which goes to the ERP through the
 * product's own Submit to ERP and shows its ERP number. Then Sales' other quote commands: Close Quote cancelled with
 * Escape gives focus back to the command; Revise opens a draft revision with the same number; Close Quote as Lost;
 * and the story again in French.
 * Everything goes through the Dataverse stand-in's Web API with the platform's rules (quoteMessages.ts).
 */
import type { Page } from 'playwright-core';
import { QuoteState, QuoteStatus, SalesOrderState } from '../../domain/dataverseCodes';
import { startSandbox, type Sandbox } from '../../sandbox/app/sandbox';
import { openBrowser, type Browser } from './support/browser';

jest.setTimeout(120_000);

let sandbox: Sandbox;
let browser: Browser;
let page: Page;

const dvGet = async <T = Record<string, unknown>>(path: string): Promise<T> => {
  const r = await fetch(`${sandbox.dataverse.apiUrl}${path}`, { headers: { Authorization: `Bearer ${sandbox.dataverse.tokens.admin}`, Accept: 'application/json' } });
  if (!r.ok) throw new Error(`GET ${path} → ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};

async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => null);
    if (v) return v;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const focusedTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.textContent ?? '');

async function openForm(entity: string, id: string): Promise<void> {
  await page.goto(`${sandbox.url}#/form/${entity}/${id}`);
  await page.getByTestId('form-title').waitFor();
  await commandsSettled();
}
async function commandsSettled(): Promise<void> {
  await page.locator('[data-testid=command-bar][data-evaluated=true]').waitFor();
}

/** Moves through the command bar with the arrow keys (a toolbar is one tab stop) to the command, and presses Enter. */
async function pressCommand(match: (el: { testId: string; text: string; command: string }) => boolean, what: string): Promise<void> {
  await page.getByTestId('command-bar').getByRole('button').first().focus();
  for (let i = 0; i < 20; i++) {
    const el = await page.evaluate(() => ({
      testId: document.activeElement?.getAttribute('data-testid') ?? '',
      text: document.activeElement?.textContent ?? '',
      command: document.activeElement?.getAttribute('data-command') ?? '',
    }));
    if (match(el)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`The command ${what} could not be reached with the arrow keys.`);
}
const pressQuoteCommand = (id: string) => pressCommand((el) => el.testId === `command-quote-${id}`, id);
const pressSubmitToErp = () => pressCommand((el) => el.command === 'erp.salesorder.Form.SubmitToErp.Command', 'Submit to ERP');

/** Tabs inside the open dialog until the button named `name` has focus, then presses Enter. */
async function tabToButton(name: string): Promise<void> {
  for (let i = 0; i < 12; i++) {
    if ((await page.evaluate(() => (document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent : null))) === name) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`No ${name} button reached with Tab.`);
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: null, connector: { eventsIntervalSeconds: 1, pollIntervalSeconds: 1, couplingIntervalSeconds: 2 }, defaultLcid: 1033, submissionTimeoutSeconds: 5 });
  browser = await openBrowser('quote-to-order');
  page = browser.page;
  await page.goto(sandbox.url);
  await page.getByTestId('user-menu').waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

afterEach(() => {
  expect(browser.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

describe('a quote becomes an order', () => {
  let orderId = '';

  test('the salesperson activates a draft quote: it turns read-only and offers Create Order, Close Quote and Revise', async () => {
    const quoteId = sandbox.dataverse.seedInfo!.quotes.draft;
    await openForm('quote', quoteId);
    expect(await page.getByTestId('command-quote-createOrder').count()).toBe(0);
    await pressQuoteCommand('activate');
    await eventually('the active quote’s commands', async () => (await page.getByTestId('command-quote-createOrder').count()) === 1);
    await page.getByTestId('form-readonly').waitFor();
    expect(await page.getByTestId('command-quote-activate').count()).toBe(0);
    expect(await page.getByTestId('command-quote-close').count()).toBe(1);
    expect(await page.getByTestId('command-quote-revise').count()).toBe(1);
    expect(await dvGet(`quotes(${quoteId})?$select=statecode,statuscode`)).toMatchObject({ statecode: QuoteState.active, statuscode: QuoteStatus.inProgress });
    await browser.shot('quote-activated');
  });

  test('Close Quote, then Escape: nothing changes and focus is back on Close Quote', async () => {
    await commandsSettled();
    await pressQuoteCommand('close');
    const dialog = page.getByTestId('fields-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/Status Reason[\s\S]*Close Date[\s\S]*Create a revised quote/);
    const reasons = await dialog.getByTestId('dialog-field-status').locator('option').allInnerTexts();
    expect(reasons).toEqual(['Lost', 'Canceled', 'Revised']);
    await browser.shot('close-quote-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await eventually('focus on Close Quote', async () => (await focusedTestId()) === 'command-quote-close');
    expect((await dvGet<{ statecode: number }>(`quotes(${sandbox.dataverse.seedInfo!.quotes.draft})?$select=statecode`)).statecode).toBe(QuoteState.active);
  });

  test('Create Order closes the quote as won and lands on the new order with the quote’s lines', async () => {
    const quoteId = sandbox.dataverse.seedInfo!.quotes.draft;
    await pressQuoteCommand('createOrder');
    const dialog = page.getByTestId('fields-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/Date Won/);
    await tabToButton('OK');
    await page.getByTestId('form-salesorder').waitFor();
    orderId = (await page.getByTestId('form-salesorder').getAttribute('data-record-id')) ?? '';
    expect(page.url()).toContain(`#/form/salesorder/${orderId}`);
    expect(await dvGet(`quotes(${quoteId})?$select=statecode,statuscode`)).toMatchObject({ statecode: QuoteState.won, statuscode: QuoteStatus.won });
    const order = await dvGet<{ _quoteid_value: string; statecode: number; totalamount: number }>(`salesorders(${orderId})?$select=_quoteid_value,statecode,totalamount`);
    const quote = await dvGet<{ totalamount: number }>(`quotes(${quoteId})?$select=totalamount`);
    expect(order).toMatchObject({ _quoteid_value: quoteId, statecode: SalesOrderState.active, totalamount: quote.totalamount });
    const count = async (set: string, lookup: string, id: string) => (await dvGet<{ value: unknown[] }>(`${set}?$select=quantity&$filter=_${lookup}_value eq ${id}`)).value.length;
    expect(await count('salesorderdetails', 'salesorderid', orderId)).toBe(await count('quotedetails', 'quoteid', quoteId));
    await commandsSettled();
    await browser.shot('order-from-quote');
  });

  test('the order goes to the ERP with the existing Submit to ERP and shows its ERP number', async () => {
    await pressSubmitToErp();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    await tabToButton('Submit');
    const result = page.getByTestId('alert-dialog');
    await result.waitFor({ timeout: 30_000 });
    const erpNumber = /order (\S+?)\.?$/m.exec(await result.innerText())?.[1] ?? '';
    expect(erpNumber).toMatch(/^S-ORD\d+/);
    await browser.shot('order-from-quote-in-erp');
    await tabToButton('OK');
    await eventually('the ERP number in the header', async () => (await page.getByTestId('header-erp_erpordernumber').innerText()) === erpNumber);
    const order = await dvGet<{ erp_erpordernumber: string; statecode: number }>(`salesorders(${orderId})?$select=erp_erpordernumber,statecode`);
    expect(order).toMatchObject({ erp_erpordernumber: erpNumber, statecode: SalesOrderState.submitted });
  });
});

describe('Revise and Close Quote', () => {
  test('Revise closes the active quote as Revised and opens a draft with the same number, revision 1', async () => {
    const quoteId = sandbox.dataverse.seedInfo!.quotes.active;
    await openForm('quote', quoteId);
    await pressQuoteCommand('revise');
    await eventually('the revision’s form', async () => !page.url().includes(quoteId) && (await page.getByTestId('form-quote').count()) === 1);
    const revisionId = (await page.getByTestId('form-quote').getAttribute('data-record-id')) ?? '';
    const old = await dvGet<{ quotenumber: string; statecode: number; statuscode: number }>(`quotes(${quoteId})?$select=quotenumber,statecode,statuscode`);
    expect(old).toMatchObject({ statecode: QuoteState.closed, statuscode: QuoteStatus.revised });
    expect(await dvGet(`quotes(${revisionId})?$select=quotenumber,revisionnumber,statecode`)).toMatchObject({ quotenumber: old.quotenumber, revisionnumber: 1, statecode: QuoteState.draft });
    await commandsSettled();
    await eventually('Activate Quote on the draft revision', async () => (await page.getByTestId('command-quote-activate').count()) === 1);

    // The revision is activated, then closed as Lost through the Close Quote dialog.
    await pressQuoteCommand('activate');
    await eventually('Close Quote on the active revision', async () => (await page.getByTestId('command-quote-close').count()) === 1);
    await pressQuoteCommand('close');
    const dialog = page.getByTestId('fields-dialog');
    await dialog.waitFor();
    expect(await focusedTestId()).toBe('dialog-field-status');
    await page.getByTestId('dialog-field-description').fill('Customer chose another supplier');
    await tabToButton('OK');
    await dialog.waitFor({ state: 'detached' });
    await eventually('the quote closed as Lost', async () => {
      const q = await dvGet<{ statecode: number; statuscode: number }>(`quotes(${revisionId})?$select=statecode,statuscode`);
      return q.statecode === QuoteState.closed && q.statuscode === QuoteStatus.lost;
    });
    await eventually('no quote command left on a closed quote', async () => (await page.locator('[data-testid^=command-quote-]').count()) === 0);
    await browser.shot('quote-closed-lost');
  });
});

describe('the same story in French, keyboard only', () => {
  test('Activer le devis, Créer une commande, Envoyer à l’ERP: the order reaches the ERP', async () => {
    // A new draft quote of the salesperson, made through the Web API as the page would (two catalogue lines).
    const info = sandbox.dataverse.seedInfo!;
    const seeded = await dvGet<{ _customerid_value: string; _pricelevelid_value: string; _transactioncurrencyid_value: string }>(
      `quotes(${info.quotes.active})?$select=_customerid_value,_pricelevelid_value,_transactioncurrencyid_value`,
    );
    const seededLines = await dvGet<{ value: { _productid_value: string; _uomid_value: string }[] }>(`quotedetails?$select=_productid_value,_uomid_value&$filter=_quoteid_value eq ${info.quotes.active}`);
    const created = await fetch(`${sandbox.dataverse.apiUrl}quotes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sandbox.dataverse.tokens.salesperson}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        name: 'Devis clavier',
        'customerid_account@odata.bind': `/accounts(${seeded._customerid_value})`,
        'pricelevelid@odata.bind': `/pricelevels(${seeded._pricelevelid_value})`,
        'transactioncurrencyid@odata.bind': `/transactioncurrencies(${seeded._transactioncurrencyid_value})`,
        quote_details: seededLines.value.map((l) => ({ 'productid@odata.bind': `/products(${l._productid_value})`, 'uomid@odata.bind': `/uoms(${l._uomid_value})`, quantity: 2 })),
      }),
    });
    expect(created.status).toBe(204);
    const quoteId = /\(([0-9a-f-]{36})\)$/.exec(created.headers.get('odata-entityid') ?? '')![1];

    // Français through the language menu, with the keyboard.
    await page.getByTestId('language-menu').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitemradio', { name: 'Français' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await page.getByTestId('user-menu').waitFor();
    expect(await page.getByTestId('language-menu').innerText()).toContain('FR');

    await openForm('quote', quoteId);
    expect(await page.getByTestId('command-quote-activate').innerText()).toBe('Activer le devis');
    await pressQuoteCommand('activate');
    await eventually('Créer une commande', async () => (await page.getByTestId('command-quote-createOrder').count()) === 1);
    expect(await page.getByTestId('command-quote-close').innerText()).toBe('Fermer le devis');
    await pressQuoteCommand('createOrder');
    const dialog = page.getByTestId('fields-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/Créer une commande[\s\S]*Date de conclusion/);
    await tabToButton('OK');
    await page.getByTestId('form-salesorder').waitFor();
    const orderId = (await page.getByTestId('form-salesorder').getAttribute('data-record-id')) ?? '';
    expect((await dvGet<{ statecode: number }>(`quotes(${quoteId})?$select=statecode`)).statecode).toBe(QuoteState.won);
    await commandsSettled();

    await pressSubmitToErp();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    await tabToButton('Envoyer');
    const result = page.getByTestId('alert-dialog');
    await result.waitFor({ timeout: 30_000 });
    const erpNumber = /(S-ORD\d+)/.exec(await result.innerText())?.[1] ?? '';
    expect(await result.innerText()).toMatch(/La commande est dans l’ERP/);
    await browser.shot('quote-to-order-french');
    await tabToButton('OK');
    await eventually('the ERP number on the order', async () => (await dvGet<{ erp_erpordernumber: string }>(`salesorders(${orderId})?$select=erp_erpordernumber`)).erp_erpordernumber === erpNumber);
    expect(erpNumber).toMatch(/^S-ORD\d+/);
  });
});

describe('who may', () => {
  test('the availability-only user (Sales Read-Only) sees none of the quote commands', async () => {
    const info = sandbox.dataverse.seedInfo!;
    const r = await fetch(`${sandbox.dataverse.apiUrl}quotes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sandbox.dataverse.tokens.salesperson}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Devis en lecture seule', 'pricelevelid@odata.bind': `/pricelevels(${info.priceLists.STANDARD})` }),
    });
    const quoteId = /\(([0-9a-f-]{36})\)$/.exec(r.headers.get('odata-entityid') ?? '')![1];
    await page.getByTestId('user-menu').click();
    await Promise.all([page.waitForEvent('load'), page.getByTestId('user-availability').click()]);
    await page.getByTestId('user-menu').waitFor();
    await openForm('quote', quoteId);
    expect(await page.locator('[data-testid^=command-quote-]').count()).toBe(0);
    // The same quote shows Activate Quote to its salesperson: the commands follow the user's privileges, not the page.
    await page.getByTestId('user-menu').click();
    await Promise.all([page.waitForEvent('load'), page.getByTestId('user-salesperson').click()]);
    await page.getByTestId('user-menu').waitFor();
    await openForm('quote', quoteId);
    await eventually('Activate Quote for the salesperson', async () => (await page.getByTestId('command-quote-activate').count()) === 1);
  });
});
