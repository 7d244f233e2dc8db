import type { Badge } from '../../core/badge.js';
import { badgeText } from './badge-text.js';
import { ellipsize, fitText, joinLines, wrapText, type Measure } from './text-fit.js';
import { blankBitmap, blit, trimRows, type Bitmap } from './bitmap.js';
import { escposRaster } from './escpos-raster.js';
import { badgeFonts, fontMeasure, type FontSet } from './fonts.js';
import { cp1252, CP866, HYPHENS, residentFontDraws } from './resident-fonts.js';
import { textBitmap } from './text-bitmap.js';

/**
 * A badge as ESC/POS for receipt printers (Epson TM and compatibles, sent raw): the kind
 * reversed, the name at double size, the details, the printer's own QR code, then a cut.
 *
 * Receipt printers print text through a one-byte code page, not UTF-8 (only some recent models
 * take UTF-8, each its own way). So each character is sent in the Epson code page that has it:
 * WPC1252 for Western European letters, PC866 for Cyrillic, switching with ESC t as needed. A
 * line with any other character (a Japanese or Polish name) is sent as a raster image (GS v 0)
 * drawn with the PDF's fonts, as large as the printer's own text would be.
 */

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

/** Epson's numbers for the code pages (ESC t n). */
const WPC1252 = 16;
const PC866 = 17;

/** Font A's character cell, in dots: double size doubles both. */
export const FONT_A = { width: 12, height: 24 };

/** The text with its hyphens made plain: every character of a line the printer draws is then in WPC1252 or PC866. */
const printable = (text: string) => [...text].map((c) => HYPHENS[c] ?? c).join('');

/** Encodes text in the printer's code pages, switching page only when a character needs the other one. */
class Encoder {
  readonly bytes: number[] = [ESC, 0x40, ESC, 0x74, WPC1252];
  private page = WPC1252;

  raw(...bytes: number[]): this {
    for (const byte of bytes) this.bytes.push(byte);
    return this;
  }

  line(text: string): this {
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
      this.bytes.push(latin ?? CP866[char] ?? 0x3f);
    }
    return this.raw(LF);
  }
}

/** GS ( k: model 2, module size, error correction Q, store the data, print it. */
function qrCommands(payload: string, moduleDots: number): number[] {
  // QR byte mode carries UTF-8 as it is; scanners read it so.
  const data = [...Buffer.from(payload, 'utf8')];
  const store = data.length + 3;
  return [
    GS,
    0x28,
    0x6b,
    0x04,
    0x00,
    0x31,
    0x41,
    0x32,
    0x00,
    GS,
    0x28,
    0x6b,
    0x03,
    0x00,
    0x31,
    0x43,
    moduleDots,
    GS,
    0x28,
    0x6b,
    0x03,
    0x00,
    0x31,
    0x45,
    0x32,
    GS,
    0x28,
    0x6b,
    store & 0xff,
    store >> 8,
    0x31,
    0x50,
    0x30,
    ...data,
    GS,
    0x28,
    0x6b,
    0x03,
    0x00,
    0x31,
    0x51,
    0x30,
  ];
}

export interface EscPosOptions {
  /**
   * Characters per line in font A: 48 on 80 mm paper, 32 on 58 mm. The default, 32, is right on
   * both: the badge is centred, so on wide paper it only has wider margins.
   */
  columns?: number;
}

/** A block of the receipt: text in the printer's font, or the exact dots of an image. */
export type EscPosBlock = { type: 'text'; lines: string[] } | { type: 'raster'; bitmap: Bitmap };

/** What the receipt prints, top to bottom, before it is encoded. */
export interface EscPosReceipt {
  /** The printable width in dots: `columns` characters of font A. */
  width: number;
  kind: string;
  name: EscPosBlock | null;
  /** The name's text at double width and height. */
  nameDouble: boolean;
  details: EscPosBlock[];
  qr: { payload: string; moduleDots: number } | null;
}

const QR_MODULE_DOTS = 6;
/** Drawn names are sized like the printer's own text: up to about a double-size cell, down to a normal one. */
const NAME_DOTS = { max: FONT_A.height * 2 * 0.9, min: FONT_A.height * 0.9, lines: 3 };
const DETAIL_DOTS = FONT_A.height * 0.9;
const PITCH = 1.2;

/** Lines drawn with the badge fonts, each centred on a `width`-dot strip, `size` times PITCH apart, cut to their ink top and bottom. */
function rasterLines(lines: string[], size: number, width: number, fonts: FontSet): Bitmap {
  const pitch = Math.round(size * PITCH);
  const drawn = lines.map((line) => textBitmap(line, size, 'bold', fonts));
  const first = Math.max(...drawn.map((d) => d.ascent));
  const canvas = blankBitmap(width, first + (lines.length - 1) * pitch + Math.max(...drawn.map((d) => d.bitmap.height - d.ascent)));
  drawn.forEach(({ bitmap, ascent }, i) => blit(canvas, bitmap, Math.floor((width - bitmap.width) / 2), first + i * pitch - ascent));
  return trimRows(canvas);
}

/** The printer's line pitch (ESC 2, 1/6 inch), so a drawn detail line takes the room a printed one does. */
export const LINE_DOTS = 30;

/** One line drawn on a strip as tall as a printed line, centred, its baseline where font A's is. */
function rasterLine(line: string, size: number, width: number, fonts: FontSet): Bitmap {
  const { bitmap, ascent } = textBitmap(line, size, 'bold', fonts);
  const canvas = blankBitmap(width, LINE_DOTS);
  blit(canvas, bitmap, Math.floor((width - bitmap.width) / 2), Math.round(LINE_DOTS * 0.72) - ascent);
  return canvas;
}

function textName(name: string, columns: number): { block: EscPosBlock; double: boolean } {
  const fits = (width: number) => (line: string) => [...printable(line)].length <= width;
  // Double width and height when it fits in three lines, else normal size; a word is broken
  // mid-word only when neither size holds it whole. It is wrapped before it is made printable, so
  // a non-breaking hyphen still holds its two halves together.
  const choices = [false, true].flatMap((breakWords) =>
    [[columns / 2, true] as const, [columns, false] as const].map(([width, double]) => ({ lines: wrapText(name, fits(width), breakWords), width, double })),
  );
  const chosen = choices.find((c) => c.lines.length <= 3 && c.lines.every(fits(c.width))) ?? choices[choices.length - 1]!;
  const lines = chosen.lines.length > 3 ? [...chosen.lines.slice(0, 2), ellipsize(joinLines(chosen.lines.slice(2)), fits(columns), '...')] : chosen.lines;
  return { block: { type: 'text', lines }, double: chosen.double };
}

export function escposReceipt(badge: Badge, options: EscPosOptions = {}, fonts: () => FontSet = badgeFonts): EscPosReceipt {
  const columns = options.columns ?? 32;
  const width = columns * FONT_A.width;
  const text = badgeText(badge);
  let measured: Measure | null = null;
  const measure = () => (measured ??= fontMeasure(fonts()));

  let name: EscPosBlock | null = null;
  let nameDouble = false;
  if (text.name && residentFontDraws('escpos', text.name)) ({ block: name, double: nameDouble } = textName(text.name, columns));
  else if (text.name) {
    const box = {
      width,
      height: NAME_DOTS.max * PITCH * NAME_DOTS.lines,
      maxSize: NAME_DOTS.max,
      minSize: NAME_DOTS.min,
      maxLines: NAME_DOTS.lines,
      lineHeight: PITCH,
      weight: 'bold',
      ellipsis: '…',
    } as const;
    const fitted = fitText(text.name, box, measure());
    name = { type: 'raster', bitmap: rasterLines(fitted.lines, Math.floor(fitted.size), width, fonts()) };
  }

  const details = text.details.map((detail): EscPosBlock => {
    if (residentFontDraws('escpos', detail)) return { type: 'text', lines: [ellipsize(detail, (line) => [...line].length <= columns, '...')] };
    const fits = (line: string) => measure()(line, DETAIL_DOTS, 'bold') <= width;
    return { type: 'raster', bitmap: rasterLine(ellipsize(detail, fits, '…'), DETAIL_DOTS, width, fonts()) };
  });

  return { width, kind: text.kind, name, nameDouble, details, qr: text.qrPayload === null ? null : { payload: text.qrPayload, moduleDots: QR_MODULE_DOTS } };
}

function block(out: Encoder, item: EscPosBlock): void {
  if (item.type === 'raster') out.raw(...escposRaster(item.bitmap));
  else for (const line of item.lines) out.line(line);
}

export function escposCommands(receipt: EscPosReceipt): Buffer {
  const out = new Encoder();
  out.raw(ESC, 0x61, 0x01); // centred, text and images alike
  out.raw(GS, 0x42, 0x01, ESC, 0x45, 0x01).line(` ${receipt.kind} `).raw(GS, 0x42, 0x00, ESC, 0x45, 0x00, LF);
  out.raw(GS, 0x21, receipt.nameDouble ? 0x11 : 0x00, ESC, 0x45, 0x01);
  if (receipt.name) block(out, receipt.name);
  out.raw(GS, 0x21, 0x00, ESC, 0x45, 0x00, LF);
  for (const detail of receipt.details) block(out, detail);
  if (receipt.qr) out.raw(LF, ...qrCommands(receipt.qr.payload, receipt.qr.moduleDots), LF);
  // Feed to the cutter and cut partially, so the badge stays hanging until taken.
  out.raw(LF, GS, 0x56, 0x42, 0x00);
  return Buffer.from(out.bytes);
}

export function escposBadge(badge: Badge, options: EscPosOptions = {}, fonts: () => FontSet = badgeFonts): Buffer {
  return escposCommands(escposReceipt(badge, options, fonts));
}
