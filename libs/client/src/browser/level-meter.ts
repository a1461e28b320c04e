/* istanbul ignore file -- its source is inlined into the AudioWorklet via toString(), which must not
   carry coverage counters; level-meter.spec.ts and microphone.spec.ts test it. The class comes first:
   TypeScript erases an interface together with the comments before it, this one included. */
/**
 * Measures RMS and peak level over fixed windows of samples (in the worklet: about every 50 ms), so
 * a meter gets a steady stream of readings. Self-contained (no imports, no outer names): its source
 * is also inlined into the AudioWorklet.
 */
export class LevelMeter {
  // Declared, set in the constructor: a bundler lowering class fields would call its own helper, which the worklet lacks.
  declare private sumOfSquares: number;
  declare private peak: number;
  declare private counted: number;

  constructor(
    private readonly windowSamples: number,
    private readonly floorDb = -100,
  ) {
    this.sumOfSquares = 0;
    this.peak = 0;
    this.counted = 0;
  }

  /** Adds input samples; returns a reading for each window they completed (usually none or one). */
  push(input: Float32Array): Array<{ rmsDb: number; peakDb: number }> {
    const readings: Array<{ rmsDb: number; peakDb: number }> = [];
    const toDb = (amplitude: number): number =>
      amplitude > 0 ? Math.max(this.floorDb, Math.min(0, 20 * Math.log10(amplitude))) : this.floorDb;
    for (let i = 0; i < input.length; i += 1) {
      const sample = input[i] ?? 0;
      this.sumOfSquares += sample * sample;
      this.peak = Math.max(this.peak, Math.abs(sample));
      this.counted += 1;
      if (this.counted >= this.windowSamples) {
        const rms = Math.sqrt(this.sumOfSquares / this.counted);
        readings.push({
          rmsDb: Math.round(toDb(rms) * 10) / 10,
          peakDb: Math.round(toDb(this.peak) * 10) / 10,
        });
        this.sumOfSquares = 0;
        this.peak = 0;
        this.counted = 0;
      }
    }
    return readings;
  }
}

/** An input level in dBFS (0 = full scale; silence is the meter's floor, -100 by default). */
export interface InputLevel {
  rmsDb: number;
  peakDb: number;
}
