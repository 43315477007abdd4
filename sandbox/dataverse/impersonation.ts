/**
 * Impersonation as the Dataverse Web API does it (Learn, "Impersonate another user using the Web API",
 * https://learn.microsoft.com/en-us/power-apps/developer/data-platform/webapi/impersonate-another-user-web-api):
 * - the `CallerObjectId` header names the user by their Microsoft Entra object id (systemuser.azureactivedirectoryobjectid),
 *   `MSCRMCallerID` by their systemuserid; CallerObjectId is the preferred one and wins when both are sent;
 * - the authenticated caller (A) needs prvActOnBehalfOfAnotherUser, else the request is refused (403, 0x80040220);
 * - the operation runs as the impersonated user (B) with the intersection of A's and B's privileges ("A is allowed to
 *   do something if and only if A and B have the privilege necessary for the action");
 * - a record written that way has createdby/modifiedby = B and createdonbehalfby/modifiedonbehalfby = A (the page's
 *   "Determine the actual user" section), so the real caller stays visible.
 */
import { Codes, DataverseError } from './errors';
import type { Security, DataverseUser } from './security';
import type { LookupValue, Store } from './store';

export interface ImpersonationHeaders {
  mscrmcallerid?: string | string[];
  callerobjectid?: string | string[];
}

const one = (v: string | string[] | undefined): string => String(Array.isArray(v) ? v[0] : (v ?? '')).replace(/[{}]/g, '').trim().toLowerCase();

/** The user the request runs as: the caller, or the impersonated user carrying the caller as `realCaller`. */
export function actingUser(security: Security, store: Store, caller: DataverseUser, headers: ImpersonationHeaders): DataverseUser {
  const objectId = one(headers.callerobjectid);
  const callerId = one(headers.mscrmcallerid);
  if (!objectId && !callerId) return caller;
  // Checked before the target is looked up: a caller without the privilege learns nothing about other users.
  security.checkMisc(caller, 'prvActOnBehalfOfAnotherUser', 'impersonation (MSCRMCallerID / CallerObjectId)');
  let target: DataverseUser | undefined;
  if (objectId) {
    const row = [...store.rows('systemuser')].find((u) => String(u.azureactivedirectoryobjectid ?? '').toLowerCase() === objectId);
    target = row ? security.userById(String(row.systemuserid)) : undefined;
    if (!target) throw new DataverseError(404, Codes.objectDoesNotExist, `No systemuser has the Microsoft Entra object id ${objectId} given in the CallerObjectId header.`);
  } else {
    target = security.userById(callerId);
    if (!target) throw new DataverseError(404, Codes.objectDoesNotExist, `Entity 'systemuser' With Id = ${callerId} Does Not Exist`);
  }
  if (target.id === caller.id) return caller;
  return { ...target, realCaller: caller };
}

/** createdonbehalfby / modifiedonbehalfby of a write: the real caller when impersonating, else null. */
export function onBehalfOf(user: DataverseUser): LookupValue | null {
  return user.realCaller ? { id: user.realCaller.id, table: 'systemuser' } : null;
}
