import type { RecordRef } from '../../shared/pcfContext';
import { useLoad, type LoadState } from '../../shared/useLoad';
import type { AvailabilityReader, ProductAvailability } from '../services/AvailabilityReader';

/** The product's availability: one read per product, again on reload (after a refresh or a retry). */
export function useItemAvailability(reader: AvailabilityReader, product: RecordRef | null): LoadState<ProductAvailability> & { reload: () => void } {
  return useLoad(product ? () => reader.read(product) : null, product ? `${product.table}:${product.id}` : '');
}
