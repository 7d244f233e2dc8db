import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Badge, LabelSize } from '../../core/badge';
import { badgePng, badgeSvg } from '../../drivers/printers/badge-preview';
import { badgeFonts } from '../../drivers/printers/fonts';
import { LABELS } from '../../drivers/printers/label-sizes';

const ARTIFACTS = path.resolve('artifacts/badges');
const fonts = badgeFonts();

const ada: Badge = { name: 'Ada Lovelace', kind: 'visa', homeSpace: 'Cedar Commons', hostSpace: 'Harbour Works', validOn: '2026-11-21', visitId: 42 };
const long: Badge = {
  ...ada,
  name: 'Maria Magdalena Wolfeschlegelsteinhausenbergerdorff-Rodríguez de la Santísima Trinidad',
  homeSpace: 'Südstadt Coworking & Makerspace Genossenschaft',
  visitId: 123456,
};
const cjk: Badge = { ...ada, name: '佐藤 花子', homeSpace: 'Kumo Lab 雲ラボ', kind: 'guest', visitId: 7 };

function pngSize(png: Buffer) {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('badge previews', () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const labels = Object.keys(LABELS) as LabelSize[];

  it.each(labels)('renders %s as SVG and PNG at the label’s proportions', (label) => {
    const svg = badgeSvg(ada, label, fonts);
    expect(svg).toContain('Ada Lovelace');
    expect(svg).toContain('font-family="Noto Sans"');
    const png = badgePng(ada, label, fonts);
    fs.writeFileSync(path.join(ARTIFACTS, `preview-${label}.png`), png);
    const { width, height } = pngSize(png);
    expect(width / height).toBeCloseTo(LABELS[label].widthMm / LABELS[label].heightMm, 1);
  });

  it.each(labels)('renders a very long name and a CJK name on %s', (label) => {
    fs.writeFileSync(path.join(ARTIFACTS, `preview-${label}-long-name.png`), badgePng(long, label, fonts));
    expect(badgeSvg(cjk, label, fonts)).toContain('font-family="Noto Sans CJK JP">佐藤 花子<');
    fs.writeFileSync(path.join(ARTIFACTS, `preview-${label}-cjk.png`), badgePng(cjk, label, fonts));
  });
});
