/**
 * Users, bearer tokens and role-based privileges as Dataverse checks them: prv<Verb><Table> at a depth
 * (Basic = records the user owns, Local/Deep/Global = all, the stand-in having one business unit).
 * Roles come from the solution (Roles/*.xml or an imported zip) plus built-in System Administrator,
 * Salesperson and Sales Read-Only roles.
 */
import { createHash } from 'crypto';
import { CUSTOMIZATION_PRIVILEGES, isGlobalOnly, privilegeName } from '../../domain/privileges';
import { Codes, DataverseError } from './errors';
import type { Depth, PrivilegeVerb, RoleDef, TableDef } from './metadata/types';

export const BUILTIN_ROLE_IDS = {
  systemAdministrator: '627090ff-40a3-4053-8790-584edc5be201',
  salesperson: 'a8e03a38-e5b5-4a3e-8f1c-0b8f2f7a1a02',
  salesReadOnly: 'a8e03a38-e5b5-4a3e-8f1c-0b8f2f7a1a03',
  systemCustomizer: '119f245c-3cc8-4b62-b31c-d1a046ced15d',
} as const;

export interface DataverseUser {
  /** Short name used in options and tests: admin, integration, salesperson... */
  key: string;
  /** systemuserid */
  id: string;
  fullName: string;
  email: string;
  token: string;
  roleIds: string[];
  isIntegrationUser: boolean;
  languageId: 1033 | 1036;
  /** Salesperson code in the ERP, when the user sells. */
  salespersonCode?: string | null;
  /** Set when this user is impersonated (MSCRMCallerID / CallerObjectId): the authenticated caller (impersonation.ts). */
  realCaller?: DataverseUser;
}

const DEPTH_RANK: Record<Depth, number> = { Basic: 1, Local: 2, Deep: 3, Global: 4 };

const ACCESS_RIGHT: Record<PrivilegeVerb, string> = {
  Create: 'CreateAccess',
  Read: 'ReadAccess',
  Write: 'WriteAccess',
  Delete: 'DeleteAccess',
  Append: 'AppendAccess',
  AppendTo: 'AppendToAccess',
  Assign: 'AssignAccess',
  Share: 'ShareAccess',
};

/** A stable GUID for a privilege name, so error messages are reproducible. */
export function privilegeId(name: string): string {
  const h = createHash('sha1').update(`privilege:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A built-in role from (logical table names, verbs, depth) grants, named as Dataverse names them (domain/privileges.ts). */
function role(id: string, name: string, grants: Array<[string[], PrivilegeVerb[], Depth]>, misc: string[] = []): RoleDef {
  const privileges = new Map<string, Depth>();
  for (const [tables, verbs, depth] of grants)
    for (const t of tables)
      for (const v of verbs) {
        const p = privilegeName(v, t);
        // Organization-owned tables (Product, currencies...) exist at Global depth only.
        if (p) privileges.set(p, isGlobalOnly(p) ? 'Global' : depth);
      }
  for (const p of misc) privileges.set(p, 'Global');
  return { id, name, privileges, source: 'builtin' };
}

const CRUD: PrivilegeVerb[] = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'];
const READ_ONLY: PrivilegeVerb[] = ['Read', 'AppendTo'];
const SALES_TABLES = ['account', 'contact', 'opportunity', 'quote', 'salesorder', 'invoice', 'annotation', 'activitypointer'];
const REFERENCE_TABLES = ['product', 'transactioncurrency', 'systemuser', 'team', 'businessunit', 'organization', 'systemform', 'webresource', 'role', 'usersettings', 'environmentvariabledefinition', 'environmentvariablevalue', 'solution', 'publisher'];

/**
 * The built-in roles the demo users hold, trimmed to the tables the stand-in serves. Salesperson as Dynamics 365
 * Sales ships it: business-unit (Local) depth on the sales tables, read on the reference tables; posts and own user
 * settings, read on the field mappings (Create Order from a quote maps the quote onto the order). Sales Read-Only reads. System Customizer: customization privileges (choices, forms, views, publish,
 * import/export), no business data.
 */
export function builtinRoles(): RoleDef[] {
  const admin: RoleDef = { id: BUILTIN_ROLE_IDS.systemAdministrator, name: 'System Administrator', privileges: new Map(), all: true, source: 'builtin' };
  const salesperson = role(BUILTIN_ROLE_IDS.salesperson, 'Salesperson', [
    [SALES_TABLES, CRUD, 'Local'],
    [['post'], ['Create', 'Read', 'Delete', 'AppendTo'], 'Global'],
    [REFERENCE_TABLES, READ_ONLY, 'Global'],
    [['usersettings'], ['Write'], 'Basic'],
    // Read of the entity and attribute maps at Global depth: Microsoft's default-privilege tables for EntityMap
    // (gg509051) and AttributeMap (gg334315) list prvReadEntityMap / prvReadAttributeMap as G for Salesperson (and
    // every other shipped role); ConvertQuoteToSalesOrder needs both (gg334548).
  ], ['prvReadEntityMap', 'prvReadAttributeMap']);
  const readOnly = role(BUILTIN_ROLE_IDS.salesReadOnly, 'Sales Read-Only', [
    [SALES_TABLES, ['Read'], 'Global'],
    [['post'], ['Read'], 'Global'],
    [REFERENCE_TABLES, ['Read'], 'Global'],
  ]);
  const customizer = role(
    BUILTIN_ROLE_IDS.systemCustomizer,
    'System Customizer',
    [
      [['systemform', 'webresource', 'solution', 'publisher', 'savedquery'], ['Create', 'Read', 'Write', 'Delete'], 'Global'],
      [REFERENCE_TABLES, ['Read'], 'Global'],
    ],
    [...CUSTOMIZATION_PRIVILEGES, 'prvPublishCustomization', 'prvImportCustomization', 'prvExportCustomization'],
  );
  return [admin, salesperson, readOnly, customizer];
}

export interface PrivilegeCheck {
  verb: PrivilegeVerb;
  table: TableDef;
  /** Owner of the record (user-owned tables), for Basic depth. */
  ownerId?: string | null;
  recordId?: string;
}

export class Security {
  private byToken = new Map<string, DataverseUser>();
  private byKey = new Map<string, DataverseUser>();
  private byId = new Map<string, DataverseUser>();

  constructor(private readonly roles: () => Map<string, RoleDef>) {}

  addUser(user: DataverseUser): void {
    const existing = this.byKey.get(user.key);
    if (existing) this.byToken.delete(existing.token);
    this.byToken.set(user.token, user);
    this.byKey.set(user.key, user);
    this.byId.set(user.id, user);
  }

  users(): DataverseUser[] {
    return [...this.byKey.values()];
  }

  userByToken(token: string): DataverseUser | undefined {
    return this.byToken.get(token);
  }

  userByKey(key: string): DataverseUser | undefined {
    return this.byKey.get(key);
  }

  userById(id: string): DataverseUser | undefined {
    return this.byId.get(id.toLowerCase());
  }

  private rolesOf(user: DataverseUser): RoleDef[] {
    const all = this.roles();
    return user.roleIds.map((id) => all.get(id)).filter((r): r is RoleDef => !!r);
  }

  isAdmin(user: DataverseUser): boolean {
    return this.rolesOf(user).some((r) => r.all);
  }

  depth(user: DataverseUser, privilege: string): Depth | undefined {
    let best: Depth | undefined;
    for (const r of this.rolesOf(user)) {
      const d = r.all ? 'Global' : r.privileges.get(privilege);
      if (d && (!best || DEPTH_RANK[d] > DEPTH_RANK[best])) best = d;
    }
    // Impersonation runs with the intersection of both users' privileges (impersonation.ts).
    if (user.realCaller && best) {
      const theirs = this.depth(user.realCaller, privilege);
      return theirs && DEPTH_RANK[theirs] < DEPTH_RANK[best] ? theirs : theirs ? best : undefined;
    }
    return best;
  }

  /** Business-unit placement for Local/Deep checks (principalAccess.ts); unset = one business unit. */
  reachesOwner?: (user: DataverseUser, depth: 'Local' | 'Deep', ownerId: string) => boolean;

  hasPrivilege(user: DataverseUser, privilege: string): boolean {
    return this.depth(user, privilege) !== undefined;
  }

  /** Depth the user reads a table with, or undefined when the table has no Read privilege to check. */
  readDepth(user: DataverseUser, table: TableDef): Depth | undefined {
    if (!table.privilegeVerbs.includes('Read')) return 'Global';
    return this.depth(user, `prvRead${table.privilegeName}`);
  }

  /** Throws Dataverse's 403 when the user lacks the privilege, or holds it only for records owned by someone else. */
  check(user: DataverseUser, c: PrivilegeCheck): void {
    if (!c.table.privilegeVerbs.includes(c.verb)) return;
    const name = `prv${c.verb}${c.table.privilegeName}`;
    const d = this.depth(user, name);
    if (!d) throw this.missing(user, name, c.table);
    const reached = d === 'Global' || c.table.ownership !== 'user' || !c.ownerId || c.ownerId === user.id ? true : d === 'Basic' ? false : (this.reachesOwner?.(user, d, c.ownerId) ?? true);
    if (!reached) {
      throw new DataverseError(
        403,
        Codes.privilegeDenied,
        `SecLib::AccessCheckEx failed. Returned hr = -2147187962, ObjectID: ${c.recordId ?? ''}, OwnerId: ${c.ownerId},  OwnerIdType: 8 and CallingUser: ${user.id}. ObjectTypeCode: ${c.table.objectTypeCode}, objectBusinessUnitId: ${ROOT_BUSINESS_UNIT_ID}, AccessRights: ${ACCESS_RIGHT[c.verb]} `,
      );
    }
  }

  /** Throws unless the user holds a privilege that names no table (prvPublishCustomization, prvImportCustomization...). */
  checkMisc(user: DataverseUser, privilege: string, what: string): void {
    if (this.hasPrivilege(user, privilege)) return;
    const count = this.rolesOf(user).reduce((n, r) => n + r.privileges.size, 0);
    throw new DataverseError(
      403,
      Codes.privilegeDenied,
      `Principal user (Id=${user.id}, type=8, roleCount=${user.roleIds.length}, privilegeCount=${count}), is missing ${privilege} privilege (Id=${privilegeId(privilege)}) for ${what}. context.Caller=${user.id}`,
    );
  }

  missing(user: DataverseUser, privilege: string, table: TableDef): DataverseError {
    const count = this.rolesOf(user).reduce((n, r) => n + r.privileges.size, 0);
    return new DataverseError(
      403,
      Codes.privilegeDenied,
      `Principal user (Id=${user.id}, type=8, roleCount=${user.roleIds.length}, privilegeCount=${count}), is missing ${privilege} privilege (Id=${privilegeId(privilege)}) on OTC=${table.objectTypeCode} for entity '${table.logicalName}'. context.Caller=${user.id}`,
    );
  }
}

export const ROOT_BUSINESS_UNIT_ID = '8a1d3f0e-9b5c-4e2a-b1f4-0c3d2e1a0b01';
export const ORGANIZATION_ID = '8a1d3f0e-9b5c-4e2a-b1f4-0c3d2e1a0b02';
