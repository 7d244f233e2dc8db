import { parseArgs } from 'node:util';
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
import { type Command, type CommandContext, type RegistryWorkers } from './command.js';
import { backup } from './commands/backup.js';
import { init } from './commands/init.js';
import { keyRotate } from './commands/key.js';
import { kioskList, kioskRevoke } from './commands/kiosk.js';
import { serve } from './commands/serve.js';
import { spaceAdd, spaceCode, spaceList, spaceRemove, spaceResume, spaceSuspend } from './commands/space.js';
import { status } from './commands/status.js';

const COMMANDS: Record<string, Command> = {
  init,
  serve,
  'space add': spaceAdd,
  'space code': spaceCode,
  'space list': spaceList,
  'space suspend': spaceSuspend,
  'space resume': spaceResume,
  'space remove': spaceRemove,
  'kiosk list': kioskList,
  'kiosk revoke': kioskRevoke,
  backup,
  status,
  'key rotate': keyRotate,
};

const GLOBAL_OPTIONS: OptionSpec = {
  dir: { type: 'string', takes: "the registry's folder" },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function helpText(group?: string): string {
  return [
    `usage: visa-kiosk registry ${group === undefined ? '' : `${group} `}COMMAND --dir DIR [options]`,
    '',
    ...commandLines(COMMANDS, group).lines,
    '',
    "DIR is the registry's folder: its database and its keys (docs/alliances.md).",
  ].join('\n');
}

/** Runs one `visa-kiosk registry …` command line (without the word "registry"); returns the exit status (0 done, 1 refused, 2 usage). */
export async function runRegistryCli(args: string[], io: Omit<Io, 'json'>, workers?: RegistryWorkers): Promise<number> {
  const found = commandNamed(COMMANDS, args, GLOBAL_OPTIONS);
  if ('help' in found) {
    io.out(helpText(found.help));
    return found.asked ? 0 : 2;
  }
  if ('unknown' in found) {
    io.err(`visa-kiosk registry: unknown command "${found.unknown}"; see visa-kiosk registry --help`);
    return 2;
  }
  const { name, command, rest } = found;
  const spec = { ...GLOBAL_OPTIONS, ...command.options };
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: negativeValuesJoined(rest, spec), options: spec, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError(argumentsProblem(error as { code?: string; message: string }, spec));
    }
    const { dir, json, help, ...values } = parsed.values as Record<string, string | boolean | undefined>;
    if (help) {
      io.out(`usage: visa-kiosk registry ${command.usage}\n  ${command.summary}`);
      return 0;
    }
    const context: CommandContext = {
      values,
      positionals: parsed.positionals,
      io: { ...io, json: json === true },
      workers,
      dir: () => {
        if (typeof dir !== 'string' || dir === '') throw new UsageError("--dir is missing: name the registry's folder");
        return dir;
      },
    };
    return (await command.run(context)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`visa-kiosk registry ${name}: ${error instanceof OptionRefused ? optionProblem(error.issue, error.given, spec) : error.message}`);
      io.err(`usage: visa-kiosk registry ${command.usage}`);
      return 2;
    }
    if (error instanceof KioskError) {
      io.err(`visa-kiosk registry ${name}: ${error.message}`);
      return 1;
    }
    io.err(`visa-kiosk registry ${name}: failed: ${(error as Error).message}`);
    return 1;
  }
}
