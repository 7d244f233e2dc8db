import QRCode from 'qrcode';
import type { Badge, LabelSize, PrinterDpi } from '../../core/badge.js';
import { layoutBadge } from './badge-layout.js';
import type { Measure } from './text-fit.js';
import type { Bitmap } from './bitmap.js';
import { badgeFonts, fontMeasure, type FontSet } from './fonts.js';
import { QUIET_MODULES } from './qr-squares.js';
import { residentFontDraws } from './resident-fonts.js';
import { textBitmap } from './text-bitmap.js';
import { zplGraphicField } from './zpl-graphic.js';

/**
 * A badge in ZPL II for Zebra label printers (sent raw: the printer draws it itself). Text goes in
 * the printer's scalable font 0 where it has the characters; any other line (a Japanese name, a
 * Polish or Vietnamese one) goes as a ^GF graphic drawn with the PDF's fonts. Positions come from
 * the same layout as the PDF, in the printhead's dots.
 */

/** East Asian wide characters take a full em in any font. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/**
 * Font 0's advance widths, approximated on the wide side (it is a condensed face), so text laid
 * out with them never runs past its box on the printer.
 */
export const zplMeasure: Measure = (text, size) => {
  let em = 0;
  for (const char of text) {
    if (WIDE.test(char)) em += 1;
    else if (/[ il.,:;'|!]/.test(char)) em += 0.3;
    else if (/[fjrt()-]/.test(char)) em += 0.4;
    else if (/[MWmw@]/.test(char)) em += 0.85;
    else if (/[A-Z]/.test(char)) em += 0.66;
    else em += 0.56;
  }
  return em * size;
};

/**
 * Field data under ^FH: the caret and tilde would start a command, and the underscore is ^FH's
 * own escape, so all three go as hex. ^CI28 makes the rest UTF-8.
 */
export function zplEscape(text: string): string {
  return text.replace(/[_^~]/g, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** One field of the label, in printer dots. `reverse` prints white on the black band (^FR). */
export type ZplField =
  | { type: 'box'; x: number; y: number; width: number; height: number }
  | { type: 'text'; x: number; baseline: number; height: number; text: string; reverse: boolean }
  | { type: 'graphic'; x: number; y: number; bitmap: Bitmap; reverse: boolean }
  | { type: 'qr'; x: number; y: number; magnification: number; modules: number; payload: string };

export interface ZplLabel {
  dpi: PrinterDpi;
  width: number;
  height: number;
  fields: ZplField[];
}

/** Lines font 0 can print are measured as font 0; the others as the fonts their graphic is drawn with. */
function zplLayoutMeasure(fonts: () => FontSet): Measure {
  let drawn: Measure | null = null;
  return (text, size, weight) => (residentFontDraws('zpl', text) ? zplMeasure(text, size, weight) : (drawn ??= fontMeasure(fonts()))(text, size, weight));
}

/** ZPL counts in printhead dots, so the same badge takes more of them on a finer printhead. */
export function zplLabel(badge: Badge, label: LabelSize, dpi: PrinterDpi = 203, fonts: () => FontSet = badgeFonts): ZplLabel {
  const dots = (points: number) => Math.round((points * dpi) / 72);
  const layout = layoutBadge(badge, label, zplLayoutMeasure(fonts), { ellipsis: '...' });
  const fields: ZplField[] = [];
  for (const item of layout.items) {
    if (item.type === 'box') fields.push({ type: 'box', x: dots(item.x), y: dots(item.y), width: dots(item.width), height: dots(item.height) });
    else if (item.type === 'text') {
      const reverse = item.color === 'white';
      if (residentFontDraws('zpl', item.text))
        fields.push({ type: 'text', x: dots(item.x), baseline: dots(item.baseline), height: dots(item.size), text: item.text, reverse });
      else {
        const { bitmap, ascent, left } = textBitmap(item.text, dots(item.size), item.weight, fonts());
        fields.push({ type: 'graphic', x: Math.max(0, dots(item.x) + left), y: Math.max(0, dots(item.baseline) - ascent), bitmap, reverse });
      }
    } else {
      // The printer encodes the symbol itself; the magnification makes it as large as its box allows,
      // up to ^BQ's largest, 10 (at 600 dpi a small payload's code stays smaller than its box).
      const symbol = QRCode.create(item.payload, { errorCorrectionLevel: 'Q' }).modules.size;
      const modules = symbol + 2 * QUIET_MODULES;
      const magnification = Math.max(1, Math.min(10, Math.floor(dots(item.size) / modules)));
      const offset = Math.floor((dots(item.size) - modules * magnification) / 2) + QUIET_MODULES * magnification;
      fields.push({ type: 'qr', x: dots(item.x) + offset, y: dots(item.y) + offset, magnification, modules: symbol, payload: item.payload });
    }
  }
  return { dpi, width: dots(layout.width), height: dots(layout.height), fields };
}

function zplField(field: ZplField): string {
  const reverse = 'reverse' in field && field.reverse ? '^FR' : '';
  switch (field.type) {
    case 'box':
      return `^FO${field.x},${field.y}^GB${field.width},${field.height},${Math.min(field.width, field.height)}^FS`;
    case 'text':
      // ^FT places the baseline, as the layout does.
      return `^FT${field.x},${field.baseline}^A0N,${field.height},${field.height}${reverse}^FH^FD${zplEscape(field.text)}^FS`;
    case 'graphic':
      return `^FO${field.x},${field.y}${reverse}${zplGraphicField(field.bitmap)}^FS`;
    case 'qr':
      return `^FO${field.x},${field.y}^BQN,2,${field.magnification}^FH^FDQA,${zplEscape(field.payload)}^FS`;
  }
}

export function zplCommands(label: ZplLabel): Buffer {
  const out = ['^XA', '^CI28', `^PW${label.width}`, `^LL${label.height}`, '^LH0,0', ...label.fields.map(zplField), '^PQ1', '^XZ'];
  return Buffer.from(out.join('\n') + '\n', 'utf8');
}

export function zplBadge(badge: Badge, label: LabelSize, dpi: PrinterDpi = 203, fonts: () => FontSet = badgeFonts): Buffer {
  return zplCommands(zplLabel(badge, label, dpi, fonts));
}
