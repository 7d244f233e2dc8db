import fs from 'node:fs';
import type { Db } from '../../db/open.js';
import { visitExport } from '../../db/visit-export.js';
import type { SliceOrder, SliceReport } from './slice-job.js';
import { PIECE_BYTES, visitBytes } from './visit-lines.js';

/**
 * Makes the text of the slices it is ordered to, says how long each is, and writes it into the
 * export file (`fd`) at the offset it is then given. The text stays on the thread that made it.
 * Once written, its pieces make the next slices' text: new ones, dropped after each slice, were
 * memory outside the heap that the collector freed only every few dozen megabytes.
 */
export function sliceMaker(db: Db, fd: number): (order: SliceOrder) => SliceReport {
  const log = visitExport(db);
  const made = new Map<number, { bytes: Buffer; piece: Buffer }[]>();
  const spare: Buffer[] = [];
  const nextPiece = () => spare.pop() ?? Buffer.allocUnsafe(PIECE_BYTES);
  return (order) => {
    try {
      if (order.type === 'make') {
        const pieces: { bytes: Buffer; piece: Buffer }[] = [];
        let rows = 0;
        for (const piece of visitBytes(log.visits(order.filters), order.lines, nextPiece)) {
          pieces.push(piece);
          rows += piece.rows;
        }
        made.set(order.index, pieces);
        return { type: 'made', index: order.index, bytes: pieces.reduce((sum, p) => sum + p.bytes.length, 0), rows };
      }
      let at = order.at;
      for (const { bytes, piece } of made.get(order.index) ?? []) {
        for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done, bytes.length - done, at + done);
        at += bytes.length;
        if (piece.length === PIECE_BYTES) spare.push(piece);
      }
      made.delete(order.index);
      return { type: 'written', index: order.index };
    } catch (error) {
      return { type: 'failed', index: order.index, error: (error as Error).message };
    }
  };
}
