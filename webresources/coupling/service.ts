/**
 * The dialog's requests: queue a coupling request exactly once (lib/couplingRequests.ts), wait for the connector's
 * answer with its data (lib/requests.ts), read record names. Everything goes through lib/webApi.ts, which the page
 * points at its organisation's Web API (tests point it at a fake or at the Dataverse stand-in).
 */
import { normalizeId } from '../../domain/orderValidation';
import { readConnection, readSubmissionTimeoutSeconds } from '../lib/dataverse';
import { queueCoupling, type CouplingPayload } from '../lib/couplingRequests';
import { couplingTargets, type CouplingTable } from '../lib/couplingTargets';
import { errorMessage } from '../lib/errors';
import { requestResult, waitForRequest, waitForRequests, type WaitOutcome } from '../lib/requests';
import { webApi } from '../lib/webApi';

export type AnswerState = 'succeeded' | 'failed' | 'timeout' | 'unreachable' | 'notSent';

export interface Answer {
  state: AnswerState;
  requestId: string | null;
  /** The connector's refusal (erp_lasterror, worded for users) or the technical error. */
  error: string | null;
  hint: string | null;
  result: Record<string, unknown> | null;
}

export interface ErpMatch {
  id: string;
  number: string;
  name: string;
  /** The Sales record it is coupled to, or null. */
  coupledTo: string | null;
}

function answerOf(requestId: string, o: WaitOutcome): Answer {
  switch (o.outcome) {
    case 'succeeded':
      return { state: 'succeeded', requestId, error: null, hint: null, result: requestResult(o.row) };
    case 'failed':
    case 'cancelled':
      return { state: 'failed', requestId, error: o.row.erp_lasterror || o.outcome, hint: o.row.erp_fixhint ?? null, result: null };
    case 'timeout':
      return { state: 'timeout', requestId, error: null, hint: null, result: null };
    case 'unreachable':
      return { state: 'unreachable', requestId, error: errorMessage(o.error), hint: null, result: null };
  }
}

const notSent = (error: unknown): Answer => ({ state: 'notSent', requestId: null, error: errorMessage(error), hint: null, result: null });

export class CouplingService {
  private connection: Promise<string | null> | null = null;
  private timeout: Promise<number> | null = null;

  constructor(private readonly userId: string | null) {}

  /** erp_SubmissionTimeoutSeconds (5–600, default 60): how long the dialog waits for one answer. */
  timeoutSeconds(): Promise<number> {
    this.timeout = this.timeout ?? readSubmissionTimeoutSeconds();
    return this.timeout;
  }

  private connectionId(): Promise<string | null> {
    this.connection = this.connection ?? readConnection().then((c) => c?.erp_connectionid ?? null, () => null);
    return this.connection;
  }

  private async queue(payload: CouplingPayload, table: CouplingTable, id: string | null): Promise<string> {
    const queued = await queueCoupling(payload, { table, id }, { connectionId: await this.connectionId(), requestedBy: this.userId });
    return queued.requestId;
  }

  /** One request and its answer; `onTick(seconds)` while waiting. */
  async ask(payload: CouplingPayload, table: CouplingTable, id: string | null, onTick?: (seconds: number) => void): Promise<Answer> {
    let requestId: string;
    try {
      requestId = await this.queue(payload, table, id);
    } catch (error) {
      return notSent(error);
    }
    return answerOf(requestId, await waitForRequest(requestId, await this.timeoutSeconds(), onTick, { withPayload: true }));
  }

  /** The same operation on several records: all queued first, then one read per poll for those still open. */
  async askEach(payload: CouplingPayload, table: CouplingTable, ids: readonly string[], onAnswer: (recordId: string, answer: Answer) => void, onTick?: (seconds: number) => void): Promise<Map<string, Answer>> {
    const answers = new Map<string, Answer>();
    const byRequest = new Map<string, string>();
    for (const id of ids) {
      try {
        byRequest.set(normalizeId(await this.queue(payload, table, id)), id);
      } catch (error) {
        answers.set(id, notSent(error));
        onAnswer(id, answers.get(id)!);
      }
    }
    if (byRequest.size === 0) return answers;
    await waitForRequests([...byRequest.keys()], await this.timeoutSeconds(), (requestId, outcome) => {
      const recordId = byRequest.get(requestId)!;
      answers.set(recordId, answerOf(requestId, outcome));
      onAnswer(recordId, answers.get(recordId)!);
    }, { withPayload: true, onTick });
    return answers;
  }

  /** The connector's search result as matches (an empty list when the answer has none). */
  static matchesOf(answer: Answer): ErpMatch[] {
    const raw = (answer.result?.matches as unknown[] | undefined) ?? [];
    return raw
      .filter((m): m is Record<string, unknown> => !!m && typeof m === 'object')
      .map((m) => ({ id: String(m.id ?? ''), number: String(m.number ?? ''), name: String(m.name ?? ''), coupledTo: typeof m.coupledTo === 'string' && m.coupledTo ? normalizeId(m.coupledTo) : null }));
  }

  /** Names of Sales records of one table, in one read (missing or unreadable ones are left out). */
  async names(table: CouplingTable, ids: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.map(normalizeId).filter(Boolean))];
    const out = new Map<string, string>();
    if (wanted.length === 0) return out;
    const t = couplingTargets[table];
    try {
      const result = await webApi().retrieveMultipleRecords(table, `?$select=${t.primaryId},${t.primaryName}&$filter=${wanted.map((id) => `${t.primaryId} eq ${id}`).join(' or ')}`);
      for (const row of result.entities) out.set(normalizeId(String(row[t.primaryId])), String(row[t.primaryName] ?? ''));
    } catch {
      // Names only label the list; without them the dialog still works (it shows the ids' records as unnamed).
    }
    return out;
  }
}
