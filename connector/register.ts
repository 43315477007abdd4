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
  orderWall: WallState;
  /** Every wall the connector posts on (orders and quotes), read back after the change. */
  walls: WallReport[];
}

/** Tables the connector posts on: a post can regard them only once they are enabled for activity feeds. */
export const WALL_TABLES = ['salesorder', 'quote'] as const;
export type WallTable = (typeof WALL_TABLES)[number];
export type WallState = 'enabled' | 'already enabled' | 'unavailable' | 'failed';
export interface WallReport {
  table: WallTable;
  state: WallState;
  /** Why it failed (Dataverse's answer, or what the read-back found). */
  error?: string;
}

interface PostConfigRow {
  msdyn_postconfigid: string;
  msdyn_configurewall: boolean | null;
  statecode: number;
  statuscode: number;
}

const SELECT = '$select=msdyn_postconfigid,msdyn_configurewall,statecode,statuscode';
/** Active (0) / Active (1) with the wall on: what "Configure activity feeds" (Microsoft Learn) asks for. */
const isOn = (r: PostConfigRow | undefined): boolean => !!r && r.statecode === 0 && r.statuscode === 1 && r.msdyn_configurewall === true;

/**
 * Enables one table for activity feeds, as Business Central's CRMEnablePosts does for orders, and reads the row back.
 * Microsoft Learn, "Configure activity feeds": a post can regard a record only when its table has an active
 * msdyn_postconfig row (statecode 0, statuscode 1; msdyn_configurewall true shows the wall on the form). The post
 * configuration is data, not customization, so it cannot travel in the solution; it is set here. Environments
 * without Activity Feeds (no msdyn_postconfig) are reported as unavailable. Never throws: a failure is reported
 * with Dataverse's answer, so `register` and the setup page can say what to do.
 */
export async function enableWall(dv: DataverseApi, table: WallTable, log: Logger): Promise<WallReport> {
  const read = async (): Promise<PostConfigRow | undefined> =>
    (await dv.list<PostConfigRow>(`msdyn_postconfigs?${SELECT}&$filter=${encodeURIComponent(`msdyn_entityname eq ${lit(table)}`)}`, 1))[0];
  let row: PostConfigRow | undefined;
  try {
    row = await read();
  } catch (e) {
    if ((e as { status?: number }).status === 404) {
      log.warn(`Activity Feeds is not installed (no msdyn_postconfig table): no ${table} wall, and Dataverse refuses posts on ${table} until it is installed and enabled.`);
      return { table, state: 'unavailable' };
    }
    return failed(table, e, log);
  }
  if (isOn(row)) return { table, state: 'already enabled' };
  try {
    // The Web API's SetState is a PATCH of statecode and statuscode (msdyn_postconfig reference, Messages).
    if (row) await dv.update('msdyn_postconfigs', row.msdyn_postconfigid, { msdyn_configurewall: true, statecode: 0, statuscode: 1 });
    else await dv.create('msdyn_postconfigs', { msdyn_entityname: table, msdyn_configurewall: true });
    const back = await read();
    if (!isOn(back)) return failed(table, new Error(back ? `read back: statecode ${back.statecode}, statuscode ${back.statuscode}, wall ${String(back.msdyn_configurewall)}` : 'read back: no post configuration row'), log);
  } catch (e) {
    return failed(table, e, log);
  }
  log.info(`${table} wall enabled for posts (activity feeds)`);
  return { table, state: 'enabled' };
}

function failed(table: WallTable, e: unknown, log: Logger): WallReport {
  const error = (e as Error).message ?? String(e);
  log.error(`the ${table} wall could not be enabled for posts (activity feeds): ERP events and submissions cannot post on ${table} until it is`, { error });
  return { table, state: 'failed', error };
}

/** Enables the order and quote walls, each read back. */
export async function enableWalls(dv: DataverseApi, log: Logger): Promise<WallReport[]> {
  const out: WallReport[] = [];
  for (const t of WALL_TABLES) out.push(await enableWall(dv, t, log));
  return out;
}

/** The order wall alone (kept for callers that only need it). */
export async function enableOrderWall(dv: DataverseApi, log: Logger): Promise<WallState> {
  return (await enableWall(dv, 'salesorder', log)).state;
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
  const walls = await enableWalls(dv, options.log);
  return { endpointId, endpoint, steps, removed, orderWall: walls.find((w) => w.table === 'salesorder')!.state, walls };
}
