/**
 * The integration table mapping model (original-solution.md §8): which ERP entity pairs with which Sales table,
 * in which direction, filtered how, field by field, and after which other mappings. Pure data: the connector's
 * sync engine reads it, the setup page shows it, config/mappings.json stores it.
 *
 * Directions are named from the Sales side's point of view, as `erp_coupling.erp_direction` is:
 * - `fromErp`: ERP → Sales (Business Central calls this "To Integration Table");
 * - `toErp`: Sales → ERP ("From Integration Table");
 * - `bidirectional`: both.
 */

export type Direction = 'bidirectional' | 'toErp' | 'fromErp';

/**
 * What happens when both sides changed a coupled record since the last synchronisation.
 * `skip` marks the record skipped with the conflict as its error, for an admin to decide with *Synchronize now*.
 */
export type ConflictRule = 'erpWins' | 'salesWins' | 'newestWins' | 'skip';

export type Scalar = string | number | boolean | null;

export type Transform =
  /** Value-for-value table, e.g. item type "Inventory" ⇄ product type 1 (Sales Inventory). */
  | { kind: 'map'; values: Array<{ erp: Scalar; crm: Scalar }> }
  /**
   * The value is a record of another mapping: on the ERP side its id (`by: 'id'`) or its number/code
   * (`by: 'number'`), on the Sales side a lookup (or, for option mappings, a choice value). Resolved through
   * that mapping's couplings; an uncoupled value is a per-record "missing dependency" error.
   */
  | { kind: 'coupled'; mapping: string | CoupledSwitch; by: 'id' | 'number' }
  /** ERP full name → Sales first or last name (the rest after the first space). ERP → Sales only. */
  | { kind: 'namePart'; part: 'first' | 'last' }
  /** ERP amount decimal places ("2:5" or "2") → a whole number (2). ERP → Sales only. */
  | { kind: 'decimalPlaces' }
  /** The unit group of the Sales unit coupled to this ERP unit code (product.defaultuomscheduleid). ERP → Sales only. */
  | { kind: 'unitGroupOf'; mapping: string }
  /** Negative amounts become 0: Sales refuses negative prices (original-solution.md §8). ERP → Sales only. */
  | { kind: 'nonNegative' };

/**
 * When one ERP field can point at records of several mappings (a price list line's asset is an item or a
 * resource), another field of the same record says which: `{ field: 'assetType', cases: { Item: 'ITEM-PRODUCT' } }`.
 */
export interface CoupledSwitch {
  field: string;
  cases: Record<string, string>;
}

export interface Label {
  en: string;
  fr: string;
}

/** A noun with its articles, so messages read naturally in both languages ("the owner", "an ERP salesperson"). */
export interface Noun {
  the: string;
  a: string;
  /** French agreement of past participles ("couplée"). */
  feminine?: boolean;
}

export interface NounLabel {
  en: Noun;
  fr: Noun;
}

export interface FieldMapping {
  /** ERP field (API property name). */
  erp: string;
  /** Sales column (logical name). */
  crm: string;
  /** Narrower than the mapping's direction when set (e.g. prices flow from the ERP only). */
  direction?: Direction;
  transform?: Transform;
  /** Written when the record is created on the target side only (keys, numbers). */
  createOnly?: boolean;
  /** What the Sales column is, in messages ("the owner Jeanne Martin is not coupled…"). Defaults to the column name. */
  label?: NounLabel;
}

/** Blocked ERP records (Business Central's `Blocked`): never created in Sales, and either skipped or kept in sync. */
export interface BlockedRule {
  field: string;
  /** Values meaning blocked (e.g. true, or "Ship", "Invoice", "All"). */
  values: Scalar[];
  /**
   * `skip`: the record is not synchronised at all and reports why (blocked customers).
   * `retire`: not created in Sales, but a coupled record keeps syncing so the field mappings retire it
   * (blocked items → Retired product).
   */
  action: 'skip' | 'retire';
}

export interface ErpSide {
  /** API entity set, e.g. `customers`. */
  entity: string;
  /** `v2`: Business Central API v2.0; `extension`: an entity API v2.0 lacks, read from a standard source (connector/sync/standardSyncSources.ts). */
  api: 'v2' | 'extension';
  /** The unique business key: the coupling's erp_erpnumber and the resumable cursor of full runs. */
  key: string;
  /** Field naming the record in messages. */
  nameField: string;
  /** OData $filter applied to every read. */
  filter?: string;
  blocked?: BlockedRule;
  /** Values set when the integration creates an ERP record. */
  createDefaults?: Record<string, Scalar>;
}

export interface CrmSide {
  /** Table logical name (for option mappings: the table holding the choice column). */
  table: string;
  /** Option mappings: the choice column whose values are the "records" (e.g. account.paymenttermscode). */
  optionColumn?: string;
  /** Column naming the record in messages. */
  nameField: string;
  filter?: string;
  /** Values set when the integration creates a Sales record (e.g. relationship type Customer). */
  createDefaults?: Record<string, Scalar>;
  /**
   * Units of measure only: the Sales unit group new units are created in (created itself when missing). Existing
   * units are found by name in any group.
   */
  unitGroup?: string;
}

export interface IntegrationMapping {
  /** Unique upper-case name, as Business Central names them: CUSTOMER, ITEM-PRODUCT, … */
  name: string;
  enabled: boolean;
  kind: 'table' | 'option';
  description: Label;
  /** How a record of each side is called in messages: "an ERP salesperson", "a Sales user". */
  labels: { erp: NounLabel; crm: NounLabel };
  erp: ErpSide;
  crm: CrmSide;
  direction: Direction;
  conflictRule: ConflictRule;
  /** When false, only records already coupled are synchronised; nothing is created on either side. */
  createNew: boolean;
  fields: FieldMapping[];
  /**
   * Keys tried in order to find an existing record before creating one (no duplicates): each key is a list of
   * Sales columns, every one of them mapped by a field mapping (the ERP side follows from it).
   */
  match: string[][];
  /** Mappings whose records must be coupled first (salespeople before customers, units before items, …). */
  dependencies: string[];
  /** Incremental synchronisation interval. */
  intervalMinutes: number;
}

export interface MappingSet {
  /** Format of the file, for upgrades. */
  version: 1;
  mappings: IntegrationMapping[];
}
