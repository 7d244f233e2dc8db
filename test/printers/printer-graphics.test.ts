import { Resvg } from '@resvg/resvg-js';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Badge, PrinterSettingsInput } from '../../core/badge';
import { BadgePrinter } from '../../drivers/printers/badge-printer';
import type { Bitmap } from '../../drivers/printers/bitmap';
import { bitmapPath } from '../../drivers/printers/printer-preview';
import { useCaptureQueue } from '../fixtures/cups';

const ARTIFACTS = path.resolve('artifacts/badges');
const isRoot = process.getuid?.() === 0;

const taro: Badge = { name: '山田 太郎', kind: 'guest', homeSpace: 'Kumo Lab', hostSpace: 'Harbour Works', validOn: '2026-11-21', visitId: 7 };
const juergen: Badge = { ...taro, name: 'Jürgen Groß', kind: 'visa', homeSpace: 'Spreewerk', visitId: 42 };

interface Placed {
  x: number;
  y: number;
  bitmap: Bitmap;
}

const fromRows = (bytes: Uint8Array, bytesPerRow: number, rows: number): Bitmap => {
  const width = bytesPerRow * 8;
  const dots = new Uint8Array(width * rows);
  for (let i = 0; i < dots.length; i++) dots[i] = (bytes[Math.floor(i / width) * bytesPerRow + ((i % width) >> 3)]! >> (7 - (i & 7))) & 1;
  return { width, height: rows, dots };
};
const inked = (bitmap: Bitmap) => bitmap.dots.reduce((n, d) => n + d, 0);

/** ^FOx,y^GFA,b,c,d,hex^FS as Zebra's ZPL II Programming Guide defines it (see zpl-graphic.test.ts). */
function zplGraphics(zpl: string): Placed[] {
  return [...zpl.matchAll(/\^FO(\d+),(\d+)(?:\^FR)?\^GFA,(\d+),(\d+),(\d+),([0-9A-F]*)\^FS/g)].map(([, x, y, b, c, d, hex]) => {
    expect(Number(b)).toBe(Number(c));
    expect(hex!.length).toBe(2 * Number(b));
    expect(Number(b) % Number(d)).toBe(0);
    return { x: Number(x), y: Number(y), bitmap: fromRows(Buffer.from(hex!, 'hex'), Number(d), Number(b) / Number(d)) };
  });
}

/** GS v 0 m xL xH yL yH d1…dk as Epson's ESC/POS reference defines it (see escpos-raster.test.ts). */
function escposRasters(bytes: Buffer): Bitmap[] {
  const found: Bitmap[] = [];
  let at = bytes.indexOf(Buffer.from([0x1d, 0x76, 0x30, 0x00]));
  while (at >= 0) {
    const [across, rows] = [bytes.readUInt16LE(at + 4), bytes.readUInt16LE(at + 6)];
    found.push(fromRows(bytes.subarray(at + 8, at + 8 + across * rows), across, rows));
    at = bytes.indexOf(Buffer.from([0x1d, 0x76, 0x30, 0x00]), at + 8 + across * rows);
  }
  return found;
}

/** The receipt without its raster images: what the printer prints as text. */
function textOf(bytes: Buffer): string {
  const parts: Buffer[] = [];
  let from = 0;
  let at = bytes.indexOf(Buffer.from([0x1d, 0x76, 0x30, 0x00]));
  while (at >= 0) {
    parts.push(bytes.subarray(from, at));
    from = at + 8 + bytes.readUInt16LE(at + 4) * bytes.readUInt16LE(at + 6);
    at = bytes.indexOf(Buffer.from([0x1d, 0x76, 0x30, 0x00]), from);
  }
  return Buffer.concat([...parts, bytes.subarray(from)]).toString('latin1');
}

/** A bitmap as a PNG, one pixel per dot, to look at. */
const png = (bitmap: Bitmap) =>
  new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="${bitmap.width}" height="${bitmap.height}">${bitmapPath(bitmap, 0, 0, 'black')}</svg>`, {
    background: 'white',
  })
    .render()
    .asPng();

describe.skipIf(!isRoot)('names the printer cannot draw, through a real CUPS server', () => {
  const { cups, capture } = useCaptureQueue('badges', 'capture.bin');
  let printer: BadgePrinter;

  beforeAll(() => {
    // libcups reads this on each thread's first call: set before node-printer is first used.
    process.env.CUPS_SERVER = cups.server;
    printer = new BadgePrinter();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    return () => {
      delete process.env.CUPS_SERVER;
    };
  });

  const printed = async (badge: Badge, settings: Omit<PrinterSettingsInput, 'name'>) => {
    fs.writeFileSync(capture(), '');
    const outcome = await printer.print(badge, { name: 'badges', ...settings });
    if (outcome.status !== 'printed') throw new Error(`${outcome.detail}\n${cups.logTail()}`);
    return fs.readFileSync(capture());
  };

  it('sends a Japanese name to a Zebra as a ^GF graphic sized in the printhead’s dots', async () => {
    const at = async (dpi: 203 | 300) => {
      const zpl = (await printed(taro, { format: 'zpl', label: '4x3in', dpi })).toString('utf8');
      expect(zpl).not.toContain('山田');
      const [name, ...others] = zplGraphics(zpl);
      expect(others).toHaveLength(0);
      const W = Number(/\^PW(\d+)/.exec(zpl)![1]);
      const H = Number(/\^LL(\d+)/.exec(zpl)![1]);
      expect([W, H]).toEqual([4 * dpi, 3 * dpi]);
      expect(name!.x + name!.bitmap.width).toBeLessThanOrEqual(W);
      expect(name!.y + name!.bitmap.height).toBeLessThanOrEqual(H);
      // The details are Latin: still the printer's own font.
      expect(zpl).toMatch(/\^A0N,\d+,\d+\^FH\^FDfrom Kumo Lab\^FS/);
      fs.writeFileSync(path.join(ARTIFACTS, `captured-zpl-${dpi}dpi-name.png`), png(name!.bitmap));
      return name!.bitmap;
    };
    const [coarse, fine] = [await at(203), await at(300)];
    for (const bitmap of [coarse, fine]) expect(inked(bitmap) / (bitmap.width * bitmap.height)).toBeGreaterThan(0.1);
    // Four characters of a bold CJK face: wider than tall, and as large on paper at either resolution.
    expect(coarse.width).toBeGreaterThan(coarse.height * 2);
    expect(fine.height / coarse.height).toBeCloseTo(300 / 203, 1);
    expect(Math.ceil(fine.width / 8) / Math.ceil(coarse.width / 8)).toBeCloseTo(300 / 203, 1);
  });

  it('sends a Japanese name to a receipt printer as a GS v 0 raster image as wide as the printed lines', async () => {
    const receipt = await printed(taro, { format: 'escpos', label: '62x100mm' });
    const [name, ...others] = escposRasters(receipt);
    expect(others).toHaveLength(0);
    // 32 columns of font A, 12 dots each: the width the receipt's text lines take.
    expect(name!.width).toBe(384);
    expect(name!.height).toBeGreaterThan(24);
    expect(name!.height).toBeLessThanOrEqual(2 * 48);
    expect(inked(name!)).toBeGreaterThan(500);
    expect(textOf(receipt)).not.toContain('?');
    expect(textOf(receipt)).toContain('from Kumo Lab\n');
    fs.writeFileSync(path.join(ARTIFACTS, 'captured-escpos-name.png'), png(name!));
  });

  it('prints a Latin name in the printer’s own font, with no image at all', async () => {
    const zpl = (await printed(juergen, { format: 'zpl', label: '4x3in', dpi: 300 })).toString('utf8');
    expect(zpl).toMatch(/\^A0N,\d+,\d+\^FH\^FDJürgen Groß\^FS/);
    expect(zpl).not.toContain('^GF');
    const receipt = await printed(juergen, { format: 'escpos', label: '62x100mm' });
    expect(receipt.includes(Buffer.from('J\xfcrgen Gro\xdf\n', 'latin1'))).toBe(true);
    expect(escposRasters(receipt)).toHaveLength(0);
  });

  it.each([
    ['Łukasz Wałęsa', true, true],
    ['Nguyễn Thị Ệ', true, true],
    ['محمد علي', true, true],
    ['Ёлка Чайковская', true, false],
  ])('%s: ZPL graphic %s, ESC/POS raster %s', async (name, zplGraphic, escposRaster) => {
    const zpl = (await printed({ ...taro, name }, { format: 'zpl', label: '62x100mm' })).toString('utf8');
    const graphics = zplGraphics(zpl);
    expect(graphics.length > 0).toBe(zplGraphic);
    for (const g of graphics) expect(inked(g.bitmap)).toBeGreaterThan(200);
    const receipt = await printed({ ...taro, name }, { format: 'escpos', label: '62x100mm' });
    expect(escposRasters(receipt).length > 0).toBe(escposRaster);
    expect(textOf(receipt)).not.toContain('?');
  });
});
