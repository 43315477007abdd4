/**
 * The coupling dialog, one page for four jobs (Business Central's Set Up Coupling, Create in Dynamics 365 Sales,
 * Synchronize Now):
 * - couple: search the ERP, pick a record, couple it with this Sales record (whose values are copied: ERP by default);
 * - createInSales: search the ERP, pick a record not coupled yet, create it in Sales;
 * - createInErp / syncNow: one or more Sales records, each with its own answer (syncNow asks whose values win).
 * Plain DOM with native controls (keyboard as the browser gives it), labels on every input, a polite live region for
 * progress and results and an alert region for refusals, which are the connector's own words (erp_lasterror).
 */
import type { CouplingDialogInput } from '../lib/couplingCommands';
import type { CouplingPayload, WinningSide } from '../lib/couplingRequests';
import { couplingTargets } from '../lib/couplingTargets';
import { CouplingService, type Answer, type ErpMatch } from './service';
import { strings, type PageTexts, type StringKey, type Strings } from './strings';
import { h } from '../lib/dom';

export interface DialogResult {
  /** Something was coupled, created or synchronised: the caller refreshes what it shows. */
  changed: boolean;
}

export interface CouplingAppOptions {
  input: CouplingDialogInput;
  service: CouplingService;
  lcid: number;
  /** The dialog's texts (coupling/texts.ts), registered by erp_/js/coupling.texts.js. */
  texts: PageTexts;
  close: (result: DialogResult) => void;
}

const CONFIRM_LABEL: Record<CouplingDialogInput['mode'], StringKey> = { couple: 'couple', createInSales: 'createInSales', createInErp: 'createInErp', syncNow: 'synchronize' };

export class CouplingApp {
  readonly t: Strings;
  private readonly input: CouplingDialogInput;
  private readonly service: CouplingService;
  private matches: ErpMatch[] = [];
  private busy = false;
  private changed = false;
  private finished = false;
  private readonly status = h('div', { id: 'status', role: 'status', 'aria-live': 'polite', class: 'status' });
  private readonly progress = h('div', { id: 'progress', class: 'progress', 'aria-hidden': 'true' });
  private readonly error = h('div', { id: 'error', role: 'alert', class: 'error-text' });
  private readonly confirm: HTMLButtonElement;
  private readonly cancel: HTMLButtonElement;
  private readonly body = h('div', { class: 'body' });

  constructor(
    readonly root: HTMLElement,
    private readonly o: CouplingAppOptions,
  ) {
    this.t = strings(o.lcid, o.texts);
    this.input = o.input;
    this.service = o.service;
    this.confirm = h('button', { type: 'button', id: 'confirm', class: 'primary', text: this.t(CONFIRM_LABEL[this.input.mode]) });
    this.cancel = h('button', { type: 'button', id: 'cancel', text: this.t('cancel') });
    this.confirm.addEventListener('click', () => void this.run());
    this.cancel.addEventListener('click', () => this.close());
  }

  private get name(): string {
    return this.input.name || this.t('unnamed');
  }

  async start(): Promise<void> {
    document.documentElement.lang = this.o.lcid === 1036 || this.o.lcid === 3084 ? 'fr' : 'en';
    const { mode } = this.input;
    const title = h('h1', { id: 'title', text: this.t(`title_${mode}` as StringKey, { name: this.name }) });
    const intro = h('p', { class: 'intro', id: 'intro', text: this.t(`intro_${mode}` as StringKey, { name: this.name }) });
    this.root.setAttribute('aria-labelledby', 'title');
    this.root.replaceChildren(title, intro, this.body, this.progress, this.status, this.error, h('div', { class: 'actions' }, this.confirm, this.cancel));
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.busy) {
        e.preventDefault();
        this.close();
      }
    });
    if (mode === 'couple' || mode === 'createInSales') this.renderSearch();
    else await this.renderRecords();
    (this.root.querySelector<HTMLElement>('#q') ?? this.root.querySelector<HTMLElement>('input[name=side]') ?? this.confirm).focus();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private say(text: string, kind: 'info' | 'ok' = 'info'): void {
    this.status.className = `status ${kind}`;
    this.status.textContent = text;
  }

  private fail(text: string): void {
    this.error.textContent = text;
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.root.setAttribute('aria-busy', busy ? 'true' : 'false');
    for (const el of Array.from(this.root.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button'))) {
      if (el === this.cancel) continue;
      if (busy) {
        el.dataset.wasDisabled = el.disabled ? '1' : '';
        el.disabled = true;
      } else if (el.dataset.wasDisabled !== undefined) {
        // Only what this wait disabled: controls rendered meanwhile (the matches) keep their own state, and a
        // finished dialog keeps everything but Close disabled.
        el.disabled = el.dataset.wasDisabled === '1' || this.finished;
        delete el.dataset.wasDisabled;
      }
    }
    if (!busy) this.progress.textContent = '';
  }

  private tick = (seconds: number): void => {
    this.progress.textContent = this.t('waiting', { seconds });
  };

  /** The text of an answer that is not a success: the connector's refusal and hint, or why there is none. */
  private problemText(a: Answer, timeoutSeconds: number): string {
    switch (a.state) {
      case 'failed':
        return [this.t('notDone', { error: a.error }), a.hint ? this.t('hint', { hint: a.hint }) : ''].filter(Boolean).join('\n');
      case 'timeout':
        return this.t('timeout', { seconds: timeoutSeconds });
      case 'unreachable':
        return this.t('unreachable', { error: a.error });
      default:
        return this.t('sendFailed', { error: a.error });
    }
  }

  private sideChoice(legend: StringKey, erp: StringKey, crm: StringKey, preset: WinningSide | null): HTMLElement {
    const option = (side: WinningSide, label: StringKey) =>
      h('div', { class: 'check' }, h('input', { type: 'radio', name: 'side', id: `side-${side}`, value: side, checked: preset === side }), h('label', { for: `side-${side}`, text: this.t(label) }));
    return h('fieldset', { id: 'side' }, h('legend', { text: this.t(legend) }), option('erp', erp), option('crm', crm));
  }

  private chosenSide(): WinningSide | null {
    return (this.root.querySelector<HTMLInputElement>('input[name=side]:checked')?.value as WinningSide | undefined) ?? null;
  }

  /** Done: the answers stay on screen, nothing can be sent again from this dialog, Close takes the focus. */
  private finish(): void {
    this.finished = true;
    for (const el of Array.from(this.root.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button'))) if (el !== this.cancel) el.disabled = true;
    this.confirm.hidden = true;
    this.cancel.textContent = this.t('close');
    this.cancel.classList.add('primary');
    this.cancel.focus();
  }

  close(): void {
    this.o.close({ changed: this.changed });
  }

  // ---- couple / create in Sales: search and pick ---------------------------------------------------------------

  private mapping(): string | undefined {
    if (this.input.mode !== 'createInSales') return undefined;
    return this.root.querySelector<HTMLInputElement>('input[name=mapping]:checked')?.value ?? couplingTargets[this.input.table].mappings[0];
  }

  private renderSearch(): void {
    const mappings = couplingTargets[this.input.table].mappings;
    const kind =
      this.input.mode === 'createInSales' && mappings.length > 1
        ? h(
            'fieldset',
            { id: 'kind' },
            h('legend', { text: this.t('kind') }),
            ...mappings.map((m, i) =>
              h('div', { class: 'check' }, h('input', { type: 'radio', name: 'mapping', id: `mapping-${i}`, value: m, checked: i === 0 }), h('label', { for: `mapping-${i}`, text: this.t(`mapping_${m}` as StringKey) })),
            ),
          )
        : null;
    kind?.addEventListener('change', () => this.clearResults());
    const form = h(
      'form',
      { role: 'search', id: 'search', 'aria-label': this.t('searchRegion') },
      h('label', { for: 'q', text: this.t('query') }),
      h('div', { class: 'row' }, h('input', { type: 'search', id: 'q', name: 'q', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'q-hint' }), h('button', { type: 'submit', id: 'search-button', text: this.t('search') })),
      h('p', { id: 'q-hint', class: 'hint', text: this.t('queryHint') }),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.search();
    });
    const side = this.input.mode === 'couple' ? this.sideChoice('sideLegendCouple', 'sideErpCouple', 'sideCrmCouple', 'erp') : null;
    this.body.replaceChildren(...[kind, form, h('div', { id: 'results' }), side].filter((x): x is HTMLElement => x !== null));
  }

  private clearResults(): void {
    this.matches = [];
    this.root.querySelector('#results')?.replaceChildren();
  }

  async search(): Promise<void> {
    if (this.busy || this.finished) return;
    const query = (this.root.querySelector<HTMLInputElement>('#q')?.value ?? '').trim();
    this.fail('');
    if (!query) {
      this.fail(this.t('typeSomething'));
      this.root.querySelector<HTMLInputElement>('#q')?.focus();
      return;
    }
    const isCouple = this.input.mode === 'couple';
    const recordId = isCouple ? this.input.ids[0] : null;
    const payload: CouplingPayload = { operation: 'search', query, ...(isCouple ? {} : { mapping: this.mapping() }) };
    this.setBusy(true);
    this.say(this.t('searching'));
    try {
      const answer = await this.service.ask(payload, this.input.table, recordId, this.tick);
      if (answer.state !== 'succeeded') {
        this.say('');
        this.fail(this.problemText(answer, await this.service.timeoutSeconds()));
        return;
      }
      this.matches = CouplingService.matchesOf(answer);
      const others = this.matches.map((m) => m.coupledTo).filter((id): id is string => !!id && id !== recordId);
      const names = await this.service.names(this.input.table, others);
      this.renderMatches(query, names, recordId);
      this.say(this.t(this.matches.length ? 'found' : 'noneFound', { count: this.matches.length, query }));
    } finally {
      this.setBusy(false);
    }
  }

  private couplingText(m: ErpMatch, names: Map<string, string>, recordId: string | null): string {
    if (!m.coupledTo) return this.t('notCoupled');
    if (m.coupledTo === recordId) return this.t('coupledToThis');
    const name = names.get(m.coupledTo);
    return name ? this.t('coupledTo', { name }) : this.t('coupledToOther');
  }

  private renderMatches(query: string, names: Map<string, string>, recordId: string | null): void {
    const results = this.root.querySelector('#results')!;
    if (!this.matches.length) {
      results.replaceChildren();
      return;
    }
    const rows = this.matches.map((m, i) => {
      const taken = !!m.coupledTo;
      const radio = h('input', { type: 'radio', name: 'match', id: `match-${i}`, value: String(i), disabled: taken, 'aria-labelledby': `match-${i}-number match-${i}-name`, 'aria-describedby': `match-${i}-coupling` });
      radio.addEventListener('change', () => this.fail(''));
      const row = h(
        'tr',
        { class: taken ? 'taken' : undefined },
        h('td', {}, radio),
        h('td', { id: `match-${i}-number` }, h('label', { for: `match-${i}`, text: m.number })),
        h('td', { id: `match-${i}-name`, text: m.name }),
        h('td', { id: `match-${i}-coupling`, text: this.couplingText(m, names, recordId) }),
      );
      // A click anywhere on a free row picks it, as in a list.
      if (!taken) row.addEventListener('click', (e) => {
        if (e.target !== radio) {
          radio.checked = true;
          radio.dispatchEvent(new Event('change', { bubbles: true }));
        }
      });
      return row;
    });
    results.replaceChildren(
      h(
        'table',
        { id: 'matches' },
        h('caption', { text: this.t('results', { query }) }),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, h('span', { class: 'sr-only', text: this.t('colChoose') })), h('th', { scope: 'col', text: this.t('colNumber') }), h('th', { scope: 'col', text: this.t('colName') }), h('th', { scope: 'col', text: this.t('colCoupling') }))),
        h('tbody', {}, ...rows),
      ),
    );
    const free = this.matches.filter((m) => !m.coupledTo);
    if (free.length === 1) results.querySelector<HTMLInputElement>(`#match-${this.matches.indexOf(free[0])}`)!.checked = true;
  }

  private chosen(): ErpMatch | null {
    const v = this.root.querySelector<HTMLInputElement>('input[name=match]:checked')?.value;
    return v === undefined ? null : this.matches[Number(v)] ?? null;
  }

  private async pick(): Promise<void> {
    const match = this.chosen();
    if (!match) {
      this.fail(this.t('chooseRecord'));
      return;
    }
    const couple = this.input.mode === 'couple';
    const payload: CouplingPayload = couple
      ? { operation: 'couple', erpId: match.id, erpNumber: match.number, side: this.chosenSide() ?? 'erp' }
      : { operation: 'createInSales', mapping: this.mapping(), erpId: match.id, erpNumber: match.number };
    this.setBusy(true);
    this.say(this.t('pending'));
    try {
      const answer = await this.service.ask(payload, this.input.table, couple ? this.input.ids[0] : null, this.tick);
      if (answer.state !== 'succeeded') {
        this.say('');
        this.fail(this.problemText(answer, await this.service.timeoutSeconds()));
        return;
      }
      this.changed = true;
      const cell = this.root.querySelector(`#match-${this.matches.indexOf(match)}-coupling`);
      if (cell) cell.textContent = couple ? this.t('coupledToThis') : this.t('coupledTo', { name: match.name });
      const number = String(answer.result?.erpNumber ?? match.number);
      const text = couple
        ? this.t('coupled', { name: this.name, number })
        : this.t(answer.result?.created === false ? 'alreadyInSales' : 'createdInSales', { number: match.number, name: match.name });
      this.say(text, 'ok');
      this.finish();
    } finally {
      this.setBusy(false);
      if (this.finished) this.cancel.focus();
    }
  }

  // ---- create in ERP / synchronise now: one answer per record ---------------------------------------------------

  private async renderRecords(): Promise<void> {
    const { ids } = this.input;
    const names = ids.length === 1 && this.input.name ? new Map([[ids[0], this.input.name]]) : await this.service.names(this.input.table, ids);
    const rows = ids.map((id, i) =>
      h('tr', { 'data-id': id }, h('th', { scope: 'row', id: `record-${i}`, text: names.get(id) || this.t('unnamed') }), h('td', { id: `result-${i}`, class: 'result', 'aria-labelledby': `record-${i}` })),
    );
    const table = h(
      'table',
      { id: 'records' },
      h('caption', { text: this.t('records') }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: this.t('colRecord') }), h('th', { scope: 'col', text: this.t('colResult') }))),
      h('tbody', {}, ...rows),
    );
    const side = this.input.mode === 'syncNow' ? this.sideChoice('sideLegend', 'sideErp', 'sideCrm', null) : null;
    this.body.replaceChildren(...[side, table].filter((x): x is HTMLElement => x !== null));
  }

  private successText(a: Answer, side: WinningSide | null): string {
    if (this.input.mode === 'createInErp') return this.t(a.result?.created === false ? 'matchedInErp' : 'createdInErp', { number: String(a.result?.erpNumber ?? '') });
    const changedCount = Number(a.result?.modified ?? 0) + Number(a.result?.inserted ?? 0);
    return changedCount > 0 ? this.t(side === 'crm' ? 'synchronizedCrm' : 'synchronizedErp') : this.t('alreadyEqual');
  }

  private async runEach(): Promise<void> {
    const side = this.input.mode === 'syncNow' ? this.chosenSide() : null;
    if (this.input.mode === 'syncNow' && !side) {
      this.fail(this.t('chooseSide'));
      this.root.querySelector<HTMLInputElement>('input[name=side]')?.focus();
      return;
    }
    const payload: CouplingPayload = this.input.mode === 'syncNow' ? { operation: 'syncNow', side: side! } : { operation: 'createInErp' };
    const cells = new Map(this.input.ids.map((id, i) => [id, this.root.querySelector<HTMLElement>(`#result-${i}`)!]));
    for (const cell of cells.values()) {
      cell.textContent = this.t('pending');
      cell.className = 'result';
    }
    this.setBusy(true);
    this.say(this.t('pending'));
    try {
      const timeoutSeconds = await this.service.timeoutSeconds();
      const answers = await this.service.askEach(payload, this.input.table, this.input.ids, (id, a) => {
        const cell = cells.get(id)!;
        cell.textContent = a.state === 'succeeded' ? this.successText(a, side) : this.problemText(a, timeoutSeconds);
        cell.className = `result ${a.state === 'succeeded' ? 'ok' : 'error'}`;
      }, this.tick);
      const ok = [...answers.values()].filter((a) => a.state === 'succeeded').length;
      const total = this.input.ids.length;
      this.changed = ok > 0;
      this.say(ok === total ? this.t('summaryAllOk', { total }) : this.t('summary', { ok, total, failed: total - ok }), ok === total ? 'ok' : 'info');
      this.finish();
    } finally {
      this.setBusy(false);
      if (this.finished) this.cancel.focus();
    }
  }

  async run(): Promise<void> {
    if (this.busy || this.finished) return;
    this.fail('');
    if (this.input.mode === 'couple' || this.input.mode === 'createInSales') await this.pick();
    else await this.runEach();
  }
}
