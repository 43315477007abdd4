/**
 * Who may ask the connector for what: the rule, pure. Dataverse decides the rights (connector/queue/authorizeRequest.ts
 * asks it with RetrievePrincipalAccess and RetrieveUserPrivilegeByPrivilegeName); this module says which right each
 * request kind needs on which record, whose rights count, and the refusal texts in English and French.
 *
 * - Submit an order: write access to that order (what the Submit command itself needs to mark it submitted).
 * - Process a quote: write access to that quote.
 * - Refresh statistics: read access to that account; refresh availability: read access to that product.
 * - Test the connection, search the ERP: the administrator's rights, write access to the ERP connection row.
 * - Couplings, synchronisations, reconciliation: write access to ERP couplings (the ERP Integration Administrator's
 *   privilege), as connector/sync/authorize.ts has always required.
 *
 * Whose rights: the row's creator as Dataverse recorded it (createdby; erp_requestedby is only what the client says).
 * A row created through impersonation (createdonbehalfby set) needs the right for the real caller as well: Dataverse
 * itself only lets an impersonating caller do what both users may do, and the connector, which acts with its own
 * wider rights, must not be the way around that. The row's last modifier (modifiedby, modifiedonbehalfby) needs it
 * too: whoever rewrote or re-queued someone's request is asking for it. Rows the connector created and last changed
 * itself (automatic pick-up, retries) pass.
 */
import { fillTemplate, resolveLcid } from './messages';
import { RequestKind, Tables } from './schema';

export type AccessRight = 'ReadAccess' | 'WriteAccess';
export type RequestAction = 'submitOrder' | 'processQuote' | 'refreshStatistics' | 'refreshAvailability' | 'testConnection' | 'search' | 'coupling';

export type Requirement =
  | { kind: 'record'; action: RequestAction; entitySet: string; id: string; right: AccessRight }
  | { kind: 'privilege'; action: RequestAction; privilege: string }
  | { kind: 'noTarget'; action: RequestAction }
  /** A kind this connector does not handle: the worker refuses it on its own (UNKNOWN_KIND). */
  | { kind: 'unknown' };

export const COUPLING_PRIVILEGE = `prvWrite${Tables.coupling.schemaName}`;

export interface RequestFacts {
  kind: number | null | undefined;
  targetId: string | null | undefined;
  payload: string | null | undefined;
  /** The request's erp_connection, or the connector's own when the row names none. */
  connectionId: string | null | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const cleanId = (v: string | null | undefined): string | null => {
  const id = String(v ?? '').replace(/[{}]/g, '').trim().toLowerCase();
  return GUID.test(id) ? id : null;
};

function operationOf(payload: string | null | undefined): string | null {
  if (!payload || !payload.trim()) return null;
  try {
    const p = JSON.parse(payload) as { operation?: unknown };
    return typeof p?.operation === 'string' ? p.operation : null;
  } catch {
    return null;
  }
}

/** What the request needs, from its kind, target and payload. */
export function requirementFor(r: RequestFacts): Requirement {
  const record = (action: RequestAction, entitySet: string, right: AccessRight, id = r.targetId): Requirement => {
    const clean = cleanId(id);
    return clean ? { kind: 'record', action, entitySet, id: clean, right } : { kind: 'noTarget', action };
  };
  switch (r.kind) {
    case RequestKind.submitOrder:
      return record('submitOrder', 'salesorders', 'WriteAccess');
    case RequestKind.processQuote:
      return record('processQuote', 'quotes', 'WriteAccess');
    case RequestKind.refreshStatistics:
      return record('refreshStatistics', 'accounts', 'ReadAccess');
    case RequestKind.refreshAvailability:
      return record('refreshAvailability', 'products', 'ReadAccess');
    case RequestKind.testConnection:
      return record('testConnection', Tables.connection.entitySet, 'WriteAccess', r.connectionId);
    case RequestKind.couple:
      if (operationOf(r.payload) === 'search') return record('search', Tables.connection.entitySet, 'WriteAccess', r.connectionId);
      return { kind: 'privilege', action: 'coupling', privilege: COUPLING_PRIVILEGE };
    case RequestKind.syncRecord:
    case RequestKind.fullSync:
    case RequestKind.reconcile:
      return { kind: 'privilege', action: 'coupling', privilege: COUPLING_PRIVILEGE };
    default:
      return { kind: 'unknown' };
  }
}

export interface Creators {
  createdBy: string | null | undefined;
  createdOnBehalfBy: string | null | undefined;
  modifiedBy?: string | null;
  modifiedOnBehalfBy?: string | null;
  /** The connector's own Dataverse user. */
  connectorUser: string;
}

export type WhoseRights =
  | { kind: 'connector' }
  | { kind: 'noCreator' }
  /**
   * Every listed user must hold the right; `impersonator` is the real caller when the row was made on someone's
   * behalf, `modifiers` who last changed it (and the real caller of that change).
   */
  | { kind: 'users'; users: string[]; creator: string; impersonator: string | null; modifiers: string[] };

export function whoseRights(c: Creators): WhoseRights {
  const me = cleanId(c.connectorUser);
  const creator = cleanId(c.createdBy);
  if (!creator) return { kind: 'noCreator' };
  const behalf = cleanId(c.createdOnBehalfBy);
  const impersonator = behalf && behalf !== creator && behalf !== me ? behalf : null;
  const modifiers = [cleanId(c.modifiedBy), cleanId(c.modifiedOnBehalfBy)].filter((u): u is string => !!u && u !== me && u !== creator && u !== impersonator);
  const users = [...new Set([creator, impersonator, ...modifiers].filter((u): u is string => !!u && u !== me))];
  if (!users.length) return { kind: 'connector' };
  return { kind: 'users', users, creator, impersonator, modifiers: [...new Set(modifiers)] };
}

export type RefusalCode = 'noCreator' | 'noTarget' | 'record' | 'administrator' | 'coupling' | 'impersonated' | 'modified';

export interface Refusal {
  code: RefusalCode;
  action: RequestAction;
  /** The user whose rights fall short (the real caller when impersonating). */
  userId: string | null;
  creatorId: string | null;
}

/**
 * The decision: null (allowed) or the refusal. `granted(user)` is Dataverse's answer for that user on the requirement.
 */
export function decide(requirement: Requirement, who: WhoseRights, granted: ReadonlyMap<string, boolean>): Refusal | null {
  if (requirement.kind === 'unknown' || who.kind === 'connector') return null;
  const action = requirement.action;
  if (who.kind === 'noCreator') return { code: 'noCreator', action, userId: null, creatorId: null };
  if (requirement.kind === 'noTarget') return { code: 'noTarget', action, userId: who.creator, creatorId: who.creator };
  const lacking = who.users.find((u) => granted.get(u) !== true);
  if (!lacking) return null;
  const code: RefusalCode = lacking === who.impersonator ? 'impersonated' : who.modifiers.includes(lacking) ? 'modified' : requirement.kind === 'privilege' ? 'coupling' : action === 'testConnection' || action === 'search' ? 'administrator' : 'record';
  return { code, action, userId: lacking, creatorId: who.creator };
}

const en = {
  noCreator: 'Dynamics 365 recorded no creator for this request, so the connector cannot check who asked for it. Nothing was done.',
  noTarget: 'The request names no record to work on. Nothing was done. Use the command on the record again.',
  record: '{user} has no {right} access to this {target} in Dynamics 365, so the connector will not {action}. Nothing was sent to the ERP. Ask the {target}’s owner or your manager to do it, or to share the {target} with you.',
  administrator: '{user} may not {action}: that is for ERP administrators (write access to the ERP connection). Nothing was done. Ask your administrator.',
  coupling: '{user} may not change ERP couplings, start synchronisations or reconcile: that needs the ERP Integration Administrator role (write access to ERP couplings). Nothing was done. Ask your administrator.',
  impersonated: 'This request was created by {user} on behalf of {creator}. The connector only does what both may do, and {user} may not {action}. Nothing was done.',
  modified: 'This request of {creator} was last changed by {user}, who may not {action}. The connector only does what everyone who made the request may do. Nothing was done.',
  right_ReadAccess: 'read',
  right_WriteAccess: 'write',
  target_salesorders: 'order',
  target_quotes: 'quote',
  target_accounts: 'account',
  target_products: 'product',
  action_submitOrder: 'submit this order to the ERP',
  action_processQuote: 'send this quote to the ERP',
  action_refreshStatistics: 'refresh this account’s ERP figures',
  action_refreshAvailability: 'refresh this product’s availability',
  action_testConnection: 'test the ERP connection',
  action_search: 'search the ERP',
  action_coupling: 'change ERP couplings or start a synchronisation',
  hint: 'Ask someone who has these rights to do it, or ask your administrator to give you the rights. Retrying will not help.',
} as const;

type Key = keyof typeof en;

const fr: Record<Key, string> = {
  noCreator: 'Dynamics 365 n’a enregistré aucun créateur pour cette demande : le connecteur ne peut pas vérifier qui l’a faite. Rien n’a été fait.',
  noTarget: 'La demande ne désigne aucun enregistrement à traiter. Rien n’a été fait. Relancez la commande depuis l’enregistrement.',
  record: '{user} n’a pas l’accès en {right} à cet élément ({target}) dans Dynamics 365 : le connecteur ne va pas {action}. Rien n’a été envoyé à l’ERP. Demandez au propriétaire ou à votre responsable de le faire, ou de vous le partager.',
  administrator: '{user} ne peut pas {action} : c’est réservé aux administrateurs ERP (écriture sur la connexion ERP). Rien n’a été fait. Demandez à votre administrateur.',
  coupling: '{user} ne peut pas modifier les couplages ERP, lancer de synchronisation ni de rapprochement : il faut le rôle Administrateur de l’intégration ERP (écriture sur les couplages ERP). Rien n’a été fait. Demandez à votre administrateur.',
  impersonated: 'Cette demande a été créée par {user} au nom de {creator}. Le connecteur ne fait que ce que les deux peuvent faire, et {user} ne peut pas {action}. Rien n’a été fait.',
  modified: 'Cette demande de {creator} a été modifiée en dernier par {user}, qui ne peut pas {action}. Le connecteur ne fait que ce que peuvent faire tous ceux qui ont fait la demande. Rien n’a été fait.',
  right_ReadAccess: 'lecture',
  right_WriteAccess: 'écriture',
  target_salesorders: 'commande',
  target_quotes: 'devis',
  target_accounts: 'compte',
  target_products: 'produit',
  action_submitOrder: 'soumettre cette commande à l’ERP',
  action_processQuote: 'envoyer ce devis à l’ERP',
  action_refreshStatistics: 'actualiser les chiffres ERP de ce compte',
  action_refreshAvailability: 'actualiser la disponibilité de ce produit',
  action_testConnection: 'tester la connexion ERP',
  action_search: 'faire une recherche dans l’ERP',
  action_coupling: 'modifier les couplages ERP ou lancer une synchronisation',
  hint: 'Demandez à une personne qui a ces droits de le faire, ou à votre administrateur de vous les donner. Relancer la demande n’y changera rien.',
};

export const authorizationCatalogs = { 1033: en as Record<Key, string>, 1036: fr };

/** The refusal as the requesting user reads it. `names` maps user ids to full names. */
export function refusalText(refusal: Refusal, requirement: Requirement, names: ReadonlyMap<string, string>, lcid: number): string {
  const t = authorizationCatalogs[resolveLcid(lcid)];
  const name = (id: string | null): string => (id ? names.get(id) || id : '');
  const entitySet = requirement.kind === 'record' ? requirement.entitySet : '';
  const right = requirement.kind === 'record' ? requirement.right : 'WriteAccess';
  return fillTemplate(t[refusal.code], {
    user: name(refusal.userId),
    creator: name(refusal.creatorId),
    action: t[`action_${refusal.action}` as Key],
    right: t[`right_${right}` as Key],
    target: t[`target_${entitySet}` as Key] ?? entitySet,
  });
}

/** What to do about a refusal, in the user's language. */
export function refusalHint(lcid: number): string {
  return authorizationCatalogs[resolveLcid(lcid)].hint;
}
