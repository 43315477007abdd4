/** Table and column metadata the page works with (entity sets, labels, types, choices), served by the page server. */
import type { AttributeInfo, EntityInfo } from '../../shared/model';
import { label } from '../i18n';
import type { EntitySetResolver } from './webApi';

export class Metadata implements EntitySetResolver {
  private readonly byName = new Map<string, EntityInfo>();

  constructor(entities: EntityInfo[]) {
    for (const e of entities) this.byName.set(e.logicalName, e);
  }

  has(logicalName: string): boolean {
    return this.byName.has(logicalName);
  }

  entity(logicalName: string): EntityInfo {
    const e = this.byName.get(logicalName);
    if (!e) throw new Error(`The sandbox has no metadata for the table "${logicalName}".`);
    return e;
  }

  entitySetName(logicalName: string): string {
    const e = this.byName.get(logicalName);
    if (e) return e.entitySetName;
    // Dataverse's default: the logical name plus "s" (tables we do not know are still reachable).
    return logicalName.endsWith('s') ? `${logicalName}es` : `${logicalName}s`;
  }

  attribute(entity: string, attribute: string): AttributeInfo | undefined {
    return this.byName.get(entity)?.attributes[attribute];
  }

  attributeLabel(entity: string, attribute: string): string {
    return label(this.attribute(entity, attribute)?.labels, attribute);
  }

  entityLabel(entity: string): string {
    return label(this.byName.get(entity)?.labels, entity);
  }

  collectionLabel(entity: string): string {
    return label(this.byName.get(entity)?.collectionLabels, entity);
  }

  optionLabel(entity: string, attribute: string, value: number | null | undefined): string {
    if (value === null || value === undefined) return '';
    const opt = this.attribute(entity, attribute)?.options?.find((o) => o.value === value);
    return opt ? label(opt.labels, String(value)) : String(value);
  }

  /**
   * The navigation property a lookup value is bound through (`<nav>@odata.bind`), from the relationship metadata;
   * Dataverse's convention where the metadata has none: the column name, suffixed by the target for a lookup with
   * several targets (customerid_account).
   */
  navigationFor(entity: string, attribute: string, target: string): string {
    const a = this.attribute(entity, attribute);
    const nav = a?.navigation?.[target];
    if (nav) return nav;
    return (a?.targets?.length ?? 0) > 1 ? `${attribute}_${target}` : attribute;
  }

  isLookup(entity: string, attribute: string): boolean {
    const type = this.attribute(entity, attribute)?.type;
    return type === 'lookup' || type === 'customer' || type === 'owner';
  }
}

/** The Web API name of a column in $select: lookups are `_x_value`. */
export function selectName(meta: Metadata, entity: string, attribute: string): string {
  return meta.isLookup(entity, attribute) ? `_${attribute}_value` : attribute;
}
