import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import type { Badge, BadgeFormat, LabelSize, PrinterDpi } from '../../core/badge.js';
import type { Bitmap } from './bitmap.js';
import { badgePng } from './badge-preview.js';
import { escposReceipt, FONT_A, LINE_DOTS as LINE, type EscPosBlock, type EscPosReceipt } from './escpos-badge.js';
import type { FontSet } from './fonts.js';
import { zplLabel, zplMeasure, type ZplLabel } from './zpl-badge.js';

/**
 * What a raw-format printer is sent, drawn one pixel per printer dot: images (names the printer's
 * font cannot draw) exactly as sent, boxes and QR codes where the printer puts them, and text the
 * printer draws in its own font imitated with ours, outlined and captioned as approximate.
 */

export const APPROXIMATE = 'printer font, approximate';
const MARK = '#d9480f';

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A bitmap's set dots as one path, a rectangle per run of dots in a row. */
export function bitmapPath(bitmap: Bitmap, x: number, y: number, fill: string): string {
  const runs: string[] = [];
  for (let row = 0; row < bitmap.height; row++) {
    let start = -1;
    for (let col = 0; col <= bitmap.width; col++) {
      const set = col < bitmap.width && bitmap.dots[row * bitmap.width + col] === 1;
      if (set && start < 0) start = col;
      if (!set && start >= 0) {
        runs.push(`M${x + start} ${y + row}h${col - start}v1h${start - col}z`);
        start = -1;
      }
    }
  }
  return runs.length ? `<path d="${runs.join('')}" fill="${fill}" shape-rendering="crispEdges"/>` : '';
}

function qrPath(payload: string, x: number, y: number, module: number): string {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'Q' });
  const dots = { width: modules.size, height: modules.size, dots: Uint8Array.from(modules.data) };
  const scaled = { width: dots.width * module, height: dots.height * module, dots: new Uint8Array(dots.width * module * dots.height * module) };
  for (let r = 0; r < scaled.height; r++)
    for (let c = 0; c < scaled.width; c++) scaled.dots[r * scaled.width + c] = dots.dots[Math.floor(r / module) * dots.width + Math.floor(c / module)]!;
  return bitmapPath(scaled, x, y, 'black');
}

/** Printer-font text: our bold face squeezed to the width the layout gave it, in a dashed outline. */
function approximate(text: string, x: number, baseline: number, size: number, width: number, fill: string, family: string): string {
  const outline = `<rect x="${x - 1}" y="${baseline - size * 0.8}" width="${width + 2}" height="${size}" fill="none" stroke="${MARK}" stroke-width="${Math.max(1, size / 20)}" stroke-dasharray="${size / 6}"/>`;
  return `<text x="${x}" y="${baseline}" font-family="${escapeXml(family)}" font-weight="700" font-size="${size}" textLength="${width}" lengthAdjust="spacingAndGlyphs" fill="${fill}" xml:space="preserve">${escapeXml(text)}</text>${outline}`;
}

function svg(width: number, height: number, body: string[], fonts: FontSet): string {
  const note = Math.max(14, Math.round(width / 30));
  const family = escapeXml(fonts.regular[0]!.family);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + note * 2}" viewBox="0 0 ${width} ${height + note * 2}">`,
    `<rect width="${width}" height="${height + note * 2}" fill="#eeeeee"/><rect width="${width}" height="${height}" fill="white"/>`,
    ...body,
    `<rect x="${note / 2}" y="${height + note * 0.45}" width="${note * 1.6}" height="${note * 1.1}" fill="none" stroke="${MARK}" stroke-width="${Math.max(1, note / 14)}" stroke-dasharray="${note / 4}"/>`,
    `<text x="${note * 2.6}" y="${height + note * 1.35}" font-family="${family}" font-size="${note}" fill="#333333">${APPROXIMATE}; everything else as sent</text>`,
    '</svg>',
  ].join('\n');
}

export function zplPreviewSvg(label: ZplLabel, fonts: FontSet): string {
  const family = fonts.bold[0]!.family;
  const body = label.fields.map((field) => {
    const fill = 'reverse' in field && field.reverse ? 'white' : 'black';
    switch (field.type) {
      case 'box':
        return `<rect x="${field.x}" y="${field.y}" width="${field.width}" height="${field.height}" fill="black"/>`;
      case 'text':
        return approximate(field.text, field.x, field.baseline, field.height, zplMeasure(field.text, field.height, 'bold'), fill, family);
      case 'graphic':
        return bitmapPath(field.bitmap, field.x, field.y, fill);
      case 'qr':
        return qrPath(field.payload, field.x, field.y, field.magnification);
    }
  });
  return svg(label.width, label.height, body, fonts);
}

/** Paper around the receipt's content. */
const MARGIN = 24;

export function escposPreviewSvg(receipt: EscPosReceipt, fonts: FontSet): string {
  const family = fonts.bold[0]!.family;
  const { width } = receipt;
  const body: string[] = [];
  let y = MARGIN;
  const textLine = (text: string, scale: 1 | 2, reverse = false) => {
    const cell = { width: FONT_A.width * scale, height: FONT_A.height * scale };
    const w = [...text].length * cell.width;
    const x = Math.round((width - w) / 2);
    if (reverse) body.push(`<rect x="${x}" y="${y}" width="${w}" height="${cell.height}" fill="black"/>`);
    body.push(approximate(text, x, y + cell.height * 0.8, cell.height, w, reverse ? 'white' : 'black', family));
    y += LINE + cell.height - FONT_A.height;
  };
  const block = (item: EscPosBlock, scale: 1 | 2) => {
    if (item.type === 'text') for (const line of item.lines) textLine(line, scale);
    else {
      body.push(bitmapPath(item.bitmap, Math.round((width - item.bitmap.width) / 2), y, 'black'));
      y += item.bitmap.height;
    }
  };
  textLine(` ${receipt.kind} `, 1, true);
  y += LINE;
  if (receipt.name) block(receipt.name, receipt.nameDouble ? 2 : 1);
  y += LINE;
  for (const detail of receipt.details) block(detail, 1);
  if (receipt.qr) {
    y += LINE;
    const side = QRCode.create(receipt.qr.payload, { errorCorrectionLevel: 'Q' }).modules.size * receipt.qr.moduleDots;
    body.push(qrPath(receipt.qr.payload, Math.round((width - side) / 2), y, receipt.qr.moduleDots));
    y += side + LINE;
  }
  return svg(width, y + MARGIN, body, fonts);
}

export interface PreviewSettings {
  format: BadgeFormat;
  label: LabelSize;
  dpi: PrinterDpi;
}

/** The raw format's preview at one pixel per printer dot. */
export function rawPreview(badge: Badge, settings: PreviewSettings, fonts: () => FontSet) {
  const drawing =
    settings.format === 'zpl'
      ? zplPreviewSvg(zplLabel(badge, settings.label, settings.dpi, fonts), fonts())
      : escposPreviewSvg(escposReceipt(badge, {}, fonts), fonts());
  const files = [...new Set([...fonts().regular, ...fonts().bold].map((f) => f.file))];
  return new Resvg(drawing, {
    font: { fontFiles: files, loadSystemFonts: false, defaultFontFamily: fonts().regular[0]!.family },
    fitTo: { mode: 'original' },
  }).render();
}

/** What `--preview` shows: the PDF as laid out, or what a ZPL or ESC/POS printer is sent. */
export function previewPng(badge: Badge, settings: PreviewSettings, fonts: () => FontSet): Buffer {
  return settings.format === 'pdf' ? badgePng(badge, settings.label, fonts()) : rawPreview(badge, settings, fonts).asPng();
}
