import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { credentialLabel, ListForm, parseListCredential, type ListCredential } from '../../core/credential-match.js';
import { KioskError } from '../../core/errors.js';
import { FeedMember } from '../../core/feed.js';
import { describeIssue } from '../../core/schema-messages.js';
import { CredentialKind, LocalDate, MemberStatus } from '../../core/vocabulary.js';
import type { InstallableMember } from '../../db/visa-list.js';

export const CSV_COLUMNS = ['id', 'space', 'name', 'email', 'status', 'validUntil', 'credentials'] as const;
type Column = (typeof CSV_COLUMNS)[number];

export interface CsvMembers {
  /** Distinct space ids in order of first appearance. */
  spaces: string[];
  members: InstallableMember[];
}

/** A record with the spreadsheet row it starts on (header = row 1, blank rows counted). */
interface Row {
  cells: string[];
  row: number;
}

const MAX_PROBLEMS_NAMED = 3;

function refuse(problems: string[]): never {
  const more = problems.length > MAX_PROBLEMS_NAMED ? ` (and ${problems.length - MAX_PROBLEMS_NAMED} more problems)` : '';
  throw new KioskError(`the CSV was refused: ${problems.slice(0, MAX_PROBLEMS_NAMED).join('; ')}${more}`, 'invalid');
}

const Cell = z.string().trim();

/**
 * One credential as a person writes it: KIND or rfid.FORM (core/credential-match.ts), then the
 * value; split on the first ':' so barcodes may hold ':'. Also `--credential` on the command line.
 */
export function parseCredentialEntry(entry: string): { ok: true; credential: ListCredential } | { ok: false; error: string } {
  const colon = entry.indexOf(':');
  const [kindText = '', formText, ...rest] = entry.slice(0, Math.max(colon, 0)).trim().split('.');
  const kind = CredentialKind.safeParse(kindText);
  if (colon < 0 || !kind.success || rest.length > 0) return { ok: false, error: `"${entry}" is not written rfid:VALUE, rfid.FORM:VALUE or barcode:VALUE` };
  const form = formText === undefined ? undefined : ListForm.safeParse(formText);
  if (form && !form.success)
    return { ok: false, error: `"${entry}": "${formText}" is not a way of writing a card; the forms are ${ListForm.options.join(', ')}` };
  const parsed = parseListCredential(kind.data, entry.slice(colon + 1), form?.data);
  return parsed.ok ? parsed : { ok: false, error: `"${entry}": ${parsed.error}` };
}

/** "rfid:04:A1:B2;rfid.decimal:0004340757;barcode:ON-1" → canonical credentials. */
function credentialCell(cell: string, ctx: z.core.$RefinementCtx<string>): ListCredential[] {
  const credentials = new Map<string, ListCredential>();
  for (const entry of cell
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const parsed = parseCredentialEntry(entry);
    if (!parsed.ok) {
      ctx.issues.push({ code: 'custom', input: cell, message: parsed.error });
      continue;
    }
    const key = credentialLabel(parsed.credential);
    if (credentials.has(key)) ctx.issues.push({ code: 'custom', input: cell, message: `${key} is given twice` });
    credentials.set(key, parsed.credential);
  }
  return [...credentials.values()];
}

/** One row, by column name; field rules are the feed's, so a CSV member is a feed member. */
function rowSchema(knownSpaces: ReadonlySet<string>, unknownSpace: (space: string) => string) {
  return z.object({
    id: Cell.pipe(FeedMember.shape.id),
    space: Cell.min(1, { error: 'must not be empty', abort: true }).refine((space) => knownSpaces.has(space), {
      error: (issue) => unknownSpace(String(issue.input)),
    }),
    name: Cell.pipe(FeedMember.shape.name),
    email: Cell.pipe(FeedMember.shape.email.unwrap()),
    status: Cell.pipe(z.enum(MemberStatus.options, { error: (issue) => `"${String(issue.input)}" is not one of ${MemberStatus.options.join(', ')}` })),
    validUntil: Cell.transform((date) => (date === '' ? null : date)).pipe(LocalDate.nullable()),
    credentials: Cell.transform(credentialCell).pipe(z.array(z.custom<ListCredential>()).max(20, 'has more than 20 credentials')),
  });
}

function parseProblem(error: CsvError): string {
  // The error's counts (typed unknown) cover the rows completed before it; the broken one is next.
  const row = `row ${Number(error.records) + Number(error.empty_lines) + 1}`;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return `${row}: a quoted field is never closed (a " is missing)`;
  if (error.code === 'CSV_INVALID_CLOSING_QUOTE') return `${row}: a quoted field has text after its closing quote`;
  if (error.code === 'INVALID_OPENING_QUOTE') return `${row}: a field that does not start with " contains one (quote the whole field and double the ")`;
  return `${row}: ${error.message}`;
}

/** Every record up to the first syntax error, which ends reading: after it, rows cannot be told apart. */
function readRows(bytes: Uint8Array): { rows: Row[]; syntaxProblem: string | null } {
  if (!isUtf8(bytes)) throw new KioskError('the CSV file is not UTF-8 text', 'invalid');
  const rows: Row[] = [];
  try {
    parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      bom: true,
      // A bare CR ends rows in "CSV (Macintosh)" files from Excel for Mac.
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (cells, context) => {
        // A row of empty cells is how spreadsheets export a blank row.
        if (cells.some((cell) => cell.trim() !== '')) rows.push({ cells, row: context.records + context.empty_lines });
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) return { rows, syntaxProblem: parseProblem(error) };
    throw error;
  }
  return { rows, syntaxProblem: null };
}

/** The cell index of each column; the header must name each column exactly once. */
function readHeader(cells: string[]): Record<Column, number> {
  const names = cells.map((cell) => cell.trim());
  if (names.length === 1 && /[;\t]/.test(names[0]!))
    throw new KioskError(`the CSV's columns are separated by ${names[0]!.includes(';') ? 'semicolons' : 'tabs'}: save it with commas`, 'invalid');
  if (names.at(-1) === '' && names.length > CSV_COLUMNS.length) throw new KioskError('the CSV header ends with an empty column (a comma too many)', 'invalid');
  const unknown = names.find((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown !== undefined) throw new KioskError(`unknown CSV column "${unknown}"; the columns are ${CSV_COLUMNS.join(', ')}`, 'invalid');
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new KioskError(`the CSV has the "${twice}" column twice`, 'invalid');
  const missing = CSV_COLUMNS.find((column) => !names.includes(column));
  if (missing !== undefined) throw new KioskError(`the CSV has no "${missing}" column`, 'invalid');
  return Object.fromEntries(CSV_COLUMNS.map((column) => [column, names.indexOf(column)])) as Record<Column, number>;
}

/**
 * Reads a member list exported from a space's spreadsheet and checks it whole: header, cell
 * counts, field rules, known spaces, unique ids and credentials. Any problem refuses the file,
 * so a CSV with one broken row changes nothing.
 */
export function parseMembersCsv(
  bytes: Uint8Array,
  knownSpaces: ReadonlySet<string>,
  unknownSpace: (space: string) => string = (space) => `"${space}" is not in the installed visa list`,
): CsvMembers {
  const { rows, syntaxProblem } = readRows(bytes);
  const [header, ...records] = rows;
  if (header === undefined && syntaxProblem !== null) refuse([syntaxProblem]);
  const columns = header && readHeader(header.cells);
  if (columns === undefined || (records.length === 0 && syntaxProblem === null)) throw new KioskError('the CSV lists no members', 'invalid');
  const schema = rowSchema(knownSpaces, unknownSpace);

  const problems: string[] = [];
  const rowOfId = new Map<string, number>();
  const rowOfCredential = new Map<string, number>();
  const members: InstallableMember[] = [];
  for (const { cells, row } of records) {
    if (cells.length !== CSV_COLUMNS.length) {
      problems.push(`row ${row}: it has ${cells.length} cells, the header has ${CSV_COLUMNS.length}`);
      continue;
    }
    const parsed = schema.safeParse(Object.fromEntries(CSV_COLUMNS.map((column) => [column, cells[columns[column]]])));
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => `row ${row}, ${describeIssue(issue)}`));
      continue;
    }
    const member = parsed.data;
    const idRow = rowOfId.get(member.id);
    if (idRow !== undefined) problems.push(`row ${row}, id: "${member.id}" is also listed on row ${idRow}`);
    else rowOfId.set(member.id, row);
    for (const credential of member.credentials) {
      const key = credentialLabel(credential);
      const credentialRow = rowOfCredential.get(key);
      if (credentialRow !== undefined) problems.push(`row ${row}, credentials: ${key} is also given on row ${credentialRow}`);
      else rowOfCredential.set(key, row);
    }
    members.push({
      id: member.id,
      spaceId: member.space,
      name: member.name,
      email: member.email,
      status: member.status,
      validUntil: member.validUntil,
      credentials: member.credentials,
    });
  }
  if (syntaxProblem !== null) problems.push(syntaxProblem);
  if (problems.length > 0) refuse(problems);
  return { spaces: [...new Set(members.map((member) => member.spaceId))], members };
}
