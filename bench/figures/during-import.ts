import type { Kiosk } from '../../service/kiosk.js';
import { check, type Measured } from '../report.js';
import { round, spread } from '../stats.js';
import { tapsDuring, type Badges, type Tapper } from '../taps.js';

/** Taps while the kiosk itself imports the same feed, against taps with no import. */
export async function duringImportFigure({
  service,
  feed,
  tapper,
  badges,
  decisionTaps,
}: {
  service: Kiosk;
  feed: string;
  tapper: Tapper;
  badges: Badges;
  decisionTaps: { p50: number; p99: number } | null;
}): Promise<Measured> {
  const importStarted = performance.now();
  const work = service.visaList.importFile(feed).then(() => (performance.now() - importStarted) / 1000);
  const { taps, value: importSeconds } = await tapsDuring(tapper, badges, work, 5);
  const during = spread(taps);
  const base = decisionTaps ?? spread((await tapsDuring(tapper, badges, new Promise((r) => setTimeout(r, 1000)), 5)).taps);
  return {
    unit: 'ms',
    measured: { p50: during.p50, p99: during.p99 },
    baseline: { p50: base.p50, p99: base.p99 },
    baselineWhat: 'taps with no import',
    ratio: during.p99 / base.p99,
    checks: [check('p99 ms', during.p99, 50)],
    details: {
      taps: during.count,
      max: round(during.max),
      importSeconds: round(importSeconds),
      what: 'a tap every 5 ms while the same feed is imported by the kiosk itself (list worker thread)',
    },
  };
}
