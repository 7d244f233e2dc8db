import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue } from '../../core/schema-messages';

const Record = z.object({ name: z.string(), credentials: z.array(z.object({ kind: z.enum(['rfid', 'barcode']).optional(), value: z.string() })) });
const problem = (input: unknown) => {
  const parsed = Record.safeParse(input);
  return parsed.success ? null : describeIssue(parsed.error.issues[0]!);
};

describe('a schema problem in words', () => {
  it('names the field, and says a field left out is missing', () => {
    expect(problem({ credentials: [] })).toBe('name: is missing');
    expect(problem({ name: 'Ada', credentials: [{}] })).toBe('credentials[0].value: is missing');
  });

  it('keeps what zod says for a value of the wrong kind', () => {
    expect(problem({ name: 7, credentials: [] })).toBe('name: Invalid input: expected string, received number');
    expect(problem({ name: 'Ada', credentials: [{ kind: 'nfc', value: 'X' }] })).toMatch(/^credentials\[0\]\.kind: Invalid option/);
  });
});
