import fs from 'node:fs';
import { noPositionals, print } from '../../../core/command-line.js';
import path from 'node:path';
import { KioskError } from '../../../core/errors.js';
import type { CheckResult } from '../../doctor/check.js';
import { diskCheck, rescueCheck } from '../../doctor/database-check.js';
import { runDoctor } from '../../doctor/doctor.js';
import { type Command } from '../command.js';

function lines(checks: CheckResult[]): string[] {
  const width = Math.max(...checks.map((c) => c.check.length));
  return checks.map((c) => `${c.status.toUpperCase()}  ${c.check.padEnd(width)}  ${c.detail}`);
}

export const doctor: Command = {
  usage: 'doctor [--json]',
  summary: 'check this kiosk before leaving it: database, disk, clock, space, visa list, readers, printer, backups (exit 1 on any FAIL)',
  options: {},
  async run({ positionals, service, io, databasePath }) {
    noPositionals(positionals);
    const rescued = rescueCheck(databasePath);
    const exists = fs.existsSync(databasePath);
    if (!exists && rescued.status === 'pass') throw new KioskError(`there is no database at ${databasePath}: start the kiosk once, or give --db PATH`);
    let checks: CheckResult[];
    try {
      // Gone, with its visits rescued: opening would make a new, empty one.
      checks = exists ? await runDoctor(service()) : [rescued, diskCheck(path.dirname(databasePath))];
    } catch (error) {
      // A database that cannot even be opened is the main finding; the disk and rescued copies are looked at all the same.
      if (!(error instanceof KioskError)) throw error;
      checks = [{ check: 'database', status: 'fail', detail: error.message }, rescued, diskCheck(path.dirname(databasePath))];
    }
    const failed = checks.filter((c) => c.status === 'fail');
    print(io, { ok: failed.length === 0, checks }, () => lines(checks));
    if (failed.length > 0) throw new KioskError(`${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.map((c) => c.check).join(', ')}`);
  },
};
