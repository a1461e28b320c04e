// The input level meter's logic: dBFS to a 0–100 reading, and a loop that draws the latest reading once per
// animation frame (never a re-render per audio sample, which is what froze the earlier console's meter).

/** The quietest level the meter shows; below it reads 0. */
export const METER_FLOOR_DB = -60;
/** A reading with no new sample for this long falls back to 0 (capture stopped or stalled). */
export const STALE_LEVEL_MS = 750;

export interface Level {
  rmsDb: number;
  peakDb: number;
}

/**
 * A level in dBFS as a meter reading 0…100 (linear in dB from −60 to 0).
 *
 * @example
 * meterReading(-30); // 50
 */
export function meterReading(db: number): number {
  if (!Number.isFinite(db) || db <= METER_FLOOR_DB) return 0;
  if (db >= 0) return 100;
  return Math.round(((db - METER_FLOOR_DB) / -METER_FLOOR_DB) * 100);
}

export interface FrameScheduler {
  request(callback: (time: number) => void): number;
  cancel(handle: number): void;
  now(): number;
}

/**
 * Keeps the latest level from the capture and hands it to `draw` on each animation frame when it changed.
 *
 * @example
 * const loop = new LevelMeterLoop(scheduler, (reading) => (meter.value = reading));
 * loop.start(); capture.onLevel = (level) => loop.push(level);
 */
export class LevelMeterLoop {
  private latest: Level | undefined;
  private latestAt = 0;
  private drawn: number | undefined;
  private handle: number | undefined;

  constructor(
    private readonly scheduler: FrameScheduler,
    private readonly draw: (reading: number, level: Level | undefined) => void,
  ) {}

  /** Records a level (called by the capture, often; draws nothing itself). */
  push(level: Level): void {
    this.latest = level;
    this.latestAt = this.scheduler.now();
  }

  get running(): boolean {
    return this.handle !== undefined;
  }

  start(): void {
    if (this.handle !== undefined) return;
    const frame = () => {
      this.handle = this.scheduler.request(frame);
      this.render();
    };
    this.handle = this.scheduler.request(frame);
  }

  stop(): void {
    if (this.handle !== undefined) this.scheduler.cancel(this.handle);
    this.handle = undefined;
    this.latest = undefined;
    this.render();
  }

  private render(): void {
    const fresh = this.latest !== undefined && this.scheduler.now() - this.latestAt <= STALE_LEVEL_MS;
    const level = fresh ? this.latest : undefined;
    const reading = level ? meterReading(level.rmsDb) : 0;
    if (reading === this.drawn) return;
    this.drawn = reading;
    this.draw(reading, level);
  }
}
