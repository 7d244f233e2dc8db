import type { CredentialFault } from './credentials.js';
import type { Failure, RefusalCode } from './outcome.js';
import type { CsvProblem, RecordProblem, SharedCredential } from './record-problem.js';

/**
 * What a value fails, in data: a screen words it in its own language ("must be at least 5"),
 * the command line keeps zod's English.
 */
export type ValueProblem =
  | { kind: 'too_small'; minimum: number }
  | { kind: 'too_big'; maximum: number }
  | { kind: 'too_short'; minimum: number }
  | { kind: 'too_long'; maximum: number }
  | { kind: 'too_few'; minimum: number }
  | { kind: 'too_many'; maximum: number }
  /** A value not among the allowed ones (a CSV's status), both as written, for a screen to quote. */
  | { kind: 'not_one_of'; value: string; choices: string[] }
  | { kind: 'missing' | 'not_a_number' | 'not_whole' | 'not_a_choice' | 'not_a_url' | 'not_an_email' | 'not_json' | 'hidden_characters' | 'badly_written' };

/** Why the alliance registry gave no answer, as the command line says it in parentheses. */
export type RegistryUnreachable = 'refused' | 'dns' | 'timeout' | 'cut_off';

/** Why the database could not save or read: the same four faults as db/open.ts's storageFault. */
export type StorageFault = 'busy' | 'full' | 'io' | 'damaged';

/**
 * Why a feed whose records were read would stop the kiosk, so it is refused: no space at all,
 * none of this kiosk's own, or no member left. The refusal's `record` is the record problem
 * most likely behind it.
 */
export type UnusableFeed = { why: 'no_space' } | { why: 'no_own_space'; space: string } | { why: 'no_member'; listed: number };

/**
 * What a refusal is about, in data, for a screen to say in its own words (renderer/error-message.ts).
 * The error's message stays the service's one English line, for the command line and the log; a
 * refusal without a detail is said on screen by its code alone.
 */
export type ErrorDetail =
  | { what: 'setting'; setting: string; problem: ValueProblem }
  | { what: 'input'; field: string; problem: ValueProblem }
  | { what: 'not_saved' | 'not_read'; why: StorageFault }
  | { what: 'pin_wait'; seconds: number }
  | { what: 'signed_out'; locked: boolean }
  | { what: 'needs_role'; role: string }
  | { what: 'feed_unreachable'; host: string }
  /** The alliance registry gave no answer: its host and port, and why when the network said (null: another failure). */
  | { what: 'registry_unreachable'; host: string; why: RegistryUnreachable | null }
  | { what: 'feed_refused'; status: number | null }
  | { what: 'space_not_in_list'; space: string }
  | { what: 'badge_is_member'; name: string }
  | { what: 'credential_refused'; text: string; fault: CredentialFault }
  | { what: 'not_a_badge'; text: string }
  | { what: 'feed_unusable'; unusable: UnusableFeed; record: RecordProblem | null }
  | { what: 'csv_refused'; problems: CsvProblem[]; more: number }
  /** The same problems in a roster being published (nothing installed, nothing sent): `space` is this kiosk's, the only one a roster may list. */
  | { what: 'roster_refused'; space: string; problems: CsvProblem[]; more: number }
  | { what: 'csv_unreadable'; why: 'not_utf8' | 'semicolons' | 'tabs' | 'empty_column' | 'no_members' }
  | { what: 'csv_column'; why: 'unknown' | 'twice' | 'missing'; column: string }
  | { what: 'csv_id_elsewhere'; ids: string[] }
  | { what: 'csv_shared_credential'; shared: SharedCredential[] }
  /** The alliance registry refused a request: a screen words its code, or quotes its own sentence (English) for a code it does not know. */
  | { what: 'registry_refused'; code: string | null; sentence: string }
  | {
      what:
        | 'no_feed_url'
        | 'feed_invalid'
        | 'feed_too_large'
        | 'signature_bad'
        | 'public_key_bad'
        | 'list_rollback'
        | 'list_changed'
        | 'space_not_set'
        | 'no_printer'
        | 'no_staff_account'
        | 'date_past'
        | 'own_member'
        | 'date_too_far'
        | 'already_checked_in'
        | 'check_out_expired'
        | 'already_checked_out'
        | 'visit_closed'
        | 'not_on_site'
        | 'already_paid'
        | 'not_pay_at_desk'
        | 'badge_taken'
        | 'badge_fits_members'
        | 'staff_badge_here_only'
        | 'staff_badge_stale'
        | 'not_joined'
        | 'list_from_registry'
        | 'enrolment_code_bad'
        | 'not_a_registry'
        | 'registry_key_mismatch';
    };

/**
 * A refusal the user can act on: bad input, a tampered feed, a missing setting. Its message
 * is one line that says what and why; anything else thrown is a bug or an I/O failure.
 */
export class KioskError extends Error {
  constructor(
    message: string,
    readonly code: RefusalCode = 'refused',
    /**
     * `cause`: the error behind it (a database error), for the service's own use; it never travels to a client.
     * `retryAfterSeconds`: how long before the same call may be tried again, for a screen to say in its own language.
     * `detail`: what the refusal is about, for a screen to word; it travels to clients with the code.
     */
    options?: { cause?: unknown; retryAfterSeconds?: number; detail?: ErrorDetail },
  ) {
    super(message, options);
    this.name = 'KioskError';
    if (options?.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (options?.detail !== undefined) this.detail = options.detail;
  }

  readonly retryAfterSeconds?: number;
  readonly detail?: ErrorDetail;
}

/** A KioskError as it travels to a screen (IPC, WebSocket): never its cause, never a stack. */
export function wireError(error: KioskError): Failure {
  return {
    code: error.code,
    message: error.message,
    ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }),
    ...(error.detail !== undefined && { detail: error.detail }),
  };
}
