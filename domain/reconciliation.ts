/**
 * Sales orders against ERP orders: what a submission ledger should agree on and, when it does not, what to do. The
 * top complaint about CRM ⇄ ERP connectors is orders missing or duplicated with nobody noticing (peers.md §3.10);
 * no peer ships a report. Pure: the connector reads both sides (connector/reconcile.ts) and calls `reconcile`.
 *
 * The ERP side of a Sales order is every ERP document carrying its number as External Document No. (how the
 * connector finds orders again, domain/idempotency.ts): open orders, and posted invoices of orders that Business
 * Central deleted once fully invoiced (their orderNumber).
 */
import { erpExternalDocumentNumber } from './idempotency';

/** The erp_syncjob row (erp_mapping) the connector's scheduled reconciliation keeps its last result on. */
export const RECONCILE_JOB = 'erp-reconcile:orders';

export interface SalesOrderFacts {
  id: string;
  number: string;
  /** The ERP order number Sales shows (erp_erpordernumber); null when none. */
  erpNumber: string | null;
  /** Amount without tax and freight (totalamountlessfreight), in `currency`. */
  amount: number | null;
  currency: string | null;
  /**
   * Set when the order is marked submitted with no live request and no ERP number past the grace period
   * (domain/orphanedSubmission.ts decides; the caller reads the requests): nothing will ever send it.
   * `since` is when it was marked submitted (erp_submittedon), null when Sales did not record it.
   */
  orphaned?: { since: string | null } | null;
}

export interface ErpDocumentFacts {
  kind: 'order' | 'invoice';
  /** The ERP order number: the order's own, or the invoice's orderNumber. */
  orderNumber: string;
  /** The invoice number, for invoices. */
  number: string;
  externalDocumentNumber: string;
  /** Total without tax. */
  amount: number | null;
  /** Blank: the ERP's local currency. */
  currency: string | null;
}

export const FindingCode = {
  duplicate: 'RECON_DUPLICATE',
  notLinked: 'RECON_NOT_LINKED',
  numberMismatch: 'RECON_NUMBER_MISMATCH',
  missing: 'RECON_MISSING',
  amountMismatch: 'RECON_AMOUNT_MISMATCH',
  orphaned: 'RECON_ORPHANED',
} as const;
export type FindingCode = (typeof FindingCode)[keyof typeof FindingCode];

export interface Finding {
  code: FindingCode;
  /** error: Sales and the ERP disagree on which document is the order; warning: they agree on it, not on its amount. */
  severity: 'error' | 'warning';
  salesOrderId: string;
  orderNumber: string;
  params: Record<string, string | number>;
}

export interface ReconciliationResult {
  salesOrders: number;
  /** Sales orders with exactly one ERP order, linked to it. */
  matched: number;
  /** Findings of severity error (Sales and the ERP disagree on the document) and warning (on its amount). */
  disagreements: number;
  amountDifferences: number;
  findings: Finding[];
}

export interface ReconcileOptions {
  /** The ERP's local currency: documents with a blank currency are in it. */
  lcy: string;
  /** Largest difference in amount not reported (rounding). */
  tolerance?: number;
  /** Formats an amount for the messages (the caller's language). */
  money?: (amount: number, currency: string) => string;
  /** Formats an instant for the messages (the caller's language); `null` is a date Sales did not record. */
  date?: (iso: string | null) => string;
}

const up = (s: string | null | undefined): string => (s ?? '').trim().toUpperCase();

/** Every disagreement between the Sales orders and the ERP documents given, ordered by Sales order number. */
export function reconcile(sales: readonly SalesOrderFacts[], erp: readonly ErpDocumentFacts[], options: ReconcileOptions): ReconciliationResult {
  const tolerance = options.tolerance ?? 0.01;
  const money = options.money ?? ((a: number, c: string) => `${a.toFixed(2)} ${c}`);
  const date = options.date ?? ((iso: string | null) => iso ?? '—');
  const byExternal = new Map<string, ErpDocumentFacts[]>();
  for (const d of erp) {
    const key = up(d.externalDocumentNumber);
    if (!key) continue;
    (byExternal.get(key) ?? byExternal.set(key, []).get(key)!).push(d);
  }
  const findings: Finding[] = [];
  let matched = 0;
  for (const s of [...sales].sort((a, b) => a.number.localeCompare(b.number))) {
    const docs = byExternal.get(up(erpExternalDocumentNumber(s.number))) ?? [];
    const orders = [...new Set(docs.map((d) => up(d.orderNumber)).filter(Boolean))].sort();
    const shown = up(s.erpNumber);
    const finding = (code: FindingCode, severity: Finding['severity'], params: Finding['params']): void => {
      findings.push({ code, severity, salesOrderId: s.id, orderNumber: s.number, params: { order: s.number, ...params } });
    };
    if (orders.length > 1) {
      finding(FindingCode.duplicate, 'error', { erpNumbers: orders.join(', '), count: orders.length, kept: orders.includes(shown) ? shown : orders[0] });
      continue;
    }
    if (orders.length === 0) {
      if (shown) finding(FindingCode.missing, 'error', { erpNumber: shown });
      // Not in the ERP and nothing on its way there: the submission was lost between the order and its request.
      else if (s.orphaned) finding(FindingCode.orphaned, 'error', { since: date(s.orphaned.since) });
      continue;
    }
    const [erpNumber] = orders;
    if (!shown) {
      finding(FindingCode.notLinked, 'error', { erpNumber });
      continue;
    }
    if (shown !== erpNumber) {
      finding(FindingCode.numberMismatch, 'error', { erpNumber, shown });
      continue;
    }
    matched += 1;
    // The open order when the ERP still has it (its lines are the whole order), else what was invoiced of it.
    const open = docs.find((d) => d.kind === 'order');
    const counted = open ? [open] : docs.filter((d) => d.kind === 'invoice');
    const currencies = new Set(counted.map((d) => up(d.currency) || up(options.lcy)));
    const currency = up(s.currency);
    if (s.amount === null || counted.some((d) => d.amount === null) || currencies.size !== 1 || !currencies.has(currency)) continue;
    const erpAmount = Math.round(counted.reduce((sum, d) => sum + (d.amount as number), 0) * 100) / 100;
    const difference = Math.round((erpAmount - s.amount) * 100) / 100;
    if (Math.abs(difference) > tolerance) {
      finding(FindingCode.amountMismatch, 'warning', {
        erpNumber,
        salesAmount: money(s.amount, currency),
        erpAmount: money(erpAmount, currency),
        difference: `${difference > 0 ? '+' : '−'}${money(Math.abs(difference), currency)}`,
      });
    }
  }
  const disagreements = findings.filter((f) => f.severity === 'error').length;
  return { salesOrders: sales.length, matched, disagreements, amountDifferences: findings.length - disagreements, findings };
}
