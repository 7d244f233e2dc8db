import type { z } from 'zod';
import { OptionRefused, UsageError } from './command.js';

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
