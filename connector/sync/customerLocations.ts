/**
 * The customer card's "Location Code", where Business Central ships an order line that comes without a location
 * (issue #19; sandbox/businesscentral/locationDefault.ts cites the AL). API v2.0 customers has no such field; standard
 * page 22 "Customer List" shows it (microsoft/BCApps src/Layers/W1/BaseApp/Sales/Customer/CustomerList.Page.al,
 * `field("Location Code"; Rec."Location Code")`) and is read once an admin publishes it as CustomerList
 * (docs/connector.md). It fills the customers' virtual field `locationCode` (domain/mappings/catalog.ts), which the
 * CUSTOMER mapping writes on the account (erp_erplocationcode).
 *
 * Requests: a page of up to LOOKUP_MAX customers is one read filtered to their numbers (incremental passes); a larger
 * page uses one read per synchronisation run of the customers that have a location (`Location_Code ne ''`), shared by
 * every later read of the run. Not published (asked once per run), or not readable: the rows stay without
 * `locationCode`, so the accounts keep what they have; nothing fails.
 */
import { bcLit } from '../bc/client';
import { isForbidden, isSourceMissing, publishedPage, publishedUrl } from '../bc/standardSources';
import type { SyncContext } from './context';

/** Numbers per filtered read (`No eq … or …`, the same chunk as the tracking numbers' reads). */
export const LOOKUP_MAX = 40;

/** Location by customer number, or null when the page cannot be read. */
type Locations = Map<string, string> | null;

/** Per synchronisation run: the run-wide read once made, or the page found missing (not asked again). */
interface RunState {
  all?: Promise<Locations>;
  missing?: boolean;
}
const runs = new WeakMap<SyncContext, RunState>();

async function read(ctx: SyncContext, state: RunState, filter: string): Promise<Locations> {
  const page = publishedPage('customerLocations');
  try {
    const url = await publishedUrl(ctx.s.bc, ctx.s.config.bc, page.serviceName);
    const rows = await ctx.s.bc.listAbsolute<{ No?: unknown; Location_Code?: unknown }>(`${url}?$select=No,Location_Code&$filter=${encodeURIComponent(filter)}`);
    return new Map(rows.map((r) => [String(r.No ?? ''), String(r.Location_Code ?? '')]));
  } catch (e) {
    const object = `page ${page.objectId} "${page.objectName}" (${page.serviceName})`;
    if (isSourceMissing(e)) {
      state.missing = true;
      ctx.s.log.debug('customer locations: page not published; accounts keep their ERP location', { page: object });
    } else ctx.s.log.warn(isForbidden(e) ? 'customer locations: read refused' : 'customer locations unavailable', { page: object, error: (e as Error).message });
    return null;
  }
}

/** Which read a page of customers needs: its numbers, or the run's list of customers with a location. */
export function locationRead(numbers: readonly string[]): { kind: 'numbers'; filter: string } | { kind: 'run'; filter: string } {
  return numbers.length <= LOOKUP_MAX ? { kind: 'numbers', filter: numbers.map((n) => `No eq ${bcLit(n)}`).join(' or ') } : { kind: 'run', filter: "Location_Code ne ''" };
}

/**
 * Sets `locationCode` on each customer row ('' = none) when the page is readable; leaves the rows alone otherwise.
 * Once a run has read every customer with a location, later rows of the same run use that read.
 */
export async function addCustomerLocations(ctx: SyncContext, rows: Array<Record<string, unknown>>): Promise<void> {
  const numbers = [...new Set(rows.map((r) => String(r.number ?? '')).filter((n) => n))];
  if (!numbers.length) return;
  let state = runs.get(ctx);
  if (!state) runs.set(ctx, (state = {}));
  if (state.missing && !state.all) return;
  const how = locationRead(numbers);
  let locations: Locations;
  if (state.all) locations = await state.all;
  else if (how.kind === 'numbers') locations = await read(ctx, state, how.filter);
  else locations = await (state.all = read(ctx, state, how.filter));
  if (!locations) return;
  for (const r of rows) if (r.number) r.locationCode = locations.get(String(r.number)) ?? '';
}
