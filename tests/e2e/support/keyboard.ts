/**
 * Working the sandbox page with the keyboard only (issue 19: the story "keyboard only"): Tab and Shift+Tab between
 * controls, the arrow keys inside a toolbar (one Tab stop, the ARIA toolbar pattern) and a listbox, Enter to act,
 * typing into fields. No helper here clicks.
 */
import type { Locator, Page } from 'playwright-core';
import { eventually } from './wait';

const hasFocus = (target: Locator) => target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false);

/** Waits until `target` (or an element inside it) has the focus, e.g. a dialog's first field after it opens. */
export async function focusLands(target: Locator, what: string): Promise<void> {
  await eventually(`focus on ${what}`, () => hasFocus(target));
}

/**
 * Presses Tab (Shift+Tab with `back`) until `target` (or an element inside it) has the focus. Inside the target's
 * toolbar the arrow keys take over.
 */
export async function tabTo(page: Page, target: Locator, back = false, max = 80): Promise<void> {
  const inItsToolbar = () =>
    target
      .evaluate((el) => {
        const bar = el.closest('[role=toolbar]');
        return !!bar && bar.contains(document.activeElement);
      })
      .catch(() => false);
  for (let i = 0; i < max; i++) {
    if (await hasFocus(target)) return;
    if (await inItsToolbar()) {
      for (const key of ['ArrowRight', 'ArrowLeft']) {
        for (let j = 0; j < 12 && !(await hasFocus(target)); j++) await page.keyboard.press(key);
        if (await hasFocus(target)) return;
      }
    }
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** Tabs to `target` and presses Enter on it. */
export async function activate(page: Page, target: Locator, back = false): Promise<void> {
  await tabTo(page, target, back);
  await page.keyboard.press('Enter');
}

/** In a focused lookup: types, waits for the option, moves to it with the arrow keys and picks it with Enter. */
export async function pickWithKeyboard(page: Page, input: Locator, text: string, option: string): Promise<void> {
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

interface FocusedElement {
  testId: string;
  text: string;
  command: string;
}
const focusedElement = (page: Page): Promise<FocusedElement> =>
  page.evaluate(() => ({
    testId: document.activeElement?.getAttribute('data-testid') ?? '',
    text: document.activeElement?.textContent ?? '',
    command: document.activeElement?.getAttribute('data-command') ?? '',
  }));

/** The data-testid of the focused element (its text when it has none). */
export async function focusedTestId(page: Page): Promise<string> {
  const el = await focusedElement(page);
  return el.testId || el.text;
}

/**
 * Reaches the command bar with Shift+Tab (unless the focus is in it already: after a dialog it returns to the
 * command that opened it), then moves along it with the arrow keys (a toolbar is one tab stop) to the command, and
 * presses Enter.
 */
export async function pressCommand(page: Page, match: (el: FocusedElement) => boolean, what: string): Promise<void> {
  await tabTo(page, page.getByTestId('command-bar'), true, 200);
  for (const key of ['ArrowRight', 'ArrowLeft']) {
    for (let i = 0; i < 20; i++) {
      if (match(await focusedElement(page))) {
        await page.keyboard.press('Enter');
        return;
      }
      await page.keyboard.press(key);
    }
  }
  throw new Error(`The command ${what} could not be reached with the arrow keys.`);
}

/** One of Sales' quote commands (Activate Quote, Create Order, Close Quote, Revise) of the sandbox's command bar. */
export const pressQuoteCommand = (page: Page, id: 'activate' | 'createOrder' | 'close' | 'revise'): Promise<void> => pressCommand(page, (el) => el.testId === `command-quote-${id}`, id);
/** The product's Submit to ERP command (found by its command id, whatever the language). */
export const pressSubmitToErp = (page: Page): Promise<void> => pressCommand(page, (el) => el.command === 'erp.salesorder.Form.SubmitToErp.Command', 'Submit to ERP');

/** Tabs inside the open dialog until the button named `name` has focus, then presses Enter. */
export async function tabToButton(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 12; i++) {
    if ((await page.evaluate(() => (document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent : null))) === name) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`No ${name} button reached with Tab.`);
}

/** A product to add as a catalogue line: its name as the product lookup lists it. */
export interface CatalogueLine {
  name: string;
  quantity: number;
}

/**
 * Adds lines to the open order or quote form's lines subgrid: catalogue lines through the product lookup (price and
 * unit from the price list), then write-in lines with their description, quantity and price typed in the user's
 * format. Waits until each line is in the grid and its editor closed.
 */
export async function addLinesByKeyboard(page: Page, catalogue: CatalogueLine[], writeIns: { description: string; quantity: number; price: string }[]): Promise<void> {
  const rows = page.getByTestId('subgrid-row');
  const start = await rows.count();
  const editorClosed = async (n: number) => (await rows.count()) === n && (await page.getByTestId('line-editor').count()) === 0;
  for (const [i, p] of catalogue.entries()) {
    await activate(page, page.getByTestId('line-add-product'));
    const productInput = page.getByTestId('line-editor').locator('input').first();
    await focusLands(productInput, 'the line editor’s product');
    await pickWithKeyboard(page, productInput, p.name, p.name);
    await tabTo(page, page.getByTestId('line-quantity'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type(String(p.quantity));
    await page.keyboard.press('Enter');
    await eventually(`catalogue line ${i + 1} in the grid`, () => editorClosed(start + i + 1));
  }
  for (const [i, w] of writeIns.entries()) {
    await activate(page, page.getByTestId('line-add-writein'));
    await focusLands(page.getByTestId('line-description'), 'the write-in description');
    await page.keyboard.type(w.description);
    await tabTo(page, page.getByTestId('line-quantity'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type(String(w.quantity));
    await tabTo(page, page.getByTestId('line-price'));
    await page.keyboard.type(w.price);
    await page.keyboard.press('Enter');
    await eventually(`write-in line ${i + 1} in the grid`, () => editorClosed(start + catalogue.length + i + 1));
  }
}
