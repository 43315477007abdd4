/**
 * The assisted setup page, as Business Central's setup guide: (1) enter and test the ERP connection, (2) check the
 * integration user, (3) choose what to synchronise and the switches, (4) couple salespeople with users, (5) start
 * the full synchronisation and watch it, (6) check that Sales orders and ERP orders agree. Every step can be run again. Plain DOM with Fluent tokens (setup.css):
 * native controls for keyboard use, labels on every input, status in live regions.
 */
import { dependencyOrder, withDependencies } from '../../domain/mappings/order';
import { mappingSummaries, type MappingSummary } from '../../domain/mappings/summaries';
import type { ConnectionSettings, RequestAnswer, RequestKindName, SetupData, SetupJob, SetupUser } from './data';
import { strings, type PageTexts, type StringKey, type Strings } from './strings';
import { h } from '../lib/dom';
import { userFacingText } from '../../domain/userFacingText';

/**
 * The error of an order whose ERP events wait for a retry, without the connector's own wrapper ("ERP events for
 * S-ORD1 failed (attempt 3; next try after <ISO>): "), which repeats the order, attempt and next try the line shows.
 */
export const retryError = (text: string): string => text.replace(/^ERP events for \S+ failed \(attempt \d+; next try after [^)]*\):\s*/, '');

export interface SetupOptions {
  data: SetupData;
  lcid: number;
  /** The page's texts (setup/texts.ts), registered by erp_/js/setup.texts.js. */
  texts: PageTexts;
  /** Waiting between reads of a request or of the jobs. */
  pollMs?: number;
  /** How long to wait for the connector before saying it did not answer. */
  answerTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The address of a record's form (main.aspx?pagetype=entityrecord&etn=…&id=…); no links without it. */
  recordUrl?: (table: string, id: string) => string;
}

interface ReconcileFinding {
  code: string;
  severity: 'error' | 'warning';
  salesOrderId: string;
  orderNumber: string;
  text: string;
}

interface CheckResult {
  code: string;
  ok: boolean;
  en: string;
  fr: string;
}

const FINAL_JOB = new Set(['succeeded', 'failed', 'cancelled', 'completedWithErrors']);

export class SetupApp {
  readonly t: Strings;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private connection: ConnectionSettings | null = null;
  /** Mapping names the connector reported (test connection); defaults until then. */
  private available: string[] = mappingSummaries.filter((m) => m.enabled).map((m) => m.name);
  private salespeople: Array<{ number: string; name: string }> = [];
  private users: SetupUser[] = [];
  private userChecks: CheckResult[] | null = null;
  private readonly sections: Record<'connection' | 'user' | 'choose' | 'salespeople' | 'full' | 'reconcile', HTMLElement>;

  constructor(
    readonly root: HTMLElement,
    private readonly o: SetupOptions,
  ) {
    this.t = strings(o.lcid, o.texts);
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.pollMs = o.pollMs ?? 1500;
    this.timeoutMs = o.answerTimeoutMs ?? 120_000;
    this.sections = {
      connection: h('section', { 'aria-labelledby': 'step-connection' }),
      user: h('section', { 'aria-labelledby': 'step-user' }),
      choose: h('section', { 'aria-labelledby': 'step-choose' }),
      salespeople: h('section', { 'aria-labelledby': 'step-salespeople' }),
      full: h('section', { 'aria-labelledby': 'step-full' }),
      reconcile: h('section', { 'aria-labelledby': 'step-reconcile' }),
    };
  }

  private lang(c: { en: string; fr: string }): string {
    return this.o.lcid === 1036 ? c.fr : c.en;
  }

  async start(): Promise<void> {
    document.documentElement.lang = this.o.lcid === 1036 ? 'fr' : 'en';
    this.root.replaceChildren(h('h1', { text: this.t('title') }), h('p', { text: this.t('intro') }), ...Object.values(this.sections));
    this.connection = await this.o.data.readConnection();
    this.renderConnection();
    this.renderUser();
    this.renderChoose();
    this.users = await this.o.data.listUsers();
    this.renderSalespeople();
    this.renderFull();
    this.renderReconcile();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private status(section: HTMLElement): HTMLElement {
    let s = section.querySelector<HTMLElement>('[role="status"]');
    if (!s) {
      s = h('div', { role: 'status', 'aria-live': 'polite', class: 'status' });
      section.append(s);
    }
    return s;
  }

  private say(section: HTMLElement, text: string, kind: 'info' | 'ok' | 'error' = 'info'): void {
    const s = this.status(section);
    s.className = `status ${kind}`;
    s.textContent = text;
  }

  private heading(id: string, key: StringKey): HTMLElement {
    return h('h2', { id, text: this.t(key) });
  }

  private field(id: string, label: StringKey, value: string, attrs: Record<string, string | number | boolean> = {}): HTMLElement {
    return h('div', { class: 'field' }, h('label', { for: id, text: this.t(label) }), h('input', { id, name: id, value, ...attrs }));
  }

  private value(id: string): string {
    return (this.root.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '').trim();
  }

  private checked(id: string): boolean {
    return this.root.querySelector<HTMLInputElement>(`#${id}`)?.checked ?? false;
  }

  /** Queues a request and waits for the connector's answer. */
  async ask(kind: RequestKindName, payload: unknown, target?: { table: string; id: string }): Promise<RequestAnswer> {
    const id = await this.o.data.queue(kind, payload, target);
    const end = Date.now() + this.timeoutMs;
    for (;;) {
      const a = await this.o.data.readRequest(id);
      if (a.state === 'succeeded' || a.state === 'failed') return a;
      if (Date.now() >= end) throw new Error(this.t('noAnswer', { seconds: Math.round(this.timeoutMs / 1000) }));
      await this.sleep(this.pollMs);
    }
  }

  private async guarded(section: HTMLElement, button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
    button.disabled = true;
    section.setAttribute('aria-busy', 'true');
    try {
      await work();
    } catch (e) {
      this.say(section, (e as Error).message, 'error');
    } finally {
      button.disabled = false;
      section.removeAttribute('aria-busy');
    }
  }

  // ---- 1. connection ---------------------------------------------------------------------------------------

  private renderConnection(): void {
    const c = this.connection;
    const s = this.sections.connection;
    const save = h('button', { type: 'button', id: 'save-connection', text: this.t('save') });
    const test = h('button', { type: 'button', id: 'test-connection', class: 'primary', text: this.t('testConnection') });
    const report = h('ul', { id: 'connection-report', class: 'report' });
    s.replaceChildren(
      this.heading('step-connection', 'stepConnection'),
      this.field('connection-name', 'connectionName', c?.name ?? 'Business Central', { required: true, maxlength: 100 }),
      this.field('connection-api', 'apiBaseUrl', c?.apiBaseUrl ?? '', { type: 'url', maxlength: 500 }),
      this.field('connection-company', 'companyId', c?.companyId ?? '', { maxlength: 36, pattern: '[0-9a-fA-F-]{36}' }),
      this.field('connection-web', 'webClientUrl', c?.webClientUrl ?? '', { type: 'url', maxlength: 500 }),
      h('div', { class: 'actions' }, save, test),
      report,
    );
    save.addEventListener('click', () => void this.guarded(s, save, () => this.saveConnection()));
    test.addEventListener('click', () => void this.guarded(s, test, () => this.testConnection()));
  }

  private current(): ConnectionSettings {
    return (
      this.connection ?? { id: null, name: '', apiBaseUrl: '', companyId: '', webClientUrl: '', autoCreateOrders: false, autoProcessQuotes: false, availabilityEnabled: true, statisticsEnabled: true, availabilityInterval: 30, statisticsInterval: 30, syncMappings: [] }
    );
  }

  async saveConnection(): Promise<void> {
    const next = { ...this.current(), name: this.value('connection-name'), apiBaseUrl: this.value('connection-api'), companyId: this.value('connection-company'), webClientUrl: this.value('connection-web') };
    next.id = await this.o.data.saveConnection(next);
    this.connection = next;
    this.say(this.sections.connection, this.t('saved'), 'ok');
  }

  async testConnection(): Promise<void> {
    const s = this.sections.connection;
    this.say(s, this.t('testing'));
    const a = await this.ask('testConnection', undefined);
    if (a.state === 'failed') {
      this.say(s, this.t('requestFailed', { message: userFacingText(a.error ?? '', this.o.lcid) }), 'error');
      return;
    }
    const r = (a.result ?? {}) as {
      ok?: boolean;
      dataverse?: { user: string };
      erp?: { ok: boolean; company: string | null; message: string | null };
      sources?: Array<{ ok: boolean; optional: boolean; en: string; fr: string }>;
      mappings?: { ok: boolean; problems: string[]; names: string[] };
      user?: CheckResult[];
      walls?: CheckResult[];
      budget?: Record<'dataverse' | 'erp', { used: number; limit: number; windowSeconds: number }>;
    };
    const lines: Array<{ ok: boolean; text: string; optional?: boolean }> = [];
    if (r.dataverse) lines.push({ ok: true, text: this.t('dataverseOk', { user: r.dataverse.user }) });
    if (r.erp) lines.push(r.erp.ok ? { ok: true, text: this.t('erpOk', { company: r.erp.company ?? '' }) } : { ok: false, text: this.t('erpFailed', { message: r.erp.message ?? '' }) });
    // Business Central sources beyond API v2.0: each says the feature it enables; a missing optional page is a note, not a failure.
    for (const x of r.sources ?? []) lines.push({ ok: x.ok, optional: !x.ok && x.optional, text: this.o.lcid === 1036 ? x.fr : x.en });
    for (const p of r.mappings?.problems ?? []) lines.push({ ok: false, text: this.t('mappingProblem', { message: p }) });
    // The order and quote walls: Dynamics 365 refuses ERP posts on a table whose wall is off (the text says what to do).
    for (const w of r.walls ?? []) lines.push({ ok: w.ok, text: this.lang(w) });
    // Service protection: how much of each service's request budget the connector uses (a line turns red above 80%).
    for (const [service, label] of [['dataverse', 'Dynamics 365'], ['erp', 'Business Central']] as const) {
      const b = r.budget?.[service];
      if (!b || !b.limit) continue;
      const locale = this.o.lcid === 1036 ? 'fr-FR' : 'en-US';
      lines.push({ ok: b.used <= b.limit * 0.8, text: this.t('budget', { service: label, used: b.used.toLocaleString(locale), limit: b.limit.toLocaleString(locale), minutes: Math.round(b.windowSeconds / 60) }) });
    }
    if (r.mappings?.names?.length) this.available = r.mappings.names;
    const report = this.root.querySelector('#connection-report')!;
    report.replaceChildren(...lines.map((l) => this.line(l.ok, l.text, l.optional)));
    this.userChecks = r.user ?? null;
    this.renderUser();
    this.renderChoose();
    const fine = lines.every((l) => l.ok || l.optional);
    this.say(s, fine ? this.t('ok') : this.t('problem'), fine ? 'ok' : 'error');
  }

  private line(ok: boolean, text: string, optional = false): HTMLElement {
    if (optional) return h('li', { class: 'note' }, h('span', { class: 'mark', 'aria-hidden': 'true', text: 'i' }), h('span', { class: 'sr-only', text: `${this.t('optional')}: ` }), text);
    return h('li', { class: ok ? 'ok' : 'error' }, h('span', { class: 'mark', 'aria-hidden': 'true', text: ok ? '✓' : '✗' }), h('span', { class: 'sr-only', text: `${ok ? this.t('ok') : this.t('problem')}: ` }), text);
  }

  // ---- 2. integration user ---------------------------------------------------------------------------------

  private renderUser(): void {
    const s = this.sections.user;
    const body = this.userChecks ? h('ul', { class: 'report', id: 'user-report' }, ...this.userChecks.map((c) => this.line(c.ok, this.lang(c)))) : h('p', { text: this.t('userNotTested') });
    s.replaceChildren(this.heading('step-user', 'stepUser'), h('p', { text: this.t('userIntro') }), body);
  }

  // ---- 3. what to synchronise ------------------------------------------------------------------------------

  private mappingsShown(): MappingSummary[] {
    const known = new Map(mappingSummaries.map((m) => [m.name, m]));
    return this.available.map((n) => known.get(n) ?? { ...mappingSummaries[0], name: n, description: { en: n, fr: n }, dependencies: [] });
  }

  private renderChoose(): void {
    const s = this.sections.choose;
    const c = this.current();
    const chosen = new Set(c.syncMappings.length ? c.syncMappings : this.available);
    const list = h(
      'fieldset',
      { class: 'mappings' },
      h('legend', { text: this.t('chooseIntro') }),
      ...this.mappingsShown().map((m) => {
        const id = `map-${m.name.replace(/[^A-Z0-9]/g, '-')}`;
        return h(
          'div',
          { class: 'check' },
          h('input', { type: 'checkbox', id, 'data-mapping': m.name, checked: chosen.has(m.name) }),
          h('label', { for: id }, h('strong', { text: m.name }), ` — ${this.lang(m.description)} (${this.t(`direction_${m.direction}` as StringKey)})`),
        );
      }),
    );
    const save = h('button', { type: 'button', id: 'save-choices', class: 'primary', text: this.t('saveChoices') });
    s.replaceChildren(
      this.heading('step-choose', 'stepChoose'),
      list,
      h('div', { class: 'check' }, h('input', { type: 'checkbox', id: 'auto-orders', checked: c.autoCreateOrders }), h('label', { for: 'auto-orders', text: this.t('autoCreateOrders') })),
      h('div', { class: 'check' }, h('input', { type: 'checkbox', id: 'auto-quotes', checked: c.autoProcessQuotes }), h('label', { for: 'auto-quotes', text: this.t('autoProcessQuotes') })),
      h('div', { class: 'check' }, h('input', { type: 'checkbox', id: 'availability-on', checked: c.availabilityEnabled }), h('label', { for: 'availability-on', text: this.t('availabilityEnabled') })),
      this.field('availability-minutes', 'availability', String(c.availabilityInterval), { type: 'number', min: 1, max: 1440, step: 1 }),
      h('div', { class: 'check' }, h('input', { type: 'checkbox', id: 'statistics-on', checked: c.statisticsEnabled }), h('label', { for: 'statistics-on', text: this.t('statisticsEnabled') })),
      this.field('statistics-minutes', 'statistics', String(c.statisticsInterval), { type: 'number', min: 1, max: 1440, step: 1 }),
      h(
        'fieldset',
        { class: 'write-in' },
        h('legend', { text: this.t('writeInIntro') }),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'write-in-type', text: this.t('writeInType') }),
          h(
            'select',
            { id: 'write-in-type' },
            ...(['item', 'resource'] as const).map((k) => h('option', { value: k, text: this.t(`writeInType_${k}` as StringKey), selected: (c.writeInType ?? 'item') === k })),
          ),
        ),
        this.field('write-in-number', 'writeInNumber', c.writeInNumber ?? '', { maxlength: 20, autocomplete: 'off' }),
      ),
      h('div', { class: 'actions' }, save),
    );
    save.addEventListener('click', () => void this.guarded(s, save, () => this.saveChoices()));
  }

  /** The chosen mappings with what they depend on (the connector adds them anyway; the page shows it). */
  chosenMappings(): string[] {
    const boxes = Array.from(this.root.querySelectorAll<HTMLInputElement>('input[data-mapping]'));
    const names = boxes.filter((b) => b.checked).map((b) => b.dataset.mapping!);
    const all = this.mappingsShown();
    return withDependencies(all, names).map((m) => m.name);
  }

  async saveChoices(): Promise<void> {
    const s = this.sections.choose;
    const minutes = (id: string, label: StringKey): number => {
      const raw = this.value(id);
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n < 1 || n > 1440) throw new Error(this.t('invalidMinutes', { field: this.t(label).split(':')[0] }));
      return n;
    };
    const chosen = this.chosenMappings();
    for (const b of Array.from(this.root.querySelectorAll<HTMLInputElement>('input[data-mapping]'))) b.checked = chosen.includes(b.dataset.mapping!);
    const all = chosen.length === this.available.length;
    const next: ConnectionSettings = {
      ...this.current(),
      autoCreateOrders: this.checked('auto-orders'),
      autoProcessQuotes: this.checked('auto-quotes'),
      availabilityEnabled: this.checked('availability-on'),
      statisticsEnabled: this.checked('statistics-on'),
      availabilityInterval: minutes('availability-minutes', 'availability'),
      statisticsInterval: minutes('statistics-minutes', 'statistics'),
      syncMappings: all ? [] : chosen,
      writeInType: (this.root.querySelector<HTMLSelectElement>('#write-in-type')?.value as 'item' | 'resource' | undefined) ?? 'item',
      writeInNumber: this.value('write-in-number'),
    };
    if ((next.writeInNumber ?? '').length > 20) throw new Error(this.t('invalidWriteInNumber'));
    if (!next.name) next.name = 'Business Central';
    next.id = await this.o.data.saveConnection(next);
    this.connection = next;
    this.say(s, this.t('saved'), 'ok');
  }

  // ---- 4. salespeople ⇄ users ------------------------------------------------------------------------------

  private renderSalespeople(): void {
    const s = this.sections.salespeople;
    const load = h('button', { type: 'button', id: 'load-salespeople', text: this.t('loadSalespeople') });
    const rows = this.users.map((u) => {
      const select = h(
        'select',
        { id: `sp-${u.id}`, 'aria-label': `${this.t('salesperson')}: ${u.fullName}` },
        h('option', { value: '', text: u.salespersonCode ?? this.t('notCoupled') }),
        ...this.salespeople.filter((x) => x.number !== u.salespersonCode).map((x) => h('option', { value: x.number, text: `${x.number} ${x.name}` })),
      );
      const couple = h('button', { type: 'button', 'data-user': u.id, class: 'couple', text: this.t('couple') });
      const uncouple = h('button', { type: 'button', 'data-user': u.id, class: 'uncouple', text: this.t('uncouple'), disabled: !u.salespersonCode });
      couple.addEventListener('click', () => void this.guarded(s, couple, () => this.coupleUser(u, select.value)));
      uncouple.addEventListener('click', () => void this.guarded(s, uncouple, () => this.uncoupleUser(u)));
      return h('tr', {}, h('th', { scope: 'row', text: u.fullName }), h('td', { text: u.email }), h('td', {}, select), h('td', {}, couple, ' ', uncouple));
    });
    s.replaceChildren(
      this.heading('step-salespeople', 'stepSalespeople'),
      h('p', { text: this.t('salespeopleIntro') }),
      h('div', { class: 'actions' }, load),
      h('table', { id: 'salespeople' }, h('thead', {}, h('tr', {}, ...(['user', 'email', 'salesperson'] as StringKey[]).map((k) => h('th', { scope: 'col', text: this.t(k) })), h('th', { scope: 'col' }))), h('tbody', {}, ...rows)),
    );
    load.addEventListener('click', () => void this.guarded(s, load, () => this.loadSalespeople()));
  }

  async loadSalespeople(): Promise<void> {
    const a = await this.ask('couple', { operation: 'search', mapping: 'SALESPEOPLE', query: '*' });
    if (a.state === 'failed') throw new Error(this.t('requestFailed', { message: userFacingText(a.error ?? '', this.o.lcid) }));
    this.salespeople = ((a.result?.matches as Array<{ number: string; name: string }>) ?? []).map((m) => ({ number: m.number, name: m.name }));
    this.renderSalespeople();
  }

  async coupleUser(u: SetupUser, salesperson: string): Promise<void> {
    const s = this.sections.salespeople;
    if (!salesperson) throw new Error(this.t('chooseSalesperson'));
    if (u.salespersonCode) {
      const un = await this.ask('couple', { operation: 'uncouple', mapping: 'SALESPEOPLE' }, { table: 'systemuser', id: u.id });
      if (un.state === 'failed') throw new Error(this.t('requestFailed', { message: userFacingText(un.error ?? '', this.o.lcid) }));
    }
    const a = await this.ask('couple', { operation: 'couple', mapping: 'SALESPEOPLE', erpNumber: salesperson }, { table: 'systemuser', id: u.id });
    if (a.state === 'failed') throw new Error(this.t('requestFailed', { message: userFacingText(a.error ?? '', this.o.lcid) }));
    this.users = await this.o.data.listUsers();
    this.renderSalespeople();
    this.say(s, this.t('coupled', { user: u.fullName, salesperson }), 'ok');
  }

  async uncoupleUser(u: SetupUser): Promise<void> {
    const a = await this.ask('couple', { operation: 'uncouple', mapping: 'SALESPEOPLE' }, { table: 'systemuser', id: u.id });
    if (a.state === 'failed') throw new Error(this.t('requestFailed', { message: userFacingText(a.error ?? '', this.o.lcid) }));
    this.users = await this.o.data.listUsers();
    this.renderSalespeople();
    this.say(this.sections.salespeople, this.t('uncoupled', { user: u.fullName }), 'ok');
  }

  // ---- 5. full synchronisation -----------------------------------------------------------------------------

  private renderFull(): void {
    const s = this.sections.full;
    const start = h('button', { type: 'button', id: 'start-full', class: 'primary', text: this.t('startFull') });
    const retry = h('button', { type: 'button', id: 'retry-skipped', text: this.t('retrySkipped'), 'aria-describedby': 'skipped-count' });
    s.replaceChildren(
      this.heading('step-full', 'stepFull'),
      h('p', { text: this.t('fullIntro') }),
      h('div', { class: 'actions' }, start, retry),
      h('p', { id: 'skipped-count' }),
      h('div', { id: 'full-progress' }),
    );
    start.addEventListener('click', () => void this.guarded(s, start, async () => void (await this.startFull())));
    retry.addEventListener('click', () => void this.guarded(s, retry, () => this.retrySkipped()));
    void this.showSkipped().catch(() => undefined);
  }

  /** How many records wait for a retry; the retry button is only useful when some do. */
  async showSkipped(): Promise<number> {
    const n = await this.o.data.countSkipped();
    const p = this.root.querySelector('#skipped-count');
    if (p) p.textContent = this.t(n ? 'skippedCount' : 'skippedNone', { count: n });
    const b = this.root.querySelector<HTMLButtonElement>('#retry-skipped');
    if (b) b.hidden = n === 0;
    return n;
  }

  /** Retries every skipped record (the connector re-reads each, so records fixed since then go through). */
  async retrySkipped(): Promise<void> {
    const s = this.sections.full;
    const a = await this.ask('syncRecord', { operation: 'retry' });
    if (a.state === 'failed') throw new Error(this.t('requestFailed', { message: userFacingText(a.error ?? '', this.o.lcid) }));
    const r = (a.result ?? {}) as Record<string, number | undefined>;
    // Numbers, not formatted strings: the plural forms choose their words by them and format them (`#`).
    const n = (k: string): number => r[k] ?? 0;
    const still = await this.showSkipped();
    this.say(s, this.t('retried', { retried: n('retried'), inserted: n('inserted'), modified: n('modified'), unchanged: n('unchanged'), failed: n('failed') }), still ? 'error' : 'ok');
  }

  async startFull(): Promise<SetupJob[]> {
    const s = this.sections.full;
    const mappings = this.chosenMappings();
    const a = await this.ask('fullSync', { mappings });
    if (a.state === 'failed') throw new Error(this.t('requestFailed', { message: userFacingText(a.error ?? '', this.o.lcid) }));
    const run = String(a.result?.run ?? '');
    const order = (a.result?.mappings as string[] | undefined) ?? mappings;
    // The run is named by its start (an ISO instant): shown as a date in the user's locale, never raw.
    const started = userFacingText(run, this.o.lcid);
    this.say(s, a.result?.resumed ? this.t('fullResumed', { run: started }) : this.t('fullQueued', { run: started }));
    return this.watch(run, order);
  }

  /** Shows the run's jobs until every one has finished. */
  async watch(run: string, order: string[]): Promise<SetupJob[]> {
    const rank = (m: string): number => {
      const i = order.indexOf(m);
      return i < 0 ? order.length + dependencyOrder(mappingSummaries).findIndex((x) => x.name === m) : i;
    };
    for (;;) {
      const jobs = (await this.o.data.runJobs(run)).sort((a, b) => rank(a.mapping) - rank(b.mapping));
      this.renderJobs(jobs);
      if (jobs.length && jobs.every((j) => FINAL_JOB.has(j.state))) {
        const ok = jobs.filter((j) => j.state === 'succeeded').length;
        this.say(this.sections.full, this.t('fullDone', { ok, total: jobs.length }), ok === jobs.length ? 'ok' : 'error');
        await this.showSkipped().catch(() => undefined);
        return jobs;
      }
      await this.sleep(this.pollMs);
    }
  }

  private renderJobs(jobs: SetupJob[]): void {
    const head = (['mapping', 'state', 'progress', 'inserted', 'modified', 'unchanged', 'failed', 'skipped', 'lastError'] as StringKey[]).map((k) => h('th', { scope: 'col', text: this.t(k) }));
    const rows = jobs.map((j) =>
      h(
        'tr',
        { 'data-mapping': j.mapping, class: j.state },
        h('th', { scope: 'row', text: j.mapping }),
        h('td', { text: this.t(`state_${j.state}` as StringKey) }),
        h('td', {}, h('progress', { max: 100, value: Math.round(j.progress), 'aria-label': `${j.mapping} ${Math.round(j.progress)}%` }), ` ${Math.round(j.progress)}%`),
        ...[j.inserted, j.modified, j.unchanged, j.failed, j.skipped].map((n) => h('td', { class: 'num', text: n.toLocaleString(this.o.lcid === 1036 ? 'fr-FR' : 'en-US') })),
        h('td', { class: 'error-text', text: userFacingText((j.lastError ?? '').split('\n')[0], this.o.lcid) }),
      ),
    );
    this.root.querySelector('#full-progress')!.replaceChildren(h('table', { id: 'jobs' }, h('thead', {}, h('tr', {}, ...head)), h('tbody', {}, ...rows)));
  }

  // ---- 6. orders against the ERP -----------------------------------------------------------------------------

  private renderReconcile(): void {
    const s = this.sections.reconcile;
    const run = h('button', { type: 'button', id: 'reconcile', class: 'primary', text: this.t('reconcileStart') });
    s.replaceChildren(
      this.heading('step-reconcile', 'stepReconcile'),
      h('p', { text: this.t('reconcileIntro') }),
      this.field('reconcile-days', 'reconcileDays', '30', { type: 'number', min: 1, max: 366, step: 1 }),
      h('p', { id: 'reconcile-last' }),
      h('div', { id: 'events-retries' }),
      h('div', { class: 'actions' }, run),
      h('div', { id: 'reconcile-report' }),
    );
    run.addEventListener('click', () => void this.guarded(s, run, async () => void (await this.reconcile())));
    void this.showLastReconciliation().catch(() => undefined);
    void this.showEventRetries().catch(() => undefined);
  }

  /** Orders whose ERP events failed: each with its error and next try (the connector retries them by itself). */
  async showEventRetries(): Promise<number> {
    const list = (await this.o.data.eventRetries?.()) ?? [];
    const box = this.root.querySelector('#events-retries');
    if (!box) return list.length;
    const locale = this.o.lcid === 1036 ? 'fr-FR' : 'en-US';
    if (!list.length) {
      box.replaceChildren(h('p', { text: this.t('eventsNoRetry') }));
      return 0;
    }
    box.replaceChildren(
      h('p', { class: 'error', text: this.t('eventsRetrying', { count: list.length }) }),
      h(
        'ul',
        { class: 'report', id: 'events-retry-list' },
        ...list.map((r) =>
          this.line(false, this.t('eventsRetryLine', { order: r.erpNumber, attempts: r.attempts.toLocaleString(locale), next: r.nextAttemptAt ? new Date(r.nextAttemptAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : '', error: userFacingText(retryError(r.lastError), this.o.lcid) })),
        ),
      ),
    );
    return list.length;
  }

  /** What the connector's scheduled check found last time, above the button that checks now. */
  async showLastReconciliation(): Promise<void> {
    const last = await this.o.data.lastReconciliation();
    const p = this.root.querySelector('#reconcile-last');
    if (!p) return;
    const locale = this.o.lcid === 1036 ? 'fr-FR' : 'en-US';
    const n = (x: number): string => x.toLocaleString(locale);
    p.textContent = last
      ? this.t('reconcileLast', { date: new Date(last.finishedOn).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }), matched: n(last.matched), errors: n(last.disagreements), amounts: n(last.amountDifferences) })
      : this.t('reconcileNever');
  }

  /** Asks the connector to compare; shows the summary and one row per finding, linked to its order. */
  async reconcile(): Promise<ReconcileFinding[]> {
    const s = this.sections.reconcile;
    const raw = this.value('reconcile-days');
    const days = Number(raw);
    if (!/^\d+$/.test(raw) || days < 1 || days > 366) throw new Error(this.t('invalidDays'));
    this.say(s, this.t('reconcileChecking'));
    const a = await this.ask('reconcile', { days });
    if (a.state === 'failed') throw new Error(this.t('requestFailed', { message: userFacingText(a.error ?? '', this.o.lcid) }));
    const r = (a.result ?? {}) as { since?: string; salesOrders?: number; matched?: number; disagreements?: number; amountDifferences?: number; findings?: ReconcileFinding[]; more?: number };
    // The payload lists the first findings only; the counts are the connector's totals.
    const findings = r.findings ?? [];
    const errors = r.disagreements ?? 0;
    const locale = this.o.lcid === 1036 ? 'fr-FR' : 'en-US';
    const n = (x: number | undefined): string => (x ?? 0).toLocaleString(locale);
    const since = r.since ? new Date(r.since).toLocaleDateString(locale, { timeZone: 'UTC' }) : '';
    const summary = this.t('reconcileSummary', { orders: n(r.salesOrders), since, matched: n(r.matched), errors: n(errors), amounts: n(r.amountDifferences ?? 0) });
    const report = this.root.querySelector('#reconcile-report')!;
    if (!findings.length) {
      report.replaceChildren();
      this.say(s, `${summary} ${this.t('reconcileAgree')}`, 'ok');
      return findings;
    }
    const order = (f: ReconcileFinding): HTMLElement =>
      this.o.recordUrl ? h('a', { href: this.o.recordUrl('salesorder', f.salesOrderId), target: '_blank', rel: 'noopener', text: f.orderNumber }) : h('span', { text: f.orderNumber });
    report.replaceChildren(
      h(
        'table',
        { id: 'reconcile-findings' },
        h('thead', {}, h('tr', {}, ...(['reconcileOrder', 'reconcileKind', 'reconcileWhat'] as StringKey[]).map((k) => h('th', { scope: 'col', text: this.t(k) })))),
        h('tbody', {}, ...findings.map((f) => h('tr', { class: f.severity, 'data-code': f.code }, h('th', { scope: 'row' }, order(f)), h('td', { text: this.t(`reconcile_${f.severity}` as StringKey) }), h('td', { text: f.text })))),
      ),
      ...(r.more ? [h('p', { text: this.t('reconcileMore', { count: r.more }) })] : []),
    );
    this.say(s, summary, errors ? 'error' : 'ok');
    return findings;
  }
}
