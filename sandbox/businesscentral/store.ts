/**
 * Owns the state: id indexes, the monotonic clock for lastModifiedDateTime, change events (for
 * webhooks and persistence), snapshots for atomic $batch, and save/load to a data folder.
 *
 * Rows are plain objects that the entity code changes in place, so indexes by value (where(), sorted orders) are
 * not kept row by row: they are derived values (memo()) that stay valid until the next change. Everything that
 * writes calls changed(), directly or through insert/remove/touch/stamp and the transactions; the server also
 * calls it around every request that is not a GET. Between writes (a synchronisation reading page after page)
 * an index is built once and answers every lookup.
 */
import * as fs from 'fs';
import * as path from 'path';
import { randomUUID } from 'crypto';
import { Row, State, Tables, stateFromSeed, SalesDocRow, LineRow, ShipmentRow, ShipmentLineRow } from './state';

export type ChangeType = 'created' | 'updated' | 'deleted';

/**
 * How where() compares values: `text` as they are (a number by its text), `upper` and `lower` case-insensitively
 * (Code fields, GUIDs). No value (null or undefined) is its own key.
 */
export type KeyMode = 'text' | 'upper' | 'lower';

export function keyOf(v: unknown, mode: KeyMode): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  return mode === 'upper' ? s.toUpperCase() : mode === 'lower' ? s.toLowerCase() : s;
}
/** A change to a record of an entity set with change tracking (customers, items, salesOrders, ...). */
export interface ChangeEvent {
  entitySet: string;
  id: string;
  changeType: ChangeType;
  at: string;
}

const STATE_FILE = 'businesscentral-state.json';
const NONE: readonly Row[] = [];

export class Store {
  state: State;
  private byId = new Map<keyof Tables, Map<string, Row>>();
  private lineIndex = new Map<string, { doc: SalesDocRow; line: LineRow }>();
  private shipmentLineIndex = new Map<string, { shipment: ShipmentRow; line: ShipmentLineRow }>();
  private listeners: Array<(e: ChangeEvent) => void> = [];
  private pending: ChangeEvent[] | null = null;
  dirty = false;
  /** Derived values (indexes, sorted orders) valid until the next change. */
  private memos = new Map<string, unknown>();

  constructor(state: State) {
    this.state = state;
    this.reindex();
  }

  static fromSeed(seed?: number, workDate?: string): Store {
    return new Store(stateFromSeed(seed, workDate));
  }

  /** Loads the saved state from dataDir if there is one, else builds it from the seed. */
  static open(dataDir: string | undefined, seed?: number, workDate?: string): { store: Store; loaded: boolean } {
    if (dataDir) {
      const file = path.join(dataDir, STATE_FILE);
      if (fs.existsSync(file)) {
        let parsed: State;
        try {
          parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as State;
        } catch (e) {
          throw new Error(`Business Central stand-in: ${file} is not valid JSON (${(e as Error).message}). Delete it to start again from the demo company.`);
        }
        if (parsed.format !== 'erp-link-bc-standin/1') throw new Error(`Business Central stand-in: ${file} has format "${String(parsed.format)}", expected erp-link-bc-standin/1. Delete it to start again from the demo company.`);
        return { store: new Store(parsed), loaded: true };
      }
    }
    return { store: Store.fromSeed(seed, workDate), loaded: false };
  }

  save(dataDir: string): void {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, STATE_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state));
    fs.renameSync(tmp, file);
    this.dirty = false;
  }

  reindex(): void {
    this.changed();
    this.byId.clear();
    this.lineIndex.clear();
    this.shipmentLineIndex.clear();
    for (const [name, rows] of Object.entries(this.state.tables) as Array<[keyof Tables, Row[]]>) {
      this.byId.set(name, new Map(rows.map((r) => [r.id, r])));
    }
    for (const doc of this.state.tables.salesDocuments) for (const line of doc.lines) this.lineIndex.set(line.id, { doc, line });
    for (const shipment of this.state.tables.shipments) for (const line of shipment.lines) this.shipmentLineIndex.set(line.id, { shipment, line });
  }

  get tables(): Tables {
    return this.state.tables;
  }

  get<K extends keyof Tables>(table: K, id: string): Tables[K][number] | undefined {
    return this.byId.get(table)?.get(id.toLowerCase()) as Tables[K][number] | undefined;
  }

  insert<K extends keyof Tables>(table: K, row: Tables[K][number]): void {
    this.changed();
    (this.state.tables[table] as Row[]).push(row);
    this.byId.get(table)!.set(row.id, row);
    if (table === 'salesDocuments') for (const line of (row as SalesDocRow).lines) this.lineIndex.set(line.id, { doc: row as SalesDocRow, line });
    if (table === 'shipments') for (const line of (row as ShipmentRow).lines) this.shipmentLineIndex.set(line.id, { shipment: row as ShipmentRow, line });
    this.dirty = true;
  }

  remove<K extends keyof Tables>(table: K, id: string): void {
    this.changed();
    const rows = this.state.tables[table] as Row[];
    const i = rows.findIndex((r) => r.id === id);
    if (i >= 0) {
      const [row] = rows.splice(i, 1);
      if (table === 'salesDocuments') for (const line of (row as SalesDocRow).lines) this.lineIndex.delete(line.id);
    }
    this.byId.get(table)!.delete(id);
    this.dirty = true;
  }

  line(id: string): { doc: SalesDocRow; line: LineRow } | undefined {
    return this.lineIndex.get(id.toLowerCase());
  }

  shipmentLine(id: string): { shipment: ShipmentRow; line: ShipmentLineRow } | undefined {
    return this.shipmentLineIndex.get(id.toLowerCase());
  }

  indexLine(doc: SalesDocRow, line: LineRow): void {
    this.lineIndex.set(line.id, { doc, line });
  }

  unindexLine(id: string): void {
    this.lineIndex.delete(id);
  }

  /** Rows may have changed (in place or not): every derived value is computed again on its next use. */
  changed(): void {
    if (this.memos.size) this.memos.clear();
  }

  /** Whether memo(key) holds a value (computed since the last change). */
  has(key: string): boolean {
    return this.memos.has(key);
  }

  /** A value derived from the rows (an index, a sorted order), kept until the next change. */
  memo<T>(key: string, build: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = build();
    this.memos.set(key, value);
    return value;
  }

  /**
   * Rows of `table` whose `field` equals `value` under `mode` (see KeyMode), in table order, through an index built
   * on first use. The array is the index's own: do not change it.
   */
  where<K extends keyof Tables>(table: K, field: string, value: unknown, mode: KeyMode = 'text'): readonly Tables[K][number][] {
    const index = this.memo(`where:${table}:${field}:${mode}`, () => {
      const m = new Map<string | null, Row[]>();
      for (const r of this.state.tables[table] as Row[]) {
        const k = keyOf((r as unknown as Record<string, unknown>)[field], mode);
        const list = m.get(k);
        if (list) list.push(r);
        else m.set(k, [r]);
      }
      return m;
    });
    return (index.get(keyOf(value, mode)) ?? NONE) as readonly Tables[K][number][];
  }

  /** Position of each row in its table (to put rows found through several index entries back in table order). */
  positions(table: keyof Tables): Map<Row, number> {
    return this.memo(`positions:${table}`, () => new Map((this.state.tables[table] as Row[]).map((r, i) => [r, i])));
  }

  /** Strictly increasing ISO timestamps: two changes never share a lastModifiedDateTime. */
  stamp(): string {
    this.changed();
    const now = Math.max(Date.now(), this.state.lastStamp + 1);
    this.state.lastStamp = now;
    return new Date(now).toISOString();
  }

  newId(): string {
    return randomUUID();
  }

  /** Marks a row modified (version for the ETag, lastModifiedDateTime) and emits a change event for tracked entity sets. */
  touch(row: Row, entitySet: string | null, changeType: ChangeType = 'updated'): void {
    this.changed();
    row.version += 1;
    row.lastModifiedDateTime = this.stamp();
    this.dirty = true;
    if (entitySet) this.emit({ entitySet, id: row.id, changeType, at: row.lastModifiedDateTime });
  }

  emit(e: ChangeEvent): void {
    this.dirty = true;
    if (this.pending) this.pending.push(e);
    else for (const l of this.listeners) l(e);
  }

  onChange(listener: (e: ChangeEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Starts an atomic unit: changes can be rolled back and change events are held until commit. */
  begin(): { snapshot: string; outer: ChangeEvent[] | null } {
    this.changed();
    const token = { snapshot: JSON.stringify(this.state), outer: this.pending };
    this.pending = [];
    return token;
  }

  commit(token: { snapshot: string; outer: ChangeEvent[] | null }): void {
    this.changed();
    const events = this.pending ?? [];
    this.pending = token.outer;
    for (const e of events) this.emit(e);
  }

  abort(token: { snapshot: string; outer: ChangeEvent[] | null }): void {
    this.rollback(token.snapshot, token.outer);
  }

  /** Runs fn atomically: on throw (or when shouldCommit says no) every change is rolled back and no event is emitted. */
  transaction<T>(fn: () => T, shouldCommit: (result: T) => boolean = () => true): T {
    const token = this.begin();
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.abort(token);
      throw e;
    }
    if (!shouldCommit(result)) this.abort(token);
    else this.commit(token);
    return result;
  }

  private rollback(snapshot: string, outer: ChangeEvent[] | null): void {
    this.changed();
    const lastStamp = this.state.lastStamp;
    this.state = JSON.parse(snapshot) as State;
    this.state.lastStamp = lastStamp;
    this.reindex();
    this.pending = outer;
  }
}
