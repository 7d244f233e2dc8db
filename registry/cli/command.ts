import type { z } from 'zod';
import type { OptionSpec } from '../../core/command-line.js';
import { describeIssue } from '../../core/schema-messages.js';

/** Wrong words on the command line: exit status 2, with the command's usage. */
export class UsageError extends Error {}

/** A schema refused an option's value: runRegistryCli words it from the option's spec (core/command-line.ts). */
export class OptionRefused extends UsageError {
  constructor(
    readonly issue: z.core.$ZodIssue,
    readonly given: boolean,
  ) {
    super(describeIssue(issue));
  }
}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  readStdin: () => Promise<string>;
  /** Set when the command line asks for JSON output. */
  json: boolean;
}

export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  io: Io;
  /** The registry's folder, from --dir (a usage error when missing). */
  dir: () => string;
  /** The built threads (dist/node/); without them (tests from source) their work runs on the calling thread. */
  workers?: RegistryWorkers | undefined;
}

export interface RegistryWorkers {
  /** The writer thread (registry/writer/writer-worker.ts). */
  writer: string;
}

export interface Command {
  usage: string;
  summary: string;
  options: OptionSpec;
  run: (context: CommandContext) => Promise<number | void> | number | void;
}

/** Prints JSON when asked, the human form otherwise. */
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
