/**
 * The authorisation of a queued request before its flow does anything: Dataverse is asked whether the request's
 * creator (and the real caller, when the row was created through impersonation) holds the right the request kind
 * needs (domain/requestAuthorization.ts decides which right on which record, and whose rights count), and a refusal
 * is written on the request in the requesting user's language.
 *
 * Dataverse computes the rights, not this code: RetrievePrincipalAccess gives a user's access to one record from
 * their roles, depth, ownership and business unit (and sharing and teams on a real tenant);
 * RetrieveUserPrivilegeByPrivilegeName a privilege held through any role. Learn:
 * https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/retrieveprincipalaccess
 * https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/reference/retrieveuserprivilegebyprivilegename
 *
 * Cost: the questions travel in the $batch that claims the row (every handler claims before any other I/O), so an
 * authorised request costs no extra round trip; names and language are read only to word a refusal.
 */
import { decide, refusalHint, refusalText, requirementFor, whoseRights, type Requirement } from '../../domain/requestAuthorization';
import type { BatchOperation, BatchResult } from '../dataverse/batch';
import { batchPartError } from '../dataverse/client';
import { ConnectorFailure } from '../errors';
import type { Services } from '../services';
import { knownIntegrationUserId } from '../sync/context';
import type { HandlerContext } from './worker';

/** A refusal: written on the request only, never through the handler's failure writes on the document. */
export class RequestRefused extends ConnectorFailure {}

/** The question for one user, as a $batch GET. */
function question(userId: string, r: Requirement): BatchOperation | null {
  if (r.kind === 'record') {
    // The parameter-alias form of Learn's "Use Web API functions" (an entity reference as @t={'@odata.id':'…'}).
    const target = encodeURIComponent(`{'@odata.id':'${r.entitySet}(${r.id})'}`);
    return { method: 'GET', url: `systemusers(${userId})/Microsoft.Dynamics.CRM.RetrievePrincipalAccess(Target=@t)?@t=${target}` };
  }
  if (r.kind === 'privilege') return { method: 'GET', url: `systemusers(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName='${r.privilege}')` };
  return null;
}

/** Dataverse's answer; null when the target record does not exist (the flow then says so in its own words). */
function answer(r: Requirement, res: BatchResult): boolean | null {
  if (res.status === 404 && r.kind === 'record') return null;
  if (res.status >= 400) throw batchPartError(res, 'Checking the requesting user’s rights');
  const body = (res.body ?? {}) as { AccessRights?: string; RolePrivileges?: unknown[] };
  if (r.kind === 'record')
    return String(body.AccessRights ?? '')
      .split(',')
      .map((x) => x.trim())
      .includes(r.right);
  return (body.RolePrivileges ?? []).length > 0;
}

/** The user's UI language (usersettings.uilanguageid); null when it cannot be read. */
async function languageOf(s: Services, userId: string | null): Promise<number | null> {
  if (!userId) return null;
  try {
    const u = await s.dv.get<{ uilanguageid?: number | null }>(`usersettingscollection(${userId})?$select=uilanguageid`);
    return typeof u.uilanguageid === 'number' && u.uilanguageid > 0 ? u.uilanguageid : null;
  } catch (e) {
    s.log.warn('could not read the user’s language; the refusal is written in the organisation’s', { user: userId, error: (e as Error).message });
    return null;
  }
}

async function namesOf(s: Services, ids: Array<string | null>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids.filter((x): x is string => !!x))) {
    try {
      const u = await s.dv.get<{ fullname?: string | null }>(`systemusers(${id})?$select=fullname`);
      out.set(id, String(u.fullname ?? '') || id);
    } catch {
      out.set(id, id);
    }
  }
  return out;
}

/**
 * Wraps ctx.claimAndRead: the first claim carries the rights questions, and the handler gets its reads back only
 * when the request is authorised; otherwise RequestRefused is thrown (the row is claimed, so the worker writes the
 * refusal on it). Later calls pass through.
 */
export function authorizeOnClaim(ctx: HandlerContext, claimAndRead: HandlerContext['claimAndRead']): HandlerContext['claimAndRead'] {
  const s = ctx.services;
  const row = ctx.row;
  let decided = false;
  return async (reads) => {
    if (decided) return claimAndRead(reads);
    const requirement = requirementFor({ kind: row.erp_kind, targetId: row.erp_targetid, payload: row.erp_payload, connectionId: row._erp_connectionid_value ?? s.ref.connectionId });
    // The connector's own id is only needed to skip asking about rows it created itself; unknown, it is asked too.
    const who = whoseRights({
      createdBy: row._createdby_value,
      createdOnBehalfBy: row._createdonbehalfby_value,
      modifiedBy: row._modifiedby_value,
      modifiedOnBehalfBy: row._modifiedonbehalfby_value,
      connectorUser: knownIntegrationUserId(s) ?? '',
    });
    const users = who.kind === 'users' && requirement.kind !== 'noTarget' && requirement.kind !== 'unknown' ? who.users : [];
    const questions = users.map((u) => question(u, requirement)).filter((q): q is BatchOperation => !!q);
    const results = await claimAndRead([...reads, ...questions]);
    decided = true;
    let answers = results.slice(reads.length);
    // Without continue-on-error Dataverse stops at the first failing part: a handler read that failed leaves the
    // questions unanswered, and they are asked on their own before the handler may go on.
    if (answers.length < questions.length) answers = await s.dv.batch(questions, { continueOnError: true });
    const granted = new Map<string, boolean>();
    for (let i = 0; i < questions.length; i++) {
      const a = answer(requirement, answers[i]);
      if (a === null) return results.slice(0, reads.length);
      granted.set(users[i], a);
    }
    const refusal = decide(requirement, who, granted);
    if (!refusal) return results.slice(0, reads.length);
    const lcid = (await languageOf(s, refusal.creatorId)) ?? ctx.lcid;
    const message = refusalText(refusal, requirement, await namesOf(s, [refusal.userId, refusal.creatorId]), lcid);
    ctx.lcid = lcid;
    s.log.warn('request refused: the requesting user lacks the rights', { requestId: row.erp_integrationrequestid, refusal: refusal.code, action: refusal.action, user: refusal.userId, creator: refusal.creatorId });
    // Unknown codes are shown verbatim by the connector's catalogue: the text is already in the user's language.
    throw new RequestRefused('permanent', [{ code: message, params: {} }], refusalHint(lcid), null, false, message);
  };
}
