import { describe, expect, it } from 'vitest';
import type { Badge, LabelSize } from '../../core/badge';
import { layoutBadge, type TextItem } from '../../drivers/printers/badge-layout';
import { fitText, wrapText, type Measure } from '../../drivers/printers/text-fit';
import { escposBadge } from '../../drivers/printers/escpos-badge';
import { badgeFonts, fontMeasure } from '../../drivers/printers/fonts';
import { LABELS } from '../../drivers/printers/label-sizes';
import { zplMeasure } from '../../drivers/printers/zpl-badge';

const LABEL_SIZES = Object.keys(LABELS) as LabelSize[];
const badge = (name: string): Badge => ({ name, kind: 'visa', homeSpace: 'Cedar Commons', hostSpace: 'Harbour Works', validOn: '2026-11-21', visitId: 42 });
/** Half an em per character. */
const simple: Measure = (text, size) => [...text].length * 0.5 * size;

const NB = '\u2011';
const names = [
  'Karl Friedrich von Hohenzollern-Sigmaringen',
  'Anne-Marie Dupont-Aignan',
  'Marie-Agnes Strack-Zimmermann',
  'Philip of Schleswig-Holstein-Sonderburg-Glücksburg',
  `Anne${NB}Sophie Mutter`,
  `Jean${NB}Pierre Raffarin-Dupont`,
];

/** Each line ends where a line may end: before a space or just after an ordinary hyphen. */
function expectWholeWordBreaks(name: string, lines: string[]) {
  let rest = name;
  lines.forEach((line, i) => {
    expect(rest.startsWith(line), `"${line}" continues "${name}"`).toBe(true);
    rest = rest.slice(line.length);
    if (i < lines.length - 1) expect(line.endsWith('-') || rest.startsWith(' '), `"${line}" / "${lines[i + 1]}" breaks mid-word`).toBe(true);
    rest = rest.trimStart();
  });
  expect(rest).toBe('');
}

describe('wrapping hyphenated names', () => {
  it('breaks after the hyphen, which stays at the end of the first line', () => {
    expect(wrapText('Hohenzollern-Sigmaringen', (line) => line.length <= 16)).toEqual(['Hohenzollern-', 'Sigmaringen']);
    expect(wrapText('Anne-Marie Dupont-Aignan', (line) => line.length <= 18)).toEqual(['Anne-Marie Dupont-', 'Aignan']);
  });

  it('never breaks at a non-breaking hyphen', () => {
    expect(wrapText(`Hohenzollern${NB}Sigmaringen`, (line) => line.length <= 16, false)).toEqual([`Hohenzollern${NB}Sigmaringen`]);
  });

  it('shrinks the type rather than break a word in the middle', () => {
    // Too long for one line even at 10 pt; on two lines "Hohenzollern-" needs 15 pt, where a
    // break anywhere would have allowed 16.5 pt ("Hohenzollern" / "-Sigmaringen").
    const fitted = fitText(
      'Hohenzollern-Sigmaringen',
      { width: 100, height: 60, maxSize: 20, minSize: 10, maxLines: 2, lineHeight: 1.15, weight: 'bold', ellipsis: '…' },
      simple,
    );
    expect(fitted).toEqual({ lines: ['Hohenzollern-', 'Sigmaringen'], size: 15, cut: false });
  });

  it('cuts a name too long even so without a stray space after the hyphen', () => {
    const fitted = fitText(
      'Schleswig-Holstein-Sonderburg-Glücksburg',
      { width: 100, height: 60, maxSize: 20, minSize: 10, maxLines: 2, lineHeight: 1.15, weight: 'bold', ellipsis: '…' },
      simple,
    );
    expect(fitted).toEqual({ lines: ['Schleswig-Holstein-', 'Sonderburg-Glücksbu…'], size: 10, cut: true });
  });

  for (const [format, measure] of [
    ['PDF and preview', fontMeasure(badgeFonts())],
    ['ZPL', zplMeasure],
  ] as const) {
    it.each(LABEL_SIZES)(`${format}: every name on %s breaks at spaces or after hyphens, and stays inside the label`, (label) => {
      for (const name of names) {
        const layout = layoutBadge(badge(name), label, measure, { ellipsis: '...' });
        const lines = layout.items.filter((i): i is TextItem => i.type === 'text' && i.role === 'name');
        expectWholeWordBreaks(
          name,
          lines.map((l) => l.text),
        );
        for (const l of lines) expect(l.x + measure(l.text, l.size, 'bold'), l.text).toBeLessThanOrEqual(layout.width + 1e-6);
      }
    });
  }
});

describe('hyphenated names on a receipt printer (ESC/POS)', () => {
  const nameLines = (name: string) => {
    const text = escposBadge(badge(name)).toString('latin1');
    // The name is between bold-on double size (GS ! n, ESC E 1) and the reset (GS ! 0, ESC E 0).
    const start = text.indexOf('\x1bE\x01', text.indexOf('\x1d!')) + 3;
    return text.slice(start, text.indexOf('\x1d!\x00', start)).split('\n').filter(Boolean);
  };

  it('puts a double-barrelled surname on two lines at the hyphen', () => {
    expect(nameLines('Hohenzollern-Sigmaringen')).toEqual(['Hohenzollern-', 'Sigmaringen']);
  });

  it.each(names)('breaks "%s" only at spaces or after hyphens', (name) => {
    expectWholeWordBreaks(name.replaceAll(NB, '-'), nameLines(name));
  });

  it('prints a non-breaking hyphen as a hyphen and keeps its halves together', () => {
    expect(nameLines(`Hohenzollern${NB}Sigmaringen`)).toEqual(['Hohenzollern-Sigmaringen']);
  });
});
