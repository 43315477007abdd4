/**
 * Account statistics (original-solution.md §7): one erp_accountstatistics row per coupled account, refreshed on
 * request (kind refreshStatistics, target = account) and on schedule for customers whose ERP data changed.
 *
 * What API v2.0 gives, per customer, in one JSON $batch: balance, total sales and overdue amount
 * (customerFinancialDetails), credit limit (customers), aging (agedAccountsReceivables, asked twice: 30-day periods
 * give current / 1-30 / 31-60 / over 60, 45-day periods give over 90, so 61-90 = over 60 − over 90), outstanding and
 * shipped-not-invoiced amounts (open order lines), outstanding (unposted) invoices. The last payment comes from
 * Microsoft's analytics API: the Power BI Reports app's customerLedgerEntries query (query 36957, customer ledger
 * entries joined with their detailed entries): a customer's payments are its "Initial Entry" rows of document type
 * Payment; the last one is the one with the highest ledger entry number (several payments can share a posting date).
 * Promise to pay is not read: API v2.0 salesInvoices has no promisedPayDate on the versions Microsoft documents
 * (api-v2-salesInvoice.md, APIV2SalesInvoices.Page.al), and no standard query exposes Promised Pay Date; the two
 * columns stay empty (docs/connector.md).
 * Amounts are in the ERP's local currency (erp_currencycode). Credit utilisation uses domain/accountStatistics.
 */
import { BcStatus, isBcEnum } from '../../domain/bcEnums';
import { creditUtilisation, type AccountStatisticsFigures } from '../../domain/accountStatistics';
import { normalizeId } from '../../domain/orderValidation';
import { AccountColumns, AccountStatisticsColumns as S, RequestKind, Tables } from '../../domain/schema';
import { bcBatchError, bcLit, type BcBatchRequest, type BcRow } from '../bc/client';
import { analyticsUrl, isSourceMissing } from '../bc/standardSources';
import type { BatchOperation, BatchPart } from '../dataverse/batch';
import { batchPartError, lit } from '../dataverse/client';
import { ConnectorFailure } from '../errors';
import { stableGuid } from '../ids';
import { text } from '../messages';
import type { HandlerContext, Outcome, RequestHandler } from '../queue/worker';
import type { Services } from '../services';
import { chunk, dateOnly, round2 } from './common';
import { later, newRun, readWatermarks, saveJob } from './syncState';

interface AccountRow {
  accountid: string;
  name?: string | null;
  erp_customernumber?: string | null;
  _erp_accountstatisticsid_value?: string | null;
}

const ACCOUNT_SELECT = `accountid,name,${AccountColumns.customerNumber},_${AccountColumns.statistics}_value`;
export const STATISTICS_MAPPING = 'erp-statistics:customers';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function customerRequests(number: string, i: number): BcBatchRequest[] {
  const c = bcLit(number);
  return [
    { id: `c${i}`, method: 'GET', url: `customers?$filter=${encodeURIComponent(`number eq ${c}`)}&$select=id,number,displayName,creditLimit,balanceDue&$expand=customerFinancialDetails` },
    { id: `a30_${i}`, method: 'GET', url: `agedAccountsReceivables?$filter=${encodeURIComponent(`customerNumber eq ${c} and periodLengthFilter eq '30D'`)}` },
    { id: `a45_${i}`, method: 'GET', url: `agedAccountsReceivables?$filter=${encodeURIComponent(`customerNumber eq ${c} and periodLengthFilter eq '45D'`)}` },
    {
      id: `o${i}`,
      method: 'GET',
      url: `salesOrders?$filter=${encodeURIComponent(`customerNumber eq ${c}`)}&$select=number&$expand=salesOrderLines($select=lineType,quantity,shippedQuantity,invoicedQuantity,amountIncludingTax,netAmountIncludingTax)`,
    },
    // Invoices of the customer; Draft ones (decided in code) are outstanding. Only fields API v2.0 salesInvoices has.
    {
      id: `d${i}`,
      method: 'GET',
      // The status is decided in code: BC refuses $filter comparisons on this enum (domain/bcEnums).
      url: `salesInvoices?$filter=${encodeURIComponent(`customerNumber eq ${c}`)}&$select=status,totalAmountIncludingTax`,
    },
  ];
}

/** Pure: the statistics row from the ERP answers of one customer. */
export function figuresFromErp(parts: {
  customer: BcRow;
  aged30: BcRow | undefined;
  aged45: BcRow | undefined;
  orders: BcRow[];
  /** Draft invoices (status, totals). */
  invoices: BcRow[];
  lastPayment: { date: string; amount: number } | null;
  lcy: string;
  now: Date;
}): AccountStatisticsFigures {
  const fin = (parts.customer.customerFinancialDetails as BcRow | undefined) ?? {};
  let outstanding = 0;
  let shippedNotInvoiced = 0;
  for (const o of parts.orders) {
    for (const l of (o.salesOrderLines as BcRow[] | undefined) ?? []) {
      const q = num(l.quantity);
      if (l.lineType === 'Comment' || q <= 0) continue;
      const perUnit = num(l.amountIncludingTax ?? l.netAmountIncludingTax) / q;
      outstanding += (q - num(l.shippedQuantity)) * perUnit;
      shippedNotInvoiced += (num(l.shippedQuantity) - num(l.invoicedQuantity)) * perUnit;
    }
  }
  const over60 = num(parts.aged30?.period3Amount);
  const over90 = parts.aged45 ? num(parts.aged45.period3Amount) : null;
  const figures: AccountStatisticsFigures = {
    currencyCode: parts.lcy || null,
    balance: round2(num(fin.balance ?? parts.customer.balanceDue)),
    outstandingOrders: round2(outstanding),
    shippedNotInvoiced: round2(shippedNotInvoiced),
    outstandingInvoices: round2(parts.invoices.filter((d) => isBcEnum(d.status, BcStatus.draft)).reduce((s, d) => s + num(d.totalAmountIncludingTax), 0)),
    total: 0,
    creditLimit: round2(num(parts.customer.creditLimit)),
    overdueAmount: round2(num(fin.overdueAmount)),
    overdueAsOf: dateOnly(parts.now),
    totalSales: round2(num(fin.totalSalesExcludingTax)),
    invoicedPrepayments: null,
    agingCurrent: parts.aged30 ? round2(num(parts.aged30.currentAmount)) : null,
    aging1To30: parts.aged30 ? round2(num(parts.aged30.period1Amount)) : null,
    aging31To60: parts.aged30 ? round2(num(parts.aged30.period2Amount)) : null,
    aging61To90: parts.aged30 ? round2(over60 - (over90 ?? 0)) : null,
    agingOver90: over90 === null ? null : round2(over90),
    lastPaymentDate: parts.lastPayment?.date ?? null,
    lastPaymentAmount: parts.lastPayment ? round2(parts.lastPayment.amount) : null,
    promisedAmount: null,
    promisedDate: null,
    refreshedOn: parts.now.toISOString(),
  };
  figures.total = round2(num(figures.balance) + num(figures.outstandingOrders) + num(figures.shippedNotInvoiced) + num(figures.outstandingInvoices));
  return figures;
}

/** The upsert of the statistics row (stable id per account) and the account's link to it. */
export function statisticsOps(account: AccountRow, customerNumber: string, f: AccountStatisticsFigures): BatchOperation[] {
  const id = stableGuid('accountstatistics', normalizeId(account.accountid));
  const util = creditUtilisation(f);
  const body: Record<string, unknown> = {
    [S.name]: `${account.name ?? ''} (${customerNumber})`.slice(0, 160),
    [`${S.account}@odata.bind`]: `/accounts(${normalizeId(account.accountid)})`,
    [S.customerNumber]: customerNumber,
    [S.currencyCode]: f.currencyCode,
    [S.balance]: f.balance,
    [S.outstandingOrders]: f.outstandingOrders,
    [S.shippedNotInvoiced]: f.shippedNotInvoiced,
    [S.outstandingInvoices]: f.outstandingInvoices,
    [S.total]: f.total,
    [S.creditLimit]: f.creditLimit,
    [S.creditUtilisation]: util.percent,
    [S.overdueAmount]: f.overdueAmount,
    [S.overdueAsOf]: f.overdueAsOf,
    [S.totalSales]: f.totalSales,
    [S.agingCurrent]: f.agingCurrent,
    [S.aging1To30]: f.aging1To30,
    [S.aging31To60]: f.aging31To60,
    [S.aging61To90]: f.aging61To90,
    [S.agingOver90]: f.agingOver90,
    [S.lastPaymentDate]: f.lastPaymentDate,
    [S.lastPaymentAmount]: f.lastPaymentAmount,
    [S.promisedAmount]: f.promisedAmount ?? null,
    [S.promisedDate]: f.promisedDate ?? null,
    [S.refreshedOn]: f.refreshedOn,
  };
  const ops: BatchOperation[] = [{ method: 'PATCH', url: `${Tables.accountStatistics.entitySet}(${id})`, body }];
  if (normalizeId(account._erp_accountstatisticsid_value) !== id) {
    ops.push({ method: 'PATCH', url: `accounts(${normalizeId(account.accountid)})`, body: { [`${AccountColumns.statistics}@odata.bind`]: `/${Tables.accountStatistics.entitySet}(${id})` } });
  }
  return ops;
}

/** ERP figures of several customers: one JSON $batch per 20 customers (5 reads each). */
export async function readCustomerFigures(s: Services, numbers: readonly string[]): Promise<Map<string, AccountStatisticsFigures>> {
  const out = new Map<string, AccountStatisticsFigures>();
  const now = s.now();
  const lastPayments = await readLastPayments(s, numbers);
  for (const part of chunk(numbers, 20)) {
    const results = await s.bc.batch(part.flatMap((n, i) => customerRequests(n, i)));
    const bad = results.find((r) => r.status >= 400);
    if (bad) throw bcBatchError(bad, 'Reading ERP customer statistics');
    const byId = new Map(results.map((r) => [r.id, ((r.body as { value?: BcRow[] }).value ?? []) as BcRow[]]));
    part.forEach((n, i) => {
      const customer = byId.get(`c${i}`)?.[0];
      if (!customer) return;
      out.set(
        n,
        figuresFromErp({
          customer,
          aged30: byId.get(`a30_${i}`)?.[0],
          aged45: byId.get(`a45_${i}`)?.[0],
          orders: byId.get(`o${i}`) ?? [],
          invoices: byId.get(`d${i}`) ?? [],
          lastPayment: lastPayments.get(n) ?? null,
          lcy: s.ref.lcy,
          now,
        }),
      );
    });
  }
  return out;
}

/** Enum values arrive as names; a space may come XML-encoded (_x0020_). */
const enumName = (v: unknown): string => String(v ?? '').replace(/_x0020_/g, ' ');

/**
 * Pure: each customer's last payment from customerLedgerEntries rows. A payment is an "Initial Entry" detailed row of
 * document type Payment (its application rows repeat the document type); the latest is the highest ledger entry
 * number, not the latest date, so four payments on one day give the fourth. Amount: the payment in LCY, positive.
 */
export function lastPaymentsFrom(rows: readonly BcRow[]): Map<string, { date: string; amount: number; entryNo: number }> {
  const out = new Map<string, { date: string; amount: number; entryNo: number }>();
  for (const r of rows) {
    if (enumName(r.dcleDocumentType) !== 'Payment' || enumName(r.dcleEntryType) !== 'Initial Entry') continue;
    const customer = String(r.dcleCustomerNo);
    const entryNo = num(r.cleEntryNo);
    const prev = out.get(customer);
    if (!prev || entryNo > prev.entryNo) out.set(customer, { date: String(r.clePostingDate).slice(0, 10), amount: Math.abs(num(r.dcleAmountLCY)), entryNo });
  }
  return out;
}

/** Last payment per customer from the analytics API's customer ledger entries (empty when the query is unavailable). */
async function readLastPayments(s: Services, numbers: readonly string[]): Promise<Map<string, { date: string; amount: number }>> {
  const out = new Map<string, { date: string; amount: number }>();
  const url = analyticsUrl(s.config.bc, 'customerLedgerEntries');
  if (!url || !numbers.length) return out;
  try {
    for (const part of chunk(numbers, 30)) {
      const filter = `dcleDocumentType eq 'Payment' and (${part.map((n) => `dcleCustomerNo eq ${bcLit(n)}`).join(' or ')})`;
      const rows = await s.bc.listAbsolute<BcRow>(`${url}?$filter=${encodeURIComponent(filter)}&$select=cleEntryNo,clePostingDate,dcleCustomerNo,dcleDocumentType,dcleEntryType,dcleAmountLCY`, 50);
      for (const [n, p] of lastPaymentsFrom(rows)) out.set(n, { date: p.date, amount: p.amount });
    }
  } catch (e) {
    // The Power BI Reports app not installed, or no permission on its queries: the other figures still refresh.
    s.log.warn('last payments unavailable (analytics customerLedgerEntries)', { missing: isSourceMissing(e), error: (e as Error).message });
  }
  return out;
}

export function refreshStatisticsHandler(): RequestHandler {
  return {
    kind: RequestKind.refreshStatistics,
    async process(ctx: HandlerContext): Promise<Outcome> {
      const accountId = normalizeId(ctx.row.erp_targetid);
      const [res] = await ctx.claimAndRead([{ method: 'GET', url: `accounts(${accountId})?$select=${ACCOUNT_SELECT}` }]);
      if (res.status === 404) throw new ConnectorFailure('permanent', [{ code: 'TARGET_MISSING', params: { table: 'account', id: accountId } }], 'HINT_ADMIN');
      if (res.status >= 400) throw batchPartError(res, 'Reading the account');
      const account = res.body as AccountRow;
      await ctx.services.ref.ensureFresh();
      const conn = ctx.services.ref.connection;
      if (conn?.erp_statisticsenabled === false) throw new ConnectorFailure('permanent', [{ code: 'STATISTICS_OFF', params: { connection: conn.erp_name ?? '' } }], 'HINT_ADMIN');
      const number = (account.erp_customernumber ?? '').trim().toUpperCase();
      if (!number) throw new ConnectorFailure('permanent', [{ code: 'ACCOUNT_NOT_COUPLED_STATS', params: { account: account.name ?? accountId } }], 'HINT_ADMIN');
      const figures = (await readCustomerFigures(ctx.services, [number])).get(number);
      if (!figures) throw new ConnectorFailure('permanent', [{ code: 'ERP_CUSTOMER_NOT_FOUND', params: { account: account.name ?? '', number } }], 'HINT_ADMIN');
      return {
        summary: text('Result.StatisticsUpdated', { account: account.name ?? number }, ctx.lcid),
        erpDocumentNumber: number,
        ops: statisticsOps(account, number, figures),
      };
    },
  };
}

/**
 * Scheduled refresh: the first run covers every coupled account; later runs the customers whose ERP documents or
 * ledger changed since the watermark (orders, invoices, the customer record by lastModifiedDateTime; customer ledger
 * entries by entry number).
 */
export async function refreshChangedStatistics(s: Services): Promise<{ refreshed: number; errors: string[]; off?: true }> {
  const started = s.now();
  await s.ref.ensureFresh();
  // The setup page's switch: turned off, nothing is read or written (the watermark stays, so turning it on resumes).
  if (s.ref.connection?.erp_statisticsenabled === false) return { refreshed: 0, errors: [], off: true };
  const marks = await readWatermarks(s.dv, [STATISTICS_MAPPING]);
  const mark = marks[STATISTICS_MAPPING];
  // Watermark "<time>|<last customer ledger entry no>" (an older one holds the time only).
  const [markTime, markEntry] = (mark ?? '').split('|');
  let numbers: Set<string> | null = null;
  let newTime: string | null = markTime || null;
  let newEntry: number | null = markEntry && /^\d+$/.test(markEntry) ? Number(markEntry) : null;
  const cleUrl = analyticsUrl(s.config.bc, 'customerLedgerEntries');
  if (markTime) {
    const since = new Date(Date.parse(markTime) - 5000).toISOString();
    const f = (extra = ''): string => encodeURIComponent(`lastModifiedDateTime gt ${since}${extra}`);
    const results = await s.bc.batch([
      { id: 'customers', method: 'GET', url: `customers?$filter=${f()}&$select=number,lastModifiedDateTime` },
      { id: 'orders', method: 'GET', url: `salesOrders?$filter=${f()}&$select=customerNumber,lastModifiedDateTime` },
      { id: 'invoices', method: 'GET', url: `salesInvoices?$filter=${f()}&$select=customerNumber,lastModifiedDateTime` },
    ]);
    numbers = new Set();
    for (const r of results) {
      if (r.status >= 400) throw bcBatchError(r, 'Reading ERP changes');
      for (const row of (r.body as { value: BcRow[] }).value) {
        numbers.add(String(row.number ?? row.customerNumber));
        newTime = later(newTime, row.lastModifiedDateTime as string);
      }
    }
    // Payments and other postings: customer ledger entries have no lastModifiedDateTime, but their entry numbers only
    // grow: the customers of entries numbered above the last one seen (analytics customerLedgerEntries).
    if (cleUrl && newEntry !== null) {
      try {
        const rows = await s.bc.listAbsolute<BcRow>(`${cleUrl}?$filter=${encodeURIComponent(`cleEntryNo gt ${newEntry}`)}&$select=cleEntryNo,dcleCustomerNo`, 50);
        for (const row of rows) {
          numbers.add(String(row.dcleCustomerNo));
          newEntry = Math.max(newEntry, num(row.cleEntryNo));
        }
      } catch (e) {
        s.log.warn('customer ledger changes unavailable (analytics customerLedgerEntries)', { error: (e as Error).message });
      }
    }
  } else {
    newTime = started.toISOString();
  }
  if (cleUrl && newEntry === null) {
    try {
      const top = await s.bc.getAbsolute<{ value: BcRow[] }>(`${cleUrl}?$select=cleEntryNo&$orderby=cleEntryNo desc&$top=1`);
      newEntry = top.value.length ? num(top.value[0].cleEntryNo) : 0;
    } catch (e) {
      s.log.warn('customer ledger changes unavailable (analytics customerLedgerEntries)', { error: (e as Error).message });
    }
  }
  const newMark = newTime ? `${newTime}${newEntry !== null ? `|${newEntry}` : ''}` : null;
  // The coupled accounts concerned.
  const accounts: AccountRow[] = [];
  if (numbers === null) {
    accounts.push(...(await s.dv.list<AccountRow>(`accounts?$select=${ACCOUNT_SELECT}&$filter=${encodeURIComponent(`${AccountColumns.customerNumber} ne null and statecode eq 0`)}`)));
  } else {
    for (const part of chunk([...numbers], 50)) {
      const filter = `statecode eq 0 and (${part.map((n) => `${AccountColumns.customerNumber} eq ${lit(n)}`).join(' or ')})`;
      accounts.push(...(await s.dv.list<AccountRow>(`accounts?$select=${ACCOUNT_SELECT}&$filter=${encodeURIComponent(filter)}`)));
    }
  }
  const run = newRun();
  if (accounts.length) {
    const figures = await readCustomerFigures(s, [...new Set(accounts.map((a) => String(a.erp_customernumber).toUpperCase()))]);
    const parts: BatchPart[] = [];
    for (const a of accounts) {
      const n = String(a.erp_customernumber).toUpperCase();
      const f = figures.get(n);
      if (!f) {
        run.skipped += 1;
        continue;
      }
      parts.push({ changeSet: statisticsOps(a, n, f) });
    }
    for (const part of chunk(parts, 100)) {
      const results = await s.dv.batch(part, { continueOnError: true });
      for (const r of results) {
        if (r.status >= 400) {
          run.failed += 1;
          run.errors.push(batchPartError(r, 'Writing statistics').message);
        } else run.modified += 1;
      }
    }
  }
  const refreshed = accounts.length - run.skipped - (run.failed ? 1 : 0);
  await saveJob(s.dv, STATISTICS_MAPPING, 'ERP account statistics', run, started, s.now(), run.failed ? mark : newMark);
  s.log.info('account statistics refreshed', { accounts: accounts.length, skipped: run.skipped, failed: run.failed });
  return { refreshed: Math.max(0, refreshed), errors: run.errors };
}
