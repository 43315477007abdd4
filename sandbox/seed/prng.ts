/**
 * Deterministic pseudo-random numbers (mulberry32). The demo data must be identical for a given seed
 * on every machine and in both stand-ins, so Math.random is never used.
 */
export interface Rng {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** Decimal rounded to `decimals` places in [min, max). */
  decimal(min: number, max: number, decimals?: number): number;
  chance(probability: number): boolean;
  pick<T>(list: readonly T[]): T;
  /** Deterministic version-4-shaped GUID. */
  guid(): string;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number): string => Math.floor(next() * 16 ** n).toString(16).padStart(n, '0');
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    decimal: (min, max, decimals = 2) => Math.round((min + next() * (max - min)) * 10 ** decimals) / 10 ** decimals,
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    guid: () => {
      const variant = (8 + Math.floor(next() * 4)).toString(16);
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(6)}${hex(6)}`;
    },
  };
}
