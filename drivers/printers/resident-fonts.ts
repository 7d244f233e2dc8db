import type { BadgeFormat } from '../../core/badge.js';

/**
 * Which characters a printer's own font can draw. Beyond these a name must go to the printer as a
 * picture, or it comes out as empty boxes (ZPL) or question marks (ESC/POS).
 *
 * - ZPL: font 0 (CG Triumvirate) takes UTF-8 under ^CI28, but its glyphs are Zebra Code Page 1252's
 *   (Latin-1 and Windows-1252's extras: €, Š, Œ, Ž, curly quotes, dashes). Zebra's other code pages
 *   (1250, 1251…) need recent firmware, and CJK needs a font downloaded to the printer.
 * - ESC/POS: one-byte code pages every Epson TM has: WPC1252 (ESC t 16) and PC866 for Cyrillic
 *   (ESC t 17); the encoder switches between them as a line needs.
 */

/** WPC1252's 0x80–0x9F, where it differs from Latin-1 (NUL marks the unused bytes). */
const CP1252_HIGH = '€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ';

/** The character's byte in Windows-1252, or null when it has none. */
export function cp1252(char: string): number | null {
  const code = char.codePointAt(0) ?? -1;
  if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff)) return code;
  const high = char === '\0' ? -1 : CP1252_HIGH.indexOf(char);
  return high >= 0 ? 0x80 + high : null;
}

/** The Cyrillic half of PC866. */
export const CP866: Record<string, number> = {};
for (let i = 0; i < 48; i++) CP866[String.fromCharCode(0x410 + i)] = 0x80 + i; // А…Я, а…п
for (let i = 0; i < 16; i++) CP866[String.fromCharCode(0x440 + i)] = 0xe0 + i; // р…я
[...'ЁёЄєЇїЎў'].forEach((c, i) => (CP866[c] = 0xf0 + i));

/** The hyphen and the non-breaking hyphen, which name wrapping tells apart, print as a plain hyphen. */
export const HYPHENS: Record<string, string> = { '\u2010': '-', '\u2011': '-' };

const DRAWS: Record<Exclude<BadgeFormat, 'pdf'>, (char: string) => boolean> = {
  zpl: (char) => cp1252(char) !== null,
  escpos: (char) => cp1252(char) !== null || CP866[char] !== undefined || HYPHENS[char] !== undefined,
};

/** Whether the printer's own font draws every character of `text` (a PDF embeds its fonts: always). */
export function residentFontDraws(format: BadgeFormat, text: string): boolean {
  if (format === 'pdf') return true;
  const draws = DRAWS[format];
  return [...text].every(draws);
}
