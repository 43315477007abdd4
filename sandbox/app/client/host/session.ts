/** Who is signed in to the page and in which language: read once at start; switching reloads the page. */
import type { Lcid, RolePrivilegeInfo } from '../../shared/model';

export interface SandboxUser {
  key: string;
  /** systemuserid in the Dataverse stand-in. */
  id: string;
  fullName: string;
  email?: string;
  roles: { id: string; name: string }[];
}

export interface SessionInfo {
  user: SandboxUser;
  users: { key: string; fullName: string; description: Record<string, string> }[];
  lcid: Lcid;
  orgLcid: Lcid;
  orgName: string;
  orgId: string;
  connector: { available: boolean; running: boolean };
  /** The erp_connection web client address: Open in ERP links to it are shown in the ERP console. */
  erpWebClientUrl?: string;
  /** The user's role privileges (real names, deepest depth): what getSecurityRolePrivilegesInfo() resolves with. */
  rolePrivileges?: RolePrivilegeInfo[];
}

let session: SessionInfo | null = null;

export function setSession(s: SessionInfo): void {
  session = s;
}

export function currentSession(): SessionInfo {
  if (!session) throw new Error('The sandbox session is not loaded yet.');
  return session;
}
