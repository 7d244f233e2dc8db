import type { RefusalCode } from './outcome.js';

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
     */
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = 'KioskError';
    if (options?.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  readonly retryAfterSeconds?: number;
}
