/**
 * The state of one open record: its values in the shapes Xrm and PCF use (lookups as [{id, name, entityType}],
 * choices as numbers, dates as Date), what changed, which controls a script disabled, and the form notifications.
 * The Xrm formContext, the PCF contexts and the React form all read and write this one object.
 */
import type { Metadata } from '../data/metadata';
import { formattedName, type EntityRecord } from '../data/webApi';

export interface LookupRef {
  id: string;
  name: string;
  entityType: string;
}

export type FieldValue = string | number | boolean | Date | LookupRef[] | null;

export interface FormNotification {
  id: string;
  level: 'ERROR' | 'WARNING' | 'INFO';
  message: string;
}

type Listener = () => void;
type ChangeHandler = (attribute: string) => void;

const LOOKUP_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';

/**
 * A date the user picked → the Web API value, as a model-driven form sends it ("Behavior and format of the date and
 * time column"): a DateOnly-behaviour column gets the calendar date the user sees; a UserLocal column (even with
 * the Date Only format, like salesorder.requestdeliveryby) gets the UTC instant of the user's local time, so a
 * Paris user's 24 December is 2026-12-23T23:00:00Z.
 */
export function dateForWire(v: Date, behavior: string | undefined): string {
  if (behavior === 'DateOnly') return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return v.toISOString();
}

export class FormModel {
  readonly values = new Map<string, FieldValue>();
  readonly formatted = new Map<string, string>();
  private original = new Map<string, FieldValue>();
  readonly dirty = new Set<string>();
  readonly disabledControls = new Map<string, boolean>();
  readonly hiddenControls = new Set<string>();
  readonly requiredLevels = new Map<string, string>();
  notifications: FormNotification[] = [];
  private listeners = new Set<Listener>();
  private changeHandlers = new Map<string, Set<ChangeHandler>>();
  etag: string | undefined;
  raw: EntityRecord = {};
  version = 0;

  constructor(readonly entity: string, public id: string | null, readonly meta: Metadata) {}

  /** Loads a Web API record (with formatted-value and lookup annotations). */
  load(record: EntityRecord): void {
    this.raw = record;
    this.values.clear();
    this.formatted.clear();
    this.dirty.clear();
    this.etag = record['@odata.etag'] as string | undefined;
    const info = this.meta.has(this.entity) ? this.meta.entity(this.entity) : undefined;
    for (const [key, value] of Object.entries(record)) {
      if (key.includes('@')) continue;
      const lookup = /^_(.+)_value$/.exec(key);
      if (lookup) {
        const attr = lookup[1];
        const entityType = (record[`${key}@${LOOKUP_NAME}`] as string | undefined) ?? this.meta.attribute(this.entity, attr)?.targets?.[0] ?? '';
        const name = (record[formattedName(key)] as string | undefined) ?? '';
        this.values.set(attr, value ? [{ id: String(value), name, entityType }] : null);
        if (name) this.formatted.set(attr, name);
        continue;
      }
      const type = info?.attributes[key]?.type;
      if (type === 'datetime' && typeof value === 'string') this.values.set(key, new Date(value.length === 10 ? `${value}T00:00:00` : value));
      else this.values.set(key, value as FieldValue);
      const f = record[formattedName(key)];
      if (typeof f === 'string') this.formatted.set(key, f);
    }
    if (info && !this.id) this.id = (record[info.primaryId] as string | undefined) ?? null;
    this.original = new Map(this.values);
    this.bump();
  }

  get(attribute: string): FieldValue {
    return this.values.has(attribute) ? (this.values.get(attribute) as FieldValue) : null;
  }

  has(attribute: string): boolean {
    return this.values.has(attribute) || !!this.meta.attribute(this.entity, attribute);
  }

  set(attribute: string, value: FieldValue, fireOnChange = false): void {
    this.values.set(attribute, value);
    const before = this.original.get(attribute) ?? null;
    if (sameValue(before, value)) this.dirty.delete(attribute);
    else this.dirty.add(attribute);
    this.formatted.delete(attribute);
    if (fireOnChange) this.fireOnChange(attribute);
    this.bump();
  }

  isDirty(): boolean {
    return this.dirty.size > 0;
  }

  /** Whether this form creates a record (no id yet): Save POSTs instead of PATCHing. */
  isNew(): boolean {
    return !this.id;
  }

  /**
   * The POST/PATCH body for what changed, lookups through `<navigation>@odata.bind` (by default the navigation the
   * metadata names for the lookup's target).
   */
  changes(navigationFor: (attribute: string, target: string) => string | undefined = (a, target) => this.meta.navigationFor(this.entity, a, target)): EntityRecord {
    const body: EntityRecord = {};
    for (const attr of this.dirty) {
      const v = this.values.get(attr) ?? null;
      if (Array.isArray(v)) {
        const ref = v[0];
        const nav = ref ? navigationFor(attr, ref.entityType) : navigationFor(attr, this.meta.attribute(this.entity, attr)?.targets?.[0] ?? '');
        if (!nav) continue;
        body[`${nav}@odata.bind`] = ref ? `/${this.meta.entitySetName(ref.entityType)}(${ref.id.replace(/[{}]/g, '')})` : null;
      } else if (v instanceof Date) {
        body[attr] = dateForWire(v, this.meta.attribute(this.entity, attr)?.dateTimeBehavior);
      } else body[attr] = v;
    }
    return body;
  }

  addOnChange(attribute: string, handler: ChangeHandler): void {
    if (!this.changeHandlers.has(attribute)) this.changeHandlers.set(attribute, new Set());
    this.changeHandlers.get(attribute)!.add(handler);
  }

  removeOnChange(attribute: string, handler: ChangeHandler): void {
    this.changeHandlers.get(attribute)?.delete(handler);
  }

  fireOnChange(attribute: string): void {
    for (const h of this.changeHandlers.get(attribute) ?? []) h(attribute);
  }

  setNotification(n: FormNotification): boolean {
    this.notifications = [...this.notifications.filter((x) => x.id !== n.id), n];
    this.bump();
    return true;
  }

  clearNotification(id?: string): boolean {
    const before = this.notifications.length;
    this.notifications = id === undefined ? [] : this.notifications.filter((x) => x.id !== id);
    this.bump();
    return this.notifications.length !== before;
  }

  /** Read-only like a real form: any state other than Active (statecode 0) opens read-only, as Sales does. */
  isReadOnly(): boolean {
    const state = this.values.get('statecode');
    return typeof state === 'number' && state !== 0;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  bump(): void {
    this.version++;
    for (const l of [...this.listeners]) l();
  }
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x.id.replace(/[{}]/g, '').toLowerCase() === b[i].id.replace(/[{}]/g, '').toLowerCase());
  return (a === null || a === undefined || a === '') && (b === null || b === undefined || b === '');
}
