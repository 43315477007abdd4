/**
 * The checks Business Central runs on its integration user (original-solution.md §2.1, CRMConnectionSetup), on
 * ours: the user the connector signs in as holds the ERP Integration Administrator role (everything the connector
 * writes; docs/solution.md, "Security roles"), is not System Administrator, is enabled (and licensed, where Dataverse
 * says), and has roles at all. ERP Integration User is for salespeople: the connector does not need it. Pure: the caller reads the user and roles.
 * Texts in English and French, each saying what to do.
 */
import { fillTemplate } from '../../domain/messages';
import { Roles } from '../../domain/schema';
import type { WallReport } from '../register';

/** Role template of System Administrator (the same in every environment). */
export const SYSTEM_ADMINISTRATOR_TEMPLATE = '627090ff-40a3-4053-8790-584edc5be201';

export interface UserFacts {
  id: string;
  fullName: string;
  disabled: boolean;
  /** null when Dataverse does not say (application users, older versions). */
  licensed: boolean | null;
  /**
   * Integration user mode (systemuser.isintegrationuser). Dynamics 365 keeps a submitted order read-only for every
   * user but integration users ("Enable sales order processing integration", Learn), and the connector writes the ERP
   * number, coupling state and ERP events back on submitted orders. null when not read.
   */
  integrationMode: boolean | null;
  roles: Array<{ id: string; name: string; templateId?: string | null }>;
}

export type CheckCode = 'USER_HAS_NO_ROLES' | 'USER_MISSING_ROLES' | 'USER_IS_SYSTEM_ADMINISTRATOR' | 'USER_DISABLED' | 'USER_NOT_LICENSED' | 'USER_NOT_INTEGRATION_MODE' | 'USER_OK' | WallCode;
export type WallCode = 'WALL_ON' | 'WALL_UNAVAILABLE' | 'WALL_FAILED';

export interface CheckResult {
  code: CheckCode;
  ok: boolean;
  en: string;
  fr: string;
}

const texts: Record<Exclude<CheckCode, WallCode>, { en: string; fr: string }> = {
  USER_HAS_NO_ROLES: {
    en: 'User {user} has no security roles in this environment. Assign the role {admin} to it (Power Platform admin center → Users → Manage security roles).',
    fr: "L'utilisateur {user} n'a aucun rôle de sécurité dans cet environnement. Attribuez-lui le rôle {admin} (Centre d'administration Power Platform → Utilisateurs → Gérer les rôles de sécurité).",
  },
  USER_MISSING_ROLES: {
    en: 'User {user} does not have the required role: {missing} is missing. Assign {admin} to it.',
    fr: "L'utilisateur {user} n'a pas le rôle requis : il manque {missing}. Attribuez-lui {admin}.",
  },
  USER_IS_SYSTEM_ADMINISTRATOR: {
    en: 'User {user} has the System Administrator role. Use a dedicated integration user without it: changes made by this user are never synchronised back, and an administrator would make every admin change invisible to the integration.',
    fr: "L'utilisateur {user} a le rôle Administrateur système. Utilisez un utilisateur d'intégration dédié sans ce rôle : ses modifications ne sont jamais renvoyées, et un administrateur rendrait invisibles à l'intégration toutes les modifications d'administration.",
  },
  USER_DISABLED: {
    en: 'User {user} is disabled. Enable it, or give the connector the credentials of an enabled integration user.',
    fr: "L'utilisateur {user} est désactivé. Activez-le, ou donnez au connecteur les identifiants d'un utilisateur d'intégration actif.",
  },
  USER_NOT_LICENSED: {
    en: 'User {user} is not licensed. Assign it a Dynamics 365 Sales licence, or use an application user.',
    fr: "L'utilisateur {user} n'a pas de licence. Attribuez-lui une licence Dynamics 365 Sales, ou utilisez un utilisateur d'application.",
  },
  USER_NOT_INTEGRATION_MODE: {
    en: 'User {user} is not in integration user mode: Dynamics 365 keeps submitted orders read-only for it, so the ERP order number and the ERP events could not be written back. An administrator sets Integration user mode to Yes on this user (Settings → Security → Users → the user → Integration user mode), as Business Central does for its own integration user.',
    fr: "L'utilisateur {user} n'est pas en mode utilisateur d'intégration : Dynamics 365 garde les commandes soumises en lecture seule pour lui, donc le numéro de commande ERP et les événements de l'ERP ne pourraient pas y être écrits. Un administrateur règle Mode utilisateur d'intégration sur Oui pour cet utilisateur (Paramètres → Sécurité → Utilisateurs → l'utilisateur → Mode utilisateur d'intégration), comme Business Central le fait pour son propre utilisateur d'intégration.",
  },
  USER_OK: {
    en: 'User {user} holds {admin}, is not System Administrator and is enabled.',
    fr: "L'utilisateur {user} a le rôle {admin}, n'est pas Administrateur système et est actif.",
  },
};

const wallTexts: Record<WallCode, { en: string; fr: string }> = {
  WALL_ON: {
    en: 'The {table} wall is enabled for activity feeds: the connector can post ERP events on {tables}.',
    fr: "Le mur des {tablesFr} est activé pour les flux d'activité : le connecteur peut y publier les événements de l'ERP.",
  },
  WALL_UNAVAILABLE: {
    en: 'Activity Feeds is not installed in this environment: Dynamics 365 refuses posts on {tables}, so ERP events are not shown on their timeline. Install Activity Feeds (Dynamics 365 Sales includes it), then run the check again.',
    fr: "Les flux d'activité ne sont pas installés dans cet environnement : Dynamics 365 refuse les publications sur les {tablesFr}, donc les événements de l'ERP n'apparaissent pas dans leur chronologie. Installez les flux d'activité (inclus dans Dynamics 365 Sales), puis relancez la vérification.",
  },
  WALL_FAILED: {
    en: 'The {table} wall could not be enabled for activity feeds ({error}): Dynamics 365 refuses posts on {tables} until it is. Enable it in Settings → Activity Feeds Configuration → Post Configurations → {label} → Activate (with the wall on), or give the connector\'s user Create and Write on Post Configuration, then run the check again.',
    fr: "Le mur des {tablesFr} n'a pas pu être activé pour les flux d'activité ({error}) : Dynamics 365 refuse les publications sur les {tablesFr} tant qu'il ne l'est pas. Activez-le dans Paramètres → Configuration des flux d'activité → Configurations des publications → {labelFr} → Activer (mur activé), ou donnez à l'utilisateur du connecteur la création et l'écriture sur Configuration des publications, puis relancez la vérification.",
  },
};

const WALL_NAMES: Record<WallReport['table'], { en: string; fr: string; label: string; labelFr: string }> = {
  salesorder: { en: 'orders', fr: 'commandes', label: 'Order', labelFr: 'Commande' },
  quote: { en: 'quotes', fr: 'devis', label: 'Quote', labelFr: 'Devis' },
};

/** What the setup page and `register` say about each wall (order, quote) the connector posts on. */
export function checkWalls(walls: WallReport[]): CheckResult[] {
  return walls.map((w) => {
    const n = WALL_NAMES[w.table];
    const code: WallCode = w.state === 'failed' ? 'WALL_FAILED' : w.state === 'unavailable' ? 'WALL_UNAVAILABLE' : 'WALL_ON';
    const params = { table: w.table, tables: n.en, tablesFr: n.fr, label: n.label, labelFr: n.labelFr, error: w.error ?? '' };
    return { code, ok: code === 'WALL_ON', en: fillTemplate(wallTexts[code].en, params), fr: fillTemplate(wallTexts[code].fr, params) };
  });
}

function result(code: Exclude<CheckCode, WallCode>, params: Record<string, string>): CheckResult {
  return { code, ok: code === 'USER_OK', en: fillTemplate(texts[code].en, params), fr: fillTemplate(texts[code].fr, params) };
}

/** Every problem of the user (empty problems = a single USER_OK result). */
export function checkIntegrationUser(u: UserFacts): CheckResult[] {
  const params = { user: u.fullName || u.id, admin: Roles.administrator.name };
  const out: CheckResult[] = [];
  const ids = new Set(u.roles.map((r) => r.id.toLowerCase()));
  if (!u.roles.length) out.push(result('USER_HAS_NO_ROLES', params));
  else {
    const missing = [Roles.administrator].filter((r) => !ids.has(r.id)).map((r) => r.name);
    if (missing.length) out.push(result('USER_MISSING_ROLES', { ...params, missing: missing.join(', ') }));
  }
  if (u.roles.some((r) => r.id.toLowerCase() === SYSTEM_ADMINISTRATOR_TEMPLATE || r.templateId?.toLowerCase() === SYSTEM_ADMINISTRATOR_TEMPLATE)) out.push(result('USER_IS_SYSTEM_ADMINISTRATOR', params));
  if (u.disabled) out.push(result('USER_DISABLED', params));
  if (u.licensed === false) out.push(result('USER_NOT_LICENSED', params));
  if (u.integrationMode === false) out.push(result('USER_NOT_INTEGRATION_MODE', params));
  return out.length ? out : [result('USER_OK', params)];
}
