import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { PRINTER_DPIS, type Badge, type LabelSize } from '../../core/badge';
import { LabelSize as LabelSizes } from '../../core/badge';
import { zplBadge, zplMeasure } from '../../drivers/printers/zpl-badge';

const juergen: Badge = {
  name: 'Jürgen Groß-Weißenfels',
  kind: 'visa',
  homeSpace: 'Cedar Commons',
  hostSpace: 'Harbour Works',
  validOn: '2026-11-21',
  visitId: 42,
};
const zpl = (label: LabelSize, dpi: (typeof PRINTER_DPIS)[number]) => zplBadge(juergen, label, dpi).toString('utf8');
const heights = (text: string) => [...text.matchAll(/\^A0N,(\d+),\d+/g)].map((m) => Number(m[1]));

// ^PW (print width) and ^LL (label length) take the label's size in printer dots, not in any unit
// of length: Zebra's ZPL II Programming Guide, "^PW Print Width" and "^LL Label Length" ("defines
// the length of the label", 1 to 32000 dots). So a label is its size in inches times the dpi.
describe('ZPL at the printer’s resolution', () => {
  it.each([
    [203, 812, 609],
    [300, 1200, 900],
    [600, 2400, 1800],
  ] as const)('a 4x3in label at %i dpi is ^PW%i ^LL%i', (dpi, width, height) => {
    expect(zpl('4x3in', dpi)).toContain(`\n^PW${width}\n^LL${height}\n`);
  });

  it.each([300, 600] as const)('text at %i dpi is as tall on paper as at 203 dpi', (dpi) => {
    for (const label of LabelSizes.options) {
      const base = heights(zpl(label, 203));
      const scaled = heights(zpl(label, dpi));
      expect(scaled).toHaveLength(base.length);
      // Each height is rounded to a whole dot from the same size in points, so within a dot of the ratio.
      scaled.forEach((h, i) => expect(Math.abs(h - (base[i]! * dpi) / 203)).toBeLessThanOrEqual((dpi / 203) * 0.5 + 0.5));
    }
  });

  it.each(PRINTER_DPIS)('keeps every box, text and QR code on the label at %i dpi', (dpi) => {
    for (const label of LabelSizes.options) {
      const text = zpl(label, dpi);
      const W = Number(/\^PW(\d+)/.exec(text)![1]);
      const H = Number(/\^LL(\d+)/.exec(text)![1]);
      for (const [, x, y, w, h] of text.matchAll(/\^FO(\d+),(\d+)\^GB(\d+),(\d+)/g)) {
        expect(Number(x) + Number(w), `${label} box`).toBeLessThanOrEqual(W);
        expect(Number(y) + Number(h), `${label} box`).toBeLessThanOrEqual(H);
      }
      for (const [, x, baseline, h, data] of text.matchAll(/\^FT(\d+),(\d+)\^A0N,(\d+),\d+(?:\^FR)?\^FH\^FD(.*?)\^FS/g)) {
        expect(Number(x), `${label} "${data}"`).toBeGreaterThanOrEqual(0);
        expect(Number(baseline) - Number(h), `${label} "${data}"`).toBeGreaterThanOrEqual(0);
        expect(Number(baseline), `${label} "${data}"`).toBeLessThanOrEqual(H);
        expect(Number(x) + zplMeasure(data!, Number(h), 'bold'), `${label} "${data}"`).toBeLessThanOrEqual(W + 1);
      }
      const [, x, y, magnification] = /\^FO(\d+),(\d+)\^BQN,2,(\d+)/.exec(text)!;
      const side = QRCode.create('visit:42', { errorCorrectionLevel: 'Q' }).modules.size * Number(magnification);
      expect(Number(x) + side, label).toBeLessThanOrEqual(W);
      expect(Number(y) + side, label).toBeLessThanOrEqual(H);
    }
  });

  it('makes the QR code larger on a finer printhead', () => {
    const magnification = (text: string) => Number(/\^BQN,2,(\d+)/.exec(text)![1]);
    expect(magnification(zpl('89x36mm', 300))).toBeGreaterThan(magnification(zpl('89x36mm', 203)));
  });
});
