import type { Badge } from '../../core/badge.js';
import { badgeText, ellipsize, joinLines, wrapText } from './badge-layout.js';

/**
 * A badge as ESC/POS for receipt printers (Epson TM and compatibles, sent raw): the kind
 * reversed, the name at double size, the details, the printer's own QR code, then a cut.
 *
 * Receipt printers print text through a one-byte code page, not UTF-8 (only some recent models
 * take UTF-8, each its own way). So each character is sent in the Epson code page that has it:
 * WPC1252 for Western European letters, PC866 for Cyrillic, switching with ESC t as needed.
 * Anything else is transliterated (accents dropped from other Latin letters, Greek spelled in
 * Latin letters); what cannot be transliterated, such as CJK, prints as "?".
 */

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

/** WPC1252's 0x80–0x9F, where it differs from Latin-1 (NUL marks the unused bytes). */
const CP1252_HIGH = '€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ';
/** The Cyrillic half of PC866. */
const CP866: Record<string, number> = {};
for (let i = 0; i < 48; i++) CP866[String.fromCharCode(0x410 + i)] = 0x80 + i; // А…Я, а…п
for (let i = 0; i < 16; i++) CP866[String.fromCharCode(0x440 + i)] = 0xe0 + i; // р…я
[...'ЁёЄєЇїЎў'].forEach((c, i) => (CP866[c] = 0xf0 + i));

/** Epson's numbers for the code pages (ESC t n). */
const WPC1252 = 16;
const PC866 = 17;

function cp1252(char: string): number | null {
  const code = char.codePointAt(0)!;
  if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
  const high = char === '\0' ? -1 : CP1252_HIGH.indexOf(char);
  return high >= 0 ? 0x80 + high : null;
}

const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p',
  ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};
/** Latin letters that carry no combining accent to drop. */
const LATIN: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ħ: 'h', Ħ: 'H', ı: 'i', ŋ: 'ng', Ŋ: 'NG', ŧ: 't', Ŧ: 'T' };

/** The hyphen and the non-breaking hyphen, which name wrapping tells apart before they are printed. */
const HYPHENS: Record<string, string> = { '\u2010': '-', '\u2011': '-' };

function transliterate(char: string): string {
  if (LATIN[char]) return LATIN[char];
  if (HYPHENS[char]) return HYPHENS[char];
  const bare = char.normalize('NFD').replace(/\p{M}/gu, '');
  if (bare && [...bare].every((c) => cp1252(c) !== null)) return bare;
  const lower = bare.toLowerCase();
  const greek = GREEK[lower];
  if (greek) return lower === bare ? greek : greek[0]!.toUpperCase() + greek.slice(1);
  return '?';
}

/** The text as the printer can show it: every character is then in WPC1252 or PC866. */
export function printable(text: string): string {
  return [...text].map((c) => (cp1252(c) !== null || CP866[c] !== undefined ? c : transliterate(c))).join('');
}

/** Encodes text in the printer's code pages, switching page only when a character needs the other one. */
class Encoder {
  readonly bytes: number[] = [ESC, 0x40, ESC, 0x74, WPC1252];
  private page = WPC1252;

  raw(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }

  text(text: string): this {
    for (const char of printable(text)) {
      const latin = cp1252(char);
      // ASCII is the same in both pages: it never needs a switch.
      if (latin !== null && latin < 0x80) {
        this.bytes.push(latin);
        continue;
      }
      const page = latin !== null ? WPC1252 : PC866;
      if (page !== this.page) {
        this.raw(ESC, 0x74, page);
        this.page = page;
      }
      this.bytes.push(latin ?? CP866[char]!);
    }
    return this;
  }

  line(text: string): this {
    return this.text(text).raw(LF);
  }
}

/** GS ( k: model 2, module size, error correction Q, store the data, print it. */
function qrCommands(payload: string, moduleDots: number): number[] {
  // QR byte mode carries UTF-8 as it is; scanners read it so.
  const data = [...Buffer.from(payload, 'utf8')];
  const store = data.length + 3;
  return [
    GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00,
    GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleDots,
    GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x32,
    GS, 0x28, 0x6b, store & 0xff, store >> 8, 0x31, 0x50, 0x30, ...data,
    GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30,
  ];
}

export interface EscPosOptions {
  /**
   * Characters per line in font A: 48 on 80 mm paper, 32 on 58 mm. The default, 32, is right on
   * both: the badge is centred, so on wide paper it only has wider margins.
   */
  columns?: number;
}

export function escposBadge(badge: Badge, options: EscPosOptions = {}): Buffer {
  const columns = options.columns ?? 32;
  const text = badgeText(badge);
  const fits = (width: number) => (line: string) => [...printable(line)].length <= width;
  const out = new Encoder();
  out.raw(ESC, 0x61, 0x01); // centred

  out.raw(GS, 0x42, 0x01, ESC, 0x45, 0x01).line(` ${text.kind} `).raw(GS, 0x42, 0x00, ESC, 0x45, 0x00, LF);

  // The name at double width and height when it fits in three lines, else at normal size; a word
  // is broken mid-word only when neither size holds it whole. It is wrapped before it is made
  // printable, so a non-breaking hyphen still holds its two halves together.
  const choices = [false, true].flatMap((breakWords) => [[columns / 2, 0x11] as const, [columns, 0x00] as const].map(([width, size]) => ({ lines: wrapText(text.name, fits(width), breakWords), width, size })));
  const { lines, size } = choices.find((c) => c.lines.length <= 3 && c.lines.every(fits(c.width))) ?? choices.at(-1)!;
  const shown = lines.length > 3 ? [...lines.slice(0, 2), ellipsize(joinLines(lines.slice(2)), fits(columns), '...')] : lines;
  out.raw(GS, 0x21, size, ESC, 0x45, 0x01);
  for (const line of shown) out.line(printable(line));
  out.raw(GS, 0x21, 0x00, ESC, 0x45, 0x00, LF);

  for (const detail of text.details) out.line(ellipsize(printable(detail), fits(columns), '...'));

  if (text.qrPayload !== null) out.raw(LF, ...qrCommands(text.qrPayload, 6), LF);
  // Feed to the cutter and cut partially, so the badge stays hanging until taken.
  out.raw(LF, GS, 0x56, 0x42, 0x00);
  return Buffer.from(out.bytes);
}
