/**
 * Record-level access as Dataverse computes it, for RetrievePrincipalAccess and for the engine's own checks.
 *
 * Access levels (Learn, "Security concepts", https://learn.microsoft.com/en-us/power-apps/developer/data-platform/security-concepts,
 * and "Security roles and privileges", https://learn.microsoft.com/en-us/power-platform/admin/security-roles-privileges):
 * - organization-owned tables: a privilege is Global or None, an on/off switch: any grant reaches every row;
 * - user/team-owned tables: Basic reaches the rows the user owns; Local the rows owned in the user's business unit;
 *   Deep the rows owned in the user's business unit and the units below it; Global every row. A higher depth includes
 *   the lower ones. (Sharing and team membership also widen Basic in Dataverse; the stand-in has neither.)
 *
 * RetrievePrincipalAccess (Learn, https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/retrieveprincipalaccess):
 * bound to systemuser (also team, organization), parameter Target (crmbaseentity, passed as a parameter alias
 * `Target=@t` with `@t={'@odata.id':'salesorders(<id>)'}`), returns RetrievePrincipalAccessResponse { AccessRights },
 * the AccessRights flags enum serialised as a comma-separated list ("ReadAccess, WriteAccess"), "None" when empty.
 * The caller must be able to read the target.
 */
import { Codes, DataverseError, payloadError } from './errors';
import type { ActionHandler } from './api';
import type { Engine } from './engine';
import type { Depth, PrivilegeVerb, TableDef } from './metadata/types';
import { ROOT_BUSINESS_UNIT_ID, type DataverseUser } from './security';
import { isLookup, type Row, type Store } from './store';

/** AccessRights enum members in Dataverse's declaration order (ReadAccess = 1 … AssignAccess = 524288). */
export const ACCESS_RIGHTS: Array<[PrivilegeVerb, string]> = [
  ['Read', 'ReadAccess'],
  ['Write', 'WriteAccess'],
  ['Append', 'AppendAccess'],
  ['AppendTo', 'AppendToAccess'],
  ['Create', 'CreateAccess'],
  ['Delete', 'DeleteAccess'],
  ['Share', 'ShareAccess'],
  ['Assign', 'AssignAccess'],
];

/** Where the user and the record sit, for the depth decision. */
export interface Placement {
  userId: string;
  userBusinessUnit: string;
  ownership: 'user' | 'org' | 'none' | string;
  ownerId: string | null;
  ownerBusinessUnit: string | null;
  /** True when `unit` is `ancestor` or below it. */
  isWithin(unit: string, ancestor: string): boolean;
}

/** Does a privilege held at `depth` reach the record? Pure: the rule of the Learn pages above. */
export function reaches(depth: Depth | undefined, p: Placement): boolean {
  if (!depth) return false;
  if (p.ownership !== 'user' || depth === 'Global') return true;
  if (p.ownerId && p.ownerId === p.userId) return true;
  if (!p.ownerBusinessUnit) return false;
  if (depth === 'Local') return p.ownerBusinessUnit === p.userBusinessUnit;
  if (depth === 'Deep') return p.isWithin(p.ownerBusinessUnit, p.userBusinessUnit);
  return false;
}

/** The business unit of a user (systemuser.businessunitid) or team (team.businessunitid); the root one by default. */
export function businessUnitOf(store: Store, principal: { id: string; table?: string }): string {
  const row = store.get(principal.table === 'team' ? 'team' : 'systemuser', principal.id.toLowerCase());
  const bu = row?.businessunitid;
  return isLookup(bu) ? bu.id : ROOT_BUSINESS_UNIT_ID;
}

/** businessunit.parentbusinessunitid, walked up (bounded: a cycle in hand-made rows cannot hang the stand-in). */
export function isWithin(store: Store, unit: string, ancestor: string): boolean {
  let current: string | null = unit;
  for (let i = 0; current && i < 64; i++) {
    if (current === ancestor) return true;
    const parent: unknown = store.get('businessunit', current)?.parentbusinessunitid;
    current = isLookup(parent) ? parent.id : null;
  }
  return false;
}

export function placementOf(store: Store, user: DataverseUser, table: TableDef, row: Row | undefined): Placement {
  const owner = row && isLookup(row.ownerid) ? row.ownerid : null;
  const owning = row && isLookup(row.owningbusinessunit) ? row.owningbusinessunit.id : null;
  return {
    userId: user.id,
    userBusinessUnit: businessUnitOf(store, { id: user.id }),
    ownership: table.ownership,
    ownerId: owner?.id ?? null,
    // owningbusinessunit follows the owner's business unit in Dataverse; read it from the owner, so a user moved to
    // another unit carries their rows with them here too.
    ownerBusinessUnit: owner ? businessUnitOf(store, owner) : owning,
    isWithin: (u, a) => isWithin(store, u, a),
  };
}

/** The rights `user` has on the row, as RetrievePrincipalAccess lists them. */
export function accessRights(engine: Engine, user: DataverseUser, table: TableDef, row: Row): string[] {
  // Order lines and other child rows are secured through their parent: their rights are the parent's.
  if (table.securedBy) {
    const ref = row[table.securedBy.lookup];
    const parentTable = engine.catalog.table(table.securedBy.table);
    const parent = isLookup(ref) && parentTable ? engine.store.get(parentTable.logicalName, ref.id) : undefined;
    return parent && parentTable ? accessRights(engine, user, parentTable, parent) : [];
  }
  const place = placementOf(engine.store, user, table, row);
  const out: string[] = [];
  for (const [verb, right] of ACCESS_RIGHTS) {
    if (!table.privilegeVerbs.includes(verb)) continue;
    if (reaches(engine.security.depth(user, `prv${verb}${table.privilegeName}`), place)) out.push(right);
  }
  return out;
}

/** The function handler: systemusers(<id>)/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t={'@odata.id':'…'}. */
export function retrievePrincipalAccess(engine: Engine): ActionHandler {
  return (ctx, _req, { bound, params }) => {
    if (bound?.table.logicalName !== 'systemuser')
      throw new DataverseError(400, Codes.invalidArgument, "RetrievePrincipalAccess is bound to systemuser: call systemusers(<id>)/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t={'@odata.id':'accounts(<id>)'}.");
    const principal = engine.security.userById(bound.id);
    if (!principal) throw new DataverseError(404, Codes.objectDoesNotExist, `Entity 'systemuser' With Id = ${bound.id} Does Not Exist`);
    const target = params.Target;
    const ref = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)['@odata.id'] : undefined;
    if (typeof ref !== 'string') throw payloadError('RetrievePrincipalAccess', "Target must be an entity reference: Target=@t with @t={'@odata.id':'accounts(<id>)'}.");
    const { table, id } = engine.resolveReference(ctx, ref, 'RetrievePrincipalAccess');
    const row = engine.store.get(table.logicalName, id)!;
    // The caller must be able to read the record it asks about.
    if (!reaches(engine.security.readDepth(ctx.user, table), placementOf(engine.store, ctx.user, table, row))) {
      throw engine.security.missing(ctx.user, `prvRead${table.privilegeName}`, table);
    }
    const rights = accessRights(engine, principal, table, row);
    return {
      status: 200,
      headers: {},
      body: { '@odata.context': `${ctx.apiUrl}$metadata#Microsoft.Dynamics.CRM.RetrievePrincipalAccessResponse`, AccessRights: rights.length ? rights.join(', ') : 'None' },
    };
  };
}

/** Security.reachesOwner for the engine's own checks: Local/Deep against the owner's business unit. */
export function ownerReach(store: Store): (user: DataverseUser, depth: 'Local' | 'Deep', ownerId: string) => boolean {
  return (user, depth, ownerId) => {
    const ownerBusinessUnit = businessUnitOf(store, { id: ownerId, table: store.get('systemuser', ownerId) ? 'systemuser' : 'team' });
    return reaches(depth, { userId: user.id, userBusinessUnit: businessUnitOf(store, { id: user.id }), ownership: 'user', ownerId, ownerBusinessUnit, isWithin: (u, a) => isWithin(store, u, a) });
  };
}
