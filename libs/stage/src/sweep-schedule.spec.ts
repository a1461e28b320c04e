import type { ScheduleTimers } from './sweep-schedule';
import { describeSweep, startSweepSchedule } from './sweep-schedule';

/** Timers that fire only when the test says so. */
class ManualTimers implements ScheduleTimers {
  pending: Array<{ callback: () => void; ms: number; cleared: boolean }> = [];

  setTimeout(callback: () => void, ms: number) {
    const timer = { callback, ms, cleared: false, unref: () => timer };
    this.pending.push(timer);
    return timer;
  }

  clearTimeout(handle: object): void {
    const timer = this.pending.find((t) => t === handle);
    if (timer) timer.cleared = true;
  }

  /** Fires the one live timer; returns its delay. */
  fire(): number {
    const live = this.pending.filter((t) => !t.cleared);
    const timer = live[0];
    if (!timer || live.length !== 1) throw new Error(`expected one live timer, found ${live.length}`);
    this.pending = [];
    timer.callback();
    return timer.ms;
  }

  get live(): number {
    return this.pending.filter((t) => !t.cleared).length;
  }
}

const REPORT = { connectionsSeen: 3, closedIdle: 1, sessionsEnded: 0 };

type FetchMock = jest.Mock<Promise<Response>, Parameters<typeof fetch>>;

function answering(status: number, body: unknown): FetchMock {
  return jest.fn<Promise<Response>, Parameters<typeof fetch>>(
    async () => new Response(JSON.stringify(body), { status }),
  );
}

/** Lets the sweep's promise chain run to its end. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}

describe('startSweepSchedule', () => {
  it('posts to the sweep URL once per interval, first after one interval, and hands over each report', async () => {
    // Prepare
    const timers = new ManualTimers();
    const fakeFetch = answering(200, REPORT);
    const reports: unknown[] = [];

    // Act
    const schedule = startSweepSchedule({
      url: 'http://127.0.0.1:1/local/sweep',
      intervalMs: 60_000,
      fetch: fakeFetch,
      timers,
      onReport: (report) => reports.push(report),
    });
    const firstDelay = timers.fire();
    await settle();
    timers.fire();
    await settle();
    await schedule.stop();

    // Assess
    expect(firstDelay).toBe(60_000);
    expect(fakeFetch).toHaveBeenCalledTimes(2);
    expect(fakeFetch.mock.calls[0]?.[0]).toBe('http://127.0.0.1:1/local/sweep');
    expect(fakeFetch.mock.calls[0]?.[1]).toMatchObject({ method: 'POST' });
    expect(reports).toEqual([REPORT, REPORT]);
    expect(timers.live).toBe(0);
  });

  it('reports a failed sweep and keeps the schedule going', async () => {
    // Prepare
    const timers = new ManualTimers();
    const fakeFetch: FetchMock = jest
      .fn<Promise<Response>, Parameters<typeof fetch>>()
      .mockRejectedValueOnce(new Error('connect ECONNREFUSED'))
      .mockResolvedValueOnce(new Response(JSON.stringify({ error: { code: 'NOT_FOUND' } }), { status: 404 }))
      .mockResolvedValueOnce(new Response(JSON.stringify(REPORT), { status: 200 }));
    const errors: string[] = [];
    const reports: unknown[] = [];

    // Act
    const schedule = startSweepSchedule({
      url: 'http://127.0.0.1:1/local/sweep',
      intervalMs: 1_000,
      fetch: fakeFetch,
      timers,
      onError: (error) => errors.push(error.message),
      onReport: (report) => reports.push(report),
    });
    for (let i = 0; i < 3; i += 1) {
      timers.fire();
      await settle();
    }
    await schedule.stop();

    // Assess
    expect(errors).toEqual(['connect ECONNREFUSED', 'POST http://127.0.0.1:1/local/sweep answered 404']);
    expect(reports).toEqual([REPORT]);
  });

  it('never starts a sweep while one is running, and stop() aborts the one in flight quietly', async () => {
    // Prepare
    const timers = new ManualTimers();
    let signal: AbortSignal | undefined;
    const fakeFetch = jest.fn(
      (_url: Parameters<typeof fetch>[0], init?: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          signal = init?.signal ?? undefined;
          signal?.addEventListener('abort', () => reject(signal?.reason));
        }),
    );
    const errors: Error[] = [];
    const schedule = startSweepSchedule({
      url: 'http://127.0.0.1:1/local/sweep',
      intervalMs: 1_000,
      fetch: fakeFetch,
      timers,
      onError: (error) => errors.push(error),
    });

    // Act
    timers.fire();
    await settle();
    const liveWhileRunning = timers.live;
    await schedule.stop();

    // Assess
    expect(fakeFetch).toHaveBeenCalledTimes(1);
    expect(liveWhileRunning).toBe(0);
    expect(signal?.aborted).toBe(true);
    expect(errors).toEqual([]);
    expect(timers.live).toBe(0);
  });
});

describe('describeSweep', () => {
  it('names what a sweep changed', () => {
    expect(
      describeSweep({
        connectionsSeen: 9,
        refreshRequested: 1,
        warned: 2,
        closedIdle: 2,
        removedGone: 1,
        countsRepaired: 1,
        sessionsEnded: 3,
      }),
    ).toBe(
      'sweeper: asked 1 connection to refresh, warned 2 connections, closed 2 idle connections, removed 1 gone connection, repaired 1 listener count, ended 3 sessions',
    );
  });

  it('says nothing about a sweep that only looked', () => {
    expect(describeSweep({ connectionsSeen: 40, activeSessions: 3, listeners: 37 })).toBeUndefined();
  });
});
