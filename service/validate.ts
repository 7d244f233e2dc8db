import type { z } from 'zod';
import { KioskError } from '../core/errors.js';
import { describeIssue } from '../core/schema-messages.js';

/** Validates input at a boundary, turning the first schema issue into a one-line refusal. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new KioskError(parsed.error.issues.map(describeIssue).join('; '), 'invalid');
  return parsed.data;
}
