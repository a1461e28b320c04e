export interface BackoffOptions {
  /** First delay, ms (default 500). */
  minMs?: number;
  /** Largest delay, ms (default 30 000). */
  maxMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** Share of each delay that is random, 0…1 (default 0.5): 0.5 gives delays in [d/2, d]. */
  jitter?: number;
  /** A connection that stayed up this long (ms) starts the next outage from `minMs` again (default 10 000). */
  stableAfterMs?: number;
  /** Random numbers in [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * Exponential backoff with jitter, reset once a connection has been stable.
 *
 * @example
 * const backoff = new Backoff({ minMs: 500, maxMs: 30_000 });
 * const delay = backoff.next(Date.now()); // 250…500 ms, then 500…1000 ms, …
 * backoff.succeeded(Date.now());           // connected; a later outage starts over if this lasts
 */
export class Backoff {
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly stableAfterMs: number;
  private readonly random: () => number;
  private attempt = 0;
  private connectedAt: number | undefined;

  constructor(options: BackoffOptions = {}) {
    this.minMs = Math.max(0, options.minMs ?? 500);
    this.maxMs = Math.max(this.minMs, options.maxMs ?? 30_000);
    this.factor = Math.max(1, options.factor ?? 2);
    this.jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
    this.stableAfterMs = options.stableAfterMs ?? 10_000;
    this.random = options.random ?? Math.random;
  }

  /** Attempts made since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next attempt; counts the attempt. */
  next(nowMs: number): number {
    if (this.connectedAt !== undefined && nowMs - this.connectedAt >= this.stableAfterMs) this.attempt = 0;
    this.connectedAt = undefined;
    const ceiling = Math.min(this.maxMs, this.minMs * this.factor ** this.attempt);
    this.attempt += 1;
    return Math.round(ceiling * (1 - this.jitter * this.random()));
  }

  /** A connection succeeded at `nowMs`: if it lasts `stableAfterMs`, the next outage starts from `minMs`. */
  succeeded(nowMs: number): void {
    this.connectedAt = nowMs;
  }

  /** Starts over from `minMs`. */
  reset(): void {
    this.attempt = 0;
    this.connectedAt = undefined;
  }
}
