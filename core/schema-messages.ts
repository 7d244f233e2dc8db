import type { z } from 'zod';

/** "members[3].status: …" from a schema issue, so a message names the record and the field. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
  return path ? `${path}: ${issue.message}` : issue.message;
}
