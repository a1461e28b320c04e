// The join link's QR code as inline SVG, drawn in the page (no network); dark on light whatever the theme.
import { useMemo } from 'preact/hooks';
import { qrDrawing } from '../qr';

/**
 * A QR code of `text`, `size` px square, named `label` for screen readers.
 *
 * @example
 * <QrCode text={link} label="QR code of the join link" size={176} />
 */
export function QrCode({ text, label, size }: { text: string; label: string; size: number }) {
  const drawing = useMemo(() => qrDrawing(text), [text]);
  return (
    <svg
      class="qr"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${drawing.size} ${drawing.size}`}
      shape-rendering="crispEdges"
    >
      <rect width={drawing.size} height={drawing.size} fill="#ffffff" />
      <path d={drawing.path} fill="#000000" />
    </svg>
  );
}
