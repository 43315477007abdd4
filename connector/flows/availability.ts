/**
 * Item availability per ERP location into erp_itemavailability (one row per item × location, upserted on the
 * alternate key item number + location code), on request (kind refreshAvailability, target = product) and on
 * schedule for items whose stock moved.
 *
 * Standard sources only: Microsoft's analytics API (the Power BI Reports app's API queries, column names from their AL
 * sources in microsoft/BCApps src/Apps/W1/PowerBIReports/App/Inventory/APIs):
 *  - itemLedgerEntries (query 36968): on hand per location = the open entries' remainingQuantity;
 *  - outstandingSalesLines (query 36975): reserved = outstandingQtyBase of documentType Order (the query also returns
 *    Return Order lines, goods coming back, which are not demand);
 *  - outstandingPurchaseLines (query 36973): incoming = outstandingQtyBase of documentType Order (Return Order lines
 *    go back to the vendor), next receipt = the earliest expectedReceiptDate and the quantity due that day.
 * available = on hand − reserved. API v2.0 gives the location names. The Item Availability control derives the
 * earliest date a requested quantity is covered from these rows (domain/availability.earliestAvailableDate).
 *
 * Incremental refresh (the queries have no lastModifiedDateTime): items with item ledger entries numbered above the
 * last entry seen (entry numbers only grow), items on sales orders changed since the last run (API v2.0
 * lastModifiedDateTime), and items whose incoming figures from outstandingPurchaseLines differ from what Dataverse
 * shows (a purchase order created, changed, received or deleted). The watermark keeps "<time>|<entry no>".
 */
import { normalizeId } from '../../domain/orderValidation';
import { ItemAvailabilityColumns as A, ProductColumns, RequestKind, Tables } from '../../domain/schema';
import { bcLit, type BcRow } from '../bc/client';
import { analyticsUrl } from '../bc/standardSources';
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
  /** Quantity due on the next receipt date (all purchase order lines due that day at this location). */
  nextReceiptQuantity: number | null;
  unit: string | null;
}

interface ProductRow {
  productid: string;
  name?: string | null;
  erp_itemnumber?: string | null;
}

const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/** Enum values arrive as names; a space may come XML-encoded (_x0020_). */
const enumName = (v: unknown): string => String(v ?? '').replace(/_x0020_/g, ' ');
const dateOf = (v: unknown): string | null => (v && !String(v).startsWith(EMPTY_DATE) ? String(v).slice(0, 10) : null);

/** Pure: the figures per item and location from the three analytics queries' rows. */
export function figuresFromAnalytics(rows: { entries: readonly BcRow[]; sales: readonly BcRow[]; purchases: readonly BcRow[] }, locations: ReadonlyMap<string, string>): LocationFigures[] {
  type Acc = { onHand: number; reserved: number; incoming: number; next: { date: string; qty: number } | null; unit: string | null };
  const acc = new Map<string, Acc>();
  const at = (item: unknown, loc: unknown): Acc => {
    const k = `${String(item)}|${String(loc ?? '')}`;
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { onHand: 0, reserved: 0, incoming: 0, next: null, unit: null }));
    return a;
  };
  for (const e of rows.entries) {
    if (e.open === false) continue;
    const a = at(e.itemNo, e.locationCode);
    a.onHand += n(e.remainingQuantity);
    a.unit = a.unit ?? ((e.unitOfMeasureCode as string) || null);
  }
  for (const l of rows.sales) if (enumName(l.documentType) === 'Order') at(l.itemNo, l.locationCode).reserved += n(l.outstandingQtyBase);
  for (const p of rows.purchases) {
    if (enumName(p.documentType) !== 'Order') continue;
    const a = at(p.itemNo, p.locationCode);
    const qty = n(p.outstandingQtyBase);
    a.incoming += qty;
    const date = dateOf(p.expectedReceiptDate);
    if (!date) continue;
    if (!a.next || date < a.next.date) a.next = { date, qty };
    else if (date === a.next.date) a.next.qty += qty;
  }
  return [...acc].map(([k, a]) => {
    const [itemNumber, locationCode] = k.split('|');
    return {
      itemNumber, locationCode, locationName: locations.get(locationCode) || null, onHand: round2(a.onHand), reserved: round2(a.reserved), incoming: round2(a.incoming),
      available: round2(a.onHand - a.reserved), nextReceiptDate: a.next?.date ?? null, nextReceiptQuantity: a.next ? round2(a.next.qty) : null, unit: a.unit,
    };
  });
}

async function readQuery(s: Services, entitySet: string, filter: string, select: string): Promise<BcRow[]> {
  const url = analyticsUrl(s.config.bc, entitySet);
  if (!url) return [];
  return s.bc.listAbsolute<BcRow>(`${url}?$filter=${encodeURIComponent(filter)}&$select=${select}`, 50);
}

/** Figures per item and location for these items. */
export async function readAvailability(s: Services, itemNumbers: readonly string[]): Promise<Map<string, LocationFigures[]>> {
  const out = new Map<string, LocationFigures[]>(itemNumbers.map((i) => [i, []]));
  if (!s.config.bc.analyticsUrl || !itemNumbers.length) return out;
  const locations = new Map((await s.bc.list<BcRow>('locations?$select=code,displayName')).map((l) => [String(l.code), String(l.displayName ?? '')]));
  for (const part of chunk(itemNumbers, 40)) {
    const items = part.map((i) => `itemNo eq ${bcLit(i)}`).join(' or ');
    const entries = await readQuery(s, 'itemLedgerEntries', `open eq true and (${items})`, 'itemNo,locationCode,remainingQuantity,unitOfMeasureCode,open');
    const sales = await readQuery(s, 'outstandingSalesLines', items, 'itemNo,locationCode,outstandingQtyBase,documentType');
    const purchases = await readQuery(s, 'outstandingPurchaseLines', items, 'itemNo,locationCode,outstandingQtyBase,expectedReceiptDate,documentType');
    for (const f of figuresFromAnalytics({ entries, sales, purchases }, locations)) {
      if (!out.has(f.itemNumber)) out.set(f.itemNumber, []);
      (out.get(f.itemNumber) as LocationFigures[]).push(f);
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
      ctx.note(`${figures.length} location(s) from the analytics API`);
      return { summary: text('Result.AvailabilityRefreshed', { product: product.name ?? number }, ctx.lcid), erpDocumentNumber: number, ops };
    },
  };
}

/** "<time>|<entry no>" ↔ its parts (an older watermark holds the time only: entry number unknown). */
export function parseAvailabilityMark(mark: string | null): { time: string | null; entryNo: number | null } {
  if (!mark) return { time: null, entryNo: null };
  const [time, entry] = mark.split('|');
  return { time: time || null, entryNo: entry !== undefined && /^\d+$/.test(entry) ? Number(entry) : null };
}

/** Pure: the items whose incoming figures (per location) differ between the ERP and what Dataverse shows. */
export function incomingChanged(purchases: readonly BcRow[], shown: readonly Record<string, unknown>[]): Set<string> {
  const erp = new Map<string, string>();
  for (const f of figuresFromAnalytics({ entries: [], sales: [], purchases }, new Map())) if ((f.incoming ?? 0) > 0) erp.set(`${f.itemNumber}|${f.locationCode}`, `${f.incoming}|${f.nextReceiptDate ?? ''}`);
  const dv = new Map<string, string>();
  for (const r of shown) {
    const incoming = n(r[A.incoming]);
    if (incoming > 0) dv.set(`${String(r[A.itemNumber])}|${String(r[A.locationCode] ?? '')}`, `${round2(incoming)}|${dateOf(r[A.nextReceiptDate]) ?? ''}`);
  }
  const out = new Set<string>();
  for (const k of new Set([...erp.keys(), ...dv.keys()])) if (erp.get(k) !== dv.get(k)) out.add(k.split('|')[0]);
  return out;
}

/** Scheduled: items whose stock, sales demand or incoming purchases changed since the watermark; first run: all coupled products. */
export async function refreshChangedAvailability(s: Services): Promise<{ items: number; errors: string[]; off?: true }> {
  const started = s.now();
  // The setup page's switch: turned off, nothing is read or written (the watermark stays, so turning it on resumes).
  await s.ref.ensureFresh();
  if (s.ref.connection?.erp_availabilityenabled === false) return { items: 0, errors: [], off: true };
  const marks = await readWatermarks(s.dv, [AVAILABILITY_MAPPING]);
  const mark = marks[AVAILABILITY_MAPPING];
  const previous = parseAvailabilityMark(mark);
  let changed: Set<string> | null = null;
  let newTime: string | null = previous.time;
  let newEntry = previous.entryNo;
  const lastEntry = async (): Promise<number | null> => {
    const url = analyticsUrl(s.config.bc, 'itemLedgerEntries');
    if (!url) return null;
    const top = await s.bc.getAbsolute<{ value: BcRow[] }>(`${url}?$select=entryNo&$orderby=entryNo desc&$top=1`);
    return top.value.length ? n(top.value[0].entryNo) : 0;
  };
  if (previous.time && previous.entryNo !== null) {
    changed = new Set();
    // Stock: new item ledger entries (every posting that moves stock adds one; numbers only grow).
    const entries = await readQuery(s, 'itemLedgerEntries', `entryNo gt ${previous.entryNo}`, 'entryNo,itemNo');
    for (const e of entries) {
      changed.add(String(e.itemNo));
      newEntry = Math.max(newEntry ?? 0, n(e.entryNo));
    }
    // Demand: sales orders changed since the last run (their lines have no timestamp; the header's changes with them).
    const since = new Date(Date.parse(previous.time) - 5000).toISOString();
    const orders = await s.bc.list<BcRow>(`salesOrders?$filter=${encodeURIComponent(`lastModifiedDateTime gt ${since}`)}&$select=lastModifiedDateTime&$expand=salesOrderLines($select=lineType,lineObjectNumber)`);
    for (const o of orders) {
      for (const l of (o.salesOrderLines as BcRow[] | undefined) ?? []) if (l.lineType === 'Item') changed.add(String(l.lineObjectNumber));
      newTime = later(newTime, o.lastModifiedDateTime as string);
    }
    // Incoming: the outstanding purchase lines compared with the incoming figures Dataverse shows.
    const url = analyticsUrl(s.config.bc, 'outstandingPurchaseLines');
    if (url) {
      const purchases = await s.bc.listAbsolute<BcRow>(`${url}?$select=itemNo,locationCode,outstandingQtyBase,expectedReceiptDate,documentType`, 200);
      const shown = await s.dv.list<Record<string, unknown>>(`${Tables.itemAvailability.entitySet}?$select=${A.itemNumber},${A.locationCode},${A.incoming},${A.nextReceiptDate}&$filter=${encodeURIComponent(`${A.incoming} gt 0`)}`);
      for (const item of incomingChanged(purchases, shown)) changed.add(item);
    }
  } else {
    newTime = started.toISOString();
    newEntry = await lastEntry();
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
  const newMark = newTime ? `${newTime}|${newEntry ?? ''}` : null;
  await saveJob(s.dv, AVAILABILITY_MAPPING, 'ERP item availability', run, started, s.now(), run.failed ? mark : newMark);
  s.log.info('item availability refreshed', { items: numbers.length, failed: run.failed });
  return { items: numbers.length, errors: run.errors };
}
