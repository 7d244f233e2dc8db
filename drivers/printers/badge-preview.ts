import { Resvg } from '@resvg/resvg-js';
import type { Badge, LabelSize } from '../../core/badge.js';
import { layoutBadge, type TextItem } from './badge-layout.js';
import { fontMeasure, runWidth, splitRuns, type FontSet } from './fonts.js';
import { LABELS } from './label-sizes.js';
import { qrSquares } from './qr-squares.js';

/**
 * The same layout as the PDF, as SVG (for the staff screen) and PNG (for people choosing a
 * label, and for looking at test output). Text is placed run by run at the positions the PDF
 * uses, naming the same fonts' families, so the preview shows what the printer will print.
 */

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const num = (n: number) => String(Math.round(n * 100) / 100);

function svgText(item: TextItem, fonts: FontSet): string {
  let x = item.x;
  const spans = splitRuns(item.text, fonts[item.weight]).map((run) => {
    const span = `<tspan x="${num(x)}" font-family="${escapeXml(run.font.family)}">${escapeXml(run.text)}</tspan>`;
    x += runWidth(run) * item.size;
    return span;
  });
  const weight = item.weight === 'bold' ? 700 : 400;
  return `<text y="${num(item.baseline)}" font-size="${num(item.size)}" font-weight="${weight}" fill="${item.color}" xml:space="preserve">${spans.join('')}</text>`;
}

export function badgeSvg(badge: Badge, label: LabelSize, fonts: FontSet): string {
  const layout = layoutBadge(badge, label, fontMeasure(fonts));
  const { widthMm, heightMm } = LABELS[label];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${widthMm}mm" height="${heightMm}mm" viewBox="0 0 ${num(layout.width)} ${num(layout.height)}">`,
    // The label's edge, rounded as die-cut labels and cards are.
    `<rect x="0.25" y="0.25" width="${num(layout.width - 0.5)}" height="${num(layout.height - 0.5)}" rx="6" fill="white" stroke="#b0b0b0" stroke-width="0.5"/>`,
  ];
  for (const item of layout.items) {
    if (item.type === 'box') parts.push(`<rect x="${num(item.x)}" y="${num(item.y)}" width="${num(item.width)}" height="${num(item.height)}" fill="black"/>`);
    else if (item.type === 'qr') {
      const d = qrSquares(item.payload, item.x, item.y, item.size)
        .map((s) => `M${num(s.x)} ${num(s.y)}h${num(s.width)}v${num(s.height)}h${num(-s.width)}z`)
        .join('');
      parts.push(`<path d="${d}" fill="black" shape-rendering="crispEdges"/>`);
    } else parts.push(svgText(item, fonts));
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** The badge as a PNG at `dpi` dots per inch (200 by default: about what label printers print). */
export function badgePng(badge: Badge, label: LabelSize, fonts: FontSet, dpi = 200): Buffer {
  const files = [...new Set([...fonts.regular, ...fonts.bold].map((f) => f.file))];
  const resvg = new Resvg(badgeSvg(badge, label, fonts), {
    font: { fontFiles: files, loadSystemFonts: false, defaultFontFamily: fonts.regular[0]!.family },
    fitTo: { mode: 'width', value: Math.round((LABELS[label].widthMm / 25.4) * dpi) },
    background: 'white',
  });
  return resvg.render().asPng();
}
