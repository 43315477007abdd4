/**
 * Availability rules: what the ERP can deliver for a product, given the per-location rows the connector writes
 * into erp_itemavailability. Pure functions: used by the Item Availability control and by the connector.
 */
import { ProductType } from './dataverseCodes';
import { ItemAvailabilityColumns as C } from './schema';
import { numberOrNull, textOrNull } from './values';

/**
 * Names of standard Dataverse tables and columns the availability view reads. They are Microsoft's, not ours,
 * so the solution source does not define them and domain/schema.ts does not list them.
 */
export const ProductTable = { logicalName: 'product', primaryId: 'productid', productType: 'producttypecode' } as const;

/**
 * Collection-valued navigation property product → erp_itemavailability (relationship
 * erp_product_erp_itemavailability_productid in solution/src/Other/Relationships/Product.xml); lets one request
 * read the product and all its locations. tests/controls/contract.test.ts checks it against the solution source.
 */
export const ProductAvailabilityNavigation = 'erp_product_erp_itemavailability_productid';

export interface LocationAvailability {
  locationCode: string;
  locationName: string | null;
  onHand: number | null;
  reserved: number | null;
  incoming: number | null;
  /** What the connector computed; null when it could not (then on hand − reserved). */
  available: number | null;
  /** Date-only (YYYY-MM-DD) of the next expected receipt at this location, null when none is expected. */
  nextReceiptDate: string | null;
  unit: string | null;
  /** ISO date-time the connector wrote this row. */
  refreshedOn: string | null;
}

export type AvailabilityStatus = 'inStock' | 'partial' | 'outOfStock' | 'notStocked';

/** Product types that never come from a warehouse: services, flat fees and miscellaneous charges. */
export function isSoldFromStock(productType: number | null | undefined): boolean {
  return productType === null || productType === undefined || productType === ProductType.salesInventory;
}

/** Available quantity at one location; a negative figure (over-reserved) counts as nothing available. */
export function availableAt(row: LocationAvailability): number {
  const value = row.available ?? (row.onHand ?? 0) - (row.reserved ?? 0);
  return Math.max(0, value);
}

export function totalAvailable(rows: readonly LocationAvailability[]): number {
  return rows.reduce((sum, r) => sum + availableAt(r), 0);
}

/**
 * The quantity the salesperson asks for. No quantity (product form) or a non-positive one means "any":
 * the status then only says whether anything is available.
 */
function effectiveRequest(requested: number | null | undefined): number {
  return requested !== null && requested !== undefined && requested > 0 ? requested : 1;
}

export function availabilityStatus(
  rows: readonly LocationAvailability[],
  requested: number | null | undefined,
  productType?: number | null,
): AvailabilityStatus {
  if (!isSoldFromStock(productType)) return 'notStocked';
  const available = totalAvailable(rows);
  if (available <= 0) return 'outOfStock';
  return available >= effectiveRequest(requested) ? 'inStock' : 'partial';
}

/**
 * The earliest date the requested quantity can be served from all locations together, assuming each
 * location's incoming quantity arrives on its next receipt date (the ERP gives one date per location).
 * Returns 'now' when it is available today, a YYYY-MM-DD date, or null when the expected receipts never cover it.
 */
export function earliestAvailableDate(rows: readonly LocationAvailability[], requested: number | null | undefined): 'now' | string | null {
  const wanted = effectiveRequest(requested);
  let cumulative = totalAvailable(rows);
  if (cumulative >= wanted) return 'now';
  const receipts = rows
    .filter((r): r is LocationAvailability & { nextReceiptDate: string } => !!r.nextReceiptDate && (r.incoming ?? 0) > 0)
    .map((r) => ({ date: r.nextReceiptDate.slice(0, 10), quantity: r.incoming ?? 0 }))
    .sort((a, b) => a.date.localeCompare(b.date));
  for (const receipt of receipts) {
    cumulative += receipt.quantity;
    if (cumulative >= wanted) return receipt.date;
  }
  return null;
}

/** The oldest refresh time over the rows: the figures shown are only as fresh as their oldest part. */
export function availabilityAsOf(rows: readonly LocationAvailability[]): string | null {
  const times = rows.map((r) => r.refreshedOn).filter((t): t is string => !!t && !Number.isNaN(Date.parse(t)));
  if (!times.length) return null;
  return times.reduce((oldest, t) => (Date.parse(t) < Date.parse(oldest) ? t : oldest));
}

/** Locations ordered for display: the most available first, then by code, so the best source is on top. */
export function sortLocations(rows: readonly LocationAvailability[]): LocationAvailability[] {
  return [...rows].sort((a, b) => availableAt(b) - availableAt(a) || a.locationCode.localeCompare(b.locationCode));
}

/** The rows of one location (its code in any case); none when the ERP has no row there (it holds nothing). */
export function atLocation(rows: readonly LocationAvailability[], code: string): LocationAvailability[] {
  const wanted = code.trim().toUpperCase();
  return rows.filter((r) => r.locationCode.trim().toUpperCase() === wanted);
}

/** Availability is considered stale when older than this, unless the form configures another limit. */
export const DEFAULT_AVAILABILITY_MAX_AGE_MINUTES = 60;

/** The erp_itemavailability columns every reader selects. */
export const AVAILABILITY_COLUMNS = [C.itemNumber, C.locationCode, C.locationName, C.onHand, C.reserved, C.incoming, C.available, C.nextReceiptDate, C.unit, C.refreshedOn];

const num = numberOrNull;
const str = textOrNull;

/** An erp_itemavailability row (Web API JSON) → one location's figures; anything missing or not a number is null. */
export function locationFromRow(row: Record<string, unknown>): LocationAvailability {
  return {
    locationCode: str(row[C.locationCode]) ?? '',
    locationName: str(row[C.locationName]),
    onHand: num(row[C.onHand]),
    reserved: num(row[C.reserved]),
    incoming: num(row[C.incoming]),
    available: num(row[C.available]),
    nextReceiptDate: str(row[C.nextReceiptDate]),
    unit: str(row[C.unit]),
    refreshedOn: str(row[C.refreshedOn]),
  };
}
