/**
 * The resource abstraction behind every entity set the stand-in serves, and the generic body
 * validation Business Central applies before a page's own triggers: unknown property, read-only
 * control, type conversion, Text[n]/Code[n] length, enum value, Code upper-casing.
 */
import type { Store } from './store';
import type { Tables } from './state';
import { BcError, errors } from './errors';
import { edmKind, enumValues, FieldDef, maxLength, isCode, EMPTY_GUID } from './metadata';
import { FieldKinds, kindsOf, QueryOptions } from './odata';

export interface ServerContext {
  store: Store;
  /** Absolute URL of the API root of this request, e.g. http://127.0.0.1:1234/api/v2.0 */
  apiRoot: string;
  /** Absolute base URL of the server (no trailing slash). */
  baseUrl: string;
  companyId: string;
  userId: string;
  options: {
    keepFullyInvoicedOrders: boolean;
  };
}

export type Internal = Record<string, unknown> & { id: string };

export interface Navigation {
  name: string;
  target: () => Resource;
  many: boolean;
  list?: (ctx: ServerContext, parent: Internal) => Internal[];
  single?: (ctx: ServerContext, parent: Internal) => Internal | undefined;
  /** Whether POST through this navigation creates a child (lines under a document). */
  insertable?: boolean;
  /** Whether this navigation may appear in a deep-insert body. */
  deepInsert?: boolean;
}

export interface ActionResult {
  /** Entity created by the action (Location header); the response is 204 like BC's void actions. */
  created?: { resource: Resource; row: Internal };
}

export interface Resource {
  setName: string;
  entityName: string;
  /** Table name used in "The X does not exist" messages. */
  tableName: string;
  fields: FieldDef[];
  kinds: FieldKinds;
  keyKind: 'guid' | 'string' | 'none';
  /** Key property in the projected JSON (id, customerId, subscriptionId ...). */
  keyProperty: string;
  list(ctx: ServerContext, parent?: { resource: Resource; row: Internal }, query?: QueryOptions): Internal[];
  get(ctx: ServerContext, key: string, parent?: { resource: Resource; row: Internal }): Internal | undefined;
  project(ctx: ServerContext, row: Internal): Record<string, unknown>;
  etag?(row: Internal): string;
  create?(ctx: ServerContext, body: Record<string, unknown>, parent?: { resource: Resource; row: Internal }): Internal;
  /** create() validates everything before it changes the store, so it needs no snapshot to be atomic. */
  selfAtomicCreate?: boolean;
  update?(ctx: ServerContext, row: Internal, body: Record<string, unknown>): Internal;
  remove?(ctx: ServerContext, row: Internal): void;
  actions?: Record<string, (ctx: ServerContext, row: Internal, body: Record<string, unknown>) => ActionResult>;
  navigations?: Record<string, Navigation>;
  /** Top-level GET on line entity sets requires a filter on one of these properties, as in BC. */
  requiresFilterOn?: string[];
  /** HTTP verbs the entity set allows (from the API page flags). */
  operations: string[];
  /** Change tracking enabled (webhook subscriptions allowed). */
  changeTracking: boolean;
  /** The state table list() returns in order, whole or (with inScope) the rows in scope (the table-backed entity sets). */
  table?: keyof Tables;
  /**
   * Fields whose projected value is the stored row's own value. A query that filters and orders only on these is
   * answered from the stored rows and the store's indexes, and only the rows of the page are projected.
   */
  rawFields?: ReadonlySet<string>;
  /** For a set that holds part of its table (the documents of one kind): whether a stored row belongs to it. */
  inScope?: (row: Internal) => boolean;
}

export function etagOf(row: { id: string; version?: unknown }): string {
  return `W/"${Buffer.from(`18;${row.id};${String(row.version ?? 1)};`).toString('base64')}"`;
}

/** Orders the projected object by the metadata field list and checks nothing is missing. */
export function shape(fields: FieldDef[], obj: Record<string, unknown>, setName: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = obj[f.name];
    if (v === undefined) throw new Error(`Business Central stand-in: ${setName}.${f.name} has no value in the projection`);
    out[f.name] = v;
  }
  return out;
}

export function makeKinds(fields: FieldDef[]): FieldKinds {
  return kindsOf(fields);
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isGuid(v: string): boolean {
  return GUID.test(v);
}

/**
 * Validates a POST/PATCH body against the entity's fields. Returns the accepted values (converted,
 * Code fields upper-cased) and the navigation payloads (deep insert), or throws BC's error.
 */
export function validateBody(
  resource: Resource,
  body: unknown,
  mode: 'create' | 'update',
): { values: Record<string, unknown>; nested: Record<string, unknown[]> } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.invalidBody('the body must be a JSON object.');
  const values: Record<string, unknown> = {};
  const nested: Record<string, unknown[]> = {};
  const byName = new Map(resource.fields.map((f) => [f.name, f]));
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    if (key.startsWith('@odata.') || key.startsWith('@')) continue;
    const nav = resource.navigations?.[key];
    if (nav) {
      if (mode !== 'create' || !nav.deepInsert) throw new BcError(400, 'BadRequest', `Deep update of the navigation property '${key}' is not supported. Create or update '${key}' through its own URL.`);
      if (!Array.isArray(raw)) throw errors.invalidBody(`'${key}' must be an array of ${nav.target().entityName} objects.`);
      nested[key] = raw;
      continue;
    }
    const f = byName.get(key);
    if (!f) throw errors.unknownBodyProperty(key, resource.entityName);
    if (!f.editable) {
      // The key and read-only values sent back unchanged (a client echoing a GET) are accepted, as BC ignores equal values.
      if (key === resource.keyProperty && mode === 'update') continue;
      throw errors.readOnly(key);
    }
    values[key] = convert(f, raw);
  }
  return { values, nested };
}

export function convert(f: FieldDef, raw: unknown): unknown {
  const kind = edmKind(f.type);
  const edm = ({ string: 'Edm.String', guid: 'Edm.Guid', decimal: 'Edm.Decimal', int: 'Edm.Int32', boolean: 'Edm.Boolean', date: 'Edm.Date', datetime: 'Edm.DateTimeOffset', enum: 'Edm.String', stream: 'Edm.Stream' } as const)[kind];
  switch (kind) {
    case 'string': {
      if (typeof raw !== 'string') throw errors.convert(raw, edm, f.name);
      const max = maxLength(f.type);
      const v = isCode(f.type) ? raw.toUpperCase() : raw;
      if (max !== undefined && v.length > max) throw errors.stringTooLong(raw, max);
      return v;
    }
    case 'guid':
      if (typeof raw !== 'string' || !GUID.test(raw)) {
        throw new BcError(400, 'Application_InvalidGUID', `Invalid format of GUID string. The correct format of the GUID string is: CDEF7890-ABCD-0123-1234-567890ABCDEF where 0-9, A-F symbolizes hexadecimal digits. Property '${f.name}', value '${String(raw)}'.`);
      }
      return raw.toLowerCase();
    case 'decimal':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw errors.convert(raw, edm, f.name);
      return raw;
    case 'int':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw errors.convert(raw, edm, f.name);
      return raw;
    case 'boolean':
      if (typeof raw !== 'boolean') throw errors.convert(raw, edm, f.name);
      return raw;
    case 'date':
      if (typeof raw !== 'string' || !DATE.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) throw errors.convert(raw, edm, f.name);
      return raw;
    case 'datetime':
      if (typeof raw !== 'string' || Number.isNaN(Date.parse(raw))) throw errors.convert(raw, edm, f.name);
      return new Date(raw).toISOString();
    case 'enum': {
      const allowed = enumValues(f.enum ?? f.type.replace(/^Enum "(.*)"$/, '$1'));
      const decoded = typeof raw === 'string' ? raw.replace(/_x0020_/g, ' ') : raw;
      const match = allowed.find((v) => v === decoded || v.trim() === decoded);
      if (typeof decoded !== 'string' || match === undefined) {
        throw new BcError(400, 'Application_EvaluateException', `The value "${String(raw)}" cannot be evaluated into type ${f.enum ?? 'Enum'}. Allowed values: ${allowed.map((a) => `"${a}"`).join(', ')}.`);
      }
      return match;
    }
    default:
      throw errors.readOnly(f.name);
  }
}

export function guidOrEmpty(id: string | undefined): string {
  return id ? id : EMPTY_GUID;
}
