/**
 * The in-doubt rule in the flows (domain/inDoubt.ts): every ERP create goes through `guardedCreate`, and a lookup
 * that found nothing goes through `assertNoCreateInFlight` before creating.
 *
 * - The claim records the attempt (erp_startedon) before any create; a request whose listed row shows an earlier
 *   attempt that may have sent a create is in doubt until that create can no longer land.
 * - A create that got no definite answer makes the request in doubt from this attempt's claim.
 * - In doubt, the request is scheduled to look again (every IN_DOUBT_LOOKUP_SECONDS), whatever its attempt count,
 *   and says so on the request and the order; it never creates before the window has passed.
 */
import { inDoubtUntil, mayStartCreate, nextLookupAt } from '../../domain/inDoubt';
import { ConnectorFailure } from '../errors';
import { HttpError } from '../http/httpClient';
import type { HandlerContext } from '../queue/worker';

export interface CreateTarget {
  /** What is created: a document of the ERP ("order", "quote"), named in the request's language. */
  document?: 'order' | 'quote';
  /** The key the ERP document carries (externalDocumentNumber). */
  number: string;
  /**
   * Another text than CREATE_IN_DOUBT, for creates whose key is not a document number (a customer found again by
   * its number or name: connector/sync): its code and parameters, `message` and `until` added.
   */
  text?: { code: string; params: Record<string, string> };
}

/** The document's name with its article where the language needs it to agree ("la commande", "le devis"). */
const DOCUMENT_NAMES: Record<NonNullable<CreateTarget['document']>, { en: string; fr: string }> = {
  order: { en: 'order', fr: 'la commande' },
  quote: { en: 'quote', fr: 'le devis' },
};

function inDoubtFailure(ctx: HandlerContext, target: CreateTarget, message: string, since: string, until: Date): ConnectorFailure {
  const { inDoubtLookupMs } = ctx.services.config.queue;
  const retryAt = nextLookupAt(ctx.services.now(), until, inDoubtLookupMs);
  const at = until.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  const document = DOCUMENT_NAMES[target.document ?? 'order'][ctx.lcid === 1036 ? 'fr' : 'en'];
  return new ConnectorFailure(
    'transient',
    [target.text ? { code: target.text.code, params: { ...target.text.params, message, until: at } } : { code: 'CREATE_IN_DOUBT', params: { document, number: target.number, message, until: at } }],
    'HINT_WAIT',
    null,
    false,
    `in doubt until ${until.toISOString()}: ${message}`,
    { retryAt, since },
  );
}

/** The lookup found nothing: throws the in-doubt wait while an earlier attempt's create may still land. */
export function assertNoCreateInFlight(ctx: HandlerContext, target: CreateTarget): void {
  const earlier = ctx.row.erp_startedon;
  if (!earlier || Number.isNaN(Date.parse(earlier))) return;
  const { leaseMs, createMaxMs } = ctx.services.config.queue;
  const until = inDoubtUntil(earlier, leaseMs, createMaxMs);
  if (ctx.now.getTime() < until.getTime()) {
    ctx.note(`no ERP ${target.document ?? 'record'} carries ${target.number} yet; an earlier attempt (${earlier}) may still be creating it: not creating before ${until.toISOString()}`);
    throw inDoubtFailure(ctx, target, 'an earlier attempt may still be creating it', earlier, until);
  }
}

/**
 * Runs one ERP create. Refuses to start it once the lease is nearly over (another process may take the row over,
 * and the bound above relies on creates starting within the lease); marks the attempt as having sent a create, so
 * a failure after it keeps the attempt's mark; a create without a definite answer throws the in-doubt wait.
 */
export async function guardedCreate<T>(ctx: HandlerContext, target: CreateTarget, create: () => Promise<T>): Promise<T> {
  const { leaseMs, createMaxMs } = ctx.services.config.queue;
  if (!mayStartCreate(ctx.now, ctx.services.now(), leaseMs)) {
    throw new ConnectorFailure('transient', [{ code: 'ERP_TRANSIENT', params: { service: 'The connector', message: 'the attempt ran out of time before creating the document' } }], 'HINT_WAIT');
  }
  ctx.createSent('sent');
  try {
    return await create();
  } catch (e) {
    if (e instanceof HttpError && e.inDoubt) {
      ctx.note(`the ERP did not answer the create of ${target.number} (${e.message}): in doubt`);
      throw inDoubtFailure(ctx, target, e.message, ctx.now.toISOString(), inDoubtUntil(ctx.now, leaseMs, createMaxMs));
    }
    // A definite answer refusing the create: nothing was created.
    if (e instanceof HttpError && e.status > 0) ctx.createSent('refused');
    throw e;
  }
}
