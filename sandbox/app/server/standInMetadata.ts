/**
 * The signed-in user's table privileges for the page's ribbon rules, read from the Dataverse stand-in in-process:
 * the stand-in serves no privilege query over the Web API (a real org answers RetrieveUserPrivileges), and the page
 * must know them before it evaluates a command. The stand-in still enforces them on every Web API call.
 */
import type { DataverseStandIn } from '../../dataverse';
import type { PrivilegeVerb } from '../../dataverse/metadata/types';
import { Tables } from '../../../domain/schema';
import { existingPrivileges } from '../../dataverse/privilegeCatalog';
import { privilegeId, ROOT_BUSINESS_UNIT_ID } from '../../dataverse/security';
import type { Depth } from '../../dataverse/metadata/types';
import type { RolePrivilegeInfo } from '../shared/model';

export const PAGE_TABLES = [
  'account', 'contact', 'product', 'uom', 'transactioncurrency', 'pricelevel', 'systemuser', 'team',
  'salesorder', 'salesorderdetail', 'quote', 'quotedetail', 'invoice', 'invoicedetail', 'post',
  ...Object.values(Tables).map((t) => t.logicalName),
];

/** The "verb:table" privileges the user holds at Basic depth only (on user-owned tables): they apply to own records. */
export function basicPrivilegesFromStandIn(dv: DataverseStandIn, userKey: string): string[] {
  const security = dv.engine.security;
  const user = security.userByKey(userKey);
  if (!user) return [];
  const out: string[] = [];
  for (const t of dv.engine.catalog.tables.values()) {
    if (t.ownership !== 'user') continue;
    for (const v of t.privilegeVerbs) if (security.depth(user, `prv${v}${t.privilegeName}`) === 'Basic') out.push(`${v}:${t.logicalName}`.toLowerCase());
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

/** Dataverse's PrivilegeDepth: Basic 0, Local 1, Deep 2, Global 3. */
const DEPTH_NUMBER: Record<Depth, number> = { Basic: 0, Local: 1, Deep: 2, Global: 3 };

/**
 * What Xrm.Utility.getGlobalContext().userSettings.getSecurityRolePrivilegesInfo() returns for the user: every
 * privilege of their roles under its real name (prvWriteOrder, prvCreateerp_IntegrationRequest), at the deepest
 * depth any role grants; System Administrator holds every privilege that exists.
 */
export function rolePrivilegesFromStandIn(dv: DataverseStandIn, userKey: string): RolePrivilegeInfo[] {
  const security = dv.engine.security;
  const user = security.userByKey(userKey);
  if (!user) return [];
  const names = security.isAdmin(user)
    ? [...existingPrivileges(dv.engine.catalog.tables.values())]
    : [...new Set(user.roleIds.flatMap((id) => [...(dv.engine.catalog.roles.get(id)?.privileges.keys() ?? [])]))];
  const out: RolePrivilegeInfo[] = [];
  for (const name of names.sort()) {
    const depth = security.depth(user, name);
    if (depth) out.push({ id: privilegeId(name), businessUnitId: ROOT_BUSINESS_UNIT_ID, privilegeName: name, depth: DEPTH_NUMBER[depth] });
  }
  return out;
}
