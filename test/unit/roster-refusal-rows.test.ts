import { describe, expect, it } from 'vitest';
import { RegistryRefusal } from '../../service/alliance/registry-client';
import { refusalInRows } from '../../service/alliance/roster-file';

describe("a registry's refusal of a CSV roster, in the CSV's rows", () => {
  const refusal = new RegistryRefusal('members[1] (hw-3): the id is already used by members[0]; nothing was changed', 400, 'invalid');

  it('names each record the registry numbered by the spreadsheet row it came from', () => {
    const worded = refusalInRows(refusal, [2, 5]) as RegistryRefusal;
    expect(worded.message).toBe('row 5 (hw-3): the id is already used by row 2; nothing was changed');
    expect(worded).toBeInstanceOf(RegistryRefusal);
    expect({ status: worded.status, code: worded.registryCode }).toEqual({ status: 400, code: 'invalid' });
  });

  it('leaves a JSON roster, a record it cannot place and any other error as they are', () => {
    expect(refusalInRows(refusal, null)).toBe(refusal);
    expect((refusalInRows(refusal, [2]) as Error).message).toBe('members[1] (hw-3): the id is already used by row 2; nothing was changed');
    const other = new Error('members[0] gone');
    expect(refusalInRows(other, [2])).toBe(other);
  });
});
