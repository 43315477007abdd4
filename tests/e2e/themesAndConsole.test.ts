/**
 * Issue 19, finding 15, in Debian Chromium against the sandbox: the theme switch in the app bar (light, dark, high
 * contrast) reaches the PCF controls, whose colours follow it with readable contrast, and the choice survives a
 * reload; the ERP console at 1024 px has no column header over another and counts every invoice.
 * Screenshots: test-results/e2e/themes-*.png.
 */
import type { Page } from 'playwright-core';
import type { Sandbox } from '../../sandbox/app/sandbox';
import type { Browser } from './support/browser';
import { useSandboxPage } from './support/suite';

jest.setTimeout(120_000);

let sandbox: Sandbox;
let browser: Browser;
let page: Page;

// The connector writes the account's ERP statistics the control shows.
useSandboxPage('themes', { connector: { eventsIntervalSeconds: 30, pollIntervalSeconds: 1 }, defaultLcid: 1033 }, (p) => ({ sandbox, browser, page } = p));

interface TextColours {
  text: string;
  ratio: number;
  color: string;
  background: string;
}

/**
 * Every visible text inside the element: its colour, the colour of the first opaque background behind it, and their
 * WCAG contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). Alpha colours are blended on that background.
 */
async function textColours(selector: string): Promise<{ root: { color: string; background: string }; texts: TextColours[] }> {
  // Fluent buttons fade their colour (a CSS transition): read colours once the theme switch's transitions have ended,
  // not a mid-fade grey (seen in CI on a loaded machine: "Refresh" at 4.33 half-way from the light to the dark theme).
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished.catch(() => undefined))));
  return page.evaluate((sel) => {
    const parse = (c: string): number[] => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const background = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0.5) return c;
      }
      return [255, 255, 255, 1];
    };
    const lum = (c: number[]): number => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const blend = (fg: number[], bg: number[]): number[] => [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3])).concat(1);
    const root = document.querySelector(sel)!;
    const provider = root.querySelector('.fui-FluentProvider') ?? root;
    const texts: TextColours[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      const text = (n.textContent ?? '').trim();
      // WCAG 1.4.3 exempts text of an inactive control (a disabled Refresh while the figures reload).
      if (!text || !el.getClientRects().length || getComputedStyle(el).visibility === 'hidden' || el.closest('[aria-hidden=true], [disabled], [aria-disabled=true]')) continue;
      const bg = background(el);
      const fg = blend(parse(getComputedStyle(el).color), bg);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      texts.push({ text: text.slice(0, 40), ratio: Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100, color: getComputedStyle(el).color, background: `rgb(${bg.slice(0, 3).join(', ')})` });
    }
    return { root: { color: getComputedStyle(provider).color, background: `rgb(${background(provider).slice(0, 3).join(', ')})` }, texts };
  }, selector);
}

async function chooseTheme(name: 'light' | 'dark' | 'highContrast'): Promise<void> {
  await page.getByTestId('theme-menu').click();
  await page.getByTestId(`theme-${name}`).click();
  await page.locator(`[data-theme="${name}"]`).first().waitFor();
}

describe('themes', () => {
  const control = '.pcf-host[data-control="ErpLink.AccountStatistics"]';
  // Each test starts in the light theme even when the one before failed half-way through a switch.
  afterEach(async () => {
    if ((await page.getByTestId('theme-menu').innerText()) !== 'Light') await chooseTheme('light');
  });

  test('dark and high contrast reach the controls, with readable text, and the choice survives a reload', async () => {
    const order = sandbox.demoOrder!;
    const res = await fetch(`${sandbox.dataverse.apiUrl}salesorders(${order.orderId})?$select=_customerid_value`, { headers: { Authorization: `Bearer ${sandbox.dataverse.tokens.admin}`, Accept: 'application/json' } });
    const accountId = ((await res.json()) as { _customerid_value: string })._customerid_value;
    await page.goto(`${sandbox.url}#/form/account/${accountId}`);
    await page.locator(control).waitFor();
    await browser.shot('account-light');
    await page.locator(`${control} dl`).first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('theme-menu').innerText()).toBe('Light');
    const light = await textColours(control);

    await chooseTheme('dark');
    await page.waitForFunction(([sel, before]) => {
      const p = document.querySelector(sel)?.querySelector('.fui-FluentProvider');
      return !!p && getComputedStyle(p).color !== before;
    }, [control, light.root.color] as const);
    const dark = await textColours(control);
    expect(dark.root.background).not.toBe(light.root.background);
    expect(dark.root.color).not.toBe(light.root.color);
    // Dark: the control's background is darker than its text.
    const grey = (c: string) => c.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0);
    expect(grey(dark.root.background)).toBeLessThan(grey(dark.root.color));
    expect(dark.texts.length).toBeGreaterThan(5);
    expect(dark.texts.filter((x) => x.ratio < 4.5)).toEqual([]);
    await browser.shot('account-statistics-dark');

    // The page itself follows too (its own FluentProvider): the form behind the control is dark.
    const pageBackground = await page.evaluate(() => getComputedStyle(document.querySelector('main')!.parentElement!).backgroundColor);
    expect(grey(pageBackground)).toBeLessThan(200);

    await page.reload();
    await page.locator(`${control} dl`).first().waitFor();
    expect(await page.getByTestId('theme-menu').innerText()).toBe('Dark');
    expect((await textColours(control)).root).toEqual(dark.root);

    await chooseTheme('highContrast');
    await page.waitForFunction((sel) => getComputedStyle(document.querySelector(sel)!.querySelector('.fui-FluentProvider')!).color === 'rgb(255, 255, 255)', control);
    const high = await textColours(control);
    expect(high.root.background).toBe('rgb(0, 0, 0)');
    expect(high.texts.filter((x) => x.ratio < 7)).toEqual([]);
    await browser.shot('account-statistics-high-contrast');

    await chooseTheme('light');
    expect((await textColours(control)).root).toEqual(light.root);
  });

  test('the theme menu is named in French too', async () => {
    await page.getByTestId('language-menu').click();
    await Promise.all([page.waitForEvent('load'), page.getByRole('menuitemradio', { name: 'Français' }).click()]);
    await page.getByTestId('user-menu').waitFor();
    try {
      expect(await page.getByTestId('theme-menu').getAttribute('aria-label')).toBe('Thème: Clair');
      await page.getByTestId('theme-menu').click();
      expect(await page.getByRole('menuitemradio').allInnerTexts()).toEqual(['Clair', 'Sombre', 'Contraste élevé']);
      await page.keyboard.press('Escape');
    } finally {
      // Back to English whatever failed, so the console tests below read the texts they expect.
      await page.keyboard.press('Escape');
      await page.getByTestId('language-menu').click();
      await Promise.all([page.waitForEvent('load'), page.getByRole('menuitemradio', { name: 'English' }).click()]);
      await page.getByTestId('user-menu').waitFor();
    }
  });
});

/** Switches the signed-in user's language from the app bar (the page reloads) unless it is already the one asked for. */
async function useLanguage(name: string): Promise<void> {
  await page.getByTestId('user-menu').waitFor();
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current.startsWith(name === 'Français' ? 'fr' : 'en')) return;
  await page.getByTestId('language-menu').click();
  await Promise.all([page.waitForEvent('load'), page.getByRole('menuitemradio', { name }).click()]);
  await page.getByTestId('user-menu').waitFor();
}

describe('ERP console at 1024 px', () => {
  /** The rendered extent of each column header's text (not its cell): what overlaps when columns are too narrow. */
  const headerBoxes = (table: string) =>
    page.evaluate((sel) => {
      return Array.from(document.querySelectorAll(`${sel} > thead th`)).map((th) => {
        const range = document.createRange();
        range.selectNodeContents(th);
        const r = range.getBoundingClientRect();
        const cell = th.getBoundingClientRect();
        return { text: (th.textContent ?? '').trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom, cellLeft: cell.left, cellRight: cell.right };
      });
    }, table);

  // French headers and figures ("Montant TTC", "1 234,56 €") are longer than English ones: both must fit.
  test.each([
    ['orders', 'English'],
    ['invoices', 'English'],
    ['orders', 'Français'],
    ['invoices', 'Français'],
  ])('%s in %s: no two column headers overlap, each inside its own cell', async (tab, language) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(`${sandbox.url}#/erp/${tab}`);
    await useLanguage(language);
    await page.goto(`${sandbox.url}#/erp/${tab}`);
    const table = `[data-testid="erp-${tab}"]`;
    await page.locator(`${table} tbody tr`).first().waitFor();
    await browser.shot(`erp-console-${tab}-1024`);
    const boxes = (await headerBoxes(table)).filter((b) => b.text);
    expect(boxes.length).toBeGreaterThanOrEqual(7);
    // Everything fits the page: no column (amounts, actions) hidden behind a sideways scroll.
    const fits = await page.evaluate((sel) => {
      const card = document.querySelector(sel)!.closest('[role=tabpanel]')!;
      return { scroll: card.scrollWidth, client: card.clientWidth };
    }, table);
    expect(fits.scroll).toBeLessThanOrEqual(fits.client + 1); // scrollWidth rounds sub-pixel widths up
    for (const b of boxes) {
      expect(b.left).toBeGreaterThanOrEqual(b.cellLeft - 0.5);
      expect(b.right).toBeLessThanOrEqual(b.cellRight + 0.5);
    }
    // Status badges in the page's language, worded as BC's pages do (an order the API calls Open is Released).
    const badges = await page.locator(`${table} [data-testid="erp-status"]`).evaluateAll((els) => els.map((e) => [e.getAttribute('data-status'), e.textContent]));
    const words: Record<string, Record<string, string>> = {
      English: { 'orders/Open': 'Released', 'orders/Draft': 'Draft', 'invoices/Open': 'Open', 'invoices/Paid': 'Paid' },
      Français: { 'orders/Open': 'Lancée', 'orders/Draft': 'Brouillon', 'invoices/Open': 'Ouverte', 'invoices/Paid': 'Payée' },
    };
    expect(badges.length).toBeGreaterThan(0);
    for (const [status, text] of badges) if (words[language][`${tab}/${status}`]) expect(text).toBe(words[language][`${tab}/${status}`]);
    expect(badges.some(([status]) => words[language][`${tab}/${status}`])).toBe(true);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, c] = [boxes[i], boxes[j]];
        const overlap = Math.min(a.right, c.right) - Math.max(a.left, c.left) > 0.5 && Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top) > 0.5;
        expect({ a: a.text, b: c.text, overlap }).toEqual({ a: a.text, b: c.text, overlap: false });
      }
    }
  });

  test('the invoices tab counts every ERP invoice, not the 200 it lists', async () => {
    await useLanguage('English');
    const overview = (await (await fetch(`${sandbox.bc.adminUrl}/overview`)).json()) as { counts: { invoices: number }; invoices: unknown[] };
    expect(overview.counts.invoices).toBeGreaterThan(200);
    await page.goto(`${sandbox.url}#/erp/invoices`);
    await page.locator('[data-testid="erp-invoices"] tbody tr').first().waitFor();
    expect(await page.getByTestId('erp-tab-invoices').innerText()).toBe(`Posted invoices (${overview.counts.invoices.toLocaleString('en-US')})`);
    expect(await page.getByTestId('erp-invoices-listed').innerText()).toBe(`The 200 most recent of ${overview.counts.invoices.toLocaleString('en-US')} invoices are listed.`);
    expect(await page.locator('[data-testid="erp-invoices"] [data-testid="erp-invoice-row"]').count()).toBe(overview.invoices.length);
  });
});
