/**
 * Privileges a message needs beyond the row write it makes, as Microsoft's "Privileges by message" reference lists
 * them. Closing an order or a quote creates a close activity (OrderClose / QuoteClose, both secured by the
 * ActivityPointer privileges), so a role that may write orders but not create activities cannot fulfil an order:
 * - FulfillSalesOrder: prvAppendActivity, prvAppendToOrder, prvCreateActivity, prvWriteOrder
 *   (learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/gg328315(v=crm.8))
 * - WinQuote: prvAppendActivity, prvAppendToQuote, prvCreateActivity, prvWriteQuote (… gg328578)
 * - CloseQuote: prvCreateActivity, prvAppendToQuote, prvAppendActivity, prvWriteQuote (… gg334662)
 * - ReviseQuote: prvAppendQuote, prvAppendToAccount, prvAppendToProduct, prvCreateQuote, prvReadQuote (… gg334370)
 * - ConvertQuoteToSalesOrder: prvAppendOrder, prvAppendToContact, prvAppendToProduct, prvAppendToQuote, prvCreateOrder,
 *   prvReadAttributeMap, prvReadEntityMap, prvReadOrder, prvReadQuote (… gg334548); converting an Active quote also
 *   wins it, so WinQuote's list applies too (quoteMessages.ts)
 * CancelSalesOrder is not listed here: its page was not found, so the stand-in checks only the order write for it.
 * The write itself is still checked record by record (depth, owner) by the engine.
 */
import type { DataverseUser, Security } from './security';

export const MESSAGE_PRIVILEGES: Readonly<Record<string, readonly string[]>> = {
  FulfillSalesOrder: ['prvAppendActivity', 'prvAppendToOrder', 'prvCreateActivity', 'prvWriteOrder'],
  WinQuote: ['prvAppendActivity', 'prvAppendToQuote', 'prvCreateActivity', 'prvWriteQuote'],
  CloseQuote: ['prvCreateActivity', 'prvAppendToQuote', 'prvAppendActivity', 'prvWriteQuote'],
  ReviseQuote: ['prvAppendQuote', 'prvAppendToAccount', 'prvAppendToProduct', 'prvCreateQuote', 'prvReadQuote'],
  ConvertQuoteToSalesOrder: ['prvAppendOrder', 'prvAppendToContact', 'prvAppendToProduct', 'prvAppendToQuote', 'prvCreateOrder', 'prvReadAttributeMap', 'prvReadEntityMap', 'prvReadOrder', 'prvReadQuote'],
};

/** Throws Dataverse's missing-privilege error for the first privilege of `message` the user does not hold. */
export function checkMessagePrivileges(security: Security, user: DataverseUser, message: string): void {
  for (const p of MESSAGE_PRIVILEGES[message] ?? []) security.checkMisc(user, p, message);
}
