/**
 * The lifecycle every end-to-end file shares: before all, a sandbox (both stand-ins, the imported zip, the connector,
 * the page) and Chromium on its page, signed in and ready; after each test, no page error; after all, both stopped.
 * `onOpen` receives them so a file keeps its own module variables; `then` adds the file's own first steps.
 */
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/app/sandbox';
import { openBrowser, type Browser } from './browser';
import { appReady } from './page';

export interface SuiteParts {
  sandbox: Sandbox;
  browser: Browser;
  page: Page;
}

export function useSandboxPage(shotPrefix: string, options: SandboxOptions, onOpen: (parts: SuiteParts) => void, then?: (parts: SuiteParts) => Promise<void>): void {
  let parts: Partial<SuiteParts> = {};
  beforeAll(async () => {
    const sandbox = await startSandbox({ port: 0, dataDir: null, ...options });
    parts = { sandbox };
    const browser = await openBrowser(shotPrefix);
    parts = { sandbox, browser, page: browser.page };
    onOpen(parts as SuiteParts);
    await browser.page.goto(sandbox.url);
    await appReady(browser.page);
    await then?.(parts as SuiteParts);
  }, 90_000);

  afterAll(async () => {
    await parts.browser?.close();
    await parts.sandbox?.stop();
  });

  afterEach(() => {
    expect(parts.browser?.errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
}
