/**
 * Fitting text into a box: wrapping at spaces and hyphens, cutting with an ellipsis, and finding
 * the largest size that fits. Pure: the caller measures text with the fonts its output will use.
 */

export type Weight = 'regular' | 'bold';
/** The width of `text` in points at `size` points. */
export type Measure = (text: string, size: number, weight: Weight) => number;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemes = (text: string) => Array.from(segmenter.segment(text), (s) => s.segment);

/**
 * A word may break after a hyphen (U+002D or U+2010), the hyphen staying at the end of the line,
 * as in "Hohenzollern-" / "Sigmaringen"; never at a non-breaking hyphen (U+2011), which says so.
 */
const pieces = (word: string) => word.split(/(?<=[-\u2010])(?=.)/u);

/**
 * Greedy word wrap at spaces and hyphens. With `breakWords`, a piece wider than a line is broken
 * between graphemes, so a long single word (or a name written without spaces, as CJK names
 * often are) still fits; without it, such a piece is left whole on its own line, too wide.
 */
export function wrapText(text: string, fits: (line: string) => boolean, breakWords = true): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ').filter(Boolean)) {
    pieces(word).forEach((piece, i) => {
      const candidate = !current ? piece : i === 0 ? `${current} ${piece}` : current + piece;
      if (fits(candidate)) {
        current = candidate;
        return;
      }
      if (current) lines.push(current);
      current = '';
      if (!breakWords) {
        current = piece;
        return;
      }
      for (const g of graphemes(piece)) {
        if (current && !fits(current + g)) {
          lines.push(current);
          current = g;
        } else current += g;
      }
    });
  }
  if (current) lines.push(current);
  return lines;
}

/** Wrapped lines back as one text: a line that ended at a hyphen goes on without a space. */
export const joinLines = (lines: string[]) => lines.reduce((a, b) => (/[-\u2010]$/u.test(a) ? a + b : `${a} ${b}`));

/** Cuts graphemes off the end until the text and the ellipsis fit. */
export function ellipsize(text: string, fits: (line: string) => boolean, ellipsis: string): string {
  if (fits(text)) return text;
  const kept = graphemes(text);
  while (kept.length > 0 && !fits(kept.join('').trimEnd() + ellipsis)) kept.pop();
  return kept.join('').trimEnd() + ellipsis;
}

export interface FitBox {
  width: number;
  height: number;
  maxSize: number;
  minSize: number;
  maxLines: number;
  /** Line pitch as a multiple of the font size. */
  lineHeight: number;
  weight: Weight;
  ellipsis: string;
}

export interface Fitted {
  lines: string[];
  size: number;
  /** The text did not fit even at the smallest size: the last line ends with the ellipsis. */
  cut: boolean;
}

export const SIZE_STEP = 0.5;

/**
 * The largest size at which the text fits: first on one line, shrinking down to the minimum,
 * then wrapped at spaces and hyphens over more lines (as many as the height allows, at most
 * `maxLines`); only when no size does is a word broken mid-word, and as a last resort the
 * text is cut with an ellipsis: text never leaves its box.
 */
export function fitText(text: string, box: FitBox, measure: Measure): Fitted {
  if (!text) return { lines: [], size: box.maxSize, cut: false };
  const fitsAt = (size: number) => (line: string) => measure(line, size, box.weight) <= box.width;
  for (const breakWords of [false, true]) {
    for (let lines = 1; lines <= box.maxLines; lines++) {
      const cap = Math.min(box.maxSize, box.height / (lines * box.lineHeight));
      if (cap < box.minSize && lines > 1) break;
      for (let size = cap; size >= box.minSize - 1e-9; size -= SIZE_STEP) {
        const wrapped = wrapText(text, fitsAt(size), breakWords);
        if (wrapped.length <= lines && wrapped.every(fitsAt(size))) return { lines: wrapped, size, cut: false };
      }
    }
  }
  const size = box.minSize;
  const room = Math.max(1, Math.min(box.maxLines, Math.floor(box.height / (size * box.lineHeight))));
  const wrapped = wrapText(text, fitsAt(size));
  if (wrapped.length <= room) return { lines: wrapped, size, cut: false };
  const rest = joinLines(wrapped.slice(room - 1));
  return { lines: [...wrapped.slice(0, room - 1), ellipsize(rest, fitsAt(size), box.ellipsis)], size, cut: true };
}
