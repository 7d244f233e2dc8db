import QRCode from 'qrcode';
import type { Badge, LabelSize, PrinterDpi } from '../../core/badge.js';
import { layoutBadge, type Measure } from './badge-layout.js';
import { QUIET_MODULES } from './qr-squares.js';

/**
 * A badge in ZPL II for Zebra label printers (sent raw: the printer draws it itself). Text uses
 * the printer's scalable font 0, which has no CJK glyphs: a Chinese or Japanese name needs a
 * Unicode font loaded on the printer. Positions come from the same layout as the PDF.
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

/** ZPL counts in printhead dots, so the same badge takes more of them on a finer printhead. */
export function zplBadge(badge: Badge, label: LabelSize, dpi: PrinterDpi = 203): Buffer {
  const dots = (points: number) => Math.round((points * dpi) / 72);
  const layout = layoutBadge(badge, label, zplMeasure, { ellipsis: '...' });
  const out = ['^XA', '^CI28', `^PW${dots(layout.width)}`, `^LL${dots(layout.height)}`, '^LH0,0'];
  for (const item of layout.items) {
    if (item.type === 'box') {
      const [w, h] = [dots(item.width), dots(item.height)];
      out.push(`^FO${dots(item.x)},${dots(item.y)}^GB${w},${h},${Math.min(w, h)}^FS`);
    } else if (item.type === 'text') {
      const h = dots(item.size);
      // ^FT places the baseline, as the layout does; ^FR prints white on the black band.
      out.push(`^FT${dots(item.x)},${dots(item.baseline)}^A0N,${h},${h}${item.color === 'white' ? '^FR' : ''}^FH^FD${zplEscape(item.text)}^FS`);
    } else {
      // The printer encodes the symbol itself; the magnification makes it as large as its box allows,
      // up to ^BQ's largest, 10 (at 600 dpi a small payload's code stays smaller than its box).
      const modules = QRCode.create(item.payload, { errorCorrectionLevel: 'Q' }).modules.size + 2 * QUIET_MODULES;
      const magnification = Math.max(1, Math.min(10, Math.floor(dots(item.size) / modules)));
      const offset = Math.floor((dots(item.size) - modules * magnification) / 2) + QUIET_MODULES * magnification;
      out.push(`^FO${dots(item.x) + offset},${dots(item.y) + offset}^BQN,2,${magnification}^FH^FDQA,${zplEscape(item.payload)}^FS`);
    }
  }
  out.push('^PQ1', '^XZ');
  return Buffer.from(out.join('\n') + '\n', 'utf8');
}
