import path from 'node:path';
import { redact, redactText } from './redact.js';
import { RotatingFile } from './rotating-file.js';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** One event per call, written as a JSON line: time, level, event, fields (redacted). */
export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** Lets go of the file; a later event opens it again. */
  close(): void;
}

export interface LoggerOptions {
  file: string;
  /** Rotate when the file would pass this size (default 5 MB). */
  maxBytes?: number;
  /** The file and its rotated copies, at most (default 5). */
  maxFiles?: number;
  /** Warnings and errors are also given here as one plain line: stderr, where the operator looks. */
  echo?: (line: string) => void;
  now?: () => Date;
}

export const LOG_MAX_BYTES = 5 * 1024 * 1024;
export const LOG_MAX_FILES = 5;

/** logs/kiosk.log beside the database, so each kiosk keeps its own. */
export function logFileBeside(databaseFile: string): string {
  return path.join(path.dirname(databaseFile), 'logs', 'kiosk.log');
}

function echoLine(event: string, fields: Record<string, unknown>): string {
  const { message, ...rest } = fields;
  if (typeof message === 'string') return message;
  return Object.keys(rest).length > 0 ? `${event} ${JSON.stringify(rest)}` : event;
}

/**
 * The kiosk's log file. Writing it never throws: a full disk or an unwritable folder must not
 * turn a check-in into an error, so a failure is said once on the echo and the line is dropped.
 * Info lines are written in one batch once the current turn of the event loop is over, so that
 * a tap's decision reaches the screen without waiting for the log (the visit itself is already
 * committed; a crash can cost the log its last few info lines, never a visit). Warnings and
 * errors are written at once, with whatever is waiting before them.
 */
export function createLogger(options: LoggerOptions): Logger {
  const target = new RotatingFile(options.file, options.maxBytes ?? LOG_MAX_BYTES, options.maxFiles ?? LOG_MAX_FILES);
  const now = options.now ?? (() => new Date());
  let failing = false;
  let waiting: { time: Date; level: LogLevel; event: string; fields: LogFields }[] = [];
  let flushing: NodeJS.Immediate | null = null;
  const flush = () => {
    if (flushing) clearImmediate(flushing);
    flushing = null;
    if (waiting.length === 0) return;
    const lines = waiting.map(
      ({ time, level, event, fields }) => `${JSON.stringify({ time: time.toISOString(), level, event: redactText(event), fields: redact(fields) })}\n`,
    );
    waiting = [];
    try {
      target.append(lines);
      failing = false;
    } catch (error) {
      if (!failing) options.echo?.(`the log ${options.file} cannot be written: ${(error as Error).message}`);
      failing = true;
    }
  };
  const write = (level: LogLevel, event: string, fields: LogFields = {}) => {
    waiting.push({ time: now(), level, event, fields });
    if (level === 'info') {
      flushing ??= setImmediate(flush);
      return;
    }
    flush();
    options.echo?.(echoLine(event, redact(fields) as Record<string, unknown>));
  };
  return {
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    close: () => {
      flush();
      target.close();
    },
  };
}
