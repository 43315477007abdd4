/**
 * In-memory rows per table, a global row version (Dataverse's versionnumber, the ETag), and transactions with an
 * undo journal so a $batch change set rolls back completely. Optional JSON persistence to a data folder.
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

interface Snapshot {
  format: 2;
  version: number;
  /** table → [id, row] pairs (ids kept apart so loading needs no metadata). */
  tables: Record<string, Array<[string, Row]>>;
  meta: Record<string, unknown>;
}

export class Store {
  private data = new Map<string, Map<string, Row>>();
  private journal: Array<() => void> | null = null;
  private afterCommit: Array<() => void> = [];
  version = 1_000_000;
  /** Free-form state that must survive a restart (imported solutions, users added at run time). */
  meta: Record<string, unknown> = {};
  private dirty = false;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(private readonly file?: string) {}

  table(name: string): Map<string, Row> {
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
    const t = this.table(table);
    const key = id.toLowerCase();
    const before = t.get(key);
    if (this.journal) this.journal.push(before ? () => t.set(key, before) : () => t.delete(key));
    t.set(key, row);
    this.touch();
  }

  remove(table: string, id: string): Row | undefined {
    const t = this.table(table);
    const key = id.toLowerCase();
    const before = t.get(key);
    if (!before) return undefined;
    if (this.journal) this.journal.push(() => t.set(key, before));
    t.delete(key);
    this.touch();
    return before;
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
