/**
 * Metadata and privileges for the page, taken from the Dataverse stand-in in-process. The stand-in does not serve
 * EntityDefinitions over the Web API (a real org does; server/metadata.ts reads it that way), so the sandbox reads
 * its catalog directly: table and column names, types, choices and labels, and the user's privileges per table.
 * Column labels the catalog lacks come from the solution (our columns) or defaults/labels.ts (standard columns).
 */
import type { DataverseStandIn } from '../../dataverse';
import type { PrivilegeVerb } from '../../dataverse/metadata/types';
import { Tables } from '../../../domain/schema';
import type { AttributeInfo, EntityInfo, Labels } from '../shared/model';
import { standardColumnLabel } from './defaults/labels';
import type { SolutionPackage } from './solution/package';

export const PAGE_TABLES = [
  'account', 'contact', 'product', 'uom', 'transactioncurrency', 'pricelevel', 'systemuser', 'team',
  'salesorder', 'salesorderdetail', 'quote', 'quotedetail', 'invoice', 'invoicedetail', 'post',
  ...Object.values(Tables).map((t) => t.logicalName),
];

const toLabels = (l: Record<number, string> | undefined): Labels => Object.fromEntries(Object.entries(l ?? {}).map(([k, v]) => [String(k), v]));
const hasLabels = (l: Labels | undefined): l is Labels => !!l && Object.values(l).some(Boolean);

export function entityInfosFromStandIn(dv: DataverseStandIn, pkg: SolutionPackage, tables: string[]): EntityInfo[] {
  const out: EntityInfo[] = [];
  for (const name of tables) {
    const t = dv.engine.catalog.table(name);
    if (!t) continue;
    const fromSolution = pkg.entities.get(name);
    const attributes: Record<string, AttributeInfo> = {};
    for (const c of t.columns.values()) {
      const own = toLabels(c.displayName);
      const labels = hasLabels(own) ? own : (fromSolution?.attributes[c.logicalName]?.labels ?? standardColumnLabel(name, c.logicalName) ?? {});
      attributes[c.logicalName] = {
        logicalName: c.logicalName,
        type: c.type,
        labels: hasLabels(labels) ? labels : { 1033: c.logicalName },
        maxLength: c.maxLength,
        targets: c.targets,
        options: c.options?.map((o) => ({ value: o.value, labels: toLabels(o.labels), state: o.state })),
      };
    }
    out.push({
      logicalName: t.logicalName,
      entitySetName: t.entitySetName,
      primaryId: t.primaryId,
      primaryName: t.primaryName,
      labels: toLabels(t.displayName),
      collectionLabels: toLabels(t.collectionName),
      attributes,
    });
  }
  return out;
}

/** "verb:table" for every table privilege the user holds (tables checked through their parent count as granted). */
export function privilegesFromStandIn(dv: DataverseStandIn, userKey: string): string[] {
  const security = dv.engine.security;
  const user = security.userByKey(userKey);
  if (!user) return [];
  const verbs: PrivilegeVerb[] = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'];
  const out: string[] = [];
  for (const t of dv.engine.catalog.tables.values()) {
    for (const v of verbs) {
      const checked = t.privilegeVerbs.includes(v);
      if (!checked || security.hasPrivilege(user, `prv${v}${t.privilegeName}`)) out.push(`${v}:${t.logicalName}`.toLowerCase());
    }
  }
  return out;
}
