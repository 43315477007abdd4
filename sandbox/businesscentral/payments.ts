/**
 * Customer payments: customerPaymentJournals, customerPayments (journal lines), journals with the
 * bound action Microsoft.NAV.post, and postPayment, which the back office also uses. Posting a payment
 * closes (or reduces) the invoice's customer ledger entry; the invoice turns Paid when it closes.
 */
import { errors } from './errors';
import { EMPTY_GUID } from './metadata';
import { Internal, Resource, ServerContext } from './resource';
import type { CustLedgerRow, JournalBatchRow, JournalLineRow } from './state';
import { tableResource } from './master';
import { round2, workDate } from './ledger';

export interface PaymentRequest {
  customerNumber: string;
  /** Amount received (positive), in the currency of the invoice (or the customer's currency). */
  amount: number;
  invoiceNumber?: string;
  postingDate?: string;
  documentNumber?: string;
  description?: string;
}

/** Posts a received payment: a Payment customer ledger entry applied to the invoice if one is given. */
export function postPayment(ctx: ServerContext, p: PaymentRequest): CustLedgerRow {
  const store = ctx.store;
  const customer = store.tables.customers.find((c) => c.number === p.customerNumber);
  if (!customer) throw errors.relatedNotFound('Customer', `No.='${p.customerNumber}'`);
  if (!(p.amount > 0)) throw errors.dialog('The "amount" should be a negative number.');
  let invoiceEntry: CustLedgerRow | undefined;
  if (p.invoiceNumber) {
    invoiceEntry = store.tables.custLedgerEntries.find((e) => e.documentType === 'Invoice' && e.documentNumber === p.invoiceNumber);
    if (!invoiceEntry) throw errors.relatedNotFound('Cust. Ledger Entry', `Document No.='${p.invoiceNumber}'`);
    if (invoiceEntry.customerNumber !== p.customerNumber) throw errors.dialog(`Invoice ${p.invoiceNumber} belongs to customer ${invoiceEntry.customerNumber}, not to ${p.customerNumber}.`);
    if (!invoiceEntry.open) throw errors.dialog(`Invoice ${p.invoiceNumber} is already fully paid (closed).`);
    if (p.amount > invoiceEntry.remainingAmount + 0.005) throw errors.dialog(`The payment of ${p.amount} is larger than the remaining amount ${invoiceEntry.remainingAmount} of invoice ${p.invoiceNumber}.`);
  }
  const currencyCode = invoiceEntry?.currencyCode ?? customer.currencyCode;
  const applied = invoiceEntry ? Math.min(p.amount, invoiceEntry.remainingAmount) : 0;
  const entry: CustLedgerRow = {
    id: store.newId(), version: 1, lastModifiedDateTime: store.stamp(), entryNumber: ++store.state.counters.custEntry, customerNumber: p.customerNumber,
    postingDate: p.postingDate ?? workDate(store), documentType: 'Payment', documentNumber: p.documentNumber ?? `PAY${String(++store.state.counters.payment).padStart(5, '0')}`,
    description: p.description ?? (p.invoiceNumber ? `Payment ${p.invoiceNumber}` : 'Payment'), currencyCode, amount: -p.amount, remainingAmount: round2(-(p.amount - applied)),
    dueDate: p.postingDate ?? workDate(store), open: round2(p.amount - applied) !== 0, appliesToDocumentNumber: p.invoiceNumber ?? '',
    exchangeRate: invoiceEntry?.exchangeRate ?? 1,
  };
  store.insert('custLedgerEntries', entry);
  if (invoiceEntry) {
    invoiceEntry.remainingAmount = round2(invoiceEntry.remainingAmount - applied);
    invoiceEntry.open = invoiceEntry.remainingAmount > 0;
    store.touch(invoiceEntry, null);
    const inv = store.tables.salesDocuments.find((d) => d.kind === 'invoice' && d.posted && d.number === invoiceEntry!.documentNumber);
    if (inv) {
      // The invoice aggregate follows its ledger entry: status Paid when closed, remainingAmount otherwise.
      inv.status = invoiceEntry.open ? 'Open' : 'Paid';
      store.touch(inv, 'salesInvoices');
    }
  }
  return entry;
}

export function paymentResources(get: (name: string) => Resource): Record<string, Resource> {
  const out: Record<string, Resource> = {};
  const batchesOf = (ctx: ServerContext, template: 'CASHRCPT' | 'GENERAL'): JournalBatchRow[] => ctx.store.tables.journalBatches.filter((b) => b.template === template);
  const defaultBatch = (ctx: ServerContext): JournalBatchRow => batchesOf(ctx, 'CASHRCPT')[0];

  const batchResource = (setName: 'customerPaymentJournals' | 'journals', template: 'CASHRCPT' | 'GENERAL'): Resource =>
    tableResource<JournalBatchRow>({
      setName,
      table: 'journalBatches',
      tableName: 'Gen. Journal Batch',
      uniqueKey: 'code',
      filterRows: (_ctx, rows) => rows.filter((b) => b.template === template),
      project: (ctx, b) => ({ ...b, templateDisplayName: b.template, balancingAccountId: EMPTY_GUID, balancingAccountNumber: b.balancingAccountNumber }),
      create: (ctx) => ({ id: ctx.store.newId(), version: 0, lastModifiedDateTime: '', code: '', displayName: '', template, balancingAccountNumber: '' }),
      apply: (_ctx, b, v) => {
        if (typeof v.code === 'string') b.code = v.code;
        if (typeof v.displayName === 'string') b.displayName = v.displayName;
      },
      beforeDelete: (ctx, b) => {
        if (ctx.store.tables.journalLines.some((l) => l.journalId === b.id)) throw errors.dialog(`You cannot delete journal batch ${b.code} because it has lines.`);
      },
      navigations: setName === 'customerPaymentJournals' ? { customerPayments: { name: 'customerPayments', target: () => out.customerPayments, many: true, insertable: true } } : undefined,
    });
  out.customerPaymentJournals = batchResource('customerPaymentJournals', 'CASHRCPT');
  out.journals = batchResource('journals', 'GENERAL');
  // The post action looks the batch up by its SystemId, so a customer payment journal id is accepted too.
  const journalsGet = out.journals.get;
  out.journals.get = (ctx, key, parent) => journalsGet(ctx, key, parent) ?? (ctx.store.get('journalBatches', key) as unknown as Internal | undefined);
  out.journals.actions = {
    post: (ctx, row) => {
      const lines = ctx.store.tables.journalLines.filter((l) => l.journalId === row.id).sort((a, b) => a.lineNumber - b.lineNumber);
      if (!lines.length) throw errors.dialog('There is nothing to post.');
      for (const l of lines) {
        if (l.amount >= 0) throw errors.dialog('The "amount" should be a negative number.');
        postPayment(ctx, { customerNumber: l.customerNumber, amount: -l.amount, invoiceNumber: l.appliesToInvoiceNumber || undefined, postingDate: l.postingDate, documentNumber: l.documentNumber, description: l.description || undefined });
        ctx.store.remove('journalLines', l.id);
      }
      ctx.store.touch(row as unknown as JournalBatchRow, 'journals');
      return {};
    },
  };

  const invoiceId = (ctx: ServerContext, number: string): string =>
    number ? ctx.store.tables.salesDocuments.find((d) => d.kind === 'invoice' && d.posted && d.number === number)?.id ?? EMPTY_GUID : EMPTY_GUID;
  out.customerPayments = tableResource<JournalLineRow>({
    setName: 'customerPayments',
    table: 'journalLines',
    tableName: 'Gen. Journal Line',
    project: (ctx, l) => {
      const customer = ctx.store.tables.customers.find((c) => c.number === l.customerNumber);
      const batch = ctx.store.get('journalBatches', l.journalId);
      return { ...l, journalDisplayName: batch?.code ?? '', customerId: customer?.id ?? EMPTY_GUID, appliesToInvoiceId: invoiceId(ctx, l.appliesToInvoiceNumber) };
    },
    create: (ctx) => {
      const batch = defaultBatch(ctx);
      const lineNumber = ctx.store.tables.journalLines.filter((l) => l.journalId === batch.id).reduce((m, l) => Math.max(m, l.lineNumber), 0) + 10000;
      return {
        id: ctx.store.newId(), version: 0, lastModifiedDateTime: '', journalId: batch.id, lineNumber, customerNumber: '', postingDate: workDate(ctx.store),
        documentNumber: `PAY${String(ctx.store.state.counters.payment + 1).padStart(5, '0')}`, externalDocumentNumber: '', amount: 0, appliesToInvoiceNumber: '', description: '', comment: '',
      };
    },
    apply: (ctx, l, v) => {
      if (typeof v.journalId === 'string') {
        const b = ctx.store.get('journalBatches', v.journalId);
        if (!b || b.template !== 'CASHRCPT') throw errors.relatedNotFound('Gen. Journal Batch', `Id='${v.journalId}'`);
        l.journalId = b.id;
      }
      if (typeof v.journalDisplayName === 'string') {
        const b = ctx.store.tables.journalBatches.find((x) => x.template === 'CASHRCPT' && x.code === v.journalDisplayName);
        if (!b) throw errors.relatedNotFound('Gen. Journal Batch', `Name='${v.journalDisplayName}'`);
        l.journalId = b.id;
      }
      if (typeof v.customerId === 'string') {
        const c = ctx.store.get('customers', v.customerId);
        if (!c) throw errors.relatedNotFound('Customer', `Id='${v.customerId}'`);
        l.customerNumber = c.number;
      }
      if (typeof v.customerNumber === 'string') {
        if (!ctx.store.tables.customers.some((c) => c.number === v.customerNumber)) throw errors.relatedNotFound('Customer', `No.='${v.customerNumber}'`);
        l.customerNumber = v.customerNumber;
      }
      for (const k of ['lineNumber', 'postingDate', 'documentNumber', 'externalDocumentNumber', 'amount', 'description', 'comment'] as const) if (k in v) (l as unknown as Record<string, unknown>)[k] = v[k];
      const invNumber = typeof v.appliesToInvoiceId === 'string' ? (v.appliesToInvoiceId === EMPTY_GUID ? '' : ctx.store.get('salesDocuments', v.appliesToInvoiceId)?.number) : typeof v.appliesToInvoiceNumber === 'string' ? v.appliesToInvoiceNumber : undefined;
      if (typeof v.appliesToInvoiceId === 'string' && invNumber === undefined) throw errors.relatedNotFound('Sales Invoice Header', `Id='${v.appliesToInvoiceId}'`);
      if (invNumber !== undefined) {
        if (invNumber) {
          const e = ctx.store.tables.custLedgerEntries.find((x) => x.documentType === 'Invoice' && x.documentNumber === invNumber);
          if (!e) throw errors.relatedNotFound('Sales Invoice Header', `No.='${invNumber}'`);
          if (!e.open) throw errors.dialog(`Invoice ${invNumber} is already fully paid (closed).`);
          if (!l.customerNumber) l.customerNumber = e.customerNumber;
          if (e.customerNumber !== l.customerNumber) throw errors.dialog(`Invoice ${invNumber} belongs to customer ${e.customerNumber}, not to ${l.customerNumber}.`);
          // BC fills the amount from the invoice's remaining amount when it is not given.
          if (!('amount' in v) && !l.amount) l.amount = -e.remainingAmount;
        }
        l.appliesToInvoiceNumber = invNumber;
      }
      if (!l.customerNumber) throw errors.dialog('A customerNumber or a customerId must be provided.');
    },
  });
  // customerPayments reached through a journal belong to that journal.
  const create = out.customerPayments.create!;
  out.customerPayments.create = (ctx, body, parent) => {
    const row = create(ctx, body) as unknown as JournalLineRow;
    if (parent && parent.resource.setName === 'customerPaymentJournals') row.journalId = parent.row.id;
    return row as unknown as Internal;
  };
  const list = out.customerPayments.list;
  out.customerPayments.list = (ctx, parent, q) => {
    const rows = list(ctx, undefined, q);
    return parent ? rows.filter((r) => (r as unknown as JournalLineRow).journalId === parent.row.id) : rows;
  };
  void get;
  return out;
}
