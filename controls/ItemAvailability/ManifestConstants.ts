/// <reference types="powerapps-component-framework" />
/**
 * The manifest's property names and input types, written here rather than generated so that the code type-checks
 * before pcf-scripts has run; tests/controls/manifest.test.ts checks them against ControlManifest.Input.xml.
 */

export const Properties = {
  product: 'product',
  quantity: 'quantity',
  maxAgeMinutes: 'maxAgeMinutes',
} as const;

export interface IInputs {
  /** Lookup.Simple (order/quote product) or SingleLine.Text (any text column of the product form). */
  product: ComponentFramework.PropertyTypes.Property;
  quantity: ComponentFramework.PropertyTypes.NumberProperty;
  maxAgeMinutes: ComponentFramework.PropertyTypes.WholeNumberProperty;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the control writes nothing back
export interface IOutputs {}
