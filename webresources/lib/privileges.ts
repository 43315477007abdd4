/**
 * Privilege checks for enable rules and handlers, from the user's role privileges
 * (userSettings.getSecurityRolePrivilegesInfo: one call per page, cached; the Power Apps checker recommends it over
 * reading role ids). The server still enforces every privilege; this only hides commands that would fail.
 */
import { privilegeName, type PrivilegeVerb } from '../../domain/privileges';
import { Tables } from '../../domain/schema';

type Ours = (typeof Tables)[keyof typeof Tables];
const ours = (verb: PrivilegeVerb, t: Ours): string => privilegeName(verb, t)!;
const standard = (verb: PrivilegeVerb, logicalName: string): string => privilegeName(verb, logicalName)!;

/**
 * The names getSecurityRolePrivilegesInfo() returns for the privileges our commands need: Dataverse's own names
 * (salesorder → prvWriteOrder, not prvWriteSalesOrder; see domain/privileges.ts), so a command is never disabled for
 * a user who holds the right.
 */
export const Privileges = {
  createRequest: ours('Create', Tables.integrationRequest),
  readRequest: ours('Read', Tables.integrationRequest),
  writeRequest: ours('Write', Tables.integrationRequest),
  readConnection: ours('Read', Tables.connection),
  /** Refresh statistics is offered to those who may read the figures (not to availability-only users). */
  readStatistics: ours('Read', Tables.accountStatistics),
  /** Refresh availability likewise needs read access to availability. */
  readAvailability: ours('Read', Tables.itemAvailability),
  /** Coupling commands: the connector refuses them from users without it (ERP Integration Administrator). */
  writeCoupling: ours('Write', Tables.coupling),
  writeOrder: standard('Write', 'salesorder'),
  writeQuote: standard('Write', 'quote'),
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
