/**
 * Moving around the sandbox page the way its users do, and knowing when it has settled: the signed-in user, the
 * language, forms, the command bar, the timeline. Each helper takes the tab it works on (a story may have two).
 */
import type { Locator, Page } from 'playwright-core';

/** The shell is up (the header's user menu renders once the session is known). */
export async function appReady(page: Page): Promise<void> {
  await page.getByTestId('user-menu').waitFor();
}

/** The command bar has evaluated its enable and display rules for the record shown (they run asynchronously). */
export async function commandsSettled(page: Page): Promise<void> {
  await page.locator('[data-testid=command-bar][data-evaluated=true]').waitFor();
}

/** Signs in as another sandbox user through the user menu (the page reloads under the new session). */
export async function switchUser(page: Page, key: string): Promise<void> {
  await page.getByTestId('user-menu').click();
  await Promise.all([page.waitForEvent('load'), page.getByTestId(`user-${key}`).click()]);
  await appReady(page);
}

/** Chooses the page's language from the language menu with the keyboard (the page reloads in it). */
export async function chooseLanguageByKeyboard(page: Page, language: 'English' | 'Français'): Promise<void> {
  await page.getByTestId('language-menu').focus();
  await page.keyboard.press('Enter');
  const item = page.getByRole('menuitemradio', { name: language });
  await item.waitFor();
  for (let i = 0; i < 5 && !(await item.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  await appReady(page);
}

/** Opens a record's form by its address and waits until its commands are known. */
export async function openForm(page: Page, baseUrl: string, entity: string, id: string): Promise<void> {
  await page.goto(`${baseUrl}#/form/${entity}/${id}`);
  await page.getByTestId('form-title').waitFor();
  await commandsSettled(page);
}

/** The record id of the form shown (`data-record-id` of form-<entity>). */
export async function formRecordId(page: Page, entity: string): Promise<string> {
  return (await page.getByTestId(`form-${entity}`).getAttribute('data-record-id')) ?? '';
}

/** Finished loads of the timeline so far (it counts them: a test waits for the next one instead of sleeping). */
export async function timelineLoads(page: Page): Promise<number> {
  return Number(await page.getByTestId('timeline').getAttribute('data-loads'));
}

/** Runs `act` (something that reloads the timeline) and waits until that load has finished. */
export async function afterTimelineLoad(page: Page, act: () => Promise<void>): Promise<void> {
  const before = await timelineLoads(page);
  await act();
  await page.waitForFunction((b) => Number(document.querySelector('[data-testid=timeline]')?.getAttribute('data-loads')) > b, before);
}

/** Clicks the timeline's refresh and waits until that load has finished. */
export async function refreshTimeline(page: Page): Promise<void> {
  await afterTimelineLoad(page, () => page.getByTestId('timeline-refresh').click());
}

/** The timeline's posts, newest first. */
export function timelinePosts(page: Page): Locator {
  return page.getByTestId('timeline-post');
}

/** Waits for the animations of an element and its children (a dialog's fade-in) to finish before a screenshot. */
export async function animationsDone(locator: Locator): Promise<void> {
  await locator.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
}
