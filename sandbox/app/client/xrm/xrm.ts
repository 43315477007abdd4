/**
 * The global `Xrm` the solution's web resources call: WebApi (CRUD, online.execute), Navigation (dialogs rendered by
 * the page, openUrl, openForm), Utility (progress indicator, RESX strings, global context) over the same Dataverse
 * client and session as the rest of the page.
 */
import type { Metadata } from '../data/metadata';
import { DataverseClient, normaliseQuery, trimBraces, type EntityRecord } from '../data/webApi';
import { dialogs } from '../host/dialogs';
import { loadedResx, resolveResourceString } from '../host/resx';
import type { SessionInfo } from '../host/session';
import type { RolePrivilegeInfo } from '../../shared/model';
import { t } from '../i18n';
import { executeMultiple } from './executeMultiple';

export const webResourceUrl = (name: string): string => `/WebResources/${name}`;

class Roles {
  constructor(private readonly roles: { id: string; name: string }[]) {}
  get(arg?: number | string) {
    if (arg === undefined) return this.roles;
    if (typeof arg === 'number') return this.roles[arg] ?? null;
    return this.roles.find((r) => r.id === arg) ?? null;
  }
  forEach(fn: (r: { id: string; name: string }, i: number) => void) {
    this.roles.forEach(fn);
  }
  getLength() {
    return this.roles.length;
  }
}

interface ExecuteRequest {
  getMetadata(): { boundParameter?: string | null; operationType?: number; operationName: string; parameterTypes?: Record<string, unknown> };
  [key: string]: unknown;
}

export interface XrmDeps {
  client: DataverseClient;
  meta: Metadata;
  session: SessionInfo;
  openRecord: (entity: string, id?: string) => void;
}

/**
 * "Open in ERP" deep links go to the Business Central web client; the sandbox has none, so a link to the configured
 * web client address opens the ERP console on that document instead (page 42/41 → orders/quotes, filter No.).
 */
export function sandboxTarget(url: string, webClientUrl: string | undefined): string {
  if (!webClientUrl || !url.startsWith(webClientUrl.replace(/[?#].*$/, ''))) return url;
  const params = new URL(url).searchParams;
  const page = params.get('page');
  const number = /'No\.' IS '(.*)'$/.exec(params.get('filter') ?? '')?.[1]?.replace(/''/g, "'");
  const tab = page === '41' ? 'quotes' : page === '42' ? 'orders' : undefined;
  return `${window.location.origin}${window.location.pathname}#/erp${tab ? `/${tab}` : ''}${number ? `?no=${encodeURIComponent(number)}` : ''}`;
}

type DialogSize = number | { value: number; unit: '%' | 'px' };

const cssSize = (size: DialogSize | undefined): string | undefined => (size === undefined ? undefined : typeof size === 'number' ? `${size}px` : `${size.value}${size.unit}`);

/** Response-like object online.execute resolves with (ok, status, json()). */
function responseOf(body: EntityRecord | null): Response {
  return {
    ok: true,
    status: body ? 200 : 204,
    statusText: body ? 'OK' : 'No Content',
    json: async () => body,
    text: async () => (body ? JSON.stringify(body) : ''),
    headers: new Headers(),
  } as unknown as Response;
}

export function createXrm(deps: XrmDeps): Xrm.XrmStatic {
  const { client, session } = deps;
  const globalContext = {
    userSettings: {
      userId: `{${session.user.id.toUpperCase()}}`,
      userName: session.user.fullName,
      languageId: session.lcid,
      isGuidedHelpEnabled: false,
      isHighContrastEnabled: false,
      isRTL: false,
      securityRoles: session.user.roles.map((r) => r.id),
      roles: new Roles(session.user.roles),
      transactionCurrencyId: '',
      getTimeZoneOffsetMinutes: () => -new Date().getTimezoneOffset(),
      // As Unified Interface: a dictionary keyed by privilege id, from the user's roles (computed by the page server
      // from the Dataverse stand-in), so enable rules see the names a real tenant returns.
      getSecurityRolePrivilegesInfo: async (success?: (r: Record<string, RolePrivilegeInfo>) => void, error?: (e: { errorCode: number; message: string }) => void) => {
        if (!session.rolePrivileges) {
          const e = { errorCode: 0x80040216, message: 'The privileges of the signed-in user are not available.' };
          error?.(e);
          throw e;
        }
        const result = Object.fromEntries(session.rolePrivileges.map((p) => [p.id, { ...p }]));
        success?.(result);
        return result;
      },
      dateFormattingInfo: {},
    },
    organizationSettings: {
      languageId: session.orgLcid,
      uniqueName: session.orgName,
      organizationId: session.orgId,
      baseCurrencyId: '',
      defaultCountryCode: '',
      isAutoSaveEnabled: false,
      useSkypeProtocol: false,
      attributes: {},
    },
    client: { getClient: () => 'Web', getClientState: () => 'Online', getFormFactor: () => 1, isOffline: () => false },
    getClientUrl: () => window.location.origin,
    getCurrentAppUrl: () => window.location.origin + window.location.pathname,
    getCurrentAppName: async () => t('app.title'),
    getCurrentAppProperties: async () => ({ appId: 'erp-link-sandbox', displayName: t('app.title'), uniqueName: 'ErpLinkSandbox' }),
    getVersion: () => '9.2.0.0',
    getWebResourceUrl: (name: string) => webResourceUrl(name),
    isOnPremises: () => false,
    prependOrgName: (s: string) => s,
  };

  const execute = async (request: ExecuteRequest): Promise<Response> => {
    const md = request.getMetadata();
    const params: EntityRecord = {};
    for (const key of Object.keys(md.parameterTypes ?? {})) if (key !== 'entity' && request[key] !== undefined) params[key] = request[key];
    const bound = md.boundParameter === 'entity' ? (request.entity as { entityType: string; id: string } | undefined) : undefined;
    const prefix = bound ? `${deps.meta.entitySetName(bound.entityType)}(${trimBraces(bound.id)})/Microsoft.Dynamics.CRM.` : '';
    if (md.operationType === 1) {
      const args = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? `'${v}'` : JSON.stringify(v)}`);
      return responseOf(await client.execute(`${prefix}${md.operationName}(${args.join(',')})`, undefined, 'GET'));
    }
    return responseOf(await client.execute(`${prefix}${md.operationName}`, params, 'POST'));
  };

  const webApi = {
    createRecord: async (entityType: string, data: EntityRecord) => ({ entityType, id: await client.create(entityType, data) }),
    updateRecord: async (entityType: string, id: string, data: EntityRecord) => {
      await client.update(entityType, id, data);
      return { entityType, id: trimBraces(id) };
    },
    deleteRecord: async (entityType: string, id: string) => {
      await client.remove(entityType, id);
      return { entityType, id: trimBraces(id) };
    },
    retrieveRecord: (entityType: string, id: string, options?: string) => client.retrieve(entityType, id, options),
    retrieveMultipleRecords: async (entityType: string, options?: string, maxPageSize?: number) => {
      const q = options && /^https?:\/\//.test(options) ? options : normaliseQuery(options);
      const page = await client.retrieveMultiple(entityType, q, maxPageSize);
      return page.nextLink ? { entities: page.entities, nextLink: page.nextLink } : { entities: page.entities };
    },
    isAvailableOffline: () => false,
    online: {} as Record<string, unknown>,
    offline: {} as Record<string, unknown>,
  };
  webApi.online = {
    ...webApi,
    execute,
    // A nested array is a change set: one $batch transaction (executeMultiple.ts).
    executeMultiple: (requests: (ExecuteRequest | ExecuteRequest[])[]) => executeMultiple(requests, { execute, entitySet: (n) => deps.meta.entitySetName(n) }),
  };

  const navigation = {
    openAlertDialog: (s: { text: string; title?: string; confirmButtonLabel?: string }) => dialogs.alert({ text: s.text, title: s.title, confirmLabel: s.confirmButtonLabel }),
    openConfirmDialog: async (s: { text: string; title?: string; subtitle?: string; confirmButtonLabel?: string; cancelButtonLabel?: string }) => ({
      confirmed: await dialogs.confirm({ text: s.text, title: s.title, subtitle: s.subtitle, confirmLabel: s.confirmButtonLabel, cancelLabel: s.cancelButtonLabel }),
    }),
    openErrorDialog: (o: { message?: string; details?: string; errorCode?: number }) => dialogs.error({ message: o.message ?? '', details: o.details, errorCode: o.errorCode }),
    openUrl: (url: string) => window.open(sandboxTarget(url, session.erpWebClientUrl), '_blank', 'noopener'),
    openForm: async (o: { entityName: string; entityId?: string }) => {
      deps.openRecord(o.entityName, o.entityId ? trimBraces(o.entityId) : undefined);
      return { savedEntityReference: [] };
    },
    openWebResource: (name: string) => void window.open(webResourceUrl(name), '_blank', 'noopener'),
    navigateTo: async (page: { pageType: string; entityName?: string; entityId?: string; webresourceName?: string; data?: string }, options?: { target?: number; width?: DialogSize; height?: DialogSize; title?: string }) => {
      if (page.pageType === 'entityrecord' && page.entityName) deps.openRecord(page.entityName, page.entityId ? trimBraces(page.entityId) : undefined);
      else if (page.pageType === 'entitylist' && page.entityName) window.location.hash = `#/list/${page.entityName}`;
      else if (page.pageType === 'webresource' && page.webresourceName) {
        // As the platform does, `data` reaches the page as its ?data= parameter.
        const url = `${webResourceUrl(page.webresourceName)}${page.data ? `?data=${encodeURIComponent(page.data)}` : ''}`;
        if (options?.target !== 2) {
          window.open(url, '_blank', 'noopener');
          return undefined;
        }
        return { returnValue: await dialogs.webResource({ url, title: options.title, width: cssSize(options.width), height: cssSize(options.height) }) };
      }
      return undefined;
    },
  };

  const utility = {
    getGlobalContext: () => globalContext,
    showProgressIndicator: (message: string) => dialogs.showProgress(message),
    closeProgressIndicator: () => dialogs.closeProgress(),
    getResourceString: (webResourceName: string, key: string) =>
      resolveResourceString((lcid) => loadedResx(webResourceUrl(`${webResourceName}.${lcid}.resx`)), session.lcid, session.orgLcid, key),
    getEntityMetadata: async (entityName: string) => {
      const e = deps.meta.entity(entityName);
      return { LogicalName: e.logicalName, EntitySetName: e.entitySetName, PrimaryIdAttribute: e.primaryId, PrimaryNameAttribute: e.primaryName };
    },
    lookupObjects: async () => [],
    refreshParentGrid: () => undefined,
    openEntityForm: (name: string, id?: string) => deps.openRecord(name, id ? trimBraces(id) : undefined),
    getAllowedStatusTransitions: async () => [],
  };

  return {
    WebApi: webApi,
    Navigation: navigation,
    Utility: utility,
    Device: {},
    Encoding: { htmlEncode: (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`), htmlDecode: (s: string) => s, xmlEncode: (s: string) => s, xmlDecode: (s: string) => s },
    App: { addGlobalNotification: async () => '', clearGlobalNotification: async () => undefined, sidePanes: {} },
    Panel: {},
  } as unknown as Xrm.XrmStatic;
}
