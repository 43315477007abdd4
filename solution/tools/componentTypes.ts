/** Dataverse solution component type codes (solutioncomponent.componenttype) the product uses or reports. */
export const ComponentType = {
  entity: 1,
  attribute: 2,
  relationship: 10,
  optionSet: 9,
  role: 20,
  savedQuery: 26,
  workflow: 29,
  systemForm: 60,
  webResource: 61,
  siteMap: 62,
  customControl: 66,
  appModule: 80,
  canvasApp: 300,
  environmentVariableDefinition: 380,
  environmentVariableValue: 381,
} as const;

export const componentTypeName: Record<number, string> = Object.fromEntries(
  Object.entries(ComponentType).map(([k, v]) => [v, k.replace(/([A-Z])/g, ' $1').toLowerCase()]),
);

/**
 * Privileges of standard tables use their historical schema names (salesorder → Order, annotation → Note). Price
 * lists, units and unit groups have none of their own (they are secured by Product: domain/privileges.ts), so
 * prvReadPriceLevel, prvReadUoM and prvReadUoMSchedule name nothing and are reported.
 */
export const STANDARD_PRIVILEGE_ENTITIES = new Set([
  'Account', 'Contact', 'Note', 'Opportunity', 'Post', 'UserEntityUISettings', 'Invoice', 'Order', 'Product', 'Quote',
  'TransactionCurrency', 'Organization', 'Role', 'User', 'UserSettings', 'WebResource', 'PluginAssembly',
  'PluginType', 'SdkMessage', 'SdkMessageProcessingStep', 'ServiceEndpoint', 'SystemForm', 'EnvironmentVariableDefinition',
  'EnvironmentVariableValue', 'OptionSet', 'msdyn_PostConfig', 'Team', 'BusinessUnit', 'Incident', 'Lead', 'Competitor', 'Discount', 'DiscountType', 'Territory',
  'Activity', 'Email', 'Task', 'PhoneCall', 'Appointment', 'Letter', 'Fax', 'Connection', 'ActionCard', 'Solution', 'Publisher',
  'Entity', 'Attribute', 'Relationship', 'AppModule', 'SavedQuery', 'UserQuery', 'UserForm', 'CustomControl', 'Workflow',
]);
export const PRIVILEGE_VERBS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'] as const;
/** Privileges that do not name a table. */
export const MISC_PRIVILEGES = new Set(['prvActOnBehalfOfAnotherUser', 'prvPublishCustomization', 'prvExportCustomization', 'prvImportCustomization', 'prvBulkDelete', 'prvOverridePriceEngineOrder', 'prvOverridePriceEngineQuote', 'prvOverridePriceEngineInvoice']);
