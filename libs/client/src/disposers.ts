import type { Disposer } from './emitter';
import type { Timers } from './timers';

/**
 * One list of what a part must clean up (timers, subscriptions), each under a name, in the shape
 * of socket.io-client's `subs`: a part keeps no timer handles or flags of its own, and stopping it
 * is one `dispose()`.
 *
 * @example
 * const cleanup = new Disposers<'beat'>(timers);
 * cleanup.timeout('beat', () => send({ action: 'heartbeat' }), 30_000);
 * cleanup.dispose('beat'); // cancels it; dispose() cancels everything
 */
export class Disposers<Key extends string = string> {
  private readonly entries = new Map<Key, Disposer>();

  constructor(private readonly timers: Timers) {}

  /** Keeps `cleanup` under `key`; one already kept there is run first, so a key holds one thing. */
  add(key: Key, cleanup: Disposer): void {
    this.dispose(key);
    this.entries.set(key, cleanup);
  }

  /** Runs `callback` after `ms` unless disposed first; it leaves the list before it runs. */
  timeout(key: Key, callback: () => void, ms: number): void {
    const handle = this.timers.setTimeout(() => {
      this.entries.delete(key);
      callback();
    }, ms);
    const cancel = (): void => this.timers.clearTimeout(handle);
    this.add(key, cancel);
  }

  /** True while something is kept under `key` (a timer that has not run yet). */
  has(key: Key): boolean {
    return this.entries.has(key);
  }

  /** Runs and forgets what is kept under `key`, or, without a key, everything. */
  dispose(key?: Key): void {
    const keys = key === undefined ? [...this.entries.keys()] : [key];
    for (const each of keys) {
      const cleanup = this.entries.get(each);
      if (!cleanup) continue;
      this.entries.delete(each);
      cleanup();
    }
  }
}
