import type { z } from 'zod';
import type { ValueProblem } from './errors.js';

/** "members[3].status: …" from a schema issue, so a message names the record and the field. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issuePath(issue);
  // zod says "Invalid input: expected string, received undefined" for a field left out.
  const message = issue.code === 'invalid_type' && / received undefined$/.test(issue.message) ? 'is missing' : issue.message;
  return path ? `${path}: ${message}` : message;
}

/** Where in its input an issue is, as a person reads a path: "credentials[0].form"; empty for the whole input. */
export function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

/**
 * The problem with one named thing: "members[3] (hw-3).status: …", "readers[0].baudRate: …",
 * and, with no field to name, the thing and the message joined by `bare` ("members[6]: …").
 */
export function describeIssueOf(subject: string, issue: z.core.$ZodIssue, bare = ': '): string {
  if (issue.path.length === 0) return `${subject}${bare}${describeIssue(issue)}`;
  return `${subject}${typeof issue.path[0] === 'number' ? '' : '.'}${describeIssue(issue)}`;
}

/**
 * The issue as data, for a screen to word in its own language (core/errors.ts). `input`: the
 * value the issue is about, when the caller has it (zod's issues do not keep it), so a value not
 * among the allowed ones is quoted with them.
 */
export function valueProblem(issue: z.core.$ZodIssue, input?: unknown): ValueProblem {
  switch (issue.code) {
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'array') return { kind: 'too_few', minimum };
      return issue.origin === 'string' ? { kind: 'too_short', minimum } : { kind: 'too_small', minimum };
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'array') return { kind: 'too_many', maximum };
      return issue.origin === 'string' ? { kind: 'too_long', maximum } : { kind: 'too_big', maximum };
    }
    case 'invalid_type':
      if (/ received undefined$/.test(issue.message)) return { kind: 'missing' };
      if (issue.expected === 'int') return { kind: 'not_whole' };
      return { kind: issue.expected === 'number' ? 'not_a_number' : 'badly_written' };
    case 'invalid_union':
      // The settings' numbers: a number, or its decimal text (core/settings.ts).
      return { kind: issue.message === 'must be a number' ? 'not_a_number' : 'badly_written' };
    case 'invalid_value':
      return typeof input === 'string' ? { kind: 'not_one_of', value: input, choices: issue.values.map(String) } : { kind: 'not_a_choice' };
    case 'invalid_format':
      return { kind: issue.format === 'url' ? 'not_a_url' : issue.format === 'email' ? 'not_an_email' : 'badly_written' };
    case 'custom':
      if (issue.params?.fault === 'hidden_characters') return { kind: 'hidden_characters' };
      return { kind: issue.message === 'is not valid JSON' ? 'not_json' : 'badly_written' };
    default:
      return { kind: 'badly_written' };
  }
}

/** The field an issue is about, written as describeIssue writes it ("guest.email"); empty for the whole input. */
export function issueField(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.');
}
