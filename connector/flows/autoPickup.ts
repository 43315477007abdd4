/**
 * Automatic pick-up (switches on erp_connection): Submitted orders not yet picked up — statecode Submitted and
 * lastbackofficesubmit empty or 1900-01-01, as Business Central's job filters (original-solution.md §4.2) — and
 * activated or won quotes not yet in the ERP get a request in the queue, with the same idempotency key the command
 * bar would use (domain/idempotency.ts), so a click and the pick-up never queue the same work twice.
 *
 * lastbackofficesubmit is a UserLocal date-time (Date Only format): Dataverse stores the "1900-01-01" a client
 * writes as that day's local midnight in UTC (1899-12-31T23:00:00Z for a Paris user), so an equality with a date
 * literal misses it. The filter compares instants: anything before 2 January 1900 UTC is the empty marker, whatever
 * the writer's time zone (offsets are within ±14 h).
 */
import { decideSubmission, orderSubmissionKey, quoteProcessingKey, requestKeyFilter } from '../../domain/idempotency';
import { QuoteState, SalesOrderState } from '../../domain/dataverseCodes';
import { normalizeId, orderSnapshotQuery, quoteSnapshotQuery, type OrderSnapshot, type QuoteSnapshot } from '../../domain/orderValidation';
import { IntegrationRequestColumns as C, QuoteColumns, RequestKind, RequestStatus, SalesOrderColumns as SO, SubmissionStatus, Tables } from '../../domain/schema';
import type { BatchOperation, BatchPart } from '../dataverse/batch';
import { batchPartError } from '../dataverse/client';
import type { Services } from '../services';
import { chunk } from './common';
import { liveKeyFor } from '../../domain/liveRequest';
import { orphanCutoff, orphanedOrders } from '../../domain/orphanedSubmission';

export interface PickupSummary {
  queued: number;
  /** Orders marked submitted with no live request and no ERP number, queued again (domain/orphanedSubmission.ts). */
  recovered?: number;
  retried: number;
  tracked: number;
  errors: string[];
}

interface Candidate {
  kind: number;
  table: 'salesorder' | 'quote';
  id: string;
  name: string;
  key: string;
  extra: BatchOperation[];
}

async function queue(s: Services, candidates: Candidate[], summary: PickupSummary): Promise<void> {
  if (!candidates.length) return;
  const E = Tables.integrationRequest;
  const reads = await s.dv.batch(
    candidates.map((c) => ({ method: 'GET' as const, url: `${E.entitySet}?$select=${E.primaryId},${C.idempotencyKey},${C.status}&$filter=${encodeURIComponent(requestKeyFilter(c.key))}` })),
    { continueOnError: true },
  );
  const writes: BatchPart[] = [];
  candidates.forEach((c, i) => {
    const r = reads[i];
    if (!r || r.status >= 400) {
      summary.errors.push(r ? batchPartError(r, 'Reading requests').message : 'no response');
      return;
    }
    const existing = ((r.body as { value: Array<Record<string, unknown>> }).value ?? []).map((x) => ({ id: String(x[E.primaryId]), key: String(x[C.idempotencyKey]), status: x[C.status] as number }));
    const d = decideSubmission(c.key, existing);
    // Automatic pick-up starts first rounds only: a document already sent (or refused) with these very contents
    // waits for a person (Retry submission / Process in ERP), instead of being re-sent every few minutes.
    if (d.action === 'track' || existing.length > 0) {
      summary.tracked += 1;
      return;
    }
    summary.queued += 1;
    const body: Record<string, unknown> = {
      [C.name]: c.name.slice(0, 200),
      [C.kind]: c.kind,
      [C.status]: RequestStatus.pending,
      [C.targetTable]: c.table,
      [C.targetId]: c.id,
      [C.idempotencyKey]: d.key,
      [C.payload]: JSON.stringify({ source: 'automatic pick-up' }),
    };
    if (s.ref.connectionId) body[`${C.connection}@odata.bind`] = `/${Tables.connection.entitySet}(${s.ref.connectionId})`;
    writes.push({ changeSet: [{ method: 'POST', url: E.entitySet, body }, ...c.extra] });
  });
  for (const part of chunk(writes, 100)) {
    const res = await s.dv.batch(part, { continueOnError: true });
    for (const r of res) {
      // 412 on create = the command bar queued the same key a moment ago: that request does the work.
      if (r.status >= 400 && r.status !== 412) summary.errors.push(batchPartError(r, 'Queueing a request').message);
    }
  }
}

/** Instants before this are Business Central's empty date 1900-01-01, written from any time zone. */
export const EMPTY_BACKOFFICE_SUBMIT_BEFORE = '1900-01-02T00:00:00Z';

/**
 * Orders marked submitted (Submitted / Queued) with no live request and no ERP number after the grace period: each
 * gets its request, whatever the automatic pick-up setting (a person submitted them). The live key makes a race
 * with a browser's own create harmless: one of the two exists, never both.
 */
export async function recoverOrphanedSubmissions(s: Services): Promise<{ recovered: number; errors: string[] }> {
  const E = Tables.integrationRequest;
  const filter =
    `statecode eq ${SalesOrderState.submitted} and ${SO.erpOrderNumber} eq null and ${SO.submissionStatus} eq ${SubmissionStatus.queued}` +
    ` and (${SO.submittedOn} eq null or ${SO.submittedOn} lt ${orphanCutoff(s.now())})`;
  const candidates = await s.dv.list<OrderSnapshot & { erp_submittedon?: string | null }>(`salesorders${orderSnapshotQuery()}&$filter=${encodeURIComponent(filter)}&$top=50`, 1);
  if (!candidates.length) return { recovered: 0, errors: [] };
  // Live = open (pending, processing, retrying): a row holding the live key always is, and rows created without
  // the key (older clients) count too.
  const open = `(${C.status} eq ${RequestStatus.pending} or ${C.status} eq ${RequestStatus.processing} or ${C.status} eq ${RequestStatus.retrying})`;
  const targets = candidates.map((o) => `${C.targetId} eq '${normalizeId(o.salesorderid)}'`).join(' or ');
  const live = await s.dv.list<Record<string, unknown>>(`${E.entitySet}?$select=${C.targetId}&$filter=${encodeURIComponent(`${C.kind} eq ${RequestKind.submitOrder} and ${open} and (${targets})`)}`, 1);
  const liveKeys = new Set(live.map((r) => liveKeyFor(RequestKind.submitOrder, String(r[C.targetId] ?? ''))).filter((k): k is string => k !== null));
  const orphans = orphanedOrders(candidates, liveKeys);
  const errors: string[] = [];
  let recovered = 0;
  for (const o of orphans) {
    const id = normalizeId(o.salesorderid);
    const base = orderSubmissionKey(o);
    const existing = (await s.dv.list<Record<string, unknown>>(`${E.entitySet}?$select=${E.primaryId},${C.idempotencyKey},${C.status}&$filter=${encodeURIComponent(requestKeyFilter(base))}`, 1)).map((x) => ({
      id: String(x[E.primaryId]),
      key: String(x[C.idempotencyKey]),
      status: x[C.status] as number,
    }));
    const d = decideSubmission(base, existing);
    const liveKey = liveKeyFor(RequestKind.submitOrder, id);
    const op: BatchOperation =
      d.action === 'create'
        ? {
            method: 'POST',
            url: E.entitySet,
            body: {
              [C.name]: `Submit ${o.ordernumber ?? id} (recovered)`.slice(0, 200),
              [C.kind]: RequestKind.submitOrder,
              [C.status]: RequestStatus.pending,
              [C.targetTable]: 'salesorder',
              [C.targetId]: id,
              [C.idempotencyKey]: d.key,
              [C.liveKey]: liveKey,
              [C.payload]: JSON.stringify({ source: 'recovered: submitted without a request' }),
              ...(s.ref.connectionId ? { [`${C.connection}@odata.bind`]: `/${Tables.connection.entitySet}(${s.ref.connectionId})` } : {}),
            },
          }
        : { method: 'PATCH', url: `${E.entitySet}(${d.requestId})`, body: { [C.status]: RequestStatus.pending, [C.nextAttemptAt]: null, [C.completedOn]: null, [C.liveKey]: liveKey } };
    const [r] = await s.dv.batch([{ changeSet: [op] }]);
    // 412: a request became live meanwhile (the browser was only slow): that one does the work.
    if (r && r.status < 400) recovered += 1;
    else if (r && r.status !== 412) errors.push(batchPartError(r, 'Recovering a submitted order').message);
  }
  if (recovered) s.log.warn('orders marked submitted without a request were queued again', { recovered });
  return { recovered, errors };
}

export async function pickUpSubmittedOrders(s: Services): Promise<PickupSummary> {
  const summary: PickupSummary = { queued: 0, retried: 0, tracked: 0, errors: [] };
  await s.ref.ensureFresh();
  const orphans = await recoverOrphanedSubmissions(s);
  summary.recovered = orphans.recovered;
  summary.errors.push(...orphans.errors);
  if (!s.ref.connection?.erp_autocreateorders) return summary;
  const filter =
    `statecode eq ${SalesOrderState.submitted} and (lastbackofficesubmit eq null or lastbackofficesubmit lt ${EMPTY_BACKOFFICE_SUBMIT_BEFORE}) and ${SO.erpOrderNumber} eq null` +
    ` and (${SO.submissionStatus} eq null or ${SO.submissionStatus} eq ${SubmissionStatus.notSubmitted})`;
  const orders = await s.dv.list<OrderSnapshot>(`salesorders${orderSnapshotQuery()}&$filter=${encodeURIComponent(filter)}&$top=100`, 1);
  await queue(
    s,
    orders.map((o) => ({
      kind: RequestKind.submitOrder,
      table: 'salesorder',
      id: normalizeId(o.salesorderid),
      name: `Submit ${o.ordernumber ?? o.salesorderid} (automatic)`,
      key: orderSubmissionKey(o),
      extra: [{ method: 'PATCH', url: `salesorders(${normalizeId(o.salesorderid)})`, body: { [SO.submissionStatus]: SubmissionStatus.queued } }],
    })),
    summary,
  );
  if (summary.queued + summary.retried) s.log.info('automatic pick-up queued orders', { ...summary });
  return summary;
}

export async function pickUpQuotes(s: Services): Promise<PickupSummary> {
  const summary: PickupSummary = { queued: 0, retried: 0, tracked: 0, errors: [] };
  await s.ref.ensureFresh();
  if (!s.ref.connection?.erp_autoprocessquotes) return summary;
  const filter = `(statecode eq ${QuoteState.active} or statecode eq ${QuoteState.won}) and ${QuoteColumns.erpQuoteNumber} eq null`;
  const quotes = await s.dv.list<QuoteSnapshot>(`quotes${quoteSnapshotQuery()}&$filter=${encodeURIComponent(filter)}&$top=100`, 1);
  await queue(
    s,
    quotes.map((q) => ({
      kind: RequestKind.processQuote,
      table: 'quote',
      id: normalizeId(q.quoteid),
      name: `Process ${q.quotenumber ?? q.quoteid} (automatic)`,
      key: quoteProcessingKey(q),
      extra: [],
    })),
    summary,
  );
  return summary;
}
