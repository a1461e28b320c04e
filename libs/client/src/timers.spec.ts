import { systemTimers } from './timers';

describe('systemTimers', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs callbacks through the platform timers, unref’d so they never keep Node alive', () => {
    // Prepare
    jest.useFakeTimers({ now: 5_000 });
    const fired: string[] = [];

    // Act
    const handle = systemTimers.setTimeout(() => fired.push('fired'), 100);
    const cancelled = systemTimers.setTimeout(() => fired.push('cancelled'), 100);
    systemTimers.clearTimeout(cancelled);
    jest.advanceTimersByTime(100);

    // Assess
    expect(fired).toEqual(['fired']);
    expect((handle as { hasRef?: () => boolean }).hasRef?.()).toBe(false);
    expect(systemTimers.now()).toBe(5_100);
  });
});
