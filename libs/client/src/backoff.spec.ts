import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles the delay per attempt up to the maximum when there is no jitter', () => {
    // Prepare
    const backoff = new Backoff({ minMs: 100, maxMs: 1_000, factor: 2, jitter: 0 });

    // Act
    const delays = [1, 2, 3, 4, 5, 6].map(() => backoff.next(0));

    // Assess
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoff.attempts).toBe(6);
  });

  it('takes up to the jitter share off each delay at random', () => {
    // Prepare
    const lowest = new Backoff({ minMs: 1_000, jitter: 0.5, random: () => 0.999_999 });
    const highest = new Backoff({ minMs: 1_000, jitter: 0.5, random: () => 0 });

    // Act
    const low = lowest.next(0);
    const high = highest.next(0);

    // Assess
    expect(low).toBe(500);
    expect(high).toBe(1_000);
  });

  it('starts over after a connection that stayed up for the stable time', () => {
    // Prepare
    const backoff = new Backoff({ minMs: 100, jitter: 0, stableAfterMs: 5_000 });
    backoff.next(0);
    backoff.next(0);
    backoff.succeeded(1_000);

    // Act
    const delay = backoff.next(6_000);

    // Assess
    expect(delay).toBe(100);
  });

  it('keeps growing when the connection dropped again before it was stable', () => {
    // Prepare
    const backoff = new Backoff({ minMs: 100, jitter: 0, stableAfterMs: 5_000 });
    backoff.next(0);
    backoff.succeeded(1_000);

    // Act
    const delay = backoff.next(2_000);

    // Assess
    expect(delay).toBe(200);
  });

  it('starts over on reset and clamps nonsensical options', () => {
    // Prepare
    const backoff = new Backoff({ minMs: 50, maxMs: 10, factor: 0.5, jitter: 3, random: () => 0 });
    backoff.next(0);

    // Act
    backoff.reset();

    // Assess
    expect(backoff.attempts).toBe(0);
    expect(backoff.next(0)).toBe(50);
    expect(backoff.next(0)).toBe(50);
  });
});
