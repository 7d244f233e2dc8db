/** A run of consecutive local dates of the visit log, both inclusive, and how many visits it holds. */
export interface Slice {
  from: string;
  to: string;
  rows: number;
}

/**
 * Cuts the visit log's per-day counts (in date order) into consecutive slices of about
 * `rowsPerSlice` visits each, for exporting on several threads. A day is never split, so
 * slices written one after the other give the export's order (local date, then id).
 */
export function planSlices(days: readonly (readonly [string, number])[], rowsPerSlice: number): Slice[] {
  const slices: Slice[] = [];
  let open: Slice | null = null;
  for (const [date, rows] of days) {
    if (rows <= 0) continue;
    if (open && open.rows + rows > rowsPerSlice && open.rows > 0) {
      slices.push(open);
      open = null;
    }
    if (open) {
      open.to = date;
      open.rows += rows;
    } else {
      open = { from: date, to: date, rows };
    }
  }
  if (open) slices.push(open);
  return slices;
}
