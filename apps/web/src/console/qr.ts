// The join link's QR code, drawn in the page from uqr's module matrix: no network, no image service.
import { encode } from 'uqr';

export interface QrDrawing {
  /** Modules per side, quiet zone included. */
  size: number;
  /** One SVG path of every dark module (1×1 squares on a `size` grid). */
  path: string;
}

/**
 * The QR code of `text` as one SVG path (medium error correction, a 4-module quiet zone).
 *
 * @example
 * const { size, path } = qrDrawing('http://127.0.0.1:4000/listen/golden-eagle-427');
 * // <svg viewBox={`0 0 ${size} ${size}`}><path d={path} /></svg>
 */
export function qrDrawing(text: string): QrDrawing {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  const parts: string[] = [];
  data.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      // One rectangle per run of dark modules keeps the path short.
      const start = x;
      while (x < row.length && row[x]) x += 1;
      parts.push(`M${start} ${y}h${x - start}v1h-${x - start}z`);
    }
  });
  return { size, path: parts.join('') };
}
