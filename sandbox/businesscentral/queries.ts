/**
 * Microsoft's analytics API (/api/microsoft/analytics/v1.0): the read-only API queries of the Power BI Reports app
 * (microsoft/BCApps src/Apps/W1/PowerBIReports/App/** /APIs/*.Query.al, vendored in ./al with their commit). The
 * column names and order come from those sources (alSource.queryColumns); this file only says each column's type
 * and where the stand-in keeps its value. What the queries filter and sum follows their DataItemTableFilter and
 * Method = Sum: an API query has no key, no lastModifiedDateTime and no webhooks.
 */
import { errors } from './errors';
import { EMPTY_DATE, FieldDef } from './metadata';
import { Internal, makeKinds, Resource, ServerContext } from './resource';
import { outstandingSalesLines, round2 } from './ledger';
import { queryColumns } from './alSource';
import type { CustLedgerRow } from './state';

/** AL type of each column (from the source table's field), checked against the query's column list at start. */
function columns(file: string, types: Record<string, string>): FieldDef[] {
  const names = queryColumns(file);
  const extra = Object.keys(types).filter((n) => !names.includes(n));
  if (extra.length) throw new Error(`analytics ${file}: ${extra.join(', ')} is not a column of the query`);
  return names.map((name) => {
    const type = types[name];
    if (!type) throw new Error(`analytics ${file}: column ${name} has no type in queries.ts`);
    return { name, type, editable: false };
  });
}

function queryResource(setName: string, entityName: string, fields: FieldDef[], rows: (ctx: ServerContext) => Array<Record<string, unknown>>): Resource {
  const names = fields.map((f) => f.name);
  return {
    setName, entityName, tableName: entityName, fields, kinds: makeKinds(fields), keyKind: 'none', keyProperty: '',
    operations: ['GET'], changeTracking: false,
    list: (ctx) => rows(ctx) as Internal[],
    get: () => undefined,
    project: (_ctx, row) => Object.fromEntries(names.map((n) => [n, row[n]])),
  };
}

/** Rows of a query with Method = Sum on `sumColumn`: one row per distinct value of every other column. */
function summed(rows: Array<Record<string, unknown>>, sumColumn: string): Array<Record<string, unknown>> {
  const groups = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const key = JSON.stringify(Object.entries(r).filter(([k]) => k !== sumColumn));
    const g = groups.get(key);
    if (g) g[sumColumn] = round2((g[sumColumn] as number) + (r[sumColumn] as number));
    else groups.set(key, { ...r });
  }
  return [...groups.values()];
}

/**
 * Detailed customer ledger entries as Business Central keeps them: an "Initial Entry" per ledger entry and, for a
 * payment applied to an invoice, an "Application" on both entries (table 379 Detailed Cust. Ledg. Entry).
 */
interface Detailed { cle: CustLedgerRow; entryType: 'Initial Entry' | 'Application'; postingDate: string; amountLcy: number; documentType: string; documentNo: string; appliedTo: number; applicationNo: number }

function detailedEntries(entries: readonly CustLedgerRow[]): { rows: Detailed[]; closedAt: Map<number, string> } {
  const lcy = (e: CustLedgerRow, amount: number): number => round2(amount / (e.exchangeRate || 1));
  const invoices = new Map(entries.filter((e) => e.documentType === 'Invoice').map((e) => [e.documentNumber, e]));
  const rows: Detailed[] = [];
  const closedAt = new Map<number, string>();
  let application = 0;
  for (const e of [...entries].sort((a, b) => a.entryNumber - b.entryNumber)) {
    rows.push({ cle: e, entryType: 'Initial Entry', postingDate: e.postingDate, amountLcy: lcy(e, e.amount), documentType: e.documentType, documentNo: e.documentNumber, appliedTo: 0, applicationNo: 0 });
    const inv = e.documentType === 'Payment' && e.appliesToDocumentNumber ? invoices.get(e.appliesToDocumentNumber) : undefined;
    if (!inv) continue;
    application += 1;
    const amount = lcy(e, e.amount);
    rows.push({ cle: inv, entryType: 'Application', postingDate: e.postingDate, amountLcy: amount, documentType: 'Payment', documentNo: e.documentNumber, appliedTo: e.entryNumber, applicationNo: application });
    rows.push({ cle: e, entryType: 'Application', postingDate: e.postingDate, amountLcy: -amount, documentType: 'Payment', documentNo: e.documentNumber, appliedTo: inv.entryNumber, applicationNo: application });
    if (!inv.open) closedAt.set(inv.entryNumber, e.postingDate);
    if (!e.open) closedAt.set(e.entryNumber, e.postingDate);
  }
  return { rows, closedAt };
}

export function analyticsResources(): Record<string, Resource> {
  // Query 36968 "Item Ledger Entries - PBI API" (ItemLedgerEntriesPBIAPI.Query.al): every item ledger entry.
  const ile = columns('ItemLedgerEntriesPBIAPI.Query.al', {
    entryNo: 'Integer', entryType: 'Text[30]', sourceType: 'Text[30]', sourceNo: 'Code[20]', documentNo: 'Code[20]', documentType: 'Text[30]', postingDate: 'Date',
    itemNo: 'Code[20]', locationCode: 'Code[10]', serialNo: 'Code[50]', expirationDate: 'Date', lotNo: 'Code[50]', quantity: 'Decimal', unitOfMeasureCode: 'Code[10]',
    remainingQuantity: 'Decimal', costAmountActual: 'Decimal', salesAmountActual: 'Decimal', dimensionSetID: 'Integer', open: 'Boolean', positive: 'Boolean',
    invoicedQuantity: 'Decimal', qtyPerUnitOfMeasure: 'Decimal',
  });
  // Query 36975 "Sales Lines - Outstanding": Type = Item, Outstanding Qty. (Base) > 0, Document Type = Order | Return Order.
  const osl = columns('SalesLinesOutstanding.Query.al', {
    documentNo: 'Code[20]', documentType: 'Text[30]', sellToCustomerNo: 'Code[20]', itemNo: 'Code[20]', outstandingQtyBase: 'Decimal', shipmentDate: 'Date',
    locationCode: 'Code[10]', dimensionSetID: 'Integer', qtyPerUnitOfMeasure: 'Decimal', unitOfMeasureCode: 'Code[10]',
  });
  // Query 36973 "Purchase Lines - Outstanding": Type = Item, Outstanding Qty. (Base) > 0, Document Type = Order | Return Order.
  const opl = columns('PurchaseLinesOutstanding.Query.al', {
    itemNo: 'Code[20]', outstandingQtyBase: 'Decimal', expectedReceiptDate: 'Date', locationCode: 'Code[10]', buyFromVendorNo: 'Code[20]', documentNo: 'Code[20]',
    documentType: 'Text[30]', dimensionSetID: 'Integer', qtyPerUnitOfMeasure: 'Decimal', unitOfMeasureCode: 'Code[10]',
  });
  // Query 36957 "Customer Ledger Entries": Cust. Ledger Entry ⋈ Detailed Cust. Ledg. Entry ⟕ Sales Invoice Header.
  const cle = columns('CustomerLedgerEntries.Query.al', {
    cleEntryNo: 'Integer', cleDueDate: 'Date', cleOpen: 'Boolean', clePostingDate: 'Date', cleDocumentDate: 'Date', cleDimensionSetID: 'Integer', cleClosedAtDate: 'Date',
    cleReasonCode: 'Code[10]', dcleEntryNo: 'Integer', dclePostingDate: 'Date', dcleLedgerEntryAmount: 'Boolean', dcleEntryType: 'Text[30]', dcleDocumentType: 'Text[30]',
    dcleDocumentNo: 'Code[20]', dcleInitialEntryDueDate: 'Date', dcleAmountLCY: 'Decimal', dcleCustomerNo: 'Code[20]', dcleApplicationNo: 'Integer',
    dcleAppliedCustLedgerEntryNo: 'Integer', salesInvHeaderDocumentNo: 'Code[20]', salesInvHeaderPaymentTermsCode: 'Code[10]', salesInvHeaderPmtDiscountDate: 'Date',
  });
  // Query 37070 "Resources - PBI API".
  const res = columns('ResourcesPBIAPI.Query.al', { resourceNo: 'Code[20]', resourceName: 'Text[100]', baseUnitofMeasure: 'Code[10]', unitCost: 'Decimal', unitPrice: 'Decimal' });

  return {
    itemLedgerEntries: queryResource('itemLedgerEntries', 'itemLedgerEntry', ile, (ctx) =>
      ctx.store.tables.itemLedgerEntries.map((e) => ({
        entryNo: e.entryNumber, entryType: e.entryType, sourceType: e.sourceType, sourceNo: e.sourceNumber, documentNo: e.documentNumber, documentType: e.documentType,
        postingDate: e.postingDate, itemNo: e.itemNumber, locationCode: e.locationCode, serialNo: '', expirationDate: EMPTY_DATE, lotNo: '', quantity: e.quantity,
        unitOfMeasureCode: e.unitOfMeasureCode, remainingQuantity: e.remainingQuantity, costAmountActual: e.costAmountActual, salesAmountActual: e.salesAmountActual,
        dimensionSetID: 0, open: e.open, positive: e.positive, invoicedQuantity: e.invoicedQuantity, qtyPerUnitOfMeasure: 1,
      })),
    ),
    outstandingSalesLines: queryResource('outstandingSalesLines', 'outstandingSalesLine', osl, (ctx) =>
      summed(
        [
          ...outstandingSalesLines(ctx.store).map((o) => ({
            documentNo: o.doc.number, documentType: 'Order', sellToCustomerNo: o.doc.customerNumber, itemNo: o.itemNumber, outstandingQtyBase: o.outstanding,
            shipmentDate: o.shipmentDate || EMPTY_DATE, locationCode: o.locationCode, dimensionSetID: 0, qtyPerUnitOfMeasure: 1, unitOfMeasureCode: o.unitOfMeasureCode,
          })),
          ...ctx.store.tables.salesReturnLines
            .filter((r) => r.outstandingQuantity > 0)
            .map((r) => ({
              documentNo: r.documentNumber, documentType: 'Return Order', sellToCustomerNo: r.customerNumber, itemNo: r.itemNumber, outstandingQtyBase: r.outstandingQuantity,
              shipmentDate: r.shipmentDate || EMPTY_DATE, locationCode: r.locationCode, dimensionSetID: 0, qtyPerUnitOfMeasure: 1, unitOfMeasureCode: r.unitOfMeasureCode,
            })),
        ],
        'outstandingQtyBase',
      ),
    ),
    outstandingPurchaseLines: queryResource('outstandingPurchaseLines', 'outstandingPurchaseLine', opl, (ctx) =>
      summed(
        ctx.store.tables.purchaseLines
          .filter((p) => p.outstandingQuantity > 0)
          .map((p) => ({
            itemNo: p.itemNumber, outstandingQtyBase: p.outstandingQuantity, expectedReceiptDate: p.expectedReceiptDate || EMPTY_DATE, locationCode: p.locationCode,
            buyFromVendorNo: p.vendorNumber, documentNo: p.documentNumber, documentType: p.documentType ?? 'Order', dimensionSetID: 0, qtyPerUnitOfMeasure: 1,
            unitOfMeasureCode: p.unitOfMeasureCode,
          })),
        'outstandingQtyBase',
      ),
    ),
    customerLedgerEntries: queryResource('customerLedgerEntries', 'customerLedgerEntry', cle, (ctx) => {
      const { rows, closedAt } = detailedEntries(ctx.store.tables.custLedgerEntries);
      const posted = new Map(ctx.store.tables.salesDocuments.filter((d) => d.kind === 'invoice' && d.posted).map((d) => [d.number, d]));
      return rows.map((d, i) => {
        const inv = posted.get(d.documentNo);
        return {
          cleEntryNo: d.cle.entryNumber, cleDueDate: d.cle.dueDate || EMPTY_DATE, cleOpen: d.cle.open, clePostingDate: d.cle.postingDate, cleDocumentDate: d.cle.postingDate,
          cleDimensionSetID: 0, cleClosedAtDate: closedAt.get(d.cle.entryNumber) ?? EMPTY_DATE, cleReasonCode: '', dcleEntryNo: i + 1, dclePostingDate: d.postingDate,
          dcleLedgerEntryAmount: d.entryType === 'Initial Entry', dcleEntryType: d.entryType, dcleDocumentType: d.documentType, dcleDocumentNo: d.documentNo,
          dcleInitialEntryDueDate: d.cle.dueDate || EMPTY_DATE, dcleAmountLCY: d.amountLcy, dcleCustomerNo: d.cle.customerNumber, dcleApplicationNo: d.applicationNo,
          dcleAppliedCustLedgerEntryNo: d.appliedTo, salesInvHeaderDocumentNo: inv?.number ?? '', salesInvHeaderPaymentTermsCode: inv?.paymentTermsCode ?? '',
          salesInvHeaderPmtDiscountDate: EMPTY_DATE,
        };
      });
    }),
    resources: queryResource('resources', 'resource', res, (ctx) =>
      ctx.store.tables.resources.map((r) => ({ resourceNo: r.number, resourceName: r.name, baseUnitofMeasure: r.baseUnitOfMeasureCode, unitCost: r.unitCost ?? 0, unitPrice: r.unitPrice })),
    ),
  };
}

export function keyNotSupported(setName: string): never {
  throw errors.querySyntax(`The entity set '${setName}' is an API query and has no key.`);
}
