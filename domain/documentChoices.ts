/**
 * Payment terms and shipment method of a Sales order or quote → the ERP records the document must carry
 * (original-solution.md §4.3: paymenttermscode → Payment Terms, freighttermscode → Shipment Method, through the
 * option mapping). Pure: the connector reads the choices and couplings, this decides.
 *
 * Why by label and not by choice value: the PAYMENT TERMS and SHIPMENT METHOD mappings couple ERP codes with the
 * choices of the ACCOUNT columns (paymenttermscode, address1_freighttermscode), while an order or quote has choice
 * columns of its own (salesorder_paymenttermscode, quote_freighttermscode, …) whose values need not be the same. A
 * document choice therefore names an ERP record when one of its labels (any language) is the ERP code, the ERP name,
 * or a label of the account choice coupled with that ERP record.
 */

/** The two document columns that have an ERP counterpart on the API v2.0 document header. */
export const DocumentChoiceColumns = {
  paymentTerms: 'paymenttermscode',
  shipmentMethod: 'freighttermscode',
} as const;
export type DocumentChoiceColumn = (typeof DocumentChoiceColumns)[keyof typeof DocumentChoiceColumns];

/**
 * The account columns the PAYMENT TERMS and SHIPMENT METHOD mappings couple (domain/mappings/defaults.ts), and the
 * API v2.0 entity sets of their ERP records, per document column.
 */
export const CoupledChoiceSources: Record<DocumentChoiceColumn, { accountColumn: string; erpEntitySet: string }> = {
  paymenttermscode: { accountColumn: 'paymenttermscode', erpEntitySet: 'paymentTerms' },
  freighttermscode: { accountColumn: 'address1_freighttermscode', erpEntitySet: 'shipmentMethods' },
};

/** An ERP record a document choice can name: its id (what API v2.0 takes), its code and every name it goes by. */
export interface ChoiceCounterpart {
  erpId: string;
  code: string;
  /** The ERP code and name, and every label of the Sales choice coupled with it. */
  names: string[];
}

export interface ChoiceSetup {
  /** Every label (all languages) of each choice value of the document's own column. */
  labelsByValue: Record<string, string[]>;
  /** The ERP records, coupled ones with their Sales labels. */
  counterparts: ChoiceCounterpart[];
}

/** One per document column; a missing setup means nothing could be read, so nothing resolves. */
export type DocumentChoiceSetups = Partial<Record<DocumentChoiceColumn, ChoiceSetup>>;

const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The ERP record a document choice names, or null. `formatted` is the label the read returned (the user's
 * language); it stands in for the column's labels when they could not be read. A code match wins over a name match
 * (codes are unique in the ERP, names need not be).
 */
export function resolveDocumentChoice(setup: ChoiceSetup | undefined, value: number | null | undefined, formatted?: string | null): ChoiceCounterpart | null {
  if (value === null || value === undefined || !setup) return null;
  const labels = new Set([...(setup.labelsByValue[String(value)] ?? []), ...(formatted ? [formatted] : [])].map(norm).filter(Boolean));
  if (!labels.size) return null;
  const byCode = setup.counterparts.find((c) => labels.has(norm(c.code)));
  if (byCode) return byCode;
  return [...setup.counterparts].sort((a, b) => a.code.localeCompare(b.code)).find((c) => c.names.some((n) => labels.has(norm(n)))) ?? null;
}

/** The label to show for a document choice: the one the read returned, else the column's first, else the value. */
export function documentChoiceLabel(setup: ChoiceSetup | undefined, value: number, formatted?: string | null): string {
  return formatted || setup?.labelsByValue[String(value)]?.[0] || String(value);
}

/** A Sales choice column's options as the connector reads them from metadata. */
export interface ChoiceOptionLabels {
  value: number;
  labels: string[];
}

/** An option coupling row: the Sales choice value (erp_crmid) of an account column ⇄ an ERP record. */
export interface OptionCouplingRow {
  crmValue: string;
  erpId: string;
}

/** An ERP payment term or shipment method as API v2.0 lists it. */
export interface ErpCodeRecord {
  id: string;
  code: string;
  displayName?: string | null;
}

/**
 * Builds one column's setup: the document column's labels, and the ERP records named by their code, their name and
 * the labels of the account choice coupled with them. Couplings to ERP records that no longer exist are ignored.
 */
export function buildChoiceSetup(documentOptions: readonly ChoiceOptionLabels[], accountOptions: readonly ChoiceOptionLabels[], couplings: readonly OptionCouplingRow[], erpRecords: readonly ErpCodeRecord[]): ChoiceSetup {
  const accountLabels = new Map(accountOptions.map((o) => [String(o.value), o.labels]));
  const byId = new Map(erpRecords.map((r) => [r.id.toLowerCase(), r]));
  const names = new Map<string, Set<string>>();
  for (const r of erpRecords) names.set(r.id.toLowerCase(), new Set([r.code, ...(r.displayName ? [r.displayName] : [])]));
  for (const c of couplings) {
    const set = names.get(c.erpId.toLowerCase());
    if (!set) continue;
    for (const l of accountLabels.get(c.crmValue) ?? []) set.add(l);
  }
  return {
    labelsByValue: Object.fromEntries(documentOptions.map((o) => [String(o.value), o.labels])),
    counterparts: [...byId.entries()].map(([id, r]) => ({ erpId: id, code: r.code, names: [...(names.get(id) ?? [])] })),
  };
}
