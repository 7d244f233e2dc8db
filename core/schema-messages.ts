import type { z } from 'zod';

/** "members[3].status: …" from a schema issue, so a message names the record and the field. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
  // zod says "Invalid input: expected string, received undefined" for a field left out.
  const message = issue.code === 'invalid_type' && / received undefined$/.test(issue.message) ? 'is missing' : issue.message;
  return path ? `${path}: ${message}` : message;
}

/**
 * The problem with one named thing: "members[3] (hw-3).status: …", "readers[0].baudRate: …",
 * and, with no field to name, the thing and the message joined by `bare` ("members[6]: …").
 */
export function describeIssueOf(subject: string, issue: z.core.$ZodIssue, bare = ': '): string {
  if (issue.path.length === 0) return `${subject}${bare}${describeIssue(issue)}`;
  return `${subject}${typeof issue.path[0] === 'number' ? '' : '.'}${describeIssue(issue)}`;
}
