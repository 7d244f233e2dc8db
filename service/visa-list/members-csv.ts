import { isUtf8 } from 'node:buffer';
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';
import { credentialLabel, ListForm, parseListCredential, type ListCredential } from '../../core/credential-match.js';
import { KioskError, type ErrorDetail } from '../../core/errors.js';
import { FeedMember } from '../../core/feed.js';
import { CSV_COLUMNS, type CsvProblem } from '../../core/record-problem.js';
import { describeIssue, issuePath, valueProblem } from '../../core/schema-messages.js';
import { CredentialKind, LocalDate, MemberStatus } from '../../core/vocabulary.js';
import type { InstallableMember } from '../../db/visa-list.js';

type Column = (typeof CSV_COLUMNS)[number];

export interface CsvMembers {
  /** Distinct space ids in order of first appearance. */
  spaces: string[];
  members: InstallableMember[];
  /** The spreadsheet row each member is on, in the same order. */
  rows: number[];
}

/** A record with the spreadsheet row it starts on (header = row 1, blank rows counted). */
interface Row {
  cells: string[];
  row: number;
}

const MAX_PROBLEMS_NAMED = 3;

/** A problem with the file, as its English line and as data for a screen to word. */
interface Found {
  text: string;
  detail: CsvProblem;
}

function refuse(problems: Found[]): never {
  const extra = problems.length - MAX_PROBLEMS_NAMED;
  const named = problems.slice(0, MAX_PROBLEMS_NAMED);
  throw new KioskError(`the CSV was refused: ${named.map((p) => p.text).join('; ')}${extra > 0 ? ` (and ${extra} more problems)` : ''}`, 'invalid', {
    detail: { what: 'csv_refused', problems: named.map((p) => p.detail), more: Math.max(extra, 0) },
  });
}

const unreadable = (message: string, why: Extract<ErrorDetail, { what: 'csv_unreadable' }>['why']) =>
  new KioskError(message, 'invalid', { detail: { what: 'csv_unreadable', why } });
const badColumn = (message: string, why: Extract<ErrorDetail, { what: 'csv_column' }>['why'], column: string) =>
  new KioskError(message, 'invalid', { detail: { what: 'csv_column', why, column } });

/** What a credential cell's issue is about, without its row: carried in the issue's params. */
type WithoutRow<P> = P extends unknown ? Omit<P, 'row'> : never;
type CellProblem = WithoutRow<CsvProblem>;
const cellIssue = (cell: string, message: string, problem: CellProblem) => ({ code: 'custom' as const, input: cell, message, params: { problem } });

const Cell = z.string().trim();

/**
 * One credential as a person writes it: KIND or rfid.FORM (core/credential-match.ts), then the
 * value; split on the first ':' so barcodes may hold ':'. Also `--credential` on the command line.
 */
export function parseCredentialEntry(entry: string): { ok: true; credential: ListCredential } | { ok: false; error: string; problem: CellProblem } {
  const colon = entry.indexOf(':');
  const [kindText = '', formText, ...rest] = entry.slice(0, Math.max(colon, 0)).trim().split('.');
  const kind = CredentialKind.safeParse(kindText);
  if (colon < 0 || !kind.success || rest.length > 0)
    return { ok: false, error: `"${entry}" is not written rfid:VALUE, rfid.FORM:VALUE or barcode:VALUE`, problem: { what: 'credential_written', entry } };
  const form = formText === undefined ? undefined : ListForm.safeParse(formText);
  if (form && !form.success)
    return {
      ok: false,
      error: `"${entry}": "${formText}" is not a way of writing a card; the forms are ${ListForm.options.join(', ')}`,
      problem: { what: 'credential_form', entry, form: formText! },
    };
  const parsed = parseListCredential(kind.data, entry.slice(colon + 1), form?.data);
  return parsed.ok ? parsed : { ok: false, error: `"${entry}": ${parsed.error}`, problem: { what: 'credential', entry, problem: parsed.fault } };
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
      ctx.issues.push(cellIssue(cell, parsed.error, parsed.problem));
      continue;
    }
    const key = credentialLabel(parsed.credential);
    if (credentials.has(key)) ctx.issues.push(cellIssue(cell, `${key} is given twice`, { what: 'credential_twice', credential: key }));
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

function parseProblem(error: CsvError): Found {
  // The error's counts (typed unknown) cover the rows completed before it; the broken one is next.
  const row = Number(error.records) + Number(error.empty_lines) + 1;
  const found = (text: string, fault: Extract<CsvProblem, { what: 'syntax' }>['fault']): Found => ({
    text: `row ${row}: ${text}`,
    detail: { what: 'syntax', row, fault },
  });
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return found('a quoted field is never closed (a " is missing)', 'quote_not_closed');
  if (error.code === 'CSV_INVALID_CLOSING_QUOTE') return found('a quoted field has text after its closing quote', 'text_after_quote');
  if (error.code === 'INVALID_OPENING_QUOTE')
    return found('a field that does not start with " contains one (quote the whole field and double the ")', 'stray_quote');
  return found(error.message, 'unreadable');
}

/** Every record up to the first syntax error, which ends reading: after it, rows cannot be told apart. */
function readRows(bytes: Uint8Array): { rows: Row[]; syntaxProblem: Found | null } {
  if (!isUtf8(bytes)) throw unreadable('the CSV file is not UTF-8 text', 'not_utf8');
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
  if (names.length === 1 && /[;\t]/.test(names[0]!)) {
    const separator = names[0]!.includes(';') ? 'semicolons' : 'tabs';
    throw unreadable(`the CSV's columns are separated by ${separator}: save it with commas`, separator);
  }
  if (names.at(-1) === '' && names.length > CSV_COLUMNS.length) throw unreadable('the CSV header ends with an empty column (a comma too many)', 'empty_column');
  const unknown = names.find((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown !== undefined) throw badColumn(`unknown CSV column "${unknown}"; the columns are ${CSV_COLUMNS.join(', ')}`, 'unknown', unknown);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw badColumn(`the CSV has the "${twice}" column twice`, 'twice', twice);
  const missing = CSV_COLUMNS.find((column) => !names.includes(column));
  if (missing !== undefined) throw badColumn(`the CSV has no "${missing}" column`, 'missing', missing);
  return Object.fromEntries(CSV_COLUMNS.map((column) => [column, names.indexOf(column)])) as Record<Column, number>;
}

/** A row's schema issue as data: a credential cell's own problem, a space not in the list, or a field's value (quoted from its cell). */
function issueProblem(issue: z.core.$ZodIssue, row: number, cellOf: (column: Column) => string): CsvProblem {
  if (issue.code === 'custom' && issue.params?.problem) return { ...(issue.params.problem as CellProblem), row };
  if (issue.code === 'custom' && issue.path[0] === 'space') return { what: 'unknown_space', row, space: cellOf('space').trim() };
  return { what: 'value', row, field: issuePath(issue), problem: valueProblem(issue, cellOf(issue.path[0] as Column).trim()) };
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
  if (columns === undefined || (records.length === 0 && syntaxProblem === null)) throw unreadable('the CSV lists no members', 'no_members');
  const schema = rowSchema(knownSpaces, unknownSpace);

  const problems: Found[] = [];
  const rowOfId = new Map<string, number>();
  const rowOfCredential = new Map<string, number>();
  const members: InstallableMember[] = [];
  const memberRows: number[] = [];
  for (const { cells, row } of records) {
    if (cells.length !== CSV_COLUMNS.length) {
      problems.push({
        text: `row ${row}: it has ${cells.length} cells, the header has ${CSV_COLUMNS.length}`,
        detail: { what: 'cells', row, cells: cells.length, columns: CSV_COLUMNS.length },
      });
      continue;
    }
    const parsed = schema.safeParse(Object.fromEntries(CSV_COLUMNS.map((column) => [column, cells[columns[column]]])));
    if (!parsed.success) {
      problems.push(
        ...parsed.error.issues.map((issue) => ({
          text: `row ${row}, ${describeIssue(issue)}`,
          detail: issueProblem(issue, row, (column) => cells[columns[column]]!),
        })),
      );
      continue;
    }
    const member = parsed.data;
    const idRow = rowOfId.get(member.id);
    if (idRow !== undefined)
      problems.push({
        text: `row ${row}, id: "${member.id}" is also listed on row ${idRow}`,
        detail: { what: 'id_twice', row, id: member.id, otherRow: idRow },
      });
    else rowOfId.set(member.id, row);
    for (const credential of member.credentials) {
      const key = credentialLabel(credential);
      const credentialRow = rowOfCredential.get(key);
      if (credentialRow !== undefined)
        problems.push({
          text: `row ${row}, credentials: ${key} is also given on row ${credentialRow}`,
          detail: { what: 'credential_elsewhere', row, credential: key, otherRow: credentialRow },
        });
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
    memberRows.push(row);
  }
  if (syntaxProblem !== null) problems.push(syntaxProblem);
  if (problems.length > 0) refuse(problems);
  return { spaces: [...new Set(members.map((member) => member.spaceId))], members, rows: memberRows };
}
