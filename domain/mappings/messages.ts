/**
 * Texts of mapping validation problems and per-record synchronisation errors, in English and French. Each says
 * what is wrong, names the mapping, field and record, and says what to do. Nouns ("the owner", "an ERP
 * salesperson") come from the mappings' labels so the same template serves every mapping.
 */
import { fillTemplate, resolveLcid } from '../messages';
import type { NounLabel } from './types';

export const mappingMessages = {
  en: {
    CONFIG_INVALID_JSON: 'The mapping file {file} is not valid JSON ({message}). Fix the file, or delete it to start again from the default mappings.',
    CONFIG_BAD_SHAPE: 'The mapping file {file} is not a mapping set: {message}. Compare it with config/mappings.json from the release.',
    MAPPING_BAD_NAME: 'A mapping has no name, or the name "{mapping}" is not upper-case letters, digits, spaces and dashes. Give every mapping a name like CUSTOMER.',
    MAPPING_DUPLICATE_NAME: 'Two mappings are named {mapping}. Rename or remove one of them.',
    MAPPING_BAD_VALUE: 'Mapping {mapping}: {property} is "{value}", which is not allowed. Use one of: {allowed}.',
    MAPPING_UNKNOWN_ERP_ENTITY: 'Mapping {mapping}: the ERP has no entity "{entity}". Use one of: {allowed}.',
    MAPPING_UNKNOWN_CRM_TABLE: 'Mapping {mapping}: Sales has no table "{table}" the integration can use. Use one of: {allowed}.',
    MAPPING_UNKNOWN_ERP_FIELD: 'Mapping {mapping}, {where}: the ERP entity {entity} has no field "{field}". Check the spelling (fields are case-sensitive).',
    MAPPING_UNKNOWN_CRM_COLUMN: 'Mapping {mapping}, {where}: the Sales table {table} has no column "{field}". Check the spelling (column names are lower-case).',
    MAPPING_INCOMPATIBLE_TYPES:
      'Mapping {mapping}, field {erpField} → {crmField}: the ERP field is {erpType} and the Sales column is {crmType}; they cannot be copied into each other. {hint}',
    MAPPING_NOT_WRITABLE_CRM: 'Mapping {mapping}, field {erpField} → {crmField}: the Sales column {crmField} is read-only, so nothing can flow into it. Set the field direction to "toErp".',
    MAPPING_NOT_WRITABLE_ERP: 'Mapping {mapping}, field {erpField} → {crmField}: the ERP field {erpField} is read-only in the API, so nothing can flow into it. Set the field direction to "fromErp".',
    MAPPING_FIELD_DIRECTION: 'Mapping {mapping}, field {erpField} → {crmField}: the field direction "{direction}" goes beyond the mapping direction "{mappingDirection}". Use the mapping direction or a narrower one.',
    MAPPING_TRANSFORM_DIRECTION: 'Mapping {mapping}, field {erpField} → {crmField}: the transform "{transform}" only works from the ERP to Sales. Set the field direction to "fromErp".',
    MAPPING_UNKNOWN_DEPENDENCY: 'Mapping {mapping} depends on {dependency}, which does not exist. Remove it from the dependencies or add that mapping.',
    MAPPING_DEPENDENCY_CYCLE: 'The mappings depend on each other in a circle: {cycle}. Remove one of these dependencies.',
    MAPPING_COUPLED_NOT_DEPENDENCY: 'Mapping {mapping}, field {erpField} → {crmField}: the value is resolved through mapping {target}, which is not among the dependencies of {mapping}. Add {target} to its dependencies.',
    MAPPING_COUPLED_WRONG_TARGET: 'Mapping {mapping}, field {erpField} → {crmField}: mapping {target} couples {targetTable} records, but the Sales column {crmField} holds {expected}. Choose the mapping of the right table.',
    MAPPING_MAP_VALUE_INVALID: 'Mapping {mapping}, field {erpField} → {crmField}: the value table uses {value} for the {side} side, which is not a valid value there. Valid values: {allowed}.',
    MAPPING_MATCH_UNMAPPED: 'Mapping {mapping}: the match key column {field} has no field mapping, so existing records cannot be found by it. Map it to an ERP field or remove it from the match keys.',
    MAPPING_OPTION_SHAPE: 'Mapping {mapping} is an option mapping: it needs crm.optionColumn naming a choice column of {table} and no field mappings. {detail}',
    MAPPING_KEY_NOT_UNIQUE: 'Mapping {mapping}: the ERP key {field} must be a code, number or id field of {entity}.',
    MAPPING_DISABLED_DEPENDENCY: 'Mapping {mapping} depends on {dependency}, which is turned off. Its records will only synchronise when the {dependency} records they use were coupled another way.',
    MAPPING_NO_CREATE_INTERVAL: 'Mapping {mapping}: intervalMinutes must be a whole number from 1 to 1440 (it is {value}).',

    REC_TOO_LONG: '{Record}: {field} has {length} characters, but {target} takes at most {max}. Shorten it in {source}, then retry the record.',
    REC_INVALID_OPTION: '{Record}: {field} is "{value}", which has no counterpart in {target}. Valid values: {allowed}. Change it in {source}, or extend the value table of mapping {mapping}.',
    REC_INVALID_VALUE: '{Record}: {field} is "{value}", which {target} cannot take ({detail}). Correct it in {source}, then retry the record.',
    REC_DEPENDENCY_NOT_COUPLED: '{Record}: {subject} {value} is not coupled to {targetA}. Couple it first (mapping {dependency}), then retry the record.',
    REC_BLOCKED: '{Record} is blocked in the ERP ({value}), so it is not synchronised. Unblock it in the ERP if it should be in Sales.',
    REC_BLOCKED_NOT_CREATED: '{Record} is blocked in the ERP, so it is not created in Sales. Unblock it in the ERP if it should be sold.',
    REC_RETIRED: '{Record} is blocked in the ERP: the product {crmName} was set to Retired. Unblock it in the ERP to sell it again.',
    REC_DUPLICATE_CRM: '{Record} matches {count} records in Sales with {column} = "{value}", so it cannot be coupled safely. Merge the duplicates in Sales or make {column} unique, then retry the record.',
    REC_DUPLICATE_ERP: '{Record} matches {count} records in the ERP with {field} = "{value}", so it cannot be coupled safely. Merge or rename the duplicates in the ERP, then retry the record.',
    REC_ALREADY_COUPLED: '{Record} would match {other}, which is already coupled to another record. Uncouple one of them, or change the number or name that matches.',
    REC_CONFLICT: '{Record} was changed in both Sales and the ERP since the last synchronisation, and mapping {mapping} leaves conflicts to you. Use Synchronize now and choose which side wins.',
    REC_REJECTED: '{Record}: {side} refused the change: {message}',
    REC_NOT_FOUND: '{Record} no longer exists in {side}. Uncouple it, or couple it with another record.',
    REC_CURRENCY_RATE: '{Record} was created in Sales with exchange rate 1.0, because the ERP API does not publish exchange rates. Set the real rate in Sales (Settings → Currencies).',
    REC_ROUTE_MISSING: 'Mapping {mapping}: the ERP does not offer {entity} ({message}). In Business Central, install the Power BI Reports app (analytics API) or publish the standard page on the Web Services page (docs/connector.md), or turn the mapping off.',
    REC_NO_CRM_CREATE: '{Record} has no counterpart in Sales, and mapping {mapping} does not create records. Couple it by hand, or allow creating in the mapping.',
    REC_NO_ERP_CREATE: '{Record} has no counterpart in the ERP, and mapping {mapping} does not create records. Couple it by hand, or allow creating in the mapping.',
    OP_BAD_PAYLOAD: 'The request payload is not JSON ({payload}). The command that created it must send {"operation": "...", ...}.',
    OP_UNKNOWN: 'Unknown operation "{operation}". Use one of: {allowed}.',
    OP_CRM_MISSING: '{Record} does not exist in Sales (deleted, or the connector’s user cannot read it).',
    OP_ERP_MISSING: 'The ERP has no {erpA} {key}. Search the ERP again and pick a record from the list.',
    OP_UNKNOWN_MAPPING: 'There is no mapping {mapping}. Known mappings: {allowed}.',
    OP_NO_MAPPING: 'No enabled mapping synchronises the Sales table "{table}". Name the mapping in the request, or turn its mapping on.',
    OP_EMPTY_QUERY: 'Type a number or part of a name to search the ERP.',
    OP_NO_RECORD: 'The request names no Sales record (crmId). Run the command from a saved record.',
    OP_ALREADY_COUPLED: 'This record is already coupled to {other}. Uncouple it first, then couple it again.',
    OP_ERP_TAKEN: '{Record} is already coupled to another Sales record ({crmId}). Uncouple that one first.',
    OP_FIRST_SYNC_FAILED: 'Coupled, but the first synchronisation failed: {message}',
    OP_NO_ERP_CREATE: 'Mapping {mapping} only brings ERP records into Sales; it does not create ERP records. Create the record in the ERP, then couple it.',
    OP_ALREADY_COUPLED_NOT_CREATED: 'This record is already coupled to {other}; nothing was created.',
    OP_ERP_CREATE_FAILED: 'The ERP record could not be created.',
    OP_OUTSIDE_FILTER_CRM: 'Nothing was created: the record is outside the mapping (its filter), or the mapping does not create records.',
    OP_NO_CRM_CREATE: 'Mapping {mapping} does not bring ERP records into Sales (for {table}, Sales is the source).',
    OP_CRM_CREATE_FAILED: 'The Sales record could not be created.',
    OP_OUTSIDE_FILTER_ERP: 'Nothing was created: the ERP record is outside the mapping (its filter).',
    OP_CHOOSE_SIDE: 'Choose which side wins: "erp" (the ERP values replace the Sales ones) or "crm" (the Sales values replace the ERP ones).',
    OP_SIDE_NOT_CARRIED_ERP: 'Mapping {mapping} does not carry values from the ERP to Sales; choose the other side.',
    OP_SIDE_NOT_CARRIED_CRM: 'Mapping {mapping} does not carry values from Sales to the ERP; choose the other side.',
    OP_NOT_COUPLED: 'The record is not coupled to an ERP record: couple it (or create it in the ERP) first.',
    OP_SYNC_FAILED: 'The synchronisation failed.',
    OP_NOT_ALLOWED: '{user} may not change ERP couplings or start synchronisations: that needs the ERP Integration Administrator role (write access to ERP couplings). Ask your administrator.',
  },
  fr: {
    CONFIG_INVALID_JSON: "Le fichier de mappages {file} n'est pas un JSON valide ({message}). Corrigez le fichier, ou supprimez-le pour repartir des mappages par défaut.",
    CONFIG_BAD_SHAPE: "Le fichier de mappages {file} n'est pas un jeu de mappages : {message}. Comparez-le avec le config/mappings.json de la version livrée.",
    MAPPING_BAD_NAME: "Un mappage n'a pas de nom, ou le nom « {mapping} » ne contient pas que des majuscules, chiffres, espaces et tirets. Donnez à chaque mappage un nom comme CUSTOMER.",
    MAPPING_DUPLICATE_NAME: 'Deux mappages se nomment {mapping}. Renommez ou supprimez l’un des deux.',
    MAPPING_BAD_VALUE: 'Mappage {mapping} : {property} vaut « {value} », ce qui n’est pas permis. Utilisez l’une de ces valeurs : {allowed}.',
    MAPPING_UNKNOWN_ERP_ENTITY: "Mappage {mapping} : l'ERP n'a pas d'entité « {entity} ». Utilisez l'une de celles-ci : {allowed}.",
    MAPPING_UNKNOWN_CRM_TABLE: "Mappage {mapping} : Sales n'a pas de table « {table} » utilisable par l'intégration. Utilisez l'une de celles-ci : {allowed}.",
    MAPPING_UNKNOWN_ERP_FIELD: "Mappage {mapping}, {where} : l'entité ERP {entity} n'a pas de champ « {field} ». Vérifiez l'orthographe (majuscules et minuscules comptent).",
    MAPPING_UNKNOWN_CRM_COLUMN: "Mappage {mapping}, {where} : la table Sales {table} n'a pas de colonne « {field} ». Vérifiez l'orthographe (les noms de colonnes sont en minuscules).",
    MAPPING_INCOMPATIBLE_TYPES:
      'Mappage {mapping}, champ {erpField} → {crmField} : le champ ERP est de type {erpType} et la colonne Sales de type {crmType} ; l’un ne peut pas être copié dans l’autre. {hint}',
    MAPPING_NOT_WRITABLE_CRM: 'Mappage {mapping}, champ {erpField} → {crmField} : la colonne Sales {crmField} est en lecture seule, rien ne peut y être écrit. Mettez la direction du champ à « toErp ».',
    MAPPING_NOT_WRITABLE_ERP: "Mappage {mapping}, champ {erpField} → {crmField} : le champ ERP {erpField} est en lecture seule dans l'API, rien ne peut y être écrit. Mettez la direction du champ à « fromErp ».",
    MAPPING_FIELD_DIRECTION: 'Mappage {mapping}, champ {erpField} → {crmField} : la direction du champ « {direction} » dépasse celle du mappage « {mappingDirection} ». Utilisez la direction du mappage ou une plus étroite.',
    MAPPING_TRANSFORM_DIRECTION: "Mappage {mapping}, champ {erpField} → {crmField} : la transformation « {transform} » ne fonctionne que de l'ERP vers Sales. Mettez la direction du champ à « fromErp ».",
    MAPPING_UNKNOWN_DEPENDENCY: "Le mappage {mapping} dépend de {dependency}, qui n'existe pas. Retirez-le des dépendances ou ajoutez ce mappage.",
    MAPPING_DEPENDENCY_CYCLE: "Les mappages dépendent les uns des autres en cercle : {cycle}. Supprimez l'une de ces dépendances.",
    MAPPING_COUPLED_NOT_DEPENDENCY: 'Mappage {mapping}, champ {erpField} → {crmField} : la valeur passe par le mappage {target}, qui ne figure pas dans les dépendances de {mapping}. Ajoutez {target} à ses dépendances.',
    MAPPING_COUPLED_WRONG_TARGET: 'Mappage {mapping}, champ {erpField} → {crmField} : le mappage {target} couple des enregistrements {targetTable}, mais la colonne Sales {crmField} contient {expected}. Choisissez le mappage de la bonne table.',
    MAPPING_MAP_VALUE_INVALID: "Mappage {mapping}, champ {erpField} → {crmField} : la table de valeurs utilise {value} côté {side}, qui n'y est pas une valeur valide. Valeurs valides : {allowed}.",
    MAPPING_MATCH_UNMAPPED: "Mappage {mapping} : la colonne de clé de correspondance {field} n'a pas de mappage de champ, les enregistrements existants ne peuvent donc pas être trouvés par elle. Mappez-la à un champ ERP ou retirez-la des clés.",
    MAPPING_OPTION_SHAPE: "Le mappage {mapping} est un mappage d'options : il faut crm.optionColumn nommant une colonne de choix de {table}, et aucun mappage de champ. {detail}",
    MAPPING_KEY_NOT_UNIQUE: 'Mappage {mapping} : la clé ERP {field} doit être un champ code, numéro ou id de {entity}.',
    MAPPING_DISABLED_DEPENDENCY: 'Le mappage {mapping} dépend de {dependency}, qui est désactivé. Ses enregistrements ne se synchroniseront que si les enregistrements {dependency} utilisés ont été couplés autrement.',
    MAPPING_NO_CREATE_INTERVAL: 'Mappage {mapping} : intervalMinutes doit être un nombre entier de 1 à 1440 (il vaut {value}).',

    REC_TOO_LONG: '{Record} : {field} compte {length} caractères, mais {target} en accepte au plus {max}. Raccourcissez-le dans {source}, puis relancez l’enregistrement.',
    REC_INVALID_OPTION: '{Record} : {field} vaut « {value} », qui n’a pas d’équivalent dans {target}. Valeurs valides : {allowed}. Modifiez-le dans {source}, ou complétez la table de valeurs du mappage {mapping}.',
    REC_INVALID_VALUE: '{Record} : {field} vaut « {value} », que {target} ne peut pas accepter ({detail}). Corrigez-le dans {source}, puis relancez l’enregistrement.',
    REC_DEPENDENCY_NOT_COUPLED: '{Record} : {subject} {value} n’est pas couplé{e} à {targetA}. Couplez-le d’abord (mappage {dependency}), puis relancez l’enregistrement.',
    REC_BLOCKED: "{Record} est bloqué{e} dans l'ERP ({value}) ; il n'est donc pas synchronisé. Débloquez-le dans l'ERP s'il doit figurer dans Sales.",
    REC_BLOCKED_NOT_CREATED: "{Record} est bloqué{e} dans l'ERP ; il n'est donc pas créé dans Sales. Débloquez-le dans l'ERP s'il doit être vendu.",
    REC_RETIRED: "{Record} est bloqué{e} dans l'ERP : le produit {crmName} a été mis à l'état Retiré. Débloquez-le dans l'ERP pour le vendre à nouveau.",
    REC_DUPLICATE_CRM: '{Record} correspond à {count} enregistrements Sales avec {column} = « {value} » ; il ne peut pas être couplé sans risque. Fusionnez les doublons dans Sales ou rendez {column} unique, puis relancez l’enregistrement.',
    REC_DUPLICATE_ERP: "{Record} correspond à {count} enregistrements ERP avec {field} = « {value} » ; il ne peut pas être couplé sans risque. Fusionnez ou renommez les doublons dans l'ERP, puis relancez l’enregistrement.",
    REC_ALREADY_COUPLED: '{Record} correspondrait à {other}, déjà couplé à un autre enregistrement. Découplez l’un des deux, ou changez le numéro ou le nom qui correspond.',
    REC_CONFLICT: "{Record} a été modifié dans Sales et dans l'ERP depuis la dernière synchronisation, et le mappage {mapping} vous laisse trancher. Utilisez Synchroniser maintenant et choisissez le côté qui l'emporte.",
    REC_REJECTED: '{Record} : {side} a refusé la modification : {message}',
    REC_NOT_FOUND: "{Record} n'existe plus dans {side}. Découplez-le, ou couplez-le avec un autre enregistrement.",
    REC_CURRENCY_RATE: "{Record} a été créée dans Sales avec le taux de change 1,0, car l'API de l'ERP ne publie pas les taux. Saisissez le taux réel dans Sales (Paramètres → Devises).",
    REC_ROUTE_MISSING: "Mappage {mapping} : l'ERP ne propose pas {entity} ({message}). Dans Business Central, installez l'application Power BI Reports (API analytique) ou publiez la page standard sur la page Services web (docs/connector.md), ou désactivez le mappage.",
    REC_NO_CRM_CREATE: "{Record} n'a pas d'équivalent dans Sales, et le mappage {mapping} ne crée pas d'enregistrements. Couplez-le à la main, ou autorisez la création dans le mappage.",
    REC_NO_ERP_CREATE: "{Record} n'a pas d'équivalent dans l'ERP, et le mappage {mapping} ne crée pas d'enregistrements. Couplez-le à la main, ou autorisez la création dans le mappage.",
    OP_BAD_PAYLOAD: 'Le contenu de la demande n’est pas du JSON ({payload}). La commande qui l’a créée doit envoyer {"operation": "...", ...}.',
    OP_UNKNOWN: 'Opération « {operation} » inconnue. Utilisez l’une de celles-ci : {allowed}.',
    OP_CRM_MISSING: '{Record} n’existe pas dans Sales (supprimé, ou l’utilisateur du connecteur ne peut pas le lire).',
    OP_ERP_MISSING: 'L’ERP n’a pas {erpA} {key}. Cherchez à nouveau dans l’ERP et choisissez un enregistrement de la liste.',
    OP_UNKNOWN_MAPPING: 'Il n’existe pas de mappage {mapping}. Mappages connus : {allowed}.',
    OP_NO_MAPPING: 'Aucun mappage activé ne synchronise la table Sales « {table} ». Nommez le mappage dans la demande, ou activez son mappage.',
    OP_EMPTY_QUERY: 'Saisissez un numéro ou une partie d’un nom pour chercher dans l’ERP.',
    OP_NO_RECORD: 'La demande ne nomme aucun enregistrement Sales (crmId). Lancez la commande depuis un enregistrement enregistré.',
    OP_ALREADY_COUPLED: 'Cet enregistrement est déjà couplé avec {other}. Découplez-le d’abord, puis couplez-le à nouveau.',
    OP_ERP_TAKEN: '{Record} est déjà couplé{e} à un autre enregistrement Sales ({crmId}). Découplez d’abord celui-là.',
    OP_FIRST_SYNC_FAILED: 'Couplé, mais la première synchronisation a échoué : {message}',
    OP_NO_ERP_CREATE: 'Le mappage {mapping} ne fait qu’amener des enregistrements ERP dans Sales ; il ne crée pas d’enregistrements ERP. Créez l’enregistrement dans l’ERP, puis couplez-le.',
    OP_ALREADY_COUPLED_NOT_CREATED: 'Cet enregistrement est déjà couplé avec {other} ; rien n’a été créé.',
    OP_ERP_CREATE_FAILED: 'L’enregistrement ERP n’a pas pu être créé.',
    OP_OUTSIDE_FILTER_CRM: 'Rien n’a été créé : l’enregistrement est hors du mappage (son filtre), ou le mappage ne crée pas d’enregistrements.',
    OP_NO_CRM_CREATE: 'Le mappage {mapping} n’amène pas d’enregistrements ERP dans Sales (pour {table}, Sales est la source).',
    OP_CRM_CREATE_FAILED: 'L’enregistrement Sales n’a pas pu être créé.',
    OP_OUTSIDE_FILTER_ERP: 'Rien n’a été créé : l’enregistrement ERP est hors du mappage (son filtre).',
    OP_CHOOSE_SIDE: 'Choisissez le côté qui l’emporte : « erp » (les valeurs ERP remplacent celles de Sales) ou « crm » (les valeurs Sales remplacent celles de l’ERP).',
    OP_SIDE_NOT_CARRIED_ERP: 'Le mappage {mapping} ne transporte pas de valeurs de l’ERP vers Sales ; choisissez l’autre côté.',
    OP_SIDE_NOT_CARRIED_CRM: 'Le mappage {mapping} ne transporte pas de valeurs de Sales vers l’ERP ; choisissez l’autre côté.',
    OP_NOT_COUPLED: 'L’enregistrement n’est pas couplé à un enregistrement ERP : couplez-le (ou créez-le dans l’ERP) d’abord.',
    OP_SYNC_FAILED: 'La synchronisation a échoué.',
    OP_NOT_ALLOWED: '{user} ne peut pas modifier les couplages ERP ni lancer de synchronisation : il faut le rôle Administrateur de l’intégration ERP (écriture sur les couplages ERP). Demandez à votre administrateur.',
  },
} as const;

export type MappingMessageCode = keyof typeof mappingMessages.en;

export interface NounRef {
  label: NounLabel;
  form: 'the' | 'a';
}

/** A problem found in a mapping or while synchronising one record. */
export interface MappingProblem {
  code: MappingMessageCode;
  severity: 'error' | 'warning';
  mapping?: string;
  /** ERP field or Sales column concerned, when there is one. */
  field?: string;
  params: Record<string, string | number>;
  /** Parameters that are nouns, rendered in the reader's language with their article. */
  nouns?: Record<string, NounRef>;
}

const capitalize = (s: string): string => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/** The text of a problem in English (1033) or French (1036 and French variants). */
export function formatMappingProblem(p: Pick<MappingProblem, 'code' | 'params' | 'nouns'>, lcid = 1033): string {
  const lang = resolveLcid(lcid) === 1036 ? 'fr' : 'en';
  const params: Record<string, string | number> = { ...p.params };
  for (const [name, ref] of Object.entries(p.nouns ?? {})) params[name] = ref.label[lang][ref.form];
  const subject = p.nouns?.subject ?? p.nouns?.record;
  params.e = lang === 'fr' && subject?.label.fr.feminine ? 'e' : '';
  // {Record} starts a sentence: capitalised form of {record}.
  if (params.record !== undefined) params.Record = capitalize(String(params.record));
  return fillTemplate(mappingMessages[lang][p.code], params);
}

/** "the ERP customer C10570 (Alpine Sports)" in the reader's language is built from this. */
export function recordNoun(label: NounLabel, key: string, name?: string | null): NounLabel {
  const suffix = name && name !== key ? ` ${key} (${name})` : ` ${key}`;
  return {
    en: { the: label.en.the + suffix, a: label.en.a + suffix, feminine: label.en.feminine },
    fr: { the: label.fr.the + suffix, a: label.fr.a + suffix, feminine: label.fr.feminine },
  };
}
