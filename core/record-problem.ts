import type { ListCredentialFault } from './credential-match.js';
import type { ValueProblem } from './errors.js';

/**
 * Where in a feed a record problem is: the list, the record's position in it (from 0, as the
 * feed counts), its id when it has one, and the field when one is named ("credentials[0].form").
 */
export interface RecordPlace {
  list: 'spaces' | 'members';
  index: number;
  id: string | null;
  field: string | null;
}

/**
 * Why a record of a feed was left out, in data, for a screen to word in its own language
 * (renderer/record-problem-text.ts); the import's `problems` keep the English line for the
 * command line.
 */
export type RecordProblem =
  | { what: 'value'; at: RecordPlace; problem: ValueProblem }
  | { what: 'credential'; at: RecordPlace; problem: ListCredentialFault }
  | { what: 'listed_twice'; at: RecordPlace }
  | { what: 'unknown_space'; at: RecordPlace; space: string }
  | ({ what: 'shared_credential' } & SharedCredential);

/** A credential two or more members claim, written as a CSV writes it ("rfid.decimal:0004340757"). */
export interface SharedCredential {
  credential: string;
  holders: string[];
}

/** A member CSV's columns, in the order the kiosk writes them (any order is read). */
export const CSV_COLUMNS = ['id', 'space', 'name', 'email', 'status', 'validUntil', 'credentials'] as const;

/**
 * What refuses a member CSV, row by row, in data (core/errors.ts, `csv_refused`). `row` is the
 * spreadsheet's row (the header is row 1); `entry` one credential as the cell writes it.
 */
export type CsvProblem =
  | { what: 'cells'; row: number; cells: number; columns: number }
  | { what: 'value'; row: number; field: string; problem: ValueProblem }
  | { what: 'unknown_space'; row: number; space: string }
  | { what: 'credential_written'; row: number; entry: string }
  | { what: 'credential_form'; row: number; entry: string; form: string }
  | { what: 'credential'; row: number; entry: string; problem: ListCredentialFault }
  | { what: 'credential_twice'; row: number; credential: string }
  | { what: 'id_twice'; row: number; id: string; otherRow: number }
  | { what: 'credential_elsewhere'; row: number; credential: string; otherRow: number }
  | { what: 'syntax'; row: number; fault: 'quote_not_closed' | 'text_after_quote' | 'stray_quote' | 'unreadable' };
