import type { LabelSize } from '../../core/badge.js';

export const POINTS_PER_MM = 72 / 25.4;

export interface LabelGeometry {
  widthMm: number;
  heightMm: number;
  /** The page size in PDF points (1/72 in). */
  widthPt: number;
  heightPt: number;
  /** The CUPS `media` value that makes filters keep the label's size instead of the queue's A4/Letter. */
  cupsMedia: string;
}

function label(widthMm: number, heightMm: number, cupsMedia: string): LabelGeometry {
  return { widthMm, heightMm, widthPt: widthMm * POINTS_PER_MM, heightPt: heightMm * POINTS_PER_MM, cupsMedia };
}

export const LABELS: Record<LabelSize, LabelGeometry> = {
  '62x100mm': label(62, 100, 'Custom.62x100mm'),
  '4x3in': label(101.6, 76.2, 'Custom.4x3in'),
  '89x36mm': label(89, 36, 'Custom.89x36mm'),
  cr80: label(85.6, 54, 'Custom.85.6x54mm'),
};
