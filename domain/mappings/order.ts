/**
 * Dependency order of mappings: a mapping runs after every mapping it depends on (salespeople before customers,
 * units before items, price lists before their lines). Among mappings that are ready at the same time, Business
 * Central's full-synchronisation priority decides, then the name, so the order is stable.
 */
import type { IntegrationMapping } from './types';

/**
 * Business Central's full-synchronisation priority (GetPrioritizedMappingList): among mappings whose
 * dependencies are done, these go first, in this order; others follow by name.
 */
export const FULL_SYNC_PRIORITY = ['SALESPEOPLE', 'CURRENCY', 'UNIT OF MEASURE', 'PAYMENT TERMS', 'SHIPMENT METHOD', 'CUSTOMER', 'CONTACT', 'ITEM-PRODUCT', 'RESOURCE-PRODUCT'];

type Node = Pick<IntegrationMapping, 'name' | 'dependencies'>;

/** A dependency cycle as a path that ends where it starts (A → B → A), or null. Unknown names are ignored. */
export function findCycle(mappings: readonly Node[]): string[] | null {
  const byName = new Map(mappings.map((m) => [m.name, m]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    const s = state.get(name);
    if (s === 'done') return null;
    if (s === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of byName.get(name)?.dependencies ?? []) {
      if (!byName.has(dep)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, 'done');
    return null;
  };
  for (const m of [...mappings].sort((a, b) => a.name.localeCompare(b.name))) {
    const cycle = visit(m.name);
    if (cycle) return cycle;
  }
  return null;
}

const rank = (name: string): number => {
  const i = FULL_SYNC_PRIORITY.indexOf(name);
  return i < 0 ? FULL_SYNC_PRIORITY.length : i;
};

/**
 * The mappings in an order where dependencies come first. Dependencies on mappings not in the list are ignored
 * (they are not run). Throws on a cycle: validation reports cycles before anything runs.
 */
export function dependencyOrder<T extends Node>(mappings: readonly T[]): T[] {
  const cycle = findCycle(mappings);
  if (cycle) throw new Error(`The mappings depend on each other in a circle: ${cycle.join(' → ')}.`);
  const names = new Set(mappings.map((m) => m.name));
  const pending = new Map(mappings.map((m) => [m.name, new Set(m.dependencies.filter((d) => names.has(d) && d !== m.name))]));
  const out: T[] = [];
  const byName = new Map(mappings.map((m) => [m.name, m]));
  while (pending.size) {
    const ready = [...pending.entries()].filter(([, deps]) => deps.size === 0).map(([n]) => n);
    ready.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const next = ready[0];
    out.push(byName.get(next) as T);
    pending.delete(next);
    for (const deps of pending.values()) deps.delete(next);
  }
  return out;
}

/** Every mapping `name` depends on, directly or not (for "run CUSTOMER with what it needs"). */
export function withDependencies<T extends Node>(mappings: readonly T[], names: readonly string[]): T[] {
  const byName = new Map(mappings.map((m) => [m.name, m]));
  const wanted = new Set<string>();
  const add = (n: string): void => {
    if (wanted.has(n) || !byName.has(n)) return;
    wanted.add(n);
    for (const d of byName.get(n)!.dependencies) add(d);
  };
  names.forEach(add);
  return dependencyOrder(mappings.filter((m) => wanted.has(m.name)));
}
