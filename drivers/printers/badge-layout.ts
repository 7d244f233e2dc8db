import type { Badge, LabelSize } from '../../core/badge.js';
import { LABELS } from './label-sizes.js';

/**
 * Where everything goes on a badge, in PDF points from the label's top-left corner. Pure: the
 * caller measures text with the fonts its output will use, so PDF, SVG and ZPL share one layout.
 */

export type Weight = 'regular' | 'bold';
/** The width of `text` in points at `size` points. */
export type Measure = (text: string, size: number, weight: Weight) => number;

export interface TextItem {
  type: 'text';
  role: 'kind' | 'name' | 'detail';
  text: string;
  /** Left edge and baseline. */
  x: number;
  baseline: number;
  size: number;
  weight: Weight;
  color: 'black' | 'white';
  width: number;
}
export interface BoxItem {
  type: 'box';
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface QrItem {
  type: 'qr';
  x: number;
  y: number;
  size: number;
  payload: string;
}
export type LayoutItem = TextItem | BoxItem | QrItem;

export interface BadgeLayout {
  label: LabelSize;
  width: number;
  height: number;
  items: LayoutItem[];
}

const KIND_TEXT: Record<Badge['kind'], string> = {
  visa: 'VISA VISITOR',
  guest: 'GUEST',
  day_pass: 'DAY PASS',
  member: 'MEMBER',
};

export interface BadgeText {
  kind: string;
  name: string;
  details: string[];
  /** What the QR code holds: the visit, so staff can scan a badge back to it; else the name. */
  qrPayload: string | null;
}

/** Control characters would break ZPL and ESC/POS streams and mean nothing on a badge. */
function clean(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

export function badgeText(badge: Badge): BadgeText {
  const name = clean(badge.name);
  const home = badge.homeSpace === null ? '' : clean(badge.homeSpace);
  const host = clean(badge.hostSpace);
  const details = [home && `from ${home}`, host && `at ${host}`, `valid ${badge.validOn}`].filter((line) => line !== '');
  const qrPayload = badge.visitId !== null ? `visit:${badge.visitId}` : name || null;
  return { kind: KIND_TEXT[badge.kind], name, details, qrPayload };
}

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

const SIZE_STEP = 0.5;

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

/**
 * One way to use a label: `portrait` stacks everything with the QR code at the bottom; `wide`
 * runs the name across the label above the details and the QR code; `strip` puts the QR code
 * beside everything, leaving the name a narrower but taller box.
 */
interface Spec {
  arrangement: 'portrait' | 'wide' | 'strip';
  margin: number;
  banner: number;
  kind: number;
  gap: number;
  name: { max: number; min: number; lines: number };
  detail: { size: number; min: number };
  qr: number;
}

/** The arrangements each label may use; the one that gives the name the largest type wins. */
const SPECS: Record<LabelSize, Spec[]> = {
  '62x100mm': [
    { arrangement: 'portrait', margin: 8.5, banner: 22, kind: 12, gap: 8, name: { max: 30, min: 13, lines: 3 }, detail: { size: 10, min: 6.5 }, qr: 92 },
  ],
  '4x3in': [
    { arrangement: 'wide', margin: 12, banner: 28, kind: 15, gap: 8, name: { max: 40, min: 15, lines: 2 }, detail: { size: 12, min: 7 }, qr: 84 },
    { arrangement: 'strip', margin: 12, banner: 28, kind: 15, gap: 8, name: { max: 34, min: 13, lines: 3 }, detail: { size: 12, min: 7 }, qr: 84 },
  ],
  '89x36mm': [{ arrangement: 'strip', margin: 6, banner: 15, kind: 9, gap: 5, name: { max: 28, min: 10, lines: 2 }, detail: { size: 7.5, min: 5.5 }, qr: 68 }],
  cr80: [
    { arrangement: 'wide', margin: 9, banner: 20, kind: 11, gap: 6, name: { max: 30, min: 12, lines: 2 }, detail: { size: 9, min: 6 }, qr: 62 },
    { arrangement: 'strip', margin: 9, banner: 20, kind: 11, gap: 6, name: { max: 26, min: 10, lines: 3 }, detail: { size: 9, min: 6 }, qr: 62 },
  ],
};

const NAME_PITCH = 1.15;
const DETAIL_PITCH = 1.3;
/** Cap height of the sans fonts used, as a share of the size: centres upper-case text in the banner. */
const CAP_HEIGHT = 0.72;

export interface LayoutOptions {
  /** ZPL and ESC/POS printer fonts may lack "…". */
  ellipsis?: string;
}

interface Arranged {
  items: LayoutItem[];
  name: Fitted;
}

function arrange(text: BadgeText, W: number, H: number, spec: Spec, measure: Measure, ellipsis: string): Arranged {
  const m = spec.margin;
  const items: LayoutItem[] = [];

  // The kind as white capitals on a black band across the top, readable from across a room.
  const band = { type: 'box', x: m, y: m, width: W - 2 * m, height: spec.banner } as const;
  items.push(band);
  const kind = fitText(
    text.kind,
    { width: band.width - 2 * spec.gap, height: band.height, maxSize: spec.kind, minSize: 5, maxLines: 1, lineHeight: 1, weight: 'bold', ellipsis },
    measure,
  );
  for (const line of kind.lines) {
    const width = measure(line, kind.size, 'bold');
    items.push({
      type: 'text',
      role: 'kind',
      text: line,
      x: band.x + (band.width - width) / 2,
      baseline: band.y + (band.height + CAP_HEIGHT * kind.size) / 2,
      size: kind.size,
      weight: 'bold',
      color: 'white',
      width,
    });
  }

  const bodyTop = band.y + band.height + spec.gap;
  const bottom = H - m;
  const q = text.qrPayload === null ? 0 : spec.arrangement === 'strip' ? Math.min(spec.qr, bottom - bodyTop) : spec.qr;
  let qr: QrItem | null = null;
  if (text.qrPayload !== null) {
    const x = spec.arrangement === 'portrait' ? (W - q) / 2 : W - m - q;
    const y = spec.arrangement === 'strip' ? bodyTop + (bottom - bodyTop - q) / 2 : bottom - q;
    qr = { type: 'qr', x, y, size: q, payload: text.qrPayload };
  }

  // Details: one line each, all at the same size, cut with an ellipsis when even the smallest is too wide.
  const beside = qr !== null && spec.arrangement !== 'portrait';
  const detailWidth = W - 2 * m - (beside ? q + spec.gap : 0);
  const detailFits = (size: number) => (line: string) => measure(line, size, 'regular') <= detailWidth;
  let detailSize = spec.detail.size;
  while (detailSize > spec.detail.min && !text.details.every(detailFits(detailSize))) detailSize -= SIZE_STEP;
  const details = text.details.map((line) => ellipsize(line, detailFits(detailSize), ellipsis));
  const detailPitch = detailSize * DETAIL_PITCH;
  const detailsBottom = qr && spec.arrangement === 'portrait' ? qr.y - spec.gap / 2 : bottom;
  const detailsTop = detailsBottom - details.length * detailPitch;
  const centred = spec.arrangement === 'portrait';
  details.forEach((line, i) => {
    const width = measure(line, detailSize, 'regular');
    items.push({
      type: 'text',
      role: 'detail',
      text: line,
      x: centred ? (W - width) / 2 : m,
      baseline: detailsTop + i * detailPitch + detailSize,
      size: detailSize,
      weight: 'regular',
      color: 'black',
      width,
    });
  });

  // The name gets what is left between the band and the details (and, on a wide label, the QR code).
  const nameBottom = (spec.arrangement === 'wide' && qr ? Math.min(qr.y, detailsTop) : detailsTop) - spec.gap;
  const nameWidth = W - 2 * m - (spec.arrangement === 'strip' && qr ? q + spec.gap : 0);
  const nameHeight = Math.max(0, nameBottom - bodyTop);
  const name = fitText(
    text.name,
    {
      width: nameWidth,
      height: nameHeight,
      maxSize: spec.name.max,
      minSize: spec.name.min,
      maxLines: spec.name.lines,
      lineHeight: NAME_PITCH,
      weight: 'bold',
      ellipsis,
    },
    measure,
  );
  const pitch = name.size * NAME_PITCH;
  const blockTop = bodyTop + Math.max(0, (nameHeight - name.lines.length * pitch) / 2);
  name.lines.forEach((line, i) => {
    const width = measure(line, name.size, 'bold');
    const x = spec.arrangement === 'strip' ? m : (W - width) / 2;
    items.push({
      type: 'text',
      role: 'name',
      text: line,
      x,
      baseline: blockTop + i * pitch + name.size * 0.92,
      size: name.size,
      weight: 'bold',
      color: 'black',
      width,
    });
  });

  if (qr) items.push(qr);
  return { items, name };
}

/** A whole name beats a cut one, then larger type wins; of two cut names, the one showing more of it. On a tie, the first listed. */
const score = (a: Arranged) => (a.name.cut ? a.name.lines.join('').length / 1e4 : 1000 + a.name.size);

export function layoutBadge(badge: Badge, label: LabelSize, measure: Measure, options: LayoutOptions = {}): BadgeLayout {
  const text = badgeText(badge);
  const { widthPt: W, heightPt: H } = LABELS[label];
  const candidates = SPECS[label].map((spec) => arrange(text, W, H, spec, measure, options.ellipsis ?? '…'));
  const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
  return { label, width: W, height: H, items: best.items };
}
