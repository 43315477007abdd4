/// <reference types="powerapps-component-framework" />
import { ConnectionColumns, ItemAvailabilityColumns as C, ProductColumns } from '../../../domain/schema';
import { numberOrNull, textOrNull } from '../../../domain/values';
import { AVAILABILITY_COLUMNS, locationFromRow, ProductAvailabilityNavigation, ProductTable, type LocationAvailability } from '../../../domain/availability';
import { unlessSwitchedOff, type SwitchedOff } from '../../shared/connectionSwitch';
import type { RecordRef } from '../../shared/pcfContext';

export interface ProductAvailabilityFigures {
  enabled: true;
  /** ERP item number; null when the product is not linked to an ERP item. */
  itemNumber: string | null;
  productType: number | null;
  locations: LocationAvailability[];
}

/** The figures, or nothing to show when an administrator turned ERP availability off. */
export type ProductAvailability = ProductAvailabilityFigures | SwitchedOff;

/** Reads a product's availability. Tests replace it; the form uses WebApiAvailabilityReader. */
export interface AvailabilityReader {
  read(product: RecordRef): Promise<ProductAvailability>;
}

/** One request for the product and every location, however many there are (plus the switch, see connectionSwitch). */
export function availabilityQuery(): string {
  return `?$select=${ProductColumns.itemNumber},${ProductTable.productType}&$expand=${ProductAvailabilityNavigation}($select=${AVAILABILITY_COLUMNS.join(',')})`;
}

const num = numberOrNull;
const str = textOrNull;

export class WebApiAvailabilityReader implements AvailabilityReader {
  constructor(private readonly webAPI: ComponentFramework.WebApi) {}

  async read(product: RecordRef): Promise<ProductAvailability> {
    const figures = this.webAPI.retrieveRecord(ProductTable.logicalName, product.id, availabilityQuery()) as Promise<Record<string, unknown>>;
    const record = await unlessSwitchedOff(this.webAPI, ConnectionColumns.availabilityEnabled, figures);
    if (!record) return { enabled: false };
    const rows = (Array.isArray(record[ProductAvailabilityNavigation]) ? record[ProductAvailabilityNavigation] : []) as Record<string, unknown>[];
    return {
      enabled: true,
      itemNumber: str(record[ProductColumns.itemNumber]) ?? rows.map((r) => str(r[C.itemNumber])).find((x) => x) ?? null,
      productType: num(record[ProductTable.productType]),
      locations: rows.map(locationFromRow),
    };
  }
}
