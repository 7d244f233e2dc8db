/**
 * A refusal the user can act on: bad input, a tampered feed, a missing setting. Its message
 * is one line that says what and why; anything else thrown is a bug or an I/O failure.
 */
export class KioskError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid' | 'refused' | 'not_found' | 'forbidden' | 'not_saved' | 'rate_limited' = 'refused',
    /** `cause`: the error behind it (a database error), for the service's own use; it never travels to a client. */
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KioskError';
  }
}
