import { parseArgs } from 'node:util';
import {
  argumentsProblem,
  commandLines,
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

/** The positions of the words that name the command ("space add"), skipping options and their values. */
function commandWords(args: string[], options: OptionSpec): number[] {
  const words: number[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--') && !arg.includes('=') && options[arg.slice(2)]?.type === 'string') i++;
    else if (!arg.startsWith('-')) words.push(i);
  }
  return words;
}

function findCommand(args: string[]): { name: string; command: Command; rest: string[] } | null {
  for (const count of [2, 1]) {
    const words = commandWords(args, GLOBAL_OPTIONS).slice(0, count);
    const name = words.map((i) => args[i]).join(' ');
    const command = words.length === count && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command) return { name, command, rest: args.filter((_, i) => !words.includes(i)) };
  }
  return null;
}

/** Runs one `visa-kiosk registry …` command line (without the word "registry"); returns the exit status (0 done, 1 refused, 2 usage). */
export async function runRegistryCli(args: string[], io: Omit<Io, 'json'>, workers?: RegistryWorkers): Promise<number> {
  const found = findCommand(args);
  if (!found) {
    const words = commandWords(args, GLOBAL_OPTIONS).map((i) => args[i]!);
    const asked = args.includes('--help') || args.includes('-h');
    // "space" alone names a group of commands: those are the help asked for.
    const group = words.length === 1 && Object.keys(COMMANDS).some((name) => name.startsWith(`${words[0]} `)) ? words[0] : undefined;
    if (args.length === 0 || asked || group !== undefined) {
      io.out(helpText(group));
      return asked ? 0 : 2;
    }
    io.err(`visa-kiosk registry: unknown command "${words.join(' ')}"; see visa-kiosk registry --help`);
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
