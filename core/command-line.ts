import type { z } from 'zod';
import { describeIssue } from './schema-messages.js';

/**
 * A command's options, as node:util's parseArgs reads them. An option with a value says what it
 * takes, and every refusal of it says that ("--notice-hours takes a whole number of hours from 0
 * to 744"), so no validator's own words reach the person at the keyboard.
 */
export type OptionSpec = Record<string, { type: 'boolean'; short?: string } | { type: 'string'; takes: string; multiple?: boolean }>;

const NEGATIVE_NUMBER = /^-\.?\d/;

/**
 * "--notice-hours -3" as "--notice-hours=-3": parseArgs takes a value that begins with "-" for a
 * forgotten one, but no option is named like a number, so a negative number is the option's value.
 */
export function negativeValuesJoined(args: readonly string[], options: OptionSpec): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return [...joined, ...args.slice(i)];
    const next = args[i + 1];
    if (arg.startsWith('--') && options[arg.slice(2)]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

/** parseArgs's refusal ("Option '--out <value>' argument missing", three lines for an ambiguous one) as one sentence. */
export function argumentsProblem(error: { code?: string; message: string }, options: OptionSpec): string {
  const written = /'(-{1,2}[^'\s<=]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${written} is not an option of this command`;
  const option = options[written.replace(/^-+/, '')];
  if (option?.type === 'boolean') return `${written} takes no value`;
  if (option?.type === 'string') {
    // Ambiguous: the next word begins with "-", so it reads as another option, not this one's value.
    const dash = / is ambiguous/.test(error.message) ? `, written ${written}=VALUE when it begins with "-"` : '';
    return `${written} needs a value: ${option.takes}${dash}`;
  }
  return error.message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/s, '');
}

/**
 * A schema's refusal of an option's value as one sentence naming the option and what it takes;
 * `given` says whether the option was on the command line at all. An issue about no one option
 * (two that go together) keeps its own words.
 */
export function optionProblem(issue: z.core.$ZodIssue, given: boolean, options: OptionSpec): string {
  const [field, ...rest] = issue.path;
  // Some commands validate options under camelCase keys (tlsCert for --tls-cert).
  const name = typeof field === 'string' ? field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) : '';
  const option = options[name];
  if (option === undefined || rest.some((part) => typeof part !== 'number')) return describeIssue(issue);
  // A refinement's message is ours, written for the option ("must not be after the last day asked for, …").
  if (issue.code === 'custom' || option.type === 'boolean') return `--${name} ${issue.message}`;
  return given ? `--${name} takes ${option.takes}` : `--${name} is required: ${option.takes}`;
}

/** The commands of a command line (those of one group, `alliance`, when given) as help lists them: usage, then what each does; and the usage column's width. */
export function commandLines(commands: Record<string, { usage: string; summary: string }>, group?: string): { lines: string[]; width: number } {
  const listed = Object.entries(commands)
    .filter(([name]) => group === undefined || name.startsWith(`${group} `))
    .map(([, command]) => command);
  const width = Math.min(60, Math.max(...listed.map((c) => c.usage.length)));
  return { lines: listed.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`), width };
}

/** The positions of the words that name a command ("visa import"), skipping options and the values of `globals` that take one. */
function commandWords(args: readonly string[], globals: OptionSpec): number[] {
  const words: number[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--') && !arg.includes('=') && globals[arg.slice(2)]?.type === 'string') i++;
    else if (!arg.startsWith('-')) words.push(i);
  }
  return words;
}

/**
 * What a command line names: a command of one or two words, with the other arguments; or the help
 * of all commands or of a group ("alliance" alone), `asked` when --help was given; or words that
 * name nothing. A name is looked up as the table's own key, so "constructor" names nothing.
 */
export function commandNamed<C>(
  commands: Record<string, C>,
  args: readonly string[],
  globals: OptionSpec,
): { name: string; command: C; rest: string[] } | { help: string | undefined; asked: boolean } | { unknown: string } {
  const words = commandWords(args, globals);
  for (const count of [2, 1]) {
    if (words.length < count) continue;
    const named = words.slice(0, count);
    const name = named.map((i) => args[i]).join(' ');
    if (Object.hasOwn(commands, name)) return { name, command: commands[name]!, rest: args.filter((_, i) => !named.includes(i)) };
  }
  const written = words.map((i) => args[i]!);
  const asked = args.includes('--help') || args.includes('-h');
  const group = written.length === 1 && Object.keys(commands).some((name) => name.startsWith(`${written[0]} `)) ? written[0] : undefined;
  if (args.length === 0 || asked || group !== undefined) return { help: group, asked };
  return { unknown: written.join(' ') };
}

/** Wrong words on the command line: exit status 2, with the command's usage. */
export class UsageError extends Error {}

/** A schema refused an option's value: the command line words it from the option's spec (optionProblem). */
export class OptionRefused extends UsageError {
  constructor(
    readonly issue: z.core.$ZodIssue,
    readonly given: boolean,
  ) {
    super(describeIssue(issue));
  }
}

/** Where a command writes, and what it was asked for. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  readStdin: () => Promise<string>;
  /** Set when the command line asks for JSON output. */
  json: boolean;
}

/** The value as JSON with --json, else the human lines. */
export function print(io: Io, value: unknown, human: () => string | string[]): void {
  if (io.json) io.out(JSON.stringify(value));
  else for (const line of [human()].flat()) io.out(line);
}

/** Validates command-line values with a schema; a bad value is a usage error (exit 2), worded from the option's spec. */
export function parseOptions<S extends z.ZodType>(schema: S, values: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OptionRefused(issue, values[String(issue.path[0])] !== undefined);
  }
  return parsed.data;
}

export function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one ${what}, got ${positionals.length}`);
  return positionals[0]!;
}

export function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
}
