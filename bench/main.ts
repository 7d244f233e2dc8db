import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { FIGURE_IDS as FIGURES, table, type FigureId } from './report.js';
import { runBench } from './run.js';

/**
 * `npm run bench -- [options]`: the performance suite, run from the project folder. It is built
 * (bench/vite.config.ts) into out/bench/, outside the kiosk's dist/, and measures the app that
 * `vite build --app` made in dist/.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NODE_DIR = path.join(ROOT, 'dist', 'node');

const USAGE = `usage: npm run bench -- [--members N] [--visits N] [--taps N] [--ui-taps N] [--only ${FIGURES.join(',')}] [--skip …] [--dir DIR] [--keep] [--check] [--json]`;

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
  json: z.boolean().default(false),
});

class UsageError extends Error {}

function figureList(text: string | undefined, option: string): string[] {
  if (text === undefined) return [];
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.find((n) => !(FIGURES as readonly string[]).includes(n));
  if (unknown) throw new UsageError(`--${option}: unknown figure "${unknown}"; the figures are ${FIGURES.join(', ')}`);
  return names;
}

function parseOptions(args: string[]) {
  let values;
  try {
    values = parseArgs({
      args,
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
        json: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const parsed = Options.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--${String(issue.path[0])} ${issue.message}`);
  }
  const options = parsed.data;
  const only = figureList(options.only, 'only');
  const skip = new Set(figureList(options.skip, 'skip'));
  const figures = new Set((only.length ? only : FIGURES).filter((f) => !skip.has(f))) as Set<FigureId>;
  if (figures.size === 0) throw new UsageError('nothing to measure: --only and --skip leave no figure');
  return { ...options, figures };
}

async function main(args: string[]): Promise<number> {
  let options;
  try {
    options = parseOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (!fs.existsSync(path.join(NODE_DIR, 'cli.js'))) {
    process.stderr.write(`bench: ${NODE_DIR} has no built kiosk to measure: run npx vite build --app first (npm run bench does)\n`);
    return 1;
  }
  const report = await runBench({
    members: options.members,
    visits: options.visits,
    taps: options.taps,
    uiTaps: options['ui-taps'],
    figures: options.figures,
    dir: path.resolve(options.dir),
    keep: options.keep,
    paths: {
      cli: path.join(NODE_DIR, 'cli.js'),
      listWorker: path.join(NODE_DIR, 'list-worker.js'),
      exportWorker: path.join(NODE_DIR, 'export-worker.js'),
      checkpointWorker: path.join(NODE_DIR, 'checkpoint-worker.js'),
      spoolerProcess: path.join(NODE_DIR, 'spooler-process.js'),
      rendererRoot: path.join(ROOT, 'dist', 'renderer'),
      publishChild: path.join(ROOT, 'out', 'bench', 'publish-child.js'),
      registryCli: path.join(NODE_DIR, 'registry-cli.js'),
    },
    sqlite: process.env.SQLITE3 ?? 'sqlite3',
    command: ['npm run bench --', ...args].join(' '),
    log: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  const lines = options.json ? [JSON.stringify(report)] : table(report);
  process.stdout.write(`${lines.join('\n')}\n`);
  return options.check && !report.pass ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
