/**
 * Debian Chromium through playwright-core: headless, a fresh profile per run, the flags the team agreed on.
 * Screenshots of each step go to test-results/e2e/ (gitignored) as artifacts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ARTIFACTS = path.resolve(__dirname, '../../../test-results/e2e');

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Saves a screenshot named <prefix>-NN-<step>.png (of `on`, default the first tab) and returns its path. */
  shot(step: string, on?: Page): Promise<string>;
  /** Console errors and page errors seen so far (a broken page must fail the test, not pass silently). */
  errors: string[];
  close(): Promise<void>;
}

export async function openBrowser(prefix: string): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (npm test does it through scripts/ensure-system-deps.sh).`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'erplink-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const old of fs.readdirSync(ARTIFACTS)) if (old.startsWith(`${prefix}-`)) fs.rmSync(path.join(ARTIFACTS, old));
  let n = 0;
  return {
    context,
    page,
    errors,
    async shot(step: string, on?: Page) {
      const file = path.join(ARTIFACTS, `${prefix}-${String(++n).padStart(2, '0')}-${step.replace(/[^a-z0-9-]+/gi, '-')}.png`);
      await (on ?? page).screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
