import { describe, expect, it } from 'vitest';
import type { Badge, LabelSize } from '../../core/badge';
import { layoutBadge, type BadgeLayout, type QrItem, type TextItem } from '../../drivers/printers/badge-layout';
import { badgeText } from '../../drivers/printers/badge-text';
import { fitText, wrapText, type FitBox, type Measure } from '../../drivers/printers/text-fit';
import { badgeFonts, fontMeasure } from '../../drivers/printers/fonts';
import { LABELS } from '../../drivers/printers/label-sizes';

/** Half an em per character, a full em for CJK: simple enough to reason about in expectations. */
const simple: Measure = (text, size) => [...text].reduce((w, c) => w + (/[\u3000-\u9fff]/.test(c) ? 1 : 0.5), 0) * size;
const LABEL_SIZES = Object.keys(LABELS) as LabelSize[];

const ada: Badge = { name: 'Ada Lovelace', kind: 'visa', homeSpace: 'Cedar Commons', hostSpace: 'Harbour Works', validOn: '2026-11-21', visitId: 42 };
const box = (over: Partial<FitBox> = {}): FitBox => ({
  width: 100,
  height: 60,
  maxSize: 20,
  minSize: 10,
  maxLines: 3,
  lineHeight: 1.15,
  weight: 'bold',
  ellipsis: '…',
  ...over,
});

const texts = (layout: BadgeLayout, role?: TextItem['role']) => layout.items.filter((i): i is TextItem => i.type === 'text' && (!role || i.role === role));
const qrOf = (layout: BadgeLayout) => layout.items.find((i): i is QrItem => i.type === 'qr');

/** Every text stays on the label, and none runs into the QR code. */
function expectInside(layout: BadgeLayout, measure: Measure) {
  const qr = qrOf(layout);
  for (const t of texts(layout)) {
    const right = t.x + measure(t.text, t.size, t.weight);
    expect(t.x, t.text).toBeGreaterThanOrEqual(0);
    expect(right, t.text).toBeLessThanOrEqual(layout.width + 1e-6);
    expect(t.baseline - t.size, t.text).toBeGreaterThanOrEqual(0);
    expect(t.baseline + t.size * 0.25, t.text).toBeLessThanOrEqual(layout.height);
    if (qr && t.role !== 'kind') {
      const overlapsX = t.x < qr.x + qr.size && right > qr.x;
      const overlapsY = t.baseline - t.size < qr.y + qr.size && t.baseline + t.size * 0.25 > qr.y;
      expect(overlapsX && overlapsY, `${t.text} overlaps the QR code`).toBe(false);
    }
  }
}

describe('fitting text', () => {
  it('keeps a short name on one line at the largest size', () => {
    expect(fitText('Ada', box(), simple)).toEqual({ lines: ['Ada'], size: 20, cut: false });
  });

  it('shrinks a longer name before wrapping it', () => {
    // 14 characters at 0.5 em: 7 em wide, fits 100 pt at 14 pt.
    expect(fitText('Ada Lovelace K', box(), simple)).toEqual({ lines: ['Ada Lovelace K'], size: 14, cut: false });
  });

  it('wraps at spaces once the minimum size is reached', () => {
    const fitted = fitText('Maria Magdalena Rodriguez', box(), simple);
    expect(fitted.cut).toBe(false);
    expect(fitted.lines).toEqual(['Maria Magdalena', 'Rodriguez']);
    expect(fitted.size).toBeGreaterThanOrEqual(10);
    for (const line of fitted.lines) expect(simple(line, fitted.size, 'bold')).toBeLessThanOrEqual(100);
  });

  it('hard-breaks a single word too long for any line', () => {
    const fitted = fitText('Wolfeschlegelsteinhausenbergerdorff', box(), simple);
    expect(fitted.lines.join('')).toBe('Wolfeschlegelsteinhausenbergerdorff');
    expect(fitted.lines.length).toBe(2);
    for (const line of fitted.lines) expect(simple(line, fitted.size, 'bold')).toBeLessThanOrEqual(100);
  });

  it('cuts with an ellipsis what does not fit in the lines allowed, never overflowing', () => {
    const fitted = fitText('a'.repeat(200), box({ maxLines: 2 }), simple);
    expect(fitted).toMatchObject({ size: 10, cut: true });
    expect(fitted.lines).toHaveLength(2);
    expect(fitted.lines[1]!.endsWith('…')).toBe(true);
    for (const line of fitted.lines) expect(simple(line, 10, 'bold')).toBeLessThanOrEqual(100);
  });

  it('uses no more lines than the height holds', () => {
    const fitted = fitText('a'.repeat(200), box({ height: 25 }), simple);
    expect(fitted.lines).toHaveLength(2);
  });

  it('gives an empty text no lines', () => {
    expect(fitText('', box(), simple)).toEqual({ lines: [], size: 20, cut: false });
  });

  it('breaks between graphemes, never inside one', () => {
    const decomposed = 'e\u0301'.repeat(30);
    const lines = wrapText(decomposed, (line) => [...line].length <= 7);
    expect(lines.every((line) => !line.startsWith('\u0301'))).toBe(true);
    expect(lines.join('')).toBe(decomposed);
  });
});

describe('badge text', () => {
  it('names the kind, the spaces and the day, and points the QR code at the visit', () => {
    expect(badgeText(ada)).toEqual({
      kind: 'VISA VISITOR',
      name: 'Ada Lovelace',
      details: ['from Cedar Commons', 'at Harbour Works', 'valid 2026-11-21'],
      qrPayload: 'visit:42',
    });
  });

  it('falls back to the name for the QR code, and leaves out a missing home space', () => {
    expect(badgeText({ ...ada, kind: 'day_pass', homeSpace: null, visitId: null })).toMatchObject({
      kind: 'DAY PASS',
      details: ['at Harbour Works', 'valid 2026-11-21'],
      qrPayload: 'Ada Lovelace',
    });
  });

  it('removes control characters and collapses white space', () => {
    expect(badgeText({ ...ada, name: ' Ada\n\tLove\u0000lace  ' }).name).toBe('Ada Love lace');
  });

  it('has no QR code without a visit or a name', () => {
    expect(badgeText({ ...ada, kind: 'guest', name: '', visitId: null })).toMatchObject({ kind: 'GUEST', name: '', qrPayload: null });
  });
});

describe('badge layout', () => {
  const measure = fontMeasure(badgeFonts());
  const names = [
    'Ada Lovelace',
    'Jürgen Groß',
    'Émilie Côté',
    '佐藤 花子',
    'Ωμέγα',
    'Ёлка',
    'Maria Magdalena Wolfeschlegelsteinhausenbergerdorff-Rodríguez de la Santísima Trinidad',
    'Wolfeschlegelsteinhausenbergerdorff',
    '',
  ];

  it.each(LABEL_SIZES)('keeps every name on %s inside the label and clear of the QR code', (label) => {
    for (const name of names) {
      const layout = layoutBadge({ ...ada, name }, label, measure);
      expect(layout.width).toBeCloseTo(LABELS[label].widthPt);
      expectInside(layout, measure);
      const shown = texts(layout, 'name')
        .map((t) => t.text)
        .join(' ');
      if (name.length < 40) expect(shown.replaceAll(' ', '')).toBe(name.replaceAll(' ', ''));
    }
  });

  it('shrinks a longer name, then wraps it over at most three lines', () => {
    const short = texts(layoutBadge(ada, '62x100mm', measure), 'name');
    expect(short).toHaveLength(1);
    const long = texts(layoutBadge({ ...ada, name: 'Maximilian Alexander von Hohenzollern' }, '62x100mm', measure), 'name');
    expect(long.length).toBeGreaterThan(1);
    expect(long.length).toBeLessThanOrEqual(3);
    expect(long[0]!.size).toBeLessThan(short[0]!.size);
    expect(long.map((t) => t.text).join(' ')).toBe('Maximilian Alexander von Hohenzollern');
  });

  it('places the QR code where each label shape has room: below on a tall label, to the right on wide ones', () => {
    const tall = layoutBadge(ada, '62x100mm', measure);
    const qr = qrOf(tall)!;
    expect(qr.payload).toBe('visit:42');
    expect(qr.x + qr.size / 2).toBeCloseTo(tall.width / 2);
    expect(qr.y).toBeGreaterThan(Math.max(...texts(tall).map((t) => t.baseline)));
    for (const label of ['4x3in', '89x36mm', 'cr80'] as const) {
      const wide = layoutBadge(ada, label, measure);
      const code = qrOf(wide)!;
      expect(code.x + code.size).toBeLessThanOrEqual(wide.width);
      expect(code.x).toBeGreaterThan(wide.width / 2);
      expect(code.y + code.size).toBeLessThanOrEqual(wide.height);
    }
  });

  it('lays out a badge without a name as the kind and details alone', () => {
    const layout = layoutBadge({ ...ada, name: '', kind: 'guest', visitId: null }, '89x36mm', measure);
    expect(texts(layout).map((t) => t.text)).toEqual(['GUEST', 'from Cedar Commons', 'at Harbour Works', 'valid 2026-11-21']);
    expect(qrOf(layout)).toBeUndefined();
  });

  it('cuts an overlong space name with the ellipsis it is given', () => {
    const layout = layoutBadge({ ...ada, homeSpace: 'Südstadt Coworking & Makerspace Genossenschaft eG, Haus 2, Hinterhof' }, '89x36mm', measure, {
      ellipsis: '...',
    });
    expect(texts(layout, 'detail')[0]!.text).toMatch(/^from Südstadt .*\.\.\.$/);
  });
});
