import { figure, type Figure, type FigureId, type Measured } from './report.js';
import { settleDisk } from './settle.js';

const FIGURE_NAMES: Record<FigureId, string> = {
  decision: 'tap → decision',
  pass: 'visa pass → decision',
  screen: 'tap → screen',
  import: 'list import',
  'during-import': 'taps during import',
  locked: 'database locked',
  export: 'export',
  start: 'cold start',
  bundle: 'renderer',
  publish: 'registry publication',
  'delta-sync': 'delta sync',
  polls: 'polls during publication',
};

const TARGETS: Record<FigureId, string> = {
  decision: 'p50 ≤ 1.5×, p99 ≤ 1.25× floor; p99 ≤ 5 ms',
  pass: "p99 ≤ 1.2× a listed badge's",
  screen: 'p99 ≤ 50 ms',
  import: '≤ 2× baseline, peak ≤ 400 MB',
  'during-import': 'p99 ≤ 50 ms',
  locked: 'stall ≤ 50 ms, refused ≤ 2 s',
  export: '≤ 1.5× baseline, peak ≤ 200 MB',
  start: '≤ baseline + 300 ms',
  bundle: '≤ 250 kB gzip',
  publish: '≤ 2× baseline, peak ≤ 300 MB',
  'delta-sync': '≤ 0.01× full sync, ≤ 4 KB',
  polls: 'p99 ≤ 20 ms',
};

/**
 * Measures the figures asked for into `figures`, each named and held to its target; a figure that
 * cannot be measured here is reported as missed, with why (in `notes` too).
 */
export function measurer(o: { figures: ReadonlySet<FigureId>; log: (line: string) => void }, figures: Figure[], notes: string[]) {
  return async (id: FigureId, run: () => Promise<Measured>): Promise<void> => {
    if (!o.figures.has(id)) return;
    settleDisk();
    o.log(`measuring ${FIGURE_NAMES[id]}…`);
    try {
      figures.push(figure({ id, name: FIGURE_NAMES[id], target: TARGETS[id], ...(await run()) }));
    } catch (error) {
      const message = (error as Error).message;
      notes.push(`${FIGURE_NAMES[id]} was not measured: ${message}`);
      figures.push(
        figure({
          id,
          name: FIGURE_NAMES[id],
          target: TARGETS[id],
          measured: {},
          unit: '',
          baseline: null,
          baselineWhat: null,
          ratio: null,
          checks: [{ what: 'measured', value: Number.NaN, limit: 0, pass: false }],
          details: { error: message },
        }),
      );
    }
  };
}
