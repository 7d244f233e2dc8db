import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { PassView } from './pass-page.js';

/** Fonts that cover names beyond Latin-1 on a Debian server; pdfkit's built-in Helvetica otherwise. */
const FONT_FILES = ['/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'];

const MM = 72 / 25.4;
/** A wallet card (ISO/IEC 7810 ID-1). */
const CARD: [number, number] = [85.6 * MM, 54 * MM];

/** A printable card with the pass's QR code, the member's name, home space and expiry. */
export async function passCard(view: Omit<PassView, 'cardPath' | 'announcePath'>): Promise<Buffer> {
  const qr = await QRCode.toBuffer(view.text, { errorCorrectionLevel: 'M', margin: 2, scale: 8 });
  const doc = new PDFDocument({ size: CARD, margin: 0, info: { Title: `${view.alliance}: visa pass of ${view.name}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const font = FONT_FILES.find((file) => fs.existsSync(file));
  if (font) doc.font(font);
  const [width, height] = CARD;
  const side = height - 8 * MM;
  doc.image(qr, width - side - 4 * MM, 4 * MM, { width: side, height: side });
  const textWidth = width - side - 10 * MM;
  doc
    .fontSize(7)
    .fillColor('#555')
    .text(view.alliance, 4 * MM, 5 * MM, { width: textWidth });
  doc.moveDown(0.6).fontSize(11).fillColor('#000').text(view.name, { width: textWidth });
  doc.moveDown(0.3).fontSize(8).text(view.spaceName, { width: textWidth });
  doc
    .fontSize(7)
    .fillColor('#333')
    .text(`valid until ${view.expiresAt.toISOString().slice(0, 10)}`, 4 * MM, height - 9 * MM, { width: textWidth });
  doc.end();
  return done;
}
