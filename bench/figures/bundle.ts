import { rendererBundle } from '../bundle.js';
import { check, type Measured } from '../report.js';
import { round } from '../stats.js';

/** The kiosk page's size, gzipped, as a browser downloads it. */
export function bundleFigure(rendererRoot: string): Measured {
  const bundle = rendererBundle(rendererRoot);
  const kB = bundle.gzipBytes / 1000;
  return {
    unit: 'kB',
    measured: { kB },
    baseline: null,
    baselineWhat: null,
    ratio: null,
    checks: [check('gzip kB', kB, 250)],
    details: { files: bundle.files, rawKB: round(bundle.bytes / 1000), initialKB: round(bundle.initialGzipBytes / 1000) },
  };
}
