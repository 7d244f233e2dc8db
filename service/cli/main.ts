import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { MethodInput, MethodName, MethodOutput } from '../../core/api.js';
import {
  argumentsProblem,
  commandLines,
  commandNamed,
  type Io,
  negativeValuesJoined,
  optionProblem,
  OptionRefused,
  type OptionSpec,
  UsageError,
} from '../../core/command-line.js';
import { KioskError } from '../../core/errors.js';
import type { BadgePrinting } from '../../drivers/printers/badge-printer.js';
import { lazyPrinter } from '../badge-printing.js';
import { COMMAND_LINE } from '../connection.js';
import { dispatch, type Connection } from '../dispatch.js';
import { Kiosk, type KioskOptions } from '../kiosk.js';
import { LOCAL } from '../kiosk/audit.js';
import { resolveDatabasePath } from '../data-path.js';
import { type Command, type CommandContext } from './command.js';
import { allianceJoin, allianceMember, alliancePasses, alliancePublish, allianceTerms } from './commands/alliance.js';
import { allianceToken } from './commands/alliance-token.js';
import { backup } from './commands/backup.js';
import { checkin } from './commands/checkin.js';
import { configGet, configList, configSet, configUnset } from './commands/config.js';
import { daypass } from './commands/daypass.js';
import { doctor } from './commands/doctor.js';
import { expect } from './commands/expect.js';
import { exportCommand } from './commands/export.js';
import { printBadge, printersList } from './commands/printers.js';
import { readersList, readersWatch } from './commands/readers.js';
import { restore } from './commands/restore.js';
import { serve } from './commands/serve.js';
import { staffAdd } from './commands/staff.js';
import { visaImport, visaKeygen, visaSign, visaStatus, visaSync } from './commands/visa.js';
import { newKioskFiles } from './new-kiosk-files.js';

const COMMANDS: Record<string, Command> = {
  serve,
  'config get': configGet,
  'config set': configSet,
  'config unset': configUnset,
  'config list': configList,
  'visa import': visaImport,
  'visa sync': visaSync,
  'visa status': visaStatus,
  'visa sign': visaSign,
  'visa keygen': visaKeygen,
  expect,
  checkin,
  daypass,
  export: exportCommand,
  'staff add': staffAdd,
  readers: readersList,
  'readers watch': readersWatch,
  printers: printersList,
  'print-badge': printBadge,
  backup,
  restore,
  doctor,
  'alliance join': allianceJoin,
  'alliance publish': alliancePublish,
  'alliance member': allianceMember,
  'alliance terms': allianceTerms,
  'alliance token': allianceToken,
  'alliance passes': alliancePasses,
};

const GLOBAL_OPTIONS: OptionSpec = {
  db: { type: 'string', takes: "the kiosk's database file" },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function helpText(group?: string): string {
  const { lines, width } = commandLines(COMMANDS, group);
  if (group !== undefined) return [`usage: visa-kiosk ${group} COMMAND [options]   (every command takes --db PATH and --json)`, '', ...lines].join('\n');
  return [
    'usage: visa-kiosk COMMAND [options]   (every command takes --db PATH and --json)',
    '',
    ...lines,
    `  ${'registry …'.padEnd(width)}  the alliance registry: init, serve, space, backup, status (see visa-kiosk registry --help)`,
    '',
    'The database is --db PATH, else $VISA_KIOSK_DB, else kiosk.db in the per-user data folder.',
  ].join('\n');
}

/** Runs one command line; returns the exit status (0 done, 1 refused or failed, 2 bad usage). */
export async function runCli(
  args: string[],
  io: Omit<Io, 'json'>,
  options: {
    env?: NodeJS.ProcessEnv;
    workers?: Pick<KioskOptions, 'listWorker' | 'spooler' | 'exportWorker' | 'exportSliceWorker' | 'storageCheckWorker' | 'checkpointWorker'>;
  } = {},
): Promise<number> {
  const env = options.env ?? process.env;
  const found = commandNamed(COMMANDS, args, GLOBAL_OPTIONS);
  if ('help' in found) {
    io.out(helpText(found.help));
    return found.asked ? 0 : 2;
  }
  if ('unknown' in found) {
    io.err(`visa-kiosk: unknown command "${found.unknown}"; see visa-kiosk --help`);
    return 2;
  }
  const { name, command, rest } = found;
  const spec = { ...GLOBAL_OPTIONS, ...command.options };
  let service: Kiosk | undefined;
  let printer: BadgePrinting | undefined;
  let made: { remove: () => void } | null = null;
  let status = 1;
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: negativeValuesJoined(rest, spec), options: spec, allowPositionals: true, strict: true });
    } catch (error) {
      const refused = error as { code?: string; message: string };
      // A value such as a PEM key that begins with "-" reads as an option; say how to pass it.
      if (refused.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /\s/.test(refused.message.split("'")[1] ?? '')) {
        throw new UsageError('a value that begins with "-" must come after "--", e.g. visa-kiosk config set visa.publicKey -- "$(cat key.pub.pem)"');
      }
      throw new UsageError(argumentsProblem(refused, spec));
    }
    const { db, json, help, ...values } = parsed.values as Record<string, string | boolean | undefined>;
    if (help) {
      io.out(`usage: visa-kiosk ${command.usage}\n  ${command.summary}`);
      return 0;
    }
    const databasePath = resolveDatabasePath(db as string | undefined, env);
    if (command.database === 'new-kept-if-done') made = newKioskFiles(databasePath);
    const open = () => {
      if (service) return service;
      if (command.database === 'existing' && !fs.existsSync(databasePath))
        throw new KioskError(`there is no database at ${databasePath}: start the kiosk once, or give --db PATH`);
      return (service = Kiosk.open(databasePath, { log: io.err, ...options.workers }));
    };
    // Whoever runs the command line holds the database file: they act as a manager, with no session.
    const connection: Connection = { session: null, screen: COMMAND_LINE, actor: LOCAL };
    const context: CommandContext = {
      values,
      positionals: parsed.positionals,
      io: { ...io, json: json === true },
      databasePath,
      service: open,
      call: <M extends MethodName>(method: M, input: MethodInput<M>) => dispatch(open(), method, input, connection) as Promise<MethodOutput<M>>,
      printer: () => (printer ??= lazyPrinter(options.workers?.spooler)),
    };
    status = (await command.run(context)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`visa-kiosk ${name}: ${error instanceof OptionRefused ? optionProblem(error.issue, error.given, spec) : error.message}`);
      io.err(`usage: visa-kiosk ${command.usage}`);
      status = 2;
    } else if (error instanceof KioskError) io.err(`visa-kiosk ${name}: ${error.message}`);
    else io.err(`visa-kiosk ${name}: failed: ${(error as Error).message}`);
  } finally {
    await service?.close();
    await printer?.close?.();
  }
  if (status !== 0) made?.remove();
  return status;
}
