/** A cell: text is neutralised and quoted as needed; numbers are ours and written as they are. */
export type CsvCell = string | number | null;

/** Byte order mark: Excel reads a CSV as UTF-8 only when the file starts with one. */
export const BOM = '\uFEFF';

/**
 * OWASP, "CSV Injection": a cell starting with = + - @, tab or CR is run as a formula by
 * spreadsheets, and so is one where only whitespace comes first (some importers trim it).
 */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@])/;
/**
 * Where a spreadsheet may start a new cell inside ours: Excel in de/fr/es/… locales splits a
 * .csv on `;`, ignoring our quotes unless they open the field; other importers split on tab or
 * `|`; a line break inside our quotes ends the row for them. A formula after one is neutralised too.
 */
const FORMULA_AFTER_SPLIT = /([;|\t\r\n]\s*)(?=[=+\-@])/g;
/** A cell with any of these is quoted: a quote, a comma, or where a spreadsheet may split it. */
const NEEDS_QUOTES = /[",;|\t\r\n]/;

/**
 * Whether a cell is written as it is: nothing in it to quote, and its first character printable
 * ASCII (no whitespace, which could hide a formula after it) that starts no formula. Most cells
 * of an export (ids, dates, names) are, and skip the regular expressions.
 */
function plain(text: string): boolean {
  const first = text.charCodeAt(0);
  return first > 32 && first < 127 && first !== 61 && first !== 43 && first !== 45 && first !== 64 && !NEEDS_QUOTES.test(text); // = + - @
}

function neutraliseAll(text: string): string {
  const inside = text.replace(FORMULA_AFTER_SPLIT, "$1'");
  return FORMULA_START.test(inside) ? `'${inside}` : inside;
}

/** Puts `'` before whatever a spreadsheet could run as a formula, so it is shown as text instead. */
export function neutralise(text: string): string {
  return plain(text) ? text : neutraliseAll(text);
}

export function csvCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (plain(cell)) return cell;
  const text = neutraliseAll(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One RFC 4180 record, CRLF included. */
export function csvRow(cells: readonly CsvCell[]): string {
  let row = '';
  for (let i = 0; i < cells.length; i++) row += i === 0 ? csvCell(cells[i]!) : `,${csvCell(cells[i]!)}`;
  return `${row}\r\n`;
}
