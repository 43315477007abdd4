/** Table and column definitions the stand-in serves: standard Sales tables plus whatever a solution defines. */

export type AttrType =
  | 'primarykey'
  | 'string'
  | 'memo'
  | 'integer'
  | 'bigint'
  | 'decimal'
  | 'double'
  | 'money'
  | 'boolean'
  | 'datetime'
  | 'picklist'
  | 'state'
  | 'status'
  | 'lookup'
  | 'customer'
  | 'owner'
  | 'uniqueidentifier'
  | 'timestamp';

/** Labels by LCID (1033 English, 1036 French). */
export type Labels = Record<number, string>;

export interface OptionDef {
  value: number;
  labels: Labels;
  /** statuscode options: the statecode they belong to. */
  state?: number;
  /** statecode options: the statuscode a row gets when only the state is set. */
  defaultStatus?: number;
  invariantName?: string;
}

export interface ColumnDef {
  logicalName: string;
  schemaName: string;
  type: AttrType;
  maxLength?: number;
  min?: number;
  max?: number;
  precision?: number;
  /** datetime columns with DateOnly behaviour serialise as YYYY-MM-DD. */
  dateOnly?: boolean;
  /** datetime columns: UserLocal (stored and returned as a UTC instant), DateOnly or TimeZoneIndependent. */
  dateTimeBehavior?: 'UserLocal' | 'DateOnly' | 'TimeZoneIndependent';
  /** datetime columns: DateOnly or DateAndTime (a display format only; it changes nothing in the Web API). */
  format?: string;
  /** None, Recommended, ApplicationRequired or SystemRequired (from the table reference page). */
  requiredLevel?: 'None' | 'Recommended' | 'ApplicationRequired' | 'SystemRequired';
  /** Lookup targets (logical names). */
  targets?: string[];
  /** Standard tables only: navigation property names per target (the solution reader takes them from relationships). */
  nav?: NavSpec[];
  options?: OptionDef[];
  validForCreate: boolean;
  validForUpdate: boolean;
  displayName?: Labels;
  isCustom?: boolean;
  defaultValue?: unknown;
}

export interface NavSpec {
  target: string;
  /** Single-valued navigation property on this table, e.g. customerid_account. */
  single: string;
  /** Collection-valued navigation property on the target, e.g. order_customer_accounts. */
  collection: string;
  cascadeDelete?: RelationshipDef['cascadeDelete'];
}

export type Ownership = 'user' | 'org' | 'none';

export type PrivilegeVerb = 'Create' | 'Read' | 'Write' | 'Delete' | 'Append' | 'AppendTo' | 'Assign' | 'Share';

export interface TableDef {
  logicalName: string;
  schemaName: string;
  entitySetName: string;
  primaryId: string;
  primaryName: string;
  objectTypeCode: number;
  ownership: Ownership;
  /** The name in privilege names: prvRead<privilegeName>. salesorder → Order, custom tables → SchemaName. */
  privilegeName: string;
  /** Verbs that have a privilege on this table (others are not checked, as in Dataverse). */
  privilegeVerbs: PrivilegeVerb[];
  /** Child tables (order lines) are secured through their parent table's privileges. */
  securedBy?: { table: string; lookup: string };
  columns: Map<string, ColumnDef>;
  displayName: Labels;
  collectionName: Labels;
  alternateKeys: string[][];
  isCustom: boolean;
  /** Where the definition came from: 'standard' or a solution unique name. */
  source: string;
}

export interface RelationshipDef {
  schemaName: string;
  referencingEntity: string;
  referencingAttribute: string;
  referencedEntity: string;
  /** Single-valued navigation property on the referencing table. */
  referencingNavigation: string;
  /** Collection-valued navigation property on the referenced table. */
  referencedNavigation: string;
  cascadeDelete: 'Cascade' | 'RemoveLink' | 'Restrict' | 'NoCascade';
}

export type NavigationProperty =
  | { kind: 'single'; name: string; attribute: string; targets: string[]; relationships: RelationshipDef[] }
  | { kind: 'collection'; name: string; attribute: string; target: string; relationship: RelationshipDef }
  | { kind: 'manyToMany'; name: string; target: string; intersect: string };

export interface RoleDef {
  id: string;
  name: string;
  /** privilege name → depth */
  privileges: Map<string, Depth>;
  /** System Administrator: every privilege at Global depth. */
  all?: boolean;
  source: string;
}

export type Depth = 'Basic' | 'Local' | 'Deep' | 'Global';

export interface EnvironmentVariableDef {
  schemaName: string;
  displayName: string;
  defaultValue: string | null;
  type: number;
  description: string;
}

/** What a solution (the source folder or an imported zip) contributes. */
export interface SolutionContent {
  uniqueName: string;
  version: string;
  managed: boolean;
  publisherPrefix: string;
  tables: TableDef[];
  /** Columns a solution adds to tables it does not define (account, salesorder...). */
  extraColumns: { table: string; column: ColumnDef }[];
  relationships: RelationshipDef[];
  roles: RoleDef[];
  environmentVariables: EnvironmentVariableDef[];
  webResources: { name: string; displayName: string; type: number; content: string }[];
  forms: FormDef[];
  rootComponents: { type: number; schemaName?: string; id?: string; behavior: number }[];
  missingDependencies: { required: string; dependent: string; requiredSchemaName?: string; requiredType?: number }[];
  /** `<EntityMaps>`: attribute maps added to an entity map (entityMaps.ts). */
  entityMaps?: EntityMapDef[];
}

export interface EntityMapDef {
  source: string;
  target: string;
  attributes: { source: string; target: string }[];
}

export interface FormDef {
  formId: string;
  table: string;
  /** systemform.type: 2 main, 6 quick view, 7 quick create... */
  type: number;
  name: string;
  formXml: string;
}
