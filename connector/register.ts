/**
 * `npm run connector -- register`: creates or updates, through the Web API, the webhook service endpoint that calls
 * this connector and the steps that fire it, so no admin registers anything by hand. Idempotent: found by name,
 * updated in place; steps of ours that are no longer wanted are removed.
 *
 * The webhook key travels in an HTTP header (authtype Http Header). Dataverse stores it in serviceendpoint.authvalue,
 * which the Web API never returns on read (IsValidForRead = false): it is the platform's place for this secret.
 */
import type { DataverseApi } from './dataverse/client';
import { lit } from './dataverse/client';
import type { Logger } from './log';

export const ENDPOINT_NAME = 'ERP Link connector';
export const STEP_PREFIX = 'ERP Link: ';
export const WEBHOOK_PATH = '/webhook/dataverse';
export const WEBHOOK_HEADER = 'x-erp-link-key';

export const ServiceEndpointContract = { webhook: 8 } as const;
export const ServiceEndpointAuthType = { httpHeader: 5 } as const;
export const MessageFormat = { json: 2 } as const;
const STAGE_POST_OPERATION = 40;
const MODE_ASYNC = 1;

export interface StepSpec {
  message: 'Create' | 'Update';
  table: string;
  filteringAttributes?: string;
  description: string;
}

/** What wakes the connector: new or re-queued requests, orders submitted, quotes activated or won. */
export const STEPS: StepSpec[] = [
  { message: 'Create', table: 'erp_integrationrequest', description: 'A request was queued for the ERP.' },
  { message: 'Update', table: 'erp_integrationrequest', filteringAttributes: 'erp_status', description: 'A request was put back in the queue (retry).' },
  { message: 'Update', table: 'salesorder', filteringAttributes: 'statecode', description: 'An order was submitted (automatic pick-up).' },
  { message: 'Update', table: 'quote', filteringAttributes: 'statecode', description: 'A quote was activated or won (automatic processing).' },
];

export const stepName = (s: StepSpec): string => `${STEP_PREFIX}${s.message} of ${s.table}${s.filteringAttributes ? ` (${s.filteringAttributes})` : ''}`;

export interface RegisterResult {
  endpointId: string;
  endpoint: 'created' | 'updated';
  steps: Array<{ name: string; id: string; action: 'created' | 'updated' }>;
  removed: string[];
  /** The order wall (Activity Feeds post configuration) on which the ERP events appear. */
  orderWall: 'enabled' | 'already enabled' | 'unavailable';
}

/**
 * Posts written by the connector show on the order timeline only when the wall is enabled for salesorder, as
 * Business Central's CRMEnablePosts does. The post configuration is data, not customization, so it cannot travel
 * in the solution; it is set here. Environments without Activity Feeds (no msdyn_postconfig) are left as they are.
 */
export async function enableOrderWall(dv: DataverseApi, log: Logger): Promise<RegisterResult['orderWall']> {
  let rows: Array<{ msdyn_postconfigid: string; msdyn_configurewall: boolean | null; statecode: number }>;
  try {
    rows = await dv.list(`msdyn_postconfigs?$select=msdyn_postconfigid,msdyn_configurewall,statecode&$filter=${encodeURIComponent("msdyn_entityname eq 'salesorder'")}`, 1);
  } catch (e) {
    if ((e as { status?: number }).status === 404) {
      log.warn('Activity Feeds is not installed (no msdyn_postconfig table): ERP events are posted, but no order wall shows them until it is installed.');
      return 'unavailable';
    }
    throw e;
  }
  const row = rows[0];
  if (row?.msdyn_configurewall && row.statecode === 0) return 'already enabled';
  if (row) await dv.update('msdyn_postconfigs', row.msdyn_postconfigid, { msdyn_configurewall: true, statecode: 0, statuscode: 1 });
  else await dv.create('msdyn_postconfigs', { msdyn_entityname: 'salesorder', msdyn_configurewall: true });
  log.info('order wall enabled for salesorder posts');
  return 'enabled';
}

export async function registerWebhook(dv: DataverseApi, options: { publicUrl: string; webhookKey: string; log: Logger }): Promise<RegisterResult> {
  const url = `${options.publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
  const endpointBody = {
    name: ENDPOINT_NAME,
    description: 'Wakes the ERP Link connector when ERP work is queued. Registered by `npm run connector -- register`.',
    url,
    contract: ServiceEndpointContract.webhook,
    authtype: ServiceEndpointAuthType.httpHeader,
    authvalue: `<settings><setting name="${WEBHOOK_HEADER}" value="${options.webhookKey.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}" /></settings>`,
    messageformat: MessageFormat.json,
    userclaim: 1,
    connectionmode: 1,
  };
  const found = await dv.list<{ serviceendpointid: string }>(`serviceendpoints?$select=serviceendpointid&$filter=${encodeURIComponent(`name eq ${lit(ENDPOINT_NAME)}`)}`, 1);
  let endpointId: string;
  let endpoint: RegisterResult['endpoint'];
  if (found.length) {
    endpointId = found[0].serviceendpointid;
    await dv.update('serviceendpoints', endpointId, endpointBody);
    endpoint = 'updated';
  } else {
    endpointId = (await dv.create('serviceendpoints', endpointBody)).id;
    endpoint = 'created';
  }
  options.log.info(`webhook service endpoint ${endpoint}`, { endpointId, url });

  const messages = await dv.list<{ sdkmessageid: string; name: string }>(`sdkmessages?$select=sdkmessageid,name&$filter=${encodeURIComponent("name eq 'Create' or name eq 'Update'")}`, 1);
  const messageId = (name: string): string => {
    const m = messages.find((x) => x.name === name);
    if (!m) throw new Error(`Dataverse has no sdkmessage named ${name}: is this a Dataverse environment?`);
    return m.sdkmessageid;
  };
  const existingSteps = await dv.list<{ sdkmessageprocessingstepid: string; name: string }>(
    `sdkmessageprocessingsteps?$select=sdkmessageprocessingstepid,name&$filter=${encodeURIComponent(`startswith(name,${lit(STEP_PREFIX)})`)}`,
    1,
  );
  const steps: RegisterResult['steps'] = [];
  for (const spec of STEPS) {
    const mid = messageId(spec.message);
    const filters = await dv.list<{ sdkmessagefilterid: string }>(
      `sdkmessagefilters?$select=sdkmessagefilterid&$filter=${encodeURIComponent(`primaryobjecttypecode eq ${lit(spec.table)} and _sdkmessageid_value eq ${mid}`)}`,
      1,
    );
    if (!filters.length) throw new Error(`Dataverse has no ${spec.message} message filter for ${spec.table}: is the ERP Link solution imported?`);
    const name = stepName(spec);
    const body: Record<string, unknown> = {
      name,
      description: spec.description,
      'sdkmessageid@odata.bind': `/sdkmessages(${mid})`,
      'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filters[0].sdkmessagefilterid})`,
      'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpointId})`,
      stage: STAGE_POST_OPERATION,
      mode: MODE_ASYNC,
      rank: 1,
      supporteddeployment: 0,
      asyncautodelete: true,
      filteringattributes: spec.filteringAttributes ?? null,
    };
    const prev = existingSteps.find((s) => s.name === name);
    if (prev) {
      await dv.update('sdkmessageprocessingsteps', prev.sdkmessageprocessingstepid, body);
      steps.push({ name, id: prev.sdkmessageprocessingstepid, action: 'updated' });
    } else {
      const id = (await dv.create('sdkmessageprocessingsteps', body)).id;
      steps.push({ name, id, action: 'created' });
    }
  }
  const wanted = new Set(STEPS.map(stepName));
  const removed: string[] = [];
  for (const s of existingSteps) {
    if (wanted.has(s.name)) continue;
    await dv.delete('sdkmessageprocessingsteps', s.sdkmessageprocessingstepid);
    removed.push(s.name);
  }
  for (const s of steps) options.log.info(`step ${s.action}`, { name: s.name, id: s.id });
  const orderWall = await enableOrderWall(dv, options.log);
  return { endpointId, endpoint, steps, removed, orderWall };
}
