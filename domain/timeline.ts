/**
 * Timeline (activity feed) posts on the sales order, for submission events (written by the command bar) and ERP
 * events (written by the connector). One module so both write the same words.
 *
 * The `post` row (original-solution.md §5): regarding the salesorder, `source` = Manual Post (2), because Dataverse
 * renders the text of Auto Posts as XML and ours is plain text (BC's own posts also end up Manual: its AL
 * InitValue); `type` = Status (7), what these posts are. Texts are deterministic for a given event and language,
 * so the connector can make "never twice" cheap: look for a post on the order with the same text
 * (`timelineEventKey` names the event for logs and for any dedup store).
 */
import { PostSource, PostType } from './dataverseCodes';
import { normalizeId } from './orderValidation';
import { resolveLcid, type SupportedLcid } from './messages';

/** post.text holds 1,000 characters; longer error texts are shortened with a pointer to the request row. */
export const POST_TEXT_MAX = 1000;

export type TimelineEvent =
  | { kind: 'submitted'; by?: string | null }
  | { kind: 'submissionFailed'; error: string }
  | { kind: 'createdInErp'; erpNumber: string }
  | { kind: 'quoteProcessed'; erpNumber: string }
  | { kind: 'released'; erpNumber?: string | null }
  | { kind: 'shipped'; shipmentNumber: string; date?: string | null; trackingNumber?: string | null; complete: boolean }
  // Amounts of invoices and payments are the ERP's, tax included (totalAmountIncludingTax, remainingAmount): the texts
  // say so, because the Sales order they follow shows its total before tax (issue 19, finding 8).
  | { kind: 'invoiced'; invoiceNumber: string; date?: string | null; amount?: number | null; currency?: string | null; complete: boolean }
  | { kind: 'paid'; invoiceNumber: string; complete: boolean; remaining?: number | null; currency?: string | null };

type Texts = {
  [K in TimelineEvent['kind']]: (e: Extract<TimelineEvent, { kind: K }>, f: Formatters) => string;
};

interface Formatters {
  date: (iso: string) => string;
  money: (amount: number, currency?: string | null) => string;
}

/**
 * The one event the browser posts (Submit to ERP), kept apart from the other texts so a web resource that writes it
 * (webresources/lib/timelineWriter.ts) does not carry the connector's texts and formatters.
 */
const submittedTexts: Record<SupportedLcid, (by: string | null | undefined) => string> = {
  1033: (by) => (by ? `The order was submitted to the ERP by ${by}.` : 'The order was submitted to the ERP.'),
  1036: (by) => (by ? `La commande a été envoyée à l’ERP par ${by}.` : 'La commande a été envoyée à l’ERP.'),
};

const en: Texts = {
  submitted: (e) => submittedTexts[1033](e.by),
  submissionFailed: (e) => `The submission to the ERP failed: ${e.error}`,
  createdInErp: (e) => `The order was created in the ERP as order ${e.erpNumber}.`,
  quoteProcessed: (e) => `The quote was created or updated in the ERP as quote ${e.erpNumber}.`,
  // BC's own label (§5), kept so users of the original recognise it.
  released: () => 'The order status has changed to Released.',
  shipped: (e, f) =>
    `${e.complete ? 'The order has been shipped in full' : 'Part of the order has been shipped'}: shipment ${e.shipmentNumber}` +
    `${e.date ? ` on ${f.date(e.date)}` : ''}${e.trackingNumber ? `, tracking number ${e.trackingNumber}` : ''}.`,
  invoiced: (e, f) =>
    `${e.complete ? 'The order has been invoiced in full' : 'Part of the order has been invoiced'}: invoice ${e.invoiceNumber}` +
    `${e.date ? ` of ${f.date(e.date)}` : ''}${typeof e.amount === 'number' ? `, ${f.money(e.amount, e.currency)} incl. tax` : ''}.`,
  paid: (e, f) =>
    e.complete
      ? `Invoice ${e.invoiceNumber} has been paid in full.`
      : `Invoice ${e.invoiceNumber} has been paid in part${typeof e.remaining === 'number' ? `; ${f.money(e.remaining, e.currency)} incl. tax remains to be paid` : ''}.`,
};

const fr: Texts = {
  submitted: (e) => submittedTexts[1036](e.by),
  submissionFailed: (e) => `L’envoi à l’ERP a échoué : ${e.error}`,
  createdInErp: (e) => `La commande a été créée dans l’ERP sous le numéro ${e.erpNumber}.`,
  quoteProcessed: (e) => `Le devis a été créé ou mis à jour dans l’ERP sous le numéro ${e.erpNumber}.`,
  released: () => 'Le statut de la commande est passé à Lancée.',
  shipped: (e, f) =>
    `${e.complete ? 'La commande a été entièrement expédiée' : 'Une partie de la commande a été expédiée'} : expédition ${e.shipmentNumber}` +
    `${e.date ? ` du ${f.date(e.date)}` : ''}${e.trackingNumber ? `, numéro de suivi ${e.trackingNumber}` : ''}.`,
  invoiced: (e, f) =>
    `${e.complete ? 'La commande a été entièrement facturée' : 'Une partie de la commande a été facturée'} : facture ${e.invoiceNumber}` +
    `${e.date ? ` du ${f.date(e.date)}` : ''}${typeof e.amount === 'number' ? `, ${f.money(e.amount, e.currency)} TTC` : ''}.`,
  paid: (e, f) =>
    e.complete
      ? `La facture ${e.invoiceNumber} a été entièrement payée.`
      : `La facture ${e.invoiceNumber} a été partiellement payée${typeof e.remaining === 'number' ? ` ; reste à payer : ${f.money(e.remaining, e.currency)} TTC` : ''}.`,
};

const textsByLcid: Record<SupportedLcid, Texts> = { 1033: en, 1036: fr };
const localeByLcid: Record<SupportedLcid, string> = { 1033: 'en-US', 1036: 'fr-FR' };

function formatters(lcid: SupportedLcid): Formatters {
  const locale = localeByLcid[lcid];
  return {
    // ERP dates are calendar dates: format them in UTC so no time zone moves them by a day.
    date: (iso) => {
      const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
      return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
    },
    money: (amount, currency) =>
      currency && /^[A-Za-z]{3}$/.test(currency)
        ? new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(amount)
        : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount),
  };
}

const moreLabel: Record<SupportedLcid, string> = {
  1033: '… (full text on the ERP integration request)',
  1036: '… (texte complet sur la demande d’intégration ERP)',
};

/** The post text for an event in the given language (English for languages without a catalog). */
export function timelinePostText(event: TimelineEvent, lcid: number = 1033): string {
  const l = resolveLcid(lcid);
  const render = textsByLcid[l][event.kind] as (e: TimelineEvent, f: Formatters) => string;
  return shortened(render(event, formatters(l)), l);
}

function shortened(text: string, l: SupportedLcid): string {
  if (text.length <= POST_TEXT_MAX) return text;
  const more = moreLabel[l];
  return text.slice(0, POST_TEXT_MAX - more.length) + more;
}

/** A stable name of the event, for logs and dedup stores: one post per key per order. */
export function timelineEventKey(event: TimelineEvent): string {
  switch (event.kind) {
    case 'shipped':
      return `shipped:${event.shipmentNumber}`;
    case 'invoiced':
      return `invoiced:${event.invoiceNumber}`;
    case 'paid':
      return `paid:${event.invoiceNumber}:${event.complete ? 'full' : `part:${event.remaining ?? ''}`}`;
    case 'createdInErp':
    case 'quoteProcessed':
      return `${event.kind}:${event.erpNumber}`;
    case 'released':
      return `released:${event.erpNumber ?? ''}`;
    case 'submissionFailed':
      return `submissionFailed:${event.error}`;
    case 'submitted':
      return 'submitted';
  }
}

export interface PostRecord {
  text: string;
  source: number;
  type: number;
  'regardingobjectid_salesorder@odata.bind'?: string;
  'regardingobjectid_quote@odata.bind'?: string;
}

/** The Web API body of `POST posts` for an event on an order (or a quote). */
export function timelinePostRecord(regarding: { table: 'salesorder' | 'quote'; id: string }, event: TimelineEvent, lcid: number = 1033): PostRecord {
  return postRecord(regarding, timelinePostText(event, lcid));
}

/** The same body for the "submitted" event alone (what the browser writes); equal to timelinePostRecord's (tested). */
export function submittedPostRecord(regarding: { table: 'salesorder' | 'quote'; id: string }, by: string | null | undefined, lcid: number = 1033): PostRecord {
  const l = resolveLcid(lcid);
  return postRecord(regarding, shortened(submittedTexts[l](by), l));
}

function postRecord(regarding: { table: 'salesorder' | 'quote'; id: string }, text: string): PostRecord {
  const record: PostRecord = { text, source: PostSource.manualPost, type: PostType.status };
  if (regarding.table === 'salesorder') record['regardingobjectid_salesorder@odata.bind'] = `/salesorders(${normalizeId(regarding.id)})`;
  else record['regardingobjectid_quote@odata.bind'] = `/quotes(${normalizeId(regarding.id)})`;
  return record;
}
