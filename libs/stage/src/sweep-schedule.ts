// The local stage's stand-in for the EventBridge rule `rate(1 minute)` that runs session-management's
// sweeper in AWS: serverless-offline runs no schedules, so the stage calls `POST /local/sweep` itself.

/** What one sweep did, as `POST /local/sweep` answers (session-management's SweepReport). */
export type SweepReport = Record<string, number>;

/** The timer functions the schedule uses; tests pass fakes. */
export interface ScheduleTimers {
  setTimeout(callback: () => void, ms: number): { unref?: () => unknown };
  clearTimeout(handle: { unref?: () => unknown }): void;
}

export interface SweepScheduleOptions {
  /** `<httpApi>/local/sweep` of the running stage. */
  url: string;
  /** Time between the starts of two sweeps; a sweep that runs longer delays the next, never overlaps it. */
  intervalMs: number;
  /** Each sweep's report, with when it started and how long it took. */
  onReport?: (report: SweepReport, timing: { startedAt: Date; ms: number }) => void;
  /** A sweep that failed (not answering, not 200); the schedule goes on. */
  onError?: (error: Error) => void;
  fetch?: typeof fetch;
  timers?: ScheduleTimers;
}

/** A running schedule; `stop` ends it and waits for a sweep in flight (aborted) to settle. */
export interface SweepSchedule {
  stop(): Promise<void>;
}

const REAL_TIMERS: ScheduleTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Runs the sweeper every `intervalMs`, first after one interval (as a scheduled rule would), until
 * stopped. Timers are unref'd: a schedule never keeps a process alive on its own.
 *
 * @example
 * const schedule = startSweepSchedule({ url: `${endpoints.httpApi}/local/sweep`, intervalMs: 60_000 });
 * await schedule.stop();
 */
export function startSweepSchedule(options: SweepScheduleOptions): SweepSchedule {
  const doFetch = options.fetch ?? fetch;
  const timers = options.timers ?? REAL_TIMERS;
  let stopped = false;
  let timer: ReturnType<ScheduleTimers['setTimeout']> | undefined;
  let inFlight: Promise<void> | undefined;
  const controller = new AbortController();

  const sweepOnce = async () => {
    const startedAt = new Date();
    const started = Date.now();
    try {
      const response = await doFetch(options.url, {
        method: 'POST',
        // A sweep that has not answered within an interval is given up on; the next one starts.
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(options.intervalMs)]),
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (response.status !== 200 || typeof body !== 'object' || body === null) {
        throw new Error(`POST ${options.url} answered ${response.status}`);
      }
      options.onReport?.(body as SweepReport, { startedAt, ms: Date.now() - started });
    } catch (error) {
      if (stopped) return;
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = timers.setTimeout(() => {
      const startedAt = Date.now();
      inFlight = sweepOnce().finally(() => {
        inFlight = undefined;
        schedule(Math.max(0, options.intervalMs - (Date.now() - startedAt)));
      });
    }, delayMs);
    timer.unref?.();
  };
  schedule(options.intervalMs);

  return {
    async stop() {
      stopped = true;
      if (timer) timers.clearTimeout(timer);
      controller.abort();
      await inFlight;
    },
  };
}

/**
 * One line for a developer when a sweep changed something, or undefined when it only looked.
 *
 * @example
 * describeSweep({ closedIdle: 2, sessionsEnded: 1 }); // 'sweeper: closed 2 idle connections, ended 1 session'
 */
export function describeSweep(report: SweepReport): string | undefined {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [
    report['refreshRequested'] &&
      `asked ${plural(report['refreshRequested'], 'connection', 'connections')} to refresh`,
    report['warned'] && `warned ${plural(report['warned'], 'connection', 'connections')}`,
    report['closedIdle'] && `closed ${plural(report['closedIdle'], 'idle connection', 'idle connections')}`,
    report['removedGone'] &&
      `removed ${plural(report['removedGone'], 'gone connection', 'gone connections')}`,
    report['countsRepaired'] &&
      `repaired ${plural(report['countsRepaired'], 'listener count', 'listener counts')}`,
    report['sessionsEnded'] && `ended ${plural(report['sessionsEnded'], 'session', 'sessions')}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? `sweeper: ${parts.join(', ')}` : undefined;
}
