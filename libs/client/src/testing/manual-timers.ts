import type { TimerHandle, Timers } from '../timers';

interface Scheduled {
  id: number;
  at: number;
  callback: () => void;
}

/** Timers and a clock that move only when a test says so. */
export class ManualTimers implements Timers {
  private time: number;
  private nextId = 1;
  private scheduled: Scheduled[] = [];

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId;
    this.nextId += 1;
    this.scheduled.push({ id, at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.scheduled = this.scheduled.filter((timer) => timer.id !== handle);
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.scheduled.length;
  }

  /** Moves the clock by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = this.scheduled
        .filter((timer) => timer.at <= until)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.scheduled = this.scheduled.filter((timer) => timer !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = until;
  }
}

/** Lets pending promise callbacks run (no time passes). */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}
