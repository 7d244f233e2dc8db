/** A 1-bit image in printer dots: `dots[y * width + x]` is 1 where the printer burns a dot. */
export interface Bitmap {
  width: number;
  height: number;
  dots: Uint8Array;
}

export interface PackedRows {
  bytesPerRow: number;
  /** Rows top to bottom, each padded with white to whole bytes; the leftmost dot is a byte's high bit. */
  bytes: Uint8Array;
}

/** Packs dots eight to a byte, most significant bit first: how both ZPL ^GF and ESC/POS GS v 0 take them. */
export function packRows(bitmap: Bitmap): PackedRows {
  const bytesPerRow = Math.ceil(bitmap.width / 8);
  const bytes = new Uint8Array(bytesPerRow * bitmap.height);
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = 0; x < bitmap.width; x++) {
      if (bitmap.dots[y * bitmap.width + x]) bytes[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { bytesPerRow, bytes };
}

export const blankBitmap = (width: number, height: number): Bitmap => ({ width, height, dots: new Uint8Array(width * height) });

/** Sets the dots of `image` on `canvas` with its top-left at (x, y), cutting what falls outside. */
export function blit(canvas: Bitmap, image: Bitmap, x: number, y: number): void {
  for (let row = 0; row < image.height; row++) {
    const cy = y + row;
    if (cy < 0 || cy >= canvas.height) continue;
    for (let col = 0; col < image.width; col++) {
      const cx = x + col;
      if (cx >= 0 && cx < canvas.width && image.dots[row * image.width + col]) canvas.dots[cy * canvas.width + cx] = 1;
    }
  }
}

/** The bitmap without its blank rows at the top and bottom (one blank row when all are). */
export function trimRows(bitmap: Bitmap): Bitmap {
  const inked = (row: number) => bitmap.dots.subarray(row * bitmap.width, (row + 1) * bitmap.width).some((dot) => dot === 1);
  let top = 0;
  while (top < bitmap.height && !inked(top)) top++;
  if (top === bitmap.height) return blankBitmap(bitmap.width, 1);
  let bottom = bitmap.height;
  while (!inked(bottom - 1)) bottom--;
  return { width: bitmap.width, height: bottom - top, dots: bitmap.dots.slice(top * bitmap.width, bottom * bitmap.width) };
}
