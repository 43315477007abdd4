/**
 * Texts of the assisted setup page, English (1033) and French (1036): plain data, shipped as their own script web resource
 * erp_/js/setup.texts.js (setup/textsEntry.ts, lib/pageParts.ts) so that the page's script stays within the 30 KB
 * budget (webresources/build/budget.ts). Each key once, with its English and French text side by side: the key
 * name is carried once instead of once per language. Same keys and placeholders in both (tested).
 */
import { catalogsOf } from '../lib/pageParts';

export const texts = {
  title: [
    'ERP Link: assisted setup',
    'ERP Link : configuration assistée',
  ],
  intro: [
    'Connect Dynamics 365 Sales with Business Central in five steps, then check that orders agree. Every step can be run again at any time.',
    'Connectez Dynamics 365 Sales à Business Central en cinq étapes, puis vérifiez que les commandes concordent. Chaque étape peut être relancée à tout moment.',
  ],
  stepConnection: [
    '1. ERP connection',
    '1. Connexion ERP',
  ],
  stepUser: [
    '2. Integration user',
    "2. Utilisateur d'intégration",
  ],
  stepChoose: [
    '3. What to synchronise',
    '3. Que synchroniser',
  ],
  stepSalespeople: [
    '4. Salespeople and users',
    '4. Vendeurs et utilisateurs',
  ],
  stepFull: [
    '5. Full synchronisation',
    '5. Synchronisation complète',
  ],
  stepReconcile: [
    '6. Check orders against the ERP',
    "6. Rapprocher les commandes avec l'ERP",
  ],
  reconcileIntro: [
    'Compares the Sales orders submitted in the last days with the ERP’s orders and invoices: orders in the ERP twice, ERP answers that were lost, wrong numbers, orders deleted in the ERP, and amount differences. Read-only: nothing is changed on either side.',
    "Compare les commandes Sales envoyées ces derniers jours aux commandes et factures de l'ERP : commandes en double dans l'ERP, réponses de l'ERP perdues, numéros erronés, commandes supprimées dans l'ERP et écarts de montant. En lecture seule : rien n'est modifié d'un côté ni de l'autre.",
  ],
  reconcileLast: [
    'Last automatic check, {date}: {matched} in the ERP once and linked, {errors, plural, one {# disagreement} other {# disagreements}}, {amounts, plural, one {# amount difference} other {# amount differences}} (details in the ERP Synchronization Jobs view).',
    'Dernière vérification automatique, le {date} : {matched} présentes une fois dans l’ERP et liées, {errors, plural, one {# désaccord} other {# désaccords}}, {amounts, plural, one {# écart de montant} other {# écarts de montant}} (détails dans la vue Travaux de synchronisation ERP).',
  ],
  reconcileNever: [
    'No automatic check yet: the connector checks the orders of the last days once a day.',
    'Pas encore de vérification automatique : le connecteur vérifie les commandes des derniers jours une fois par jour.',
  ],
  eventsNoRetry: [
    'ERP events (releases, shipments, invoices, payments): no order is waiting for a retry.',
    "Événements de l'ERP (lancements, expéditions, factures, paiements) : aucune commande n'attend de nouvel essai.",
  ],
  eventsRetrying: [
    'ERP events failed for {count, plural, one {# order} other {# orders}}: the other orders go on, and the connector retries these by itself, later each time. Fix the cause shown; the next try then goes through.',
    "Les événements de l'ERP ont échoué pour {count, plural, one {# commande} other {# commandes}} : les autres commandes continuent, et le connecteur réessaie celles-ci de lui-même, de plus en plus espacé. Corrigez la cause indiquée ; l'essai suivant passera.",
  ],
  eventsRetryLine: [
    'ERP order {order}: attempt {attempts}, next try {next}. {error}',
    'Commande ERP {order} : essai {attempts}, prochain essai {next}. {error}',
  ],
  reconcileDays: [
    'Orders created in the last (days, 1–366)',
    'Commandes créées ces derniers (jours, 1 à 366)',
  ],
  reconcileStart: [
    'Check orders',
    'Rapprocher les commandes',
  ],
  reconcileChecking: [
    'The connector is comparing the orders…',
    'Le connecteur compare les commandes…',
  ],
  reconcileSummary: [
    '{orders, plural, one {# Sales order} other {# Sales orders}} since {since}: {matched} in the ERP once and linked, {errors, plural, one {# disagreement} other {# disagreements}}, {amounts, plural, one {# amount difference} other {# amount differences}}.',
    '{orders, plural, one {# commande Sales} other {# commandes Sales}} depuis le {since} : {matched} présentes une fois dans l’ERP et liées, {errors, plural, one {# désaccord} other {# désaccords}}, {amounts, plural, one {# écart de montant} other {# écarts de montant}}.',
  ],
  reconcileAgree: [
    'Sales and the ERP agree.',
    "Sales et l'ERP sont d'accord.",
  ],
  reconcileMore: [
    'And {count} more: run npm run reconcile on the connector for the whole list.',
    'Et {count, plural, one {# autre} other {# autres}} : lancez npm run reconcile sur le connecteur pour la liste complète.',
  ],
  reconcileOrder: [
    'Order',
    'Commande',
  ],
  reconcileWhat: [
    'What to do',
    'Que faire',
  ],
  reconcileKind: [
    'Kind',
    'Type',
  ],
  reconcile_error: [
    'Disagreement',
    'Désaccord',
  ],
  reconcile_warning: [
    'Amount',
    'Montant',
  ],
  invalidDays: [
    'Enter a whole number of days from 1 to 366.',
    'Saisissez un nombre entier de jours de 1 à 366.',
  ],
  connectionName: [
    'Name',
    'Nom',
  ],
  apiBaseUrl: [
    'Business Central API URL',
    "URL de l'API Business Central",
  ],
  companyId: [
    'Company id',
    'Id de la société',
  ],
  webClientUrl: [
    'Business Central web client URL',
    'URL du client web Business Central',
  ],
  save: [
    'Save',
    'Enregistrer',
  ],
  saved: [
    'Saved.',
    'Enregistré.',
  ],
  testConnection: [
    'Test connection',
    'Tester la connexion',
  ],
  testing: [
    'Asking the connector…',
    'Interrogation du connecteur…',
  ],
  noAnswer: [
    'The connector did not answer within {seconds} seconds. Check that it is running (npm run connector) and that its webhook or polling reaches this environment.',
    "Le connecteur n'a pas répondu en {seconds} secondes. Vérifiez qu'il tourne (npm run connector) et que son webhook ou son interrogation atteint cet environnement.",
  ],
  requestFailed: [
    'The connector answered with an error: {message}',
    'Le connecteur a répondu par une erreur : {message}',
  ],
  dataverseOk: [
    'Dynamics 365: reached, signed in as {user}.',
    'Dynamics 365 : atteint, connecté en tant que {user}.',
  ],
  erpOk: [
    'Business Central: reached, company {company}.',
    'Business Central : atteint, société {company}.',
  ],
  erpFailed: [
    'Business Central: not reached. {message}',
    'Business Central : non atteint. {message}',
  ],
  optional: [
    'Optional',
    'Facultatif',
  ],
  mappingProblem: [
    'Mapping file: {message}',
    'Fichier de mappages : {message}',
  ],
  budget: [
    '{service} service protection: {used} of the {limit} requests the connector allows itself in {minutes} minutes are used (this connector process).',
    'Protection du service {service} : {used} des {limit} requêtes que le connecteur s’autorise en {minutes} minutes sont utilisées (ce processus du connecteur).',
  ],
  userIntro: [
    'The connector signs in to Dynamics 365 as its integration user. Business Central checks the same rules.',
    "Le connecteur se connecte à Dynamics 365 avec son utilisateur d'intégration. Business Central vérifie les mêmes règles.",
  ],
  userNotTested: [
    'Test the connection (step 1) to check the integration user.',
    "Testez la connexion (étape 1) pour vérifier l'utilisateur d'intégration.",
  ],
  chooseIntro: [
    'Choose the data to synchronise. Mappings that others depend on are added automatically.',
    'Choisissez les données à synchroniser. Les mappages dont d’autres dépendent sont ajoutés automatiquement.',
  ],
  direction_bidirectional: [
    'both ways',
    'dans les deux sens',
  ],
  direction_fromErp: [
    'ERP → Sales',
    'ERP → Sales',
  ],
  direction_toErp: [
    'Sales → ERP',
    'Sales → ERP',
  ],
  autoCreateOrders: [
    'Create ERP orders automatically when orders are submitted',
    'Créer automatiquement les commandes ERP quand les commandes sont envoyées',
  ],
  autoProcessQuotes: [
    'Process activated quotes in the ERP automatically',
    "Traiter automatiquement dans l'ERP les devis activés",
  ],
  availabilityEnabled: [
    'Show ERP item availability (per location) on products and order lines',
    'Afficher la disponibilité ERP des articles (par magasin) sur les produits et les lignes de commande',
  ],
  statisticsEnabled: [
    'Show ERP account statistics on accounts',
    'Afficher les statistiques ERP des comptes sur les comptes',
  ],
  availability: [
    'Item availability: refresh every (minutes)',
    'Disponibilité des articles : actualiser toutes les (minutes)',
  ],
  statistics: [
    'Account statistics: refresh every (minutes)',
    'Statistiques des comptes : actualiser toutes les (minutes)',
  ],
  invalidMinutes: [
    '{field} must be a whole number of minutes from 1 to 1440.',
    '{field} doit être un nombre entier de minutes entre 1 et 1440.',
  ],
  saveChoices: [
    'Save choices',
    'Enregistrer les choix',
  ],
  writeInIntro: [
    'Write-in lines (products not in the catalog) go to the ERP as one item or resource of your choice, with the line’s text as its description. Business Central recommends a dedicated one that is not coupled.',
    'Les lignes hors catalogue partent vers l’ERP comme un article ou une ressource de votre choix, avec le texte de la ligne pour description. Business Central recommande un article dédié, non couplé.',
  ],
  writeInType: [
    'Write-in lines are sent as',
    'Les lignes hors catalogue sont envoyées comme',
  ],
  writeInType_item: [
    'an ERP item',
    'un article ERP',
  ],
  writeInType_resource: [
    'an ERP resource',
    'une ressource ERP',
  ],
  writeInNumber: [
    'ERP number of that item or resource',
    'N° ERP de cet article ou de cette ressource',
  ],
  invalidWriteInNumber: [
    'The write-in number has at most 20 characters (an ERP code), without spaces at either end.',
    'Le n° hors catalogue compte au plus 20 caractères (un code ERP), sans espace aux extrémités.',
  ],
  salespeopleIntro: [
    'Records in Sales have an owner: couple each Sales user who owns customers with their ERP salesperson, or the synchronisation of their records fails.',
    'Les enregistrements Sales ont un propriétaire : couplez chaque utilisateur Sales propriétaire de clients avec son vendeur ERP, sinon la synchronisation de ses enregistrements échoue.',
  ],
  loadSalespeople: [
    'Load ERP salespeople',
    'Charger les vendeurs ERP',
  ],
  user: [
    'Sales user',
    'Utilisateur Sales',
  ],
  email: [
    'E-mail',
    'E-mail',
  ],
  salesperson: [
    'ERP salesperson',
    'Vendeur ERP',
  ],
  notCoupled: [
    '(not coupled)',
    '(non couplé)',
  ],
  couple: [
    'Couple',
    'Coupler',
  ],
  uncouple: [
    'Uncouple',
    'Découpler',
  ],
  coupled: [
    'Coupled {user} with {salesperson}.',
    '{user} couplé avec {salesperson}.',
  ],
  uncoupled: [
    'Uncoupled {user}.',
    '{user} découplé.',
  ],
  chooseSalesperson: [
    'Choose a salesperson first.',
    "Choisissez d'abord un vendeur.",
  ],
  fullIntro: [
    'Brings every chosen record across once, in dependency order, in the background. Run it again at any time: it changes only what differs.',
    "Transfère une fois tous les enregistrements choisis, dans l'ordre des dépendances, en arrière-plan. Relancez-la à tout moment : elle ne change que ce qui diffère.",
  ],
  startFull: [
    'Start full synchronisation',
    'Lancer la synchronisation complète',
  ],
  fullQueued: [
    'Full synchronisation of {run} queued.',
    'Synchronisation complète du {run} mise en file.',
  ],
  fullResumed: [
    'A full synchronisation is already running (started {run}): showing its progress.',
    'Une synchronisation complète est déjà en cours (lancée le {run}) : affichage de sa progression.',
  ],
  mapping: [
    'Mapping',
    'Mappage',
  ],
  state: [
    'State',
    'État',
  ],
  progress: [
    'Progress',
    'Progression',
  ],
  inserted: [
    'Created',
    'Créés',
  ],
  modified: [
    'Updated',
    'Mis à jour',
  ],
  unchanged: [
    'Unchanged',
    'Inchangés',
  ],
  failed: [
    'Failed',
    'En échec',
  ],
  skipped: [
    'Skipped',
    'Ignorés',
  ],
  lastError: [
    'Errors',
    'Erreurs',
  ],
  state_queued: [
    'Queued',
    'En file',
  ],
  state_running: [
    'Running',
    'En cours',
  ],
  state_succeeded: [
    'Succeeded',
    'Réussi',
  ],
  state_failed: [
    'Failed',
    'Échec',
  ],
  state_cancelled: [
    'Cancelled',
    'Annulé',
  ],
  state_completedWithErrors: [
    'Completed with errors',
    'Terminé avec des erreurs',
  ],
  fullDone: [
    'Full synchronisation finished: {ok} of {total, plural, one {# mapping} other {# mappings}} without errors. Records with errors are in the skipped couplings view; fix them and retry.',
    'Synchronisation complète terminée : {ok, plural, one {# mappage} other {# mappages}} sur {total} sans erreur. Les enregistrements en erreur sont dans la vue des couplages ignorés ; corrigez-les puis relancez-les.',
  ],
  retrySkipped: [
    'Retry skipped records',
    'Réessayer les enregistrements ignorés',
  ],
  skippedCount: [
    '{count, plural, one {# record was} other {# records were}} skipped with an error (listed in the Skipped ERP couplings view). Fix the cause the error names, then retry them.',
    '{count, plural, one {# enregistrement a été ignoré} other {# enregistrements ont été ignorés}} avec une erreur (listés dans la vue Couplages ERP ignorés). Corrigez la cause indiquée par l’erreur, puis réessayez-les.',
  ],
  skippedNone: [
    'No record is waiting for a retry.',
    'Aucun enregistrement n’attend de nouvel essai.',
  ],
  retried: [
    'Retried {retried, plural, one {# record} other {# records}}: {inserted} created, {modified} updated, {unchanged} unchanged, {failed} still failing (their errors are in the Skipped ERP couplings view).',
    '{retried, plural, one {# enregistrement réessayé} other {# enregistrements réessayés}} : {inserted, plural, one {# créé} other {# créés}}, {modified} mis à jour, {unchanged, plural, one {# inchangé} other {# inchangés}}, {failed} toujours en échec (leurs erreurs sont dans la vue Couplages ERP ignorés).',
  ],
  noConnectionYet: [
    'No ERP connection yet: fill in step 1 and save.',
    "Pas encore de connexion ERP : remplissez l'étape 1 et enregistrez.",
  ],
  ok: [
    'OK',
    'OK',
  ],
  problem: [
    'Problem',
    'Problème',
  ],
} as const satisfies Record<string, readonly [en: string, fr: string]>;

export type StringKey = keyof typeof texts;
export type PageTexts = typeof texts;

export const { en, fr } = catalogsOf(texts);
