/**
 * Creates whose outcome is unknown (issue 15, path 1). A create (POST) that got no answer — the client's timeout, a
 * dropped connection, a gateway's 502/504 — may still land: Business Central goes on executing a request whose
 * client left. Repeating it blindly makes a second document. Such a request is *in doubt* until the create cannot
 * land any more; meanwhile the connector only looks the document up by the key the ERP carries (the CRM number in
 * externalDocumentNumber) and never creates.
 *
 * The bound: an attempt may start its create only within its lease (it checks before sending), and a create
 * lands at the latest `createMaxMs` after it was sent, so no earlier attempt's create can land after
 *   earlier attempt's claim + lease + createMaxMs.
 * createMaxMs defaults to 10 minutes, above Business Central online's 8-minute limit on an OData request
 * (Microsoft Learn, "Operational limits for Business Central online", OData request timeout); configurable
 * (CREATE_MAX_SECONDS) for on-premises servers with another limit.
 */

/** A non-idempotent call without a definite answer may have been executed. A definite answer (any status a
 * service sent, 5xx included: BC rolls a failed request back) means it was or was not, never "maybe". */
export function isOutcomeUnknown(idempotent: boolean, status: number): boolean {
  return !idempotent && (status === 0 || status === 502 || status === 504);
}

/** Until when an attempt claimed at `claimedAt` may still see its create land. */
export function inDoubtUntil(claimedAt: string | Date, leaseMs: number, createMaxMs: number): Date {
  const t = typeof claimedAt === 'string' ? Date.parse(claimedAt) : claimedAt.getTime();
  return new Date(t + leaseMs + createMaxMs);
}

/** When to look again: every `intervalMs`, and once more right at the end of the window. */
export function nextLookupAt(now: Date, until: Date, intervalMs: number): Date {
  return new Date(Math.min(until.getTime() + 1, now.getTime() + intervalMs));
}

/** Whether an attempt claimed at `claimedAt` may still start a create now (a margin keeps it inside its lease). */
export function mayStartCreate(claimedAt: Date, now: Date, leaseMs: number, marginMs = 1000): boolean {
  return now.getTime() < claimedAt.getTime() + leaseMs - marginMs;
}
