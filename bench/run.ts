import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { localDate } from '../core/calendar.js';
import { DEMO_SPACE_ID, demoFeed } from '../service/demo-data.js';
import { Kiosk } from '../service/kiosk.js';
import { insertPastVisits, writeFeed } from './data.js';
import { bundleFigure } from './figures/bundle.js';
import { decisionFigure } from './figures/decision.js';
import { passFigure } from './figures/pass.js';
import { duringImportFigure } from './figures/during-import.js';
import { exportFigure } from './figures/export.js';
import { importFigure } from './figures/import.js';
import { deltaSyncFigure } from './figures/delta-sync.js';
import { pollsFigure } from './figures/polls.js';
import { publishFigure } from './figures/publish.js';
import { screenFigure } from './figures/screen.js';
import { startFigure } from './figures/start.js';
import { importWithCli } from './list-import.js';
import { lockedFigure } from './locked.js';
import { describeMachine } from './machine.js';
import { measurer } from './measure.js';
import { PtyDevice } from './pty.js';
import { makeRegistryAlliance, writeRoster } from './registry-data.js';
import { ServedRegistry } from './registry-serve.js';
import { FIGURE_IDS, type BenchReport, type Figure, type FigureId } from './report.js';
import { round } from './stats.js';
import { Badges, Tapper } from './taps.js';

export const FULL_SCALE = { members: 1_000_000, visits: 1_000_000 };

export interface BenchOptions {
  members: number;
  visits: number;
  taps: number;
  uiTaps: number;
  figures: ReadonlySet<FigureId>;
  /** The folder the bench's temporary folder is made in. */
  dir: string;
  keep: boolean;
  /** The built command line, its workers and the kiosk page (dist/). */
  paths: {
    cli: string;
    listWorker: string;
    exportWorker: string;
    checkpointWorker: string;
    spoolerProcess: string;
    rendererRoot: string;
    publishChild: string;
    registryCli: string;
  };
  sqlite: string;
  command: string;
  log: (line: string) => void;
}

const seconds = (since: number) => round((performance.now() - since) / 1000);

async function waitConnected(service: Kiosk, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!service.readerStatuses().every((s) => s.state === 'connected')) {
    if (Date.now() > deadline) throw new Error(`the bench's reader did not connect: ${JSON.stringify(service.readerStatuses())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function installedListFile(database: string): string {
  const db = new Database(database, { readonly: true });
  try {
    const name = db.prepare('SELECT list_file FROM sync_state WHERE id = 1').pluck().get() as string;
    return path.join(path.dirname(database), name);
  } finally {
    db.close();
  }
}

/**
 * Builds an alliance-scale kiosk in a temporary folder and measures each figure against the
 * raw limit of the same machine, side by side in this one run. The folder is removed after.
 */
export async function runBench(o: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  fs.mkdirSync(o.dir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(o.dir, 'visa-kiosk-bench-'));
  const machine = describeMachine(tmp);
  const figures: Figure[] = [];
  const notes: string[] = [];
  const setup: Record<string, number> = {};
  const want = (id: FigureId) => o.figures.has(id);
  const database = path.join(tmp, 'kiosk.db');
  const feed = path.join(tmp, 'feed.json');
  const spaces = demoFeed().spaces;
  const host = spaces.find((s) => s.id === DEMO_SPACE_ID)!;
  const badges = new Badges(o.members);
  const readerSetting = (pty: PtyDevice) => ({ key: 'readers', value: [{ id: 'bench', type: 'serial', path: pty.readerPath, protocol: 'em4100' }] });
  let pty: PtyDevice | null = null;
  let service: Kiosk | null = null;
  let registry: ServedRegistry | null = null;
  let decisionTaps: { p50: number; p99: number } | null = null;
  let feedMB: number | undefined;

  const measure = measurer(o, figures, notes);
  let t: number;
  /** The report of the figures measured so far. */
  const finish = (): BenchReport => {
    if (o.members < FULL_SCALE.members || o.visits < FULL_SCALE.visits) {
      notes.push(
        `the targets are set for ${FULL_SCALE.members.toLocaleString('en')} members and ${FULL_SCALE.visits.toLocaleString('en')} visits; at a smaller scale fixed costs (process start-up) weigh more in the ratios`,
      );
    }
    figures.sort((a, b) => FIGURE_IDS.indexOf(a.id) - FIGURE_IDS.indexOf(b.id));
    return {
      machine,
      scale: { members: o.members, credentials: o.members * 2, visits: o.visits, taps: o.taps, uiTaps: o.uiTaps, feedMB: feedMB ?? 0 },
      command: o.command,
      startedAt,
      seconds: seconds(started),
      setup,
      figures,
      pass: figures.every((f) => f.pass),
      notes,
    };
  };

  try {
    o.log(`bench folder ${tmp}`);
    // The registry's figure needs no kiosk: measured first, and alone when it is the only one asked for.
    await measure('publish', () => publishFigure({ tmp, members: o.members, spaces, script: o.paths.publishChild, notes }));
    if (want('delta-sync') || want('polls')) {
      // One served alliance for both: a real `registry serve` on loopback, joined by real kiosks.
      t = performance.now();
      o.log(`serving a registry of ${o.members.toLocaleString('en')} members…`);
      const dir = path.join(tmp, 'alliance');
      await makeRegistryAlliance(dir, o.members, spaces);
      registry = await ServedRegistry.start(o.paths.registryCli, dir);
      setup.registrySeconds = seconds(t);
      await measure('delta-sync', () => deltaSyncFigure({ cli: o.paths.cli, tmp, registry: registry! }));
      const roster = path.join(tmp, 'alliance-roster.json');
      writeRoster(roster, o.members);
      await measure('polls', () => pollsFigure({ registry: registry!, roster }));
      await registry.stop();
      registry = null;
    }
    if (!FIGURE_IDS.some((f) => !['publish', 'delta-sync', 'polls'].includes(f) && want(f))) return finish();
    t = performance.now();
    o.log(`writing a feed of ${o.members.toLocaleString('en')} members…`);
    const feedBytes = writeFeed(feed, o.members, spaces);
    feedMB = round(feedBytes / 1e6);
    setup.feedSeconds = seconds(t);
    await Kiosk.open(database).close();

    // List import: the CLI as its own process, between two raw-insert baselines.
    if (want('import')) {
      await measure('import', () => importFigure({ cli: o.paths.cli, members: o.members, tmp, spaces, database, feed, notes }));
    } else {
      t = performance.now();
      await importWithCli(o.paths.cli, database, feed);
      setup.importSeconds = seconds(t);
    }

    // The kiosk's space, and a year of past visits.
    const configure = Kiosk.open(database);
    configure.settings.set({ key: 'space.id', value: host.id });
    await configure.close();
    const today = localDate(new Date(), host.timezone);
    t = performance.now();
    o.log(`logging ${o.visits.toLocaleString('en')} past visits…`);
    const range = insertPastVisits(database, o.visits, { members: o.members, spaces, hostId: host.id, today });
    setup.visitsSeconds = seconds(t);

    await measure('start', () => startFigure({ cli: o.paths.cli, tmp, database }));

    await measure('export', () => exportFigure({ cli: o.paths.cli, sqlite: o.sqlite, tmp, database, range, notes }));

    if (want('decision') || want('during-import') || want('pass') || want('screen')) {
      pty = new PtyDevice();
      await pty.start();
    }

    if (want('decision') || want('during-import') || want('pass')) {
      service = Kiosk.open(database, {
        listWorker: o.paths.listWorker,
        exportWorker: o.paths.exportWorker,
        checkpointWorker: o.paths.checkpointWorker,
        spooler: { file: o.paths.spoolerProcess },
      });
      service.settings.set(readerSetting(pty!));
      await service.startReaders();
      await waitConnected(service);
      const tapper = new Tapper(service, pty!);
      // The first taps compile the code paths; they are not counted.
      for (let i = 0; i < 20; i++) await tapper.tap(badges.next());

      await measure('decision', () =>
        decisionFigure({
          database,
          listFile: installedListFile(database),
          tapper,
          badges,
          taps: o.taps,
          today,
          keep: (taps) => (decisionTaps = taps),
        }),
      );

      await measure('during-import', () => duringImportFigure({ service: service!, feed, tapper, badges, decisionTaps }));
      await measure('pass', () => passFigure({ service: service!, badges, taps: o.taps }));
      await service.close();
      service = null;
    }

    await measure('locked', async () => {
      const kiosk = Kiosk.open(database);
      try {
        return await lockedFigure(o.sqlite, database, kiosk);
      } finally {
        await kiosk.close();
      }
    });

    await measure('screen', async () => {
      if (!want('decision') && !want('during-import')) {
        const reconfigure = Kiosk.open(database);
        reconfigure.settings.set(readerSetting(pty!));
        await reconfigure.close();
      }
      return screenFigure({ cli: o.paths.cli, database, pty: pty!, uiTaps: o.uiTaps, badges, log: o.log, decisionTaps });
    });

    await measure('bundle', async () => bundleFigure(o.paths.rendererRoot));
  } finally {
    await service?.close();
    await registry?.stop();
    await pty?.stop();
    if (o.keep) o.log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }

  return finish();
}
