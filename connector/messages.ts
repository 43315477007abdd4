/**
 * Texts only the connector produces (ERP-side checks, ERP answers, retries), in English and French, with a fix in
 * every text. Pre-submit problems use the shared catalog in domain/messages (same codes as the command bar).
 * Rendered in the organisation's language and stored on the request row and the order, where users read them.
 */
import { fillTemplate, formatMessage, isMessageKey, resolveLcid, templateLocale, type SupportedLcid } from '../domain/messages';

const en = {
  ORDER_NOT_FOUND: 'The order {id} no longer exists in Dynamics 365 (deleted, or the connector’s user cannot read it). Nothing was sent to the ERP.',
  QUOTE_NOT_FOUND: 'The quote {id} no longer exists in Dynamics 365 (deleted, or the connector’s user cannot read it). Nothing was sent to the ERP.',
  ALREADY_IN_ERP: 'This order is already in the ERP as order {number}. Nothing was sent again.',
  ERP_CUSTOMER_NOT_FOUND: 'The account {account} is linked to ERP customer {number}, which does not exist in the ERP. Ask your ERP administrator to correct the account’s coupling.',
  ERP_CUSTOMER_BLOCKED: 'The ERP customer {number} ({account}) is blocked in the ERP ({blocked}), so no order can be created for it. Ask your ERP administrator to unblock the customer, then retry.',
  ERP_ITEM_NOT_FOUND: 'The ERP has no item {number} (used on the order for {product}). Ask your ERP administrator to correct the product’s coupling.',
  ERP_ITEM_BLOCKED: 'The ERP item {number} ({product}) is blocked in the ERP and cannot be sold. Choose another product, or ask your ERP administrator to unblock the item.',
  ERP_WRITEIN_NOT_FOUND: 'The write-in item {number} set on the ERP connection does not exist in the ERP. Ask your ERP administrator to correct the write-in product on the ERP connection.',
  ERP_REJECTED: 'The ERP refused the document: {message}',
  DATAVERSE_REJECTED: 'Dynamics 365 refused an operation of the connector: {message}',
  ERP_TRANSIENT: '{service} could not process the request ({message}). The connector tries again automatically: attempt {attempt} of {max}, next attempt at {next}.',
  ERP_ATTEMPTS_EXHAUSTED: '{service} could not process the request after {attempts} attempts: {message}',
  ERP_FIELD_TOO_LONG: 'The field {field} has {length} characters, but the ERP accepts at most {max}. Shorten it on the document; nothing is cut automatically.',
  ERP_COUNTRY_UNKNOWN: 'The ship-to country “{country}” is not a country the ERP knows. Enter its two-letter ISO code (for example FR, CH, US) in the ship-to country.',
  ERP_BILL_TO_NOT_APPLIED: 'The bill-to address of the document ({address}) is not sent: the ERP API bills the customer at the bill-to customer’s address. Change it in the ERP if it must differ.',
  ERP_FREIGHT_AS_COMMENT: 'The freight amount {amount} is sent as a comment line: no freight item is set up for the ERP. Add the freight charge in the ERP if it must be invoiced.',
  ERP_PAYMENT_TERMS_NOT_COUPLED: 'The payment terms “{terms}” of the document match no ERP payment terms, so the ERP uses the customer’s payment terms. An administrator can couple them (mapping PAYMENT TERMS in ERP Link’s assisted setup); change them in the ERP if this document must differ.',
  ERP_SHIPMENT_METHOD_NOT_COUPLED: 'The freight terms “{terms}” of the document match no ERP shipment method, so the ERP uses the customer’s shipment method. An administrator can couple them (mapping SHIPMENT METHOD in ERP Link’s assisted setup); change it in the ERP if this document must differ.',
  ERP_SHIPPING_AGENT_NOT_SENT: 'The shipping method “{method}” of the document is not sent: the ERP API takes no shipping agent on documents, so the customer’s shipping agent applies. Change it in the ERP if it must differ.',
  ERP_LOCATION_UNKNOWN: 'Line {line} ships from the location “{location}”, which the ERP does not have. Choose one of the ERP’s locations ({known}) on the line, or clear it to use the customer’s default.',
  ERP_LOCATION_IGNORED: 'Line {line} is not an item, so its ship-from location “{location}” is not sent: only items are stocked at a location.',
  RECON_DUPLICATE: 'The Sales order {order} is in the ERP {count} times: {erpNumbers}. Keep {kept}, and delete or cancel the others in the ERP before they ship.',
  RECON_NOT_LINKED: 'The ERP order {erpNumber} carries the Sales order {order}, which does not show it (the ERP’s answer was lost). Use Retry submission on {order}: the connector finds {erpNumber} and links it; nothing is created twice.',
  RECON_NUMBER_MISMATCH: 'The Sales order {order} shows the ERP order {shown}, but the ERP order carrying its number is {erpNumber}. Check in the ERP which one is right, then correct the ERP order number on {order} or the External Document No. in the ERP.',
  RECON_MISSING: 'The Sales order {order} shows the ERP order {erpNumber}, which the ERP no longer has, open or invoiced. If it was deleted in the ERP, submit {order} again.',
  RECON_AMOUNT_MISMATCH: 'The Sales order {order} totals {salesAmount} excl. tax, the ERP order {erpNumber} {erpAmount} excl. tax ({difference}): prices, discounts or quantities were changed on one side. Check the lines on both.',
  RECON_ORPHANED: 'The Sales order {order} has been marked submitted since {since}, but no request is sending it and the ERP has no order for it (the browser closed, or its request could not be created). The connector’s pick-up queues such an order again within minutes: if {order} is still listed at the next reconciliation, check that the connector runs and read its log; a user can also send it at once with *Resubmit to ERP* on the order.',
  RECON_DATE_UNKNOWN: 'a date Sales did not record',
  RECON_JOB_NAME: 'Order reconciliation (orders of {days, plural, one {the last day} other {the last # days}})',
  ERP_ORDER_DELETED: 'The ERP order {number} was deleted in the ERP, so the order was reopened. Change it if needed and submit it again.',
  QUOTE_ORDER_NOT_FOUND: 'The quote is won, but no Sales order was created from it. Create the order from the quote and submit it; the ERP order is then made from the ERP quote.',
  QUOTE_WAITING_FOR_ORDER: 'The quote is won; the ERP quote {number} becomes an ERP order when the Sales order {order} is submitted.',
  UNKNOWN_KIND: 'The request kind {kind} is not handled by this connector version ({version}). Update the connector.',
  TARGET_MISSING: 'The request names no target record (table {table}, id {id}). Create it again from the record’s command.',
  AVAILABILITY_OFF: 'ERP availability is turned off for the ERP connection {connection}, so it was not refreshed. An administrator can turn it on in ERP Link’s assisted setup (step 3, What to synchronise).',
  STATISTICS_OFF: 'ERP statistics are turned off for the ERP connection {connection}, so they were not updated. An administrator can turn them on in ERP Link’s assisted setup (step 3, What to synchronise).',
  ACCOUNT_NOT_COUPLED_STATS: 'The account {account} is not linked to an ERP customer, so there are no ERP statistics. Ask your ERP administrator to couple it.',
  PRODUCT_NOT_COUPLED_AVAILABILITY: 'The product {product} is not linked to an ERP item, so there is no ERP availability. Ask your ERP administrator to couple it.',
  ANOTHER_REQUEST_LIVE: 'Another request for this record is already in progress ({other}); this one was not run, so nothing is sent twice. Follow that request.',
  CREATE_IN_DOUBT: 'The ERP did not say whether it created the {document} ({message}). The connector looks it up by its number {number} until {until} before it may create it again, so it is never created twice. Nothing to do.',
  CREATE_IN_DOUBT_RECORD: 'The ERP did not say whether it created {record} ({message}). The connector looks for it by {key} until {until} before it may create it again, so it is never created twice. Nothing to do.',
  PAYLOAD_INVALID: 'The request cannot be processed: {problem}. It was not sent to the ERP and will not be retried. Create the request again from the record’s command.',
  // Fix hints (erp_fixhint).
  HINT_FIX_DOCUMENT: 'Fix the problems listed on the document, then submit it again (the order was reopened so you can edit it).',
  HINT_FIX_ERP: 'Ask your ERP administrator to fix the cause in the ERP, then use Retry submission on the order.',
  HINT_WAIT: 'Nothing to do: the connector retries by itself. If it keeps failing, check that the ERP and Dynamics 365 are available.',
  HINT_RETRY_LATER: 'Check that the ERP is available and the connector’s credentials are valid, then use Retry submission.',
  HINT_ADMIN: 'Ask your ERP administrator to check the connector configuration and the request log.',
} as const;

export type ConnectorMessageKey = keyof typeof en;

const fr: Record<ConnectorMessageKey, string> = {
  ORDER_NOT_FOUND: 'La commande {id} n’existe plus dans Dynamics 365 (supprimée, ou illisible pour l’utilisateur du connecteur). Rien n’a été envoyé à l’ERP.',
  QUOTE_NOT_FOUND: 'Le devis {id} n’existe plus dans Dynamics 365 (supprimé, ou illisible pour l’utilisateur du connecteur). Rien n’a été envoyé à l’ERP.',
  ALREADY_IN_ERP: 'Cette commande est déjà dans l’ERP sous le numéro {number}. Rien n’a été renvoyé.',
  ERP_CUSTOMER_NOT_FOUND: 'Le compte {account} est lié au client ERP {number}, qui n’existe pas dans l’ERP. Demandez à votre administrateur ERP de corriger le couplage du compte.',
  ERP_CUSTOMER_BLOCKED: 'Le client ERP {number} ({account}) est bloqué dans l’ERP ({blocked}) : aucune commande ne peut être créée pour lui. Demandez à votre administrateur ERP de le débloquer, puis réessayez.',
  ERP_ITEM_NOT_FOUND: 'L’ERP n’a pas d’article {number} (utilisé sur la commande pour {product}). Demandez à votre administrateur ERP de corriger le couplage du produit.',
  ERP_ITEM_BLOCKED: 'L’article ERP {number} ({product}) est bloqué dans l’ERP et ne peut pas être vendu. Choisissez un autre produit, ou demandez à votre administrateur ERP de le débloquer.',
  ERP_WRITEIN_NOT_FOUND: 'L’article hors catalogue {number} défini sur la connexion ERP n’existe pas dans l’ERP. Demandez à votre administrateur ERP de corriger le produit hors catalogue de la connexion ERP.',
  ERP_REJECTED: 'L’ERP a refusé le document : {message}',
  DATAVERSE_REJECTED: 'Dynamics 365 a refusé une opération du connecteur : {message}',
  ERP_TRANSIENT: '{service} n’a pas pu traiter la demande ({message}). Le connecteur réessaie automatiquement : tentative {attempt} sur {max}, prochaine tentative à {next}.',
  ERP_ATTEMPTS_EXHAUSTED: '{service} n’a pas pu traiter la demande après {attempts} tentatives : {message}',
  ERP_FIELD_TOO_LONG: 'Le champ {field} compte {length} caractères, mais l’ERP en accepte au plus {max}. Raccourcissez-le sur le document ; rien n’est coupé automatiquement.',
  ERP_COUNTRY_UNKNOWN: 'Le pays de livraison « {country} » n’est pas un pays connu de l’ERP. Saisissez son code ISO à deux lettres (par exemple FR, CH, US) dans le pays de livraison.',
  ERP_BILL_TO_NOT_APPLIED: 'L’adresse de facturation du document ({address}) n’est pas envoyée : l’API de l’ERP facture le client à l’adresse du client facturé. Modifiez-la dans l’ERP si elle doit différer.',
  ERP_FREIGHT_AS_COMMENT: 'Les frais de port {amount} sont envoyés en ligne de commentaire : aucun article de frais de port n’est paramétré pour l’ERP. Ajoutez les frais dans l’ERP s’ils doivent être facturés.',
  ERP_PAYMENT_TERMS_NOT_COUPLED: 'Les conditions de paiement « {terms} » du document ne correspondent à aucune condition de paiement de l’ERP : l’ERP applique celles du client. Un administrateur peut les coupler (mapping PAYMENT TERMS dans la configuration assistée d’ERP Link) ; modifiez-les dans l’ERP si ce document doit différer.',
  ERP_SHIPMENT_METHOD_NOT_COUPLED: 'Les conditions de transport « {terms} » du document ne correspondent à aucune condition de livraison de l’ERP : l’ERP applique celle du client. Un administrateur peut les coupler (mapping SHIPMENT METHOD dans la configuration assistée d’ERP Link) ; modifiez-la dans l’ERP si ce document doit différer.',
  ERP_SHIPPING_AGENT_NOT_SENT: 'Le mode d’expédition « {method} » du document n’est pas envoyé : l’API de l’ERP ne prend pas de transporteur sur les documents, le transporteur du client s’applique. Modifiez-le dans l’ERP s’il doit différer.',
  ERP_LOCATION_UNKNOWN: 'La ligne {line} est expédiée depuis l’emplacement « {location} », que l’ERP ne connaît pas. Choisissez sur la ligne l’un des emplacements de l’ERP ({known}), ou videz-le pour prendre celui du client.',
  ERP_LOCATION_IGNORED: 'La ligne {line} n’est pas un article : son emplacement d’expédition « {location} » n’est pas envoyé, seuls les articles sont stockés dans un emplacement.',
  RECON_DUPLICATE: 'La commande Sales {order} figure {count} fois dans l’ERP : {erpNumbers}. Gardez {kept}, et supprimez ou annulez les autres dans l’ERP avant leur expédition.',
  RECON_NOT_LINKED: 'La commande ERP {erpNumber} porte la commande Sales {order}, qui ne l’indique pas (la réponse de l’ERP a été perdue). Utilisez Renvoyer sur {order} : le connecteur retrouve {erpNumber} et la lie ; rien n’est créé en double.',
  RECON_NUMBER_MISMATCH: 'La commande Sales {order} indique la commande ERP {shown}, mais la commande ERP qui porte son numéro est {erpNumber}. Vérifiez dans l’ERP laquelle est la bonne, puis corrigez le n° de commande ERP sur {order} ou le n° de document externe dans l’ERP.',
  RECON_MISSING: 'La commande Sales {order} indique la commande ERP {erpNumber}, que l’ERP n’a plus, ni ouverte ni facturée. Si elle a été supprimée dans l’ERP, renvoyez {order}.',
  RECON_AMOUNT_MISMATCH: 'La commande Sales {order} totalise {salesAmount} HT, la commande ERP {erpNumber} {erpAmount} HT ({difference}) : des prix, remises ou quantités ont été modifiés d’un côté. Vérifiez les lignes des deux.',
  RECON_ORPHANED: 'La commande Sales {order} est marquée envoyée depuis {since}, mais aucune demande ne l’envoie et l’ERP n’a aucune commande pour elle (le navigateur a été fermé, ou sa demande n’a pas pu être créée). La reprise du connecteur remet une telle commande en file en quelques minutes : si {order} figure encore au prochain rapprochement, vérifiez que le connecteur tourne et lisez son journal ; un utilisateur peut aussi l’envoyer tout de suite avec *Renvoyer à l’ERP* sur la commande.',
  RECON_DATE_UNKNOWN: 'une date que Sales n’a pas enregistrée',
  RECON_JOB_NAME: 'Rapprochement des commandes (commandes {days, plural, one {du dernier jour} other {des # derniers jours}})',
  ERP_ORDER_DELETED: 'La commande ERP {number} a été supprimée dans l’ERP : la commande a donc été rouverte. Modifiez-la si besoin et renvoyez-la.',
  QUOTE_ORDER_NOT_FOUND: 'Le devis est gagné, mais aucune commande Sales n’a été créée à partir de lui. Créez la commande depuis le devis et envoyez-la ; la commande ERP sera alors créée à partir du devis ERP.',
  QUOTE_WAITING_FOR_ORDER: 'Le devis est gagné ; le devis ERP {number} deviendra une commande ERP quand la commande Sales {order} sera envoyée.',
  UNKNOWN_KIND: 'Le type de demande {kind} n’est pas traité par cette version du connecteur ({version}). Mettez le connecteur à jour.',
  TARGET_MISSING: 'La demande ne désigne aucun enregistrement (table {table}, id {id}). Recréez-la depuis la commande de l’enregistrement.',
  AVAILABILITY_OFF: 'La disponibilité ERP est désactivée pour la connexion ERP {connection} : elle n’a pas été actualisée. Un administrateur peut l’activer dans la configuration assistée d’ERP Link (étape 3, Que synchroniser).',
  STATISTICS_OFF: 'Les statistiques ERP sont désactivées pour la connexion ERP {connection} : elles n’ont pas été mises à jour. Un administrateur peut les activer dans la configuration assistée d’ERP Link (étape 3, Que synchroniser).',
  ACCOUNT_NOT_COUPLED_STATS: 'Le compte {account} n’est pas lié à un client ERP : il n’y a pas de statistiques ERP. Demandez à votre administrateur ERP de le coupler.',
  PRODUCT_NOT_COUPLED_AVAILABILITY: 'Le produit {product} n’est pas lié à un article ERP : il n’y a pas de disponibilité ERP. Demandez à votre administrateur ERP de le coupler.',
  ANOTHER_REQUEST_LIVE: 'Une autre demande pour cet enregistrement est déjà en cours ({other}) ; celle-ci n’a pas été exécutée, rien n’est envoyé deux fois. Suivez cette demande.',
  CREATE_IN_DOUBT: 'L’ERP n’a pas dit s’il a créé {document} ({message}). Le connecteur recherche ce document par son numéro {number} jusqu’à {until} avant de pouvoir le créer à nouveau : il n’est jamais créé deux fois. Rien à faire.',
  CREATE_IN_DOUBT_RECORD: 'L’ERP n’a pas dit s’il a créé {record} ({message}). Le connecteur recherche cet enregistrement par {key} jusqu’à {until} avant de pouvoir le créer à nouveau : il n’est jamais créé deux fois. Rien à faire.',
  PAYLOAD_INVALID: 'La demande ne peut pas être traitée : {problem}. Elle n’a pas été envoyée à l’ERP et ne sera pas réessayée. Créez la demande à nouveau depuis la commande de l’enregistrement.',
  HINT_FIX_DOCUMENT: 'Corrigez les problèmes listés sur le document, puis renvoyez-le (la commande a été rouverte pour que vous puissiez la modifier).',
  HINT_FIX_ERP: 'Demandez à votre administrateur ERP de corriger la cause dans l’ERP, puis utilisez Renvoyer sur la commande.',
  HINT_WAIT: 'Rien à faire : le connecteur réessaie de lui-même. Si l’échec persiste, vérifiez que l’ERP et Dynamics 365 sont disponibles.',
  HINT_RETRY_LATER: 'Vérifiez que l’ERP est disponible et que les identifiants du connecteur sont valides, puis utilisez Renvoyer.',
  HINT_ADMIN: 'Demandez à votre administrateur ERP de vérifier la configuration du connecteur et le journal de la demande.',
};

const catalogs: Record<SupportedLcid, Record<ConnectorMessageKey, string>> = { 1033: en, 1036: fr };

export type Params = Record<string, string | number | null | undefined>;

/** A connector text, or a shared one (domain/messages) when the code is a pre-submit problem code. */
export function text(code: string, params: Params = {}, lcid = 1033): string {
  const l = resolveLcid(lcid);
  if (Object.prototype.hasOwnProperty.call(en, code)) return fillTemplate(catalogs[l][code as ConnectorMessageKey], params, templateLocale(lcid));
  if (isMessageKey(code)) return formatMessage(code, params, l);
  return code;
}

export const connectorMessageKeys = Object.keys(en) as ConnectorMessageKey[];
export const connectorCatalogs = catalogs;
