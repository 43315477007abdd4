/** True when figures written at `asOf` are older than the maximum age the form allows. */
export function isStale(asOf: string | null | undefined, now: number, maxAgeMinutes: number): boolean {
  if (!asOf || !(maxAgeMinutes > 0)) return false;
  const t = Date.parse(asOf);
  return !Number.isNaN(t) && now - t > maxAgeMinutes * 60_000;
}
