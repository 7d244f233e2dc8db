import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Badge } from '../../core/badge';
import type { Bitmap } from '../../drivers/printers/bitmap';
import { escposReceipt } from '../../drivers/printers/escpos-badge';
import { badgeFonts } from '../../drivers/printers/fonts';
import { APPROXIMATE, rawPreview, zplPreviewSvg } from '../../drivers/printers/printer-preview';
import { zplLabel } from '../../drivers/printers/zpl-badge';
import { visaKiosk } from '../fixtures/cli';
import { useTempDir } from '../fixtures/temp';

const ARTIFACTS = path.resolve('artifacts/badges');
const tempDir = useTempDir();
const taro: Badge = { name: '山田 太郎', kind: 'guest', homeSpace: 'Kumo Lab', hostSpace: 'Harbour Works', validOn: '2026-11-21', visitId: 7 };
const juergen: Badge = { ...taro, name: 'Jürgen Groß', homeSpace: 'Spreewerk' };

interface Pixels {
  width: number;
  height: number;
  /** RGBA, read once: resvg copies them on each read. */
  rgba: Buffer;
}
const pixelsOf = (image: ReturnType<typeof rawPreview>): Pixels => ({ width: image.width, height: image.height, rgba: image.pixels });
const dark = (image: Pixels, x: number, y: number) => image.rgba[(y * image.width + x) * 4]! < 128;
/** Whether the image shows exactly the bitmap's dots with its top-left at (x, y). */
const shows = (image: Pixels, bitmap: Bitmap, x: number, y: number) =>
  bitmap.dots.every((dot, i) => dark(image, x + (i % bitmap.width), y + Math.floor(i / bitmap.width)) === (dot === 1));
const pngWidth = (file: string) => fs.readFileSync(file).readUInt32BE(16);

describe('the preview of a raw-format badge is what the printer is sent', () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  it('ZPL: one pixel per dot of a 300 dpi printhead, the name’s ^GF bitmap exactly', () => {
    const label = zplLabel(taro, '4x3in', 300);
    const graphic = label.fields.find((f) => f.type === 'graphic');
    if (graphic?.type !== 'graphic') throw new Error('the name should be a graphic');
    const image = rawPreview(taro, { format: 'zpl', label: '4x3in', dpi: 300 }, badgeFonts);
    fs.writeFileSync(path.join(ARTIFACTS, 'preview-zpl-300dpi-japanese.png'), image.asPng());
    expect(image.width).toBe(1200);
    expect(image.height).toBeGreaterThan(900);
    expect(shows(pixelsOf(image), graphic.bitmap, graphic.x, graphic.y)).toBe(true);
  });

  it('ESC/POS: the receipt’s 384 dots across, the name’s GS v 0 image exactly', () => {
    const receipt = escposReceipt(taro);
    if (receipt.name?.type !== 'raster') throw new Error('the name should be a raster image');
    const { bitmap } = receipt.name;
    const image = rawPreview(taro, { format: 'escpos', label: '62x100mm', dpi: 203 }, badgeFonts);
    fs.writeFileSync(path.join(ARTIFACTS, 'preview-escpos-japanese.png'), image.asPng());
    expect(image.width).toBe(384);
    const pixels = pixelsOf(image);
    const rows = Array.from({ length: image.height - bitmap.height }, (_, y) => y);
    expect(rows.some((y) => shows(pixels, bitmap, 0, y))).toBe(true);
  });

  it('draws printer-font text outlined and captioned as approximate, and never the name it sends as an image', () => {
    const latin = zplPreviewSvg(zplLabel(juergen, '4x3in', 203), badgeFonts());
    expect(latin).toMatch(/>Jürgen Groß<\/text><rect [^>]*stroke-dasharray/);
    expect(latin).toContain(APPROXIMATE);
    const japanese = zplPreviewSvg(zplLabel(taro, '4x3in', 203), badgeFonts());
    expect(japanese).not.toContain('山田');
    fs.writeFileSync(
      path.join(ARTIFACTS, 'preview-zpl-203dpi-latin.png'),
      rawPreview(juergen, { format: 'zpl', label: '4x3in', dpi: 203 }, badgeFonts).asPng(),
    );
  });

  it('print-badge --preview renders the chosen format at the printer’s dots, not the PDF', async () => {
    const zpl = path.join(tempDir(), 'zpl.png');
    const run = await visaKiosk(['print-badge', '--preview', zpl, '--format', 'zpl', '--dpi', '300', '--label', '4x3in', '--name', '山田 太郎']);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('300 dpi ZPL printer is sent, dot for dot') });
    expect(pngWidth(zpl)).toBe(1200);
    const receipt = path.join(tempDir(), 'escpos.png');
    expect((await visaKiosk(['print-badge', '--preview', receipt, '--format', 'escpos', '--name', '山田 太郎'])).code).toBe(0);
    expect(pngWidth(receipt)).toBe(384);
  });
});
