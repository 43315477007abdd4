/**
 * Texts of the coupling dialog, English (1033) and French (1036): plain data, shipped as their own script web resource
 * erp_/js/coupling.texts.js (coupling/textsEntry.ts, lib/pageParts.ts) so that the page's script stays within the 30 KB
 * budget (webresources/build/budget.ts). Each key once, with its English and French text side by side: the key
 * name is carried once instead of once per language. Same keys and placeholders in both (tested).
 */
import { catalogsOf } from '../lib/pageParts';

export const texts = {
  title_couple: [
    'Couple {name} with an ERP record',
    'Coupler {name} avec un enregistrement ERP',
  ],
  title_createInSales: [
    'Create in Sales from the ERP',
    'Créer dans Sales depuis l’ERP',
  ],
  title_syncNow: [
    'Synchronize now',
    'Synchroniser maintenant',
  ],
  title_createInErp: [
    'Create in the ERP',
    'Créer dans l’ERP',
  ],
  intro_couple: [
    'Search the ERP by number or part of the name, then choose the record to couple with {name}.',
    'Recherchez dans l’ERP par numéro ou par une partie du nom, puis choisissez l’enregistrement à coupler avec {name}.',
  ],
  intro_createInSales: [
    'Search the ERP by number or part of the name, then choose a record that is not in Sales yet. It is created here and coupled.',
    'Recherchez dans l’ERP par numéro ou par une partie du nom, puis choisissez un enregistrement qui n’est pas encore dans Sales. Il est créé ici et couplé.',
  ],
  intro_syncNow: [
    'Choose whose values win: for every synchronized field, the other side’s value is replaced.',
    'Choisissez les valeurs qui l’emportent : pour chaque champ synchronisé, la valeur de l’autre côté est remplacée.',
  ],
  intro_createInErp: [
    'Each record is created in the ERP and coupled. When the ERP already has it (same number or name), the two are coupled instead, so nothing is duplicated.',
    'Chaque enregistrement est créé dans l’ERP et couplé. Si l’ERP l’a déjà (même numéro ou même nom), les deux sont couplés à la place : rien n’est créé en double.',
  ],
  kind: [
    'Kind of ERP record',
    'Type d’enregistrement ERP',
  ],
  mapping_CUSTOMER: [
    'Customers',
    'Clients',
  ],
  mapping_CONTACT: [
    'Contacts',
    'Contacts',
  ],
  'mapping_ITEM-PRODUCT': [
    'Items',
    'Articles',
  ],
  'mapping_RESOURCE-PRODUCT': [
    'Resources',
    'Ressources',
  ],
  searchRegion: [
    'Search the ERP',
    'Rechercher dans l’ERP',
  ],
  query: [
    'ERP number or part of the name',
    'Numéro ERP ou partie du nom',
  ],
  queryHint: [
    'For example C10000 or Fabrikam. * lists the first records.',
    'Par exemple C10000 ou Fabrikam. * affiche les premiers enregistrements.',
  ],
  search: [
    'Search',
    'Rechercher',
  ],
  searching: [
    'Searching the ERP…',
    'Recherche dans l’ERP…',
  ],
  typeSomething: [
    'Type a number or part of a name, then search.',
    'Saisissez un numéro ou une partie d’un nom, puis lancez la recherche.',
  ],
  found: [
    '{count, plural, =0 {No ERP record matches} one {# ERP record matches} other {# ERP records match}} “{query}”.',
    '{count, plural, =0 {Aucun enregistrement ERP ne correspond} one {# enregistrement ERP correspond} other {# enregistrements ERP correspondent}} à « {query} ».',
  ],
  noneFound: [
    'No ERP record matches “{query}”. Check the spelling, or search by number.',
    'Aucun enregistrement ERP ne correspond à « {query} ». Vérifiez l’orthographe ou recherchez par numéro.',
  ],
  results: [
    'ERP records matching “{query}”',
    'Enregistrements ERP correspondant à « {query} »',
  ],
  colChoose: [
    'Choose',
    'Choisir',
  ],
  colNumber: [
    'Number',
    'Numéro',
  ],
  colName: [
    'Name',
    'Nom',
  ],
  colCoupling: [
    'Coupling',
    'Couplage',
  ],
  notCoupled: [
    'Not coupled',
    'Non couplé',
  ],
  coupledToThis: [
    'Coupled to this record',
    'Couplé à cet enregistrement',
  ],
  coupledTo: [
    'Coupled to {name}',
    'Couplé à {name}',
  ],
  coupledToOther: [
    'Coupled to another Sales record',
    'Couplé à un autre enregistrement Sales',
  ],
  sideLegendCouple: [
    'Once coupled, copy the values',
    'Une fois couplés, copier les valeurs',
  ],
  sideErpCouple: [
    'From the ERP to Sales (the ERP values replace the Sales ones)',
    'De l’ERP vers Sales (les valeurs de l’ERP remplacent celles de Sales)',
  ],
  sideCrmCouple: [
    'From Sales to the ERP (the Sales values replace the ERP ones)',
    'De Sales vers l’ERP (les valeurs de Sales remplacent celles de l’ERP)',
  ],
  sideLegend: [
    'Whose values win?',
    'Quelles valeurs l’emportent ?',
  ],
  sideErp: [
    'The ERP: its values replace the Sales values',
    'L’ERP : ses valeurs remplacent celles de Sales',
  ],
  sideCrm: [
    'Sales: its values replace the ERP values',
    'Sales : ses valeurs remplacent celles de l’ERP',
  ],
  chooseSide: [
    'Choose whose values win.',
    'Choisissez les valeurs qui l’emportent.',
  ],
  chooseRecord: [
    'Choose an ERP record in the list first.',
    'Choisissez d’abord un enregistrement ERP dans la liste.',
  ],
  couple: [
    'Couple',
    'Coupler',
  ],
  createInSales: [
    'Create in Sales',
    'Créer dans Sales',
  ],
  createInErp: [
    'Create in ERP',
    'Créer dans l’ERP',
  ],
  synchronize: [
    'Synchronize',
    'Synchroniser',
  ],
  cancel: [
    'Cancel',
    'Annuler',
  ],
  close: [
    'Close',
    'Fermer',
  ],
  waiting: [
    'Waiting for the ERP… {seconds} s',
    'En attente de l’ERP… {seconds} s',
  ],
  coupled: [
    '{name} is now coupled with the ERP record {number}.',
    '{name} est maintenant couplé avec l’enregistrement ERP {number}.',
  ],
  createdInSales: [
    '{number} {name} was created in Sales and coupled.',
    '{number} {name} a été créé dans Sales et couplé.',
  ],
  alreadyInSales: [
    'Sales already had {number} {name} (same number or name): they are now coupled, nothing was duplicated.',
    'Sales avait déjà {number} {name} (même numéro ou même nom) : ils sont maintenant couplés, rien n’a été créé en double.',
  ],
  createdInErp: [
    'Created in the ERP as {number} and coupled.',
    'Créé dans l’ERP sous le numéro {number} et couplé.',
  ],
  matchedInErp: [
    'The ERP already had {number} (same number or name): coupled with it, nothing was duplicated.',
    'L’ERP avait déjà {number} (même numéro ou même nom) : couplé avec lui, rien n’a été créé en double.',
  ],
  synchronizedErp: [
    'Synchronized: the ERP values were applied in Sales.',
    'Synchronisé : les valeurs de l’ERP ont été appliquées dans Sales.',
  ],
  synchronizedCrm: [
    'Synchronized: the Sales values were applied in the ERP.',
    'Synchronisé : les valeurs de Sales ont été appliquées dans l’ERP.',
  ],
  alreadyEqual: [
    'Both sides already held the same values.',
    'Les deux côtés avaient déjà les mêmes valeurs.',
  ],
  notDone: [
    'Not done. {error}',
    'Non effectué. {error}',
  ],
  hint: [
    'What to do: {hint}',
    'Que faire : {hint}',
  ],
  timeout: [
    'The ERP has not answered within {seconds} seconds. The request is queued and will be processed; check the record later.',
    'L’ERP n’a pas répondu en {seconds} secondes. La demande est en file d’attente et sera traitée ; vérifiez l’enregistrement plus tard.',
  ],
  unreachable: [
    'Dynamics 365 could not be reached ({error}). The request may still be processed; check the record later.',
    'Dynamics 365 est injoignable ({error}). La demande peut encore être traitée ; vérifiez l’enregistrement plus tard.',
  ],
  sendFailed: [
    'The request could not be sent: {error}',
    'La demande n’a pas pu être envoyée : {error}',
  ],
  records: [
    'Records',
    'Enregistrements',
  ],
  colRecord: [
    'Record',
    'Enregistrement',
  ],
  colResult: [
    'Result',
    'Résultat',
  ],
  pending: [
    'Waiting…',
    'En attente…',
  ],
  summary: [
    '{ok} of {total} done; {failed} not done (see the reason on each line).',
    '{ok} sur {total} {ok, plural, one {effectué} other {effectués}} ; {failed} non {failed, plural, one {effectué} other {effectués}} (voir la raison sur chaque ligne).',
  ],
  summaryAllOk: [
    'All {total} done.',
    'Les {total} sont effectués.',
  ],
  badInput: [
    'This dialog opens from the ERP commands of an account, a contact or a product: {problem}',
    'Cette boîte de dialogue s’ouvre depuis les commandes ERP d’un compte, d’un contact ou d’un produit : {problem}',
  ],
  unnamed: [
    '(no name)',
    '(sans nom)',
  ],
} as const satisfies Record<string, readonly [en: string, fr: string]>;

export type StringKey = keyof typeof texts;
export type PageTexts = typeof texts;

export const { en, fr } = catalogsOf(texts);
