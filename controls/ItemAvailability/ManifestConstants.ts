/// <reference types="powerapps-component-framework" />
/**
 * The manifest's property names and input types, written here rather than generated so that the code type-checks
 * before pcf-scripts has run; tests/controls/manifest.test.ts checks them against ControlManifest.Input.xml.
 */

export const Properties = {
  product: 'product',
  quantity: 'quantity',
  shipFrom: 'shipFrom',
  maxAgeMinutes: 'maxAgeMinutes',
} as const;

export interface IInputs {
  /** Lookup.Simple (order/quote product) or SingleLine.Text (any text column of the product form). */
  product: ComponentFramework.PropertyTypes.Property;
  quantity: ComponentFramework.PropertyTypes.NumberProperty;
  /** Bound on order and quote products to erp_locationcode: the location the line ships from. */
  shipFrom?: ComponentFramework.PropertyTypes.StringProperty;
  maxAgeMinutes: ComponentFramework.PropertyTypes.WholeNumberProperty;
}

export interface IOutputs {
  /** The chosen ship-from location code; undefined clears it. */
  shipFrom?: string;
}
