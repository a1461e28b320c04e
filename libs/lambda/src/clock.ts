/** Time, injected so use cases and tests agree on "now" and on how long a wait lasts. */
export interface Clock {
  now(): number;
  /** Waits `ms` (a test clock moves forward by `ms` instead). */
  sleep(ms: number): Promise<void>;
}

/**
 * The real clock: `Date.now()` and a `setTimeout` wait.
 *
 * @example
 * const deps = { clock: systemClock };
 * await deps.clock.sleep(100);
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};
