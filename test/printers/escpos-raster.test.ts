import { describe, expect, it } from 'vitest';
import { blankBitmap, type Bitmap } from '../../drivers/printers/bitmap';
import { escposRaster } from '../../drivers/printers/escpos-raster';

const bitmap = (rows: string[]): Bitmap => ({
  width: rows[0]!.length,
  height: rows.length,
  dots: Uint8Array.from(rows.join('').split(''), (c) => (c === '#' ? 1 : 0)),
});

// Epson, ESC/POS Command Reference, "GS v 0 Print raster bit image": 1D 76 30 m xL xH yL yH d1…dk
// with m = 0 (normal), xL + xH×256 bytes across (1–128), yL + yH×256 dots down (1–4095),
// k = x × y data bytes, each byte eight dots with the most significant bit leftmost, 1 = print.
describe('ESC/POS GS v 0 raster image', () => {
  it('writes the header little-endian and the rows most significant bit first', () => {
    const out = escposRaster(bitmap(['#.......#', '.#.......']));
    expect([...out]).toEqual([0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0x80, 0x80, 0x40, 0x00]);
  });

  it('gives sizes over 255 in two bytes: 400×300 dots are 50 bytes across, yL 0x2C yH 0x01', () => {
    const out = escposRaster(blankBitmap(400, 300));
    expect([...out.subarray(0, 8)]).toEqual([0x1d, 0x76, 0x30, 0x00, 50, 0, 0x2c, 0x01]);
    expect(out.length).toBe(8 + 50 * 300);
  });

  it('refuses images outside the command’s range', () => {
    expect(() => escposRaster(blankBitmap(1025, 10))).toThrow(/1 to 1024 dots across/);
    expect(() => escposRaster(blankBitmap(8, 4096))).toThrow(/1 to 4095 rows/);
  });
});
