/**
 * The quote commands of Dynamics 365 Sales that the sandbox plays itself (they are Sales', not our solution's):
 * Activate Quote (Draft), Close Quote and Revise (Active), Create Order (Active or Won). Which ones show is decided
 * here from the quote's state and the user's privileges; what they send is the Web API of a real tenant:
 * - Activate: PATCH statecode 1 / statuscode 2 ("select Activate Quote", ce/sales/create-edit-quote-sales.md);
 * - Close Quote: the Close Quote dialog's Status Reason (Lost, Canceled, Revised), Close Date, Description and
 *   "Create a revised quote" (ce/sales/close-quote.md) → CloseQuote, then ReviseQuote when asked;
 * - Revise: CloseQuote as Revised, then ReviseQuote (the platform revises closed quotes only; Sales' own command
 *   closes first) → the new draft opens;
 * - Create Order: the Create Order dialog's Date Won and Description (ce/sales/create-edit-order-sales.md) →
 *   ConvertQuoteToSalesOrder, which closes an active quote as won → the new order opens.
 */
import { QuoteState, QuoteStatus } from '../../../../domain/dataverseCodes';
import type { DataverseClient } from '../data/webApi';

export type QuoteCommandId = 'activate' | 'close' | 'revise' | 'createOrder';

/** The commands shown for a quote, in Sales' order. `privileges`: "verb:table" (lower case); absent = not known. */
export function quoteCommandsFor(state: number | null, saved: boolean, privileges?: Set<string>): QuoteCommandId[] {
  if (!saved || state === null) return [];
  const can = (p: string) => !privileges || privileges.has(p);
  const out: QuoteCommandId[] = [];
  if (state === QuoteState.draft && can('write:quote')) out.push('activate');
  if ((state === QuoteState.active || state === QuoteState.won) && can('create:salesorder') && (state === QuoteState.won || can('write:quote'))) out.push('createOrder');
  if (state === QuoteState.active && can('write:quote')) out.push('close');
  if (state === QuoteState.active && can('write:quote') && can('create:quote')) out.push('revise');
  return out;
}

/** The status reasons Sales' Close Quote dialog offers, first the default. */
export const CLOSE_REASONS = [QuoteStatus.lost, QuoteStatus.canceled, QuoteStatus.revised] as const;

const quoteClose = (quoteId: string, subject: string, date?: string, description?: string) => ({
  '@odata.type': 'Microsoft.Dynamics.CRM.quoteclose',
  'quoteid@odata.bind': `/quotes(${quoteId})`,
  subject,
  ...(date ? { actualend: date } : {}),
  ...(description ? { description } : {}),
});

export function activateQuote(client: DataverseClient, quoteId: string): Promise<void> {
  return client.update('quote', quoteId, { statecode: QuoteState.active, statuscode: QuoteStatus.inProgress });
}

export async function closeQuote(client: DataverseClient, quoteId: string, o: { status: number; subject: string; date?: string; description?: string }): Promise<void> {
  await client.execute('CloseQuote', { QuoteClose: quoteClose(quoteId, o.subject, o.date, o.description), Status: o.status });
}

/** ReviseQuote on a closed quote: the id of the new draft revision. */
export async function reviseQuote(client: DataverseClient, quoteId: string): Promise<string> {
  const r = await client.execute('ReviseQuote', { QuoteId: quoteId, ColumnSet: { AllColumns: false, Columns: ['quoteid'] } });
  return String(r?.quoteid ?? '');
}

/** ConvertQuoteToSalesOrder: the id of the new order (the quote, if active, is closed as won). */
export async function createOrder(client: DataverseClient, quoteId: string, o: { subject: string; date?: string; description?: string }): Promise<string> {
  const r = await client.execute('ConvertQuoteToSalesOrder', {
    QuoteId: quoteId,
    ColumnSet: { AllColumns: false, Columns: ['salesorderid'] },
    QuoteCloseStatus: -1,
    QuoteCloseSubject: o.subject,
    ...(o.date ? { QuoteCloseDate: o.date } : {}),
    ...(o.description ? { QuoteCloseDescription: o.description } : {}),
  });
  return String(r?.salesorderid ?? '');
}
