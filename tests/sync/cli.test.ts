/**
 * `npm run sync`: argument handling, the mapping check, and a full run against both stand-ins with its progress
 * lines (non-TTY output: one line per mapping when it ends).
 */
import { main, parseArgs } from '../../connector/sync/cli';
import { renderLine } from '../../connector/sync/progressBar';
import { startSyncHarness, type SyncHarness } from './harness';

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const stream = { isTTY: false, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => out };
}

describe('npm run sync', () => {
  it('parses its arguments', () => {
    expect(parseArgs(['--full', '--mappings', 'customer, item-product'])).toMatchObject({ command: 'full', mappings: ['customer', 'item-product'], unknown: [] });
    expect(parseArgs(['--retry', '--coupling', 'abc', '--force'])).toMatchObject({ command: 'retry', couplings: ['abc'], force: true });
    expect(parseArgs(['--fast'])).toMatchObject({ command: null, unknown: ['--fast'] });
  });

  it('prints usage (exit 2) without a command, and checks the mapping file with the run order', async () => {
    const a = capture();
    expect(await main([], {}, a.stream)).toBe(2);
    expect(a.text()).toMatch(/^Usage: npm run sync -- --full/);
    const b = capture();
    expect(await main(['--check'], {}, b.stream)).toBe(0);
    expect(b.text()).toContain('12 mappings, valid. Full synchronisation order: SALESPEOPLE → CURRENCY → UNIT OF MEASURE → PAYMENT TERMS → SHIPMENT METHOD → CUSTOMER → CONTACT → ITEM-PRODUCT → RESOURCE-PRODUCT → PRICE LIST → PRICE LIST LINE');
  });

  it('draws a progress line per mapping', () => {
    expect(renderLine({ mapping: 'CUSTOMER', phase: 'erp', processed: 52000, total: 100000, counts: { inserted: 50000, modified: 1000, unchanged: 900, failed: 100, skipped: 0 } }, 26000, 10)).toBe(
      'CUSTOMER           [#####-----]  52%  52,000/100,000  2,000 rec/s  +50000 ~1000 =900 !100 skip 0',
    );
  });

  describe('against the stand-ins', () => {
    let h: SyncHarness;
    beforeAll(async () => {
      h = await startSyncHarness();
    });
    afterAll(() => h.close());

    it('runs a full synchronisation of the chosen mappings and says how each ended (exit 1: records failed)', async () => {
      const env = { DATAVERSE_URL: h.dv.baseUrl, DATAVERSE_TOKEN: h.dv.tokens.integration, BC_API_URL: h.bc.apiUrl, BC_COMPANY_ID: h.bc.companyId, BC_TOKEN: h.bc.token, CONNECTOR_WEBHOOK_KEY: 'cli-test-webhook-key-0123456789', DOTENV_PATH: '/nonexistent' };
      const out = capture();
      const code = await main(['--full', '--mappings', 'CUSTOMER'], env, out.stream);
      const text = out.text();
      expect(text).toMatch(/^Starting full synchronisation \S+: SALESPEOPLE → CURRENCY → PAYMENT TERMS → SHIPMENT METHOD → CUSTOMER\n/);
      expect(text).toMatch(/CUSTOMER +\[#{24}\] 100% +60 .* \+1 ~58 =0 !1 skip 0\n/);
      expect(text).toContain('CUSTOMER           completedWithErrors');
      expect(code).toBe(1);
      const again = capture();
      expect(await main(['--incremental', '--force', '--mappings', 'CUSTOMER'], env, again.stream)).toBe(0);
    });
  });
});
