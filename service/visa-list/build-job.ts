import type { MessagePort } from 'node:worker_threads';
import type { RecordProblem } from '../../core/record-problem.js';

/** Everything a build needs, plain data, so it can be posted to a worker thread. */
export interface BuildJob {
  format: 'feed' | 'csv';
  /** The source in memory, or `path` to read it from: an unsigned feed file is streamed, never held whole. */
  bytes?: Uint8Array;
  path?: string;
  signature: string | null;
  publicKeyPem: string | null;
  /** Where to build the new list. */
  listFile: string;
  /** The installed list: a CSV keeps every space and every other space's members from it. */
  currentListFile: string;
  installedSequence: number | null;
  /** This kiosk's space.id: a feed with no usable record of it would stop every check-in, so it is refused. */
  ownSpace: string | null;
  /** A registry's list: the installed list's members this one leaves out are named in the outcome (`removedMembers`). */
  listRemoved?: boolean;
  /** Set when the build is split over two threads (ListStore): this one scans, or this one builds. */
  pipe?: BuildPipe;
}

/**
 * Two threads, one build: the scanner reads, parses and checks the feed and posts rows; the
 * builder writes them, while the scanner reads on. `signal` holds the posted and taken counts,
 * so each side waits for the other with Atomics (a bounded queue), and a cancel flag.
 */
export interface BuildPipe {
  role: 'scan' | 'build';
  port: MessagePort;
  signal: SharedArrayBuffer;
}

export interface BuildOutcome {
  listFile: string;
  sequence: number | null;
  generatedAt: string | null;
  expiresAt: string | null;
  spaces: number;
  members: number;
  credentials: number;
  signed: boolean;
  /** Records left out of the list, and why (the first few; `skipped` counts them all). */
  skipped: number;
  problems: string[];
  /** `problems` as data, one for one, for a screen to word. */
  problemDetails: RecordProblem[];
  /** Members of the installed list this one removes (when the job asked): their visa passes are refused from now on. */
  removedMembers?: string[];
}
