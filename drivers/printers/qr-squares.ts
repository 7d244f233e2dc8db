import QRCode from 'qrcode';

export interface Square {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Light modules kept around the symbol inside its box, so a scanner finds its edge on any background. */
export const QUIET_MODULES = 2;

/**
 * The dark modules of a QR code filling a `side`-wide box at (x, y), as rectangles: each run of
 * dark modules in a row is one rectangle, so vector outputs stay small and show no hairline seams.
 */
export function qrSquares(payload: string, x: number, y: number, side: number): Square[] {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'Q' });
  const n = modules.size;
  const unit = side / (n + 2 * QUIET_MODULES);
  const squares: Square[] = [];
  for (let row = 0; row < n; row++) {
    let start = -1;
    for (let col = 0; col <= n; col++) {
      const dark = col < n && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        squares.push({ x: x + (QUIET_MODULES + start) * unit, y: y + (QUIET_MODULES + row) * unit, width: (col - start) * unit, height: unit });
        start = -1;
      }
    }
  }
  return squares;
}
