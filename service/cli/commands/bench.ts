import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FIGURE_IDS as FIGURES, table, type FigureId } from '../../bench/report.js';
import { print, UsageError, type Command } from '../command.js';
import { noPositionals, parseOptions } from '../parse.js';

/** This file is bundled into dist/node/cli.js: the workers and the kiosk page sit beside it. */
const NODE_DIR = path.dirname(fileURLToPath(import.meta.url));

const Count = (min: number) => z.coerce.number().int().min(min, `must be a whole number of at least ${min}`);

const Options = z.object({
  members: Count(1000).default(1_000_000),
  visits: Count(1000).default(1_000_000),
  taps: Count(20).default(2000),
  'ui-taps': Count(10).default(300),
  only: z.string().optional(),
  skip: z.string().optional(),
  dir: z.string().min(1).default(os.tmpdir()),
  keep: z.boolean().default(false),
  check: z.boolean().default(false),
});

function figureList(text: string | undefined, option: string): string[] {
  if (text === undefined) return [];
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.find((n) => !(FIGURES as readonly string[]).includes(n));
  if (unknown) throw new UsageError(`--${option}: unknown figure "${unknown}"; the figures are ${FIGURES.join(', ')}`);
  return names;
}

export const bench: Command = {
  usage: `bench [--members N] [--visits N] [--taps N] [--ui-taps N] [--only ${FIGURES.join(',')}] [--skip …] [--dir DIR] [--keep] [--check] [--json]`,
  summary: 'the performance suite: builds an alliance-scale kiosk in a temporary folder and measures it against this machine’s raw limits',
  options: {
    members: { type: 'string' },
    visits: { type: 'string' },
    taps: { type: 'string' },
    'ui-taps': { type: 'string' },
    only: { type: 'string' },
    skip: { type: 'string' },
    dir: { type: 'string' },
    keep: { type: 'boolean' },
    check: { type: 'boolean' },
  },
  async run({ positionals, values, io }) {
    noPositionals(positionals);
    const options = parseOptions(Options, values);
    const only = figureList(options.only, 'only');
    const skip = new Set(figureList(options.skip, 'skip'));
    const figures = new Set((only.length ? only : FIGURES).filter((f) => !skip.has(f))) as Set<FigureId>;
    if (figures.size === 0) throw new UsageError('nothing to measure: --only and --skip leave no figure');
    // Loaded only here: the bench is not part of the kiosk's start-up.
    const { runBench } = await import('../../bench/run.js');
    const report = await runBench({
      members: options.members,
      visits: options.visits,
      taps: options.taps,
      uiTaps: options['ui-taps'],
      figures,
      dir: path.resolve(options.dir),
      keep: options.keep,
      paths: {
        cli: path.join(NODE_DIR, 'cli.js'),
        listWorker: path.join(NODE_DIR, 'list-worker.js'),
        exportWorker: path.join(NODE_DIR, 'export-worker.js'),
        spoolerProcess: path.join(NODE_DIR, 'spooler-process.js'),
        rendererRoot: path.join(NODE_DIR, '..', 'renderer'),
      },
      sqlite: process.env.SQLITE3 ?? 'sqlite3',
      command: ['visa-kiosk', ...process.argv.slice(2)].join(' '),
      log: (line) => io.err(`bench: ${line}`),
    });
    print(io, report, () => table(report));
    return options.check && !report.pass ? 1 : 0;
  },
};
