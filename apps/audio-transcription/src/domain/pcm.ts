/** Magnitude of a signed 16-bit sample at full scale; dBFS values are relative to it. */
export const FULL_SCALE = 32768;

/** dBFS reported for digital silence (the true value, −∞, does not survive JSON or arithmetic). */
export const SILENCE_FLOOR_DB = -100;

/**
 * Decodes signed 16-bit little-endian PCM into samples. A trailing odd byte (a chunk cut mid-sample) is
 * dropped; the result is a copy, so it does not depend on the Buffer's pool alignment.
 *
 * @example
 * decodePcm16(Buffer.from([0x01, 0x00, 0xff, 0xff, 0x7f])); // Int16Array [1, -1]
 */
export function decodePcm16(pcm: Buffer): Int16Array {
  const samples = new Int16Array(pcm.length >> 1);
  for (let index = 0; index < samples.length; index += 1) {
    samples[index] = pcm.readInt16LE(index * 2);
  }
  return samples;
}

/**
 * Encodes samples as signed 16-bit little-endian PCM.
 *
 * @example
 * encodePcm16(Int16Array.of(1, -1)); // <Buffer 01 00 ff ff>
 */
export function encodePcm16(samples: Int16Array): Buffer {
  const pcm = Buffer.alloc(samples.length * 2);
  samples.forEach((sample, index) => pcm.writeInt16LE(sample, index * 2));
  return pcm;
}

/** Mean of the squared samples, the energy that RMS and dB values are derived from. */
export function meanSquare(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let index = 0; index < samples.length; index += 1) {
    const sample = samples[index] ?? 0;
    sum += sample * sample;
  }
  return sum / samples.length;
}

/**
 * Converts a mean square (energy) to dBFS, clamped at {@link SILENCE_FLOOR_DB}.
 *
 * @example
 * meanSquareToDb(32768 ** 2); // 0
 */
export function meanSquareToDb(energy: number): number {
  if (energy <= 0) return SILENCE_FLOOR_DB;
  return Math.max(SILENCE_FLOOR_DB, 10 * Math.log10(energy / (FULL_SCALE * FULL_SCALE)));
}

/**
 * RMS level of the samples in dBFS (full scale 32768); silence and empty input give −100.
 *
 * @example
 * rmsDb(Int16Array.of(16384, -16384)); // ≈ −6.02
 */
export function rmsDb(samples: ArrayLike<number>): number {
  return meanSquareToDb(meanSquare(samples));
}

/**
 * Splits samples into consecutive frames of `frameMs` (the last one may be shorter). Frames are views,
 * not copies.
 *
 * @example
 * for (const frame of iterateFrames(samples, 16000, 20)) console.log(rmsDb(frame));
 */
export function* iterateFrames(
  samples: Int16Array,
  sampleRate: number,
  frameMs: number,
): Generator<Int16Array> {
  const frameLength = frameSampleCount(sampleRate, frameMs);
  for (let start = 0; start < samples.length; start += frameLength) {
    yield samples.subarray(start, start + frameLength);
  }
}

/** Samples in one frame of `frameMs` at `sampleRate` (at least one). */
export function frameSampleCount(sampleRate: number, frameMs: number): number {
  if (!(sampleRate > 0) || !(frameMs > 0)) {
    throw new RangeError(`sampleRate and frameMs must be positive (got ${sampleRate}, ${frameMs})`);
  }
  return Math.max(1, Math.round((sampleRate * frameMs) / 1000));
}

/**
 * Per-frame RMS levels in dBFS.
 *
 * @example
 * frameLevelsDb(samples, 16000, 20); // one value per 20 ms
 */
export function frameLevelsDb(samples: Int16Array, sampleRate: number, frameMs: number): number[] {
  return Array.from(iterateFrames(samples, sampleRate, frameMs), (frame) => rmsDb(frame));
}

/** Duration in milliseconds of `sampleCount` samples at `sampleRate`. */
export function durationMs(sampleCount: number, sampleRate: number): number {
  return (sampleCount * 1000) / sampleRate;
}

/**
 * Resamples mono audio by linear interpolation. When downsampling, each output sample is first averaged
 * over the input span it covers, a cheap low-pass that keeps aliasing out of speech recognisers.
 *
 * @example
 * resamplePcm16(samples48k, 48000, 16000).length === samples48k.length / 3;
 */
export function resamplePcm16(samples: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (!(fromRate > 0) || !(toRate > 0)) {
    throw new RangeError(`sample rates must be positive (got ${fromRate}, ${toRate})`);
  }
  if (fromRate === toRate || samples.length === 0) return samples.slice();
  const ratio = fromRate / toRate;
  const source = ratio > 1 ? boxSmooth(samples, Math.round(ratio)) : samples;
  const outputLength = Math.max(1, Math.floor(samples.length / ratio));
  const output = new Int16Array(outputLength);
  const last = source.length - 1;
  for (let index = 0; index < outputLength; index += 1) {
    const position = Math.min(index * ratio, last);
    const left = Math.floor(position);
    const right = Math.min(left + 1, last);
    const weight = position - left;
    output[index] = Math.round((source[left] ?? 0) * (1 - weight) + (source[right] ?? 0) * weight);
  }
  return output;
}

/** Moving average over `width` samples (centred), used as an anti-aliasing filter. */
function boxSmooth(samples: Int16Array, width: number): Float64Array {
  const smoothed = new Float64Array(samples.length);
  if (width <= 1) {
    smoothed.set(samples);
    return smoothed;
  }
  const half = Math.floor(width / 2);
  for (let index = 0; index < samples.length; index += 1) {
    const start = Math.max(0, index - half);
    const end = Math.min(samples.length, start + width);
    let sum = 0;
    for (let cursor = start; cursor < end; cursor += 1) sum += samples[cursor] ?? 0;
    smoothed[index] = sum / (end - start);
  }
  return smoothed;
}
