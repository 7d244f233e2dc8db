import type { Badge, LabelSize } from '../../core/badge.js';
import { badgeText, type BadgeText } from './badge-text.js';
import { LABELS } from './label-sizes.js';
import { ellipsize, fitText, SIZE_STEP, type Fitted, type Measure, type Weight } from './text-fit.js';

/**
 * Where everything goes on a badge, in PDF points from the label's top-left corner. Pure: the
 * caller measures text with the fonts its output will use, so PDF, SVG and ZPL share one layout.
 */

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
