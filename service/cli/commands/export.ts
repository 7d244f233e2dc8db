import os from 'node:os';
import { noPositionals, parseOptions, print } from '../../../core/command-line.js';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { localDate, monthOf } from '../../../core/calendar.js';
import { KioskError } from '../../../core/errors.js';
import { LocalDate } from '../../../core/vocabulary.js';
import { isReadOnlyFile } from '../../../db/open.js';
import { homeSpaceNotFound } from '../../../db/export-home-space.js';
import { openForExport, spaceTimezone } from '../../../db/visit-export.js';
import { ExportJob, type ExportSummary } from '../../export/export-job.js';
import { exportToFile } from '../../export/export-file.js';
import { runExport } from '../../export/run-export.js';
import type { Kiosk } from '../../kiosk.js';
import { type Command } from '../command.js';

const Dates = z.object({ from: LocalDate.optional(), to: LocalDate.optional() });

/** Today on the kiosk space's wall calendar: the default range is its month. */
function today(service: Kiosk): string {
  return todayIn(service.desk.info().space?.timezone ?? null);
}

function todayIn(timezone: string | null): string {
  if (!timezone)
    throw new KioskError(
      'this kiosk\'s space is not set or not in the visa list, so "this month" has no calendar: give --from and --to, or run `visa-kiosk config set space.id SPACE_ID`',
    );
  return localDate(new Date(), timezone);
}

/** Streams to standard output, which stays open; a closed pipe (`| head`) is a failure, not a crash. */
async function toStdout(run: (out: Writable) => Promise<ExportSummary>): Promise<void> {
  const stdout = process.stdout;
  let failure: Error | null = null;
  const onError = (error: Error) => {
    failure ??= error;
  };
  stdout.on('error', onError);
  try {
    await run(stdout);
    await new Promise<void>((resolve, reject) => stdout.write('', (error) => (error ? reject(error) : resolve())));
    if (failure) throw failure;
  } finally {
    stdout.off('error', onError);
  }
}

export const exportCommand: Command = {
  usage: 'export [--from DATE] [--to DATE] [--report visits|spaces] [--format csv|json] [--kind KIND] [--space ID] [--bom] [--out FILE] [--json]',
  summary: 'stream the visit log or the per-home-space report (local dates, both inclusive; default: this month)',
  database: 'existing',
  options: {
    from: { type: 'string', takes: 'the first day, written YYYY-MM-DD' },
    to: { type: 'string', takes: 'the last day, written YYYY-MM-DD' },
    report: { type: 'string', takes: 'visits or spaces' },
    format: { type: 'string', takes: 'csv or json' },
    kind: { type: 'string', takes: 'one of member, visa, day_pass, guest' },
    space: { type: 'string', takes: 'a home space id of at most 100 characters' },
    bom: { type: 'boolean' },
    out: { type: 'string', takes: 'the file to write the export to' },
  },
  async run({ positionals, values, service, io, databasePath }) {
    noPositionals(positionals);
    const { out, ...rest } = values;
    const dates = parseOptions(Dates, { from: rest.from, to: rest.to });
    // Reading needs no write access: a read-only database (a copy, an archive) is exported as it is.
    const readOnly = isReadOnlyFile(databasePath) ? openForExport(databasePath) : null;
    try {
      const thisMonth = () => monthOf(readOnly ? todayIn(spaceTimezone(readOnly)) : today(service()));
      const to = dates.to ?? thisMonth().last;
      const from = dates.from ?? (dates.to ? monthOf(dates.to) : thisMonth()).first;
      const job = parseOptions(ExportJob, { report: 'visits', format: io.json ? 'json' : 'csv', ...rest, from, to });
      const file = parseOptions(z.object({ out: z.string().min(1).optional() }), { out }).out;
      const db = readOnly ?? service().db;
      // Exported all the same (a script may want the empty file), with why it is empty on stderr.
      const missing = homeSpaceNotFound(db, job);
      if (missing) io.err(`note: ${missing}`);
      if (file === undefined) {
        await toStdout((stdout) => runExport(db, job, stdout));
        return;
      }
      // Every core, from this thread: the command line has nothing else to do (a running kiosk keeps one core for its taps).
      const { rows } = readOnly
        ? await exportToFile(readOnly, job, file)
        : await service().exports.toFile(job, file, { threads: os.availableParallelism(), onThisThread: true });
      const what = job.report === 'visits' ? `visit${rows === 1 ? '' : 's'}` : `report line${rows === 1 ? '' : 's'}`;
      print(io, { report: job.report, format: job.format, from, to, rows, out: file }, () => `wrote ${rows} ${what} (${from} to ${to}) to ${file}`);
    } finally {
      readOnly?.close();
    }
  },
};
