import type { Clock } from '../clock';

/**
 * A clock that only moves when told to; `sleep` moves it forward at once instead of waiting.
 *
 * @example
 * const clock = new ManualClock();
 * clock.advance(1_000);
 * await clock.sleep(500); // clock.now() is 1.5 s later, at once
 */
export class ManualClock implements Clock {
  constructor(private nowMs: number = Date.UTC(2025, 0, 1, 9, 0, 0)) {}

  now(): number {
    return this.nowMs;
  }

  advance(ms: number): void {
    this.nowMs += ms;
  }

  /** Moves the clock forward by `ms` at once. */
  async sleep(ms: number): Promise<void> {
    this.advance(ms);
  }
}
