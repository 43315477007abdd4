/**
 * The data operations behind the Web API: create, update/upsert, delete, retrieve, query, associate, with
 * Dataverse's validation, privilege checks (including Append/AppendTo), ETags, cascades and the Sales rules.
 * Everything here is synchronous, so a request (or a whole change set) never interleaves with another one.
 */
import { userFormat, type UserFormat } from './userFormat';
import { onBehalfOf } from './impersonation';
import { businessUnitOf } from './principalAccess';
import { assertAddressableKey } from './alternateKeyRules';
import { fetchXmlToQuery } from './fetchXml';
import { dateFunctionRange, inDateRange } from './dateQueryFunctions';
import { applyTimeZoneCode } from './timeZones';
import { timeZoneFromUserSettings } from '../../domain/timeZone';
import { randomUUID } from 'crypto';
import { Codes, DataverseError, notFoundRecord, payloadError, propertyNotFound, queryError, segmentNotFound } from './errors';
import type { Catalog } from './metadata/catalog';
import type { ColumnDef, NavigationProperty, TableDef } from './metadata/types';
import { PLATFORM_TABLES } from './metadata/standard';
import { parseArgs, parsePath, type ExpandItem, type OrderBy, type QueryOptions } from './odata/query';
import type { FilterNode, Operand } from './odata/filter';
import { isLookup, type LookupValue, type Row, type Store, type Value } from './store';
import { filterCandidates, keyCandidates } from './odata/plan';
import { type DataverseUser, type Security } from './security';
import { edmType, formatted, fromJson, isGuid, toJson } from './values';
import { assertPostRegardingEnabled } from './activityFeeds';
import { LINE_PARENT, SALES_HEADERS, applyStateChange, assertWritable, computeTotals, defaultStatusForNew, nextDocumentNumber, priceLine } from './rules';

export interface ChangeEvent {
  message: 'Create' | 'Update' | 'Delete';
  table: string;
  id: string;
  row?: Row;
  pre?: Row;
  changed: string[];
  user: DataverseUser;
  correlationId: string;
  depth: number;
}

export interface RequestContext {
  user: DataverseUser;
  annotations: (name: string) => boolean;
  apiUrl: string;
  correlationId: string;
  /** $batch change set: Content-ID → created record. */
  contentIds?: Map<string, { table: string; id: string }>;
}

export interface PageRequest {
  maxPageSize: number;
  /** Path (relative to the API root) and query used to build @odata.nextLink. */
  resourcePath: string;
  rawQuery: string;
}

const LOOKUP_TYPES = new Set(['lookup', 'customer', 'owner']);
const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
const LOGICALNAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';
const NAVPROP = 'Microsoft.Dynamics.CRM.associatednavigationproperty';
const MAX_PAGE = 5000;
/** Columns the platform maintains; a client writing them is ignored, as in Dataverse. */
const SYSTEM_MAINTAINED = new Set(['createdon', 'modifiedon', 'createdby', 'modifiedby', 'createdonbehalfby', 'modifiedonbehalfby', 'versionnumber', 'owninguser', 'owningteam', 'owningbusinessunit']);

type Accessor = (row: Row) => Value | undefined;
interface Resolved {
  get: Accessor;
  col: ColumnDef;
  edm: string;
}

export class Engine {
  /** Whole tables in a query's order, kept while the table is unchanged (Store.tableVersion): paging through a table. */
  private sortedTables = new Map<string, { version: number; rows: Row[] }>();

  constructor(
    readonly catalog: Catalog,
    readonly store: Store,
    readonly security: Security,
    private readonly emit: (e: ChangeEvent) => void,
    readonly clock: () => Date = () => new Date(),
  ) {}

  // ---------------------------------------------------------------- lookups of tables, rows, references

  tableBySet(set: string): TableDef {
    const t = this.catalog.tableBySet(set);
    if (!t) throw segmentNotFound(set);
    return t;
  }

  requireRow(table: TableDef, id: string): Row {
    const row = this.store.get(table.logicalName, id);
    if (!row) throw notFoundRecord(table.logicalName, id);
    return row;
  }

  /** Resolves `guid` or an alternate key `a='x',b=1` to a row id (undefined when no row matches). */
  resolveKey(table: TableDef, args: string, aliases: Record<string, string> = {}): { id?: string; keyValues?: Record<string, unknown> } {
    const parsed = parseArgs(args, aliases);
    if (parsed.id) return { id: parsed.id };
    const names = Object.keys(parsed.named).map((n) => n.toLowerCase());
    if (names.length === 1 && names[0] === table.primaryId && isGuid(parsed.named[Object.keys(parsed.named)[0]])) return { id: String(Object.values(parsed.named)[0]).toLowerCase() };
    const key = table.alternateKeys.find((k) => k.length === names.length && k.every((n) => names.includes(n)));
    if (!key) throw new DataverseError(400, Codes.odataQuery, `The key attribute(s) '${names.join("', '")}' are not a defined alternate key of table '${table.logicalName}'. Define the key in the table's metadata or address the row by its id.`);
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(parsed.named)) values[k.toLowerCase()] = v;
    assertAddressableKey(table.logicalName, values);
    for (const row of keyCandidates(this.store, table.logicalName, key, values as Row)) {
      if (key.every((k) => sameValue(row[k], values[k]))) return { id: String(row[table.primaryId]), keyValues: values };
    }
    return { keyValues: values };
  }

  /** Reads a reference in @odata.bind / @odata.id: "/accounts(id)", "accounts(id)", a full URL, or "$1" in a change set. */
  resolveReference(ctx: RequestContext, ref: unknown, where: string): { table: TableDef; id: string } {
    if (typeof ref !== 'string' || !ref) throw payloadError(where, `The value of an @odata.bind or @odata.id annotation must be a URL such as '/accounts(00000000-0000-0000-0000-000000000001)'.`);
    let text = ref.trim();
    const content = /^\$([A-Za-z0-9_-]+)$/.exec(text);
    if (content) {
      const hit = ctx.contentIds?.get(content[1]);
      if (!hit) throw queryError(`Content-ID Reference: '${text}' does not exist in the batch context.`);
      return { table: this.catalog.table(hit.table)!, id: hit.id };
    }
    text = text.replace(/^https?:\/\/[^/]+/i, '').replace(/^\/?api\/data\/v\d+(\.\d+)?\//i, '').replace(/^\//, '');
    const segs = parsePath(text);
    if (segs.length !== 1 || segs[0].args === undefined) throw payloadError(where, `'${ref}' is not a valid entity reference. Use '/<entity set>(<id>)'.`);
    const table = this.tableBySet(segs[0].name);
    const { id } = this.resolveKey(table, segs[0].args);
    if (!id || !this.store.get(table.logicalName, id)) throw notFoundRecord(table.logicalName, id ?? segs[0].args);
    return { table, id };
  }

  ownerOf(table: TableDef, row: Row | undefined): string | null {
    if (!row || table.ownership !== 'user') return null;
    const o = row.ownerid;
    return isLookup(o) ? o.id : null;
  }

  /** Privilege check; order lines are secured through their parent order, quote or invoice. */
  private check(ctx: RequestContext, verb: 'Create' | 'Read' | 'Write' | 'Delete' | 'Append' | 'AppendTo' | 'Assign', table: TableDef, row?: Row): void {
    if (table.securedBy) {
      const parentTable = this.catalog.table(table.securedBy.table)!;
      const ref = row?.[table.securedBy.lookup];
      const parent = isLookup(ref) ? this.store.get(parentTable.logicalName, ref.id) : undefined;
      const parentVerb = verb === 'Read' ? 'Read' : verb === 'AppendTo' ? 'AppendTo' : 'Write';
      this.security.check(ctx.user, { verb: parentVerb, table: parentTable, ownerId: this.ownerOf(parentTable, parent), recordId: isLookup(ref) ? ref.id : undefined });
      return;
    }
    this.security.check(ctx.user, { verb, table, ownerId: this.ownerOf(table, row), recordId: row ? String(row[table.primaryId]) : undefined });
  }

  // ---------------------------------------------------------------- body conversion

  private convertBody(
    ctx: RequestContext,
    table: TableDef,
    body: unknown,
    mode: 'create' | 'update',
  ): { values: Row; deep: Array<{ nav: NavigationProperty; value: unknown }>; collectionBinds: Array<{ nav: NavigationProperty; refs: Array<{ table: TableDef; id: string }> }> } {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw payloadError(table.entitySetName, 'The request body must be a JSON object with the properties to set.');
    const values: Row = {};
    const deep: Array<{ nav: NavigationProperty; value: unknown }> = [];
    const collectionBinds: Array<{ nav: NavigationProperty; refs: Array<{ table: TableDef; id: string }> }> = [];
    for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
      if (key.startsWith('@')) continue;
      const at = key.indexOf('@');
      if (at > 0) {
        const name = key.slice(0, at);
        const annotation = key.slice(at + 1);
        if (annotation !== 'odata.bind') continue;
        const nav = this.catalog.navigation(table.logicalName, name);
        if (!nav) throw payloadError(table.entitySetName, `An undeclared property '${name}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`);
        if (nav.kind === 'single') {
          if (raw === null) {
            values[nav.attribute] = null;
            continue;
          }
          const ref = this.resolveReference(ctx, raw, table.entitySetName);
          if (!nav.targets.includes(ref.table.logicalName))
            throw payloadError(table.entitySetName, `The navigation property '${name}' of '${table.logicalName}' refers to ${nav.targets.join(' or ')}, not to '${ref.table.logicalName}'.`);
          values[nav.attribute] = { id: ref.id, table: ref.table.logicalName };
        } else if (nav.kind === 'collection') {
          if (!Array.isArray(raw)) throw payloadError(table.entitySetName, `The value of '${key}' must be an array of entity references.`);
          collectionBinds.push({ nav, refs: raw.map((r) => this.resolveReference(ctx, r, table.entitySetName)) });
        }
        continue;
      }
      const col = table.columns.get(key);
      if (!col) {
        const nav = this.catalog.navigation(table.logicalName, key);
        if (nav && nav.kind !== 'manyToMany') {
          deep.push({ nav, value: raw });
          continue;
        }
        if (/^_.+_value$/.test(key) && table.columns.get(key.slice(1, -6)))
          throw payloadError(table.entitySetName, 'CRM do not support direct update of Entity Reference properties, Use Navigation properties instead.');
        throw payloadError(table.entitySetName, `The property '${key}' does not exist on type 'Microsoft.Dynamics.CRM.${table.logicalName}'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
      }
      if (LOOKUP_TYPES.has(col.type))
        throw payloadError(
          table.entitySetName,
          `A 'PrimitiveValue' node with non-null value was found when trying to read the value of the navigation property '${key}'; however, a 'StartArray' node, a 'StartObject' node, or a 'PrimitiveValue' node with null value was expected. Use '${this.catalog.relationships.find((r) => r.referencingEntity === table.logicalName && r.referencingAttribute === key)?.referencingNavigation ?? key}@odata.bind' to set a lookup.`,
        );
      if (SYSTEM_MAINTAINED.has(key)) continue;
      if (mode === 'create' ? !col.validForCreate : !col.validForUpdate) continue;
      values[key] = fromJson(table, col, raw);
    }
    return { values, deep, collectionBinds };
  }

  /** Append on the record being written, AppendTo on each record a lookup points at. */
  private checkAppends(ctx: RequestContext, table: TableDef, row: Row, values: Row): void {
    for (const [k, v] of Object.entries(values)) {
      if (!isLookup(v) || k === 'ownerid' || SYSTEM_MAINTAINED.has(k) || k === 'transactioncurrencyid') continue;
      this.check(ctx, 'Append', table, row);
      const target = this.catalog.table(v.table);
      if (target) this.check(ctx, 'AppendTo', target, this.store.get(v.table, v.id));
    }
  }

  // ---------------------------------------------------------------- create

  create(ctx: RequestContext, table: TableDef, body: unknown, depth = 1): { id: string; row: Row } {
    return this.store.transaction(() => this.createInner(ctx, table, body, depth));
  }

  private createInner(ctx: RequestContext, table: TableDef, body: unknown, depth: number, forcedId?: string, extra: Row = {}): { id: string; row: Row } {
    if (PLATFORM_TABLES.has(table.logicalName) && !this.security.isAdmin(ctx.user))
      throw new DataverseError(400, Codes.invalidArgument, `The '${table.logicalName}' entity cannot be created.`);
    const { values, deep, collectionBinds } = this.convertBody(ctx, table, body, 'create');
    Object.assign(values, extra);
    const id = forcedId ?? (typeof values[table.primaryId] === 'string' ? String(values[table.primaryId]) : randomUUID());
    if (this.store.get(table.logicalName, id)) throw new DataverseError(412, Codes.duplicateRecord, 'A record with matching key values already exists.');
    const now = stamp(this.clock());
    const me: LookupValue = { id: ctx.user.id, table: 'systemuser' };
    const row: Row = {};
    for (const c of table.columns.values()) if (c.defaultValue !== undefined) row[c.logicalName] = c.defaultValue as Value;
    const { state, status } = defaultStatusForNew(table);
    if (state !== undefined) row.statecode = state;
    if (status !== undefined) row.statuscode = status;
    Object.assign(row, values);
    row[table.primaryId] = id;
    row.createdon = typeof values.overriddencreatedon === 'string' ? values.overriddencreatedon : now;
    row.modifiedon = now;
    row.createdby = me;
    row.modifiedby = me;
    if (ctx.user.realCaller) row.createdonbehalfby = row.modifiedonbehalfby = onBehalfOf(ctx.user);
    if (table.ownership === 'user') {
      if (!isLookup(row.ownerid)) row.ownerid = me;
      else if ((row.ownerid as LookupValue).id !== ctx.user.id) this.check(ctx, 'Assign', table, { ...row, ownerid: me });
      const owner = row.ownerid as LookupValue;
      row.owninguser = owner.table === 'systemuser' ? owner : null;
      row.owningteam = owner.table === 'team' ? owner : null;
      row.owningbusinessunit = { id: businessUnitOf(this.store, owner), table: 'businessunit' };
    }
    if ('statecode' in values || 'statuscode' in values) {
      const change: Row = { statecode: row.statecode ?? null, statuscode: values.statuscode ?? null };
      applyStateChange(table, id, undefined, change);
      row.statecode = change.statecode;
      row.statuscode = change.statuscode;
    }
    this.beforeWrite(ctx, table, id, undefined, row, Object.keys(values));
    this.check(ctx, 'Create', table, row);
    if (table.logicalName === 'post') assertPostRegardingEnabled(this.store, row);
    this.checkAppends(ctx, table, row, values);
    this.checkAlternateKeys(table, id, row);
    row.versionnumber = this.store.nextVersion();
    this.store.put(table.logicalName, id, row);
    this.afterWrite(table, row);
    for (const d of deep) this.deepInsert(ctx, table, id, d.nav, d.value, depth);
    for (const b of collectionBinds) for (const r of b.refs) this.associateCollection(ctx, table, id, b.nav, r.table, r.id);
    const stored = this.store.get(table.logicalName, id)!;
    this.notify({ message: 'Create', table: table.logicalName, id, row: stored, changed: Object.keys(stored), user: ctx.user, correlationId: ctx.correlationId, depth });
    return { id, row: stored };
  }

  private deepInsert(ctx: RequestContext, table: TableDef, id: string, nav: NavigationProperty, value: unknown, depth: number): void {
    if (nav.kind === 'collection') {
      if (!Array.isArray(value)) throw payloadError(table.entitySetName, `The value of the collection-valued navigation property '${nav.name}' must be an array.`);
      const child = this.catalog.table(nav.target)!;
      for (const item of value) this.createInner(ctx, child, item, depth + 1, undefined, { [nav.attribute]: { id, table: table.logicalName } });
    } else if (nav.kind === 'single') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw payloadError(table.entitySetName, `The value of the navigation property '${nav.name}' must be an object (deep insert) or use '${nav.name}@odata.bind'.`);
      const target = this.catalog.table(nav.targets[0])!;
      const created = this.createInner(ctx, target, value, depth + 1);
      this.updateInner(ctx, table, id, {}, {}, depth, { [nav.attribute]: { id: created.id, table: target.logicalName } });
    }
  }

  private checkAlternateKeys(table: TableDef, id: string, row: Row): void {
    for (const key of table.alternateKeys) {
      if (key.some((k) => row[k] === undefined || row[k] === null)) continue;
      for (const other of keyCandidates(this.store, table.logicalName, key, row)) {
        if (String(other[table.primaryId]) === id) continue;
        if (key.every((k) => sameValue(other[k], row[k]))) throw new DataverseError(412, Codes.duplicateRecord, 'A record with matching key values already exists.');
      }
    }
  }

  /** Writes stored values directly (seed, solution import): same rules, defaults and events, no JSON conversion. */
  upsertRaw(ctx: RequestContext, table: TableDef, id: string, values: Row): Row {
    return this.store.transaction(() => {
      if (this.store.get(table.logicalName, id)) return this.updateInner(ctx, table, id, {}, {}, 1, values).row;
      return this.createInner(ctx, table, {}, 1, id, values).row;
    });
  }

  // ---------------------------------------------------------------- update / upsert

  update(
    ctx: RequestContext,
    table: TableDef,
    id: string,
    body: unknown,
    opts: { ifMatch?: string; ifNoneMatch?: string; viaMessage?: string } = {},
  ): { id: string; row: Row; created: boolean } {
    return this.store.transaction(() => {
      const existing = this.store.get(table.logicalName, id);
      if (!existing) {
        if (opts.ifMatch) throw notFoundRecord(table.logicalName, id);
        const created = this.createInner(ctx, table, body, 1, id);
        return { ...created, created: true };
      }
      if (opts.ifNoneMatch === '*') throw new DataverseError(412, Codes.duplicateRecord, 'A record with matching key values already exists.');
      return { ...this.updateInner(ctx, table, id, body, opts, 1), created: false };
    });
  }

  private updateInner(ctx: RequestContext, table: TableDef, id: string, body: unknown, opts: { ifMatch?: string; viaMessage?: string }, depth: number, extra: Row = {}): { id: string; row: Row } {
    const before = this.requireRow(table, id);
    if (opts.ifMatch && opts.ifMatch !== '*' && opts.ifMatch !== etagOf(before))
      throw new DataverseError(412, Codes.concurrencyMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
    const { values, deep, collectionBinds } = this.convertBody(ctx, table, body, 'update');
    Object.assign(values, extra);
    delete values[table.primaryId];
    this.check(ctx, 'Write', table, before);
    if (isLookup(values.ownerid) && values.ownerid.id !== this.ownerOf(table, before)) this.check(ctx, 'Assign', table, before);
    const after: Row = { ...before, ...values };
    applyStateChange(table, id, before, values, opts.viaMessage);
    Object.assign(after, values);
    const changed = Object.keys(values).filter((k) => !sameValue(before[k], values[k]) || k === 'statecode' || k === 'statuscode');
    if (SALES_HEADERS[table.logicalName]) assertWritable(table.logicalName, before, ctx.user, Object.keys(values));
    this.beforeWrite(ctx, table, id, before, after, Object.keys(values));
    this.checkAppends(ctx, table, after, Object.fromEntries(Object.entries(values).filter(([k, v]) => isLookup(v) && !sameValue(before[k], v))));
    this.checkAlternateKeys(table, id, after);
    if (table.ownership === 'user' && isLookup(after.ownerid)) {
      after.owninguser = after.ownerid.table === 'systemuser' ? after.ownerid : null;
      after.owningteam = after.ownerid.table === 'team' ? after.ownerid : null;
      after.owningbusinessunit = { id: businessUnitOf(this.store, after.ownerid), table: 'businessunit' };
    }
    after.modifiedon = stamp(this.clock());
    after.modifiedby = { id: ctx.user.id, table: 'systemuser' };
    if (ctx.user.realCaller || before.modifiedonbehalfby) after.modifiedonbehalfby = onBehalfOf(ctx.user);
    after.versionnumber = this.store.nextVersion();
    this.store.put(table.logicalName, id, after);
    this.afterWrite(table, after, before);
    for (const d of deep) this.deepInsert(ctx, table, id, d.nav, d.value, depth);
    for (const b of collectionBinds) for (const r of b.refs) this.associateCollection(ctx, table, id, b.nav, r.table, r.id);
    const stored = this.store.get(table.logicalName, id)!;
    this.notify({ message: 'Update', table: table.logicalName, id, row: stored, pre: before, changed, user: ctx.user, correlationId: ctx.correlationId, depth });
    return { id, row: stored };
  }

  /** A state change through a dedicated message (FulfillSalesOrder, WinQuote...), which may reach closed states. */
  setState(ctx: RequestContext, table: TableDef, id: string, state: number, status: number, message: string): void {
    this.store.transaction(() => {
      const before = this.requireRow(table, id);
      this.check(ctx, 'Write', table, before);
      this.updateInner(ctx, table, id, {}, { viaMessage: message }, 1, { statecode: state, statuscode: status });
    });
  }

  // ---------------------------------------------------------------- delete

  delete(ctx: RequestContext, table: TableDef, id: string, opts: { ifMatch?: string } = {}): void {
    this.store.transaction(() => {
      const row = this.requireRow(table, id);
      if (opts.ifMatch && opts.ifMatch !== '*' && opts.ifMatch !== etagOf(row))
        throw new DataverseError(412, Codes.concurrencyMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
      this.check(ctx, 'Delete', table, row);
      const parentTable = LINE_PARENT[table.logicalName];
      if (parentTable) {
        const ref = row[`${parentTable}id`];
        const parent = isLookup(ref) ? this.store.get(parentTable, ref.id) : undefined;
        if (parent) assertWritable(parentTable, parent, ctx.user, ['lines']);
      }
      this.deleteInner(ctx, table, id, 1);
    });
  }

  private deleteInner(ctx: RequestContext, table: TableDef, id: string, depth: number): void {
    const row = this.store.get(table.logicalName, id);
    if (!row) return;
    for (const rel of this.catalog.relationships) {
      if (rel.referencedEntity !== table.logicalName) continue;
      const child = this.catalog.table(rel.referencingEntity);
      if (!child) continue;
      for (const c of this.store.rowsWhere(child.logicalName, rel.referencingAttribute, id)) {
        const ref = c[rel.referencingAttribute];
        if (!isLookup(ref) || ref.id !== id || ref.table !== table.logicalName) continue;
        const childId = String(c[child.primaryId]);
        if (rel.cascadeDelete === 'Cascade') this.deleteInner(ctx, child, childId, depth + 1);
        else if (rel.cascadeDelete === 'Restrict')
          throw new DataverseError(400, '0x80040227', `The record cannot be deleted because it is associated with another record (${child.logicalName} ${childId} through ${rel.schemaName}).`);
        else if (!SYSTEM_MAINTAINED.has(rel.referencingAttribute) && rel.referencingAttribute !== 'ownerid')
          this.store.put(child.logicalName, childId, { ...c, [rel.referencingAttribute]: null, versionnumber: this.store.nextVersion() });
      }
    }
    this.store.remove(table.logicalName, id);
    if (table.logicalName === 'systemuser' || table.logicalName === 'role')
      for (const link of [...this.store.rows('systemuserroles')]) if (link.systemuserid === id || link.roleid === id) this.store.remove('systemuserroles', String(link.systemuserroleid));
    this.afterDelete(table, row);
    this.notify({ message: 'Delete', table: table.logicalName, id, pre: row, changed: [], user: ctx.user, correlationId: ctx.correlationId, depth });
  }

  // ---------------------------------------------------------------- associations

  /** Sets the child's lookup so it belongs to `parent` through a collection-valued navigation property. */
  associateCollection(ctx: RequestContext, parentTable: TableDef, parentId: string, nav: NavigationProperty, childTable: TableDef, childId: string): void {
    if (nav.kind === 'manyToMany') {
      this.associateManyToMany(ctx, parentTable, parentId, childTable, childId);
      return;
    }
    if (nav.kind !== 'collection' || nav.target !== childTable.logicalName)
      throw payloadError(parentTable.entitySetName, `'${childTable.entitySetName}' records cannot be linked through '${nav.name}'.`);
    this.store.transaction(() => {
      this.updateInner(ctx, childTable, childId, {}, {}, 1, { [nav.attribute]: { id: parentId, table: parentTable.logicalName } });
    });
  }

  associateManyToMany(ctx: RequestContext, a: TableDef, aId: string, b: TableDef, bId: string): void {
    const [userId, roleId] = a.logicalName === 'systemuser' ? [aId, bId] : [bId, aId];
    this.requireRow(this.catalog.table('systemuser')!, userId);
    this.requireRow(this.catalog.table('role')!, roleId);
    this.security.checkMisc(ctx.user, 'prvAssignRole', 'assigning security roles');
    for (const l of this.store.rows('systemuserroles')) if (l.systemuserid === userId && l.roleid === roleId) return;
    const linkId = randomUUID();
    this.store.put('systemuserroles', linkId, { systemuserroleid: linkId, systemuserid: userId, roleid: roleId });
    this.security.userById(userId)?.roleIds.push(roleId);
  }

  disassociateManyToMany(ctx: RequestContext, userId: string, roleId: string): void {
    this.security.checkMisc(ctx.user, 'prvAssignRole', 'removing security roles');
    for (const l of [...this.store.rows('systemuserroles')]) if (l.systemuserid === userId && l.roleid === roleId) this.store.remove('systemuserroles', String(l.systemuserroleid));
    const u = this.security.userById(userId);
    if (u) u.roleIds = u.roleIds.filter((r) => r !== roleId);
  }

  // ---------------------------------------------------------------- hooks (Sales rules)

  private beforeWrite(ctx: RequestContext, table: TableDef, id: string, before: Row | undefined, row: Row, touched: string[]): void {
    const t = table.logicalName;
    const header = SALES_HEADERS[t];
    if (header) {
      if (!before && !row[header.numberColumn]) row[header.numberColumn] = nextDocumentNumber(this.store, t);
      if (!before && t === 'quote' && row.revisionnumber === undefined) row.revisionnumber = 0;
      if (touched.includes('transactioncurrencyid') || !before) this.applyExchangeRate(row);
      computeTotals(this.store, t, row, id);
    }
    const parentTable = LINE_PARENT[t];
    if (parentTable) {
      const ref = row[`${parentTable}id`];
      if (!isLookup(ref)) throw new DataverseError(400, Codes.requiredField, `The ${parentTable}id is required to create a ${t} (${parentTable} line).`);
      const parent = this.store.get(parentTable, ref.id);
      if (!parent) throw notFoundRecord(parentTable, ref.id);
      assertWritable(parentTable, parent, ctx.user, ['lines']);
      if (isLookup(row.productid) && typeof row.productdescription === 'string' && row.productdescription && (touched.includes('productid') || touched.includes('productdescription')))
        throw new DataverseError(400, Codes.productAndDescription, "You cannot set both 'productid' and 'productdescription' for the same record.");
      if (touched.includes('productid') || touched.includes('uomid') || touched.includes('quantity')) {
        if (!touched.includes('priceperunit') && !row.ispriceoverridden) row.priceperunit = null;
      }
      if (!before && row.sequencenumber === undefined) {
        let max = 0;
        for (const l of this.store.rowsWhere(t, `${parentTable}id`, ref)) if (isLookup(l[`${parentTable}id`]) && (l[`${parentTable}id`] as LookupValue).id === ref.id) max = Math.max(max, Number(l.sequencenumber ?? 0));
        row.sequencenumber = max + 1;
      }
      priceLine(this.store, t, row, parent);
    }
    if (t === 'usersettings') applyTimeZoneCode(row, touched);
    if (t === 'contact' || t === 'systemuser') row.fullname = [row.firstname, row.lastname].filter((x) => typeof x === 'string' && x).join(' ') || null;
    if (t === 'annotation') {
      row.objecttypecode = isLookup(row.objectid) ? row.objectid.table : null;
      row.filesize = typeof row.documentbody === 'string' ? Buffer.from(row.documentbody, 'base64').length : null;
    }
    if (t === 'productpricelevel') {
      const p = isLookup(row.productid) ? this.store.get('product', row.productid.id) : undefined;
      row.productnumber = (p?.productnumber as string) ?? null;
      const pl = isLookup(row.pricelevelid) ? this.store.get('pricelevel', row.pricelevelid.id) : undefined;
      if (pl && !isLookup(row.transactioncurrencyid)) row.transactioncurrencyid = pl.transactioncurrencyid ?? null;
    }
    if (t === 'environmentvariablevalue' && isLookup(row.environmentvariabledefinitionid)) {
      const def = this.store.get('environmentvariabledefinition', row.environmentvariabledefinitionid.id);
      if (def) row.schemaname = def.schemaname ?? null;
    }
    if (t === 'uom' && !before) {
      let first = true;
      if (isLookup(row.uomscheduleid)) for (const u of this.store.rowsWhere('uom', 'uomscheduleid', row.uomscheduleid)) if (isLookup(u.uomscheduleid) && u.uomscheduleid.id === (row.uomscheduleid as LookupValue).id) first = false;
      row.isschedulebaseuom = first;
    }
    if (table.columns.has('exchangerate') && !header && !parentTable && (!before || touched.includes('transactioncurrencyid'))) this.applyExchangeRate(row);
    this.fillBaseAmounts(table, row);
  }

  private applyExchangeRate(row: Row): void {
    const cur = isLookup(row.transactioncurrencyid) ? this.store.get('transactioncurrency', row.transactioncurrencyid.id) : undefined;
    row.exchangerate = typeof cur?.exchangerate === 'number' ? cur.exchangerate : 1;
  }

  private fillBaseAmounts(table: TableDef, row: Row): void {
    const rate = typeof row.exchangerate === 'number' && row.exchangerate > 0 ? row.exchangerate : 1;
    for (const c of table.columns.values()) {
      if (c.type !== 'money' || c.logicalName.endsWith('_base')) continue;
      const base = `${c.logicalName}_base`;
      if (!table.columns.has(base)) continue;
      const v = row[c.logicalName];
      row[base] = typeof v === 'number' ? Math.round((v / rate) * 100) / 100 : null;
    }
  }

  /** After a line changes, its header's totals follow (as the price engine does). */
  private afterWrite(table: TableDef, row: Row, before?: Row): void {
    const parentTable = LINE_PARENT[table.logicalName];
    if (!parentTable) return;
    const ids = new Set<string>();
    for (const r of [row, before]) {
      const ref = r?.[`${parentTable}id`];
      if (isLookup(ref)) ids.add(ref.id);
    }
    for (const pid of ids) this.refreshTotals(parentTable, pid);
  }

  private afterDelete(table: TableDef, row: Row): void {
    this.afterWrite(table, row);
  }

  private refreshTotals(parentTable: string, id: string): void {
    const parent = this.store.get(parentTable, id);
    if (!parent) return;
    const next = { ...parent };
    computeTotals(this.store, parentTable, next, id);
    this.fillBaseAmounts(this.catalog.table(parentTable)!, next);
    next.versionnumber = this.store.nextVersion();
    this.store.put(parentTable, id, next);
  }

  private notify(e: ChangeEvent): void {
    this.store.onCommit(() => this.emit(e));
  }

  // ---------------------------------------------------------------- reading

  /** Validates $select items against the table (columns or _lookup_value). */
  private selection(table: TableDef, select: string[] | undefined): ColumnDef[] {
    if (!select) return [...table.columns.values()];
    const out: ColumnDef[] = [];
    for (const s of select) {
      const m = /^_(.+)_value$/.exec(s);
      const col = m ? table.columns.get(m[1]) : table.columns.get(s);
      if (!col || (m && !LOOKUP_TYPES.has(col.type)) || (!m && LOOKUP_TYPES.has(col.type))) {
        if (s === '*') return [...table.columns.values()];
        throw propertyNotFound(s, table.logicalName);
      }
      out.push(col);
    }
    if (!out.some((c) => c.logicalName === table.primaryId)) out.push(table.columns.get(table.primaryId)!);
    return out;
  }

  /** The caller's current labels language and formats (userFormat.ts). */
  userFormat(ctx: RequestContext): UserFormat {
    return userFormat(this.store.get('usersettings', ctx.user.id), ctx.user.languageId);
  }

  private currencySymbol(row: Row): string | undefined {
    const ref = row.transactioncurrencyid;
    if (!isLookup(ref)) return undefined;
    return (this.store.get('transactioncurrency', ref.id)?.currencysymbol as string) ?? undefined;
  }

  primaryNameOf(ref: LookupValue): string | null {
    const t = this.catalog.table(ref.table);
    const row = t ? this.store.get(ref.table, ref.id) : undefined;
    if (!t || !row) return null;
    const v = row[t.primaryName];
    return typeof v === 'string' ? v : v == null ? null : String(v);
  }

  /** One row as Dataverse returns it: @odata.etag, columns, _lookup_value, requested annotations, $expand. */
  serialize(ctx: RequestContext, table: TableDef, row: Row, select?: string[], expand?: ExpandItem[]): Record<string, unknown> {
    const cols = this.selection(table, select);
    const out: Record<string, unknown> = { '@odata.etag': etagOf(row) };
    const wantFormatted = ctx.annotations(FORMATTED);
    const wantLogical = ctx.annotations(LOGICALNAME);
    const wantNav = ctx.annotations(NAVPROP);
    for (const c of cols) {
      const v = row[c.logicalName];
      if (LOOKUP_TYPES.has(c.type)) {
        const key = `_${c.logicalName}_value`;
        out[key] = isLookup(v) ? v.id : null;
        if (isLookup(v)) {
          if (wantFormatted) {
            const name = this.primaryNameOf(v);
            if (name !== null) out[`${key}@${FORMATTED}`] = name;
          }
          if (wantNav) out[`${key}@${NAVPROP}`] = this.catalog.singleNavFor(table.logicalName, c.logicalName, v.table) ?? c.logicalName;
          if (wantLogical) out[`${key}@${LOGICALNAME}`] = v.table;
        }
        continue;
      }
      if (table.logicalName === 'serviceendpoint' && c.logicalName === 'authvalue') {
        out[c.logicalName] = null;
        continue;
      }
      out[c.logicalName] = toJson(c, v);
      if (wantFormatted && v !== null && v !== undefined) {
        const f = formatted(c, v, { ...this.userFormat(ctx), currencySymbol: c.type === 'money' ? this.currencySymbol(row) : undefined });
        if (f !== undefined) out[`${c.logicalName}@${FORMATTED}`] = f;
      }
    }
    for (const e of expand ?? []) this.expandInto(ctx, table, row, e, out);
    return out;
  }

  private expandInto(ctx: RequestContext, table: TableDef, row: Row, e: ExpandItem, out: Record<string, unknown>): void {
    const nav = this.catalog.navigation(table.logicalName, e.nav);
    if (!nav) throw propertyNotFound(e.nav, table.logicalName);
    if (nav.kind === 'single') {
      const ref = row[nav.attribute];
      if (!isLookup(ref) || !nav.targets.includes(ref.table)) {
        out[e.nav] = null;
        return;
      }
      const target = this.catalog.table(ref.table)!;
      const related = this.store.get(target.logicalName, ref.id);
      if (related && this.canRead(ctx, target, related)) out[e.nav] = this.serialize(ctx, target, related, e.select, e.expand);
      else if (!this.security.readDepth(ctx.user, target)) throw this.security.missing(ctx.user, `prvRead${target.privilegeName}`, target);
      else out[e.nav] = null;
      return;
    }
    if (nav.kind === 'manyToMany') {
      const target = this.catalog.table(nav.target)!;
      const id = String(row[table.primaryId]);
      const rows = [...this.store.rows('systemuserroles')]
        .filter((l) => (table.logicalName === 'systemuser' ? l.systemuserid === id : l.roleid === id))
        .map((l) => this.store.get(target.logicalName, String(table.logicalName === 'systemuser' ? l.roleid : l.systemuserid)))
        .filter((r): r is Row => !!r);
      out[e.nav] = rows.map((r) => this.serialize(ctx, target, r, e.select, e.expand));
      return;
    }
    const child = this.catalog.table(nav.target)!;
    if (!this.security.readDepth(ctx.user, child) && !child.securedBy) throw this.security.missing(ctx.user, `prvRead${child.privilegeName}`, child);
    const id = String(row[table.primaryId]);
    const pred = e.filter ? this.compileFilter(ctx, child, e.filter) : () => true;
    const readable = this.readFilter(ctx, child);
    let rows = this.store.rowsWhere(child.logicalName, nav.attribute, id).filter((r) => {
      const ref = r[nav.attribute];
      return isLookup(ref) && ref.id === id && readable(r) && pred(r);
    });
    rows = this.sortRows(child, rows, e.orderby);
    if (e.top !== undefined) rows = rows.slice(0, e.top);
    out[e.nav] = rows.map((r) => this.serialize(ctx, child, r, e.select, e.expand));
  }

  canRead(ctx: RequestContext, table: TableDef, row: Row): boolean {
    try {
      this.check(ctx, 'Read', table, row);
      return true;
    } catch {
      return false;
    }
  }

  /** A per-row read check for a whole query: free when the user reads the table (or its parent) at Global depth. */
  readFilter(ctx: RequestContext, table: TableDef): (row: Row) => boolean {
    const secured = table.securedBy ? this.catalog.table(table.securedBy.table)! : table;
    const depth = this.security.readDepth(ctx.user, secured);
    if (depth && depth !== 'Basic') return () => true;
    if (depth === 'Basic' && secured.ownership !== 'user') return () => true;
    return (row) => this.canRead(ctx, table, row);
  }

  retrieve(ctx: RequestContext, table: TableDef, id: string, q: QueryOptions): { body: Record<string, unknown>; row: Row } {
    const row = this.requireRow(table, id);
    this.check(ctx, 'Read', table, row);
    const body = this.serialize(ctx, table, row, q.select, q.expand);
    return { body: { '@odata.context': `${ctx.apiUrl}$metadata#${table.entitySetName}${q.select ? `(${q.select.join(',')})` : ''}/$entity`, ...body }, row };
  }

  retrieveMultiple(ctx: RequestContext, table: TableDef, q: QueryOptions, page: PageRequest, scope?: (row: Row) => boolean): Record<string, unknown> {
    if (q.fetchXml) q = fetchXmlToQuery(table, q.fetchXml, ctx.user.id, this.clock());
    const secured = table.securedBy ? this.catalog.table(table.securedBy.table)! : table;
    if (secured.privilegeVerbs.includes('Read') && !this.security.readDepth(ctx.user, secured)) throw this.security.missing(ctx.user, `prvRead${secured.privilegeName}`, secured);
    this.selection(table, q.select);
    const pred = q.filter ? this.compileFilter(ctx, table, q.filter) : () => true;
    const readable = this.readFilter(ctx, table);
    // An indexed equality or In condition names the only rows that can match; the full filter still tests each.
    const candidates = q.filter ? filterCandidates(this.store, table, q.filter) : null;
    const keep = (r: Row): boolean => (!scope || scope(r)) && pred(r) && readable(r);
    let rows: Row[] = [];
    const sortedKey = `${table.logicalName}|${JSON.stringify(q.orderby ?? [])}`;
    const sorted = this.sortedTables.get(sortedKey);
    if (!candidates && sorted && sorted.version === this.store.tableVersion(table.logicalName)) {
      // The table is already in this order (the order is total: the primary key ends it), so filtering it gives
      // the sequence sorting the matches would.
      for (const r of sorted.rows) if (keep(r)) rows.push(r);
    } else {
      for (const r of candidates ?? this.store.rows(table.logicalName)) if (keep(r)) rows.push(r);
      if (!candidates && rows.length >= 1000 && rows.length * 2 >= this.store.count(table.logicalName)) {
        // Most of a large table matches: sorting all of it costs about the same and serves the next pages.
        const version = this.store.tableVersion(table.logicalName);
        const all = this.sortRows(table, [...this.store.rows(table.logicalName)], q.orderby);
        for (const [k, v] of this.sortedTables) if (v.version !== this.store.tableVersion(k.slice(0, k.indexOf('|')))) this.sortedTables.delete(k);
        this.sortedTables.set(sortedKey, { version, rows: all });
        rows = all.filter(keep);
      } else rows = this.sortRows(table, rows, q.orderby);
    }
    const total = rows.length;
    let skip = 0;
    if (q.skiptoken) skip = parseSkipToken(q.skiptoken);
    let nextLink: string | undefined;
    if (q.top !== undefined) rows = rows.slice(0, q.top);
    else {
      const size = Math.max(1, Math.min(page.maxPageSize || MAX_PAGE, MAX_PAGE));
      const pageRows = rows.slice(skip, skip + size);
      if (skip + size < rows.length) {
        const params = new URLSearchParams(page.rawQuery);
        params.delete('$skiptoken');
        const cookie = `<cookie pagenumber="${Math.floor(skip / size) + 2}" pagingcookie="${encodeURIComponent(`skip=${skip + size}`)}" istracking="False" />`;
        const rest = params.toString().replace(/\+/g, '%20');
        nextLink = `${ctx.apiUrl}${page.resourcePath}?${rest ? `${rest}&` : ''}$skiptoken=${encodeURIComponent(cookie)}`;
      }
      rows = pageRows;
    }
    const body: Record<string, unknown> = { '@odata.context': `${ctx.apiUrl}$metadata#${table.entitySetName}${q.select ? `(${q.select.join(',')})` : ''}` };
    if (q.count) body['@odata.count'] = Math.min(total, 5000);
    body.value = rows.map((r) => this.serialize(ctx, table, r, q.select, q.expand));
    if (nextLink) body['@odata.nextLink'] = nextLink;
    return body;
  }

  sortRows(table: TableDef, rows: Row[], orderby?: OrderBy[]): Row[] {
    const keys = (orderby ?? []).map((o) => {
      const r = this.resolveProp(table, [o.prop]);
      return { get: r.get, desc: o.desc, str: r.col.type === 'string' || r.col.type === 'memo' };
    });
    const pk = table.primaryId;
    return rows.sort((a, b) => {
      for (const k of keys) {
        const c = compareValues(k.get(a), k.get(b), k.str);
        if (c) return k.desc ? -c : c;
      }
      return String(a[pk]).localeCompare(String(b[pk]));
    });
  }

  // ---------------------------------------------------------------- $filter

  private resolveProp(table: TableDef, path: string[], vars: Map<string, TableDef> = new Map()): Resolved {
    let t = table;
    let p = path;
    let hop: Accessor = (r) => r as unknown as Value;
    const varTable = vars.get(path[0]);
    if (varTable) {
      t = varTable;
      p = path.slice(1);
      const name = path[0];
      hop = (r) => (r as unknown as Record<string, Value>)[`$var:${name}`];
    }
    while (p.length > 1) {
      const nav = this.catalog.navigation(t.logicalName, p[0]);
      if (!nav || nav.kind !== 'single') throw propertyNotFound(p[0], t.logicalName);
      const prevHop = hop;
      const attr = nav.attribute;
      const store = this.store;
      hop = (r) => {
        const base = prevHop(r) as unknown as Row | undefined;
        const ref = base?.[attr];
        return (isLookup(ref) ? store.get(ref.table, ref.id) : undefined) as unknown as Value;
      };
      t = this.catalog.table(nav.targets[0])!;
      p = p.slice(1);
    }
    const name = p[0];
    if (!name) throw propertyNotFound(path.join('/'), table.logicalName);
    const m = /^_(.+)_value$/.exec(name);
    const col = m ? t.columns.get(m[1]) : t.columns.get(name);
    if (!col || (m && !LOOKUP_TYPES.has(col.type)) || (!m && LOOKUP_TYPES.has(col.type))) throw propertyNotFound(name, t.logicalName);
    const key = col.logicalName;
    const get: Accessor = (r) => {
      const base = hop(r) as unknown as Row | undefined;
      const v = base?.[key];
      return isLookup(v) ? v.id : v;
    };
    return { get, col, edm: LOOKUP_TYPES.has(col.type) ? 'Edm.Guid' : edmType(col) };
  }

  compileFilter(ctx: RequestContext, table: TableDef, node: FilterNode, vars: Map<string, TableDef> = new Map()): (row: Row) => boolean {
    switch (node.type) {
      case 'and': {
        const l = this.compileFilter(ctx, table, node.left, vars);
        const r = this.compileFilter(ctx, table, node.right, vars);
        return (row) => l(row) && r(row);
      }
      case 'or': {
        const l = this.compileFilter(ctx, table, node.left, vars);
        const r = this.compileFilter(ctx, table, node.right, vars);
        return (row) => l(row) || r(row);
      }
      case 'not': {
        const e = this.compileFilter(ctx, table, node.expr, vars);
        return (row) => !e(row);
      }
      case 'bool': {
        if (node.operand.kind !== 'prop') throw queryError('A literal cannot be used as a filter condition on its own.');
        const r = this.resolveProp(table, node.operand.path, vars);
        if (r.col.type !== 'boolean') throw queryError(`The $filter expression must evaluate to a single boolean value; '${node.operand.path.join('/')}' is ${r.edm}.`);
        return (row) => r.get(row) === true;
      }
      case 'fn': {
        const r = this.resolveProp(table, node.prop, vars);
        if (r.col.type !== 'string' && r.col.type !== 'memo')
          throw queryError(`No function signature for the function with name '${node.name}' matches the specified arguments. The function signatures considered are: ${node.name}(Edm.String Nullable=true, Edm.String Nullable=true).`);
        const needle = node.value.toLowerCase();
        const test = node.name === 'contains' ? (s: string) => s.includes(needle) : node.name === 'startswith' ? (s: string) => s.startsWith(needle) : (s: string) => s.endsWith(needle);
        return (row) => {
          const v = r.get(row);
          return typeof v === 'string' && test(v.toLowerCase());
        };
      }
      case 'cmp':
        return this.compileComparison(table, node.op, node.left, node.right, vars);
      case 'lambda': {
        const nav = this.catalog.navigation(table.logicalName, node.nav);
        if (!nav || nav.kind !== 'collection') throw propertyNotFound(node.nav, table.logicalName);
        const child = this.catalog.table(nav.target)!;
        const inner = new Map(vars);
        if (node.variable) inner.set(node.variable, child);
        const pred = node.predicate ? this.compileFilter(ctx, table, node.predicate, inner) : undefined;
        const store = this.store;
        const pk = table.primaryId;
        const varName = node.variable;
        return (row) => {
          const id = String(row[pk]);
          let any = false;
          for (const c of store.rowsWhere(child.logicalName, nav.attribute, id)) {
            const ref = c[nav.attribute];
            if (!isLookup(ref) || ref.id !== id) continue;
            const ok = pred ? pred({ ...row, [`$var:${varName}`]: c as unknown as Value }) : true;
            if (node.quantifier === 'any' && ok) return true;
            if (node.quantifier === 'all' && !ok) return false;
            any = true;
          }
          return node.quantifier === 'all' ? true : any && !pred;
        };
      }
      case 'crm': {
        const propName = String(node.params.PropertyName ?? '');
        const r = this.resolveProp(table, [propName.startsWith('_') ? propName : table.columns.get(propName) && LOOKUP_TYPES.has(table.columns.get(propName)!.type) ? `_${propName}_value` : propName], vars);
        if (node.name === 'In' || node.name === 'NotIn') {
          const list = new Set(Array.isArray(node.params.PropertyValues) ? (node.params.PropertyValues as unknown[]).map((x) => norm(x as Value)) : []);
          const neg = node.name === 'NotIn';
          return (row) => list.has(norm(r.get(row) as Value)) !== neg;
        }
        if (node.name === 'EqualUserId') return (row) => r.get(row) === ctx.user.id;
        if (node.name === 'NotEqualUserId') return (row) => r.get(row) !== ctx.user.id;
        if (node.name === 'Null') return (row) => r.get(row) == null;
        if (node.name === 'NotNull') return (row) => r.get(row) != null;
        const range = dateFunctionRange(node.name, node.params, this.clock(), timeZoneFromUserSettings(this.store.get('usersettings', ctx.user.id)));
        if (range) return (row) => inDateRange(r.get(row), range, Boolean(r.col?.dateOnly));
        throw queryError(`The query function 'Microsoft.Dynamics.CRM.${node.name}' is not supported by the Dataverse stand-in.`);
      }
    }
  }

  private compileComparison(table: TableDef, op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le', left: Operand, right: Operand, vars: Map<string, TableDef>): (row: Row) => boolean {
    const kinds: Record<string, string> = { eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual' };
    const side = (o: Operand): { get: Accessor; edm: string; str: boolean; col?: ColumnDef } => {
      if (o.kind === 'prop') {
        const r = this.resolveProp(table, o.path, vars);
        return { get: r.get, edm: r.edm, str: r.col.type === 'string' || r.col.type === 'memo', col: r.col };
      }
      const edm = { string: 'Edm.String', number: Number.isInteger(o.value as number) ? 'Edm.Int32' : 'Edm.Decimal', guid: 'Edm.Guid', datetime: 'Edm.DateTimeOffset', date: 'Edm.Date', bool: 'Edm.Boolean', null: 'null' }[o.edm];
      const v = o.edm === 'datetime' ? new Date(o.value as string).toISOString().replace(/\.000Z$/, 'Z') : o.value;
      return { get: () => v as Value, edm, str: o.edm === 'string' };
    };
    const l = side(left);
    const r = side(right);
    const family = (edm: string) =>
      ({ 'Edm.Int32': 'num', 'Edm.Int64': 'num', 'Edm.Decimal': 'num', 'Edm.Double': 'num', 'Edm.String': 'str', 'Edm.Guid': 'guid', 'Edm.Boolean': 'bool', 'Edm.DateTimeOffset': 'date', 'Edm.Date': 'date', null: 'null' })[edm] ?? edm;
    const fl = family(l.edm);
    const fr = family(r.edm);
    if (fl !== 'null' && fr !== 'null' && fl !== fr) throw queryError(`A binary operator with incompatible types was detected. Found operand types '${l.edm}' and '${r.edm}' for operator kind '${kinds[op]}'.`);
    if ((fl === 'null' || fr === 'null') && op !== 'eq' && op !== 'ne') throw queryError(`The operator '${op}' cannot be used with null; use eq null or ne null.`);
    if ((fl === 'guid' || fl === 'bool') && op !== 'eq' && op !== 'ne') throw queryError(`A binary operator with incompatible types was detected. Found operand types '${l.edm}' and '${r.edm}' for operator kind '${kinds[op]}'.`);
    const dateOnlySide = l.col?.dateOnly || r.col?.dateOnly;
    const str = l.str || r.str;
    return (row) => {
      let a = l.get(row) as Value | undefined;
      let b = r.get(row) as Value | undefined;
      if (a === undefined) a = null;
      if (b === undefined) b = null;
      if (a === null || b === null) {
        if (op === 'eq') return a === b;
        if (op === 'ne') return a !== b;
        return false;
      }
      if (dateOnlySide && typeof a === 'string' && typeof b === 'string') {
        a = a.slice(0, 10);
        b = b.slice(0, 10);
      }
      const c = compareValues(a, b, str);
      switch (op) {
        case 'eq':
          return c === 0;
        case 'ne':
          return c !== 0;
        case 'gt':
          return c > 0;
        case 'ge':
          return c >= 0;
        case 'lt':
          return c < 0;
        default:
          return c <= 0;
      }
    };
  }
}

// ---------------------------------------------------------------- helpers

export const etagOf = (row: Row): string => `W/"${String(row.versionnumber)}"`;

export function stamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const norm = (v: Value | undefined): unknown => (typeof v === 'string' ? v.toLowerCase() : v);

function sameValue(a: unknown, b: unknown): boolean {
  if (isLookup(a) && isLookup(b)) return a.id === b.id && a.table === b.table;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return (a ?? null) === (b ?? null);
}

/** SQL-like comparison: nulls first, strings case-insensitive, dates and numbers natural. */
function compareValues(a: Value | undefined, b: Value | undefined, str: boolean): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  if (str) {
    const x = sa.toLowerCase();
    const y = sb.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(sa) && /^\d{4}-\d{2}-\d{2}T/.test(sb)) return Date.parse(sa) - Date.parse(sb);
  const x = sa.toLowerCase();
  const y = sb.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function parseSkipToken(token: string): number {
  const m = /pagingcookie="([^"]*)"/.exec(token);
  const inner = m ? decodeURIComponent(m[1]) : '';
  const s = /skip=(\d+)/.exec(inner);
  if (!s) throw queryError(`The $skiptoken '${token}' is not valid: use the @odata.nextLink the previous page returned.`);
  return Number(s[1]);
}
