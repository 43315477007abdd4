/**
 * The quote lifecycle messages of Dynamics 365 Sales beyond WinQuote/CloseQuote: ReviseQuote and
 * ConvertQuoteToSalesOrder (both Web API actions, unbound, returning the created row), and the state rule CloseQuote
 * shares with them. Sources:
 * - ReviseQuote Action (learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/mt607543(v=crm.8)):
 *   QuoteId (Edm.Guid, not nullable), ColumnSet; returns the quote. ReviseQuoteRequest.ColumnSet: "Assign null to
 *   this property to retrieve only the primary key" (… gg326705(v=crm.7)). It needs the quote to be Closed: the
 *   platform answers "The quote cannot be revised because it is not in closed state." and Sales' own command closes
 *   the quote as Revised before calling it (reported by XrmLibrary's QuoteHelper and XrmMockup's
 *   ReviseQuoteRequestHandler, which both close first; Microsoft's page does not say it). The revision keeps the
 *   quote number, takes revisionnumber + 1, is a Draft, and gets copies of the lines.
 * - ConvertQuoteToSalesOrder Action (… mt607842(v=crm.8)): QuoteId, ColumnSet, QuoteCloseDate, QuoteCloseStatus,
 *   QuoteCloseSubject, QuoteCloseDescription; returns the salesorder. Microsoft's SDK sample wins the quote first
 *   ("this is necessary in order to convert a quote into a SalesOrder"); the QuoteClose* parameters let Sales'
 *   Create Order command convert an Active quote, which is then closed as won ("When you create an order from a
 *   quote, the quote is automatically closed as won", ce/sales/close-quote.md; "Start with an active quote",
 *   ce/sales/create-edit-order-sales.md). So: Active (won on the way) or Won; Draft and Closed are refused.
 *   The order gets quoteid, the header and the lines (write-ins included) through Sales' system mappings: standard
 *   columns, plus the custom columns an imported solution maps (attribute maps appended to the system quote →
 *   salesorder and quotedetail → salesorderdetail entity maps; entityMaps.ts).
 * - CloseQuote: "You can close a quote only when it's in the Active state" (ce/sales/close-quote.md).
 * Refusal texts other than the revise one are APPROX (docs/dataverse-standin.md).
 */
import { randomUUID } from 'crypto';
import { QuoteState, QuoteStatus } from '../../domain/dataverseCodes';
import type { ApiResponse } from './api';
import type { Engine, RequestContext } from './engine';
import { Codes, DataverseError, payloadError } from './errors';
import { checkMessagePrivileges } from './messagePrivileges';
import { mappedValues } from './entityMaps';
import type { TableDef } from './metadata/types';
import { isLookup, type Row } from './store';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Columns the platform keeps itself or that belong to one row only: never copied to a revision or an order. */
const NOT_COPIED = new Set([
  'statecode', 'statuscode', 'createdon', 'modifiedon', 'createdby', 'modifiedby', 'createdonbehalfby', 'modifiedonbehalfby', 'versionnumber', 'ownerid', 'owninguser',
  'owningteam', 'owningbusinessunit', 'closedon', 'overriddencreatedon', 'exchangerate', 'baseamount', 'extendedamount', 'productname', 'volumediscountamount',
]);

/** Header columns the order takes from the quote (Sales' quote → order mapping), when both tables have them. */
const HEADER_FROM_QUOTE = [
  'name', 'description', 'customerid', 'pricelevelid', 'transactioncurrencyid', 'discountpercentage', 'discountamount', 'freightamount', 'paymenttermscode',
  'shippingmethodcode', 'freighttermscode', 'willcall', 'requestdeliveryby', 'ispricelocked',
];
const LINE_FROM_QUOTE = [
  'productid', 'uomid', 'productdescription', 'description', 'quantity', 'priceperunit', 'ispriceoverridden', 'manualdiscountamount', 'tax', 'sequencenumber',
  'lineitemnumber', 'requestdeliveryby', 'salesrepid',
];

function quoteIdParam(params: Record<string, unknown>, action: string): string {
  const id = params.QuoteId;
  if (id === undefined || id === null) throw payloadError(action, `The parameter 'QuoteId' of ${action} is required.`);
  if (typeof id !== 'string' || !GUID.test(id.replace(/[{}]/g, ''))) throw payloadError(action, `Cannot convert the literal '${String(id)}' to the expected type 'Edm.Guid'.`);
  return id.replace(/[{}]/g, '').toLowerCase();
}

/** ColumnSet → $select: null/absent = primary key only, AllColumns = every column, Columns by logical name (lookups too). */
function selectOf(table: TableDef, columnSet: unknown, action: string): string[] | undefined {
  if (columnSet === undefined || columnSet === null) return [table.primaryId];
  if (typeof columnSet !== 'object' || Array.isArray(columnSet)) throw payloadError(action, 'ColumnSet must be an object such as {"AllColumns": false, "Columns": ["name"]}.');
  const cs = columnSet as { AllColumns?: unknown; Columns?: unknown };
  if (cs.AllColumns === true) return undefined;
  const cols = Array.isArray(cs.Columns) ? cs.Columns : [];
  return cols.map((c) => {
    const name = String(c).toLowerCase();
    const col = table.columns.get(name);
    return col && col.targets && col.targets.length > 0 ? `_${name}_value` : name;
  });
}

function entityResponse(engine: Engine, ctx: RequestContext, table: TableDef, id: string, select: string[] | undefined): ApiResponse {
  const row = engine.requireRow(table, id);
  return { status: 200, headers: {}, body: { '@odata.context': `${ctx.apiUrl}$metadata#${table.entitySetName}/$entity`, ...engine.serialize(ctx, table, row, select) } };
}

/** Copies the columns in `names` (or every copiable column) that `target` has, from `source`. */
function copyColumns(source: Row, from: TableDef, target: TableDef, names?: readonly string[], customToo = false): Row {
  const out: Row = {};
  for (const c of from.columns.values()) {
    const name = c.logicalName;
    if (name === from.primaryId || NOT_COPIED.has(name) || name.endsWith('_base')) continue;
    if (names && !names.includes(name)) continue;
    if (c.isCustom && !customToo) continue;
    const t = target.columns.get(name);
    if (!t || source[name] === undefined || source[name] === null) continue;
    out[name] = source[name];
  }
  return out;
}

function linesOf(engine: Engine, quoteId: string): Row[] {
  return [...engine.store.rowsWhere('quotedetail', 'quoteid', { id: quoteId, table: 'quote' })]
    .filter((l) => isLookup(l.quoteid) && l.quoteid.id === quoteId)
    .sort((a, b) => Number(a.sequencenumber ?? 0) - Number(b.sequencenumber ?? 0));
}

/**
 * The QuoteClose activity a closing message records: the QuoteClose parameter is a quoteclose entity (WinQuote /
 * CloseQuote Action: "quoteclose EntityType"), created Completed with the columns the caller gave, checked as any
 * create (an unknown column or a too long subject is refused and the whole message with it).
 */
export function recordQuoteClose(engine: Engine, ctx: RequestContext, quoteClose: unknown): void {
  const table = engine.catalog.table('quoteclose');
  if (!table || typeof quoteClose !== 'object' || quoteClose === null) return;
  const body = Object.fromEntries(Object.entries(quoteClose as Record<string, unknown>).filter(([k]) => k !== '@odata.type'));
  engine.create(ctx, table, { ...body, statecode: 1, statuscode: 2 });
}

/** CloseQuote's precondition: only an Active quote can be closed (Lost, Canceled or Revised). */
export function assertQuoteClosable(row: Row): void {
  if (Number(row.statecode) !== QuoteState.active)
    throw new DataverseError(400, Codes.invalidStateStatus, `The quote cannot be closed because it is not in active state. Current state: ${String(row.statecode)}. Activate a draft quote first.`);
}

/** POST /ReviseQuote {QuoteId, ColumnSet}: a Draft copy of a Closed quote, same number, next revision, lines copied. */
export function reviseQuote(engine: Engine, ctx: RequestContext, params: Record<string, unknown>): ApiResponse {
  checkMessagePrivileges(engine.security, ctx.user, 'ReviseQuote');
  const quote = engine.catalog.table('quote')!;
  const line = engine.catalog.table('quotedetail')!;
  const id = quoteIdParam(params, 'ReviseQuote');
  const select = selectOf(quote, params.ColumnSet, 'ReviseQuote');
  const { row } = engine.retrieve(ctx, quote, id, { aliases: {}, select: [quote.primaryId] });
  if (Number(row.statecode) !== QuoteState.closed) throw new DataverseError(400, Codes.invalidStateStatus, 'The quote cannot be revised because it is not in closed state.');
  const newId = randomUUID();
  engine.store.transaction(() => {
    const header = copyColumns(row, quote, quote, undefined, true);
    header.revisionnumber = Number(row.revisionnumber ?? 0) + 1;
    engine.upsertRaw(ctx, quote, newId, header);
    for (const l of linesOf(engine, id)) engine.upsertRaw(ctx, line, randomUUID(), { ...copyColumns(l, line, line, undefined, true), quoteid: { id: newId, table: 'quote' } });
  });
  return entityResponse(engine, ctx, quote, newId, select);
}

function optionalStatus(params: Record<string, unknown>): number {
  const s = params.QuoteCloseStatus;
  if (s === undefined || s === null) return -1;
  if (typeof s !== 'number' || !Number.isInteger(s)) throw payloadError('ConvertQuoteToSalesOrder', 'QuoteCloseStatus must be an integer status code (or -1 for the default).');
  return s;
}

/** POST /ConvertQuoteToSalesOrder {QuoteId, ColumnSet, QuoteClose*}: the order of an Active (then won) or Won quote. */
export function convertQuoteToSalesOrder(engine: Engine, ctx: RequestContext, params: Record<string, unknown>): ApiResponse {
  checkMessagePrivileges(engine.security, ctx.user, 'ConvertQuoteToSalesOrder');
  const quote = engine.catalog.table('quote')!;
  const quoteLine = engine.catalog.table('quotedetail')!;
  const order = engine.catalog.table('salesorder')!;
  const orderLine = engine.catalog.table('salesorderdetail')!;
  const id = quoteIdParam(params, 'ConvertQuoteToSalesOrder');
  const select = selectOf(order, params.ColumnSet, 'ConvertQuoteToSalesOrder');
  const status = optionalStatus(params);
  const { row } = engine.retrieve(ctx, quote, id, { aliases: {}, select: [quote.primaryId] });
  const state = Number(row.statecode);
  if (state !== QuoteState.active && state !== QuoteState.won)
    throw new DataverseError(400, Codes.invalidStateStatus, `Only an active or won quote can be converted to an order. Current state: ${String(row.statecode)}.`);
  const orderId = randomUUID();
  engine.store.transaction(() => {
    if (state === QuoteState.active) {
      // Won on the way, as Sales' Create Order does; the status must be a Won status (WinQuote's rule).
      checkMessagePrivileges(engine.security, ctx.user, 'WinQuote');
      engine.setState(ctx, quote, id, QuoteState.won, status === -1 ? QuoteStatus.won : status, 'WinQuote');
      recordQuoteClose(engine, ctx, {
        'quoteid@odata.bind': `/quotes(${id})`,
        subject: typeof params.QuoteCloseSubject === 'string' ? params.QuoteCloseSubject : null,
        description: typeof params.QuoteCloseDescription === 'string' ? params.QuoteCloseDescription : null,
        actualend: typeof params.QuoteCloseDate === 'string' ? params.QuoteCloseDate : null,
      });
    }
    const current = engine.requireRow(quote, id);
    const header = { ...copyColumns(current, quote, order, HEADER_FROM_QUOTE), ...mappedValues(engine.catalog, 'quote', 'salesorder', current) };
    engine.upsertRaw(ctx, order, orderId, { ...header, quoteid: { id, table: 'quote' } });
    for (const l of linesOf(engine, id))
      engine.upsertRaw(ctx, orderLine, randomUUID(), { ...copyColumns(l, quoteLine, orderLine, LINE_FROM_QUOTE), ...mappedValues(engine.catalog, 'quotedetail', 'salesorderdetail', l), salesorderid: { id: orderId, table: 'salesorder' } });
  });
  return entityResponse(engine, ctx, order, orderId, select);
}
