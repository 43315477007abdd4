/**
 * Entity and attribute maps a solution ships (`<EntityMaps>` in customizations.xml), checked on import as the
 * platform checks attribute maps, and applied where the platform applies them (ConvertQuoteToSalesOrder).
 *
 * Format: CustomizationsSolution.xsd, `EntityMapsType` (MicrosoftDocs/powerapps-docs,
 * developer/data-platform/customization-solutions-file-schema.md; copy in solution/schemas/):
 *   <EntityMaps><EntityMap><EntitySource/><EntityTarget/><AttributeMaps><AttributeMap><AttributeSource/>
 *   <AttributeTarget/></AttributeMap></AttributeMaps></EntityMap></EntityMaps>
 * The same shape, for quotedetail → salesorderdetail, imported into a tenant where "CRM server will append the
 * Attribute map to the existing EntityMap": NETWORG/blog, _posts/2018-10-28-notes-adding-custom-fields-to-mapping-
 * between-quotes-orders-and-invoices-solution-aware.md (a solution cannot create the Sales entity map itself; it
 * adds attribute maps to the system one).
 *
 * Rules ("Customize table and column mappings", learn.microsoft.com/power-apps/developer/data-platform/
 * customize-entity-attribute-mappings; "Map table columns", …/power-apps/maker/data-platform/map-entity-fields):
 * - the AttributeMetadata type must match; the format must match;
 * - the length of the target column cannot be shorter than the source column;
 * - the target column must not be used in another mapping;
 * - the target column must be a field in which a user can enter data;
 * - "Valid table maps are created when a relationship is created": the pair must have an entity map, i.e. a
 *   relationship, or one of Sales' system maps below.
 * Not modelled: "the source column must be visible on the form" (a form-time rule of the create-related UI),
 * choice option values (Learn: "should be identical", not refused), PartyList and address-id columns (the stand-in
 * has no such column type). Refusal code and texts are APPROX: Microsoft's error list has no attribute-map entry.
 */
import type { Element } from '@xmldom/xmldom';
import { Codes, DataverseError } from './errors';
import { kid, kids, txt } from './metadata/solutionXml';
import type { Catalog } from './metadata/catalog';
import type { ColumnDef, EntityMapDef, SolutionContent } from './metadata/types';

/**
 * Sales' system entity maps between tables with no relationship of their own: the lead-to-cash chain that Create
 * Order / Create Invoice copy along (the blog above queries quotedetail → salesorderdetail and salesorderdetail →
 * invoicedetail; ConvertQuoteToSalesOrder's privileges include prvReadEntityMap/prvReadAttributeMap, gg334548).
 */
const SALES_SYSTEM_MAPS = new Set(['quote>salesorder', 'quotedetail>salesorderdetail', 'salesorder>invoice', 'salesorderdetail>invoicedetail']);

/** `<EntityMaps>` of a customizations.xml root (or of Other/Customizations.xml in an unpacked source). */
export function parseEntityMaps(customizationsRoot: Element): EntityMapDef[] {
  return kids(kid(customizationsRoot, 'EntityMaps'), 'EntityMap').map((m) => ({
    source: (txt(m, 'EntitySource') ?? '').toLowerCase(),
    target: (txt(m, 'EntityTarget') ?? '').toLowerCase(),
    attributes: kids(kid(m, 'AttributeMaps'), 'AttributeMap').map((a) => ({ source: (txt(a, 'AttributeSource') ?? '').toLowerCase(), target: (txt(a, 'AttributeTarget') ?? '').toLowerCase() })),
  }));
}

const refuse = (text: string) => new DataverseError(400, Codes.importInvalidFile, `The import of the attribute map failed: ${text}`);

/** Throws when one of the package's maps would be refused by the platform; `content` is the package being imported. */
export function checkEntityMaps(content: SolutionContent, catalog: Catalog): void {
  const column = (table: string, name: string): ColumnDef | undefined =>
    content.extraColumns.find((x) => x.table === table && x.column.logicalName === name)?.column ??
    content.tables.find((t) => t.logicalName === table)?.columns.get(name) ??
    catalog.table(table)?.columns.get(name);
  const hasTable = (name: string) => content.tables.some((t) => t.logicalName === name) || !!catalog.table(name);
  const related = (source: string, target: string) =>
    [...(catalog.table(target)?.columns.values() ?? []), ...content.extraColumns.filter((x) => x.table === target).map((x) => x.column)].some((c) => c.targets?.includes(source));
  for (const map of content.entityMaps ?? []) {
    const pair = `${map.source} → ${map.target}`;
    for (const t of [map.source, map.target]) if (!hasTable(t)) throw refuse(`the entity map ${pair} names the table ${t}, which does not exist.`);
    if (!SALES_SYSTEM_MAPS.has(`${map.source}>${map.target}`) && !related(map.source, map.target))
      throw refuse(`there is no entity map ${pair}: entity maps exist only between related tables and for the system maps.`);
    const targets = new Set<string>();
    for (const a of map.attributes) {
      const src = column(map.source, a.source);
      const dst = column(map.target, a.target);
      const name = `${map.source}.${a.source} → ${map.target}.${a.target}`;
      if (!src) throw refuse(`${name}: the source column ${a.source} does not exist on ${map.source}.`);
      if (!dst) throw refuse(`${name}: the target column ${a.target} does not exist on ${map.target}.`);
      if (src.type !== dst.type) throw refuse(`${name}: the columns are of different types (${src.type}, ${dst.type}).`);
      if (src.format && dst.format && src.format !== dst.format) throw refuse(`${name}: the columns have different formats (${src.format}, ${dst.format}).`);
      if (src.maxLength !== undefined && (dst.maxLength ?? Infinity) < src.maxLength) throw refuse(`${name}: the target column is shorter (${dst.maxLength}) than the source column (${src.maxLength}).`);
      if (!dst.validForCreate) throw refuse(`${name}: the target column cannot be set by a user.`);
      if (targets.has(a.target)) throw refuse(`${name}: the target column is already mapped.`);
      targets.add(a.target);
    }
  }
}

/** The values a created `target` row takes from `source` through the imported attribute maps (set values only). */
export function mappedValues(catalog: Catalog, sourceTable: string, targetTable: string, source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const content of catalog.solutions.values())
    for (const map of content.entityMaps ?? [])
      if (map.source === sourceTable && map.target === targetTable)
        for (const a of map.attributes) if (source[a.source] !== undefined && source[a.source] !== null) out[a.target] = source[a.source];
  return out;
}
