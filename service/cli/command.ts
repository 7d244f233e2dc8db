import type { MethodInput, MethodName, MethodOutput } from '../../core/api.js';
import type { BadgePrinting } from '../../drivers/printers/badge-printer.js';
import type { Io, OptionSpec } from '../../core/command-line.js';
import type { Kiosk } from '../kiosk.js';

export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  io: Io;
  /** Opens the database named by --db / VISA_KIOSK_DB / the data folder; once. */
  service: () => Kiosk;
  /**
   * A method of the contract, through the same door as every screen's call (service/dispatch.ts):
   * checked, validated and answered alike, on a connection of the command line's own that holds
   * the manager role. It opens the service (see `service`).
   */
  call: <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;
  /** The badge printer, for commands that print or list queues without a database; once. */
  printer: () => BadgePrinting;
  databasePath: string;
}

export interface Command {
  usage: string;
  summary: string;
  options: OptionSpec;
  /**
   * The database a command acts on, when it opens one: `existing`, a kiosk already set up (a --db
   * that does not exist is refused, so a typo makes no new kiosk); `new-kept-if-done`, one it may
   * set up, taken away again when the command fails. Otherwise one is made where it is missing.
   */
  database?: 'existing' | 'new-kept-if-done';
  run: (context: CommandContext) => Promise<number | void> | number | void;
}
