import { KioskError } from '../../core/errors.js';
import type { RefusalCode } from '../../core/outcome.js';

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
