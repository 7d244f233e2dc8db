import type { Io, OptionSpec } from '../../core/command-line.js';

export interface CommandContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  io: Io;
  /** The registry's folder, from --dir (a usage error when missing). */
  dir: () => string;
  /** The built threads (dist/node/); without them (tests from source) their work runs on the calling thread. */
  workers?: RegistryWorkers | undefined;
}

export interface RegistryWorkers {
  /** The writer thread (registry/writer/writer-worker.ts). */
  writer: string;
}

export interface Command {
  usage: string;
  summary: string;
  options: OptionSpec;
  run: (context: CommandContext) => Promise<number | void> | number | void;
}
