import { Disposers } from './disposers';
import { ManualTimers } from './testing/manual-timers';

describe('Disposers', () => {
  it('runs a timeout once and forgets it', () => {
    // Prepare
    const timers = new ManualTimers();
    const cleanup = new Disposers<'beat'>(timers);
    const runs: boolean[] = [];
    cleanup.timeout('beat', () => runs.push(cleanup.has('beat')), 100);

    // Act
    timers.advance(99);
    const before = runs.length;
    timers.advance(1);

    // Assess
    expect(before).toBe(0);
    expect(runs).toEqual([false]);
    expect(cleanup.has('beat')).toBe(false);
    expect(timers.pending).toBe(0);
  });

  it('cancels what one key holds, and a new entry under a key replaces the old one', () => {
    // Prepare
    const timers = new ManualTimers();
    const cleanup = new Disposers<'a' | 'b'>(timers);
    const ran: string[] = [];
    cleanup.timeout('a', () => ran.push('first a'), 100);
    cleanup.timeout('a', () => ran.push('second a'), 200);
    cleanup.timeout('b', () => ran.push('b'), 100);

    // Act
    cleanup.dispose('b');
    timers.advance(1_000);

    // Assess
    expect(ran).toEqual(['second a']);
  });

  it('runs every cleanup once on dispose()', () => {
    // Prepare
    const timers = new ManualTimers();
    const cleanup = new Disposers(timers);
    const ran: string[] = [];
    cleanup.add('subscription', () => ran.push('unsubscribed'));
    cleanup.timeout('timer', () => ran.push('timer ran'), 100);

    // Act
    cleanup.dispose();
    cleanup.dispose();
    timers.advance(1_000);

    // Assess
    expect(ran).toEqual(['unsubscribed']);
    expect(cleanup.has('subscription')).toBe(false);
    expect(timers.pending).toBe(0);
  });
});
