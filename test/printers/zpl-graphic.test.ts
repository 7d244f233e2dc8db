import { describe, expect, it } from 'vitest';
import { blankBitmap, type Bitmap } from '../../drivers/printers/bitmap';
import { zplGraphicField } from '../../drivers/printers/zpl-graphic';

const bitmap = (rows: string[]): Bitmap => ({
  width: rows[0]!.length,
  height: rows.length,
  dots: Uint8Array.from(rows.join('').split(''), (c) => (c === '#' ? 1 : 0)),
});

// Zebra, ZPL II Programming Guide, "^GF Graphic Field": ^GFa,b,c,d,data with a = A (ASCII
// hexadecimal), b = binary byte count, c = graphic field count (for ASCII, b matches c), d = bytes
// per row; a 1 bit prints a dot. The guide's example, "^FO100,100^GFA,8000,8000,80,…", is an image
// 80 bytes (640 dots) wide and 100 rows high.
describe('ZPL ^GF graphic field', () => {
  it('writes the rows as ASCII hex, leftmost dot in the high bit, rows padded to whole bytes', () => {
    const field = zplGraphicField(bitmap(['#........#', '##########', '..........']));
    expect(field).toBe('^GFA,6,6,2,8040FFC00000');
  });

  it('counts bytes as the guide’s example does: 640×100 dots are 8000 bytes, 80 per row', () => {
    const field = zplGraphicField(blankBitmap(640, 100));
    expect(field.startsWith('^GFA,8000,8000,80,')).toBe(true);
    expect(field.length - '^GFA,8000,8000,80,'.length).toBe(16000);
  });

  it('refuses an empty image, which the printer would reject', () => {
    expect(() => zplGraphicField(blankBitmap(0, 5))).toThrow(/at least one dot/);
  });
});
