import { JitterBuffer } from './jitter-buffer';

describe('JitterBuffer', () => {
  it('hands items out in sequence order whatever order they arrive in', () => {
    // Prepare
    const buffer = new JitterBuffer<string>();

    // Act
    buffer.push(0, 'a', 0);
    const first = buffer.take(0);
    buffer.push(2, 'c', 10);
    const waiting = buffer.take(10);
    buffer.push(1, 'b', 20);
    const rest = buffer.take(20);

    // Assess
    expect([first, waiting, rest]).toEqual([['a'], [], ['b', 'c']]);
    expect(buffer.stats).toEqual({ played: 3, skipped: 0, late: 0, duplicates: 0 });
  });

  it('skips a missing item once the gap timeout has passed, and drops it when it comes later', () => {
    // Prepare
    const buffer = new JitterBuffer<string>({ gapTimeoutMs: 1_000 });
    buffer.push(0, 'a', 0);
    buffer.take(0);
    buffer.push(2, 'c', 100);

    // Act
    const early = buffer.take(1_099);
    const deadline = buffer.nextDeadline();
    const afterGap = buffer.take(1_100);
    const late = buffer.push(1, 'b', 1_200);

    // Assess
    expect(early).toEqual([]);
    expect(deadline).toBe(1_100);
    expect(afterGap).toEqual(['c']);
    expect(late).toBe(false);
    expect(buffer.stats).toMatchObject({ skipped: 1, late: 1 });
    expect(buffer.nextDeadline()).toBeUndefined();
  });

  it('drops duplicates', () => {
    const buffer = new JitterBuffer<string>();
    buffer.push(5, 'x', 0);
    expect(buffer.push(5, 'x', 1)).toBe(false);
    expect(buffer.take(2)).toEqual(['x']);
    expect(buffer.stats.duplicates).toBe(1);
  });

  it('starts at the first number it sees, so a listener joining mid-session plays at once', () => {
    const buffer = new JitterBuffer<string>();
    buffer.push(41, 'late joiner', 0);
    expect(buffer.take(0)).toEqual(['late joiner']);
    expect(buffer.next).toBe(42);
  });

  it('skips ahead when more items wait than it may hold', () => {
    // Prepare
    const buffer = new JitterBuffer<number>({ capacity: 2, gapTimeoutMs: 60_000 });
    buffer.push(0, 0, 0);
    buffer.take(0);

    // Act: 1 never comes; 2, 3, 4 pile up.
    buffer.push(2, 2, 1);
    buffer.push(3, 3, 2);
    buffer.push(4, 4, 3);

    // Assess
    expect(buffer.take(4)).toEqual([2, 3, 4]);
    expect(buffer.stats.skipped).toBe(1);
    expect(buffer.size).toBe(0);
  });

  it('tells what waits, in order', () => {
    const buffer = new JitterBuffer<string>();
    buffer.push(0, 'zero', 0);
    buffer.take(0);
    buffer.push(3, 'three', 1);
    buffer.push(2, 'two', 2);
    expect(buffer.waiting()).toEqual(['two', 'three']);
  });

  it('drops everything on dropAll, takes the next arrival at once and refuses what it skipped as late', () => {
    // Prepare: 0 played; 1 missing, 2 and 3 wait for it
    const buffer = new JitterBuffer<number>({ gapTimeoutMs: 60_000 });
    buffer.push(0, 0, 0);
    buffer.take(0);
    buffer.push(2, 2, 1);
    buffer.push(3, 3, 1);

    // Act
    const dropped = buffer.dropAll();
    const lateOne = buffer.push(1, 1, 2);
    buffer.push(5, 5, 3);

    // Assess: 4 need not be waited for; 5 is live
    expect(dropped).toBe(2);
    expect(lateOne).toBe(false);
    expect(buffer.take(3)).toEqual([5]);
    expect(buffer.stats.late).toBe(1);
  });

  it('starts afresh on dropAll before anything arrived', () => {
    const buffer = new JitterBuffer<number>();
    expect(buffer.dropAll()).toBe(0);
    buffer.push(0, 0, 0);
    expect(buffer.take(0)).toEqual([0]);
  });
});
