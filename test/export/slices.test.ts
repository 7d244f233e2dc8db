import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSlices } from '../../service/export/slices';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);

describe('cutting a visit log into slices', () => {
  it('keeps every visit, in date order, in slices of whole days no longer than asked unless one day is', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5_000 }), { maxLength: 400 }), fc.integer({ min: 1, max: 20_000 }), (counts, size) => {
        const days = counts.map((rows, i) => [day(i), rows] as const);
        const slices = planSlices(days, size);
        expect(slices.reduce((sum, s) => sum + s.rows, 0)).toBe(counts.reduce((a, b) => a + b, 0));
        for (const [i, slice] of slices.entries()) {
          expect(slice.rows).toBeGreaterThan(0);
          expect(slice.from <= slice.to).toBe(true);
          if (i > 0) expect(slices[i - 1]!.to < slice.from).toBe(true);
          const inside = days.filter(([d]) => d >= slice.from && d <= slice.to);
          expect(inside.reduce((sum, [, rows]) => sum + rows, 0)).toBe(slice.rows);
          if (inside.filter(([, rows]) => rows > 0).length > 1) expect(slice.rows).toBeLessThanOrEqual(size);
        }
      }),
    );
  });

  it('gives a busy day a slice of its own and nothing for an empty log', () => {
    expect(
      planSlices(
        [
          ['2026-03-01', 10],
          ['2026-03-02', 90_000],
          ['2026-03-03', 10],
        ],
        1_000,
      ),
    ).toEqual([
      { from: '2026-03-01', to: '2026-03-01', rows: 10 },
      { from: '2026-03-02', to: '2026-03-02', rows: 90_000 },
      { from: '2026-03-03', to: '2026-03-03', rows: 10 },
    ]);
    expect(planSlices([['2026-03-01', 0]], 1_000)).toEqual([]);
  });
});
