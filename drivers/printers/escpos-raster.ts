import { packRows, type Bitmap } from './bitmap.js';

/** GS v 0's limits (Epson ESC/POS Command Reference): 1–128 bytes across (xL + xH×256), 1–4095 rows (yL + yH×256). */
const MAX_BYTES_PER_ROW = 128;
const MAX_ROWS = 4095;

/**
 * A bitmap as the ESC/POS raster bit image command `GS v 0 m xL xH yL yH d1…dk` (Epson ESC/POS
 * Command Reference, "GS v 0 Print raster bit image"): m = 0 for normal size, x the bytes per row
 * and y the rows, both little-endian, then the rows top to bottom, most significant bit leftmost,
 * a set bit printing a dot. The printer prints it at once, aligned as ESC a says.
 */
export function escposRaster(bitmap: Bitmap): Buffer {
  const { bytesPerRow, bytes } = packRows(bitmap);
  if (bytesPerRow < 1 || bytesPerRow > MAX_BYTES_PER_ROW || bitmap.height < 1 || bitmap.height > MAX_ROWS) {
    throw new RangeError(`GS v 0 takes 1 to ${MAX_BYTES_PER_ROW * 8} dots across and 1 to ${MAX_ROWS} rows, not ${bitmap.width}×${bitmap.height}`);
  }
  const header = [0x1d, 0x76, 0x30, 0x00, bytesPerRow & 0xff, bytesPerRow >> 8, bitmap.height & 0xff, bitmap.height >> 8];
  return Buffer.concat([Buffer.from(header), bytes]);
}
