// What runs beside the soak's taps: a sync and an export in turn every 5 s (the desk), and a command-line export every 15 s.
import path from 'node:path';
import { run, sleep } from './processes.mjs';
import { download } from './screens.mjs';

/** Starts the work beside the taps, counting its outcomes in `report`; `stop()` lets the round under way finish. */
export function besideTaps({ desk, kioskUrl, db, dir, report }) {
  let background = true;
  const today = new Date().toISOString().slice(0, 10);
  const loop = (async () => {
    for (let round = 0; background; round++) {
      for (let waited = 0; background && waited < 5000; waited += 100) await sleep(100);
      if (!background) break;
      if (round % 2 === 0) {
        const reply = await desk.call('syncNow');
        if (reply.ok) {
          report.syncs.ok++;
          if (reply.result.changed) report.syncs.installed++;
        } else report.syncs.failed++;
      } else {
        const reply = await desk.call('prepareExport', { from: '2000-01-01', to: '2099-12-31' });
        const body = reply.ok ? await download(new URL(reply.result.url, kioskUrl)) : null;
        if (body !== null && body.startsWith('visit_id,')) report.exports.ok++;
        else report.exports.failed++;
      }
      if (round % 3 === 2) {
        const cli = await run(['--db', db, 'export', '--from', today, '--to', today, '--out', path.join(dir, `export-${round}.csv`)]);
        if (cli.code === 0) report.exports.ok++;
        else report.exports.failed++;
      }
    }
  })();
  return {
    stop: async () => {
      background = false;
      await loop;
    },
  };
}
