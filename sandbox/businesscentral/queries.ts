/**
 * Read-only entity sets outside API v2.0:
 *  - Microsoft's analytics API (Power BI Reports app): /api/microsoft/analytics/v1.0 itemLedgerEntries
 *    and outstandingSalesLines, with the column names listed in bc-api-v2.json relatedOutsideApiV2.
 *  - Our custom API /api/erplink/erplink/v1.0: per-location availability with incoming purchases,
 *    shipment tracking numbers and customer ledger entries. These need a small Business Central
 *    extension (custom API pages); see docs/businesscentral-standin.md.
 */
import { createHash } from 'crypto';
import { errors } from './errors';
import { EMPTY_DATE, EMPTY_GUID, FieldDef, relatedEntity } from './metadata';
import { Internal, makeKinds, Resource, ServerContext } from './resource';
import { outstandingSalesLines, round2 } from './ledger';
import { apiCurrencyCode } from './master';
import { ERPLINK_MASTER_SETS, erplinkMasterResources } from './erplinkMaster';

type Columns = Array<[string, string]>;

function fieldsOf(cols: Columns): FieldDef[] {
  return cols.map(([name, type]) => ({ name, type, editable: false }));
}

function queryResource(setName: string, entityName: string, cols: Columns, rows: (ctx: ServerContext) => Array<Record<string, unknown>>, keyed = false): Resource {
  const fields = fieldsOf(cols);
  const names = fields.map((f) => f.name);
  return {
    setName, entityName, tableName: entityName, fields, kinds: makeKinds(fields), keyKind: keyed ? 'guid' : 'none', keyProperty: keyed ? 'id' : '',
    operations: ['GET'], changeTracking: false,
    list: (ctx) => rows(ctx) as Internal[],
    get: (ctx, key) => (keyed ? (rows(ctx).find((r) => r.id === key.toLowerCase()) as Internal | undefined) : undefined),
    // Rows are built in column order already; only rows with extra keys need trimming.
    project: (_ctx, row) => (Object.keys(row).length === names.length ? row : Object.fromEntries(names.map((n) => [n, row[n]]))),
  };
}

/** Checks our column lists against the reference, so the analytics routes never drift from Microsoft's. */
function analyticsColumns(setName: string, types: Record<string, string>): Columns {
  const ref = relatedEntity(setName, '/api/microsoft/analytics/');
  return ref.fields.map((f) => {
    const t = types[f.name];
    if (!t) throw new Error(`analytics ${setName}.${f.name} has no type in queries.ts`);
    return [f.name, t] as [string, string];
  });
}

export function analyticsResources(): Record<string, Resource> {
  const ileCols = analyticsColumns('itemLedgerEntries', {
    entryNo: 'Integer', entryType: 'Text[30]', sourceType: 'Text[30]', sourceNo: 'Code[20]', documentNo: 'Code[20]', documentType: 'Text[30]', postingDate: 'Date',
    itemNo: 'Code[20]', locationCode: 'Code[10]', serialNo: 'Code[50]', expirationDate: 'Date', lotNo: 'Code[50]', quantity: 'Decimal', unitOfMeasureCode: 'Code[10]',
    remainingQuantity: 'Decimal', costAmountActual: 'Decimal', salesAmountActual: 'Decimal', dimensionSetID: 'Integer', open: 'Boolean', positive: 'Boolean',
    invoicedQuantity: 'Decimal', qtyPerUnitOfMeasure: 'Decimal',
  });
  const oslCols = analyticsColumns('outstandingSalesLines', {
    documentNo: 'Code[20]', documentType: 'Text[30]', sellToCustomerNo: 'Code[20]', itemNo: 'Code[20]', outstandingQtyBase: 'Decimal', shipmentDate: 'Date',
    locationCode: 'Code[10]', dimensionSetID: 'Integer', qtyPerUnitOfMeasure: 'Decimal', unitOfMeasureCode: 'Code[10]',
  });
  return {
    itemLedgerEntries: queryResource('itemLedgerEntries', 'itemLedgerEntry', ileCols, (ctx) =>
      ctx.store.tables.itemLedgerEntries.map((e) => ({
        entryNo: e.entryNumber, entryType: e.entryType, sourceType: e.sourceType, sourceNo: e.sourceNumber, documentNo: e.documentNumber, documentType: e.documentType,
        postingDate: e.postingDate, itemNo: e.itemNumber, locationCode: e.locationCode, serialNo: '', expirationDate: EMPTY_DATE, lotNo: '', quantity: e.quantity,
        unitOfMeasureCode: e.unitOfMeasureCode, remainingQuantity: e.remainingQuantity, costAmountActual: e.costAmountActual, salesAmountActual: e.salesAmountActual,
        dimensionSetID: 0, open: e.open, positive: e.positive, invoicedQuantity: e.invoicedQuantity, qtyPerUnitOfMeasure: 1,
      })),
    ),
    outstandingSalesLines: queryResource('outstandingSalesLines', 'outstandingSalesLine', oslCols, (ctx) => {
      // The query sums Outstanding Qty. (Base) per document, customer, item, location, date and unit.
      const groups = new Map<string, Record<string, unknown>>();
      for (const o of outstandingSalesLines(ctx.store)) {
        const key = [o.doc.number, o.itemNumber, o.locationCode, o.shipmentDate, o.unitOfMeasureCode].join('|');
        const g = groups.get(key);
        if (g) g.outstandingQtyBase = round2((g.outstandingQtyBase as number) + o.outstanding);
        else {
          groups.set(key, {
            documentNo: o.doc.number, documentType: 'Order', sellToCustomerNo: o.doc.customerNumber, itemNo: o.itemNumber, outstandingQtyBase: o.outstanding,
            shipmentDate: o.shipmentDate || EMPTY_DATE, locationCode: o.locationCode, dimensionSetID: 0, qtyPerUnitOfMeasure: 1, unitOfMeasureCode: o.unitOfMeasureCode,
          });
        }
      }
      return [...groups.values()];
    }),
  };
}

function stableGuid(...parts: string[]): string {
  const h = createHash('md5').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const ERPLINK_ENTITY_SETS = ['itemLocationAvailabilities', 'incomingPurchaseLines', 'shipmentTrackings', 'customerLedgerEntries', ...ERPLINK_MASTER_SETS];

export function erplinkResources(): Record<string, Resource> {
  return {
    ...erplinkMasterResources(),
    itemLocationAvailabilities: queryResource(
      'itemLocationAvailabilities',
      'itemLocationAvailability',
      [
        ['id', 'Guid'], ['itemId', 'Guid'], ['itemNumber', 'Code[20]'], ['locationId', 'Guid'], ['locationCode', 'Code[10]'], ['locationName', 'Text[100]'],
        ['unitOfMeasureCode', 'Code[10]'], ['inventory', 'Decimal'], ['qtyOnSalesOrders', 'Decimal'], ['qtyOnPurchaseOrders', 'Decimal'], ['availableInventory', 'Decimal'],
        ['projectedInventory', 'Decimal'], ['nextReceiptDate', 'Date'], ['nextReceiptQuantity', 'Decimal'], ['lastModifiedDateTime', 'DateTime'],
      ],
      (ctx) => {
        const s = ctx.store;
        type Acc = { inventory: number; sales: number; purchases: number; next?: { date: string; qty: number }; stamp: string };
        const acc = new Map<string, Acc>();
        const at = (item: string, loc: string): Acc => {
          const k = `${item}|${loc}`;
          let a = acc.get(k);
          if (!a) acc.set(k, (a = { inventory: 0, sales: 0, purchases: 0, stamp: '' }));
          return a;
        };
        const later = (a: string, b: string): string => (a > b ? a : b);
        for (const e of s.tables.itemLedgerEntries) {
          const a = at(e.itemNumber, e.locationCode);
          a.inventory = round2(a.inventory + e.quantity);
          a.stamp = later(a.stamp, e.lastModifiedDateTime);
        }
        for (const o of outstandingSalesLines(s)) {
          const a = at(o.itemNumber, o.locationCode);
          a.sales = round2(a.sales + o.outstanding);
          a.stamp = later(a.stamp, o.doc.lastModifiedDateTime);
        }
        for (const p of s.tables.purchaseLines) {
          if (p.outstandingQuantity <= 0) continue;
          const a = at(p.itemNumber, p.locationCode);
          a.purchases = round2(a.purchases + p.outstandingQuantity);
          if (!a.next || p.expectedReceiptDate < a.next.date) a.next = { date: p.expectedReceiptDate, qty: p.outstandingQuantity };
          else if (p.expectedReceiptDate === a.next.date) a.next.qty = round2(a.next.qty + p.outstandingQuantity);
          a.stamp = later(a.stamp, p.lastModifiedDateTime);
        }
        const items = new Map(s.tables.items.map((i) => [i.number, i]));
        const locations = new Map(s.tables.locations.map((l) => [l.code, l]));
        const rows: Array<Record<string, unknown>> = [];
        for (const [k, a] of acc) {
          const [itemNo, loc] = k.split('|');
          const item = items.get(itemNo);
          if (!item) continue;
          const location = locations.get(loc);
          rows.push({
            id: stableGuid(item.id, loc), itemId: item.id, itemNumber: itemNo, locationId: location?.id ?? EMPTY_GUID, locationCode: loc, locationName: location?.displayName ?? '',
            unitOfMeasureCode: item.baseUnitOfMeasureCode, inventory: a.inventory, qtyOnSalesOrders: a.sales, qtyOnPurchaseOrders: a.purchases,
            availableInventory: round2(a.inventory - a.sales), projectedInventory: round2(a.inventory - a.sales + a.purchases),
            nextReceiptDate: a.next?.date ?? EMPTY_DATE, nextReceiptQuantity: a.next?.qty ?? 0, lastModifiedDateTime: a.stamp,
          });
        }
        return rows.sort((x, y) => String(x.itemNumber).localeCompare(String(y.itemNumber)) || String(x.locationCode).localeCompare(String(y.locationCode)));
      },
      true,
    ),
    incomingPurchaseLines: queryResource(
      'incomingPurchaseLines',
      'incomingPurchaseLine',
      [
        ['id', 'Guid'], ['documentNumber', 'Code[20]'], ['lineNumber', 'Integer'], ['vendorNumber', 'Code[20]'], ['itemNumber', 'Code[20]'], ['locationCode', 'Code[10]'],
        ['unitOfMeasureCode', 'Code[10]'], ['outstandingQuantity', 'Decimal'], ['expectedReceiptDate', 'Date'], ['lastModifiedDateTime', 'DateTime'],
      ],
      (ctx) => ctx.store.tables.purchaseLines.filter((p) => p.outstandingQuantity > 0) as unknown as Array<Record<string, unknown>>,
      true,
    ),
    shipmentTrackings: queryResource(
      'shipmentTrackings',
      'shipmentTracking',
      [
        ['id', 'Guid'], ['shipmentNumber', 'Code[20]'], ['orderId', 'Guid'], ['orderNumber', 'Code[20]'], ['customerNumber', 'Code[20]'], ['shipmentDate', 'Date'],
        ['shippingAgentCode', 'Code[10]'], ['packageTrackingNumber', 'Text[50]'], ['lastModifiedDateTime', 'DateTime'],
      ],
      (ctx) =>
        ctx.store.tables.shipments.map((s) => ({
          id: s.id, shipmentNumber: s.number, orderId: s.orderId || EMPTY_GUID, orderNumber: s.orderNumber, customerNumber: s.customerNumber, shipmentDate: s.postingDate,
          shippingAgentCode: s.shippingAgentCode, packageTrackingNumber: s.packageTrackingNumber, lastModifiedDateTime: s.lastModifiedDateTime,
        })),
      true,
    ),
    customerLedgerEntries: queryResource(
      'customerLedgerEntries',
      'customerLedgerEntry',
      [
        ['id', 'Guid'], ['entryNumber', 'Integer'], ['customerId', 'Guid'], ['customerNumber', 'Code[20]'], ['postingDate', 'Date'], ['documentType', 'Text[30]'],
        ['documentNumber', 'Code[20]'], ['description', 'Text[100]'], ['currencyCode', 'Code[10]'], ['amount', 'Decimal'], ['remainingAmount', 'Decimal'],
        ['amountLCY', 'Decimal'], ['remainingAmountLCY', 'Decimal'], ['dueDate', 'Date'], ['open', 'Boolean'], ['appliesToDocumentNumber', 'Code[20]'], ['lastModifiedDateTime', 'DateTime'],
      ],
      (ctx) => {
        const ids = new Map(ctx.store.tables.customers.map((c) => [c.number, c.id]));
        return ctx.store.tables.custLedgerEntries.map((e) => ({
          id: e.id, entryNumber: e.entryNumber, customerId: ids.get(e.customerNumber) ?? EMPTY_GUID, customerNumber: e.customerNumber, postingDate: e.postingDate,
          documentType: e.documentType, documentNumber: e.documentNumber, description: e.description, currencyCode: apiCurrencyCode(ctx.store, e.currencyCode),
          amount: e.amount, remainingAmount: e.remainingAmount, amountLCY: round2(e.amount / (e.exchangeRate || 1)), remainingAmountLCY: round2(e.remainingAmount / (e.exchangeRate || 1)),
          dueDate: e.dueDate, open: e.open, appliesToDocumentNumber: e.appliesToDocumentNumber, lastModifiedDateTime: e.lastModifiedDateTime,
        }));
      },
      true,
    ),
  };
}

export function keyNotSupported(setName: string): never {
  throw errors.querySyntax(`The entity set '${setName}' is an API query and has no key.`);
}
