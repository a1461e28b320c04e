import {
  SILENCE_FLOOR_DB,
  decodePcm16,
  durationMs,
  encodePcm16,
  frameLevelsDb,
  iterateFrames,
  resamplePcm16,
  rmsDb,
} from './pcm';

function sine(amplitude: number, frequencyHz: number, sampleRate: number, seconds: number): Int16Array {
  return Int16Array.from({ length: Math.round(sampleRate * seconds) }, (_unused, index) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * index) / sampleRate)),
  );
}

describe('decodePcm16', () => {
  it('reads signed little-endian samples', () => {
    // Prepare
    const pcm = Buffer.from([0x01, 0x00, 0xff, 0xff, 0x00, 0x80, 0xff, 0x7f]);

    // Act
    const samples = decodePcm16(pcm);

    // Assess
    expect(Array.from(samples)).toEqual([1, -1, -32768, 32767]);
  });

  it('drops a trailing odd byte instead of failing', () => {
    // Prepare
    const pcm = Buffer.from([0x10, 0x00, 0x20]);

    // Act
    const samples = decodePcm16(pcm);

    // Assess
    expect(Array.from(samples)).toEqual([16]);
  });

  it('reads a buffer that starts at an odd offset of its memory', () => {
    // Prepare
    const backing = Buffer.from([0xaa, 0x02, 0x00, 0x03, 0x00]);
    const pcm = backing.subarray(1);

    // Act
    const samples = decodePcm16(pcm);

    // Assess
    expect(Array.from(samples)).toEqual([2, 3]);
  });

  it('round-trips through encodePcm16', () => {
    // Prepare
    const samples = Int16Array.of(0, 1234, -1234, 32767, -32768);

    // Act
    const decoded = decodePcm16(encodePcm16(samples));

    // Assess
    expect(Array.from(decoded)).toEqual(Array.from(samples));
  });
});

describe('rmsDb', () => {
  it('gives 0 dBFS for a full-scale square wave', () => {
    expect(rmsDb(Int16Array.of(-32768, -32768))).toBeCloseTo(0, 5);
  });

  it('gives about −6 dBFS at half scale', () => {
    expect(rmsDb(Int16Array.of(16384, -16384))).toBeCloseTo(-6.02, 2);
  });

  it('gives about −3 dBFS below the peak for a sine wave', () => {
    expect(rmsDb(sine(32767, 440, 16000, 1))).toBeCloseTo(-3.01, 1);
  });

  it('clamps silence and empty input to the silence floor', () => {
    expect(rmsDb(new Int16Array(100))).toBe(SILENCE_FLOOR_DB);
    expect(rmsDb(new Int16Array(0))).toBe(SILENCE_FLOOR_DB);
  });
});

describe('iterateFrames', () => {
  it('splits into whole frames and a shorter last frame', () => {
    // Prepare
    const samples = new Int16Array(16000 * 0.05 + 100); // 50 ms + 100 samples at 16 kHz

    // Act
    const lengths = Array.from(iterateFrames(samples, 16000, 20), (frame) => frame.length);

    // Assess
    expect(lengths).toEqual([320, 320, 160 + 100]);
  });

  it('rejects a non-positive frame length', () => {
    expect(() => Array.from(iterateFrames(new Int16Array(10), 16000, 0))).toThrow(RangeError);
  });
});

describe('frameLevelsDb', () => {
  it('tells loud frames from silent ones', () => {
    // Prepare
    const samples = new Int16Array(640);
    samples.fill(16384, 0, 320);

    // Act
    const levels = frameLevelsDb(samples, 16000, 20);

    // Assess
    expect(levels).toHaveLength(2);
    expect(levels[0]).toBeCloseTo(-6.02, 2);
    expect(levels[1]).toBe(SILENCE_FLOOR_DB);
  });
});

describe('resamplePcm16', () => {
  it('changes the sample count by the rate ratio', () => {
    // Prepare
    const samples = sine(10000, 300, 48000, 1);

    // Act
    const resampled = resamplePcm16(samples, 48000, 16000);

    // Assess
    expect(resampled).toHaveLength(16000);
    expect(durationMs(resampled.length, 16000)).toBe(1000);
  });

  it('keeps the level of a speech-band tone when downsampling', () => {
    // Prepare
    const samples = sine(10000, 300, 48000, 1);

    // Act
    const resampled = resamplePcm16(samples, 48000, 16000);

    // Assess
    expect(rmsDb(resampled)).toBeCloseTo(rmsDb(samples), 0);
  });

  it('upsamples by interpolating between neighbours', () => {
    // Prepare
    const samples = Int16Array.of(0, 100, 200);

    // Act
    const resampled = resamplePcm16(samples, 8000, 16000);

    // Assess
    expect(Array.from(resampled)).toEqual([0, 50, 100, 150, 200, 200]);
  });

  it('returns a copy when the rates are equal', () => {
    // Prepare
    const samples = Int16Array.of(1, 2, 3);

    // Act
    const resampled = resamplePcm16(samples, 16000, 16000);
    resampled[0] = 9;

    // Assess
    expect(Array.from(samples)).toEqual([1, 2, 3]);
  });
});
