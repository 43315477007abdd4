/**
 * @jest-environment jsdom
 */
// The assisted setup page (erp_/html/setup.html) driven in jsdom against an in-memory SetupData: each step, in
// English and French, keyboard-usable native controls with labels, answers shown where the admin acts.
import { SetupApp } from '../../webresources/setup/app';
import type { ConnectionSettings, EventRetryInfo, LastReconciliation, RequestAnswer, RequestKindName, SetupData, SetupJob, SetupUser } from '../../webresources/setup/data';
import { en, fr, texts } from '../../webresources/setup/texts';

class FakeData implements SetupData {
  connection: ConnectionSettings | null = null;
  saved: ConnectionSettings[] = [];
  requests: Array<{ kind: RequestKindName; payload: unknown; target?: { table: string; id: string } }> = [];
  answers: Array<(r: { kind: RequestKindName; payload: Record<string, string> }) => RequestAnswer> = [];
  users: SetupUser[] = [
    { id: 'u1', fullName: 'Camille Martin', email: 'camille@x', salespersonCode: 'CM' },
    { id: 'u2', fullName: 'Léa Petit', email: 'lea@x', salespersonCode: null },
  ];
  jobs: SetupJob[][] = [];
  reads = 0;
  skipped = [0];

  async readConnection() {
    return this.connection;
  }
  async saveConnection(c: ConnectionSettings) {
    this.saved.push(c);
    this.connection = { ...c, id: c.id ?? 'conn-1' };
    return 'conn-1';
  }
  async queue(kind: RequestKindName, payload: unknown, target?: { table: string; id: string }) {
    this.requests.push({ kind, payload, target });
    return `r${this.requests.length}`;
  }
  async readRequest(id: string): Promise<RequestAnswer> {
    this.reads += 1;
    // The connector answers on the second read: the page must wait for it.
    if (this.reads % 2 === 1) return { id, state: 'pending', error: null, result: null };
    const r = this.requests[Number(id.slice(1)) - 1];
    return this.answers.shift()!(r as { kind: RequestKindName; payload: Record<string, string> });
  }
  async listUsers() {
    return this.users;
  }
  async countSkipped() {
    return this.skipped.length > 1 ? this.skipped.shift()! : this.skipped[0];
  }
  last: LastReconciliation | null = null;
  async lastReconciliation() {
    return this.last;
  }
  retries: EventRetryInfo[] = [];
  async eventRetries() {
    return this.retries;
  }
  async runJobs(): Promise<SetupJob[]> {
    return this.jobs.length > 1 ? this.jobs.shift()! : this.jobs[0];
  }
}

const job = (mapping: string, state: SetupJob['state'], progress: number, extra: Partial<SetupJob> = {}): SetupJob => ({ mapping, state, progress, inserted: 0, modified: 0, unchanged: 0, failed: 0, skipped: 0, lastError: null, ...extra });

async function mount(lcid = 1033, data = new FakeData()) {
  document.body.innerHTML = '<main id="erp-setup"></main>';
  const root = document.getElementById('erp-setup')!;
  const recordUrl = (table: string, id: string) => `https://org.example/main.aspx?pagetype=entityrecord&etn=${table}&id=${id}`;
  const app = new SetupApp(root, { data, lcid, texts, pollMs: 1, sleep: () => Promise.resolve(), recordUrl });
  await app.start();
  return { app, data, root };
}

const text = (root: HTMLElement, sel: string) => root.querySelector(sel)?.textContent ?? '';
const click = async (root: HTMLElement, sel: string) => {
  (root.querySelector(sel) as HTMLButtonElement).click();
  for (let i = 0; i < 30; i++) await Promise.resolve().then(() => new Promise((r) => setTimeout(r, 0)));
};

describe('assisted setup page', () => {
  it('has the same texts in English and French, and renders in the user’s language', async () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    const { root } = await mount(1036);
    expect(text(root, 'h1')).toBe('ERP Link : configuration assistée');
    expect(document.documentElement.lang).toBe('fr');
    expect(Array.from(root.querySelectorAll('h2')).map((x) => x.textContent)).toEqual(['1. Connexion ERP', "2. Utilisateur d'intégration", '3. Que synchroniser', '4. Vendeurs et utilisateurs', '5. Synchronisation complète', "6. Rapprocher les commandes avec l'ERP"]);
  });

  it('labels every control, uses native buttons, and announces status politely', async () => {
    const { root } = await mount();
    for (const input of Array.from(root.querySelectorAll('input, select'))) {
      const id = input.getAttribute('id')!;
      const labelled = !!root.querySelector(`label[for="${id}"]`) || !!input.getAttribute('aria-label');
      expect({ id, labelled }).toEqual({ id, labelled: true });
    }
    for (const b of Array.from(root.querySelectorAll('button'))) expect(b.getAttribute('type')).toBe('button');
    await click(root, '#save-connection');
    const status = root.querySelector('section[aria-labelledby="step-connection"] [role="status"]')!;
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('Saved.');
  });

  it('step 1–2: saves the connection, tests it through the connector, and shows both sides and the user checks', async () => {
    const data = new FakeData();
    data.answers.push(() => ({
      id: 'r1',
      state: 'succeeded',
      error: null,
      result: {
        ok: false,
        dataverse: { ok: true, user: '# ERP Link Integration', userId: 'x' },
        erp: { ok: true, company: 'Équipements Alpins SA', message: null },
        sources: [
          { ok: true, optional: false, en: 'Analytics API outstandingPurchaseLines: available (incoming).', fr: 'API analytique outstandingPurchaseLines : disponible.' },
          { ok: false, optional: true, en: 'Optional: Tracking numbers on shipment posts is off. To turn it on, publish page 142 "Posted Sales Shipments" …', fr: 'Facultatif : …' },
        ],
        mappings: { ok: true, problems: [], names: ['SALESPEOPLE', 'CURRENCY', 'CUSTOMER', 'CONTACT', 'PAYMENT TERMS', 'SHIPMENT METHOD'] },
        user: [{ code: 'USER_IS_SYSTEM_ADMINISTRATOR', ok: false, en: 'User X has the System Administrator role. Use a dedicated integration user without it.', fr: "L'utilisateur X a le rôle Administrateur système." }],
        walls: [
          { code: 'WALL_ON', ok: true, en: 'The salesorder wall is enabled for activity feeds.', fr: 'Le mur des commandes est activé.' },
          { code: 'WALL_FAILED', ok: false, en: 'The quote wall could not be enabled (403). Enable it in Post Configurations.', fr: "Le mur des devis n'a pas pu être activé." },
        ],
        budget: { dataverse: { used: 1234, limit: 5400, windowSeconds: 300 }, erp: { used: 4500, limit: 5400, windowSeconds: 300 } },
      },
    }));
    const { root } = await mount(1033, data);
    (root.querySelector('#connection-api') as HTMLInputElement).value = 'https://api.businesscentral.dynamics.com/v2.0/t/prod/api/v2.0';
    (root.querySelector('#connection-company') as HTMLInputElement).value = '11111111-2222-3333-4444-555555555555';
    await click(root, '#save-connection');
    expect(data.saved[0]).toMatchObject({ apiBaseUrl: 'https://api.businesscentral.dynamics.com/v2.0/t/prod/api/v2.0', companyId: '11111111-2222-3333-4444-555555555555' });
    await click(root, '#test-connection');
    expect(data.requests[0].kind).toBe('testConnection');
    expect(Array.from(root.querySelectorAll('#connection-report li')).map((li) => li.textContent)).toEqual([
      '✓OK: Dynamics 365: reached, signed in as # ERP Link Integration.',
      '✓OK: Business Central: reached, company Équipements Alpins SA.',
      '✓OK: Analytics API outstandingPurchaseLines: available (incoming).',
      'iOptional: Optional: Tracking numbers on shipment posts is off. To turn it on, publish page 142 "Posted Sales Shipments" …',
      '✓OK: The salesorder wall is enabled for activity feeds.',
      '✗Problem: The quote wall could not be enabled (403). Enable it in Post Configurations.',
      '✓OK: Dynamics 365 service protection: 1,234 of the 5,400 requests the connector allows itself in 5 minutes are used (this connector process).',
      '✗Problem: Business Central service protection: 4,500 of the 5,400 requests the connector allows itself in 5 minutes are used (this connector process).',
    ]);
    // A missing optional page is a note, not a failure.
    expect(root.querySelectorAll('#connection-report li')[3].className).toBe('note');
    expect(text(root, '#user-report')).toContain('User X has the System Administrator role.');
    expect(root.querySelector('#user-report li')!.className).toBe('error');
    // The mappings the connector runs are the ones offered in step 3.
    expect(Array.from(root.querySelectorAll('input[data-mapping]')).map((i) => (i as HTMLInputElement).dataset.mapping)).toEqual(['SALESPEOPLE', 'CURRENCY', 'CUSTOMER', 'CONTACT', 'PAYMENT TERMS', 'SHIPMENT METHOD']);
  });

  it('says so when the connector does not answer', async () => {
    const data = new FakeData();
    data.readRequest = async (id) => ({ id, state: 'pending', error: null, result: null });
    document.body.innerHTML = '<main id="erp-setup"></main>';
    const root = document.getElementById('erp-setup')!;
    await new SetupApp(root, { data, lcid: 1033, texts, pollMs: 1, answerTimeoutMs: 5, sleep: () => new Promise((r) => setTimeout(r, 2)) }).start();
    await click(root, '#test-connection');
    await new Promise((r) => setTimeout(r, 30));
    expect(text(root, 'section[aria-labelledby="step-connection"] [role="status"]')).toBe(
      'The connector did not answer within 0 seconds. Check that it is running (npm run connector) and that its webhook or polling reaches this environment.',
    );
  });

  it('step 3: saves the chosen mappings with what they depend on, the switches, and refuses bad intervals', async () => {
    const { root, data } = await mount();
    for (const box of Array.from(root.querySelectorAll<HTMLInputElement>('input[data-mapping]'))) box.checked = box.dataset.mapping === 'CONTACT';
    (root.querySelector('#auto-orders') as HTMLInputElement).checked = true;
    expect((root.querySelector('#statistics-on') as HTMLInputElement).checked).toBe(true);
    (root.querySelector('#statistics-on') as HTMLInputElement).checked = false;
    expect(root.querySelector('label[for="availability-on"]')?.textContent).toBe('Show ERP item availability (per location) on products and order lines');
    (root.querySelector('#availability-minutes') as HTMLInputElement).value = '15';
    (root.querySelector('#statistics-minutes') as HTMLInputElement).value = '60';
    expect(root.querySelector('label[for="write-in-type"]')?.textContent).toBe(en.writeInType);
    (root.querySelector('#write-in-type') as HTMLSelectElement).value = 'resource';
    (root.querySelector('#write-in-number') as HTMLInputElement).value = ' r-install ';
    await click(root, '#save-choices');
    expect(data.saved.at(-1)).toMatchObject({
      syncMappings: ['SALESPEOPLE', 'CURRENCY', 'PAYMENT TERMS', 'SHIPMENT METHOD', 'CUSTOMER', 'CONTACT'], autoCreateOrders: true, autoProcessQuotes: false, availabilityEnabled: true,
      statisticsEnabled: false, availabilityInterval: 15, statisticsInterval: 60, writeInType: 'resource', writeInNumber: 'r-install',
    });
    expect((root.querySelector('input[data-mapping="CUSTOMER"]') as HTMLInputElement).checked).toBe(true);
    (root.querySelector('#availability-minutes') as HTMLInputElement).value = '0';
    await click(root, '#save-choices');
    expect(text(root, 'section[aria-labelledby="step-choose"] [role="status"]')).toBe('Item availability must be a whole number of minutes from 1 to 1440.');
    expect(data.saved).toHaveLength(1);
  });

  it('step 4: loads ERP salespeople and couples a user with one (re-runnable)', async () => {
    const data = new FakeData();
    data.answers.push(() => ({ id: 'r1', state: 'succeeded', error: null, result: { matches: [{ number: 'CM', name: 'Camille Martin' }, { number: 'LP', name: 'Léa Petit' }] } }));
    data.answers.push((r) => {
      data.users[1].salespersonCode = r.payload.erpNumber;
      return { id: 'r2', state: 'succeeded', error: null, result: {} };
    });
    const { root } = await mount(1033, data);
    await click(root, '#load-salespeople');
    expect(data.requests[0]).toEqual({ kind: 'couple', payload: { operation: 'search', mapping: 'SALESPEOPLE', query: '*' }, target: undefined });
    const select = root.querySelector('#sp-u2') as HTMLSelectElement;
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['(not coupled)', 'CM Camille Martin', 'LP Léa Petit']);
    select.value = 'LP';
    await click(root, 'button.couple[data-user="u2"]');
    expect(data.requests[1]).toEqual({ kind: 'couple', payload: { operation: 'couple', mapping: 'SALESPEOPLE', erpNumber: 'LP' }, target: { table: 'systemuser', id: 'u2' } });
    expect(text(root, 'section[aria-labelledby="step-salespeople"] [role="status"]')).toBe('Coupled Léa Petit with LP.');
    expect((root.querySelector('#sp-u2') as HTMLSelectElement).options[0].textContent).toBe('LP');
  });

  it('step 4: shows the connector’s refusal as it is', async () => {
    const data = new FakeData();
    data.answers.push(() => ({ id: 'r1', state: 'failed', error: 'The ERP salesperson LP is already coupled to another Sales record (u9). Uncouple that one first.', result: null }));
    const { root } = await mount(1033, data);
    (root.querySelector('#sp-u2') as HTMLSelectElement).append(new Option('LP', 'LP'));
    (root.querySelector('#sp-u2') as HTMLSelectElement).value = 'LP';
    await click(root, 'button.couple[data-user="u2"]');
    const status = root.querySelector('section[aria-labelledby="step-salespeople"] [role="status"]')!;
    expect(status.textContent).toBe('The connector answered with an error: The ERP salesperson LP is already coupled to another Sales record (u9). Uncouple that one first.');
    expect(status.className).toBe('status error');
  });

  it('step 5: starts the full synchronisation and shows progress per mapping until it ends', async () => {
    const data = new FakeData();
    data.answers.push(() => ({ id: 'r1', state: 'succeeded', error: null, result: { run: '2026-11-22T10:00:00.000Z', mappings: ['CURRENCY', 'CUSTOMER'], resumed: false } }));
    data.jobs = [
      [job('CUSTOMER', 'queued', 0), job('CURRENCY', 'running', 50)],
      [job('CUSTOMER', 'running', 40, { inserted: 12 }), job('CURRENCY', 'succeeded', 100, { unchanged: 3 })],
      [job('CUSTOMER', 'completedWithErrors', 100, { inserted: 59, failed: 1, lastError: 'The ERP customer C10570 is blocked.\nmore' }), job('CURRENCY', 'succeeded', 100, { unchanged: 3 })],
    ];
    const { root, app } = await mount(1033, data);
    const jobs = await app.startFull();
    expect(jobs.map((j) => j.mapping)).toEqual(['CURRENCY', 'CUSTOMER']);
    expect((data.requests[0].payload as { mappings: string[] }).mappings).toContain('CUSTOMER');
    const rows = Array.from(root.querySelectorAll('#jobs tbody tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent!.trim()));
    expect(rows).toEqual([
      ['CURRENCY', 'Succeeded', '100%', '0', '0', '3', '0', '0', ''],
      ['CUSTOMER', 'Completed with errors', '100%', '59', '0', '0', '1', '0', 'The ERP customer C10570 is blocked.'],
    ]);
    expect(root.querySelector('#jobs progress')!.getAttribute('aria-label')).toBe('CURRENCY 100%');
    expect(text(root, 'section[aria-labelledby="step-full"] [role="status"]')).toBe(
      'Full synchronisation finished: 1 of 2 mappings without errors. Records with errors are in the skipped couplings view; fix them and retry.',
    );
  });
  it('step 5: shows how many records wait for a retry, retries them all and says what happened (EN and FR)', async () => {
    const data = new FakeData();
    data.skipped = [3, 1];
    data.answers.push(() => ({ id: 'r1', state: 'succeeded', error: null, result: { retried: 3, inserted: 1, modified: 1, unchanged: 0, failed: 1 } }));
    const { root } = await mount(1033, data);
    await new Promise((r) => setTimeout(r, 0));
    const button = root.querySelector('#retry-skipped') as HTMLButtonElement;
    expect(button.hidden).toBe(false);
    expect(button.getAttribute('aria-describedby')).toBe('skipped-count');
    expect(text(root, '#skipped-count')).toBe('3 records were skipped with an error (listed in the Skipped ERP couplings view). Fix the cause the error names, then retry them.');
    await click(root, '#retry-skipped');
    expect(data.requests).toEqual([{ kind: 'syncRecord', payload: { operation: 'retry' }, target: undefined }]);
    expect(text(root, 'section[aria-labelledby="step-full"] [role="status"]')).toBe(
      'Retried 3 records: 1 created, 1 updated, 0 unchanged, 1 still failing (their errors are in the Skipped ERP couplings view).',
    );
    expect(text(root, '#skipped-count')).toMatch(/^1 record was skipped/);

    const none = new FakeData();
    const fr = await mount(1036, none);
    await new Promise((r) => setTimeout(r, 0));
    expect((fr.root.querySelector('#retry-skipped') as HTMLButtonElement).hidden).toBe(true);
    expect(text(fr.root, '#skipped-count')).toBe('Aucun enregistrement n’attend de nouvel essai.');
  });

  describe('6. orders against the ERP', () => {
    const finding = (code: string, severity: 'error' | 'warning', order: string, text: string) => ({ code, severity, salesOrderId: `id-${order}`, orderNumber: order, text });

    it('asks the connector for the chosen days and lists each finding with its order linked and what to do', async () => {
      const { root, data } = await mount();
      (root.querySelector('#reconcile-days') as HTMLInputElement).value = '7';
      data.answers.push(() => ({
        id: 'x',
        state: 'succeeded',
        error: null,
        result: {
          since: '2026-11-28T10:00:00.000Z',
          salesOrders: 12,
          matched: 10,
          // Totals: the payload lists only the first findings (here two, of 3 + 2).
          disagreements: 3,
          amountDifferences: 2,
          findings: [finding('RECON_DUPLICATE', 'error', 'ORD-1', 'The Sales order ORD-1 is in the ERP 2 times…'), finding('RECON_AMOUNT_MISMATCH', 'warning', 'ORD-2', 'The Sales order ORD-2 totals…')],
          more: 3,
        },
      }));
      await click(root, '#reconcile');
      expect(data.requests.at(-1)).toEqual({ kind: 'reconcile', payload: { days: 7 }, target: undefined });
      const rows = Array.from(root.querySelectorAll('#reconcile-findings tbody tr'));
      expect(rows.map((r) => Array.from(r.children).map((c) => c.textContent))).toEqual([
        ['ORD-1', 'Disagreement', 'The Sales order ORD-1 is in the ERP 2 times…'],
        ['ORD-2', 'Amount', 'The Sales order ORD-2 totals…'],
      ]);
      expect(rows[0].querySelector('a')?.getAttribute('href')).toBe('https://org.example/main.aspx?pagetype=entityrecord&etn=salesorder&id=id-ORD-1');
      const status = root.querySelector('[aria-labelledby="step-reconcile"] [role="status"]')!;
      expect(status.textContent).toBe('12 Sales orders since 11/28/2026: 10 in the ERP once and linked, 3 disagreements, 2 amount differences.');
      expect(status.className).toBe('status error');
      expect(text(root, '#reconcile-report')).toContain(en.reconcileMore.replace('{count}', '3'));
    });

    it('shows what the connector’s scheduled check found last, or that none ran yet', async () => {
      const data = new FakeData();
      const { root } = await mount(1033, data);
      await click(root, '#step-reconcile');
      expect(text(root, '#reconcile-last')).toBe(en.reconcileNever);
      data.last = { finishedOn: '2026-12-05T06:00:00.000Z', matched: 120, disagreements: 2, amountDifferences: 1 };
      const again = await mount(1033, data);
      await click(again.root, '#step-reconcile');
      expect(text(again.root, '#reconcile-last')).toMatch(/^Last automatic check, Dec 5, 2026, \d{1,2}:\d{2}\s?[AP]M: 120 in the ERP once and linked, 2 disagreements, 1 amount difference \(details in the ERP Synchronization Jobs view\)\.$/);
    });

    it('lists the orders whose ERP events are waiting for a retry, each with its error and next try (EN and FR)', async () => {
      const data = new FakeData();
      const { root } = await mount(1033, data);
      await click(root, '#step-reconcile');
      expect(text(root, '#events-retries')).toBe(en.eventsNoRetry);
      data.retries = [{ erpNumber: 'S-ORD101005', attempts: 3, nextAttemptAt: '2026-12-06T18:00:00.000Z', lastError: 'ERP events for S-ORD101005 failed: POST FulfillSalesOrder: 403 missing prvCreateActivity' }];
      for (const lcid of [1033, 1036]) {
        const again = await mount(lcid, data);
        await click(again.root, '#step-reconcile');
        // Not a second live region: the section's own status line announces the step's answers.
        expect(again.root.querySelector('#events-retries')!.getAttribute('role')).toBeNull();
        expect(text(again.root, '#events-retries p')).toMatch(lcid === 1036 ? /^Les événements de l'ERP ont échoué pour 1 commande :/ : /^ERP events failed for 1 order:/);
        const items = [...again.root.querySelectorAll('#events-retry-list li')];
        expect(items).toHaveLength(1);
        expect(items[0].className).toBe('error');
        expect(items[0].textContent).toMatch(/S-ORD101005/);
        expect(items[0].textContent).toMatch(/prvCreateActivity/);
        expect(items[0].textContent).toMatch(lcid === 1036 ? /essai 3, prochain essai/ : /attempt 3, next try/);
      }
    });

    it('says when Sales and the ERP agree, in French too', async () => {
      const { root, data } = await mount(1036);
      data.answers.push(() => ({ id: 'x', state: 'succeeded', error: null, result: { since: '2026-11-05T00:00:00.000Z', salesOrders: 3, matched: 3, disagreements: 0, amountDifferences: 0, findings: [] } }));
      await click(root, '#reconcile');
      expect(root.querySelector('#reconcile-findings')).toBeNull();
      expect(text(root, '[aria-labelledby="step-reconcile"] [role="status"]')).toBe("3 commandes Sales depuis le 05/11/2026 : 3 présentes une fois dans l’ERP et liées, 0 désaccord, 0 écart de montant. Sales et l'ERP sont d'accord.");
    });

    it('refuses days outside 1–366 before asking, and shows the connector’s refusal', async () => {
      const { root, data } = await mount();
      (root.querySelector('#reconcile-days') as HTMLInputElement).value = '400';
      await click(root, '#reconcile');
      expect(data.requests).toEqual([]);
      expect(text(root, '[aria-labelledby="step-reconcile"] [role="status"]')).toBe(en.invalidDays);
      (root.querySelector('#reconcile-days') as HTMLInputElement).value = '30';
      data.answers.push(() => ({ id: 'x', state: 'failed', error: 'Camille Martin may not change ERP couplings…', result: null }));
      await click(root, '#reconcile');
      expect(text(root, '[aria-labelledby="step-reconcile"] [role="status"]')).toBe('The connector answered with an error: Camille Martin may not change ERP couplings…');
    });
  });
});
