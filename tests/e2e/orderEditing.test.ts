/**
 * Issue 19, findings 1, 13, 14: Camille (salesperson, French) creates an order in the sandbox page with the keyboard
 * only: New from the Orders grid, the customer by searching, the price list and currency the customer brings, a
 * delivery date typed as jj/mm/aaaa, Save; then two catalogue lines (price from the price list, default unit) and one
 * write-in line; she sees availability per line, submits with the existing Submit to ERP command and reads the ERP
 * number. A submitted order's lines offer no add, edit or remove. Everything goes through the Dataverse stand-in's
 * Web API, checked afterwards with the administrator's token. Screenshots: test-results/e2e/order-editing-*.
 */
import type { Locator, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/app/sandbox';
import { openBrowser, type Browser } from './support/browser';

jest.setTimeout(150_000);

let sandbox: Sandbox;
let browser: Browser;
let page: Page;

const dvGet = async <T = Record<string, unknown>>(path: string): Promise<T> => {
  const r = await fetch(`${sandbox.dataverse.apiUrl}${path}`, { headers: { Authorization: `Bearer ${sandbox.dataverse.tokens.admin}`, Accept: 'application/json', Prefer: 'odata.include-annotations="*"' } });
  if (!r.ok) throw new Error(`GET ${path} → ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
};

async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 40_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Presses Tab (Shift+Tab with `back`) until `target` (or an element inside it) has the focus: keyboard only. A
 * toolbar is one Tab stop whose buttons the arrow keys move between (the ARIA toolbar pattern), so inside the
 * target's toolbar the arrows take over.
 */
async function tabTo(target: Locator, back = false, max = 80): Promise<void> {
  const focused = () => target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false);
  const inItsToolbar = () => target.evaluate((el) => { const bar = el.closest('[role=toolbar]'); return !!bar && bar.contains(document.activeElement); }).catch(() => false);
  for (let i = 0; i < max; i++) {
    if (await focused()) return;
    if (await inItsToolbar()) {
      for (const key of ['ArrowRight', 'ArrowLeft']) {
        for (let j = 0; j < 12 && !(await focused()); j++) await page.keyboard.press(key);
        if (await focused()) return;
      }
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** In a focused lookup: types, waits for the option, moves to it with the arrow keys and picks it with Enter. */
async function pickWithKeyboard(input: Locator, text: string, option: string): Promise<void> {
  await page.keyboard.type(text, { delay: 20 });
  const listbox = page.getByRole('listbox');
  const wanted = listbox.getByRole('option', { name: option, exact: false }).first();
  await wanted.waitFor();
  const wantedId = await wanted.getAttribute('id');
  for (let i = 0; i < 15; i++) {
    if ((await input.getAttribute('aria-activedescendant')) === wantedId) break;
    await page.keyboard.press('ArrowDown');
  }
  expect(await input.getAttribute('aria-activedescendant')).toBe(wantedId);
  await page.keyboard.press('Enter');
  await listbox.waitFor({ state: 'detached' }).catch(() => undefined);
}

async function commandsSettled(): Promise<void> {
  await page.locator('[data-testid=command-bar][data-evaluated=true]').waitFor();
}

interface Line {
  priceperunit: number;
  quantity: number;
  productdescription: string | null;
  _productid_value: string | null;
  _uomid_value: string | null;
  isproductoverridden: boolean;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, dataDir: null, connector: { eventsIntervalSeconds: 1, pollIntervalSeconds: 1, couplingIntervalSeconds: 2 }, defaultLcid: 1036, submissionTimeoutSeconds: 20 });
  browser = await openBrowser('order-editing');
  page = browser.page;
  await page.goto(sandbox.url);
  await page.getByTestId('user-menu').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

// One story: once a step fails, the later steps fail at once instead of each waiting for its timeouts.
let storyBroken = false;
beforeEach(() => {
  if (storyBroken) throw new Error('An earlier step of the story failed.');
});
const step = (name: string, fn: () => Promise<void>) =>
  test(name, async () => {
    try {
      await fn();
    } catch (e) {
      storyBroken = true;
      throw e;
    }
  });
afterEach(() => {
  expect(browser.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
});

describe('Camille creates and submits an order with the keyboard', () => {
  let orderId = '';
  let customer = { id: '', name: '', priceList: '', priceListName: '', currencyName: '' };
  const products: { id: string; name: string; unitId: string; price: number }[] = [];

  step('the page is French and the salesperson is signed in', async () => {
    expect(await page.getByTestId('nav-accounts').innerText()).toBe('Comptes');
    // The products and customer of the seeded ready order are coupled with the ERP: what a submission needs.
    const ready = sandbox.dataverse.seedInfo!.orders.ready;
    const o = await dvGet<{ _customerid_value: string }>(`salesorders(${ready})?$select=_customerid_value`);
    const a = await dvGet<Record<string, string>>(`accounts(${o._customerid_value})?$select=name,_defaultpricelevelid_value`);
    const pl = await dvGet<Record<string, string>>(`pricelevels(${a._defaultpricelevelid_value})?$select=name,_transactioncurrencyid_value`);
    customer = { id: o._customerid_value, name: a.name, priceList: a._defaultpricelevelid_value, priceListName: pl.name, currencyName: pl['_transactioncurrencyid_value@OData.Community.Display.V1.FormattedValue'] };
    const lines = await dvGet<{ value: { _productid_value: string }[] }>(`salesorderdetails?$select=_productid_value&$filter=_salesorderid_value eq ${ready}&$orderby=sequencenumber asc`);
    for (const l of lines.value.slice(0, 2)) {
      const p = await dvGet<Record<string, string>>(`products(${l._productid_value})?$select=name,_defaultuomid_value`);
      const ppl = await dvGet<{ value: { amount: number }[] }>(`productpricelevels?$select=amount&$filter=_pricelevelid_value eq ${customer.priceList} and _productid_value eq ${l._productid_value} and _uomid_value eq ${p._defaultuomid_value}`);
      products.push({ id: l._productid_value, name: p.name, unitId: p._defaultuomid_value, price: ppl.value[0]?.amount });
    }
    expect(products).toHaveLength(2);
    expect(products.every((p) => typeof p.price === 'number')).toBe(true);
  });

  step('New from the Orders grid opens a create form; Save creates the order and opens it', async () => {
    await page.goto(`${sandbox.url}#/list/salesorder`);
    const newButton = page.getByTestId('grid-new');
    await newButton.waitFor();
    expect(await newButton.innerText()).toBe('Nouveau');
    await tabTo(newButton);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=form-salesorder][data-mode=create]').waitFor();
    expect(await page.getByTestId('form-title').innerText()).toBe('Création : Commande');

    await tabTo(page.getByTestId('field-name'));
    await page.keyboard.type('Commande clavier Camille');
    const customerInput = page.locator('#field-customerid');
    await tabTo(customerInput);
    await pickWithKeyboard(customerInput, customer.name.slice(0, 6), customer.name);
    // The customer brings its price list, the price list its currency (as the Sales form does).
    await eventually('the price list of the customer', async () => (await page.locator('#field-pricelevelid').inputValue()) === customer.priceListName);
    await eventually('the currency of the price list', async () => (await page.locator('#field-transactioncurrencyid').inputValue()) === customer.currencyName);

    const date = page.getByTestId('field-requestdeliveryby');
    expect(await date.getAttribute('placeholder')).toBe('jj/mm/aaaa');
    await tabTo(date);
    await page.keyboard.type('24/12/2026');
    await page.keyboard.press('Enter');
    expect(await date.inputValue()).toBe('24/12/2026');
    await browser.shot('create-form');

    const save = page.getByTestId('command-save');
    await tabTo(save, true);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=form-salesorder][data-mode=edit]').waitFor();
    orderId = (await page.getByTestId('form-salesorder').getAttribute('data-record-id')) ?? '';
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    const saved = await dvGet<Record<string, unknown>>(`salesorders(${orderId})?$select=name,_customerid_value,_pricelevelid_value,requestdeliveryby,statecode`);
    expect(saved).toMatchObject({ name: 'Commande clavier Camille', _customerid_value: customer.id, _pricelevelid_value: customer.priceList, statecode: 0 });
    // A Paris user's 24 December (UserLocal column): the instant of her local midnight.
    expect(new Date(String(saved.requestdeliveryby)).getTime()).toBe(new Date(2026, 11, 24).getTime());
  });

  step('two catalogue lines and a write-in line, added with the keyboard, priced by the price list', async () => {
    await commandsSettled();
    const rows = page.getByTestId('subgrid-row');
    for (const [n, p] of products.entries()) {
      const add = page.getByTestId('line-add-product');
      await tabTo(add);
      await page.keyboard.press('Enter');
      const productInput = page.getByTestId('line-editor').locator('input').first();
      await eventually('focus in the line editor', () => productInput.evaluate((el) => el === document.activeElement));
      await pickWithKeyboard(productInput, p.name, p.name);
      await tabTo(page.getByTestId('line-quantity'));
      await page.keyboard.type(String(n + 2));
      await page.keyboard.press('Enter');
      await eventually(`line ${n + 1} in the grid`, async () => (await rows.count()) === n + 1 && (await page.getByTestId('line-editor').count()) === 0);
    }
    await tabTo(page.getByTestId('line-add-writein'));
    await page.keyboard.press('Enter');
    await eventually('focus on the description', () => page.getByTestId('line-description').evaluate((el) => el === document.activeElement));
    await page.keyboard.type('Support mural sur mesure');
    await tabTo(page.getByTestId('line-quantity'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await tabTo(page.getByTestId('line-price'));
    await page.keyboard.type('1 049,50');
    await page.keyboard.press('Enter');
    await eventually('three lines in the grid', async () => (await rows.count()) === 3 && (await page.getByTestId('line-editor').count()) === 0);

    const lines = await dvGet<{ value: Line[] }>(`salesorderdetails?$select=priceperunit,quantity,productdescription,_productid_value,_uomid_value,isproductoverridden&$filter=_salesorderid_value eq ${orderId}&$orderby=sequencenumber asc`);
    expect(lines.value.map((l) => [l._productid_value, l._uomid_value, l.quantity, l.priceperunit])).toEqual([
      [products[0].id, products[0].unitId, 2, products[0].price],
      [products[1].id, products[1].unitId, 3, products[1].price],
      [null, null, 2, 1049.5],
    ]);
    expect(lines.value[2]).toMatchObject({ productdescription: 'Support mural sur mesure', isproductoverridden: true });

    // The write-in line shows its text once, marked as such, and no "choose a product" availability note.
    const writeIn = page.locator('[data-testid=subgrid-row][data-line-kind=writein]');
    expect((await writeIn.innerText()).split('Support mural sur mesure').length - 1).toBe(1);
    expect(await writeIn.innerText()).toContain('Hors catalogue');
    expect(await page.getByTestId('line-writein-note').innerText()).toMatch(/pas un article de l’ERP/);
    // Availability per catalogue line, from the ERP.
    const availability = page.getByTestId('line-availability');
    await eventually('availability on both catalogue lines', async () => (await availability.count()) === 2 && /Disponible/i.test(await availability.nth(1).innerText()));
    // The price in the editable field is shown the French way.
    expect((await page.locator('[data-line-kind=writein]').innerText()).replace(/[\u00a0\u202f]/g, ' ')).toContain('1 049,50');
    await browser.shot('lines-added');
  });

  step('a line is edited and another removed with the keyboard', async () => {
    const rows = page.getByTestId('subgrid-row');
    const edit = rows.nth(1).getByTestId('line-edit');
    await tabTo(edit);
    await page.keyboard.press('Enter');
    await tabTo(page.getByTestId('line-quantity'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    await eventually('the new quantity saved', async () => {
      const l = await dvGet<{ value: Line[] }>(`salesorderdetails?$select=quantity&$filter=_salesorderid_value eq ${orderId} and _productid_value eq ${products[1].id}`);
      return l.value[0]?.quantity === 4;
    });
    // Add then remove a third catalogue line: the confirmation is answered with the keyboard.
    await tabTo(page.getByTestId('line-add-product'));
    await page.keyboard.press('Enter');
    const productInput = page.getByTestId('line-editor').locator('input').first();
    await eventually('focus in the line editor', () => productInput.evaluate((el) => el === document.activeElement));
    await pickWithKeyboard(productInput, products[0].name, products[0].name);
    await page.keyboard.press('Enter');
    await tabTo(page.getByTestId('line-save'));
    await page.keyboard.press('Enter');
    await eventually('four lines', async () => (await rows.count()) === 4);
    await tabTo(rows.nth(3).getByTestId('line-remove'));
    await page.keyboard.press('Enter');
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    await tabTo(confirm.getByRole('button', { name: 'Supprimer' }));
    await page.keyboard.press('Enter');
    await eventually('three lines again', async () => (await rows.count()) === 3);
    const left = await dvGet<{ value: unknown[] }>(`salesorderdetails?$select=quantity&$filter=_salesorderid_value eq ${orderId}`);
    expect(left.value).toHaveLength(3);
  });

  step('Submit to ERP gives the ERP number; the submitted order’s lines offer no add, edit or remove', async () => {
    await commandsSettled();
    const submit = page.getByRole('button', { name: 'Envoyer à l’ERP' });
    await tabTo(submit, true);
    await page.keyboard.press('Enter');
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    await tabTo(confirm.locator('button.fui-Button').filter({ hasNotText: /Annuler/ }).first());
    await page.keyboard.press('Enter');
    const result = page.getByTestId('alert-dialog');
    await result.waitFor({ timeout: 60_000 });
    const erpNumber = /(S-ORD\d+)/.exec(await result.innerText())?.[1] ?? '';
    expect(erpNumber).toMatch(/^S-ORD\d+/);
    await page.keyboard.press('Enter');
    await result.waitFor({ state: 'detached' });
    await eventually('the ERP number in the header', async () => (await page.getByTestId('header-erp_erpordernumber').innerText()) === erpNumber);
    await page.getByTestId('form-readonly').waitFor();
    expect(await page.getByTestId('line-add-product').count()).toBe(0);
    expect(await page.getByTestId('line-add-writein').count()).toBe(0);
    expect(await page.getByTestId('line-edit').count()).toBe(0);
    expect(await page.getByTestId('line-remove').count()).toBe(0);
    expect(await page.getByTestId('subgrid-row').count()).toBe(3);
    await browser.shot('submitted-read-only-lines');

    // A line of the submitted order opens read-only too, instead of failing at Save.
    const lines = await dvGet<{ value: { salesorderdetailid: string }[] }>(`salesorderdetails?$select=salesorderdetailid&$filter=_salesorderid_value eq ${orderId}`);
    await page.goto(`${sandbox.url}#/form/salesorderdetail/${lines.value[0].salesorderdetailid}`);
    await page.getByTestId('form-readonly').waitFor();
    expect(await page.locator('#field-quantity').getAttribute('aria-readonly')).toBe('true');
  });
});
