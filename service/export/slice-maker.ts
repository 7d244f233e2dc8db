import fs from 'node:fs';
import type { Db } from '../../db/open.js';
import { visitExport } from '../../db/visit-export.js';
import type { SliceOrder, SliceReport } from './slice-job.js';
import { visitBytes } from './visit-lines.js';

/**
 * Makes the text of the slices it is ordered to, says how long each is, and writes it into the
 * export file (`fd`) at the offset it is then given. The text stays on the thread that made it,
 * and is freed there once written.
 */
export function sliceMaker(db: Db, fd: number): (order: SliceOrder) => SliceReport {
  const log = visitExport(db);
  const made = new Map<number, Buffer[]>();
  return (order) => {
    try {
      if (order.type === 'make') {
        const pieces: Buffer[] = [];
        let rows = 0;
        for (const piece of visitBytes(log.visits(order.filters), order.lines)) {
          pieces.push(piece.bytes);
          rows += piece.rows;
        }
        made.set(order.index, pieces);
        return { type: 'made', index: order.index, bytes: pieces.reduce((sum, p) => sum + p.length, 0), rows };
      }
      let at = order.at;
      for (const piece of made.get(order.index) ?? []) {
        for (let done = 0; done < piece.length;) done += fs.writeSync(fd, piece, done, piece.length - done, at + done);
        at += piece.length;
      }
      made.delete(order.index);
      return { type: 'written', index: order.index };
    } catch (error) {
      return { type: 'failed', index: order.index, error: (error as Error).message };
    }
  };
}
