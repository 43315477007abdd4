/**
 * Waiting on state, never on time: the e2e tests run beside other suites on 2 shared cores, so every wait polls a
 * condition until a generous limit and says what it waited for when it gives up.
 */

/** Polls `check` until it returns a truthy value (returned), or throws after `timeoutMs` with the last error seen. */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 40_000, intervalMs = 300): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A story told as consecutive tests: once a step fails, the later steps fail at once (instead of each waiting for
 * its own timeouts on a page left in the wrong state). `onFailure` records the failed step (e.g. a screenshot).
 * Returns the `step` to use in place of `test`.
 */
export function storySteps(onFailure?: (step: string) => Promise<unknown>): (name: string, fn: () => Promise<void>) => void {
  let broken = false;
  return (name, fn) =>
    test(name, async () => {
      if (broken) throw new Error('An earlier step of the story failed.');
      try {
        await fn();
      } catch (e) {
        broken = true;
        await onFailure?.(name).catch(() => undefined);
        throw e;
      }
    });
}
