import { encode } from 'uqr';
import { qrDrawing } from './qr';

/** The dark modules a path draws, read back from its `M x y h w` runs. */
function modulesOf(path: string): Set<string> {
  const dark = new Set<string>();
  for (const [, x, y, width] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let dx = 0; dx < Number(width); dx += 1) dark.add(`${Number(x) + dx},${y}`);
  }
  return dark;
}

describe('the QR code drawing', () => {
  it("draws exactly uqr's dark modules, with a quiet zone", () => {
    const link = 'http://127.0.0.1:4000/listen/golden-eagle-427';
    const { size, path } = qrDrawing(link);
    const { data } = encode(link, { ecc: 'M', border: 4 });

    const expected = new Set<string>();
    data.forEach((row, y) => row.forEach((dark, x) => dark && expected.add(`${x},${y}`)));
    expect(size).toBe(data.length);
    expect(modulesOf(path)).toEqual(expected);
    expect(modulesOf(path).has('0,0')).toBe(false);
  });
});
