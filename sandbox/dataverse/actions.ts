/**
 * The Web API functions and actions the product calls: WhoAmI, RetrieveVersion, RetrieveEnvironmentVariableValue,
 * ImportSolution, ExportSolution, PublishXml, PublishAllXml, FulfillSalesOrder, CancelSalesOrder, WinQuote, CloseQuote,
 * ReviseQuote, ConvertQuoteToSalesOrder (quoteMessages.ts).
 */
import { createHash } from 'crypto';
import { Codes, DataverseError, payloadError } from './errors';
import type { ActionHandler, Actions, ApiResponse } from './api';
import type { Engine, RequestContext } from './engine';
import { exportPackage, readPackage } from './solutionPackage';
import type { SolutionContent } from './metadata/types';
import { ORGANIZATION_ID, privilegeId, ROOT_BUSINESS_UNIT_ID } from './security';
import { isLookup } from './store';
import { SalesOrderState, QuoteState } from './rules';
import { insertOptionValue } from './metadataApi';
import { businessUnitOf, retrievePrincipalAccess } from './principalAccess';
import { checkMessagePrivileges } from './messagePrivileges';
import { assertQuoteClosable, convertQuoteToSalesOrder, recordQuoteClose, reviseQuote } from './quoteMessages';

export const DATAVERSE_VERSION = '9.2.24011.00196';

const ok = (ctx: RequestContext, type: string, body: Record<string, unknown>): ApiResponse => ({
  status: 200,
  headers: {},
  body: { '@odata.context': `${ctx.apiUrl}$metadata#Microsoft.Dynamics.CRM.${type}`, ...body },
});
const noContent = (): ApiResponse => ({ status: 204, headers: {} });

/** Choices added with InsertOptionValue, kept in the data folder and re-applied at start-up. */
export interface InsertedOption {
  table: string;
  column: string;
  value: number;
  labels: Record<number, string>;
}

export interface ActionDeps {
  engine: Engine;
  /** A context for writes the platform makes itself (solution import). */
  systemContext: () => RequestContext;
  /** Persists an imported package so a restart and ExportSolution find it. */
  rememberPackage: (uniqueName: string, zipBase64: string) => void;
  packageOf: (uniqueName: string) => string | undefined;
  onImported?: (content: SolutionContent, warnings: string[]) => void;
}

function requiredParam(params: Record<string, unknown>, name: string, action: string): unknown {
  if (!(name in params) || params[name] === undefined) throw payloadError(action, `The parameter '${name}' of ${action} is required.`);
  return params[name];
}

/** The record an OrderClose / QuoteClose activity points at through its @odata.bind. */
function closedRecord(engine: Engine, ctx: RequestContext, params: Record<string, unknown>, activity: string, lookup: string, action: string): { id: string } {
  const close = requiredParam(params, activity, action);
  if (typeof close !== 'object' || close === null) throw payloadError(action, `${activity} must be an object such as {"${lookup}@odata.bind": "/..(id)", "subject": "..."}.`);
  const ref = (close as Record<string, unknown>)[`${lookup}@odata.bind`];
  if (ref === undefined) throw payloadError(action, `${activity} must name the record with "${lookup}@odata.bind".`);
  return engine.resolveReference(ctx, ref, action);
}

function statusParam(params: Record<string, unknown>, action: string): number {
  const s = requiredParam(params, 'Status', action);
  if (typeof s !== 'number' || !Number.isInteger(s)) throw payloadError(action, `Status must be an integer status code (or -1 for the default).`);
  return s;
}

export function buildActions(deps: ActionDeps): Actions {
  const { engine } = deps;
  const functions = new Map<string, ActionHandler>();
  const actions = new Map<string, ActionHandler>();

  // The business unit of the logged-on or impersonated user (Learn, businessunit table: "call WhoAmI to find out").
  functions.set('WhoAmI', (ctx) => ok(ctx, 'WhoAmIResponse', { BusinessUnitId: businessUnitOf(engine.store, { id: ctx.user.id }), UserId: ctx.user.id, OrganizationId: ORGANIZATION_ID }));
  functions.set('RetrieveVersion', (ctx) => ok(ctx, 'RetrieveVersionResponse', { Version: DATAVERSE_VERSION }));
  functions.set('RetrieveEnvironmentVariableValue', (ctx, _req, { params }) => {
    const name = String(params.DefinitionSchemaName ?? '');
    const def = [...engine.store.rows('environmentvariabledefinition')].find((d) => String(d.schemaname).toLowerCase() === name.toLowerCase());
    if (!def) throw new DataverseError(404, Codes.objectDoesNotExist, `Environment variable definition with schema name '${name}' does not exist.`);
    engine.security.check(ctx.user, { verb: 'Read', table: engine.catalog.table('environmentvariabledefinition')!, ownerId: isLookup(def.ownerid) ? def.ownerid.id : null });
    const value = [...engine.store.rows('environmentvariablevalue')].find((v) => isLookup(v.environmentvariabledefinitionid) && v.environmentvariabledefinitionid.id === def.environmentvariabledefinitionid);
    return ok(ctx, 'RetrieveEnvironmentVariableValueResponse', { Value: (value?.value as string) ?? (def.defaultvalue as string) ?? null });
  });

  // Bound to systemuser: the privilege as the user holds it through their roles (the stand-in has no teams).
  functions.set('RetrievePrincipalAccess', retrievePrincipalAccess(engine));
  functions.set('RetrieveUserPrivilegeByPrivilegeName', (ctx, _req, { bound, params }) => {
    if (bound?.table.logicalName !== 'systemuser') throw new DataverseError(400, Codes.invalidArgument, 'RetrieveUserPrivilegeByPrivilegeName is bound to systemuser: call systemusers(<id>)/Microsoft.Dynamics.CRM.RetrieveUserPrivilegeByPrivilegeName(PrivilegeName=...).');
    engine.security.check(ctx.user, { verb: 'Read', table: bound.table, ownerId: null });
    const name = String(requiredParam(params, 'PrivilegeName', 'RetrieveUserPrivilegeByPrivilegeName'));
    const user = engine.security.userById(bound.id);
    const depth = user ? engine.security.depth(user, name) : undefined;
    const RolePrivileges = depth ? [{ Depth: depth, PrivilegeId: privilegeId(name), BusinessUnitId: ROOT_BUSINESS_UNIT_ID, PrivilegeName: name }] : [];
    return ok(ctx, 'RetrieveUserPrivilegeByPrivilegeNameResponse', { RolePrivileges });
  });

  actions.set('PublishXml', (ctx, _req, { params }) => {
    engine.security.checkMisc(ctx.user, 'prvPublishCustomization', 'PublishXml');
    requiredParam(params, 'ParameterXml', 'PublishXml');
    return noContent();
  });
  actions.set('PublishAllXml', (ctx) => {
    engine.security.checkMisc(ctx.user, 'prvPublishCustomization', 'PublishAllXml');
    return noContent();
  });

  actions.set('InsertOptionValue', (ctx, _req, { params }) => {
    const r = insertOptionValue(engine, ctx, params);
    const inserted = ((engine.store.meta.insertedOptions ??= []) as InsertedOption[]);
    const c = engine.catalog.table(String(params.EntityLogicalName).toLowerCase())!.columns.get(String(params.AttributeLogicalName).toLowerCase())!;
    const value = (r.body as { NewOptionValue: number }).NewOptionValue;
    inserted.push({ table: String(params.EntityLogicalName).toLowerCase(), column: c.logicalName, value, labels: c.options!.find((o) => o.value === value)!.labels });
    engine.store.markDirty();
    return r;
  });

  actions.set('ImportSolution', async (ctx, _req, { params }) => {
    engine.security.checkMisc(ctx.user, 'prvImportCustomization', 'ImportSolution');
    const file = requiredParam(params, 'CustomizationFile', 'ImportSolution');
    if (typeof file !== 'string' || !/^[A-Za-z0-9+/=\s]*$/.test(file)) throw payloadError('ImportSolution', 'CustomizationFile must be the solution zip encoded in base64.');
    const bytes = Buffer.from(file, 'base64');
    const { content, warnings } = await readPackage(bytes, engine);
    applyContent(deps, content);
    deps.rememberPackage(content.uniqueName, bytes.toString('base64'));
    deps.onImported?.(content, warnings);
    return noContent();
  });

  actions.set('ExportSolution', async (ctx, _req, { params }) => {
    engine.security.checkMisc(ctx.user, 'prvExportCustomization', 'ExportSolution');
    const name = String(requiredParam(params, 'SolutionName', 'ExportSolution'));
    const stored = deps.packageOf(name);
    if (!stored) throw new DataverseError(404, Codes.objectDoesNotExist, `The solution '${name}' does not exist in this environment: import it first (ImportSolution).`);
    const zip = await exportPackage(Buffer.from(stored, 'base64'), params.Managed === true);
    return ok(ctx, 'ExportSolutionResponse', { ExportSolutionFile: zip.toString('base64') });
  });

  const salesorder = () => engine.catalog.table('salesorder')!;
  const quote = () => engine.catalog.table('quote')!;
  actions.set('FulfillSalesOrder', (ctx, _req, { params }) => {
    checkMessagePrivileges(engine.security, ctx.user, 'FulfillSalesOrder');
    const { id } = closedRecord(engine, ctx, params, 'OrderClose', 'salesorderid', 'FulfillSalesOrder');
    const status = statusParam(params, 'FulfillSalesOrder');
    engine.setState(ctx, salesorder(), id, SalesOrderState.fulfilled, status, 'FulfillSalesOrder');
    return noContent();
  });
  actions.set('CancelSalesOrder', (ctx, _req, { params }) => {
    const { id } = closedRecord(engine, ctx, params, 'OrderClose', 'salesorderid', 'CancelSalesOrder');
    engine.setState(ctx, salesorder(), id, SalesOrderState.canceled, statusParam(params, 'CancelSalesOrder'), 'CancelSalesOrder');
    return noContent();
  });
  actions.set('WinQuote', (ctx, _req, { params }) => {
    checkMessagePrivileges(engine.security, ctx.user, 'WinQuote');
    const { id } = closedRecord(engine, ctx, params, 'QuoteClose', 'quoteid', 'WinQuote');
    const row = engine.requireRow(quote(), id);
    if (Number(row.statecode) !== QuoteState.active) throw new DataverseError(400, Codes.invalidStateStatus, `The quote must be active before it can be won. Current state: ${String(row.statecode)}.`);
    engine.store.transaction(() => {
      engine.setState(ctx, quote(), id, QuoteState.won, statusParam(params, 'WinQuote'), 'WinQuote');
      recordQuoteClose(engine, ctx, params.QuoteClose);
    });
    return noContent();
  });
  actions.set('CloseQuote', (ctx, _req, { params }) => {
    checkMessagePrivileges(engine.security, ctx.user, 'CloseQuote');
    const { id } = closedRecord(engine, ctx, params, 'QuoteClose', 'quoteid', 'CloseQuote');
    assertQuoteClosable(engine.requireRow(quote(), id));
    engine.store.transaction(() => {
      engine.setState(ctx, quote(), id, QuoteState.closed, statusParam(params, 'CloseQuote'), 'CloseQuote');
      recordQuoteClose(engine, ctx, params.QuoteClose);
    });
    return noContent();
  });
  actions.set('ReviseQuote', (ctx, _req, { params }) => reviseQuote(engine, ctx, params));
  actions.set('ConvertQuoteToSalesOrder', (ctx, _req, { params }) => convertQuoteToSalesOrder(engine, ctx, params));
  return { functions, actions };
}

/** Adds a solution's components to the catalog and the matching rows (solution, publisher, roles, web resources...). */
export function applyContent(deps: Pick<ActionDeps, 'engine' | 'systemContext'>, content: SolutionContent): void {
  const { engine } = deps;
  engine.catalog.apply(content);
  const ctx = deps.systemContext();
  const t = (name: string) => engine.catalog.table(name)!;
  const publisherId = stableId(`publisher:${content.publisherPrefix}`);
  engine.upsertRaw(ctx, t('publisher'), publisherId, { uniquename: content.publisherPrefix || 'DefaultPublisher', friendlyname: content.publisherPrefix, customizationprefix: content.publisherPrefix });
  engine.upsertRaw(ctx, t('solution'), stableId(`solution:${content.uniqueName.toLowerCase()}`), {
    uniquename: content.uniqueName,
    friendlyname: content.uniqueName,
    version: content.version,
    ismanaged: content.managed,
    installedon: engine.clock().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    publisherid: { id: publisherId, table: 'publisher' },
  });
  for (const r of content.roles) engine.upsertRaw(ctx, t('role'), r.id, { name: r.name });
  for (const w of content.webResources)
    engine.upsertRaw(ctx, t('webresource'), stableId(`webresource:${w.name.toLowerCase()}`), { name: w.name, displayname: w.displayName, webresourcetype: w.type, content: w.content });
  for (const v of content.environmentVariables) {
    const existing = [...engine.store.rows('environmentvariabledefinition')].find((d) => String(d.schemaname).toLowerCase() === v.schemaName.toLowerCase());
    engine.upsertRaw(ctx, t('environmentvariabledefinition'), existing ? String(existing.environmentvariabledefinitionid) : stableId(`envvar:${v.schemaName.toLowerCase()}`), {
      schemaname: v.schemaName,
      displayname: v.displayName,
      description: v.description,
      defaultvalue: v.defaultValue,
      type: [100000000, 100000001, 100000002, 100000003, 100000004, 100000005].includes(v.type) ? v.type : 100000000,
    });
  }
  for (const f of content.forms)
    engine.upsertRaw(ctx, t('systemform'), f.formId, { name: f.name, objecttypecode: f.table, type: f.type, formxml: f.formXml, formactivationstate: 1 });
}

/** Deterministic GUID from a name, so re-imports and restarts address the same rows. */
export function stableId(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
