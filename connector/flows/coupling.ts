/**
 * Basic coupling by number, what the flows need (full synchronisation is another issue): account ⇄ customer
 * (account number = customer number), contact ⇄ contact (e-mail), product ⇄ item (product number = item number;
 * Services products ⇄ resources by number: API v2.0 has no resources entity to check them against), user ⇄
 * salesperson (e-mail), currency (ISO code; the ERP's local currency too), unit (name = code).
 * Writes erp_coupling rows (upsert on the CRM record) and the number columns the forms show (account
 * erp_customernumber, product erp_itemnumber). Only what changed is written. Scheduled, and on request (kind couple).
 */
import { ProductType } from '../../domain/dataverseCodes';
import { normalizeId } from '../../domain/orderValidation';
import { AccountColumns, CouplingColumns as K, ErpEntitySets as E, ProductColumns, RequestKind, SyncDirection, Tables } from '../../domain/schema';
import { bcBatchError, type BcRow } from '../bc/client';
import type { BatchOperation, BatchPart } from '../dataverse/batch';
import { batchPartError } from '../dataverse/client';
import type { HandlerContext, Outcome, RequestHandler } from '../queue/worker';
import type { Services } from '../services';
import { chunk, couplingUpsert } from './common';
import { newRun, saveJob } from './syncState';

export const COUPLING_MAPPING = 'erp-coupling:basic';

export interface CouplingSummary {
  coupled: Record<string, number>;
  /** Records that could not be coupled automatically, with why. */
  skipped: string[];
  written: number;
  failed: number;
  errors: string[];
}

type Existing = Map<string, { erpId: string; erpNumber: string; erpEntity: string }>;
const key = (table: string, id: string): string => `${table}|${normalizeId(id)}`;
const upper = (v: unknown): string => String(v ?? '').trim().toUpperCase();
const lower = (v: unknown): string => String(v ?? '').trim().toLowerCase();

export async function runCoupling(s: Services): Promise<CouplingSummary> {
  const { dv, bc } = s;
  const started = s.now();
  await s.ref.ensureFresh();
  const [accounts, products, users, currencies, uoms, contacts, existingRows] = await Promise.all([
    dv.list<Record<string, unknown>>(`accounts?$select=accountid,name,accountnumber,${AccountColumns.customerNumber}&$filter=${encodeURIComponent('accountnumber ne null and customertypecode eq 3')}`),
    dv.list<Record<string, unknown>>(`products?$select=productid,name,productnumber,producttypecode,${ProductColumns.itemNumber}&$filter=${encodeURIComponent('productnumber ne null')}`),
    dv.list<Record<string, unknown>>(`systemusers?$select=systemuserid,fullname,internalemailaddress&$filter=${encodeURIComponent('internalemailaddress ne null')}`),
    dv.list<Record<string, unknown>>('transactioncurrencies?$select=transactioncurrencyid,isocurrencycode,currencyname'),
    dv.list<Record<string, unknown>>('uoms?$select=uomid,name'),
    dv.list<Record<string, unknown>>(`contacts?$select=contactid,fullname,emailaddress1&$filter=${encodeURIComponent('emailaddress1 ne null')}`),
    dv.list<Record<string, unknown>>(`${Tables.coupling.entitySet}?$select=${K.crmTable},${K.crmId},${K.erpId},${K.erpNumber},${K.erpEntity}`),
  ]);
  const results = await bc.batch([
    { id: 'customers', method: 'GET', url: 'customers?$select=id,number,displayName' },
    { id: 'items', method: 'GET', url: 'items?$select=id,number,type' },
    { id: 'salespeople', method: 'GET', url: 'salespeoplePurchasers?$select=id,code,email' },
    { id: 'currencies', method: 'GET', url: 'currencies?$select=id,code' },
    { id: 'units', method: 'GET', url: 'unitsOfMeasure?$select=id,code' },
    { id: 'contacts', method: 'GET', url: 'contacts?$select=id,number,email,type' },
  ]);
  const bcRows: Record<string, BcRow[]> = {};
  for (const r of results) {
    if (r.status >= 400) throw bcBatchError(r, 'Reading ERP records to couple');
    bcRows[r.id] = (r.body as { value: BcRow[] }).value;
  }
  const existing: Existing = new Map(existingRows.map((r) => [key(String(r[K.crmTable]), String(r[K.crmId])), { erpId: String(r[K.erpId] ?? ''), erpNumber: String(r[K.erpNumber] ?? ''), erpEntity: String(r[K.erpEntity] ?? '') }]));
  const ops: BatchPart[] = [];
  const coupled: Record<string, number> = {};
  const skipped: string[] = [];
  const couple = (crmTable: string, crmId: string, erpEntity: string, erpId: string, erpNumber: string, name: string, extra: BatchOperation[] = []): void => {
    coupled[crmTable] = (coupled[crmTable] ?? 0) + 1;
    const prev = existing.get(key(crmTable, crmId));
    const changes = [...extra];
    if (!prev || prev.erpId !== erpId || prev.erpNumber !== erpNumber || prev.erpEntity !== erpEntity) {
      changes.push(couplingUpsert({ crmTable, crmId, erpEntity, erpId, erpNumber, name, direction: SyncDirection.bidirectional, connectionId: s.ref.connectionId, now: started }));
    }
    if (changes.length) ops.push({ changeSet: changes });
  };

  const customers = new Map(bcRows.customers.map((c) => [upper(c.number), c]));
  for (const a of accounts) {
    const c = customers.get(upper(a.accountnumber));
    if (!c) continue;
    const extra: BatchOperation[] = upper(a[AccountColumns.customerNumber]) !== upper(c.number) ? [{ method: 'PATCH', url: `accounts(${String(a.accountid)})`, body: { [AccountColumns.customerNumber]: upper(c.number) } }] : [];
    couple('account', String(a.accountid), E.customer, String(c.id), upper(c.number), `${String(a.name ?? '')} ⇄ ${upper(c.number)}`, extra);
  }
  const items = new Map(bcRows.items.map((i) => [upper(i.number), i]));
  for (const p of products) {
    const number = upper(p.productnumber);
    const item = items.get(number);
    // Resources are not in API v2.0: a Services product whose number is no ERP item cannot be checked, so it is
    // left as it is (coupled by hand: erp_itemnumber), never coupled blindly.
    if (!item) {
      if (p.producttypecode === ProductType.services && !p[ProductColumns.itemNumber]) skipped.push(`${String(p.productnumber)} (service: no ERP item; resources cannot be checked through API v2.0)`);
      continue;
    }
    const extra: BatchOperation[] = upper(p[ProductColumns.itemNumber]) !== number ? [{ method: 'PATCH', url: `products(${String(p.productid)})`, body: { [ProductColumns.itemNumber]: number } }] : [];
    couple('product', String(p.productid), E.item, String(item.id), number, `${String(p.name ?? '')} ⇄ ${number}`, extra);
  }
  const salespeople = new Map(bcRows.salespeople.filter((x) => x.email).map((x) => [lower(x.email), x]));
  for (const u of users) {
    const sp = salespeople.get(lower(u.internalemailaddress));
    if (sp) couple('systemuser', String(u.systemuserid), E.salesperson, String(sp.id), upper(sp.code), `${String(u.fullname ?? '')} ⇄ ${upper(sp.code)}`);
  }
  const erpCurrencies = new Map(bcRows.currencies.map((c) => [upper(c.code), String(c.id)]));
  for (const c of currencies) {
    const iso = upper(c.isocurrencycode);
    if (erpCurrencies.has(iso) || iso === s.ref.lcy) couple('transactioncurrency', String(c.transactioncurrencyid), E.currency, erpCurrencies.get(iso) ?? '', iso, `${iso} ⇄ ${iso}`);
  }
  const units = new Map(bcRows.units.map((u) => [upper(u.code), String(u.id)]));
  for (const u of uoms) {
    const code = upper(u.name);
    if (units.has(code)) couple('uom', String(u.uomid), E.unitOfMeasure, units.get(code) as string, code, `${String(u.name)} ⇄ ${code}`);
  }
  const erpContacts = new Map(bcRows.contacts.filter((c) => c.email && c.type === 'Person').map((c) => [lower(c.email), c]));
  for (const c of contacts) {
    const x = erpContacts.get(lower(c.emailaddress1));
    if (x) couple('contact', String(c.contactid), E.contact, String(x.id), upper(x.number), `${String(c.fullname ?? '')} ⇄ ${upper(x.number)}`);
  }

  const run = newRun();
  let written = 0;
  for (const part of chunk(ops, 200)) {
    const res = await dv.batch(part, { continueOnError: true });
    for (const r of res) {
      if (r.status >= 400) {
        run.failed += 1;
        run.errors.push(batchPartError(r, 'Writing couplings').message);
      } else written += 1;
    }
  }
  run.modified = written;
  run.unchanged = Object.values(coupled).reduce((a, b) => a + b, 0) - ops.length;
  run.skipped = skipped.length;
  await saveJob(dv, COUPLING_MAPPING, 'ERP basic coupling', run, started, s.now(), null);
  await s.ref.ensureFresh(true);
  s.log.info('coupling done', { coupled, written, failed: run.failed });
  return { coupled, skipped, written, failed: run.failed, errors: run.errors };
}

export function coupleHandler(): RequestHandler {
  return {
    kind: RequestKind.couple,
    async process(ctx: HandlerContext): Promise<Outcome> {
      await ctx.claimAndRead([]);
      const r = await runCoupling(ctx.services);
      const counts = Object.entries(r.coupled).map(([t, n]) => `${t} ${n}`).join(', ') || 'nothing to couple';
      if (r.failed) ctx.note(`${r.failed} coupling write(s) failed: ${r.errors.slice(0, 3).join(' | ')}`);
      if (r.skipped.length) ctx.note(`not coupled automatically: ${r.skipped.slice(0, 10).join('; ')}${r.skipped.length > 10 ? ` and ${r.skipped.length - 10} more` : ''}`);
      return { summary: `coupled by number: ${counts}; ${r.written} write(s)`, ops: [] };
    },
  };
}
