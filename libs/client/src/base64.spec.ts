import { fromBase64, toBase64 } from './base64';

describe('base64', () => {
  it('round-trips bytes larger than one conversion step', () => {
    // Prepare
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => i % 256);

    // Act
    const back = fromBase64(toBase64(bytes));

    // Assess
    expect(back).toEqual(bytes);
  });

  it('matches Node’s own encoding', () => {
    expect(toBase64(Uint8Array.from([0, 255, 16, 32]))).toBe(
      Buffer.from([0, 255, 16, 32]).toString('base64'),
    );
  });
});
