/**
 * Privilege checks for enable rules and handlers, from the user's role privileges
 * (userSettings.getSecurityRolePrivilegesInfo: one call per page, cached; the Power Apps checker recommends it over
 * reading role ids). The server still enforces every privilege; this only hides commands that would fail.
 */
import { Tables } from '../../domain/schema';

export const Privileges = {
  createRequest: `prvCreate${Tables.integrationRequest.schemaName}`,
  readRequest: `prvRead${Tables.integrationRequest.schemaName}`,
  writeRequest: `prvWrite${Tables.integrationRequest.schemaName}`,
  readConnection: `prvRead${Tables.connection.schemaName}`,
  /** Coupling commands: the connector refuses them from users without it (ERP Integration Administrator). */
  writeCoupling: `prvWrite${Tables.coupling.schemaName}`,
  writeOrder: 'prvWriteSalesOrder',
  writeQuote: 'prvWriteQuote',
} as const;

let cache: Promise<Set<string> | null> | null = null;

/** The privilege names the user holds, or null when the client cannot tell (then commands stay enabled). */
export function userPrivilegeNames(): Promise<Set<string> | null> {
  if (!cache) {
    cache = (async () => {
      try {
        const settings = Xrm.Utility.getGlobalContext().userSettings;
        if (typeof settings.getSecurityRolePrivilegesInfo !== 'function') return null;
        const info = await settings.getSecurityRolePrivilegesInfo();
        return new Set(Object.values(info ?? {}).map((p) => p.privilegeName.toLowerCase()));
      } catch {
        return null;
      }
    })();
  }
  return cache;
}

export async function hasPrivileges(...names: string[]): Promise<boolean> {
  const held = await userPrivilegeNames();
  if (held === null) return true;
  return names.every((n) => held.has(n.toLowerCase()));
}

/** Tests start each case with a new user. */
export function resetPrivilegeCache(): void {
  cache = null;
}
