/**
 * Resolves an OData URL against a set of resources and executes GET/POST/PATCH/DELETE and bound
 * actions with Business Central's rules (If-Match required on PATCH, stale ETag → 409
 * Request_EntityChanged, 201 + Location for created entities, server paging with @odata.nextLink).
 */
import { BcError, errors } from './errors';
import { allEntitySets, entityDef } from './metadata';
import { checkFilter, evaluate, ExpandOption, parseQuery, QueryOptions, sortRows } from './odata';
import { plannedRows } from './plan';
import { Internal, isGuid, Navigation, Resource, ServerContext } from './resource';

export interface ApiRequest {
  method: string;
  url: URL;
  headers: Record<string, string | undefined>;
  body: unknown;
  rawBody: string;
  userId: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  text?: string;
}

export interface HandlerOptions {
  staleEtagStatus: number;
  maxPageSize: number;
  /** Entity sets whose writes are allowed (analytics and custom queries are read-only). */
  readOnly: boolean;
}

type Target =
  | { kind: 'collection'; resource: Resource; parent?: { resource: Resource; row: Internal }; listFn?: () => Internal[] }
  | { kind: 'entity'; resource: Resource; row: Internal; parent?: { resource: Resource; row: Internal } };

const JSON_HEADERS = { 'Content-Type': 'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8', 'OData-Version': '4.0' };

export function jsonResponse(status: number, body: unknown, extra: Record<string, string> = {}): ApiResponse {
  return { status, headers: { ...JSON_HEADERS, ...extra }, body };
}

export function errorResponse(e: BcError): ApiResponse {
  return { status: e.status, headers: { ...JSON_HEADERS, ...e.headers }, body: e.body() };
}

interface Segment {
  name: string;
  key?: string;
}

function parseSegments(path: string): Segment[] {
  if (!path) return [];
  return path.split('/').map((raw) => {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      throw errors.querySyntax(`Invalid URL segment '${raw}'.`);
    }
    const m = /^([^()]+)(?:\((.*)\))?$/.exec(s);
    if (!m) throw errors.querySyntax(`Invalid URL segment '${s}'.`);
    let key = m[2];
    if (key !== undefined) {
      key = key.trim();
      const named = /^\w+=(.*)$/.exec(key);
      if (named) key = named[1];
      if (/^'.*'$/.test(key)) key = key.slice(1, -1).replace(/''/g, "'");
      else if (!isGuid(key)) throw errors.querySyntax(`The key '${m[2]}' is not a valid GUID.`);
    }
    return { name: m[1], key };
  });
}

export class ODataHandler {
  constructor(
    private registry: Record<string, Resource>,
    private options: HandlerOptions,
    /** Path of this API below the host, e.g. /api/v2.0 */
    private apiPath: string,
  ) {}

  resources(): Record<string, Resource> {
    return this.registry;
  }

  async handle(ctx: ServerContext, req: ApiRequest, rest: string, transaction: <T>(fn: () => T, commit?: (r: T) => boolean) => T): Promise<ApiResponse> {
    const segments = parseSegments(rest);
    const query: QueryOptions = parseQuery(req.url.searchParams);
    const method = req.method.toUpperCase();
    if (!segments.length || segments[0].name !== 'companies') {
      throw errors.segmentNotFound(segments[0]?.name ?? '');
    }
    const companies = this.registry.companies;
    if (segments[0].key === undefined) {
      if (segments.length > 1) throw errors.segmentNotFound(segments[1].name);
      if (method !== 'GET') throw errors.methodNotAllowed(method, 'companies');
      return this.getCollection(ctx, req, { kind: 'collection', resource: companies }, query);
    }
    if (segments[0].key.toLowerCase() !== ctx.companyId) throw new BcError(404, 'Internal_CompanyNotFound', `The company with id '${segments[0].key}' does not exist or you do not have access to it.`);
    let target: Target = { kind: 'entity', resource: companies, row: companies.get(ctx, ctx.companyId)! };
    let action: string | undefined;
    let count = false;
    for (let i = 1; i < segments.length; i++) {
      const seg = segments[i];
      const last = i === segments.length - 1;
      if (seg.name.startsWith('Microsoft.NAV.')) {
        if (!last || target.kind !== 'entity') throw errors.segmentNotFound(seg.name);
        action = seg.name.slice('Microsoft.NAV.'.length);
        if (!target.resource.actions?.[action]) {
          const declared = entityDef(target.resource.setName)?.actions.some((a) => a.odataAction === seg.name);
          if (declared) throw errors.notImplemented(`The bound action ${seg.name} on ${target.resource.setName}`);
          throw errors.segmentNotFound(seg.name);
        }
        break;
      }
      if (seg.name === '$count') {
        if (!last || target.kind !== 'collection') throw errors.segmentNotFound(seg.name);
        count = true;
        break;
      }
      if (target.kind === 'collection') throw errors.segmentNotFound(seg.name);
      let next: Target;
      if (target.resource === companies) {
        const resource = this.registry[seg.name];
        if (!resource) {
          if (this.apiPath === '/api/v2.0' && allEntitySets().includes(seg.name)) throw errors.notImplemented(`The entity set '${seg.name}'`);
          throw errors.segmentNotFound(seg.name);
        }
        next = { kind: 'collection', resource };
      } else {
        const nav: Navigation | undefined = target.resource.navigations?.[seg.name];
        if (!nav) throw errors.segmentNotFound(seg.name);
        const parent: { resource: Resource; row: Internal } = { resource: target.resource, row: target.row };
        const resource: Resource = nav.target();
        if (nav.many) {
          const navList: Navigation['list'] = nav.list;
          next = { kind: 'collection', resource, parent, listFn: navList ? () => navList(ctx, parent.row) : undefined };
        } else {
          if (seg.key !== undefined) throw errors.segmentNotFound(seg.name);
          const row: Internal | undefined = nav.single?.(ctx, parent.row);
          if (!row) throw errors.recordNotFound(resource.tableName, `${target.resource.entityName} Id='${parent.row.id}'`);
          next = { kind: 'entity', resource, row, parent };
        }
      }
      if (seg.key !== undefined) {
        if (next.kind !== 'collection') throw errors.segmentNotFound(seg.name);
        if (next.resource.keyKind === 'none') throw errors.querySyntax(`The entity set '${seg.name}' is an API query and has no key.`);
        const row: Internal | undefined = next.listFn ? next.listFn().find((r) => r.id === seg.key!.toLowerCase()) : next.resource.get(ctx, seg.key, next.parent);
        if (!row) throw errors.recordNotFound(next.resource.tableName, `Id='${seg.key}'`);
        next = { kind: 'entity', resource: next.resource, row, parent: next.parent };
      }
      target = next;
    }

    if (action) {
      if (method !== 'POST') throw errors.methodNotAllowed(method, `Microsoft.NAV.${action}`);
      if (this.options.readOnly) throw errors.methodNotAllowed(method, target.resource.setName);
      const t = target as Extract<Target, { kind: 'entity' }>;
      this.checkEtag(req, t.resource, t.row, false);
      const fn = t.resource.actions![action];
      const result = transaction(() => fn(ctx, t.row, (req.body ?? {}) as Record<string, unknown>));
      if (result.created) {
        const location = `${ctx.baseUrl}${this.apiPath}/companies(${ctx.companyId})/${result.created.resource.setName}(${result.created.row.id})`;
        return { status: 201, headers: { 'OData-Version': '4.0', Location: location, 'OData-EntityId': location } };
      }
      return { status: 204, headers: { 'OData-Version': '4.0' } };
    }
    if (count) {
      if (method !== 'GET') throw errors.methodNotAllowed(method, '$count');
      const { rows } = this.answer(ctx, target as Extract<Target, { kind: 'collection' }>, { ...query, orderby: undefined });
      return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'OData-Version': '4.0' }, text: String(rows.length) };
    }
    if (target.kind === 'collection') {
      if (method === 'GET') return this.getCollection(ctx, req, target, query);
      if (method === 'POST') {
        if (this.options.readOnly || !target.resource.create) {
          if (!this.options.readOnly && target.resource.operations.includes('POST')) throw errors.notImplemented(`POST on '${target.resource.setName}'`);
          throw errors.methodNotAllowed(method, target.resource.setName);
        }
        if (target.parent) {
          const nav = target.parent.resource.navigations?.[target.resource.setName];
          if (nav && !nav.insertable) throw errors.methodNotAllowed(method, target.resource.setName);
        }
        const t = target;
        const create = (): Internal => t.resource.create!(ctx, req.body as Record<string, unknown>, t.parent);
        const row = t.resource.selfAtomicCreate ? create() : transaction(create);
        const location = `${ctx.baseUrl}${this.apiPath}/companies(${ctx.companyId})/${t.resource.setName}(${row.id})`;
        if (/return=minimal|return-no-content/i.test(req.headers.prefer ?? '')) return { status: 204, headers: { 'OData-Version': '4.0', Location: location, 'OData-EntityId': location, 'Preference-Applied': 'return=minimal' } };
        const fresh = t.resource.get(ctx, row.id, t.parent) ?? row;
        return jsonResponse(201, { '@odata.context': this.context(req, true), ...this.entity(ctx, t.resource, fresh, query) }, { Location: location, ETag: t.resource.etag?.(fresh) ?? '' });
      }
      throw errors.methodNotAllowed(method, target.resource.setName);
    }
    const t = target;
    if (method === 'GET') {
      const etag = t.resource.etag?.(t.row);
      const inm = req.headers['if-none-match'];
      if (etag && inm && (inm === etag || inm === '*')) return { status: 304, headers: { ETag: etag, 'OData-Version': '4.0' } };
      return jsonResponse(200, { '@odata.context': this.context(req, true), ...this.entity(ctx, t.resource, t.row, query) }, etag ? { ETag: etag } : {});
    }
    if (method === 'PATCH') {
      if (this.options.readOnly || !t.resource.update) {
        if (!this.options.readOnly && t.resource.operations.includes('PATCH')) throw errors.notImplemented(`PATCH on '${t.resource.setName}'`);
        throw errors.methodNotAllowed(method, t.resource.setName);
      }
      this.checkEtag(req, t.resource, t.row, true);
      const row = transaction(() => t.resource.update!(ctx, t.row, req.body as Record<string, unknown>));
      const fresh = t.resource.get(ctx, row.id, t.parent) ?? row;
      const etag = t.resource.etag?.(fresh);
      return jsonResponse(200, { '@odata.context': this.context(req, true), ...this.entity(ctx, t.resource, fresh, query) }, etag ? { ETag: etag } : {});
    }
    if (method === 'DELETE') {
      if (this.options.readOnly || !t.resource.remove) {
        if (!this.options.readOnly && t.resource.operations.includes('DELETE')) throw errors.notImplemented(`DELETE on '${t.resource.setName}'`);
        throw errors.methodNotAllowed(method, t.resource.setName);
      }
      this.checkEtag(req, t.resource, t.row, false);
      transaction(() => t.resource.remove!(ctx, t.row));
      return { status: 204, headers: { 'OData-Version': '4.0' } };
    }
    throw errors.methodNotAllowed(method, t.resource.setName);
  }

  private checkEtag(req: ApiRequest, resource: Resource, row: Internal, required: boolean): void {
    const ifMatch = req.headers['if-match'];
    if (!ifMatch) {
      if (required) throw errors.missingEtag();
      return;
    }
    if (ifMatch.trim() === '*') return;
    const current = resource.etag?.(row);
    const sent = ifMatch.split(',').map((s) => s.trim());
    if (!current || !sent.includes(current)) throw errors.entityChanged(this.options.staleEtagStatus);
  }

  private context(req: ApiRequest, single: boolean): string {
    const rel = req.url.pathname.slice(req.url.pathname.indexOf(this.apiPath) + this.apiPath.length + 1);
    return `${req.url.origin}${this.apiPath}/$metadata#${decodeURIComponent(rel)}${single ? '/$entity' : ''}`;
  }

  private validateQuery(resource: Resource, q: QueryOptions): void {
    for (const s of q.select ?? []) if (!resource.kinds.has(s)) throw errors.unknownProperty(s, resource.entityName);
    for (const o of q.orderby ?? []) if (!resource.kinds.has(o.name)) throw errors.unknownProperty(o.name, resource.entityName);
    if (q.filter) checkFilter(q.filter, resource.kinds, resource.entityName);
    for (const e of q.expand ?? []) {
      const nav = resource.navigations?.[e.name];
      if (!nav) throw errors.unknownProperty(e.name, resource.entityName);
      this.validateQuery(nav.target(), e.options);
    }
  }

  /**
   * The rows of a collection query, filtered and in order, with their projections: `json[i]` is the projection of
   * `rows[i]`, or undefined when only the stored row was needed (plan.ts), to be projected if it is shown.
   */
  private answer(ctx: ServerContext, target: Extract<Target, { kind: 'collection' }>, q: QueryOptions): { rows: readonly Internal[]; json: ReadonlyArray<Record<string, unknown> | undefined> } {
    const r = target.resource;
    this.validateQuery(r, q);
    if (r.requiresFilterOn && !target.parent) {
      const props = q.filter ? collectEq(q.filter) : [];
      if (!r.requiresFilterOn.some((p) => props.includes(p))) throw errors.dialog('You must specify an Id or a Document Id to get the lines.');
    }
    if (!target.listFn && !target.parent) {
      const planned = plannedRows(ctx.store, r, r.list(ctx, undefined, q), q);
      if (planned) return { rows: planned, json: [] };
    }
    const rows = target.listFn ? target.listFn() : r.list(ctx, target.parent, q);
    let out: Array<{ row: Internal; json: Record<string, unknown> }> = [];
    for (const row of rows) {
      const json = r.project(ctx, row);
      if (!q.filter || evaluate(q.filter, json, r.kinds)) out.push({ row, json });
    }
    if (q.orderby?.length) {
      const wrapped = out.map((x) => ({ ...x.json, __x: x }) as Record<string, unknown>);
      sortRows(wrapped, q.orderby, r.kinds);
      out = wrapped.map((w) => w.__x as { row: Internal; json: Record<string, unknown> });
    }
    return { rows: out.map((x) => x.row), json: out.map((x) => x.json) };
  }

  private getCollection(ctx: ServerContext, req: ApiRequest, target: Extract<Target, { kind: 'collection' }>, q: QueryOptions): ApiResponse {
    const r = target.resource;
    const { rows, json } = this.answer(ctx, target, q);
    const total = rows.length;
    let skip = q.skip ?? 0;
    if (q.skiptoken !== undefined) {
      if (!/^\d+$/.test(q.skiptoken)) throw errors.querySyntax(`The $skiptoken '${q.skiptoken}' is not valid.`);
      skip += Number(q.skiptoken);
    }
    const preferred = /odata\.maxpagesize=(\d+)/i.exec(req.headers.prefer ?? '');
    const pageSize = Math.min(preferred ? Math.max(1, Number(preferred[1])) : this.options.maxPageSize, this.options.maxPageSize);
    const top = q.top;
    const available = Math.max(0, total - skip);
    const wanted = top !== undefined ? Math.min(top, available) : available;
    const pageLength = Math.min(wanted, pageSize);
    const body: Record<string, unknown> = { '@odata.context': this.context(req, false) };
    if (q.count) body['@odata.count'] = total;
    const value: Array<Record<string, unknown>> = [];
    for (let i = skip; i < skip + pageLength; i++) value.push(this.decorate(ctx, r, rows[i], json[i] ?? r.project(ctx, rows[i]), q));
    body.value = value;
    const headers: Record<string, string> = {};
    if (wanted > pageLength) {
      // Keep the query as the client wrote it ($ not percent-encoded), replacing $skip/$skiptoken/$top.
      const kept = req.url.search.slice(1).split('&').filter((p) => p && !/^(\$|%24)(skip|skiptoken|top)=/i.test(p));
      kept.push(`$skiptoken=${skip + pageLength}`);
      if (top !== undefined) kept.push(`$top=${top - pageLength}`);
      body['@odata.nextLink'] = `${req.url.origin}${req.url.pathname}?${kept.join('&')}`;
    }
    if (preferred) headers['Preference-Applied'] = `odata.maxpagesize=${pageSize}`;
    return jsonResponse(200, body, headers);
  }

  entity(ctx: ServerContext, resource: Resource, row: Internal, q: QueryOptions): Record<string, unknown> {
    this.validateQuery(resource, q);
    return this.decorate(ctx, resource, row, resource.project(ctx, row), q);
  }

  private decorate(ctx: ServerContext, resource: Resource, row: Internal, json: Record<string, unknown>, q: QueryOptions): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const etag = resource.etag?.(row);
    if (etag) out['@odata.etag'] = etag;
    if (q.select?.length) for (const s of q.select) out[s] = json[s];
    else Object.assign(out, json);
    for (const e of q.expand ?? []) out[e.name] = this.expand(ctx, resource, row, e);
    return out;
  }

  private expand(ctx: ServerContext, resource: Resource, row: Internal, e: ExpandOption): unknown {
    const nav = resource.navigations![e.name];
    const target = nav.target();
    if (!nav.many) {
      const r = nav.single?.(ctx, row);
      return r ? this.decorate(ctx, target, r, target.project(ctx, r), e.options) : null;
    }
    const parent = { resource, row };
    let rows = (nav.list ? nav.list(ctx, row) : target.list(ctx, parent, e.options)).map((r) => ({ row: r, json: target.project(ctx, r) }));
    if (e.options.filter) rows = rows.filter((x) => evaluate(e.options.filter!, x.json, target.kinds));
    if (e.options.orderby?.length) {
      const wrapped = rows.map((x) => ({ ...x.json, __x: x }) as Record<string, unknown>);
      sortRows(wrapped, e.options.orderby, target.kinds);
      rows = wrapped.map((w) => w.__x as { row: Internal; json: Record<string, unknown> });
    }
    if (e.options.skip) rows = rows.slice(e.options.skip);
    if (e.options.top !== undefined) rows = rows.slice(0, e.options.top);
    return rows.map((x) => this.decorate(ctx, target, x.row, x.json, e.options));
  }
}

function collectEq(node: import('./odata').FilterNode, out: string[] = []): string[] {
  if (node.type === 'and' || node.type === 'or') {
    collectEq(node.left, out);
    collectEq(node.right, out);
  } else if (node.type === 'cmp' && node.op === 'eq') {
    for (const o of [node.left, node.right]) if (o.type === 'prop') out.push(o.name);
  }
  return out;
}
