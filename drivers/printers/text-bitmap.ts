import { Resvg } from '@resvg/resvg-js';
import type { Weight } from './text-fit.js';
import { blankBitmap, type Bitmap } from './bitmap.js';
import { splitRuns, type FontSet } from './fonts.js';

/**
 * Text drawn as printer dots with the badge fonts, for printers whose own font lacks its
 * characters: fontkit shapes each run and gives its glyph outlines (the same shaping pdfkit does for
 * the PDF), resvg fills them at one pixel per dot, and a dot is printed where a pixel is at least
 * half covered.
 */

export interface TextBitmap {
  /** Cut to the ink left and right; as tall as the fonts' ascent plus descent. */
  bitmap: Bitmap;
  /** Dots from the bitmap's top to the baseline. */
  ascent: number;
  /** Dots from where the text starts (its pen position) to the bitmap's left edge; negative when a glyph overhangs. */
  left: number;
}

const INK = 128;

export function textBitmap(text: string, sizeDots: number, weight: Weight, fonts: FontSet): TextBitmap {
  const runs = splitRuns(text, fonts[weight]);
  const em = (pick: (font: FontSet['regular'][number]['font']) => number) => Math.max(0, ...runs.map((r) => pick(r.font.font) / r.font.font.unitsPerEm));
  const ascent = Math.ceil(em((f) => f.ascent) * sizeDots);
  const height = Math.max(1, ascent + Math.ceil(em((f) => -f.descent) * sizeDots));
  // Room on the left for a glyph that overhangs its origin; the ink is cut out afterwards.
  const pad = Math.ceil(sizeDots / 4);
  let pen = pad;
  const paths: string[] = [];
  for (const run of runs) {
    const font = run.font.font;
    const scale = sizeDots / font.unitsPerEm;
    const shaped = font.layout(run.text);
    shaped.glyphs.forEach((glyph, i) => {
      const position = shaped.positions[i];
      if (!position) return;
      const d = glyph.path.toSVG();
      const x = pen + position.xOffset * scale;
      const y = ascent - position.yOffset * scale;
      if (d) paths.push(`<path transform="translate(${x} ${y}) scale(${scale} ${-scale})" d="${d}"/>`);
      pen += position.xAdvance * scale;
    });
  }
  const width = Math.ceil(pen + pad);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${paths.join('')}</svg>`;
  const rendered = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render();
  const pixels = rendered.pixels;
  const inked = (x: number, y: number) => pixels[(y * rendered.width + x) * 4 + 3]! >= INK;

  let first = rendered.width;
  let last = -1;
  for (let y = 0; y < rendered.height; y++) {
    for (let x = 0; x < rendered.width; x++) {
      if (inked(x, y)) {
        first = Math.min(first, x);
        last = Math.max(last, x);
      }
    }
  }
  if (last < 0) return { bitmap: blankBitmap(1, height), ascent, left: 0 };
  const bitmap = blankBitmap(last - first + 1, rendered.height);
  for (let y = 0; y < rendered.height; y++) {
    for (let x = first; x <= last; x++) if (inked(x, y)) bitmap.dots[y * bitmap.width + x - first] = 1;
  }
  return { bitmap, ascent, left: first - pad };
}
