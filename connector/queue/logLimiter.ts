/**
 * Rate-limited logging of repeated errors (issue 15, path 4: 50 unclaimable rows wrote 94 MB of logs). The first
 * occurrence of a message is logged; the same message within `windowMs` is counted, not written, and the next one
 * written after the window says how many were left out.
 */
export class LogLimiter {
  private readonly seen = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 1000,
  ) {}

  /** Whether to write `key` now, and how many of it were left out since it was last written. */
  allow(key: string): { write: boolean; suppressed: number } {
    const t = this.now();
    const s = this.seen.get(key);
    if (s && t - s.at < this.windowMs) {
      s.suppressed += 1;
      return { write: false, suppressed: s.suppressed };
    }
    if (!s && this.seen.size >= this.maxKeys) this.seen.clear();
    const suppressed = s?.suppressed ?? 0;
    this.seen.set(key, { at: t, suppressed: 0 });
    return { write: true, suppressed };
  }
}
