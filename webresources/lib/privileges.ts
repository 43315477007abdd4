/**
 * Privilege checks for enable rules and handlers, from the user's role privileges
 * (userSettings.getSecurityRolePrivilegesInfo: one call per page, cached; the Power Apps checker recommends it over
 * reading role ids). The server still enforces every privilege; this only hides commands that would fail.
 */
import { CommandPrivileges } from '../../domain/commandPrivileges';

/**
 * The names getSecurityRolePrivilegesInfo() returns for the privileges our commands need: Dataverse's own names
 * (salesorder → prvWriteOrder, not prvWriteSalesOrder; see domain/privileges.ts and domain/commandPrivileges.ts), so
 * a command is never disabled for a user who holds the right.
 */
export const Privileges = CommandPrivileges;

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
