/**
 * Answers a collection query from the stored rows when it filters and orders only on stored fields
 * (Resource.rawFields): an `eq` condition (or an `or` of them) on a stored field takes its rows from the store's
 * index, the filter is then evaluated on the stored rows, an unfiltered order is sorted once per change of the
 * store, and only the rows of the page get projected (balances, stock and ids of codes are computed for them
 * alone). The answer is the same as projecting, filtering and sorting every row: same rows, same order (the
 * sort is stable and starts from table order), the index only decides how many rows are tested.
 */
import type { KeyMode, Store } from './store';
import type { Row } from './state';
import { DATETIME_PATTERN, evaluate, filterProperties, type FilterNode, type QueryOptions, sortRows } from './odata';
import type { Internal, Resource } from './resource';

/** One index entry: the rows whose `field` has `value` under `mode` (null: no value, null or undefined alike). */
interface Lookup {
  field: string;
  value: unknown;
  mode: KeyMode;
}

const size = (store: Store, resource: Resource, found: Lookup[]): number => found.reduce((n, l) => n + store.where(resource.table!, l.field, l.value, l.mode).length, 0);

/** The index lookups whose rows include every row `node` can match, or null when `node` cannot use an index. */
function lookups(store: Store, resource: Resource, node: FilterNode): Lookup[] | null {
  switch (node.type) {
    case 'and': {
      const l = lookups(store, resource, node.left);
      const r = lookups(store, resource, node.right);
      if (l && r) return size(store, resource, l) <= size(store, resource, r) ? l : r;
      return l ?? r;
    }
    case 'or': {
      const l = lookups(store, resource, node.left);
      const r = lookups(store, resource, node.right);
      return l && r ? [...l, ...r] : null;
    }
    case 'cmp': {
      if (node.op !== 'eq') return null;
      const [prop, lit] = node.left.type === 'prop' ? [node.left, node.right] : [node.right, node.left];
      if (prop.type !== 'prop' || lit.type !== 'lit' || prop.transform || !resource.rawFields?.has(prop.name)) return null;
      const kind = resource.kinds.get(prop.name);
      if (lit.lit.kind === 'null') return [{ field: prop.name, value: null, mode: 'text' }];
      switch (kind) {
        case 'string':
        case 'enum': {
          // Two texts that both look like date-times are compared as instants (odata.ts compare): no index for those.
          if (lit.lit.kind !== 'string' || DATETIME_PATTERN.test(lit.lit.value)) return null;
          const code = kind === 'string' && resource.kinds.codes.has(prop.name);
          return [{ field: prop.name, value: lit.lit.value, mode: code ? 'upper' : 'text' }];
        }
        case 'guid':
          return lit.lit.kind === 'guid' ? [{ field: prop.name, value: lit.lit.value, mode: 'lower' }] : null;
        case 'decimal':
        case 'int':
        case 'boolean':
          return lit.lit.kind === 'number' || lit.lit.kind === 'boolean' ? [{ field: prop.name, value: lit.lit.value, mode: 'text' }] : null;
        default:
          return null;
      }
    }
    default:
      return null;
  }
}

/** Rows the lookups name, each once, in table order (only those in the set's scope, for sets sharing a table). */
function rowsOf(store: Store, resource: Resource, found: Lookup[]): Row[] {
  const table = resource.table!;
  const scope = resource.inScope as ((r: Row) => boolean) | undefined;
  const inScope = (rows: Row[]): Row[] => (scope ? rows.filter(scope) : rows);
  if (found.length === 1) return inScope([...store.where(table, found[0].field, found[0].value, found[0].mode)]);
  const hits = new Set<Row>();
  for (const l of found) for (const r of store.where(table, l.field, l.value, l.mode)) hits.add(r);
  const pos = store.positions(table);
  return inScope([...hits].sort((a, b) => pos.get(a)! - pos.get(b)!));
}

/**
 * The rows of a top-level collection query on a table-backed entity set, filtered and ordered, or null when the
 * query needs projected values (a filter or order on a computed field): the caller then projects every row.
 */
export function plannedRows(store: Store, resource: Resource, all: readonly Internal[], q: QueryOptions): readonly Internal[] | null {
  if (!resource.table || !resource.rawFields) return null;
  const raw = resource.rawFields;
  if (q.filter && !filterProperties(q.filter).every((p) => raw.has(p))) return null;
  if (q.orderby && !q.orderby.every((o) => raw.has(o.name))) return null;
  const orderby = q.orderby?.length ? q.orderby : null;
  const sort = (list: readonly Internal[]): Internal[] => {
    const copy = [...list];
    sortRows(copy, orderby!, resource.kinds);
    return copy;
  };
  // The whole table in this order, sorted once until the next change (the connector pages through it).
  const sortedKey = orderby ? `sorted:${resource.setName}:${orderby.map((o) => `${o.name} ${o.desc ? 'desc' : 'asc'}`).join(',')}` : '';
  const sortedAll = (): readonly Internal[] => store.memo(sortedKey, () => sort(all));
  if (!q.filter) return orderby ? sortedAll() : all;
  const filter = q.filter;
  const found = lookups(store, resource, filter);
  const keep = (r: Internal): boolean => evaluate(filter, r, resource.kinds);
  if (found) {
    const rows = (rowsOf(store, resource, found) as unknown as Internal[]).filter(keep);
    return orderby ? sort(rows) : rows;
  }
  // Every row is tested anyway. When the table is already sorted in this order, or most rows match (resuming
  // `number gt '…'` pages), test them in sorted order instead of sorting the matches: a stable sort of the table
  // then a filter gives the same sequence as a filter then a stable sort.
  if (!orderby) return all.filter(keep);
  if (store.has(sortedKey)) return sortedAll().filter(keep);
  const rows = all.filter(keep);
  return rows.length * 2 >= all.length ? sortedAll().filter(keep) : sort(rows);
}
