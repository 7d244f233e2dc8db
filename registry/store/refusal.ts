import { KioskError } from '../../core/errors.js';
import type { RefusalCode } from '../../core/outcome.js';

/** What a body that is no JSON hears, wherever it is parsed (the HTTP thread, or the writer thread for a roster). */
export const NO_JSON_BODY = 'this request needs a JSON body, and it has none';
export const BAD_JSON_BODY = 'the request body is not valid JSON';

/**
 * A refusal of the registry's store with its own code (`reason`), which the HTTP API sends as
 * `error.code` so a screen can word it in its language; the English message stays for the CLI and logs.
 */
export class StoreRefusal extends KioskError {
  constructor(
    message: string,
    code: RefusalCode,
    readonly reason: string,
  ) {
    super(message, code);
  }
}
