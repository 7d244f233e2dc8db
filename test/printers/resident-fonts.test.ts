import { describe, expect, it } from 'vitest';
import { residentFontDraws } from '../../drivers/printers/resident-fonts';

// Zebra font 0 under ^CI28 has Zebra Code Page 1252's glyphs (ZPL II Programming Guide, ^CI and
// "Zebra Code Page 1252"); Epson TM printers have WPC1252 and PC866 (ESC/POS Command Reference,
// ESC t, pages 16 and 17). Names from real people in each script.
describe('what a printer’s own font can draw', () => {
  it.each([
    ['Ada Lovelace', true, true],
    ['Jürgen Groß', true, true],
    ['Œuvre Žižek', true, true], // Windows-1252's extras
    ['Ёлка Чайковский', false, true], // Cyrillic: PC866 on Epson, no font 0 glyphs on older Zebras
    ['Łukasz Wałęsa', false, false], // ł, ę: Central European, in neither
    ['Nguyễn Thị Ệ', false, false], // Vietnamese stacked accents
    ['محمد علي', false, false], // Arabic: shaped, right to left
    ['山田 太郎', false, false],
    ['Ana\u2011Maria', false, true], // the non-breaking hyphen prints as "-" on receipts
  ])('%s: ZPL %s, ESC/POS %s', (name, zpl, escpos) => {
    expect(residentFontDraws('zpl', name)).toBe(zpl);
    expect(residentFontDraws('escpos', name)).toBe(escpos);
    expect(residentFontDraws('pdf', name)).toBe(true);
  });
});
