import { LevelMeterLoop, METER_FLOOR_DB, STALE_LEVEL_MS, meterReading } from './level';
import type { FrameScheduler } from './level';

/** Animation frames run by hand, on a clock the test moves. */
class ManualFrames implements FrameScheduler {
  time = 0;
  private callbacks = new Map<number, (time: number) => void>();
  private next = 1;
  request(callback: (time: number) => void): number {
    const handle = this.next++;
    this.callbacks.set(handle, callback);
    return handle;
  }
  cancel(handle: number): void {
    this.callbacks.delete(handle);
  }
  now(): number {
    return this.time;
  }
  get waiting(): number {
    return this.callbacks.size;
  }
  frame(advanceMs = 16): void {
    this.time += advanceMs;
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of due) callback(this.time);
  }
}

describe('the level meter', () => {
  it('reads dBFS linearly from the floor (0) to full scale (100)', () => {
    expect(meterReading(METER_FLOOR_DB)).toBe(0);
    expect(meterReading(-100)).toBe(0);
    expect(meterReading(-Infinity)).toBe(0);
    expect(meterReading(Number.NaN)).toBe(0);
    expect(meterReading(-30)).toBe(50);
    expect(meterReading(0)).toBe(100);
    expect(meterReading(3)).toBe(100);
  });

  it('draws the latest level once per frame, not once per sample', () => {
    const frames = new ManualFrames();
    const drawn: number[] = [];
    const loop = new LevelMeterLoop(frames, (reading) => drawn.push(reading));
    loop.start();
    loop.start();
    expect(frames.waiting).toBe(1);

    loop.push({ rmsDb: -50, peakDb: -40 });
    loop.push({ rmsDb: -30, peakDb: -20 });
    frames.frame();
    loop.push({ rmsDb: -12, peakDb: -6 });
    frames.frame();
    frames.frame();

    expect(drawn).toEqual([50, 80]);
    expect(loop.running).toBe(true);
  });

  it('falls back to 0 when no level came for a while, and on stop', () => {
    const frames = new ManualFrames();
    const drawn: number[] = [];
    const loop = new LevelMeterLoop(frames, (reading) => drawn.push(reading));
    loop.start();
    loop.push({ rmsDb: -30, peakDb: -20 });
    frames.frame();
    frames.frame(STALE_LEVEL_MS + 1);
    loop.push({ rmsDb: -30, peakDb: -20 });
    frames.frame();
    loop.stop();

    expect(drawn).toEqual([50, 0, 50, 0]);
    expect(loop.running).toBe(false);
    expect(frames.waiting).toBe(0);
    loop.stop();
    expect(drawn).toHaveLength(4);
  });
});
