import { SESSION_ID_PATTERN } from '@lingocast/contract';
import { randomIds, systemClock } from './system';

describe('system adapters', () => {
  afterEach(() => jest.useRealTimers());

  it('reads the wall clock', () => {
    // Prepare
    jest.useFakeTimers({ now: Date.UTC(2030, 5, 1) });

    // Act
    const now = systemClock.now();

    // Assess
    expect(now).toBe(Date.UTC(2030, 5, 1));
  });

  it('sleeps on the wall clock', async () => {
    // Prepare
    jest.useFakeTimers({ now: Date.UTC(2030, 5, 1) });
    let woke = false;

    // Act
    const sleeping = systemClock.sleep(250).then(() => {
      woke = true;
    });
    await jest.advanceTimersByTimeAsync(249);
    const early = woke;
    await jest.advanceTimersByTimeAsync(1);
    await sleeping;

    // Assess
    expect(early).toBe(false);
    expect(woke).toBe(true);
  });

  it('generates readable session ids from a secure random source', () => {
    // Act
    const ids = Array.from({ length: 200 }, () => randomIds.sessionId());

    // Assess
    expect(ids.every((id) => new RegExp(SESSION_ID_PATTERN).test(id))).toBe(true);
    expect(new Set(ids).size).toBeGreaterThan(190);
  });
});
