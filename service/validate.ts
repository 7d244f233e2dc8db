import type { z } from 'zod';
import { KioskError } from '../core/errors.js';
import { describeIssue, describeIssueOf, issueField, valueProblem } from '../core/schema-messages.js';

/** Validates input at a boundary, turning the first schema issue into a one-line refusal. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0]!;
  throw new KioskError(parsed.error.issues.map(describeIssue).join('; '), 'invalid', {
    detail: { what: 'input', field: issueField(first), problem: valueProblem(first) },
  });
}

/** A setting's value refused by its schema: "kiosk.idleSeconds Too small: …", and the limit as data for a screen. */
export function settingRefused(key: string, issue: z.core.$ZodIssue): KioskError {
  // A limit deep inside a JSON setting (readers[0].baudRate) is not the setting's own.
  const problem = issue.path.length === 0 ? valueProblem(issue) : { kind: 'badly_written' as const };
  return new KioskError(describeIssueOf(key, issue, ' '), 'invalid', { detail: { what: 'setting', setting: key, problem } });
}
