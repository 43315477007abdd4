/**
 * In-memory rows per table, a global row version (Dataverse's versionnumber, the ETag), and transactions with an
 * undo journal so a $batch change set rolls back completely. Optional JSON persistence to a data folder.
 *
 * Equality indexes: the first query that looks a column up by value builds an index of that (table, column), and
 * every later write keeps it, so key checks and `eq` / `In` filters cost the rows they find, not the whole table.
 * Every write goes through setRow (put, remove, undo, load), which is what keeps the indexes right.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface LookupValue {
  id: string;
  table: string;
}
export type Value = string | number | boolean | null | LookupValue;
export type Row = Record<string, Value>;

export const isLookup = (v: unknown): v is LookupValue => typeof v === 'object' && v !== null && 'id' in v && 'table' in v;

/**
 * The key a value is indexed under: a lookup by its id, anything else by its text, lower-cased; null for no value.
 * Values the engine calls equal (case-insensitive strings, a lookup and its id, 1 and '1') share a key, so a lookup
 * by key finds every row that can match; callers still test each row they get with their own comparison.
 */
export function indexKey(v: Value | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (isLookup(v)) return v.id.toLowerCase();
  return String(v).toLowerCase();
}

/** Index key → the row id (one row) or the ids (several). Most keys of a key column hold one row: no Set for them. */
type ColumnIndex = Map<string | null, string | Set<string>>;

const NO_IDS: ReadonlySet<string> = new Set();

interface Snapshot {
  format: 2;
  version: number;
  /** table → [id, row] pairs (ids kept apart so loading needs no metadata). */
  tables: Record<string, Array<[string, Row]>>;
  meta: Record<string, unknown>;
}

export class Store {
  private data = new Map<string, Map<string, Row>>();
  /** table → column → index, built on first use (see idsWhere). */
  private indexes = new Map<string, Map<string, ColumnIndex>>();
  /** Writes so far, and the count at each table's last write (see tableVersion). */
  private writes = 0;
  private lastWrite = new Map<string, number>();
  private loadedAt = 0;
  private journal: Array<() => void> | null = null;
  private afterCommit: Array<() => void> = [];
  version = 1_000_000;
  /** Free-form state that must survive a restart (imported solutions, users added at run time). */
  meta: Record<string, unknown> = {};
  private dirty = false;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly file?: string) {}

  private table(name: string): Map<string, Row> {
    let t = this.data.get(name);
    if (!t) {
      t = new Map();
      this.data.set(name, t);
    }
    return t;
  }

  get(table: string, id: string): Row | undefined {
    return this.data.get(table)?.get(id.toLowerCase());
  }

  rows(table: string): IterableIterator<Row> {
    return this.table(table).values();
  }

  count(table: string): number {
    return this.data.get(table)?.size ?? 0;
  }

  nextVersion(): number {
    return ++this.version;
  }

  /** Inserts or replaces the row stored under `id` (rows are replaced, never mutated, so the journal can restore them). */
  put(table: string, id: string, row: Row): void {
    const key = id.toLowerCase();
    const before = this.table(table).get(key);
    if (this.journal) this.journal.push(() => this.setRow(table, key, before));
    this.setRow(table, key, row);
    this.touch();
  }

  remove(table: string, id: string): Row | undefined {
    const key = id.toLowerCase();
    const before = this.table(table).get(key);
    if (!before) return undefined;
    if (this.journal) this.journal.push(() => this.setRow(table, key, before));
    this.setRow(table, key, undefined);
    this.touch();
    return before;
  }

  /** The one place rows change: the table and every index of it. `row` undefined deletes. */
  private setRow(table: string, key: string, row: Row | undefined): void {
    this.lastWrite.set(table, ++this.writes);
    const t = this.table(table);
    const before = t.get(key);
    if (row) t.set(key, row);
    else t.delete(key);
    const indexes = this.indexes.get(table);
    if (!indexes) return;
    for (const [column, index] of indexes) {
      const was = before ? indexKey(before[column]) : undefined;
      const now = row ? indexKey(row[column]) : undefined;
      if (was === now) continue;
      if (was !== undefined) unindex(index, was, key);
      if (now !== undefined) addToIndex(index, now, key);
    }
  }

  /**
   * Ids (lower-case, as stored) of the rows of `table` whose `column` has the index key of `value` (see indexKey).
   * A superset of the rows equal to `value` by any of the engine's comparisons; callers test the rows themselves.
   * The set is the index's own: read it before writing to the table, or use rowsWhere, which copies.
   */
  idsWhere(table: string, column: string, value: Value | undefined): ReadonlySet<string> {
    const hit = this.index(table, column).get(indexKey(value));
    if (hit === undefined) return NO_IDS;
    return typeof hit === 'string' ? new Set([hit]) : hit;
  }

  /** How many rows idsWhere would give, without building a set. */
  countWhere(table: string, column: string, value: Value | undefined): number {
    const hit = this.index(table, column).get(indexKey(value));
    return hit === undefined ? 0 : typeof hit === 'string' ? 1 : hit.size;
  }

  /** The rows idsWhere names. */
  rowsWhere(table: string, column: string, value: Value | undefined): Row[] {
    const t = this.table(table);
    const out: Row[] = [];
    for (const id of this.idsWhere(table, column, value)) {
      const r = t.get(id);
      if (r) out.push(r);
    }
    return out;
  }

  private index(table: string, column: string): ColumnIndex {
    let byColumn = this.indexes.get(table);
    if (!byColumn) {
      byColumn = new Map();
      this.indexes.set(table, byColumn);
    }
    let index = byColumn.get(column);
    if (!index) {
      index = new Map();
      for (const [key, row] of this.table(table)) addToIndex(index, indexKey(row[column]), key);
      byColumn.set(column, index);
    }
    return index;
  }

  /** Changes whenever a row of `table` is written (or the store reloaded): what a cached order of its rows checks. */
  tableVersion(table: string): number {
    return this.lastWrite.get(table) ?? this.loadedAt;
  }

  /** Columns indexed so far, per table (for tests and the bench). */
  indexedColumns(): Record<string, string[]> {
    return Object.fromEntries([...this.indexes].map(([t, cols]) => [t, [...cols.keys()]]));
  }

  get inTransaction(): boolean {
    return this.journal !== null;
  }

  /** Runs `fn` atomically: any throw restores every row it touched. Nested calls join the outer transaction. */
  transaction<T>(fn: () => T): T {
    if (this.journal) return fn();
    this.journal = [];
    const savedVersion = this.version;
    try {
      const result = fn();
      this.journal = null;
      const hooks = this.afterCommit;
      this.afterCommit = [];
      for (const h of hooks) h();
      return result;
    } catch (e) {
      const undo = this.journal ?? [];
      this.journal = null;
      this.afterCommit = [];
      for (let i = undo.length - 1; i >= 0; i--) undo[i]();
      this.version = savedVersion;
      throw e;
    }
  }

  /** Runs `hook` when the current transaction commits (at once outside a transaction). Webhooks use this. */
  onCommit(hook: () => void): void {
    if (this.journal) this.afterCommit.push(hook);
    else hook();
  }

  private touch(): void {
    if (!this.file) return;
    this.dirty = true;
    if (!this.saveTimer) {
      this.saveTimer = setTimeout(() => {
        this.saveTimer = null;
        this.save();
      }, 250);
      this.saveTimer.unref();
    }
  }

  markDirty(): void {
    this.touch();
  }

  /** Writes the snapshot atomically (temp file + rename), so a crash never leaves half a file. */
  save(): void {
    if (!this.file || !this.dirty) return;
    const snapshot: Snapshot = { format: 2, version: this.version, tables: {}, meta: this.meta };
    for (const [name, rows] of this.data) snapshot.tables[name] = [...rows.entries()];
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(snapshot));
    fs.renameSync(tmp, this.file);
    this.dirty = false;
  }

  /** Loads a snapshot written by save(); returns false when there is none. */
  load(): boolean {
    if (!this.file || !fs.existsSync(this.file)) return false;
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Snapshot;
    } catch (e) {
      throw new Error(`${this.file} is not a readable Dataverse stand-in snapshot (${(e as Error).message}). Delete it to start from the seed again.`);
    }
    if (snapshot.format !== 2) throw new Error(`${this.file} was written by another version of the stand-in; delete it to start from the seed again.`);
    this.data.clear();
    this.indexes.clear();
    this.lastWrite.clear();
    this.loadedAt = ++this.writes;
    for (const [name, rows] of Object.entries(snapshot.tables)) {
      const t = this.table(name);
      for (const [id, r] of rows) t.set(id, r);
    }
    this.version = snapshot.version;
    this.meta = snapshot.meta ?? {};
    return true;
  }

  close(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.save();
  }
}

function addToIndex(index: ColumnIndex, k: string | null, id: string): void {
  const hit = index.get(k);
  if (hit === undefined) index.set(k, id);
  else if (typeof hit === 'string') {
    if (hit !== id) index.set(k, new Set([hit, id]));
  } else hit.add(id);
}

function unindex(index: ColumnIndex, k: string | null, id: string): void {
  const hit = index.get(k);
  if (hit === undefined) return;
  if (typeof hit === 'string') {
    if (hit === id) index.delete(k);
    return;
  }
  hit.delete(id);
  if (hit.size === 1) index.set(k, hit.values().next().value as string);
  else if (!hit.size) index.delete(k);
}
