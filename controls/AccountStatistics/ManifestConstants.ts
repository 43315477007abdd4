/// <reference types="powerapps-component-framework" />
/**
 * The manifest's property names and input types, written here rather than generated so that the code type-checks
 * before pcf-scripts has run; tests/controls/manifest.test.ts checks them against ControlManifest.Input.xml.
 */

export const Properties = {
  account: 'account',
  maxAgeMinutes: 'maxAgeMinutes',
  creditWarningPercent: 'creditWarningPercent',
} as const;

export interface IInputs {
  /** SingleLine.Text (any text column of the account form) or an account lookup. */
  account: ComponentFramework.PropertyTypes.Property;
  maxAgeMinutes: ComponentFramework.PropertyTypes.WholeNumberProperty;
  creditWarningPercent: ComponentFramework.PropertyTypes.WholeNumberProperty;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the control writes nothing back
export interface IOutputs {}
