/**
 * Test connection: the Business Central sources beyond API v2.0, each checked with one small read and reported by
 * name with the feature it enables, in English and French:
 *  - the analytics API queries of the Power BI Reports app (needed by Item Availability and the last payment);
 *  - the standard pages an admin may publish as web services (optional: tracking numbers, price lists, price groups).
 * A missing source says what to install or publish; a refused read says which permission set the connector's user
 * lacks. Texts are decided here (pure); probeSources does the reads.
 */
import { ANALYTICS_QUERIES, analyticsUrl, isForbidden, isSourceMissing, PUBLISHED_PAGES, publishedUrl, type AnalyticsQuery, type PublishedPage } from '../bc/standardSources';
import type { Services } from '../services';

export type SourceState = 'ok' | 'missing' | 'forbidden' | 'failed';

export interface SourceCheck {
  kind: 'analytics' | 'page';
  /** Entity set (analytics) or service name (page). */
  name: string;
  /** e.g. `query 36973 "Purchase Lines - Outstanding"` or `page 142 "Posted Sales Shipments"`. */
  object: string;
  optional: boolean;
  state: SourceState;
  ok: boolean;
  en: string;
  fr: string;
}

/** Permission sets that grant the reads (docs/connector.md explains each). */
export const PERMISSION_SETS = { analytics: 'PowerBi Report Basic', read: 'D365 READ' } as const;

export function analyticsCheck(q: AnalyticsQuery, state: SourceState, detail = ''): SourceCheck {
  const object = `query ${q.objectId} "${q.objectName}"`;
  const base = { kind: 'analytics' as const, name: q.entitySet, object, optional: false, state, ok: state === 'ok' };
  switch (state) {
    case 'ok':
      return { ...base, en: `Analytics API ${q.entitySet}: available (${q.feature.en}).`, fr: `API analytique ${q.entitySet} : disponible (${q.feature.fr}).` };
    case 'missing':
      return {
        ...base,
        en: `Analytics API ${q.entitySet} (${object}) not found: install Microsoft's Power BI Reports app in Business Central. Until then: no ${q.feature.en}.`,
        fr: `API analytique ${q.entitySet} (${object}) introuvable : installez l’application Power BI Reports de Microsoft dans Business Central. En attendant : pas de ${q.feature.fr}.`,
      };
    case 'forbidden':
      return {
        ...base,
        en: `Analytics API ${q.entitySet}: access refused. Give the connector's user in Business Central the permission set ${PERMISSION_SETS.analytics} (or ${PERMISSION_SETS.read}). Until then: no ${q.feature.en}.`,
        fr: `API analytique ${q.entitySet} : accès refusé. Donnez à l’utilisateur du connecteur dans Business Central l’ensemble d’autorisations ${PERMISSION_SETS.analytics} (ou ${PERMISSION_SETS.read}). En attendant : pas de ${q.feature.fr}.`,
      };
    default:
      return { ...base, en: `Analytics API ${q.entitySet}: could not be read (${detail}).`, fr: `API analytique ${q.entitySet} : lecture impossible (${detail}).` };
  }
}

export function pageCheck(p: PublishedPage, state: SourceState, detail = ''): SourceCheck {
  const object = `page ${p.objectId} "${p.objectName}"`;
  const base = { kind: 'page' as const, name: p.serviceName, object, optional: true, state, ok: state === 'ok' };
  switch (state) {
    case 'ok':
      return { ...base, en: `Published page ${p.serviceName} (${object}): available — ${p.feature.en}.`, fr: `Page publiée ${p.serviceName} (${object}) : disponible — ${p.feature.fr}.` };
    case 'missing':
      return {
        ...base,
        en: `Optional: ${p.feature.en} is off. To turn it on, publish ${object} on the Web Services page of Business Central with the service name ${p.serviceName}.`,
        fr: `Facultatif : ${p.feature.fr} est désactivée. Pour l’activer, publiez la ${object} sur la page Services web de Business Central sous le nom de service ${p.serviceName}.`,
      };
    case 'forbidden':
      return {
        ...base,
        en: `Published page ${p.serviceName}: access refused. Give the connector's user in Business Central the permission set ${PERMISSION_SETS.read}. Until then: no ${p.feature.en}.`,
        fr: `Page publiée ${p.serviceName} : accès refusé. Donnez à l’utilisateur du connecteur dans Business Central l’ensemble d’autorisations ${PERMISSION_SETS.read}. En attendant : pas de ${p.feature.fr}.`,
      };
    default:
      return { ...base, en: `Published page ${p.serviceName}: could not be read (${detail}).`, fr: `Page publiée ${p.serviceName} : lecture impossible (${detail}).` };
  }
}

function stateOf(e: unknown): SourceState {
  if (isForbidden(e)) return 'forbidden';
  if (isSourceMissing(e)) return 'missing';
  return 'failed';
}

/** One `$top=1` read per source. */
export async function probeSources(s: Services): Promise<SourceCheck[]> {
  const out: SourceCheck[] = [];
  for (const q of ANALYTICS_QUERIES) {
    const url = analyticsUrl(s.config.bc, q.entitySet);
    if (!url) {
      out.push(analyticsCheck(q, 'failed', 'BC_ANALYTICS_URL is not set'));
      continue;
    }
    try {
      await s.bc.getAbsolute(`${url}?$top=1`);
      out.push(analyticsCheck(q, 'ok'));
    } catch (e) {
      out.push(analyticsCheck(q, stateOf(e), (e as Error).message));
    }
  }
  for (const p of PUBLISHED_PAGES) {
    try {
      await s.bc.getAbsolute(`${await publishedUrl(s.bc, s.config.bc, p.serviceName)}?$top=1`);
      out.push(pageCheck(p, 'ok'));
    } catch (e) {
      out.push(pageCheck(p, stateOf(e), (e as Error).message));
    }
  }
  return out;
}
