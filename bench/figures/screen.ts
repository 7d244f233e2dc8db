import type { PtyDevice } from '../pty.js';
import { check, type Measured } from '../report.js';
import { measureScreen } from '../screen.js';
import { round, spread } from '../stats.js';
import type { Badges } from '../taps.js';

/** Tap → screen: the kiosk page in a browser, from the frame written to the decision in the DOM. */
export async function screenFigure({
  cli,
  database,
  pty,
  uiTaps,
  badges,
  log,
  decisionTaps,
}: {
  cli: string;
  database: string;
  pty: PtyDevice;
  uiTaps: number;
  badges: Badges;
  log: (line: string) => void;
  decisionTaps: { p50: number; p99: number } | null;
}): Promise<Measured> {
  const samples = await measureScreen({ cli: cli, database, pty, taps: uiTaps, next: () => badges.next(), log });
  const dom = spread(samples.dom);
  const frame = spread(samples.frame);
  const base = decisionTaps;
  return {
    unit: 'ms',
    measured: { p50: dom.p50, p99: dom.p99 },
    baseline: base,
    baselineWhat: base ? 'tap → decision' : null,
    ratio: base ? dom.p99 / base.p99 : null,
    checks: [check('p99 ms', dom.p99, 50)],
    details: {
      taps: dom.count,
      max: round(dom.max),
      nextAnimationFrame: { p50: round(frame.p50), p99: round(frame.p99) },
      clockErrorMs: round(samples.clockErrorMs),
      clockDriftMs: round(samples.clockDriftMs),
    },
  };
}
