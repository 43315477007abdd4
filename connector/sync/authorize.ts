/**
 * Who may change couplings and start synchronisations from the app. The web resources hide the commands from users
 * without write access to erp_coupling, but the queue accepts any row a user can create, so the connector checks
 * the row's creator (createdby, set by Dataverse; erp_requestedby is the client's word) before it acts: write access
 * to erp_coupling as Dataverse computes it (RetrieveUserPrivilegeByPrivilegeName: direct and team roles; the ERP
 * Integration Administrator role has it), or the connector's own user. Where the function is not available, the
 * user's direct roles decide (ERP Integration Administrator or System Administrator). Searching the ERP is open to
 * every user who may queue requests.
 */
import { formatMappingProblem } from '../../domain/mappings';
import { Roles, Tables } from '../../domain/schema';
import { normalizeId } from '../../domain/orderValidation';
import { HttpError } from '../http/httpClient';
import type { HandlerContext } from '../queue/worker';
import { SYSTEM_ADMINISTRATOR_TEMPLATE } from '../setup/checks';
import { userFacts } from '../setup/testConnection';
import { integrationUserId } from './context';

const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { at: number; allowed: boolean; name: string }>();

export const COUPLING_PRIVILEGE = `prvWrite${Tables.coupling.schemaName}`;

async function holdsPrivilege(ctx: HandlerContext, userId: string): Promise<boolean | null> {
  try {
    const r = await ctx.services.dv.get<{ RolePrivileges?: unknown[] }>(`systemusers(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName='${COUPLING_PRIVILEGE}')`);
    return (r.RolePrivileges ?? []).length > 0;
  } catch (e) {
    if (e instanceof HttpError && (e.status === 400 || e.status === 404 || e.status === 501)) return null;
    throw e;
  }
}

async function decide(ctx: HandlerContext, userId: string): Promise<{ allowed: boolean; name: string }> {
  const hit = cache.get(userId);
  if (hit && ctx.now.getTime() - hit.at < CACHE_MS) return hit;
  const facts = await userFacts(ctx.services, userId);
  const direct = (): boolean =>
    facts.roles.some((r) => {
      const id = r.id.toLowerCase();
      return id === Roles.administrator.id || id === SYSTEM_ADMINISTRATOR_TEMPLATE || r.templateId?.toLowerCase() === SYSTEM_ADMINISTRATOR_TEMPLATE;
    });
  const allowed = (await holdsPrivilege(ctx, userId)) ?? direct();
  const entry = { at: ctx.now.getTime(), allowed, name: facts.fullName || userId };
  cache.set(userId, entry);
  return entry;
}

/** null when the creator may; otherwise the refusal in the reader's language. */
export async function refuseUnlessAdministrator(ctx: HandlerContext): Promise<string | null> {
  const creator = normalizeId(ctx.row._createdby_value ?? '');
  // Rows without a creator come from the connector's own code paths (tests, the CLI), never from a browser.
  if (!creator) return null;
  if (creator === normalizeId(await integrationUserId(ctx.services))) return null;
  const d = await decide(ctx, creator);
  return d.allowed ? null : formatMappingProblem({ code: 'OP_NOT_ALLOWED', params: { user: d.name } }, ctx.lcid);
}

/** Tests change roles between cases. */
export function clearAuthorizationCache(): void {
  cache.clear();
}
