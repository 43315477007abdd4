/**
 * The testConnection request of the assisted setup: does the connector reach Dataverse (it is answering, so yes:
 * as whom), does it reach the ERP company, which Business Central sources beyond API v2.0 it can read (analytics API
 * queries, published standard pages: sourceChecks.ts, each with the feature it enables and, when missing, what to
 * install, publish or grant by name), and does its Dataverse user pass the integration-user checks. The answer goes in the request's payload
 * (`result`) for the setup page, in both languages.
 */
import { selectMappings } from '../../domain/mappings';
import { RequestKind } from '../../domain/schema';
import { HttpError } from '../http/httpClient';
import type { HandlerContext, Outcome, RequestHandler } from '../queue/worker';
import type { Services } from '../services';
import { integrationUserId, loadMappingSet, MappingConfigError } from '../sync/context';
import { checkIntegrationUser, checkWalls, type CheckResult, type UserFacts } from './checks';
import { enableWalls } from '../register';
import { probeSources, type SourceCheck } from './sourceChecks';

export interface ConnectionReport {
  dataverse: { ok: boolean; user: string; userId: string };
  erp: { ok: boolean; company: string | null; message: string | null };
  /** Analytics queries (required) and published pages (optional), each with the feature it enables (EN/FR). */
  sources: SourceCheck[];
  mappings: { ok: boolean; problems: string[]; names: string[] };
  user: CheckResult[];
  /** The order and quote walls (activity feeds), enabled if they were not, read back; with the fix when they cannot be. */
  walls: CheckResult[];
  /** Service protection: requests this connector process started in the sliding window, per service, of its budget. */
  budget: { dataverse: { used: number; limit: number; windowSeconds: number }; erp: { used: number; limit: number; windowSeconds: number } };
  ok: boolean;
}

export async function userFacts(s: Services, id: string): Promise<UserFacts> {
  let user: Record<string, unknown>;
  try {
    user = await s.dv.get<Record<string, unknown>>(`systemusers(${id})?$select=fullname,isdisabled,islicensed,isintegrationuser`);
  } catch (e) {
    // islicensed is not on every user type (nor in the stand-in): read without it.
    if (!(e instanceof HttpError) || e.status !== 400) throw e;
    user = await s.dv.get<Record<string, unknown>>(`systemusers(${id})?$select=fullname,isdisabled,isintegrationuser`);
  }
  let roles: Array<Record<string, unknown>>;
  try {
    roles = await s.dv.list<Record<string, unknown>>(`systemusers(${id})/systemuserroles_association?$select=roleid,name,_roletemplateid_value`);
  } catch (e) {
    if (!(e instanceof HttpError) || e.status !== 400) throw e;
    roles = await s.dv.list<Record<string, unknown>>(`systemusers(${id})/systemuserroles_association?$select=roleid,name`);
  }
  return {
    id,
    fullName: String(user.fullname ?? ''),
    disabled: user.isdisabled === true,
    licensed: typeof user.islicensed === 'boolean' ? user.islicensed : null,
    integrationMode: typeof user.isintegrationuser === 'boolean' ? user.isintegrationuser : null,
    roles: roles.map((r) => ({ id: String(r.roleid), name: String(r.name ?? ''), templateId: (r._roletemplateid_value as string | null | undefined) ?? null })),
  };
}

export async function testConnection(s: Services): Promise<ConnectionReport> {
  const userId = await integrationUserId(s);
  const facts = await userFacts(s, userId);
  const report: ConnectionReport = {
    dataverse: { ok: true, user: facts.fullName, userId },
    erp: { ok: false, company: null, message: null },
    sources: [],
    mappings: { ok: true, problems: [], names: [] },
    user: checkIntegrationUser(facts),
    walls: checkWalls(await enableWalls(s.dv, s.log)),
    budget: { dataverse: { used: 0, limit: 0, windowSeconds: 0 }, erp: { used: 0, limit: 0, windowSeconds: 0 } },
    ok: false,
  };
  try {
    const company = await s.bc.getAbsolute<{ name?: string; displayName?: string }>(`${s.config.bc.apiUrl.replace(/\/+$/, '')}/companies(${s.config.bc.companyId})`);
    report.erp = { ok: true, company: company.displayName || company.name || s.config.bc.companyId, message: null };
  } catch (e) {
    report.erp = { ok: false, company: null, message: (e as Error).message };
  }
  let set;
  try {
    set = loadMappingSet();
    report.mappings.names = selectMappings(set).map((m) => m.name);
  } catch (e) {
    report.mappings = { ok: false, problems: e instanceof MappingConfigError ? e.problems : [(e as Error).message], names: [] };
  }
  if (report.erp.ok) report.sources = await probeSources(s);
  const budget = (u: ReturnType<Services['dv']['http']['usage']>) => ({ used: u.used, limit: u.limit, windowSeconds: u.windowSeconds });
  report.budget = { dataverse: budget(s.dv.http.usage()), erp: budget(s.bc.http.usage()) };
  report.ok = report.erp.ok && report.mappings.ok && report.user.every((c) => c.ok) && report.walls.every((c) => c.ok) && report.sources.every((r) => r.ok || r.optional);
  return report;
}

export function testConnectionHandler(): RequestHandler {
  return {
    kind: RequestKind.testConnection,
    async process(ctx: HandlerContext): Promise<Outcome> {
      await ctx.claimAndRead([]);
      const report = await testConnection(ctx.services);
      const summary = [
        `Dataverse: reached as ${report.dataverse.user}`,
        report.erp.ok ? `ERP: reached (${report.erp.company})` : `ERP: NOT reached (${report.erp.message})`,
        ...report.user.map((c) => (ctx.lcid === 1036 ? c.fr : c.en)),
        ...report.walls.map((c) => (ctx.lcid === 1036 ? c.fr : c.en)),
        ...report.sources.filter((r) => !r.ok).map((r) => (ctx.lcid === 1036 ? r.fr : r.en)),
        ...report.mappings.problems,
      ].join('\n');
      return Object.assign({ summary, ops: [] }, { payload: JSON.stringify({ result: report }) });
    },
  };
}
