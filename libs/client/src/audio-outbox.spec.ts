import { AudioOutbox } from './audio-outbox';
import { ManualTimers, flushPromises } from './testing/manual-timers';

const chunk = (sequenceNumber: number, bytes = 10) => ({
  sequenceNumber,
  audio: 'AA==',
  bytes,
  sampleRate: undefined,
});

describe('AudioOutbox', () => {
  it('keeps chunks in order within its byte limit until each is acknowledged once', () => {
    // Prepare
    const outbox = new AudioOutbox(25, new ManualTimers());

    // Act
    outbox.add(chunk(1));
    outbox.add(chunk(0));
    const fitsAThird = outbox.fits(10);
    const first = outbox.acknowledge(0);
    const again = outbox.acknowledge(0);

    // Assess
    expect(fitsAThird).toBe(false);
    expect([first, again]).toEqual([true, false]);
    expect(outbox.backlog().map((kept) => kept.sequenceNumber)).toEqual([1]);
    expect(outbox.bytes).toBe(10);
    expect(outbox.get(1)?.bytes).toBe(10);
  });

  it('resolves drain() true once empty, false after its timeout or a clear()', async () => {
    // Prepare
    const timers = new ManualTimers();
    const outbox = new AudioOutbox(100, timers);
    const empty = await outbox.drain(1_000);
    outbox.add(chunk(0));
    const acknowledged = outbox.drain(1_000);
    outbox.acknowledge(0);
    outbox.add(chunk(1));
    const timedOut = outbox.drain(1_000);
    timers.advance(1_000);
    const cleared = outbox.drain(1_000);

    // Act
    outbox.clear();
    await flushPromises();

    // Assess
    expect(empty).toBe(true);
    await expect(acknowledged).resolves.toBe(true);
    await expect(timedOut).resolves.toBe(false);
    await expect(cleared).resolves.toBe(false);
    expect(outbox.size).toBe(0);
    expect(timers.pending).toBe(0);
  });
});
