/**
 * Keeps one service's calls within its published limits (peers.md §4): at most `maxConcurrent` in flight, at most
 * `maxPerWindow` started in any sliding `windowMs`, and nothing at all while the service asked us to back off
 * (Retry-After): Dataverse extends the penalty window when a throttled client keeps sending.
 */
export interface LimiterOptions {
  maxConcurrent: number;
  maxPerWindow: number;
  windowMs: number;
  now?: () => number;
}

export class Limiter {
  private active = 0;
  private readonly started: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly options: LimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Runs `fn` when a slot is free; the slot is released when it settles. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** No call starts before `until` (epoch ms). */
  pauseUntil(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  get inFlight(): number {
    return this.active;
  }

  /** How much of the window's budget this process has used: what the setup page and /healthz show. */
  usage(): { used: number; limit: number; windowSeconds: number; inFlight: number; waiting: number; pausedForSeconds: number } {
    const now = this.now();
    const used = this.started.filter((t) => t > now - this.options.windowMs).length;
    return {
      used,
      limit: this.options.maxPerWindow,
      windowSeconds: Math.round(this.options.windowMs / 1000),
      inFlight: this.active,
      waiting: this.waiting.length,
      pausedForSeconds: Math.max(0, Math.ceil((this.pausedUntil - now) / 1000)),
    };
  }

  private acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
  }

  private release(): void {
    this.active -= 1;
    this.pump();
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      const now = this.now();
      while (this.started.length && this.started[0] <= now - this.options.windowMs) this.started.shift();
      let wait = 0;
      if (this.pausedUntil > now) wait = this.pausedUntil - now;
      else if (this.started.length >= this.options.maxPerWindow) wait = this.started[0] + this.options.windowMs - now;
      if (wait > 0) {
        this.schedule(wait);
        return;
      }
      if (this.active >= this.options.maxConcurrent) return;
      this.active += 1;
      this.started.push(now);
      const next = this.waiting.shift() as () => void;
      next();
    }
  }

  private schedule(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, Math.max(1, ms));
    this.timer.unref?.();
  }
}
