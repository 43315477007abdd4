/**
 * What the page server reads out of the imported solution zip and hands to the page as JSON: ribbons, views,
 * controls, web resources, labels. Shared by the server (which parses the XML) and the page (which renders it),
 * so the two never disagree on a shape.
 */

/** Text by LCID (1033 English, 1036 French). */
export type Labels = Record<string, string>;

export type Lcid = 1033 | 1036;

/** One entry of userSettings.getSecurityRolePrivilegesInfo(): depth as Dataverse's PrivilegeDepth (0 Basic … 3 Global). */
export interface RolePrivilegeInfo {
  id: string;
  businessUnitId: string;
  privilegeName: string;
  depth: number;
}
export const SUPPORTED_LCIDS: readonly Lcid[] = [1033, 1036];

// ---------------------------------------------------------------------------------------------------------------
// Ribbon (RibbonDiffXml of one table)

export type RibbonParameter =
  | { kind: 'crm'; value: string }
  | { kind: 'string' | 'bool' | 'int' | 'decimal'; value: string };

export interface RibbonJsFunction {
  kind: 'js';
  /** Web resource name, without the $webresource: prefix. */
  library: string;
  functionName: string;
  parameters: RibbonParameter[];
}

export interface RibbonUrlAction {
  kind: 'url';
  address: string;
}

export type RibbonAction = RibbonJsFunction | RibbonUrlAction;

export interface RibbonButton {
  id: string;
  command: string;
  location: string;
  sequence: number;
  /** `$LocLabels:<id>` resolved by the page from `locLabels`, or plain text. */
  labelText: string;
  alt?: string;
  toolTipTitle?: string;
  toolTipDescription?: string;
  modernImage?: string;
}

export interface RibbonCommand {
  id: string;
  enableRules: string[];
  displayRules: string[];
  actions: RibbonAction[];
}

/** The rule steps the page evaluates. Anything else is kept as `unsupported` and evaluates to its Default. */
export type RibbonRuleStep =
  | { kind: 'formState'; state: string; invert: boolean; default: boolean }
  | { kind: 'value'; field: string; value: string; invert: boolean; default: boolean }
  | { kind: 'custom'; library: string; functionName: string; parameters: RibbonParameter[]; invert: boolean; default: boolean }
  | { kind: 'entityPrivilege'; privilegeType: string; privilegeDepth: string; entityName?: string; invert: boolean; default: boolean }
  | { kind: 'recordPrivilege'; privilegeType: string; invert: boolean; default: boolean }
  | { kind: 'formEntityContext'; entityName: string; invert: boolean; default: boolean }
  | { kind: 'crmClientType'; type: string; invert: boolean; default: boolean }
  | { kind: 'selectionCount'; minimum: number; maximum: number | null; invert: boolean; default: boolean }
  | { kind: 'or'; groups: RibbonRuleStep[][]; invert: boolean; default: boolean }
  | { kind: 'unsupported'; element: string; invert: boolean; default: boolean };

export interface RibbonRule {
  id: string;
  steps: RibbonRuleStep[];
}

export interface RibbonModel {
  entity: string;
  buttons: RibbonButton[];
  /** HideCustomAction targets (standard buttons the solution hides). */
  hidden: string[];
  commands: Record<string, RibbonCommand>;
  displayRules: Record<string, RibbonRule>;
  enableRules: Record<string, RibbonRule>;
  locLabels: Record<string, Labels>;
}

// ---------------------------------------------------------------------------------------------------------------
// Views (SavedQuery: FetchXML + LayoutXML)

export interface FetchCondition {
  attribute: string;
  operator: string;
  values: string[];
}

export interface FetchFilter {
  type: 'and' | 'or';
  conditions: FetchCondition[];
  filters: FetchFilter[];
}

export interface ViewColumn {
  name: string;
  width: number;
}

export interface ViewDef {
  id: string;
  entity: string;
  names: Labels;
  isDefault: boolean;
  /** 0 public, 1 advanced find, 2 associated, 4 quick find, 64 lookup … (savedquery.querytype). */
  queryType: number;
  columns: ViewColumn[];
  attributes: string[];
  orders: { attribute: string; descending: boolean }[];
  filter: FetchFilter;
  /** Where the definition comes from: the imported solution, or the sandbox's stand-in for a standard view. */
  source: 'solution' | 'sandbox';
}

// ---------------------------------------------------------------------------------------------------------------
// Controls (PCF) and web resources

export interface ControlProperty {
  name: string;
  usage: 'bound' | 'input' | 'output';
  ofType?: string;
  typeGroup?: string;
  types: string[];
  required: boolean;
  defaultValue?: string;
}

export interface ControlDef {
  /** namespace.constructor, the name the bundle registers with. */
  name: string;
  /** The solution's CustomControl name (<prefix>_namespace.constructor), the name FormXml uses. */
  solutionName?: string;
  /** Zip folder under Controls/. */
  folder: string;
  controlType: string;
  version: string;
  properties: ControlProperty[];
  /** Resx files by LCID, paths relative to the control folder. */
  resx: Record<string, string>;
  code: string;
  platformLibraries: { name: string; version: string }[];
}

export interface WebResourceInfo {
  name: string;
  type: number;
  displayName?: string;
}

/** Attribute metadata the page needs (labels, types, choices), from the solution or the sandbox's defaults. */
export interface AttributeInfo {
  logicalName: string;
  type: string;
  labels: Labels;
  options?: { value: number; labels: Labels; state?: number }[];
  targets?: string[];
  maxLength?: number;
  /** DateTime columns: UserLocal (a UTC instant on the wire), DateOnly (a date) or TimeZoneIndependent. */
  dateTimeBehavior?: string;
  /** Lookups: the single-valued navigation property to bind each target through (customerid → customerid_account). */
  navigation?: Record<string, string>;
}

export interface EntityInfo {
  logicalName: string;
  entitySetName: string;
  primaryId: string;
  primaryName: string;
  labels: Labels;
  collectionLabels: Labels;
  attributes: Record<string, AttributeInfo>;
}

/** Everything the page needs from the solution, in one response. */
export interface SolutionManifest {
  uniqueName: string;
  version: string;
  ribbons: Record<string, RibbonModel>;
  views: Record<string, ViewDef[]>;
  controls: ControlDef[];
  webResources: WebResourceInfo[];
  forms: Record<string, FormDef>;
  formEvents: FormEventRegistration[];
}

// ---------------------------------------------------------------------------------------------------------------
// Forms

export type FormControl =
  | { kind: 'field'; attribute: string; labels?: Labels; readOnly?: boolean; required?: boolean }
  | { kind: 'pcf'; id: string; control: string; labels?: Labels; bindings: Record<string, { attribute?: string; static?: string; type?: string }>; showLabel?: boolean }
  | { kind: 'subgrid'; id: string; entity: string; relationshipAttribute: string; columns: string[]; labels: Labels; lineControl?: { control: string; bindings: Record<string, { attribute?: string; static?: string }> } }
  | { kind: 'timeline'; id: string; labels: Labels };

export interface FormSection {
  id: string;
  labels: Labels;
  columns?: number;
  controls: FormControl[];
}

export interface FormTab {
  id: string;
  labels: Labels;
  sections: FormSection[];
}

export interface FormDef {
  entity: string;
  id: string;
  names: Labels;
  headerFields: string[];
  tabs: FormTab[];
  libraries: string[];
  source: 'solution' | 'sandbox';
}

export interface FormEventRegistration {
  entity: string;
  event: 'onload' | 'onsave' | 'onchange';
  attribute?: string;
  library: string;
  functionName: string;
  passExecutionContext: boolean;
}
