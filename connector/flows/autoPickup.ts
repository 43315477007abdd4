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

export interface PickupSummary {
  queued: number;
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

export async function pickUpSubmittedOrders(s: Services): Promise<PickupSummary> {
  const summary: PickupSummary = { queued: 0, retried: 0, tracked: 0, errors: [] };
  await s.ref.ensureFresh();
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
