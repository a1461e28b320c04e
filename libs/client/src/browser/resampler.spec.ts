import { Pcm16Resampler } from './resampler';

function samples(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 2 }, (_, i) => view.getInt16(i * 2, true));
}

describe('Pcm16Resampler', () => {
  it('downsamples 48 kHz to 16 kHz in fixed-size PCM16LE chunks, carrying the remainder over', () => {
    // Prepare
    const resampler = new Pcm16Resampler(48_000, 4);
    const ramp = Float32Array.from({ length: 15 }, (_, i) => i / 100);

    // Act
    const chunks = resampler.push(ramp);
    const more = resampler.push(new Float32Array(9));

    // Assess: every third input sample, 5 output samples from the first call, 4 per chunk.
    expect(chunks).toHaveLength(1);
    expect(samples(chunks[0] ?? new Uint8Array())).toEqual([0, 983, 1966, 2949]);
    expect(more).toHaveLength(1);
    expect(samples(more[0] ?? new Uint8Array())[0]).toBe(3932);
  });

  it('clips samples beyond full scale', () => {
    const [chunk] = new Pcm16Resampler(16_000, 2).push(Float32Array.from([2, -2]));
    expect(samples(chunk ?? new Uint8Array())).toEqual([32767, -32768]);
  });

  it('interpolates between samples when the rates do not divide', () => {
    const [chunk] = new Pcm16Resampler(24_000, 2).push(Float32Array.from([0, 0.5, 1, 1]));
    expect(samples(chunk ?? new Uint8Array())).toEqual([0, 24575]);
  });
});
