/**
 * Order reconciliation: the Sales orders submitted since a date against the ERP documents carrying their numbers
 * (domain/reconciliation.ts says what disagrees and what to do). Run from `npm run reconcile` or as a request of
 * kind *reconcile* from the assisted setup page (administrators only); read-only on both sides.
 *
 * Requests: Dataverse one per 5,000 Sales orders; ERP one JSON $batch of 98 reads per 1,960 orders (orders and
 * posted invoices by External Document No., 40 numbers a read), so 10,000 orders cost 2 Dataverse and 6 ERP
 * requests (bench/reconcile.ts).
 */
import { isPostedInvoiceStatus } from '../domain/bcEnums';
import { Formatter } from '../domain/format';
import { erpExternalDocumentNumber } from '../domain/idempotency';
import { liveKeyFor } from '../domain/liveRequest';
import { normalizeId } from '../domain/orderValidation';
import { orphanedOrders, ORPHAN_GRACE_MS } from '../domain/orphanedSubmission';
import { SalesOrderState } from '../domain/dataverseCodes';
import { reconcile, RECONCILE_JOB, type ErpDocumentFacts, type Finding, type ReconciliationResult, type SalesOrderFacts } from '../domain/reconciliation';
import { IntegrationRequestColumns as C, RequestKind, RequestStatus, SalesOrderColumns as SO, SubmissionStatus, SyncJobKind, SyncJobState, Tables } from '../domain/schema';
import { bcBatchError, bcLit, type BcBatchRequest, type BcRow } from './bc/client';
import { ConnectorFailure } from './errors';
import { chunk } from './flows/common';
import { newRun, saveJob } from './flows/syncState';
import { text } from './messages';
import type { HandlerContext, Outcome, RequestHandler } from './queue/worker';
import type { Services } from './services';
import { refuseUnlessAdministrator } from './sync/authorize';

export const DEFAULT_RECONCILE_DAYS = 30;
/** A submission younger than this may still be on its way: its missing link is not a finding yet. */
const IN_FLIGHT_MS = 15 * 60_000;

export interface ReconciliationReport extends ReconciliationResult {
  since: string;
  erpDocuments: number;
  findings: Array<Finding & { text: string }>;
  requests: { dataverse: number; erp: number };
}

interface SalesOrderRow {
  salesorderid: string;
  statecode?: number | null;
  ordernumber: string | null;
  erp_erpordernumber: string | null;
  erp_submissionstatus: number | null;
  erp_submittedon: string | null;
  totalamountlessfreight: number | null;
  transactioncurrencyid?: { isocurrencycode?: string | null } | null;
}

/** Posted invoices count; drafts, invoices in review and cancelled ones do not. */
const COUNTED_INVOICE = isPostedInvoiceStatus;

async function salesOrders(s: Services, since: Date, now: Date): Promise<SalesOrderFacts[]> {
  const filter = `createdon ge ${since.toISOString()} and (${SO.erpOrderNumber} ne null or ${SO.submissionStatus} ne ${SubmissionStatus.notSubmitted})`;
  const rows = await s.dv.list<SalesOrderRow>(
    `salesorders?$select=salesorderid,ordernumber,statecode,${SO.erpOrderNumber},${SO.submissionStatus},${SO.submittedOn},totalamountlessfreight&$expand=transactioncurrencyid($select=isocurrencycode)&$filter=${encodeURIComponent(filter)}&$orderby=ordernumber asc`,
  );
  const kept = rows
    .filter((r) => r.ordernumber)
    .filter((r) => r.erp_erpordernumber || r.erp_submissionstatus !== SubmissionStatus.queued || !r.erp_submittedon || now.getTime() - Date.parse(r.erp_submittedon) > IN_FLIGHT_MS);
  const orphans = await orphanedAmong(s, kept, now);
  return kept.map((r) => ({
    id: r.salesorderid,
    number: r.ordernumber as string,
    erpNumber: r.erp_erpordernumber,
    amount: typeof r.totalamountlessfreight === 'number' ? r.totalamountlessfreight : null,
    currency: r.transactioncurrencyid?.isocurrencycode ?? null,
    orphaned: orphans.has(normalizeId(r.salesorderid)) ? { since: r.erp_submittedon } : null,
  }));
}

/** Live requests are read this many orders at a time (one `or` per order in the filter). */
const LIVE_READ_CHUNK = 50;

/**
 * The orders among `rows` marked submitted (Submitted, Queued) with no ERP number, past the pick-up's grace period,
 * and no live submit request: the same rule as the pick-up (domain/orphanedSubmission.ts). One Dataverse read per
 * 50 such orders, none when there are none (the usual case).
 */
async function orphanedAmong(s: Services, rows: readonly SalesOrderRow[], now: Date): Promise<Set<string>> {
  const candidates = rows.filter(
    (r) =>
      !r.erp_erpordernumber &&
      r.statecode === SalesOrderState.submitted &&
      r.erp_submissionstatus === SubmissionStatus.queued &&
      (!r.erp_submittedon || now.getTime() - Date.parse(r.erp_submittedon) > ORPHAN_GRACE_MS),
  );
  if (!candidates.length) return new Set();
  // Live = open (pending, processing, retrying), whether or not the row holds the live key (older clients).
  const open = `(${C.status} eq ${RequestStatus.pending} or ${C.status} eq ${RequestStatus.processing} or ${C.status} eq ${RequestStatus.retrying})`;
  const liveKeys = new Set<string>();
  for (const part of chunk(candidates, LIVE_READ_CHUNK)) {
    const targets = part.map((o) => `${C.targetId} eq '${normalizeId(o.salesorderid)}'`).join(' or ');
    const live = await s.dv.list<Record<string, unknown>>(`${Tables.integrationRequest.entitySet}?$select=${C.targetId}&$filter=${encodeURIComponent(`${C.kind} eq ${RequestKind.submitOrder} and ${open} and (${targets})`)}`);
    for (const l of live) {
      const key = liveKeyFor(RequestKind.submitOrder, String(l[C.targetId] ?? ''));
      if (key) liveKeys.add(key);
    }
  }
  return new Set(orphanedOrders(candidates, liveKeys).map((o) => normalizeId(o.salesorderid)));
}

async function erpDocuments(s: Services, numbers: string[]): Promise<{ docs: ErpDocumentFacts[]; requests: number }> {
  const reads: BcBatchRequest[] = [];
  chunk([...new Set(numbers.map(erpExternalDocumentNumber))], 40).forEach((part, i) => {
    const filter = encodeURIComponent(part.map((n) => `externalDocumentNumber eq ${bcLit(n)}`).join(' or '));
    reads.push({ id: `o${i}`, method: 'GET', url: `salesOrders?$filter=${filter}&$select=number,externalDocumentNumber,totalAmountExcludingTax,currencyCode` });
    reads.push({ id: `i${i}`, method: 'GET', url: `salesInvoices?$filter=${filter}&$select=number,orderNumber,externalDocumentNumber,totalAmountExcludingTax,currencyCode,status` });
  });
  const docs: ErpDocumentFacts[] = [];
  let requests = 0;
  for (const batch of chunk(reads, 98)) {
    requests += 1;
    for (const r of await s.bc.batch(batch)) {
      if (r.status >= 400) throw bcBatchError(r, 'Reading ERP orders for the reconciliation');
      for (const row of (r.body as { value: BcRow[] }).value) {
        const amount = typeof row.totalAmountExcludingTax === 'number' ? row.totalAmountExcludingTax : null;
        if (r.id.startsWith('o')) {
          docs.push({ kind: 'order', orderNumber: String(row.number), number: String(row.number), externalDocumentNumber: String(row.externalDocumentNumber ?? ''), amount, currency: (row.currencyCode as string) || null });
        } else if (row.orderNumber && COUNTED_INVOICE(row.status)) {
          docs.push({ kind: 'invoice', orderNumber: String(row.orderNumber), number: String(row.number), externalDocumentNumber: String(row.externalDocumentNumber ?? ''), amount, currency: (row.currencyCode as string) || null });
        }
      }
    }
  }
  return { docs, requests };
}

/** Reconciles the Sales orders created since `since`; texts in the organisation's language. */
export async function reconcileOrders(s: Services, since: Date, now: Date = new Date()): Promise<ReconciliationReport> {
  await s.ref.ensureFresh();
  const dvBefore = s.dv.http.stats.requests;
  const sales = await salesOrders(s, since, now);
  const dvRequests = s.dv.http.stats.requests - dvBefore;
  const { docs, requests } = sales.length ? await erpDocuments(s, sales.map((o) => o.number)) : { docs: [], requests: 0 };
  const fmt = new Formatter(s.ref.lcid);
  const result = reconcile(sales, docs, { lcy: s.ref.lcy, money: (a, c) => fmt.amount(a, c), date: (iso) => (iso ? fmt.dateTime(iso) : text('RECON_DATE_UNKNOWN', {}, s.ref.lcid)) });
  return {
    ...result,
    since: since.toISOString(),
    erpDocuments: docs.length,
    findings: result.findings.map((f) => ({ ...f, text: text(f.code, f.params, s.ref.lcid) })),
    requests: { dataverse: dvRequests, erp: requests },
  };
}

/** `{ "days"?: 1–366 }` → the date to reconcile from. */
export function reconcileSince(payload: unknown, now: Date): Date {
  let days = DEFAULT_RECONCILE_DAYS;
  if (payload && typeof payload === 'object' && 'days' in payload) {
    const d = Number((payload as { days: unknown }).days);
    if (!Number.isInteger(d) || d < 1 || d > 366) throw new RangeError(`"days" must be a whole number of days from 1 to 366, not ${JSON.stringify((payload as { days: unknown }).days)}.`);
    days = d;
  }
  return new Date(now.getTime() - days * 86_400_000);
}

export function reconcileHandler(): RequestHandler {
  return {
    kind: RequestKind.reconcile,
    async process(ctx: HandlerContext): Promise<Outcome> {
      await ctx.claimAndRead([]);
      const refusal = await refuseUnlessAdministrator(ctx);
      const refuse = (message: string): ConnectorFailure => new ConnectorFailure('permanent', [{ code: message, params: {} }], 'HINT_ADMIN', null, false, message);
      if (refusal) throw refuse(refusal);
      let since: Date;
      let payload: unknown = null;
      try {
        payload = ctx.row.erp_payload ? JSON.parse(ctx.row.erp_payload) : null;
        since = reconcileSince(payload, ctx.now);
      } catch (e) {
        throw refuse(`The reconcile request is not valid: ${(e as Error).message} Send {"days": 30} or no payload.`);
      }
      const report = await reconcileOrders(ctx.services, since, ctx.now);
      const summary = `${report.salesOrders} Sales order(s) since ${report.since.slice(0, 10)}, ${report.matched} matched, ${report.disagreements} disagreement(s), ${report.amountDifferences} amount difference(s)`;
      // The page shows the findings; a very long list is cut to what a payload column holds.
      const shown = { ...report, findings: report.findings.slice(0, 50), more: Math.max(0, report.findings.length - 50) };
      return Object.assign({ summary, ops: [] }, { payload: JSON.stringify({ ...((payload as object) ?? {}), result: shown }) });
    },
  };
}

/**
 * The scheduled reconciliation (job *reconcile*, every RECONCILE_INTERVAL_SECONDS over RECONCILE_DAYS): its result on
 * one erp_syncjob row, kind Order reconciliation: orders matched as unchanged, disagreements as failed, amount
 * differences as skipped, the texts as the last error; Completed with errors when anything disagrees. A warning in
 * the log names how many, so monitoring picks it up without reading Dataverse.
 */
export async function runScheduledReconcile(s: Services, days: number): Promise<ReconciliationReport> {
  const started = s.now();
  const report = await reconcileOrders(s, reconcileSince({ days }, started), started);
  const run = newRun();
  run.unchanged = report.matched;
  run.failed = report.disagreements;
  run.skipped = report.amountDifferences;
  run.errors = report.findings.slice(0, 20).map((f) => `${f.orderNumber}: ${f.text}`);
  if (report.findings.length > 20) run.errors.push(`… ${report.findings.length - 20} more: npm run reconcile -- --days ${days}`);
  const name = text('RECON_JOB_NAME', { days }, s.ref.lcid);
  await saveJob(s.dv, RECONCILE_JOB, name, run, started, s.now(), null, {
    kind: SyncJobKind.reconciliation,
    state: report.findings.length ? SyncJobState.completedWithErrors : SyncJobState.succeeded,
  });
  if (report.disagreements) s.log.warn('Sales orders and ERP orders disagree', { disagreements: report.disagreements, amountDifferences: report.amountDifferences, days });
  else s.log.info('orders reconciled', { orders: report.salesOrders, matched: report.matched, amountDifferences: report.amountDifferences, days });
  return report;
}
