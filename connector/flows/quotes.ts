/**
 * Quotes (original-solution.md §6): an activated CRM quote becomes a Business Central sales quote (number →
 * externalDocumentNumber, name as comment lines, Effective To → validUntilDate). A new revision keeps the quote
 * number, so the lookup by number finds the ERP quote of the earlier revision and updates it (header, then its
 * lines replaced); the earlier revision's coupling row stays as history. A won quote becomes an ERP order through
 * the quote's makeOrder action, and only when its CRM order is submitted (§6.3): then, and when that order is
 * submitted later, the order is made from the ERP quote.
 */
import { mapQuoteToSalesQuote, erpQuoteQuery, type ErpOrderSnapshot, type ErpQuoteSnapshot, type MappedDocument } from '../../domain/erpMapping';
import { QuoteState, SalesOrderState } from '../../domain/dataverseCodes';
import { normalizeId, validateQuoteForProcessing } from '../../domain/orderValidation';
import { EMPTY_GUID } from '../../domain/mappings/transforms';
import { CouplingColumns as K, ErpEntityAliases, ErpEntitySets, QuoteColumns, RequestKind, SalesOrderColumns as SO } from '../../domain/schema';
import { bcBatchError, bcLit, type BcBatchRequest, type BcRow } from '../bc/client';
import type { BatchOperation } from '../dataverse/batch';
import { batchPartError, lit, PREFER_FORMATTED_VALUES } from '../dataverse/client';
import { ConnectorFailure } from '../errors';
import { text } from '../messages';
import type { HandlerContext, Outcome, RequestHandler } from '../queue/worker';
import { chunk, couplingKeyPath, couplingUpsert, postCreate, round2 } from './common';
import { assertNoCreateInFlight, guardedCreate } from './inDoubt';
import { checkDocument, checkOrder, createdPostExists, createErpOrder, ensureDiscount, erpPrecheck, existingOrder, orderWriteBack, readOrderOperation, type ErpOrder } from './submitOrder';

export interface QuoteCoupling {
  erpId: string;
  erpNumber: string;
}

export async function quoteCouplingFor(ctx: HandlerContext, quoteId: string): Promise<QuoteCoupling | null> {
  const row = await ctx.services.dv.getOrNull<Record<string, unknown>>(`${couplingKeyPath('quote', quoteId)}?$select=${K.erpId},${K.erpNumber},${K.erpEntity}`);
  if (!row || ![ErpEntitySets.salesQuote, ...ErpEntityAliases.salesQuotes].includes(String(row[K.erpEntity])) || !row[K.erpId]) return null;
  return { erpId: String(row[K.erpId]), erpNumber: String(row[K.erpNumber] ?? '') };
}

/** BC writes "no location" as the empty GUID; a mapped line without a location has no locationId. */
const locationOf = (l: Record<string, unknown>): string => {
  const id = normalizeId(String(l.locationId ?? ''));
  return id === EMPTY_GUID ? '' : id;
};
const lineKey = (l: Record<string, unknown>): string =>
  `${String(l.lineType)}|${String(l.lineObjectNumber ?? '').toUpperCase()}|${Number(l.quantity ?? 0)}|${round2(Number(l.unitPrice ?? 0))}`;

/**
 * Same item/resource lines (type, number, quantity, price, ship-from location), whatever their order and comments:
 * makeOrder copies the ERP quote's lines, so a line moved to another location on the order must not go through it.
 * A CRM line without location matches whatever location the ERP quote line has: Business Central gave that line the
 * customer's (else the company's) location when the quote was made (sandbox/businesscentral/locationDefault.ts), as
 * it would give a new order line; the user chose none, the ERP decides either way.
 */
export function sameLines(mapped: MappedDocument, erpLines: readonly BcRow[]): boolean {
  const wanted = mapped.lines.filter((l) => l.lineType !== 'Comment').map((l) => l as unknown as Record<string, unknown>);
  const left = erpLines.filter((l) => l.lineType !== 'Comment').map((l) => ({ key: lineKey(l), location: locationOf(l) }));
  if (wanted.length !== left.length) return false;
  // Lines with a location first (they need theirs), then those without (any location of a line left).
  const ordered = [...wanted].sort((a, b) => Number(!locationOf(a)) - Number(!locationOf(b)));
  for (const l of ordered) {
    const key = lineKey(l);
    const location = locationOf(l);
    const i = left.findIndex((e) => e.key === key && (!location || e.location === location));
    if (i < 0) return false;
    left.splice(i, 1);
  }
  return true;
}

/**
 * The order of a won quote: the ERP quote is given the CRM order number, then turned into the order by makeOrder
 * (which copies the number, so a crash at any point is found again by the usual lookup). When the CRM order's lines
 * no longer match the ERP quote, or the ERP quote is gone, the order is created from the CRM lines instead.
 */
export async function makeOrderFromQuote(ctx: HandlerContext, order: ErpOrderSnapshot, mapped: MappedDocument, quote: QuoteCoupling): Promise<{ erp: ErpOrder; created: boolean }> {
  const { bc } = ctx.services;
  const { existing, extra } = await erpPrecheck(ctx, order, mapped, 'salesOrders', [
    { id: 'quote', method: 'GET', url: `salesQuotes(${quote.erpId})?$select=id,number&$expand=salesQuoteLines($select=lineType,lineObjectNumber,quantity,unitPrice,locationId)` },
  ]);
  if (existing) {
    const erp = existingOrder(ctx, existing, mapped);
    await ensureDiscount(ctx, erp, mapped);
    return { erp, created: false };
  }
  const q = extra.quote;
  let erp: ErpOrder;
  if (q && q.status < 400 && sameLines(mapped, ((q.body as { salesQuoteLines?: BcRow[] }).salesQuoteLines ?? []) as BcRow[])) {
    const target = { document: 'order' as const, number: mapped.body.externalDocumentNumber };
    assertNoCreateInFlight(ctx, target);
    await bc.patch(`salesQuotes(${quote.erpId})`, { externalDocumentNumber: mapped.body.externalDocumentNumber });
    const made = await guardedCreate(ctx, target, () => bc.action<BcRow>('salesQuotes', quote.erpId, 'makeOrder'));
    let row = made && made.id ? made : null;
    if (!row) {
      const found = await bc.list<BcRow>(`salesOrders?$filter=${encodeURIComponent(`externalDocumentNumber eq ${bcLit(mapped.body.externalDocumentNumber)}`)}&$select=id,number,discountAmount`);
      row = found[0] ?? null;
    }
    if (!row) throw new ConnectorFailure('transient', [{ code: 'ERP_TRANSIENT', params: { service: 'Business Central', message: 'makeOrder returned no order' } }], 'HINT_WAIT');
    erp = { id: String(row.id), number: String(row.number), discountAmount: Number(row.discountAmount ?? 0) };
    ctx.note(`made ERP order ${erp.number} from ERP quote ${quote.erpNumber} (makeOrder)`);
  } else {
    ctx.note(
      q && q.status < 400
        ? `the order’s lines differ from ERP quote ${quote.erpNumber}: the order is created from the CRM lines and the ERP quote is left as it is`
        : `ERP quote ${quote.erpNumber} no longer exists: the order is created from the CRM lines`,
    );
    erp = await createErpOrder(ctx, mapped);
  }
  await ensureDiscount(ctx, erp, mapped);
  return { erp, created: true };
}

/** Header fields of a mapped quote (the deep-insert body without its lines). */
function headerOf(mapped: MappedDocument): Record<string, unknown> {
  const { salesQuoteLines: _lines, salesOrderLines: _o, ...header } = mapped.body;
  void _lines;
  void _o;
  return header;
}

/** Updates an ERP quote to a new revision: header, then every line replaced (in JSON batches of ≤ 100). */
async function updateErpQuote(ctx: HandlerContext, erpId: string, mapped: MappedDocument): Promise<BcRow> {
  const { bc } = ctx.services;
  const updated = await bc.patch<BcRow>(`salesQuotes(${erpId})`, headerOf(mapped));
  const current = await bc.list<BcRow>(`salesQuotes(${erpId})/salesQuoteLines?$select=id`);
  const ops: BcBatchRequest[] = [
    ...current.map((l, i): BcBatchRequest => ({ id: `d${i}`, method: 'DELETE', url: `salesQuotes(${erpId})/salesQuoteLines(${String(l.id)})` })),
  ];
  for (const part of chunk(ops, 100)) {
    const res = await bc.batch(part);
    const bad = res.find((r) => r.status >= 400 && r.status !== 404);
    if (bad) throw bcBatchError(bad, 'Replacing the ERP quote lines');
  }
  // Lines are inserted in sequence order, one batch after the other, so the ERP keeps the CRM order.
  for (const part of chunk(mapped.lines, 100)) {
    const res = await bc.batch(part.map((l, i): BcBatchRequest => ({ id: `p${i}`, method: 'POST', url: `salesQuotes(${erpId})/salesQuoteLines`, body: l })));
    const bad = res.find((r) => r.status >= 400);
    if (bad) throw bcBatchError(bad, 'Writing the ERP quote lines');
  }
  ctx.note(`updated ERP quote ${String(updated?.number ?? erpId)} to this revision (${current.length} line(s) replaced by ${mapped.lines.length})`);
  return updated;
}

export function processQuoteHandler(): RequestHandler {
  return {
    kind: RequestKind.processQuote,

    async process(ctx: HandlerContext): Promise<Outcome> {
      const { ref, bc, dv } = ctx.services;
      const quoteId = normalizeId(ctx.row.erp_targetid);
      if (!quoteId) {
        await ctx.claimAndRead([]);
        throw new ConnectorFailure('permanent', [{ code: 'TARGET_MISSING', params: { table: ctx.row.erp_targettable ?? '', id: ctx.row.erp_targetid ?? '' } }], 'HINT_ADMIN');
      }
      const [quoteRes, couplingRes] = await ctx.claimAndRead([
        { method: 'GET', url: `quotes(${quoteId})${erpQuoteQuery()}`, headers: { ...PREFER_FORMATTED_VALUES } },
        { method: 'GET', url: `${couplingKeyPath('quote', quoteId)}?$select=${K.erpId},${K.erpNumber}` },
      ]);
      if (quoteRes.status === 404) throw new ConnectorFailure('permanent', [{ code: 'QUOTE_NOT_FOUND', params: { id: quoteId } }], 'HINT_ADMIN');
      if (quoteRes.status >= 400) throw batchPartError(quoteRes, 'Reading the quote');
      const quote = quoteRes.body as ErpQuoteSnapshot;
      const coupled = couplingRes && couplingRes.status < 400 ? (couplingRes.body as Record<string, unknown>) : null;

      const problems = validateQuoteForProcessing(quote, { connection: ref.connection, couplings: ref.couplings(), stage: 'connector', erpCurrencyCodes: ref.erpCurrencyCodes });
      const mapped = checkDocument(ctx, problems, () => mapQuoteToSalesQuote(quote, { connection: ref.connection, couplings: ref.couplings(), choices: ref.choicesFor('quote'), locations: ref.locationIdByCode, timeZones: ref.timeZones }));

      let erp: { id: string; number: string };
      if (coupled?.[K.erpId] && quote.erp_erpquotenumber) {
        // Already processed (BC skips coupled quotes): nothing to send.
        erp = { id: String(coupled[K.erpId]), number: String(coupled[K.erpNumber] ?? quote.erp_erpquotenumber) };
        ctx.note(`the quote is already ERP quote ${erp.number}`);
      } else {
        const { existing } = await erpPrecheck(ctx, quote, mapped, 'salesQuotes');
        if (existing) {
          const updated = await updateErpQuote(ctx, String(existing.id), mapped);
          erp = { id: String(existing.id), number: String(updated?.number ?? existing.number) };
        } else {
          const target = { document: 'quote' as const, number: mapped.body.externalDocumentNumber };
          assertNoCreateInFlight(ctx, target);
          const row = await guardedCreate(ctx, target, () => bc.post<BcRow>('salesQuotes', mapped.body));
          erp = { id: String(row.id), number: String(row.number) };
          ctx.note(`created ERP quote ${erp.number} with ${mapped.lines.length} line(s) in one call`);
        }
      }
      await ctx.services.hooks.afterErpCreate?.({ requestId: ctx.row.erp_integrationrequestid, erpId: erp.id, erpNumber: erp.number });

      const ops: BatchOperation[] = [
        couplingUpsert({ crmTable: 'quote', crmId: quoteId, erpEntity: ErpEntitySets.salesQuote, erpId: erp.id, erpNumber: erp.number, connectionId: ref.connectionId, now: ctx.now }),
      ];
      if (quote.statecode === QuoteState.active) {
        // Won/closed quotes are read-only in Dataverse; the coupling row records the ERP quote for them.
        ops.push({ method: 'PATCH', url: `quotes(${quoteId})`, body: { [QuoteColumns.erpQuoteNumber]: erp.number } });
        if (!quote.erp_erpquotenumber) ops.push(postCreate({ table: 'quote', id: quoteId }, { kind: 'quoteProcessed', erpNumber: erp.number }, ref.postLcid(quote._owninguser_value)));
      }
      let summary = text('Result.QuoteInErp', { number: erp.number }, ctx.lcid);

      if (quote.statecode === QuoteState.won) {
        const orders = await dv.list<Record<string, unknown>>(
          `salesorders?$select=salesorderid,ordernumber,statecode,${SO.erpOrderNumber}&$filter=${encodeURIComponent(`_quoteid_value eq ${quoteId}`)}&$orderby=createdon desc&$top=1`,
          1,
        );
        const o = orders[0];
        if (!o) {
          summary += ' ' + text('QUOTE_ORDER_NOT_FOUND', {}, ctx.lcid);
        } else if (o.statecode === SalesOrderState.submitted && !o[SO.erpOrderNumber]) {
          const orderId = normalizeId(String(o.salesorderid));
          const orderRow = await dv.get<ErpOrderSnapshot>(readOrderOperation(orderId).url);
          const orderMapped = checkOrder(ctx, orderRow);
          const { erp: erpOrder, created } = await makeOrderFromQuote(ctx, orderRow, orderMapped, { erpId: erp.id, erpNumber: erp.number });
          ops.push(...orderWriteBack(ctx, orderId, orderRow._owninguser_value, erpOrder, !created && (await createdPostExists(ctx, orderId, erpOrder.number))));
          summary += ' ' + text('Result.OrderInErp', { number: erpOrder.number }, ctx.lcid);
        } else if (!o[SO.erpOrderNumber]) {
          summary += ' ' + text('QUOTE_WAITING_FOR_ORDER', { number: erp.number, order: String(o.ordernumber ?? '') }, ctx.lcid);
        }
      }
      return { summary, erpDocumentNumber: erp.number, erpDocumentId: erp.id, ops };
    },
  };
}

export { lit };
