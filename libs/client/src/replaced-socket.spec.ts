import { REPLACED_SOCKET_GRACE_MS, ReplacedSocket } from './replaced-socket';
import { ManualTimers } from './testing/manual-timers';

class Old {
  readonly retired: string[] = [];
  retire(reason: string): void {
    this.retired.push(reason);
  }
}

describe('ReplacedSocket', () => {
  it('retires the held socket when the grace period ends', () => {
    // Prepare
    const timers = new ManualTimers();
    const replaced = new ReplacedSocket<Old>(timers);
    const old = new Old();
    replaced.hold(old);

    // Act
    timers.advance(REPLACED_SOCKET_GRACE_MS - 1);
    const before = [...old.retired];
    timers.advance(1);

    // Assess
    expect(before).toEqual([]);
    expect(old.retired).toEqual(['connection refreshed']);
    expect(replaced.holds(old)).toBe(false);
  });

  it('stops waiting when the server closes it, and knows no other socket', () => {
    // Prepare
    const timers = new ManualTimers();
    const replaced = new ReplacedSocket<Old>(timers);
    const old = new Old();
    replaced.hold(old);

    // Act
    const other = replaced.closed(new Old());
    const itself = replaced.closed(old);
    timers.advance(REPLACED_SOCKET_GRACE_MS);

    // Assess
    expect([other, itself]).toEqual([false, true]);
    expect(old.retired).toEqual([]);
    expect(timers.pending).toBe(0);
  });

  it('retires the one it held when it is given another, and all at once on release()', () => {
    // Prepare
    const timers = new ManualTimers();
    const replaced = new ReplacedSocket<Old>(timers);
    const first = new Old();
    const second = new Old();
    replaced.hold(first);

    // Act
    replaced.hold(second);
    const secondBeforeRelease = [...second.retired];
    replaced.release();
    replaced.release();

    // Assess
    expect(first.retired).toEqual(['connection refreshed']);
    expect(secondBeforeRelease).toEqual([]);
    expect(second.retired).toEqual(['connection refreshed']);
    expect(timers.pending).toBe(0);
  });
});
