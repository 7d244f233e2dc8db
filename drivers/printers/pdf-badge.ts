import PDFDocument from 'pdfkit';
import type { Badge, LabelSize } from '../../core/badge.js';
import { layoutBadge } from './badge-layout.js';
import { fontMeasure, runWidth, splitRuns, type BadgeFont, type FontSet } from './fonts.js';
import { qrSquares } from './qr-squares.js';

/**
 * A badge as a one-page PDF of exactly the label's size, for printers driven by their CUPS or
 * Windows driver (Brother QL, DYMO, card printers). Fonts are embedded as subsets, so the page
 * looks the same on any printer; the QR code is vector, so it stays sharp at any resolution.
 */
export function pdfBadge(badge: Badge, label: LabelSize, fonts: FontSet): Promise<Buffer> {
  const layout = layoutBadge(badge, label, fontMeasure(fonts));
  const doc = new PDFDocument({
    size: [layout.width, layout.height],
    margin: 0,
    info: { Title: 'Visitor badge', Creator: 'Visa Kiosk' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const names = new Map<BadgeFont, string>();
  const fontName = (font: BadgeFont) => {
    let name = names.get(font);
    if (name === undefined) {
      name = `f${names.size}`;
      if (font.face) doc.registerFont(name, font.data, font.face);
      else doc.registerFont(name, font.data);
      names.set(font, name);
    }
    return name;
  };

  for (const item of layout.items) {
    if (item.type === 'box') {
      doc.rect(item.x, item.y, item.width, item.height).fill('black');
    } else if (item.type === 'qr') {
      for (const s of qrSquares(item.payload, item.x, item.y, item.size)) doc.rect(s.x, s.y, s.width, s.height);
      doc.fill('black');
    } else {
      let x = item.x;
      for (const run of splitRuns(item.text, fonts[item.weight])) {
        doc.font(fontName(run.font)).fontSize(item.size).fillColor(item.color);
        // Any `features` makes pdfkit shape the run whole, as fontkit measured it; by default it shapes
        // word by word and puts an Arabic name's words left to right.
        doc.text(run.text, x, item.baseline, { lineBreak: false, baseline: 'alphabetic', features: [] });
        x += runWidth(run) * item.size;
      }
    }
  }
  doc.end();
  return done;
}
