import path from 'node:path';
import { Kiosk } from '../../service/kiosk.js';
import { check, type Measured } from '../report.js';
import { coldStarts } from '../start.js';
import { median, round } from '../stats.js';

/** Cold start: `visa-kiosk serve` on the bench's database, against starting node alone. */
export async function startFigure({ cli, tmp, database }: { cli: string; tmp: string; database: string }): Promise<Measured> {
  const empty = path.join(tmp, 'empty', 'kiosk.db');
  await Kiosk.open(empty).close();
  const runs = await coldStarts(cli, database, empty, 5);
  const serve = median(runs.serve);
  const node = median(runs.node);
  return {
    unit: 'ms',
    measured: { ms: serve },
    baseline: { ms: node },
    baselineWhat: "node -e ''",
    ratio: serve / node,
    checks: [check('ms above baseline', serve - node, 300)],
    details: {
      what: 'spawn → `visa-kiosk serve --port 0` prints its address',
      emptyDatabaseMs: round(median(runs.empty)),
      serveRuns: runs.serve.map((v) => round(v)),
      emptyRuns: runs.empty.map((v) => round(v)),
      nodeRuns: runs.node.map((v) => round(v)),
    },
  };
}
