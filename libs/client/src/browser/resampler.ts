/* istanbul ignore file -- its source is inlined into the AudioWorklet via toString(), which must not
   carry coverage counters; resampler.spec.ts and microphone.spec.ts test it. */
/**
 * Turns float samples at any rate into 16 kHz PCM16LE chunks of a fixed size. Self-contained (no
 * imports, no outer names): its source is also inlined into the AudioWorklet.
 */
export class Pcm16Resampler {
  // Declared, set in the constructor: a bundler lowering class fields would call its own helper, which the worklet lacks.
  declare private position: number;
  declare private pending: number[];

  constructor(
    private readonly inputRate: number,
    private readonly chunkSamples: number,
    private readonly outputRate = 16000,
  ) {
    this.position = 0;
    this.pending = [];
  }

  /** Adds input samples; returns the complete chunks (PCM16LE bytes) they finished. */
  push(input: Float32Array): Uint8Array[] {
    const step = this.inputRate / this.outputRate;
    while (this.position < input.length) {
      const index = Math.floor(this.position);
      const fraction = this.position - index;
      const a = input[index] ?? 0;
      const b = input[index + 1] ?? a;
      this.pending.push(a + (b - a) * fraction);
      this.position += step;
    }
    this.position -= input.length;
    const chunks: Uint8Array[] = [];
    while (this.pending.length >= this.chunkSamples) {
      const samples = this.pending.splice(0, this.chunkSamples);
      const bytes = new Uint8Array(samples.length * 2);
      const view = new DataView(bytes.buffer);
      samples.forEach((sample, i) => {
        const clamped = Math.max(-1, Math.min(1, sample));
        view.setInt16(i * 2, clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff, true);
      });
      chunks.push(bytes);
    }
    return chunks;
  }
}
