import { describe, expect, it } from 'vitest';
import { noVisitsFromSpace } from '../../core/export-space-words';

describe('an export asking for a home space nobody came from', () => {
  it('names the range and the ids the range does have', () => {
    expect(noVisitsFromSpace('cedar', ['cedar-commons', 'harbour-works'], '2026-12-01', '2026-12-31')).toBe(
      'no visit from 2026-12-01 to 2026-12-31 has home space "cedar": home spaces are named by their id, such as "cedar-commons", "harbour-works"',
    );
  });

  it('says only the range when nobody came at all', () => {
    expect(noVisitsFromSpace('cedar', [], '2026-12-01', '2026-12-01')).toBe('no visit from 2026-12-01 to 2026-12-01 has home space "cedar"');
  });
});
