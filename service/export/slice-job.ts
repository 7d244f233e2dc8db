import type { VisitFilters } from '../../db/visit-export.js';
import type { VisitLineFormat } from './visit-lines.js';

export interface SliceWorkerData {
  database: string;
  /** The export file, open for writing: a slice thread writes its own slice where it belongs. */
  fd: number;
}

/** To a slice thread: make this slice's text and say how long it is; then write it at this offset. */
export type SliceOrder = { type: 'make'; index: number; filters: VisitFilters; lines: VisitLineFormat } | { type: 'write'; index: number; at: number };

/** From a slice thread: a slice made (its bytes and visits), a slice written, or why not. */
export type SliceReport =
  { type: 'made'; index: number; bytes: number; rows: number } | { type: 'written'; index: number } | { type: 'failed'; index: number; error: string };
