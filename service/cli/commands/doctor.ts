import fs from 'node:fs';
import { KioskError } from '../../../core/errors.js';
import type { CheckResult } from '../../doctor/check.js';
import { runDoctor } from '../../doctor/doctor.js';
import { print, type Command } from '../command.js';
import { noPositionals } from '../parse.js';

function lines(checks: CheckResult[]): string[] {
  const width = Math.max(...checks.map((c) => c.check.length));
  return checks.map((c) => `${c.status.toUpperCase()}  ${c.check.padEnd(width)}  ${c.detail}`);
}

export const doctor: Command = {
  usage: 'doctor [--json]',
  summary: "check this kiosk before leaving it: database, disk, clock, space, visa list, readers, printer, backups (exit 1 on any FAIL)",
  options: {},
  async run({ positionals, service, io, databasePath }) {
    noPositionals(positionals);
    if (!fs.existsSync(databasePath)) throw new KioskError(`there is no database at ${databasePath}: start the kiosk once, or give --db PATH`);
    let checks: CheckResult[];
    try {
      checks = await runDoctor(service());
    } catch (error) {
      // A database that cannot even be opened is the one finding.
      if (!(error instanceof KioskError)) throw error;
      checks = [{ check: 'database', status: 'fail', detail: error.message }];
    }
    const failed = checks.filter((c) => c.status === 'fail');
    print(io, { ok: failed.length === 0, checks }, () => lines(checks));
    if (failed.length > 0) throw new KioskError(`${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.map((c) => c.check).join(', ')}`);
  },
};
