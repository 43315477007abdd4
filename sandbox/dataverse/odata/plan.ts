/**
 * Which rows a query or a key check has to look at, from the store's equality indexes (Store.idsWhere): the rows
 * an `eq` condition, a `Microsoft.Dynamics.CRM.In` condition or an alternate key can match. Only a superset is
 * needed: the caller still tests every row with the full filter or key comparison, so the answers are the same as
 * a scan of the whole table; an index only decides how many rows get tested.
 *
 * `and` takes the smaller side, `or` the union of both sides (when both are indexed); anything else (ranges,
 * `ne`, functions, navigation paths, lambdas, date-time columns) gives no plan and the table is scanned.
 * Choices, states and yes/no columns get no index either: a handful of values, each held by a large share of the
 * rows, narrows nothing and would cost an index entry per row (`statecode eq 0 and <key> eq x` uses the key).
 */
import type { ColumnDef, TableDef } from '../metadata/types';
import type { Row, Store, Value } from '../store';
import type { FilterNode, Literal } from './filter';

const LOOKUP_TYPES = new Set(['lookup', 'customer', 'owner']);
/** A string literal a non-string column compares as a date-time (engine compareValues), which the index keys do not. */
const DATETIME_TEXT = /^\d{4}-\d{2}-\d{2}T/;

interface Plan {
  /** Upper bound of the rows the parts name (duplicates counted twice). */
  size: number;
  parts: Array<{ column: string; value: Value }>;
}

/** The column a single-segment property or In PropertyName designates, as the engine resolves it; undefined if none. */
function columnOf(table: TableDef, name: string): ColumnDef | undefined {
  const m = /^_(.+)_value$/.exec(name);
  const col = m ? table.columns.get(m[1]) : table.columns.get(name);
  if (!col) return undefined;
  if (m ? !LOOKUP_TYPES.has(col.type) : LOOKUP_TYPES.has(col.type)) return undefined;
  return col;
}

const UNSELECTIVE = new Set(['picklist', 'state', 'status', 'boolean']);

/** Whether `value` compares equal to a stored value exactly when their index keys are equal (or never), and an index on `col` is worth it. */
function indexable(col: ColumnDef, value: unknown): boolean {
  if (col.type === 'datetime' || col.dateOnly || UNSELECTIVE.has(col.type)) return false;
  const str = col.type === 'string' || col.type === 'memo';
  return !(typeof value === 'string' && !str && DATETIME_TEXT.test(value));
}

function literalValue(l: Literal): Value | undefined {
  if (l.edm === 'datetime' || l.edm === 'date') return undefined;
  return l.value;
}

function plan(store: Store, table: TableDef, node: FilterNode): Plan | null {
  switch (node.type) {
    case 'and': {
      const l = plan(store, table, node.left);
      const r = plan(store, table, node.right);
      if (l && r) return l.size <= r.size ? l : r;
      return l ?? r;
    }
    case 'or': {
      const l = plan(store, table, node.left);
      const r = plan(store, table, node.right);
      return l && r ? { size: l.size + r.size, parts: [...l.parts, ...r.parts] } : null;
    }
    case 'cmp': {
      if (node.op !== 'eq') return null;
      const [prop, lit] = node.left.kind === 'prop' ? [node.left, node.right] : [node.right, node.left];
      if (prop.kind !== 'prop' || lit.kind !== 'literal' || prop.path.length !== 1) return null;
      const col = columnOf(table, prop.path[0]);
      const value = literalValue(lit);
      if (!col || value === undefined || !indexable(col, value)) return null;
      return one(store, table, col.logicalName, value);
    }
    case 'crm': {
      if (node.name !== 'In') return null;
      const name = String(node.params.PropertyName ?? '');
      const direct = table.columns.get(name);
      const col = columnOf(table, name.startsWith('_') ? name : direct && LOOKUP_TYPES.has(direct.type) ? `_${name}_value` : name);
      const values = node.params.PropertyValues;
      if (!col || !Array.isArray(values) || values.some((v) => !indexable(col, v))) return null;
      const out: Plan = { size: 0, parts: [] };
      for (const v of new Set(values as Value[])) {
        const p = one(store, table, col.logicalName, v);
        out.size += p.size;
        out.parts.push(...p.parts);
      }
      return out;
    }
    default:
      return null;
  }
}

function one(store: Store, table: TableDef, column: string, value: Value): Plan {
  return { size: store.countWhere(table.logicalName, column, value), parts: [{ column, value }] };
}

function rowsOf(store: Store, table: string, parts: Plan['parts']): Row[] {
  const out: Row[] = [];
  const seen = parts.length > 1 ? new Set<string>() : null;
  for (const p of parts) {
    for (const id of store.idsWhere(table, p.column, p.value)) {
      if (seen) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      const r = store.get(table, id);
      if (r) out.push(r);
    }
  }
  return out;
}

/** The rows `filter` can match by an index, or null when no indexed condition narrows it (scan the table). */
export function filterCandidates(store: Store, table: TableDef, filter: FilterNode): Row[] | null {
  const p = plan(store, table, filter);
  return p ? rowsOf(store, table.logicalName, p.parts) : null;
}

/** Rows that can hold the alternate-key values `values` (through the most selective column of the key). */
export function keyCandidates(store: Store, table: string, key: readonly string[], values: Row): Row[] {
  let best: { column: string; size: number } | null = null;
  for (const column of key) {
    const size = store.countWhere(table, column, values[column]);
    if (!best || size < best.size) best = { column, size };
  }
  if (!best) return [...store.rows(table)];
  return store.rowsWhere(table, best.column, values[best.column]);
}
