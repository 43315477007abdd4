/// <reference types="powerapps-component-framework" />
import { webLightTheme, type Theme } from '@fluentui/react-components';
import { ProductTable, DEFAULT_AVAILABILITY_MAX_AGE_MINUTES } from '../../domain/availability';
import { formState, hostRecord, lookupRecord, translator } from '../shared/pcfContext';
import type { IInputs } from './ManifestConstants';
import type { ItemAvailabilityProps, ItemAvailabilityServices, ProductTarget } from './components/ItemAvailabilityApp';

/**
 * Which product: the bound lookup on order and quote products, the form's own record on the product form
 * (where the control is bound to a text column such as the ERP item number).
 */
export function productTarget(context: ComponentFramework.Context<IInputs>): ProductTarget {
  const bound = context.parameters.product;
  if (bound?.type?.startsWith('Lookup') || Array.isArray(bound?.raw)) {
    const ref = lookupRecord(bound.raw as ComponentFramework.LookupValue[] | null);
    return ref && ref.table === ProductTable.logicalName ? { kind: 'record', product: ref } : { kind: 'empty' };
  }
  const host = hostRecord(context);
  if (!host) return { kind: 'unsaved' };
  return host.table === ProductTable.logicalName ? { kind: 'record', product: host } : { kind: 'empty' };
}

/** The ship-from binding: only where the form binds it to a column (order and quote products). */
export function shipFromBinding(context: ComponentFramework.Context<IInputs>, onChange: (code: string | null) => void): ItemAvailabilityProps['shipFrom'] {
  const bound = context.parameters.shipFrom;
  if (!bound?.attributes?.LogicalName) return null;
  const value = typeof bound.raw === 'string' && bound.raw.trim() !== '' ? bound.raw.trim().toUpperCase() : null;
  return { value, onChange };
}

/** Everything the component needs, derived afresh on every updateView. */
export function itemAvailabilityProps(
  context: ComponentFramework.Context<IInputs>,
  services: ItemAvailabilityServices,
  idPrefix: string,
  onShipFromChange: (code: string | null) => void = () => undefined,
): ItemAvailabilityProps {
  const quantity = context.parameters.quantity?.raw;
  const maxAge = context.parameters.maxAgeMinutes?.raw;
  return {
    services,
    target: productTarget(context),
    requestedQuantity: typeof quantity === 'number' ? quantity : null,
    maxAgeMinutes: typeof maxAge === 'number' && maxAge > 0 ? maxAge : DEFAULT_AVAILABILITY_MAX_AGE_MINUTES,
    form: formState(context, context.parameters.product),
    t: translator(context.resources),
    theme: (context.fluentDesignLanguage?.tokenTheme as Theme | undefined) ?? webLightTheme,
    idPrefix,
    shipFrom: shipFromBinding(context, onShipFromChange),
  };
}
