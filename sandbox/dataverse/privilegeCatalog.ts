/**
 * The privileges that exist in the stand-in, as in a real environment: the standard ones (domain/privileges.ts, from
 * Microsoft's "Privileges by entity" reference) plus those Dataverse creates with each custom table
 * (prv<Verb><SchemaName>: eight verbs for user-owned tables, six for organization-owned ones, per "Security roles and
 * privileges", learn.microsoft.com/power-platform/admin/security-roles-privileges).
 *
 * Two rules hang on it:
 * - a role (solution source or imported zip) naming a privilege that does not exist fails, as a real import fails,
 *   and so does a depth the privilege cannot have (organization-owned tables and Product are Global only; a real
 *   import answers "The privilege prvX with id = … can't have depth = Basic");
 * - the standard tables are checked under their real privilege names (uom, unit groups, price lists and price list
 *   items under prv*Product; orderclose under prv*Activity), whatever the table metadata was written with.
 */
import { customTablePrivileges, isGlobalOnly, standardPrivilegeNames, standardPrivileges, STANDARD_TABLE_SECURITY } from '../../domain/privileges';
import { Codes, DataverseError } from './errors';
import type { Catalog } from './metadata/catalog';
import type { RoleDef, TableDef } from './metadata/types';

/** Every privilege name that exists once these tables are defined. */
export function existingPrivileges(tables: Iterable<TableDef>): Set<string> {
  const out = standardPrivilegeNames();
  for (const t of tables) {
    if (STANDARD_TABLE_SECURITY[t.logicalName] || t.securedBy || t.ownership === 'none') continue;
    for (const p of customTablePrivileges(t.privilegeName, t.ownership === 'user' ? 'user' : 'org')) out.add(p);
  }
  return out;
}

/** Organization-owned custom tables have only Global depth, like the standard ones flagged in domain/privileges.ts. */
function globalOnly(privilege: string, tables: Iterable<TableDef>): boolean {
  if (isGlobalOnly(privilege)) return true;
  for (const t of tables) if (t.ownership === 'org' && !STANDARD_TABLE_SECURITY[t.logicalName] && customTablePrivileges(t.privilegeName, 'org').includes(privilege)) return true;
  return false;
}

/**
 * Throws the import failure for the first role that names a privilege which does not exist (case matters: Dataverse
 * resolves role privileges by name) or holds one at a depth it cannot have. `tables`: the environment's tables plus
 * those the solution being imported creates (their privileges are created with them).
 */
export function checkRolePrivileges(roles: readonly RoleDef[], tables: readonly TableDef[], solution: string): void {
  const known = existingPrivileges(tables);
  for (const role of roles) {
    if (role.all) continue;
    for (const [name, depth] of role.privileges) {
      // APPROX: Dataverse's text for an unknown privilege was not found verbatim; the depth text is the one users report.
      if (!known.has(name))
        throw new DataverseError(
          400,
          Codes.importInvalidFile,
          `The import of solution ${solution} failed: the security role ${role.name} (${role.id}) names the privilege ${name}, which does not exist in this organization. Privilege names are prv<Verb><Table> with the table's privilege name (salesorder → Order, annotation → Note, systemuser → User, order lines follow their order, price lists and units follow Product).`,
        );
      if (depth !== 'Global' && globalOnly(name, tables))
        throw new DataverseError(400, Codes.importInvalidFile, `The import of solution ${solution} failed: The privilege ${name} can't have depth = ${depth}, RoleId = ${role.id}. It exists at Global (organization) depth only.`);
    }
  }
}

/** Checks the roles a solution brings against the catalog as it will be once the solution's tables exist. */
export function checkSolutionRoles(catalog: Catalog, content: { uniqueName: string; roles: RoleDef[]; tables: TableDef[] }): void {
  const tables = new Map([...catalog.tables].map(([k, t]) => [k, t]));
  for (const t of content.tables) if (!tables.has(t.logicalName)) tables.set(t.logicalName, t);
  checkRolePrivileges(content.roles, [...tables.values()], content.uniqueName);
}

/** Points the standard tables at their real privileges (names and verbs) from domain/privileges.ts. */
export function alignStandardPrivileges(catalog: Catalog): void {
  for (const t of catalog.tables.values()) {
    if (t.securedBy || !STANDARD_TABLE_SECURITY[t.logicalName]) continue;
    const own = standardPrivileges(t.logicalName);
    if (!own) continue;
    t.privilegeName = own.base;
    t.privilegeVerbs = [...own.verbs];
  }
}
