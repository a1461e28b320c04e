import { systemClock } from './clock';
import { ManualClock } from './testing';

describe('systemClock', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-02T10:00:00.000Z') }));
  afterEach(() => jest.useRealTimers());

  it('tells the time of Date.now()', () => {
    expect(systemClock.now()).toBe(Date.parse('2026-11-02T10:00:00.000Z'));
  });

  it('sleeps until the timer fires', async () => {
    let woke = false;
    const sleeping = systemClock.sleep(250).then(() => {
      woke = true;
    });

    await jest.advanceTimersByTimeAsync(249);
    expect(woke).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(woke).toBe(true);
  });
});

describe('ManualClock', () => {
  it('starts at 2025-01-01 09:00 UTC unless told otherwise', () => {
    expect(new ManualClock().now()).toBe(Date.UTC(2025, 0, 1, 9, 0, 0));
    expect(new ManualClock(42).now()).toBe(42);
  });

  it('moves only when advanced, and a sleep moves it at once', async () => {
    const clock = new ManualClock(1_000);

    clock.advance(500);
    await clock.sleep(250);

    expect(clock.now()).toBe(1_750);
  });
});
