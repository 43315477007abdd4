/**
 * Synchronisation of one page of records of one mapping, from either side. Per page: one read of the couplings,
 * one of what the values reference (salespeople, currencies, units…), one of the counterparts and match
 * candidates, then the writes in `$batch` (one change set per record). Every record ends as inserted, modified,
 * unchanged, skipped (kept skipped from an earlier failure) or failed with a message that names it and says what
 * to do; a failed record never stops the page.
 *
 * Matching before creating: a record with no coupling is looked up on the other side by the mapping's match keys
 * (number, then name); one match is coupled, several are a duplicate error, none is created (when the mapping
 * creates). Records created in Sales get a deterministic id, so a repeated create (a retry, a second process)
 * fails on the key instead of duplicating.
 */
import { decodeBcEnum } from '../../domain/bcEnums';
import {
  crmBody,
  crmChanges,
  crmRecordNoun,
  erpChanges,
  erpRecordNoun,
  fieldDirection,
  flows,
  formatMappingProblem,
  lookupValueColumn,
  crmRead,
  mapCrmToErp,
  mapErpToCrm,
  matchValues,
  type CrmValue,
  type IntegrationMapping,
  type MappingProblem,
  type NounLabel,
  type Scalar,
} from '../../domain/mappings';
import { normalizeId } from '../../domain/orderValidation';
import type { BatchOperation } from '../dataverse/batch';
import { stableGuid } from '../ids';
import { zeroCounts, type Counts, type SyncContext } from './context';
import { crmByIdsPaths, crmByKeyPaths, crmReadMany, crmTableDef, type CrmRow } from './crmAccess';
import { byCrmIdPaths, byErpIdPaths, couplingTable, isCoupled, isPendingErp, opCouple, opDelete, opNote, opPendingCrm, opPendingErp, opSkip, opSynced, parseCouplings, pendingTables, type Coupling } from './couplings';
import { companyContactOfCustomer, erpFindBy, erpQuery, erpWrite, type ErpRow, type ErpWrite } from './erpAccess';
import type { SyncResolver } from './resolver';
import { matchKeyText } from './createGuard';
import { counterpartGone, matchInErp, matchInSales, pairWinner, planSalesUpdate, type Force, type Mode, type PlannedProblem } from './planPage';
import { batchMessage, isDuplicate, runChangeSets } from './writes';
import { odataString } from '../../domain/idempotency';

export type { Mode, Force } from './planPage';

const MAX_ERRORS_KEPT = 50;

type ErpWriteStep = {
  write: ErpWrite;
  after: (ok: boolean, message: string, row: ErpRow | null) => void | Promise<void>;
  /** A create: the record and what it is found again by, for the in-doubt rule (createGuard.ts). */
  creates?: { record: NounLabel; key: string };
};

interface Pending {
  /** Ops committed together. */
  ops: BatchOperation[];
  count: keyof Counts;
  /** What to mark when the change set fails. */
  onFail: (message: string) => BatchOperation | null;
  describe: NounLabel;
}

const noun = (en: string, fr: string): NounLabel => ({ en: { the: en, a: en }, fr: { the: fr, a: fr } });
const SALES = noun('Sales', 'Sales');
const ERP = noun('the ERP', "l'ERP");

const lower = (v: unknown): string => String(v ?? '').trim().toLowerCase();

export class MappingSync {
  readonly counts: Counts = zeroCounts();
  readonly errors: string[] = [];
  private errorCount = 0;
  private readonly companyCache = new Map<string, string | null>();
  /** Set when the full run also walks the ERP side: coupled Sales records are then already handled. */
  erpPhaseRan = false;

  constructor(
    readonly ctx: SyncContext,
    readonly mapping: IntegrationMapping,
    readonly resolver: SyncResolver,
    readonly mode: Mode,
    readonly force: Force = null,
    /** An explicit "create in Sales / in the ERP" from the app: creates even when the mapping does not create by itself. */
    readonly options: { allowCreate?: boolean } = {},
  ) {}

  private get mayCreate(): boolean {
    return this.mapping.createNew || !!this.options.allowCreate;
  }

  private get now(): Date {
    return this.ctx.s.now();
  }

  private mappings = { get: (n: string) => this.ctx.byName.get(n) };

  private fail(describe: NounLabel, problems: MappingProblem[] | string, mark: BatchOperation | null, failOps: BatchOperation[]): void {
    const message = typeof problems === 'string' ? problems : problems.map((p) => formatMappingProblem(p, this.ctx.lcid)).join('\n');
    this.counts.failed += 1;
    this.errorCount += 1;
    if (this.errors.length < MAX_ERRORS_KEPT) this.errors.push(message);
    if (mark) failOps.push(mark);
    void describe;
  }

  /** "N errors; the first: …" for erp_syncjob.erp_lasterror. */
  errorSummary(): string | null {
    if (!this.errorCount) return null;
    const more = this.errorCount - this.errors.length;
    return `${this.errors.join('\n')}${more > 0 ? `\n… and ${more} more (see the skipped couplings).` : ''}`;
  }

  private problem(code: MappingProblem['code'], record: NounLabel, params: Record<string, string | number>, nouns: MappingProblem['nouns'] = {}): MappingProblem {
    return { code, severity: 'error', mapping: this.mapping.name, params: { mapping: this.mapping.name, ...params }, nouns: { record: { label: record, form: 'the' }, ...nouns } };
  }

  /** A problem the plan decided (planPage.ts), worded for `record`. */
  private planned(p: PlannedProblem, record: NounLabel): MappingProblem {
    const nouns: MappingProblem['nouns'] = {};
    if (p.side) nouns.side = { label: p.side === 'sales' ? SALES : ERP, form: 'the' };
    if (p.other) nouns.other = { label: p.other.side === 'sales' ? crmRecordNoun(this.mapping, p.other.row) : erpRecordNoun(this.mapping, p.other.row), form: 'the' };
    return this.problem(p.code, record, p.params, nouns);
  }

  private erpName(row: ErpRow): string {
    const key = String(row[this.mapping.erp.key] ?? row.id ?? '');
    const name = row[this.mapping.erp.nameField];
    return name && name !== key ? `${key} (${String(name)})` : key;
  }

  private crmName(row: CrmRow): string {
    const t = crmTableDef(this.mapping);
    const n = row[this.mapping.crm.nameField] ?? row[`${lookupValueColumn(this.mapping.crm.nameField)}@OData.Community.Display.V1.FormattedValue`];
    return String(n ?? row[t.primaryId] ?? '');
  }

  private isBlocked(row: ErpRow): boolean {
    const b = this.mapping.erp.blocked;
    if (!b) return false;
    const raw = row[b.field];
    // Either wire form of an enum member ("_x0020_" or " "): domain/bcEnums.ts.
    return b.values.some((v) => v === raw || (typeof raw === 'string' && v === decodeBcEnum(raw)));
  }

  private crmId(row: CrmRow): string {
    return normalizeId(String(row[crmTableDef(this.mapping).primaryId]));
  }

  // ---------------------------------------------------------------------------------------------------------
  // ERP → Sales

  async erpPage(rows: readonly ErpRow[]): Promise<void> {
    const m = this.mapping;
    const t = crmTableDef(m);
    const failOps: BatchOperation[] = [];
    const pending: Pending[] = [];
    const erpWrites: ErpWriteStep[] = [];

    const [couplingRows] = await Promise.all([
      crmReadMany(this.ctx, byErpIdPaths(m, rows.map((r) => String(r.id)))),
      this.resolver.prefetch(this.resolver.erpNeeds(m, rows), []),
    ]);
    const couplingByErp = new Map<string, Coupling>();
    for (const c of parseCouplings(couplingRows.flat())) {
      if (isPendingErp(c) ? pendingTables(couplingTable(m)).includes(c.crmTable) : c.crmTable === couplingTable(m)) couplingByErp.set(c.erpId, c);
    }

    type Item = { row: ErpRow; coupling: Coupling | undefined; values: Record<string, CrmValue>; create: Record<string, CrmValue>; key: Record<string, CrmValue> };
    const coupled: Item[] = [];
    const uncoupled: Item[] = [];
    const keyColumns = new Set(m.match.flat());
    for (const row of rows) {
      const erpId = normalizeId(String(row.id));
      const c = couplingByErp.get(erpId);
      const describe = erpRecordNoun(m, row);
      if (c?.skipped && this.mode !== 'retry') {
        this.counts.skipped += 1;
        continue;
      }
      const markFail = (message: string): BatchOperation => (c ? opSkip(c, message) : opPendingErp(m, erpId, String(row[m.erp.key] ?? ''), this.erpName(row), message, this.ctx.connectionId));
      if (this.isBlocked(row) && m.erp.blocked?.action === 'skip') {
        this.fail(describe, [this.problem('REC_BLOCKED', describe, { value: String(row[m.erp.blocked.field]) })], markFail(formatMappingProblem(this.problem('REC_BLOCKED', describe, { value: String(row[m.erp.blocked.field]) }), this.ctx.lcid)), failOps);
        continue;
      }
      const upd = mapErpToCrm(m, row, this.resolver, this.mappings, { mode: 'update' });
      const isNew = !c || !isCoupled(c);
      const create = isNew ? mapErpToCrm(m, row, this.resolver, this.mappings, { mode: 'create' }) : upd;
      const problems = isNew ? create.problems : upd.problems;
      if (problems.length) {
        this.fail(describe, problems, markFail(problems.map((p) => formatMappingProblem(p, this.ctx.lcid)).join('\n')), failOps);
        continue;
      }
      const key = isNew ? mapErpToCrm(m, row, this.resolver, this.mappings, { mode: 'create', anyDirection: true, only: (f) => keyColumns.has(f.crm) }).values : {};
      (isNew ? uncoupled : coupled).push({ row, coupling: c, values: upd.values, create: create.values, key });
    }

    // Counterparts of coupled records, and match candidates of the others, in one $batch.
    const paths: string[] = [];
    const coupledPaths = crmByIdsPaths(m, coupled.map((i) => i.coupling!.crmId));
    paths.push(...coupledPaths);
    const keyPaths: Array<{ key: string[]; count: number }> = [];
    for (const key of m.match) {
      const tuples = uncoupled.map((i) => matchValues(m, key, i.key)).filter((x): x is CrmValue[] => !!x).map((tu) => tu.map((v) => (typeof v === 'object' && v !== null && 'lookup' in v ? v.lookup.id : v)));
      const ps = tuples.length ? crmByKeyPaths(m, key, tuples) : [];
      paths.push(...ps);
      keyPaths.push({ key, count: ps.length });
    }
    const results = paths.length ? await crmReadMany(this.ctx, paths) : [];
    const crmById = new Map<string, CrmRow>();
    for (const r of results.slice(0, coupledPaths.length).flat()) crmById.set(this.crmId(r), r);
    const candidatesByKey: CrmRow[][] = [];
    let pos = coupledPaths.length;
    for (const k of keyPaths) {
      candidatesByKey.push(results.slice(pos, pos + k.count).flat());
      pos += k.count;
    }
    // Couplings of the candidates (is the match already coupled to another record?).
    const candidateIds = [...new Set(candidatesByKey.flat().map((r) => this.crmId(r)))];
    const candidateCouplings = new Map<string, Coupling>();
    if (candidateIds.length) for (const c of parseCouplings((await crmReadMany(this.ctx, byCrmIdPaths(couplingTable(m), candidateIds))).flat())) candidateCouplings.set(c.crmId, c);

    // Coupled pairs: who wins, then what changes.
    const crmToErp: Array<{ item: Item; crm: CrmRow }> = [];
    for (const item of coupled) {
      const c = item.coupling!;
      const describe = erpRecordNoun(m, item.row);
      const crm = crmById.get(c.crmId);
      if (!crm) {
        const p = this.planned(counterpartGone('sales'), describe);
        this.fail(describe, [p], opSkip(c, formatMappingProblem(p, this.ctx.lcid)), failOps);
        continue;
      }
      const winner = pairWinner({ mapping: m, mode: this.mode, force: this.force, coupling: c, erpModified: String(item.row.lastModifiedDateTime ?? ''), crm, integrationUserId: this.ctx.integrationUserId });
      if (winner === 'conflict') {
        const p = this.problem('REC_CONFLICT', describe, {});
        this.fail(describe, [p], opSkip(c, formatMappingProblem(p, this.ctx.lcid)), failOps);
        continue;
      }
      if (winner === 'crm') {
        crmToErp.push({ item, crm });
        continue;
      }
      // The ERP wins, or nothing changed (an incremental run): new values or none, the coupling marked.
      const w = planSalesUpdate(m, c, crm, winner === 'erp' ? item.values : {}, this.now, item.row.lastModifiedDateTime, winner === 'erp');
      if (this.isBlocked(item.row) && m.erp.blocked?.action === 'retire' && 'statecode' in w.changes) {
        // Not a failure, but worth reading on the coupling and the job: the product can no longer be sold.
        const note = formatMappingProblem(this.problem('REC_RETIRED', describe, { crmName: this.crmName(crm) }), this.ctx.lcid);
        if (this.errors.length < MAX_ERRORS_KEPT) this.errors.push(note);
        w.ops.splice(w.ops.length - 1, 1, opSynced(c, this.now, true, item.row.lastModifiedDateTime), opNote(c, note));
      }
      pending.push({ ops: w.ops, count: w.count, onFail: (msg) => opSkip(c, msg), describe });
    }

    // Sales wins for some pairs: write the ERP side (values from Sales).
    if (crmToErp.length) {
      await this.resolver.prefetch([], this.resolver.crmNeeds(m, crmToErp.map((x) => x.crm)));
      for (const { item, crm } of crmToErp) {
        const c = item.coupling!;
        const describe = crmRecordNoun(m, crm);
        const mapped = mapCrmToErp(m, crm, this.resolver, this.mappings, { mode: 'update' });
        if (mapped.problems.length) {
          this.fail(describe, mapped.problems, opSkip(c, mapped.problems.map((p) => formatMappingProblem(p, this.ctx.lcid)).join('\n')), failOps);
          continue;
        }
        await this.updateErpRecord(m, c, item.row, mapped.values, describe, pending, erpWrites, failOps, this.erpOwnedOps(c.crmId, crm, item.row));
      }
    }

    // Are the ERP values the uncoupled records would match by unique in the ERP? (Numbers are; names need not be.)
    const erpCounts = await this.erpKeyCounts(uncoupled.map((i) => i.row));

    // Uncoupled ERP records: match, else create.
    const claimed = new Set<string>();
    for (const item of uncoupled) {
      const describe = erpRecordNoun(m, item.row);
      const erpId = normalizeId(String(item.row.id));
      const pendingRow = item.coupling && isPendingErp(item.coupling) ? item.coupling : undefined;
      const markFail = (message: string): BatchOperation => opPendingErp(m, erpId, String(item.row[m.erp.key] ?? ''), this.erpName(item.row), message, this.ctx.connectionId);
      const decision = matchInSales({ mapping: m, row: item.row, key: item.key, candidatesByKey, candidateCouplings, erpCounts, claimed });
      const match = 'match' in decision ? decision.match : undefined;
      const problem = 'problem' in decision ? this.planned(decision.problem, describe) : undefined;
      if (problem) {
        this.fail(describe, [problem], markFail(formatMappingProblem(problem, this.ctx.lcid)), failOps);
        continue;
      }
      if (match) {
        const crmId = this.crmId(match);
        claimed.add(crmId);
        const changes = crmChanges(m, match, item.values);
        const ops: BatchOperation[] = [];
        if (Object.keys(changes).length) ops.push({ method: 'PATCH', url: `${t.entitySet}(${crmId})`, body: crmBody(m, changes) });
        ops.push(opCouple({ mapping: m, crmId, erpId, erpNumber: String(item.row[m.erp.key] ?? ''), name: `${this.crmName(match)} ⇄ ${this.erpName(item.row)}`, now: this.now, connectionId: this.ctx.connectionId, erpVersion: item.row.lastModifiedDateTime }));
        if (pendingRow) ops.push(opDelete(pendingRow));
        pending.push({ ops, count: Object.keys(changes).length ? 'modified' : 'unchanged', onFail: markFail, describe });
        continue;
      }
      if (this.isBlocked(item.row)) {
        const p = this.problem('REC_BLOCKED_NOT_CREATED', describe, {});
        this.fail(describe, [p], markFail(formatMappingProblem(p, this.ctx.lcid)), failOps);
        continue;
      }
      if (!this.mayCreate || !flows(m.direction, 'fromErp')) continue;
      const crmId = stableGuid('erp-link-sync', m.name, erpId);
      const body = crmBody(m, { ...(m.crm.createDefaults ?? {}), ...item.create });
      body[t.primaryId] = crmId;
      if (m.crm.unitGroup) {
        const group = await this.unitGroup(m.crm.unitGroup);
        body['uomscheduleid@odata.bind'] = `/uomschedules(${group.id})`;
        // Dataverse creates a group's base unit with the group; where it did not, the first ERP unit becomes it.
        if (group.baseUnitId) body['baseuom@odata.bind'] = `/uoms(${group.baseUnitId})`;
        else group.baseUnitId = crmId;
      }
      const ops: BatchOperation[] = [
        { method: 'POST', url: t.entitySet, body },
        opCouple({ mapping: m, crmId, erpId, erpNumber: String(item.row[m.erp.key] ?? ''), name: this.erpName(item.row), now: this.now, connectionId: this.ctx.connectionId, erpVersion: item.row.lastModifiedDateTime }),
      ];
      if (pendingRow) ops.push(opDelete(pendingRow));
      pending.push({ ops, count: 'inserted', onFail: markFail, describe });
      if (m.crm.createDefaults && 'exchangerate' in m.crm.createDefaults) {
        // Created with rate 1.0: say so on the job (not an error).
        if (this.errors.length < MAX_ERRORS_KEPT) this.errors.push(formatMappingProblem(this.problem('REC_CURRENCY_RATE', describe, {}), this.ctx.lcid));
      }
    }

    await this.flushErp(erpWrites);
    await this.flush(pending, failOps);
  }

  /**
   * Sales wins the pair, but the columns only the ERP writes (fields whose direction is fromErp: its number, the
   * customer's location…) still follow the ERP: Sales cannot send them back, so there is no conflict to decide for
   * them. A value that cannot be mapped here (a coupling not in the resolver yet) is left for the next run.
   */
  private erpOwnedOps(crmId: string, crm: CrmRow, erp: ErpRow): BatchOperation[] {
    const m = this.mapping;
    const owned = new Set(m.fields.filter((f) => fieldDirection(m, f) === 'fromErp').map((f) => f.crm));
    if (!owned.size) return [];
    const { values } = mapErpToCrm(m, erp, this.resolver, this.mappings, { mode: 'update', only: (f) => owned.has(f.crm) });
    const changes = crmChanges(m, crm, values);
    return Object.keys(changes).length ? [{ method: 'PATCH', url: `${crmTableDef(m).entitySet}(${crmId})`, body: crmBody(m, changes) }] : [];
  }

  /** ERP body: virtual fields become what the entity takes (a contact's customer → its company contact). */
  /** A coupled ERP record that Sales wins for: unchanged, or one PATCH whose outcome is recorded on the coupling. */
  private async updateErpRecord(
    m: Parameters<typeof erpChanges>[0],
    c: Coupling,
    erp: ErpRow,
    values: Parameters<typeof erpChanges>[2],
    describe: NounLabel,
    pending: Pending[],
    erpWrites: ErpWriteStep[],
    failOps: BatchOperation[],
    salesOps: BatchOperation[] = [],
  ): Promise<void> {
    const changes = erpChanges(m, erp, values);
    if (!Object.keys(changes).length) {
      pending.push({ ops: [...salesOps, opSynced(c, this.now, c.skipped || !!c.lastError, erp.lastModifiedDateTime)], count: salesOps.length ? 'modified' : 'unchanged', onFail: (msg) => opSkip(c, msg), describe });
      return;
    }
    const body = await this.erpBody(changes, describe, c, failOps);
    if (!body) return;
    erpWrites.push({
      write: { key: c.erpId, method: 'PATCH', id: c.erpId, body },
      after: (ok, message, written) => {
        if (ok) pending.push({ ops: [...salesOps, opSynced(c, this.now, true, written?.lastModifiedDateTime)], count: 'modified', onFail: (msg) => opSkip(c, msg), describe });
        else {
          const p = this.problem('REC_REJECTED', describe, { message }, { side: { label: ERP, form: 'the' } });
          this.fail(describe, [p], opSkip(c, formatMappingProblem(p, this.ctx.lcid)), failOps);
        }
      },
    });
  }

  private async erpBody(values: Record<string, Scalar>, describe: NounLabel, c: Coupling | null, failOps: BatchOperation[], crmId?: string): Promise<Record<string, unknown> | null> {
    const body: Record<string, unknown> = { ...values };
    if ('customerId' in body) {
      const customerId = String(body.customerId ?? '');
      delete body.customerId;
      if (customerId && customerId !== '00000000-0000-0000-0000-000000000000') {
        const company = await companyContactOfCustomer(this.ctx, customerId, this.companyCache);
        if (!company) {
          const message = formatMappingProblem(
            this.problem('REC_INVALID_VALUE', describe, { value: customerId, detail: 'no company contact of that customer can be found through the API' }, { field: { label: noun('the company', "l'entreprise"), form: 'the' }, target: { label: noun('the ERP contact', 'le contact ERP'), form: 'the' }, source: { label: SALES, form: 'the' } }),
            this.ctx.lcid,
          );
          this.fail(describe, message, c ? opSkip(c, message) : crmId ? opPendingCrm(this.mapping, crmId, describe.en.the, message, this.ctx.connectionId) : null, failOps);
          return null;
        }
        body.companyNumber = company;
      } else body.companyNumber = '';
    }
    return body;
  }

  private async flushErp(writes: readonly ErpWriteStep[]): Promise<void> {
    if (!writes.length) return;
    const write = () => erpWrite(this.ctx, this.mapping, writes.map((w) => w.write));
    const create = writes.find((w) => w.creates)?.creates;
    const guard = this.ctx.createGuard;
    const results = create && guard ? await guard.around(create.record, create.key, write) : await write();
    for (const w of writes) {
      const r = results.get(w.write.key);
      await w.after(!!r?.ok, r?.message ?? 'no answer', r?.row ?? null);
    }
  }

  private async flush(pending: readonly Pending[], failOps: BatchOperation[]): Promise<void> {
    const results = await runChangeSets(this.ctx, pending.map((p) => p.ops));
    results.forEach((r, i) => {
      const p = pending[i];
      if (r.ok) {
        this.counts[p.count] += 1;
        return;
      }
      const createFailed = p.count === 'inserted' && isDuplicate(r.error);
      if (createFailed) {
        // Created by an earlier, interrupted attempt or another process: the next run couples it by its key.
        this.counts.unchanged += 1;
        return;
      }
      const problem = this.problem('REC_REJECTED', p.describe, { message: batchMessage(r.error) }, { side: { label: SALES, form: 'the' } });
      const message = formatMappingProblem(problem, this.ctx.lcid);
      this.fail(p.describe, message, p.onFail(message), failOps);
    });
    if (failOps.length) {
      // Marks are independent: one refused mark does not hide the others.
      const marks = await runChangeSets(this.ctx, failOps.map((op) => [op]));
      const refused = marks.filter((x) => !x.ok);
      if (refused.length) this.ctx.s.log.warn('could not record some synchronisation errors on their couplings', { mapping: this.mapping.name, count: refused.length, first: batchMessage(refused[0].error) });
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Sales → ERP

  async crmPage(rows: readonly CrmRow[]): Promise<void> {
    const m = this.mapping;
    const t = crmTableDef(m);
    const failOps: BatchOperation[] = [];
    const pending: Pending[] = [];
    const erpWrites: ErpWriteStep[] = [];

    const [couplingRows] = await Promise.all([
      crmReadMany(this.ctx, byCrmIdPaths(couplingTable(m), rows.map((r) => this.crmId(r)))),
      this.resolver.prefetch([], this.resolver.crmNeeds(m, rows)),
    ]);
    const couplingByCrm = new Map<string, Coupling>();
    for (const c of parseCouplings(couplingRows.flat())) couplingByCrm.set(c.crmId, c);

    const coupled: Array<{ row: CrmRow; c: Coupling }> = [];
    const uncoupled: Array<{ row: CrmRow; c?: Coupling; key: Record<string, Scalar> }> = [];
    const keyFields = new Set(m.match.flat().flatMap((col) => m.fields.filter((f) => f.crm === col).map((f) => f.erp)));
    for (const row of rows) {
      const c = couplingByCrm.get(this.crmId(row));
      if (c && c.erpEntity !== m.erp.entity) continue; // the record belongs to another mapping (a product that is a resource)
      if (c && isCoupled(c) && this.mode === 'full' && this.erpPhaseRan) continue; // handled (and counted) from the ERP side
      if (c?.skipped && this.mode !== 'retry') {
        this.counts.skipped += 1;
        continue;
      }
      if (c && isCoupled(c)) {
        coupled.push({ row, c });
        continue;
      }
      const key = mapCrmToErp(m, row, this.resolver, this.mappings, { mode: 'create', anyDirection: true, only: (f) => keyFields.has(f.erp) && m.match.flat().includes(f.crm) }).values;
      uncoupled.push({ row, c, key });
    }

    // ERP counterparts of coupled records and match candidates.
    const erpById = new Map<string, ErpRow>();
    const coupledIds = coupled.map((x) => x.c.erpId).filter(Boolean);
    if (coupledIds.length) for (const r of await erpFindBy(this.ctx, m, 'id', coupledIds)) erpById.set(normalizeId(String(r.id)), r);
    const candidates: ErpRow[][] = [];
    for (const key of m.match) {
      const fields = key.map((col) => m.fields.find((f) => f.crm === col)!.erp);
      if (fields.length === 1) {
        const values = uncoupled.map((u) => u.key[fields[0]]).filter((v) => v !== undefined && v !== null && v !== '');
        candidates.push(values.length ? await erpFindBy(this.ctx, m, fields[0], values) : []);
      } else {
        const filters = uncoupled
          .map((u) => (fields.every((f) => u.key[f] !== undefined && u.key[f] !== '') ? fields.map((f) => `${f} eq ${odataString(String(u.key[f]))}`).join(' and ') : null))
          .filter((x): x is string => !!x);
        candidates.push(filters.length ? (await erpQuery(this.ctx, m, filters)).flat() : []);
      }
    }
    const candidateIds = [...new Set(candidates.flat().map((r) => normalizeId(String(r.id))))];
    const candidateCouplings = new Map<string, Coupling>();
    if (candidateIds.length) {
      for (const c of parseCouplings((await crmReadMany(this.ctx, byErpIdPaths(m, candidateIds))).flat())) if (isCoupled(c)) candidateCouplings.set(c.erpId, c);
    }

    for (const { row, c } of coupled) {
      const describe = crmRecordNoun(m, row);
      const erp = erpById.get(c.erpId);
      if (!erp) {
        const p = this.planned(counterpartGone('erp'), describe);
        this.fail(describe, [p], opSkip(c, formatMappingProblem(p, this.ctx.lcid)), failOps);
        continue;
      }
      // An incremental Sales pass reads records that changed: the pair is left alone only when neither side won.
      const winner = pairWinner({ mapping: m, mode: this.mode, force: this.force, coupling: c, erpModified: String(erp.lastModifiedDateTime ?? ''), crm: row, integrationUserId: this.ctx.integrationUserId });
      if (winner === 'conflict') {
        const p = this.problem('REC_CONFLICT', describe, {});
        this.fail(describe, [p], opSkip(c, formatMappingProblem(p, this.ctx.lcid)), failOps);
        continue;
      }
      if (winner === 'none') {
        this.counts.unchanged += 1;
        continue;
      }
      if (winner === 'erp') {
        await this.resolver.prefetch(this.resolver.erpNeeds(m, [erp]), []);
        const mapped = mapErpToCrm(m, erp, this.resolver, this.mappings, { mode: 'update' });
        if (mapped.problems.length) {
          this.fail(describe, mapped.problems, opSkip(c, mapped.problems.map((p) => formatMappingProblem(p, this.ctx.lcid)).join('\n')), failOps);
          continue;
        }
        const w = planSalesUpdate(m, c, row, mapped.values, this.now, erp.lastModifiedDateTime, true);
        pending.push({ ops: w.ops, count: w.count, onFail: (msg) => opSkip(c, msg), describe });
        continue;
      }
      const mapped = mapCrmToErp(m, row, this.resolver, this.mappings, { mode: 'update' });
      if (mapped.problems.length) {
        this.fail(describe, mapped.problems, opSkip(c, mapped.problems.map((p) => formatMappingProblem(p, this.ctx.lcid)).join('\n')), failOps);
        continue;
      }
      await this.updateErpRecord(m, c, erp, mapped.values, describe, pending, erpWrites, failOps, this.erpOwnedOps(c.crmId, row, erp));
    }

    // Are the Sales values the uncoupled records would match by unique in Sales? (Nothing makes them unique there.)
    const crmCounts = await this.crmKeyCounts(uncoupled.map((u) => u.row));

    const claimed = new Set<string>();
    for (const { row, key } of uncoupled) {
      const describe = crmRecordNoun(m, row);
      const crmId = this.crmId(row);
      const markFail = (message: string): BatchOperation => opPendingCrm(m, crmId, this.crmName(row), message, this.ctx.connectionId);
      const decision = matchInErp({ mapping: m, row, key, candidatesByKey: candidates, candidateCouplings, crmCounts, claimed });
      const match = 'match' in decision ? decision.match : undefined;
      const problem = 'problem' in decision ? this.planned(decision.problem, describe) : undefined;
      if (problem) {
        this.fail(describe, [problem], markFail(formatMappingProblem(problem, this.ctx.lcid)), failOps);
        continue;
      }
      if (match) {
        const erp = match;
        const erpId = normalizeId(String(erp.id));
        claimed.add(erpId);
        const couple = (written: ErpRow | null = erp): BatchOperation =>
          opCouple({ mapping: m, crmId, erpId, erpNumber: String(erp[m.erp.key] ?? ''), name: `${this.crmName(row)} ⇄ ${this.erpName(erp)}`, now: this.now, connectionId: this.ctx.connectionId, erpVersion: written?.lastModifiedDateTime });
        if (flows(m.direction, 'fromErp')) {
          // The ERP record existed before: its values win, as when coupling from the ERP side.
          await this.resolver.prefetch(this.resolver.erpNeeds(m, [erp]), []);
          const mapped = mapErpToCrm(m, erp, this.resolver, this.mappings, { mode: 'update' });
          if (mapped.problems.length) {
            this.fail(describe, mapped.problems, markFail(mapped.problems.map((p) => formatMappingProblem(p, this.ctx.lcid)).join('\n')), failOps);
            continue;
          }
          const changes = crmChanges(m, row, mapped.values);
          const ops: BatchOperation[] = Object.keys(changes).length ? [{ method: 'PATCH', url: `${t.entitySet}(${crmId})`, body: crmBody(m, changes) }] : [];
          pending.push({ ops: [...ops, couple()], count: ops.length ? 'modified' : 'unchanged', onFail: markFail, describe });
          continue;
        }
        const mapped = mapCrmToErp(m, row, this.resolver, this.mappings, { mode: 'update' });
        if (mapped.problems.length) {
          this.fail(describe, mapped.problems, markFail(mapped.problems.map((p) => formatMappingProblem(p, this.ctx.lcid)).join('\n')), failOps);
          continue;
        }
        const changes = erpChanges(m, erp, mapped.values);
        if (!Object.keys(changes).length) {
          pending.push({ ops: [couple()], count: 'unchanged', onFail: markFail, describe });
          continue;
        }
        const body = await this.erpBody(changes, describe, null, failOps, crmId);
        if (!body) continue;
        erpWrites.push({
          write: { key: crmId, method: 'PATCH', id: erpId, body },
          after: (ok, message, written) => {
            if (ok) pending.push({ ops: [couple(written)], count: 'modified', onFail: markFail, describe });
            else {
              const p = this.problem('REC_REJECTED', describe, { message }, { side: { label: ERP, form: 'the' } });
              this.fail(describe, [p], markFail(formatMappingProblem(p, this.ctx.lcid)), failOps);
            }
          },
        });
        continue;
      }
      if (!this.mayCreate || !flows(m.direction, 'toErp')) continue;
      const mapped = mapCrmToErp(m, row, this.resolver, this.mappings, { mode: 'create' });
      if (mapped.problems.length) {
        this.fail(describe, mapped.problems, markFail(mapped.problems.map((p) => formatMappingProblem(p, this.ctx.lcid)).join('\n')), failOps);
        continue;
      }
      const body = await this.erpBody({ ...(m.erp.createDefaults ?? {}), ...mapped.values }, describe, null, failOps, crmId);
      if (!body) continue;
      // The lookup above found nothing: an earlier attempt's create that may still land forbids creating now.
      const creates = { record: describe, key: matchKeyText(key) };
      this.ctx.createGuard?.beforeCreate(creates.record, creates.key);
      erpWrites.push({
        creates,
        write: { key: crmId, method: 'POST', body },
        after: async (ok, message, created) => {
          if (!ok || !created) {
            const p = this.problem('REC_REJECTED', describe, { message }, { side: { label: ERP, form: 'the' } });
            this.fail(describe, [p], markFail(formatMappingProblem(p, this.ctx.lcid)), failOps);
            return;
          }
          // Write back what the ERP decided (number, …) and couple.
          await this.resolver.prefetch(this.resolver.erpNeeds(m, [created]), []);
          const back = mapErpToCrm(m, created, this.resolver, this.mappings, { mode: 'update' });
          // Only what the ERP owns (its number, …): the rest just came from this Sales record.
          const ownedByErp = new Set(m.fields.filter((f) => fieldDirection(m, f) === 'fromErp').map((f) => f.crm));
          const changes = crmChanges(m, row, Object.fromEntries(Object.entries(back.values).filter(([col]) => ownedByErp.has(col))));
          const ops: BatchOperation[] = Object.keys(changes).length ? [{ method: 'PATCH', url: `${t.entitySet}(${crmId})`, body: crmBody(m, changes) }] : [];
          const erpId = normalizeId(String(created.id));
          ops.push(opCouple({ mapping: m, crmId, erpId, erpNumber: String(created[m.erp.key] ?? ''), name: `${this.crmName(row)} ⇄ ${this.erpName(created)}`, now: this.now, connectionId: this.ctx.connectionId, erpVersion: created.lastModifiedDateTime }));
          pending.push({ ops, count: 'inserted', onFail: markFail, describe });
        },
      });
    }

    await this.flushErp(erpWrites);
    await this.flush(pending, failOps);
  }

  /** For each non-unique ERP match field (not the key), how many ERP records hold each value of these rows. */
  private async erpKeyCounts(rows: readonly ErpRow[]): Promise<Map<string, number>> {
    const m = this.mapping;
    const out = new Map<string, number>();
    if (!rows.length) return out;
    for (const key of m.match) {
      const fields = key.map((col) => m.fields.find((f) => f.crm === col)!.erp);
      if (fields.length !== 1 || fields[0] === m.erp.key || fields[0] === 'id') continue;
      const f = fields[0];
      const values = rows.map((r) => r[f]).filter((v) => v !== null && v !== undefined && v !== '');
      if (!values.length) continue;
      for (const r of await erpFindBy(this.ctx, m, f, values)) {
        const k = `${f}=${lower(r[f])}`;
        out.set(k, (out.get(k) ?? 0) + 1);
      }
    }
    return out;
  }

  /** For each match key, how many Sales records hold each key value of these rows (`${keyIndex}|${values}`). */
  private async crmKeyCounts(rows: readonly CrmRow[]): Promise<Map<string, number>> {
    const m = this.mapping;
    const t = crmTableDef(m);
    const out = new Map<string, number>();
    if (!rows.length) return out;
    const paths: string[] = [];
    const index: number[] = [];
    m.match.forEach((key, k) => {
      const tuples = rows.map((r) => key.map((col) => crmRead(r, col, t.columns[col]))).filter((tu) => tu.every((v) => v !== null && v !== undefined && v !== ''));
      if (!tuples.length) return;
      for (const p of crmByKeyPaths(m, key, tuples)) {
        paths.push(p);
        index.push(k);
      }
    });
    const results = paths.length ? await crmReadMany(this.ctx, paths) : [];
    results.forEach((found, i) => {
      const key = m.match[index[i]];
      const seen = new Set<string>();
      for (const r of found) {
        const id = this.crmId(r);
        if (seen.has(id)) continue;
        seen.add(id);
        const k = `${index[i]}|${key.map((col) => lower(crmRead(r, col, t.columns[col]))).join('|')}`;
        out.set(k, (out.get(k) ?? 0) + 1);
      }
    });
    return out;
  }

  /** The Sales unit group new units go into, created when missing (with its base unit). */
  private groupCache: { id: string; baseUnitId: string } | null = null;
  private async unitGroup(name: string): Promise<{ id: string; baseUnitId: string }> {
    if (this.groupCache) return this.groupCache;
    const dv = this.ctx.s.dv;
    const lit = odataString(name);
    let groups = await dv.list<Record<string, unknown>>(`uomschedules?$select=uomscheduleid,name&$filter=${encodeURIComponent(`name eq ${lit}`)}`, 1);
    if (!groups.length) {
      const id = stableGuid('erp-link-sync', 'uomschedule', name);
      try {
        await dv.create('uomschedules', { uomscheduleid: id, name, baseuomname: 'ERP base unit' });
      } catch (e) {
        // Created meanwhile by another process: read it again.
        this.ctx.s.log.debug('unit group create raced', { error: (e as Error).message });
      }
      groups = await dv.list<Record<string, unknown>>(`uomschedules?$select=uomscheduleid,name&$filter=${encodeURIComponent(`name eq ${lit}`)}`, 1);
    }
    const id = normalizeId(String(groups[0].uomscheduleid));
    const units = await dv.list<Record<string, unknown>>(`uoms?$select=uomid,isschedulebaseuom,_baseuom_value&$filter=${encodeURIComponent(`_uomscheduleid_value eq ${id}`)}`, 1);
    const base = units.find((u) => u.isschedulebaseuom === true) ?? units.find((u) => !u._baseuom_value);
    this.groupCache = { id, baseUnitId: base ? normalizeId(String(base.uomid)) : '' };
    return this.groupCache;
  }
}
