/** State and status codes of the standard Sales tables (original-solution.md §4.1, §6.1, §7). */

export const SalesOrderState = { active: 0, submitted: 1, canceled: 2, fulfilled: 3, invoiced: 4 } as const;
export const SalesOrderStatus = {
  new: 1,
  pending: 2,
  inProgress: 3,
  noMoney: 4,
  complete: 100001,
  partial: 100002,
  invoiced: 100003,
} as const;

export const QuoteState = { draft: 0, active: 1, won: 2, closed: 3 } as const;
export const QuoteStatus = { inProgressDraft: 1, inProgress: 2, open: 3, won: 4, lost: 5, canceled: 6, revised: 7 } as const;

export const InvoiceState = { active: 0, closed: 1, paid: 2, canceled: 3 } as const;
export const InvoiceStatus = {
  new: 1,
  partiallyShipped: 2,
  canceledDeprecated: 3,
  billed: 4,
  booked: 5,
  installed: 6,
  paidInFullDeprecated: 7,
  complete: 100001,
  partial: 100002,
  canceled: 100003,
} as const;

export const ProductState = { active: 0, retired: 1, draft: 2, underRevision: 3 } as const;
export const ProductType = { salesInventory: 1, miscellaneousCharges: 2, services: 3, flatFees: 4 } as const;
export const AccountCustomerType = { customer: 3 } as const;

/** post.source / post.type (original-solution.md §5). */
export const PostSource = { autoPost: 1, manualPost: 2, actionHubPost: 3 } as const;
export const PostType = { checkIn: 1, idea: 2, news: 3, privateMessage: 4, question: 5, repost: 6, status: 7 } as const;

/** The statuscodes valid for each statecode: used by the Dataverse stand-in and by the connector's transitions. */
export const salesOrderStatusByState: Record<number, number[]> = {
  0: [1, 2],
  1: [3],
  2: [4],
  3: [100001, 100002],
  4: [100003],
};
export const quoteStatusByState: Record<number, number[]> = { 0: [1], 1: [2, 3], 2: [4], 3: [5, 6, 7] };
/** Status 7 (Paid in Full, deprecated) belongs to the deprecated Closed state 1, not to Paid (Microsoft's invoice table reference). */
export const invoiceStatusByState: Record<number, number[]> = { 0: [1, 2, 4, 5, 6], 1: [3, 7], 2: [100001, 100002], 3: [100003] };
