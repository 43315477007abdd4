/**
 * Item availability per ERP location into erp_itemavailability (one row per item × location, upserted on the
 * alternate key item number + location code), on request (kind refreshAvailability, target = product) and on
 * schedule for items whose stock moved.
 *
 * Sources, best first:
 * 1. The ERP Link extension route `itemLocationAvailabilities` (a custom API page in Business Central): on hand,
 *    quantity on sales orders, on purchase orders, available, next receipt date, per location.
 * 2. Standard APIs only: on hand per location from the analytics API's item ledger entries (open entries'
 *    remaining quantity) and reserved from its outstanding sales lines. API v2.0 itself has no per-location stock
 *    (items.inventory is company-wide) and no purchase lines, so without the extension "incoming" and the next
 *    receipt date stay empty and "available" is on hand − outstanding sales.
 */
import { normalizeId } from '../../domain/orderValidation';
import { ItemAvailabilityColumns as A, ProductColumns, RequestKind, Tables } from '../../domain/schema';
import { bcLit, type BcRow } from '../bc/client';
import type { BatchOperation, BatchPart } from '../dataverse/batch';
import { batchPartError, lit } from '../dataverse/client';
import { ConnectorFailure } from '../errors';
import { text } from '../messages';
import type { HandlerContext, Outcome, RequestHandler } from '../queue/worker';
import type { Services } from '../services';
import { stableGuid } from '../ids';
import { chunk, round2 } from './common';
import { later, newRun, readWatermarks, saveJob } from './syncState';

export const AVAILABILITY_MAPPING = 'erp-availability:items';
const EMPTY_DATE = '0001-01-01';

export interface LocationFigures {
  itemNumber: string;
  locationCode: string;
  locationName: string | null;
  onHand: number;
  reserved: number | null;
  incoming: number | null;
  available: number;
  nextReceiptDate: string | null;
  unit: string | null;
}

interface ProductRow {
  productid: string;
  name?: string | null;
  erp_itemnumber?: string | null;
}

const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Figures per item and location for these items. */
export async function readAvailability(s: Services, itemNumbers: readonly string[]): Promise<Map<string, LocationFigures[]>> {
  const out = new Map<string, LocationFigures[]>(itemNumbers.map((i) => [i, []]));
  const add = (f: LocationFigures): void => {
    if (!out.has(f.itemNumber)) out.set(f.itemNumber, []);
    (out.get(f.itemNumber) as LocationFigures[]).push(f);
  };
  const filterOf = (prop: string, part: string[]): string => encodeURIComponent(part.map((i) => `${prop} eq ${bcLit(i)}`).join(' or '));
  if (s.config.bc.customUrl) {
    for (const part of chunk(itemNumbers, 40)) {
      const rows = await s.bc.listAbsolute<BcRow>(`${s.config.bc.customUrl}/${s.bc.companyPath}itemLocationAvailabilities?$filter=${filterOf('itemNumber', part)}`, 20);
      for (const r of rows) {
        add({
          itemNumber: String(r.itemNumber),
          locationCode: String(r.locationCode ?? ''),
          locationName: (r.locationName as string) || null,
          onHand: round2(n(r.inventory)),
          reserved: round2(n(r.qtyOnSalesOrders)),
          incoming: round2(n(r.qtyOnPurchaseOrders)),
          available: round2(n(r.availableInventory)),
          nextReceiptDate: r.nextReceiptDate && !String(r.nextReceiptDate).startsWith(EMPTY_DATE) ? String(r.nextReceiptDate).slice(0, 10) : null,
          unit: (r.unitOfMeasureCode as string) || null,
        });
      }
    }
    return out;
  }
  if (!s.config.bc.analyticsUrl) return out;
  const locations = new Map((await s.bc.list<BcRow>('locations?$select=code,displayName')).map((l) => [String(l.code), String(l.displayName ?? '')]));
  for (const part of chunk(itemNumbers, 40)) {
    const base = `${s.config.bc.analyticsUrl}/${s.bc.companyPath}`;
    const entries = await s.bc.listAbsolute<BcRow>(`${base}itemLedgerEntries?$filter=${encodeURIComponent(`open eq true and (${part.map((i) => `itemNo eq ${bcLit(i)}`).join(' or ')})`)}&$select=itemNo,locationCode,remainingQuantity,unitOfMeasureCode`, 50);
    const sales = await s.bc.listAbsolute<BcRow>(`${base}outstandingSalesLines?$filter=${filterOf('itemNo', part)}&$select=itemNo,locationCode,outstandingQtyBase`, 50);
    const acc = new Map<string, { onHand: number; reserved: number; unit: string | null }>();
    const at = (item: string, loc: string): { onHand: number; reserved: number; unit: string | null } => {
      const k = `${item}|${loc}`;
      let a = acc.get(k);
      if (!a) acc.set(k, (a = { onHand: 0, reserved: 0, unit: null }));
      return a;
    };
    for (const e of entries) {
      const a = at(String(e.itemNo), String(e.locationCode ?? ''));
      a.onHand += n(e.remainingQuantity);
      a.unit = a.unit ?? ((e.unitOfMeasureCode as string) || null);
    }
    for (const l of sales) at(String(l.itemNo), String(l.locationCode ?? '')).reserved += n(l.outstandingQtyBase);
    for (const [k, a] of acc) {
      const [itemNumber, locationCode] = k.split('|');
      add({
        itemNumber,
        locationCode,
        locationName: locations.get(locationCode) || null,
        onHand: round2(a.onHand),
        reserved: round2(a.reserved),
        incoming: null,
        available: round2(a.onHand - a.reserved),
        nextReceiptDate: null,
        unit: a.unit,
      });
    }
  }
  return out;
}

/** An availability row already in Sales: its location and id. */
export interface ExistingAvailability {
  locationCode: string;
  id: string;
}

/**
 * The row id of one item at one location: the existing row's, else a stable id, so the upsert goes by primary key.
 * Never by the alternate key (item number, location): Dataverse cannot address a key whose value holds
 * / < > * % & : \ ? ("Define alternate keys", docs/dataverse-standin.md), and item numbers like A/100:B exist.
 */
export function availabilityRowId(itemNumber: string, locationCode: string, existing: readonly ExistingAvailability[]): string {
  return existing.find((e) => e.locationCode === locationCode)?.id ?? stableGuid(Tables.itemAvailability.logicalName, itemNumber, locationCode);
}

/** Upserts of one product's rows; rows of locations the ERP no longer reports are zeroed, not left stale. */
export function availabilityOps(product: ProductRow, itemNumber: string, figures: readonly LocationFigures[], existing: readonly ExistingAvailability[], now: Date): BatchOperation[] {
  const ops: BatchOperation[] = [];
  const seen = new Set<string>();
  for (const f of figures) {
    seen.add(f.locationCode);
    ops.push({
      method: 'PATCH',
      url: `${Tables.itemAvailability.entitySet}(${availabilityRowId(itemNumber, f.locationCode, existing)})`,
      body: {
        [A.name]: `${itemNumber} @ ${f.locationCode || '—'}`.slice(0, 100),
        [A.itemNumber]: itemNumber,
        [A.locationCode]: f.locationCode,
        [`${A.product}@odata.bind`]: `/products(${normalizeId(product.productid)})`,
        [A.locationName]: f.locationName,
        [A.onHand]: f.onHand,
        [A.reserved]: f.reserved,
        [A.incoming]: f.incoming,
        [A.available]: f.available,
        [A.nextReceiptDate]: f.nextReceiptDate,
        [A.unit]: f.unit,
        [A.refreshedOn]: now.toISOString(),
      },
    });
  }
  for (const e of existing) {
    if (seen.has(e.locationCode)) continue;
    ops.push({
      method: 'PATCH',
      url: `${Tables.itemAvailability.entitySet}(${e.id})`,
      body: { [A.onHand]: 0, [A.reserved]: 0, [A.incoming]: 0, [A.available]: 0, [A.nextReceiptDate]: null, [A.refreshedOn]: now.toISOString() },
    });
  }
  return ops;
}

async function existingLocations(s: Services, itemNumbers: readonly string[]): Promise<Map<string, ExistingAvailability[]>> {
  const out = new Map<string, ExistingAvailability[]>();
  for (const part of chunk(itemNumbers, 50)) {
    const filter = part.map((i) => `${A.itemNumber} eq ${lit(i)}`).join(' or ');
    const rows = await s.dv.list<Record<string, unknown>>(`${Tables.itemAvailability.entitySet}?$select=${Tables.itemAvailability.primaryId},${A.itemNumber},${A.locationCode}&$filter=${encodeURIComponent(filter)}`);
    for (const r of rows) {
      const k = String(r[A.itemNumber]);
      out.set(k, [...(out.get(k) ?? []), { locationCode: String(r[A.locationCode] ?? ''), id: normalizeId(String(r[Tables.itemAvailability.primaryId])) }]);
    }
  }
  return out;
}

export function refreshAvailabilityHandler(): RequestHandler {
  return {
    kind: RequestKind.refreshAvailability,
    async process(ctx: HandlerContext): Promise<Outcome> {
      const s = ctx.services;
      const productId = normalizeId(ctx.row.erp_targetid);
      const [res] = await ctx.claimAndRead([{ method: 'GET', url: `products(${productId})?$select=productid,name,${ProductColumns.itemNumber}` }]);
      if (res.status === 404) throw new ConnectorFailure('permanent', [{ code: 'TARGET_MISSING', params: { table: 'product', id: productId } }], 'HINT_ADMIN');
      if (res.status >= 400) throw batchPartError(res, 'Reading the product');
      const product = res.body as ProductRow;
      await s.ref.ensureFresh();
      if (s.ref.connection?.erp_availabilityenabled === false) throw new ConnectorFailure('permanent', [{ code: 'AVAILABILITY_OFF', params: { connection: s.ref.connection.erp_name ?? '' } }], 'HINT_ADMIN');
      const number = (product.erp_itemnumber ?? '').trim().toUpperCase();
      if (!number) throw new ConnectorFailure('permanent', [{ code: 'PRODUCT_NOT_COUPLED_AVAILABILITY', params: { product: product.name ?? productId } }], 'HINT_ADMIN');
      const figures = (await readAvailability(s, [number])).get(number) ?? [];
      const existing = (await existingLocations(s, [number])).get(number) ?? [];
      const ops = availabilityOps(product, number, figures, existing, ctx.now);
      ctx.note(`${figures.length} location(s) from ${s.config.bc.customUrl ? 'the ERP Link route' : 'the analytics API (on hand and outstanding sales only)'}`);
      return { summary: text('Result.AvailabilityRefreshed', { product: product.name ?? number }, ctx.lcid), erpDocumentNumber: number, ops };
    },
  };
}

/** Scheduled: items whose stock, sales demand or incoming purchases changed since the watermark; first run: all coupled products. */
export async function refreshChangedAvailability(s: Services): Promise<{ items: number; errors: string[]; off?: true }> {
  const started = s.now();
  // The setup page's switch: turned off, nothing is read or written (the watermark stays, so turning it on resumes).
  await s.ref.ensureFresh();
  if (s.ref.connection?.erp_availabilityenabled === false) return { items: 0, errors: [], off: true };
  const marks = await readWatermarks(s.dv, [AVAILABILITY_MAPPING]);
  const mark = marks[AVAILABILITY_MAPPING];
  let changed: Set<string> | null = null;
  let newMark: string | null = mark;
  if (mark) {
    changed = new Set();
    const since = new Date(Date.parse(mark) - 5000).toISOString();
    if (s.config.bc.customUrl) {
      const rows = await s.bc.listAbsolute<BcRow>(`${s.config.bc.customUrl}/${s.bc.companyPath}itemLocationAvailabilities?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${since}`)}&$select=itemNumber,lastModifiedDateTime`, 20);
      for (const r of rows) {
        changed.add(String(r.itemNumber));
        newMark = later(newMark, r.lastModifiedDateTime as string);
      }
    } else {
      // Standard APIs: item ledger entries carry lastModifiedDateTime in API v2.0; sales orders for the demand side.
      const entries = await s.bc.list<BcRow>(`itemLedgerEntries?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${since}`)}&$select=itemNumber,lastModifiedDateTime`);
      for (const r of entries) {
        changed.add(String(r.itemNumber));
        newMark = later(newMark, r.lastModifiedDateTime as string);
      }
      const orders = await s.bc.list<BcRow>(`salesOrders?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${since}`)}&$select=lastModifiedDateTime&$expand=salesOrderLines($select=lineType,lineObjectNumber)`);
      for (const o of orders) {
        for (const l of (o.salesOrderLines as BcRow[] | undefined) ?? []) if (l.lineType === 'Item') changed.add(String(l.lineObjectNumber));
        newMark = later(newMark, o.lastModifiedDateTime as string);
      }
    }
  } else {
    newMark = started.toISOString();
  }
  const products: ProductRow[] = [];
  if (changed === null) {
    products.push(...(await s.dv.list<ProductRow>(`products?$select=productid,name,${ProductColumns.itemNumber}&$filter=${encodeURIComponent(`${ProductColumns.itemNumber} ne null and producttypecode eq 1`)}`)));
  } else {
    for (const part of chunk([...changed], 50)) {
      const filter = part.map((i) => `${ProductColumns.itemNumber} eq ${lit(i)}`).join(' or ');
      products.push(...(await s.dv.list<ProductRow>(`products?$select=productid,name,${ProductColumns.itemNumber}&$filter=${encodeURIComponent(filter)}`)));
    }
  }
  const run = newRun();
  const numbers = [...new Set(products.map((p) => String(p.erp_itemnumber).toUpperCase()))];
  if (numbers.length) {
    const figures = await readAvailability(s, numbers);
    const existing = await existingLocations(s, numbers);
    const parts: BatchPart[] = products.map((p) => {
      const k = String(p.erp_itemnumber).toUpperCase();
      return { changeSet: availabilityOps(p, k, figures.get(k) ?? [], existing.get(k) ?? [], started) };
    });
    for (const part of chunk(parts.filter((p) => 'changeSet' in p && p.changeSet.length > 0), 50)) {
      const results = await s.dv.batch(part, { continueOnError: true });
      for (const r of results) {
        if (r.status >= 400) {
          run.failed += 1;
          run.errors.push(batchPartError(r, 'Writing availability').message);
        } else run.modified += 1;
      }
    }
  }
  await saveJob(s.dv, AVAILABILITY_MAPPING, 'ERP item availability', run, started, s.now(), run.failed ? mark : newMark);
  s.log.info('item availability refreshed', { items: numbers.length, failed: run.failed });
  return { items: numbers.length, errors: run.errors };
}
