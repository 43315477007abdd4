import * as React from 'react';
import { render, type RenderResult } from '@testing-library/react';
import type { Theme } from '@fluentui/react-components';
import type { LocationAvailability } from '../../../domain/availability';
import { ProductType } from '../../../domain/dataverseCodes';
import { ItemAvailabilityApp, type ItemAvailabilityServices } from '../../../controls/ItemAvailability/components/ItemAvailabilityApp';
import { itemAvailabilityProps } from '../../../controls/ItemAvailability/controlProps';
import type { IInputs } from '../../../controls/ItemAvailability/ManifestConstants';
import type { ProductAvailability, ProductAvailabilityFigures } from '../../../controls/ItemAvailability/services/AvailabilityReader';
import type { RefreshOutcome, RefreshRequester } from '../../../controls/shared/integrationRequests';
import { createContext, lookupProperty, numberProperty, textProperty, type Security } from '../support/mockContext';
import { loadResx } from '../support/resx';
import { BroadcastRefreshSignal } from '../../../controls/shared/refreshSignal';
import { FakeBroadcastHub } from '../support/fakeBroadcast';

export const NOW = Date.parse('2025-03-10T10:00:00Z');
export const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();
export const PRODUCT_ID = '7d0f1c52-0b4e-4b8a-9d2c-1a2b3c4d5e6f';

export function location(code: string, name: string | null, figures: Partial<LocationAvailability> = {}): LocationAvailability {
  return {
    locationCode: code,
    locationName: name,
    onHand: 0,
    reserved: 0,
    incoming: 0,
    available: null,
    nextReceiptDate: null,
    unit: 'PCS',
    refreshedOn: minutesAgo(10),
    ...figures,
  };
}

export const inStock: ProductAvailabilityFigures = {
  enabled: true,
  itemNumber: '1896-S',
  productType: ProductType.salesInventory,
  locations: [
    location('EAST', 'East warehouse', { onHand: 12, reserved: 2, available: 10 }),
    location('MAIN', 'Main warehouse', { onHand: 1250.5, reserved: 20, incoming: 40, available: 1230.5, nextReceiptDate: '2025-03-20' }),
    location('WEST', null, { onHand: 0, reserved: 0, incoming: 5, available: 0, nextReceiptDate: '2025-04-02' }),
  ],
};

export interface RenderOptions {
  languageId: number;
  data?: () => Promise<ProductAvailability>;
  refresh?: (...args: Parameters<RefreshRequester['refresh']>) => Promise<RefreshOutcome>;
  quantity?: number | null;
  product?: 'lookup' | 'empty' | 'productForm' | 'unsavedProductForm';
  security?: Security;
  disabled?: boolean;
  offline?: boolean;
  allocatedWidth?: number;
  formFactor?: number;
  maxAgeMinutes?: number | null;
  theme?: Theme;
  /** Bind the ship-from property to the line's location column with this value (undefined: not bound). */
  shipFrom?: string | null;
}

export interface Rendered extends RenderResult {
  services: ItemAvailabilityServices & { reader: { read: jest.Mock }; requester: { refresh: jest.Mock } };
  /** Calls of the ship-from output (what index.ts passes to notifyOutputChanged). */
  shipFromChanges: jest.Mock;
  strings: Record<string, string>;
  /** The page's BroadcastChannels: post to it as a command or another tab would. */
  broadcast: FakeBroadcastHub;
  rerenderWith(o: Partial<RenderOptions>): void;
}

export function renderItemAvailability(options: RenderOptions): Rendered {
  const broadcast = new FakeBroadcastHub();
  const services = {
    reader: { read: jest.fn(options.data ?? (() => Promise.resolve(inStock))) },
    requester: { refresh: jest.fn(options.refresh ?? (() => new Promise<RefreshOutcome>(() => undefined))) },
    refreshSignal: new BroadcastRefreshSignal(broadcast.open),
    timeoutSeconds: 60,
  };
  const element = (o: RenderOptions) => {
    const kind = o.product ?? 'lookup';
    const context = createContext<IInputs>({
      control: 'ItemAvailability',
      languageId: o.languageId,
      parameters: {
        product:
          kind === 'lookup'
            ? lookupProperty({ id: `{${PRODUCT_ID.toUpperCase()}}`, entityType: 'product', name: 'Touring bike' }, o.security)
            : kind === 'empty'
              ? lookupProperty(null, o.security)
              : textProperty('1896-S', o.security),
        quantity: numberProperty(o.quantity === undefined ? 5 : o.quantity),
        maxAgeMinutes: numberProperty(o.maxAgeMinutes ?? null),
        ...(o.shipFrom === undefined ? {} : { shipFrom: { ...textProperty(o.shipFrom, o.security), attributes: { LogicalName: 'erp_locationcode' } } as unknown as ComponentFramework.PropertyTypes.StringProperty }),
      },
      disabled: o.disabled,
      offline: o.offline,
      allocatedWidth: o.allocatedWidth,
      formFactor: o.formFactor,
      theme: o.theme,
      host:
        kind === 'productForm'
          ? { entityTypeName: 'product', entityId: PRODUCT_ID }
          : kind === 'unsavedProductForm'
            ? { entityTypeName: 'product', entityId: '' }
            : { entityTypeName: 'salesorderdetail', entityId: '0b9c2f8e-0000-4000-8000-000000000001' },
    });
    return <ItemAvailabilityApp {...itemAvailabilityProps(context, services, 'ia-test-', shipFromChanges)} now={() => NOW} />;
  };
  const shipFromChanges = jest.fn();
  let current = options;
  const result = render(element(options));
  return {
    ...result,
    services,
    broadcast,
    shipFromChanges,
    strings: loadResx('ItemAvailability', options.languageId),
    rerenderWith(o) {
      current = { ...current, ...o };
      result.rerender(element(current));
    },
  };
}
