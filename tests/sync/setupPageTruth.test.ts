/**
 * @jest-environment jsdom
 */
// The setup page tells an admin what happened without machine text (issue 19, finding 14): no ISO instant and no
// GUID in its errors and messages, counts with plural forms in English and French.
import { SetupApp } from '../../webresources/setup/app';
import { texts } from '../../webresources/setup/texts';
import type { EventRetryInfo, RequestAnswer, RequestKindName, SetupData, SetupJob } from '../../webresources/setup/data';
import { failureOps } from '../../connector/flows/eventRetries';
import { SyncJobColumns as J } from '../../domain/schema';

const GUID = '3f2a5c1e-0b1d-4c2e-8f3a-00000000a1b2';
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const HEX_ID = /[0-9a-f]{8}-[0-9a-f]{4}-/i;

class Data implements Partial<SetupData> {
  answers: RequestAnswer[] = [];
  retries: EventRetryInfo[] = [];
  jobs: SetupJob[] = [];
  skipped = 0;
  private n = 0;
  async readConnection() {
    return null;
  }
  async saveConnection() {
    return 'c1';
  }
  async queue(_kind: RequestKindName) {
    return `r${++this.n}`;
  }
  async readRequest(): Promise<RequestAnswer> {
    return this.answers.shift()!;
  }
  async listUsers() {
    return [];
  }
  async countSkipped() {
    return this.skipped;
  }
  async lastReconciliation() {
    return null;
  }
  async eventRetries() {
    return this.retries;
  }
  async runJobs() {
    return this.jobs;
  }
}

async function mount(lcid: number, data: Data) {
  document.body.innerHTML = '<main id="erp-setup"></main>';
  const root = document.getElementById('erp-setup')!;
  const app = new SetupApp(root, { data: data as unknown as SetupData, lcid, texts, pollMs: 1, sleep: () => Promise.resolve() });
  await app.start();
  await new Promise((r) => setTimeout(r, 0));
  return { app, root };
}
const job = (over: Partial<SetupJob>): SetupJob => ({ mapping: 'CUSTOMER', state: 'succeeded', progress: 100, inserted: 0, modified: 0, unchanged: 0, failed: 0, skipped: 0, lastError: null, ...over });

describe.each([1033, 1036])('setup page without machine text (%i)', (lcid) => {
  it('an order whose ERP events wait for a retry: its error without the ISO instant or the GUID the connector saw', async () => {
    const data = new Data();
    // Written by an earlier connector version: the wrapper with the raw next try, and Dataverse's own text.
    data.retries = [{
      erpNumber: 'S-ORD101005', attempts: 3, nextAttemptAt: '2026-12-06T18:00:00.000Z',
      lastError: `ERP events for S-ORD101005 failed (attempt 3; next try after 2026-12-06T18:00:00.000Z): Entity 'salesorder' With Id = ${GUID} Does Not Exist`,
    }];
    const { root } = await mount(lcid, data);
    const line = root.querySelector('#events-retry-list li')!.textContent!;
    expect(line).toMatch(/S-ORD101005/);
    expect(line).toMatch(/Does Not Exist/);
    expect(line).not.toMatch(ISO);
    expect(line).not.toMatch(HEX_ID);
    // The attempt and next try are said once, by the page's own words.
    expect(line.match(/S-ORD101005/g)).toHaveLength(1);
  });

  it('the full synchronisation run is named by its start in the user’s locale; job errors lose their ids', async () => {
    const data = new Data();
    data.answers.push({ id: 'r1', state: 'succeeded', error: null, result: { run: '2026-11-22T10:00:00.000Z', mappings: ['CUSTOMER'], resumed: false } });
    data.jobs = [job({ state: 'completedWithErrors', failed: 1, lastError: `The ERP customer C10570 is already coupled to another Sales record (${GUID}).` })];
    const { app, root } = await mount(lcid, data);
    const said: string[] = [];
    const say = (app as unknown as { say: (s: HTMLElement, text: string) => void }).say.bind(app);
    (app as unknown as { say: (s: HTMLElement, text: string, kind?: string) => void }).say = (s, text, kind) => (said.push(text), (say as (a: HTMLElement, b: string, c?: string) => void)(s, text, kind));
    await app.startFull();
    await new Promise((r) => setTimeout(r, 0));
    const queued = said.find((s) => /2026/.test(s))!;
    expect(queued).toMatch(lcid === 1036 ? /22 nov\. 2026/ : /Nov 22, 2026/);
    expect(queued).not.toMatch(ISO);
    const error = root.querySelector('#jobs td.error-text')!.textContent!;
    expect(error).toMatch(/C10570/);
    expect(error).not.toMatch(HEX_ID);
  });

  it('a refusal from the connector is shown without the GUID it carries', async () => {
    const data = new Data();
    data.answers.push({ id: 'r1', state: 'failed', error: `Record ${GUID} cannot be read.`, result: null });
    const { app } = await mount(lcid, data);
    await expect(app.startFull()).rejects.toThrow(/cannot be read/);
    data.answers.push({ id: 'r2', state: 'failed', error: `Record ${GUID} cannot be read.`, result: null });
    await expect(app.startFull()).rejects.not.toThrow(HEX_ID);
  });

  it('counts read with their plural forms: one record, several records', async () => {
    const data = new Data();
    data.skipped = 1;
    data.answers.push({ id: 'r1', state: 'succeeded', error: null, result: { retried: 1, inserted: 1, modified: 0, unchanged: 0, failed: 0 } });
    const { app, root } = await mount(lcid, data);
    expect(root.querySelector('#skipped-count')!.textContent).toMatch(lcid === 1036 ? /^1 enregistrement a été ignoré/ : /^1 record was skipped/);
    data.skipped = 0;
    await app.retrySkipped();
    const said = root.querySelector('section[aria-labelledby="step-full"] [role="status"]')!.textContent!;
    expect(said).toMatch(lcid === 1036 ? /^1 enregistrement réessayé : 1 créé,/ : /^Retried 1 record: 1 created,/);
    data.skipped = 1234;
    await app.showSkipped();
    expect(root.querySelector('#skipped-count')!.textContent).toMatch(lcid === 1036 ? /^1\u202f234 enregistrements ont été ignorés/ : /^1,234 records were skipped/);
  });
});

describe('the connector keeps the bare error on the retry row', () => {
  it('attempt and next try are columns of their own, not words around the error', () => {
    const [op] = failureOps({ erpNumber: 'S-ORD1', attempts: 2, nextAttemptAt: '2026-12-06T18:00:00.000Z', firstFailedOn: '2026-12-06T17:00:00.000Z', lastError: 'POST posts: 403 missing prvCreateActivity' }, null, new Date('2026-12-06T17:30:00Z'));
    const body = (op as { body: Record<string, unknown> }).body;
    expect(body[J.lastError]).toBe('POST posts: 403 missing prvCreateActivity');
    expect(body[J.watermark]).toBe('2026-12-06T18:00:00.000Z');
    expect(body[J.failed]).toBe(2);
  });
});
