/**
 * Routes one Web API request (a plain HTTP request or one part of a $batch) to the engine and shapes the response
 * the way Dataverse does: status codes, OData-EntityId, ETag, Preference-Applied, 304 on If-None-Match, errors.
 */
import { parseFunctionArgs } from './odata/functionArgs';
import { Codes, DataverseError, notFoundRecord, payloadError, queryError, segmentNotFound } from './errors';
import type { Engine, RequestContext } from './engine';
import { etagOf } from './engine';
import { parsePath, parseQuery, type PathSegment } from './odata/query';
import type { TableDef } from './metadata/types';
import { isLookup, type Row } from './store';
import { entityDefinitions } from './metadataApi';

export interface ApiRequest {
  method: string;
  /** Path relative to the API root, e.g. `accounts(…)/name`. */
  path: string;
  /** Query string without the leading `?`. */
  query: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** Raw text body (metadata, $count, $value). */
  text?: string;
  contentType?: string;
}

export type ActionHandler = (ctx: RequestContext, req: ApiRequest, args: { bound?: { table: TableDef; id: string }; params: Record<string, unknown> }) => ApiResponse | Promise<ApiResponse>;

export interface Actions {
  /** GET functions (WhoAmI, RetrieveEnvironmentVariableValue...). */
  functions: Map<string, ActionHandler>;
  /** POST actions (ImportSolution, FulfillSalesOrder...). */
  actions: Map<string, ActionHandler>;
}

const ok = (body: unknown, status = 200, headers: Record<string, string> = {}): ApiResponse => ({ status, headers, body });
const noContent = (headers: Record<string, string> = {}): ApiResponse => ({ status: 204, headers });

export function errorResponse(e: unknown): ApiResponse {
  if (e instanceof DataverseError) return { status: e.status, headers: { ...e.headers }, body: e.body() };
  const message = e instanceof Error ? e.message : String(e);
  return { status: 500, headers: {}, body: { error: { code: Codes.unexpected, message: `An unexpected error occurred in the Dataverse stand-in: ${message}` } } };
}

export function parseJsonBody(text: string, entitySet: string): unknown {
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw payloadError(entitySet, `Invalid JSON. ${(e as Error).message.replace(/^Unexpected/, 'Unexpected')}. Send a JSON object with Content-Type: application/json.`);
  }
}

/** Preference-Applied for the preferences a GET honoured, as Dataverse echoes them. */
function applied(req: ApiRequest, prefs: { maxPageSize?: number }): Record<string, string> {
  const parts: string[] = [];
  if (prefs.maxPageSize) parts.push(`odata.maxpagesize=${prefs.maxPageSize}`);
  const ann = /odata\.include-annotations\s*=\s*("[^"]*"|[^,;\s]+)/i.exec(req.headers.prefer ?? '');
  if (ann) parts.push(`odata.include-annotations=${ann[1]}`);
  return parts.length ? { 'Preference-Applied': parts.join(',') } : {};
}

function preferences(req: ApiRequest): { representation: boolean; maxPageSize?: number } {
  const prefer = req.headers.prefer ?? '';
  const m = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer);
  return { representation: /return\s*=\s*representation/i.test(prefer), maxPageSize: m ? Number(m[1]) : undefined };
}

const stripPrefix = (name: string) => name.replace(/^Microsoft\.Dynamics\.CRM\./, '');

/** Synchronous for data operations (so change sets stay atomic); a Promise only for async actions (ImportSolution...). */
export function route(engine: Engine, actions: Actions, ctx: RequestContext, req: ApiRequest): ApiResponse | Promise<ApiResponse> {
  try {
    const r = routeInner(engine, actions, ctx, req);
    return r instanceof Promise ? r.catch(errorResponse) : r;
  } catch (e) {
    return errorResponse(e);
  }
}

function routeInner(engine: Engine, actions: Actions, ctx: RequestContext, req: ApiRequest): ApiResponse | Promise<ApiResponse> {
  const method = req.method.toUpperCase();
  const q = parseQuery(req.query);
  const segs = parsePath(req.path);
  const prefs = preferences(req);

  if (segs.length === 0) {
    if (method !== 'GET') throw methodNotAllowed(method, 'the service document');
    return ok({ '@odata.context': `${ctx.apiUrl}$metadata`, value: [...engine.catalog.tables.values()].map((t) => ({ name: t.entitySetName, kind: 'EntitySet', url: t.entitySetName })) });
  }

  const first = segs[0];
  const fname = stripPrefix(first.name);
  if (segs.length === 1 && (actions.functions.has(fname) || actions.actions.has(fname))) {
    if (method === 'GET' && actions.functions.has(fname)) {
      const params = first.args ? parseFunctionArgs(first.args, q.aliases) : {};
      return actions.functions.get(fname)!(ctx, req, { params });
    }
    if (method === 'POST' && actions.actions.has(fname)) return actions.actions.get(fname)!(ctx, req, { params: parseJsonBody(req.body, fname) as Record<string, unknown> });
    throw methodNotAllowed(method, fname);
  }

  if (first.name === 'EntityDefinitions') {
    if (method !== 'GET') throw methodNotAllowed(method, 'EntityDefinitions');
    return entityDefinitions(engine, ctx, segs, q);
  }
  const table = engine.catalog.tableBySet(first.name);
  if (!table) throw segmentNotFound(first.name);

  if (segs.length === 1) {
    if (first.args === undefined) {
      if (method === 'GET') return ok(engine.retrieveMultiple(ctx, table, q, { maxPageSize: prefs.maxPageSize ?? 5000, resourcePath: table.entitySetName, rawQuery: req.query }), 200, applied(req, prefs));
      if (method === 'POST') {
        const { id, row } = engine.create(ctx, table, parseJsonBody(req.body, table.entitySetName));
        const entityId = `${ctx.apiUrl}${table.entitySetName}(${id})`;
        if (prefs.representation) {
          const body = engine.serialize(ctx, table, row, q.select, q.expand);
          return ok({ '@odata.context': `${ctx.apiUrl}$metadata#${table.entitySetName}/$entity`, ...body }, 201, { 'OData-EntityId': entityId, ETag: etagOf(row), 'Preference-Applied': 'return=representation' });
        }
        return noContent({ 'OData-EntityId': entityId });
      }
      throw methodNotAllowed(method, table.entitySetName);
    }
    return single(engine, ctx, req, table, first, q, prefs);
  }

  if (first.args === undefined) {
    if (segs.length === 2 && segs[1].name === '$count' && method === 'GET') {
      const body = engine.retrieveMultiple(ctx, table, { ...q, count: true, top: undefined }, { maxPageSize: 5000, resourcePath: table.entitySetName, rawQuery: '' });
      return { status: 200, headers: {}, text: String(body['@odata.count']), contentType: 'text/plain' };
    }
    throw segmentNotFound(segs[1].name);
  }
  const key = engine.resolveKey(table, first.args, q.aliases);
  if (!key.id) throw notFoundRecord(table.logicalName, first.args);
  const id = key.id;
  const second = segs[1];
  const sname = stripPrefix(second.name);

  if (segs.length === 2 && actions.functions.has(sname) && method === 'GET') {
    engine.requireRow(table, id);
    const params = second.args ? parseFunctionArgs(second.args, q.aliases) : {};
    return actions.functions.get(sname)!(ctx, req, { bound: { table, id }, params });
  }

  if (segs.length === 2 && actions.actions.has(sname) && method === 'POST') {
    engine.requireRow(table, id);
    return actions.actions.get(sname)!(ctx, req, { bound: { table, id }, params: parseJsonBody(req.body, sname) as Record<string, unknown> });
  }

  const nav = engine.catalog.navigation(table.logicalName, second.name);
  if (nav) return navigation(engine, ctx, req, table, id, segs, q, prefs);

  // Single property: GET accounts(id)/name, PUT {value}, DELETE.
  const col = table.columns.get(second.name);
  const lookupMatch = /^_(.+)_value$/.exec(second.name);
  const lookupCol = lookupMatch ? table.columns.get(lookupMatch[1]) : undefined;
  if (!col && !lookupCol) throw segmentNotFound(second.name);
  const row = engine.requireRow(table, id);
  if (method === 'GET') {
    const body = engine.serialize(ctx, table, row, [second.name]);
    const value = body[second.name];
    if (segs[2]?.name === '$value') {
      if (value === null || value === undefined) return { status: 204, headers: {} };
      return { status: 200, headers: {}, text: String(value), contentType: 'text/plain' };
    }
    return ok({ '@odata.context': `${ctx.apiUrl}$metadata#${table.entitySetName}(${id})/${second.name}`, value });
  }
  if (!col) throw payloadError(table.entitySetName, 'CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.');
  if (method === 'PUT') {
    const parsed = parseJsonBody(req.body, table.entitySetName) as { value?: unknown };
    if (typeof parsed !== 'object' || parsed === null || !('value' in parsed)) throw payloadError(table.entitySetName, `A single-property PUT needs a body like {"value": ...}.`);
    engine.update(ctx, table, id, { [second.name]: parsed.value }, { ifMatch: req.headers['if-match'] ?? '*' });
    return noContent();
  }
  if (method === 'DELETE') {
    engine.update(ctx, table, id, { [second.name]: null }, { ifMatch: req.headers['if-match'] ?? '*' });
    return noContent();
  }
  throw methodNotAllowed(method, second.name);
}

function single(engine: Engine, ctx: RequestContext, req: ApiRequest, table: TableDef, seg: PathSegment, q: ReturnType<typeof parseQuery>, prefs: ReturnType<typeof preferences>): ApiResponse {
  const method = req.method.toUpperCase();
  const key = engine.resolveKey(table, seg.args!, q.aliases);
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  if (method === 'GET') {
    if (!key.id) throw notFoundRecord(table.logicalName, seg.args!);
    const { body, row } = engine.retrieve(ctx, table, key.id, q);
    const etag = etagOf(row);
    if (ifNoneMatch && ifNoneMatch !== 'null' && (ifNoneMatch === '*' || ifNoneMatch === etag) && !q.expand && !/include-annotations/i.test(req.headers.prefer ?? ''))
      return { status: 304, headers: { ETag: etag } };
    return ok(body, 200, { ETag: etag, ...applied(req, {}) });
  }
  if (method === 'PATCH') {
    let id = key.id;
    let body = parseJsonBody(req.body, table.entitySetName);
    if (!id) {
      // Upsert by alternate key: the key values become column values of the new row.
      id = undefined;
      if (ifMatch) throw notFoundRecord(table.logicalName, seg.args!);
      body = { ...(body as Record<string, unknown>), ...(key.keyValues ?? {}) };
      const { id: newId, row } = engine.create(ctx, table, body);
      return representation(ctx, engine, table, newId, row, prefs, q, true);
    }
    const r = engine.update(ctx, table, id, body, { ifMatch, ifNoneMatch });
    return representation(ctx, engine, table, r.id, r.row, prefs, q, r.created);
  }
  if (method === 'DELETE') {
    if (!key.id) throw notFoundRecord(table.logicalName, seg.args!);
    engine.delete(ctx, table, key.id, { ifMatch });
    return noContent();
  }
  throw methodNotAllowed(method, table.entitySetName);
}

function representation(ctx: RequestContext, engine: Engine, table: TableDef, id: string, row: Row, prefs: { representation: boolean }, q: ReturnType<typeof parseQuery>, created: boolean): ApiResponse {
  const entityId = `${ctx.apiUrl}${table.entitySetName}(${id})`;
  if (!prefs.representation) return noContent({ 'OData-EntityId': entityId });
  const body = engine.serialize(ctx, table, row, q.select, q.expand);
  return ok({ '@odata.context': `${ctx.apiUrl}$metadata#${table.entitySetName}/$entity`, ...body }, created ? 201 : 200, {
    'OData-EntityId': entityId,
    ETag: etagOf(row),
    'Preference-Applied': 'return=representation',
  });
}

function navigation(
  engine: Engine,
  ctx: RequestContext,
  req: ApiRequest,
  table: TableDef,
  id: string,
  segs: PathSegment[],
  q: ReturnType<typeof parseQuery>,
  prefs: ReturnType<typeof preferences>,
): ApiResponse {
  const method = req.method.toUpperCase();
  const navSeg = segs[1];
  const nav = engine.catalog.navigation(table.logicalName, navSeg.name)!;
  const row = engine.requireRow(table, id);
  const isRef = segs[segs.length - 1].name === '$ref';

  if (nav.kind === 'single') {
    if (isRef) {
      if (method === 'PUT') {
        const body = parseJsonBody(req.body, table.entitySetName) as Record<string, unknown>;
        engine.update(ctx, table, id, { [`${nav.name}@odata.bind`]: body['@odata.id'] }, { ifMatch: '*' });
        return noContent();
      }
      if (method === 'DELETE') {
        engine.update(ctx, table, id, { [`${nav.name}@odata.bind`]: null }, { ifMatch: '*' });
        return noContent();
      }
      if (method === 'GET') {
        const ref = row[nav.attribute];
        if (!isLookup(ref)) return { status: 204, headers: {} };
        return ok({ '@odata.context': `${ctx.apiUrl}$metadata#$ref`, '@odata.id': `${ctx.apiUrl}${engine.catalog.table(ref.table)!.entitySetName}(${ref.id})` });
      }
      throw methodNotAllowed(method, navSeg.name);
    }
    if (method !== 'GET') throw methodNotAllowed(method, navSeg.name);
    const ref = row[nav.attribute];
    if (!isLookup(ref)) return { status: 204, headers: {} };
    const target = engine.catalog.table(ref.table)!;
    return ok(engine.retrieve(ctx, target, ref.id, q).body);
  }

  const targetTable = engine.catalog.table(nav.target)!;
  if (isRef) {
    if (method === 'POST') {
      const body = parseJsonBody(req.body, table.entitySetName) as Record<string, unknown>;
      const ref = engine.resolveReference(ctx, body['@odata.id'], table.entitySetName);
      engine.associateCollection(ctx, table, id, nav, ref.table, ref.id);
      return noContent();
    }
    if (method === 'DELETE') {
      const childKey = navSeg.args;
      const idParam = new URLSearchParams(req.query).get('$id');
      let childId: string | undefined;
      if (childKey) childId = engine.resolveKey(targetTable, childKey).id;
      else if (idParam) childId = engine.resolveReference(ctx, idParam, table.entitySetName).id;
      if (!childId) throw queryError(`DELETE of a collection-valued $ref needs the related record: ${navSeg.name}(<id>)/$ref or ?$id=<url>.`);
      if (nav.kind === 'manyToMany') {
        const [userId, roleId] = table.logicalName === 'systemuser' ? [id, childId] : [childId, id];
        engine.disassociateManyToMany(ctx, userId, roleId);
        return noContent();
      }
      const child = engine.requireRow(targetTable, childId);
      const ref = child[nav.attribute];
      if (!isLookup(ref) || ref.id !== id) throw notFoundRecord(targetTable.logicalName, childId);
      engine.update(ctx, targetTable, childId, { [`${engine.catalog.singleNavFor(targetTable.logicalName, nav.attribute, table.logicalName) ?? nav.attribute}@odata.bind`]: null }, { ifMatch: '*' });
      return noContent();
    }
    throw methodNotAllowed(method, navSeg.name);
  }
  if (method === 'GET') {
    if (nav.kind === 'manyToMany') {
      const ids = new Set([...engine.store.rows('systemuserroles')].filter((l) => (table.logicalName === 'systemuser' ? l.systemuserid === id : l.roleid === id)).map((l) => String(table.logicalName === 'systemuser' ? l.roleid : l.systemuserid)));
      return ok(engine.retrieveMultiple(ctx, targetTable, q, { maxPageSize: prefs.maxPageSize ?? 5000, resourcePath: req.path, rawQuery: req.query }, (r) => ids.has(String(r[targetTable.primaryId]))));
    }
    return ok(
      engine.retrieveMultiple(ctx, targetTable, q, { maxPageSize: prefs.maxPageSize ?? 5000, resourcePath: req.path, rawQuery: req.query }, (r) => {
        const ref = r[nav.attribute];
        return isLookup(ref) && ref.id === id;
      }),
    );
  }
  if (method === 'POST' && nav.kind === 'collection') {
    const body = { ...(parseJsonBody(req.body, targetTable.entitySetName) as Record<string, unknown>) };
    const single = engine.catalog.singleNavFor(targetTable.logicalName, nav.attribute, table.logicalName) ?? nav.attribute;
    body[`${single}@odata.bind`] = `/${table.entitySetName}(${id})`;
    const created = engine.create(ctx, targetTable, body);
    return representation(ctx, engine, targetTable, created.id, created.row, prefs, q, true);
  }
  throw methodNotAllowed(method, navSeg.name);
}

export function methodNotAllowed(method: string, what: string): DataverseError {
  return new DataverseError(405, Codes.odataQuery, `The HTTP method '${method}' is not supported on '${what}'.`);
}
