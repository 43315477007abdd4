/**
 * The Sales tables the app couples with ERP records (account, contact, product): how to read a record's name,
 * which column shows the coupled ERP number (none on contacts: their coupling is only the erp_coupling row), and the
 * mappings "Create in Sales from ERP" offers. Names match domain/mappings (crmCatalog, defaultMappings): tested.
 */
import { AccountColumns, ProductColumns } from '../../domain/schema';

export type CouplingTable = 'account' | 'contact' | 'product';

export interface CouplingTarget {
  table: CouplingTable;
  entitySet: string;
  primaryId: string;
  primaryName: string;
  /** The column the connector fills with the coupled ERP number (null: look at erp_coupling). */
  numberColumn: string | null;
  /** Mappings whose ERP records become records of this table, first = default. */
  mappings: readonly string[];
}

export const couplingTargets: Record<CouplingTable, CouplingTarget> = {
  account: { table: 'account', entitySet: 'accounts', primaryId: 'accountid', primaryName: 'name', numberColumn: AccountColumns.customerNumber, mappings: ['CUSTOMER'] },
  contact: { table: 'contact', entitySet: 'contacts', primaryId: 'contactid', primaryName: 'fullname', numberColumn: null, mappings: ['CONTACT'] },
  product: { table: 'product', entitySet: 'products', primaryId: 'productid', primaryName: 'name', numberColumn: ProductColumns.itemNumber, mappings: ['ITEM-PRODUCT', 'RESOURCE-PRODUCT'] },
};

/**
 * Pure (no side effect at load): a script that never reads it does not carry it (webresources/build/bundle.ts). The
 * whole computation is in the annotated call: esbuild drops an unused pure call but keeps its arguments' calls.
 */
export const knownEntitySets: Record<string, string> = /* @__PURE__ */ (() => Object.fromEntries(Object.values(couplingTargets).map((t) => [t.table, t.entitySet])))();

export function isCouplingTable(table: unknown): table is CouplingTable {
  return typeof table === 'string' && Object.prototype.hasOwnProperty.call(couplingTargets, table);
}

/** Most records one grid command sends at once: the dialog lists each one with its answer. */
export const MAX_RECORDS_PER_RUN = 50;
