/**
 * Issue 19, "Done when": a salesperson's whole day as one continuous story in Debian Chromium, once in English and
 * once in French, the salesperson's part with the keyboard only (Tab, Shift+Tab, arrow keys, Enter, typing).
 *
 * Camille creates an order (New from the Orders grid, the customer by searching, a delivery date typed the way her
 * language writes it), adds two catalogue lines and one write-in, sees availability per catalogue line, submits with
 * Submit to ERP and sees the ERP number appear on the open form without reloading the page. The ERP's back office
 * (its console, another person's screen, used with the mouse) releases, ships and invoices the order; on Camille's
 * still-open form the order state and the timeline follow (after she presses the form's Refresh with the keyboard:
 * neither a Sales form nor its timeline re-reads a record changed by someone else on its own). Then she creates a
 * quote with two lines, activates it, wins it through Create Order, and submits the new order.
 *
 * The English run gives Camille an English user interface (usersettings.uilanguageid 1033, through the Web API)
 * so the connector's timeline posts, written in the owner's language, are English too.
 * Everything goes through the stand-ins' APIs, checked behind the page with the administrator's token.
 * Screenshots: test-results/e2e/whole-day-en-* and whole-day-fr-*.
 */
import type { Page } from 'playwright-core';
import { QuoteState, SalesOrderState } from '../../domain/dataverseCodes';
import { localeFor } from '../../domain/format';
import { dateForInput, datePattern, numberForInput } from '../../domain/localeInput';
import { timelinePostText } from '../../domain/timeline';
import { startSandbox, type Sandbox } from '../../sandbox/app/sandbox';
import { openBrowser, type Browser } from './support/browser';
import { activate, addLinesByKeyboard, focusLands, pickWithKeyboard, pressCommand, pressQuoteCommand, pressSubmitToErp, tabTo, tabToButton } from './support/keyboard';
import { appReady, commandsSettled, formRecordId, openForm, timelinePosts } from './support/page';
import { dataverseReader, dataverseWrite, erpOverview } from './support/standIns';
import { eventually, storySteps } from './support/wait';

// Two sandboxes one after the other, each story about two minutes on a quiet machine; generous for 2 shared cores.
jest.setTimeout(180_000);

interface Language {
  code: 'en' | 'fr';
  lcid: 1033 | 1036;
  /** Texts of the page the story reads, in that language. */
  ordersNav: string;
  quotesNav: string;
  submit: string;
  confirmSubmit: string;
  orderName: string;
  writeIn: string;
  writeInDescription: string;
  /** The note a write-in line shows instead of availability. */
  writeInNote: RegExp;
  remove: string;
  /**
   * The write-in's price as the lines grid shows it (the stand-in's formatted value). English: null, because the
   * stand-in formats in the language the user was seeded with (French), not the usersettings this run changes.
   */
  writeInPriceShown: string | null;
  available: RegExp;
  /** Either answer of Submit to ERP: the ERP number within the wait, or queued (the form follows). */
  submitAnswer: RegExp;
  activateQuote: string;
  createOrderDialog: RegExp;
  /** The order's status reason once shipped in full, then invoiced (Sales' labels). */
  shippedStatus: string;
  invoicedStatus: string;
}

const LANGUAGES: Language[] = [
  {
    code: 'en',
    lcid: 1033,
    ordersNav: 'Orders',
    quotesNav: 'Quotes',
    submit: 'Submit to ERP',
    confirmSubmit: 'Submit',
    orderName: 'Whole day order',
    writeIn: 'Write-in',
    writeInDescription: 'Custom wall bracket',
    writeInNote: /not an ERP item/,
    remove: 'Remove',
    writeInPriceShown: null,
    available: /available/i,
    submitAnswer: /is in the ERP as order|queued/,
    activateQuote: 'Activate Quote',
    createOrderDialog: /Create Order[\s\S]*Date Won/,
    shippedStatus: 'Complete',
    invoicedStatus: 'Invoiced',
  },
  {
    code: 'fr',
    lcid: 1036,
    ordersNav: 'Commandes',
    quotesNav: 'Devis',
    submit: 'Envoyer à l’ERP',
    confirmSubmit: 'Envoyer',
    orderName: 'Commande de la journée',
    writeIn: 'Hors catalogue',
    writeInDescription: 'Support mural sur mesure',
    writeInNote: /pas un article de l’ERP/,
    remove: 'Supprimer',
    writeInPriceShown: '1 049,50 €',
    available: /disponible/i,
    submitAnswer: /La commande est dans l’ERP|file d’attente/,
    activateQuote: 'Activer le devis',
    createOrderDialog: /Créer une commande[\s\S]*Date de conclusion/,
    shippedStatus: 'Terminée',
    invoicedStatus: 'Facturée',
  },
];

const TRACKING = '1Z999AA10123456784';

describe.each(LANGUAGES)('a salesperson’s whole day ($code), keyboard only', (lang) => {
  const locale = localeFor(lang.lcid);
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let startedAt = 0;
  const dvGet = dataverseReader(() => sandbox);
  const step = storySteps(() => browser.shot('failed'));

  const customer = { id: '', name: '', priceList: '', priceListName: '', currencyName: '' };
  const products: { id: string; name: string; unitId: string; price: number }[] = [];
  const order = { id: '', number: '', erpNumber: '' };

  /** What the salesperson reads in her language: formatted values through the Web API as her. */
  const asSalesperson = <T = Record<string, unknown>>(path: string) => dataverseReader(() => sandbox, { annotations: true })<T>(path, 'salesperson');
  const postsOnServer = async (regarding: string) => (await dvGet<{ value: { text: string }[] }>(`posts?$select=text&$filter=_regardingobjectid_value eq ${regarding}&$orderby=createdon desc`)).value;

  /** The form's own Refresh command, reached with the arrow keys: the form, its lines and its timeline read again. */
  const refreshForm = async () => {
    const loads = Number(await page.getByTestId('timeline').getAttribute('data-loads'));
    await pressCommand(page, (el) => el.testId === 'command-refresh', 'Refresh');
    await page.waitForFunction((b) => Number(document.querySelector('[data-testid=timeline]')?.getAttribute('data-loads')) > b, loads);
    await commandsSettled(page);
  };

  /** Opens a table's grid from the site map with the keyboard, then New. */
  const newFromGrid = async (navId: string, navText: string, entity: string) => {
    const nav = page.getByTestId(`nav-${navId}`);
    expect(await nav.innerText()).toBe(navText);
    await activate(page, nav);
    await page.getByTestId(`grid-${entity}`).waitFor();
    await activate(page, page.getByTestId('grid-new'));
    await page.locator(`[data-testid=form-${entity}][data-mode=create]`).waitFor();
  };

  /**
   * In a create form: the name, then the customer by searching; its price list and currency follow (shown on the
   * order form; the quote form has no such fields, its saved row is checked instead).
   */
  const nameAndCustomer = async (name: string, priceListOnForm: boolean) => {
    await tabTo(page, page.getByTestId('field-name'));
    await page.keyboard.type(name);
    const customerInput = page.locator('#field-customerid');
    await tabTo(page, customerInput);
    await pickWithKeyboard(page, customerInput, customer.name.slice(0, 6), customer.name);
    if (!priceListOnForm) return;
    await eventually('the price list of the customer', async () => (await page.locator('#field-pricelevelid').inputValue()) === customer.priceListName);
    await eventually('the currency of the price list', async () => (await page.locator('#field-transactioncurrencyid').inputValue()) === customer.currencyName);
  };

  /** Save with the keyboard (Shift+Tab back to the command bar): the form turns into the saved record's. */
  const saveNew = async (entity: string) => {
    await tabTo(page, page.getByTestId('command-save'), true);
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=form-${entity}][data-mode=edit]`).waitFor();
    await commandsSettled(page);
    const id = await formRecordId(page, entity);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    return id;
  };

  /**
   * Submit to ERP and its confirmation with the keyboard; the answer (the ERP number, or "queued" when the ERP takes
   * longer) is acknowledged with Enter; the open form then shows the ERP number without any reload of the page.
   */
  const submitAndSeeErpNumber = async (orderId: string, shot: string) => {
    let navigations = 0;
    const onNavigate = (frame: { parentFrame(): unknown }) => {
      if (!frame.parentFrame()) navigations += 1;
    };
    page.on('framenavigated', onNavigate);
    await commandsSettled(page);
    expect(await page.getByRole('button', { name: lang.submit }).count()).toBe(1);
    await pressSubmitToErp(page);
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    await tabToButton(page, lang.confirmSubmit);
    const answer = page.getByTestId('alert-dialog');
    await answer.waitFor({ timeout: 60_000 });
    expect(await answer.innerText()).toMatch(lang.submitAnswer);
    await page.keyboard.press('Enter');
    await answer.waitFor({ state: 'detached' });
    const erpNumber = await eventually('the ERP number on the open form', async () => {
      const n = await page.getByTestId('header-erp_erpordernumber').innerText();
      return /^S-ORD\d+/.test(n) ? n : null;
    }, 60_000);
    await page.getByTestId('form-readonly').waitFor();
    expect(navigations).toBe(0);
    page.off('framenavigated', onNavigate);
    const saved = await dvGet<{ erp_erpordernumber: string; statecode: number }>(`salesorders(${orderId})?$select=erp_erpordernumber,statecode`);
    expect(saved).toEqual(expect.objectContaining({ erp_erpordernumber: erpNumber, statecode: SalesOrderState.submitted }));
    await browser.shot(shot);
    return erpNumber;
  };

  beforeAll(async () => {
    startedAt = Date.now();
    // Submit to ERP lets the salesperson go after 3 s; the open form then follows the request and shows the answer.
    sandbox = await startSandbox({ port: 0, dataDir: null, connector: { eventsIntervalSeconds: 1, pollIntervalSeconds: 1, couplingIntervalSeconds: 2 }, defaultLcid: lang.lcid, submissionTimeoutSeconds: 20, submissionDialogSeconds: 3 });
    // Camille's interface language is the run's: the connector writes her orders' posts in it (read on its start).
    const me = sandbox.dataverse.users.salesperson.id;
    const patched = await dataverseWrite(sandbox, 'PATCH', `usersettingscollection(${me})`, { uilanguageid: lang.lcid, localeid: lang.lcid });
    expect(patched.status).toBe(204);
    await sandbox.connector!.stop();
    await sandbox.connector!.start();
    browser = await openBrowser(`whole-day-${lang.code}`);
    page = browser.page;
    await page.goto(sandbox.url);
    await appReady(page);
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    if (startedAt) console.log(`whole day (${lang.code}): ${Math.round((Date.now() - startedAt) / 1000)} s including the sandbox start`);
  });

  afterEach(() => {
    expect(browser.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  step('the salesperson is signed in, in her language; the ready order tells which customer and products the ERP knows', async () => {
    expect(await page.getByTestId('nav-orders').innerText()).toBe(lang.ordersNav);
    const ready = sandbox.dataverse.seedInfo!.orders.ready;
    const o = await dvGet<{ _customerid_value: string }>(`salesorders(${ready})?$select=_customerid_value`);
    const a = await dvGet<Record<string, string>>(`accounts(${o._customerid_value})?$select=name,_defaultpricelevelid_value`);
    const pl = await asSalesperson<Record<string, string>>(`pricelevels(${a._defaultpricelevelid_value})?$select=name,_transactioncurrencyid_value`);
    Object.assign(customer, { id: o._customerid_value, name: a.name, priceList: a._defaultpricelevelid_value, priceListName: pl.name, currencyName: pl['_transactioncurrencyid_value@OData.Community.Display.V1.FormattedValue'] });
    const lines = await dvGet<{ value: { _productid_value: string }[] }>(`salesorderdetails?$select=_productid_value&$filter=_salesorderid_value eq ${ready}&$orderby=sequencenumber asc`);
    for (const l of lines.value.slice(0, 2)) {
      const p = await dvGet<Record<string, string>>(`products(${l._productid_value})?$select=name,_defaultuomid_value`);
      const ppl = await dvGet<{ value: { amount: number }[] }>(`productpricelevels?$select=amount&$filter=_pricelevelid_value eq ${a._defaultpricelevelid_value} and _productid_value eq ${l._productid_value} and _uomid_value eq ${p._defaultuomid_value}`);
      products.push({ id: l._productid_value, name: p.name, unitId: p._defaultuomid_value, price: ppl.value[0]?.amount });
    }
    expect(products).toHaveLength(2);
    expect(products.every((p) => typeof p.price === 'number')).toBe(true);
  });

  step('she creates an order: New, the customer by searching, a delivery date typed in her format, Save', async () => {
    await newFromGrid('orders', lang.ordersNav, 'salesorder');
    await nameAndCustomer(lang.orderName, true);
    const date = page.getByTestId('field-requestdeliveryby');
    expect(await date.getAttribute('placeholder')).toBe(datePattern(locale));
    await tabTo(page, date);
    await page.keyboard.type(dateForInput(new Date(2026, 11, 24), locale));
    await page.keyboard.press('Enter');
    await browser.shot('order-create-form');
    order.id = await saveNew('salesorder');
    const saved = await dvGet<Record<string, unknown>>(`salesorders(${order.id})?$select=name,ordernumber,_customerid_value,requestdeliveryby,statecode`);
    expect(saved).toMatchObject({ name: lang.orderName, _customerid_value: customer.id, statecode: SalesOrderState.active });
    expect(new Date(String(saved.requestdeliveryby)).getTime()).toBe(new Date(2026, 11, 24).getTime());
    order.number = String(saved.ordernumber);
  });

  step('two catalogue lines and a write-in, priced by the price list; availability shows per catalogue line', async () => {
    const writeInPrice = numberForInput(1049.5, locale, 2);
    await addLinesByKeyboard(page, [{ name: products[0].name, quantity: 2 }, { name: products[1].name, quantity: 3 }], [{ description: lang.writeInDescription, quantity: 2, price: writeInPrice }]);
    const lines = await dvGet<{ value: { _productid_value: string | null; _uomid_value: string | null; quantity: number; priceperunit: number; productdescription: string | null }[] }>(
      `salesorderdetails?$select=_productid_value,_uomid_value,quantity,priceperunit,productdescription&$filter=_salesorderid_value eq ${order.id}&$orderby=sequencenumber asc`,
    );
    expect(lines.value.map((l) => [l._productid_value, l._uomid_value, l.quantity, l.priceperunit, l.productdescription])).toEqual([
      [products[0].id, products[0].unitId, 2, products[0].price, null],
      [products[1].id, products[1].unitId, 3, products[1].price, null],
      [null, null, 2, 1049.5, lang.writeInDescription],
    ]);
    // The write-in line shows its text once, marked as such, and a note instead of availability (finding 13).
    const writeIn = await page.locator('[data-testid=subgrid-row][data-line-kind=writein]').innerText();
    expect(writeIn.split(lang.writeInDescription)).toHaveLength(2);
    expect(writeIn).toContain(lang.writeIn);
    expect(await page.getByTestId('line-writein-note').innerText()).toMatch(lang.writeInNote);
    if (lang.writeInPriceShown) expect(writeIn.replace(/[\u00a0\u202f]/g, ' ')).toContain(lang.writeInPriceShown);
    const availability = page.getByTestId('line-availability');
    await eventually('availability on both catalogue lines', async () => (await availability.count()) === 2 && lang.available.test(await availability.nth(0).innerText()) && lang.available.test(await availability.nth(1).innerText()));
    await browser.shot('order-lines-availability');
  });

  step('she changes a quantity, adds a line by mistake and removes it, all with the keyboard', async () => {
    const rows = page.getByTestId('subgrid-row');
    await activate(page, rows.nth(1).getByTestId('line-edit'));
    await tabTo(page, page.getByTestId('line-quantity'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    await eventually('the new quantity saved', async () => {
      const l = await dvGet<{ value: { quantity: number }[] }>(`salesorderdetails?$select=quantity&$filter=_salesorderid_value eq ${order.id} and _productid_value eq ${products[1].id}`);
      return l.value[0]?.quantity === 4;
    });
    // The grid reloads after the save: count its rows once it has (a count taken mid-reload was 0, CI under load).
    await eventually('the grid reloaded with the edit', async () => (await rows.count()) === 3 && (await page.getByTestId('line-editor').count()) === 0);
    await addLinesByKeyboard(page, [{ name: products[0].name, quantity: 1 }], []);
    await activate(page, rows.nth(3).getByTestId('line-remove'));
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    await tabToButton(page, lang.remove);
    await eventually('three lines again', async () => (await rows.count()) === 3);
    const left = await dvGet<{ value: { quantity: number }[] }>(`salesorderdetails?$select=quantity&$filter=_salesorderid_value eq ${order.id}&$orderby=sequencenumber asc`);
    expect(left.value.map((l) => l.quantity)).toEqual([2, 4, 2]);
  });

  step('Submit to ERP: the ERP number appears on the open form without a reload', async () => {
    order.erpNumber = await submitAndSeeErpNumber(order.id, 'order-erp-number');
    // Submitted: read-only as in Sales, so its lines offer no add, edit or remove (finding 13).
    for (const action of ['line-add-product', 'line-add-writein', 'line-edit', 'line-remove']) expect(await page.getByTestId(action).count()).toBe(0);
    expect(await page.getByTestId('subgrid-row').count()).toBe(3);
    const erp = await erpOverview(sandbox);
    expect(erp.orders.filter((o) => o.externalDocumentNumber === order.number).map((o) => o.number)).toEqual([order.erpNumber]);
  });

  step('the ERP back office releases, ships and invoices; the open form’s state and timeline follow', async () => {
    // Posts so far (submitted, created in the ERP): the form shows what the server has.
    const before = await eventually('the “created in the ERP” post', async () => {
      const posts = await postsOnServer(order.id);
      return posts.some((p) => p.text.includes(order.erpNumber)) ? posts.length : null;
    });
    // The ERP's back office is someone else's screen: a second tab on the ERP console, used with the mouse.
    const backOffice = await browser.context.newPage();
    await backOffice.goto(`${sandbox.url}#/erp/orders?no=${encodeURIComponent(order.erpNumber)}`);
    const row = backOffice.locator(`[data-testid=erp-order-row][data-number="${order.erpNumber}"]`);
    await row.waitFor();
    const result = backOffice.getByTestId('erp-result');
    /** Runs a console action and waits for its own "done" (each action's result names it, so texts differ). */
    const inErp = async (what: string, act: () => Promise<void>) => {
      const before = (await result.count()) ? await result.innerText() : '';
      await act();
      await eventually(`${what} done in the ERP console`, async () => {
        const text = await result.innerText();
        return text !== before && /(done|fait)\.$/.test(text.trim());
      });
    };
    const expectPostsOnForm = async (n: number, newest: RegExp | string) => {
      await eventually(`${n} posts on the order`, async () => (await postsOnServer(order.id)).length >= n);
      await refreshForm();
      expect(await timelinePosts(page).count()).toBe(n);
      const text = await timelinePosts(page).first().innerText();
      if (typeof newest === 'string') expect(text).toContain(newest);
      else expect(text).toMatch(newest);
      await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    };

    await inErp('the release', () => row.getByTestId('erp-release').click());
    await expectPostsOnForm(before + 1, timelinePostText({ kind: 'released' }, lang.lcid));

    await inErp('the shipment', async () => {
      await row.getByTestId('erp-ship').click();
      await backOffice.getByTestId('erp-ship-tracking').fill(TRACKING);
      await backOffice.getByTestId('erp-ship-submit').click();
    });
    await browser.shot('erp-console-shipped', backOffice);
    await eventually('the order fulfilled', async () => (await dvGet<{ statecode: number }>(`salesorders(${order.id})?$select=statecode`)).statecode === SalesOrderState.fulfilled);
    await expectPostsOnForm(before + 2, TRACKING);
    expect(await page.getByTestId('form-status').innerText()).toBe(lang.shippedStatus);
    await browser.shot('order-shipped');

    await inErp('the invoice', () => row.getByTestId('erp-invoice').click());
    await eventually('the order invoiced', async () => (await dvGet<{ statecode: number }>(`salesorders(${order.id})?$select=statecode`)).statecode === SalesOrderState.invoiced);
    await expectPostsOnForm(before + 3, lang.code === 'en' ? /invoiced in full/ : /entièrement facturée/);
    expect(await page.getByTestId('form-status').innerText()).toBe(lang.invoicedStatus);
    await browser.shot('order-invoiced');
    await backOffice.close();
  });

  let quoteId = '';
  step('she creates a quote with two catalogue lines', async () => {
    await page.bringToFront();
    await newFromGrid('quotes', lang.quotesNav, 'quote');
    await nameAndCustomer(`Whole day quote ${lang.code}`, false);
    quoteId = await saveNew('quote');
    const saved = await dvGet<Record<string, unknown>>(`quotes(${quoteId})?$select=_customerid_value,_pricelevelid_value,_transactioncurrencyid_value,statecode`);
    expect(saved).toMatchObject({ _customerid_value: customer.id, _pricelevelid_value: customer.priceList, statecode: QuoteState.draft });
    await addLinesByKeyboard(page, [{ name: products[0].name, quantity: 1 }, { name: products[1].name, quantity: 4 }], []);
    const lines = await dvGet<{ value: { _productid_value: string; quantity: number; priceperunit: number }[] }>(`quotedetails?$select=_productid_value,quantity,priceperunit&$filter=_quoteid_value eq ${quoteId}&$orderby=sequencenumber asc`);
    expect(lines.value.map((l) => [l._productid_value, l.quantity, l.priceperunit])).toEqual([
      [products[0].id, 1, products[0].price],
      [products[1].id, 4, products[1].price],
    ]);
    await browser.shot('quote-lines');
  });

  step('she activates it, wins it with Create Order and lands on the new order', async () => {
    await commandsSettled(page);
    expect(await page.getByTestId('command-quote-activate').innerText()).toBe(lang.activateQuote);
    await pressQuoteCommand(page, 'activate');
    await eventually('Create Order on the active quote', async () => (await page.getByTestId('command-quote-createOrder').count()) === 1);
    await page.getByTestId('form-readonly').waitFor();
    await commandsSettled(page);
    expect(await page.getByTestId('command-quote-activate').count()).toBe(0);
    expect(await page.getByTestId('command-quote-close').count()).toBe(1);
    expect(await page.getByTestId('command-quote-revise').count()).toBe(1);
    expect((await dvGet<{ statecode: number }>(`quotes(${quoteId})?$select=statecode`)).statecode).toBe(QuoteState.active);
    await pressQuoteCommand(page, 'createOrder');
    const dialog = page.getByTestId('fields-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(lang.createOrderDialog);
    await browser.shot('quote-create-order-dialog');
    await tabToButton(page, 'OK');
    await page.getByTestId('form-salesorder').waitFor();
    const orderId = await formRecordId(page, 'salesorder');
    expect(orderId).not.toBe(order.id);
    expect(page.url()).toContain(`#/form/salesorder/${orderId}`);
    expect((await dvGet<{ statecode: number }>(`quotes(${quoteId})?$select=statecode`)).statecode).toBe(QuoteState.won);
    const fromQuote = await dvGet<{ _quoteid_value: string; statecode: number }>(`salesorders(${orderId})?$select=_quoteid_value,statecode`);
    expect(fromQuote).toEqual(expect.objectContaining({ _quoteid_value: quoteId, statecode: SalesOrderState.active }));
    await focusLands(page.getByTestId('form-salesorder'), 'the new order’s form');
    order.id = orderId;
  });

  step('she submits the order from the quote: its ERP number appears on the open form', async () => {
    const { ordernumber } = await dvGet<{ ordernumber: string }>(`salesorders(${order.id})?$select=ordernumber`);
    const erpNumber = await submitAndSeeErpNumber(order.id, 'quote-order-erp-number');
    const erp = await erpOverview(sandbox);
    expect(erp.orders.filter((o) => o.externalDocumentNumber === ordernumber).map((o) => o.number)).toEqual([erpNumber]);
    // A line of the submitted order opens read-only too, instead of failing at Save (finding 13).
    const lines = await dvGet<{ value: { salesorderdetailid: string }[] }>(`salesorderdetails?$select=salesorderdetailid&$filter=_salesorderid_value eq ${order.id}`);
    await openForm(page, sandbox.url, 'salesorderdetail', lines.value[0].salesorderdetailid);
    await page.getByTestId('form-readonly').waitFor();
    expect(await page.locator('#field-quantity').getAttribute('aria-readonly')).toBe('true');
  });
});
