/** A cell: text is neutralised and quoted as needed; numbers are ours and written as they are. */
export type CsvCell = string | number | null;

/** Byte order mark: Excel reads a CSV as UTF-8 only when the file starts with one. */
export const BOM = '\uFEFF';

// OWASP, "CSV Injection": a cell starting with = + - @, tab or CR is run as a formula by spreadsheets.
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
const NEEDS_QUOTES = /[",\r\n]/;

/** Prefixes a cell a spreadsheet would run with `'`, so it is shown as text instead. */
export function neutralise(text: string): string {
  return FORMULA_START.has(text.charAt(0)) ? `'${text}` : text;
}

export function csvCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = neutralise(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One RFC 4180 record, CRLF included. */
export function csvRow(cells: readonly CsvCell[]): string {
  let row = '';
  for (let i = 0; i < cells.length; i++) row += i === 0 ? csvCell(cells[i]!) : `,${csvCell(cells[i]!)}`;
  return `${row}\r\n`;
}
