/** Time source for polling, replaceable by tests (a virtual clock makes a 60-second wait instantaneous). */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

let current: Clock = realClock;

export const clock: Clock = {
  now: () => current.now(),
  sleep: (ms) => current.sleep(ms),
};

export function setClock(replacement: Clock | null): void {
  current = replacement ?? realClock;
}
