/** A pending timer, whatever the platform returns for it. */
export type TimerHandle = unknown;

/**
 * The timers and clock the clients use. Injected so tests drive time by hand; the defaults look up
 * `globalThis.setTimeout` on every call (so jest's fake timers apply) and `unref` in Node, so a
 * script whose only remaining work is a heartbeat or a reconnect timer still exits.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The platform's timers, `unref`'d where that exists (Node). */
export const systemTimers: Timers = {
  setTimeout(callback, ms) {
    const handle: unknown = globalThis.setTimeout(callback, ms);
    if (typeof handle === 'object' && handle !== null && 'unref' in handle) {
      const unref = (handle as { unref?: unknown }).unref;
      if (typeof unref === 'function') unref.call(handle);
    }
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
  now: () => Date.now(),
};
