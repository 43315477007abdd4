/**
 * Texts of the Sales commands the sandbox plays itself (the quote lifecycle of Dynamics 365 Sales), in English and
 * French, with Sales' own command names. Kept beside the commands so they merge apart from the page's catalogue.
 */
import { fillTemplate } from '../../../../domain/messages/template';
import { language, locale } from '../i18n';

const en = {
  'quote.activate': 'Activate Quote',
  'quote.createOrder': 'Create Order',
  'quote.close': 'Close Quote',
  'quote.revise': 'Revise',
  'quote.activating': 'Activating the quote…',
  'quote.closing': 'Closing the quote…',
  'quote.revising': 'Revising the quote…',
  'quote.creatingOrder': 'Creating the order…',
  'quote.closeDialog.title': 'Close Quote',
  'quote.closeDialog.statusReason': 'Status Reason',
  'quote.closeDialog.closeDate': 'Close Date',
  'quote.closeDialog.description': 'Description',
  'quote.closeDialog.createRevised': 'Create a revised quote',
  'quote.closeDialog.subject': 'Quote closed: {0}',
  'quote.orderDialog.title': 'Create Order',
  'quote.orderDialog.text': 'The quote will be closed as won and an order made from it.',
  'quote.orderDialog.dateWon': 'Date Won',
  'quote.orderDialog.description': 'Description',
  'quote.orderDialog.subject': 'Quote won: {0}',
  'quote.failed': 'The quote could not be changed: {0}',
  'dialog.ok': 'OK',
  'dialog.cancel': 'Cancel',
};

export type SalesTextKey = keyof typeof en;

const fr: Record<SalesTextKey, string> = {
  'quote.activate': 'Activer le devis',
  'quote.createOrder': 'Créer une commande',
  'quote.close': 'Fermer le devis',
  'quote.revise': 'Réviser',
  'quote.activating': 'Activation du devis…',
  'quote.closing': 'Fermeture du devis…',
  'quote.revising': 'Révision du devis…',
  'quote.creatingOrder': 'Création de la commande…',
  'quote.closeDialog.title': 'Fermer le devis',
  'quote.closeDialog.statusReason': 'Raison du statut',
  'quote.closeDialog.closeDate': 'Date de fermeture',
  'quote.closeDialog.description': 'Description',
  'quote.closeDialog.createRevised': 'Créer un devis révisé',
  'quote.closeDialog.subject': 'Devis fermé : {0}',
  'quote.orderDialog.title': 'Créer une commande',
  'quote.orderDialog.text': 'Le devis sera fermé comme conclu et une commande créée à partir de lui.',
  'quote.orderDialog.dateWon': 'Date de conclusion',
  'quote.orderDialog.description': 'Description',
  'quote.orderDialog.subject': 'Devis conclu : {0}',
  'quote.failed': 'Le devis n’a pas pu être modifié : {0}',
  'dialog.ok': 'OK',
  'dialog.cancel': 'Annuler',
};

export const salesTextCatalogs: Record<1033 | 1036, Record<SalesTextKey, string>> = { 1033: en, 1036: fr };

export function st(key: SalesTextKey, ...args: (string | number)[]): string {
  const text = salesTextCatalogs[language()][key] ?? en[key];
  return fillTemplate(text, Object.fromEntries(args.map((a, i) => [String(i), a])), locale());
}
