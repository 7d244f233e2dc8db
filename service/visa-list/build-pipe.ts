import fs from 'node:fs';
import { receiveMessageOnPort } from 'node:worker_threads';
import { KioskError, type ErrorDetail } from '../../core/errors.js';
import type { FeedSpace } from '../../core/feed.js';
import type { RecordProblem } from '../../core/record-problem.js';
import { cannotRead, PIPE_CANCELLED, PIPE_POSTED, PIPE_TAKEN } from '../../db/list-file.js';
import type { Db } from '../../db/open.js';
import type { BuildJob, BuildPipe } from './build-job.js';
import { checkHeader, fileReader, finishFeed } from './feed-build.js';
import { scanRecords, type Header } from './feed-records.js';
import { inserter, memberValues } from './list-rows.js';
import { Problems } from './record-problems.js';

/** Batches posted and not yet taken, at most: the scanner waits beyond this, so memory stays flat. */
const PIPE_DEPTH = 8;
/** Members per posted batch. */
const PIPE_BATCH = 4096;

type PipeMessage =
  | { type: 'rows'; spaces: FeedSpace[]; members: unknown[]; credentials: unknown[]; problems: string[]; details: RecordProblem[]; skipped: number }
  | { type: 'end'; header: [string, unknown][]; spaces: number }
  | { type: 'error'; message: string; code: KioskError['code'] | null; detail?: ErrorDetail };

/** Waits on one count of a pipe's signal while it still reads `seen`; gives up on cancel. */
function waitOn(signal: Int32Array, index: number, seen: number): void {
  if (Atomics.load(signal, PIPE_CANCELLED) !== 0) throw new Error('the list import was cancelled');
  Atomics.wait(signal, index, seen, 1000);
}

/**
 * The scanning half of a two-thread build: reads the feed file, checks its records and posts
 * their rows to the builder, at most PIPE_DEPTH batches ahead of it. A refusal is posted too.
 */
export function scanIntoPipe(job: BuildJob, pipe: BuildPipe): void {
  const signal = new Int32Array(pipe.signal);
  const post = (message: PipeMessage) => {
    for (let taken = Atomics.load(signal, PIPE_TAKEN); Atomics.load(signal, PIPE_POSTED) - taken >= PIPE_DEPTH; taken = Atomics.load(signal, PIPE_TAKEN))
      waitOn(signal, PIPE_TAKEN, taken);
    pipe.port.postMessage(message);
    Atomics.add(signal, PIPE_POSTED, 1);
    Atomics.notify(signal, PIPE_POSTED);
  };
  let fd: number | null = null;
  try {
    try {
      fd = fs.openSync(job.path!, 'r');
    } catch (error) {
      throw cannotRead(job.path!, error);
    }
    // Problems travel with the rows, so the builder lists them in the feed's order.
    const problems = new Problems();
    let reported = 0;
    let batch = { spaces: [] as FeedSpace[], members: [] as unknown[], credentials: [] as unknown[], count: 0 };
    const send = () => {
      post({
        type: 'rows',
        spaces: batch.spaces,
        members: batch.members,
        credentials: batch.credentials,
        problems: problems.first.slice(reported),
        details: problems.details.slice(reported),
        skipped: problems.count - reported,
      });
      reported = problems.count;
      batch = { spaces: [], members: [], credentials: [], count: 0 };
    };
    const { header, spaces } = scanRecords(
      fileReader(fd, job.path!),
      {
        space: (s) => batch.spaces.push(s),
        member(m, position) {
          memberValues(m, position, batch.members, batch.credentials);
          if (++batch.count === PIPE_BATCH) send();
        },
        end: send,
      },
      problems,
      false,
    );
    post({ type: 'end', header: Object.entries(header), spaces });
  } catch (error) {
    if (Atomics.load(signal, PIPE_CANCELLED) !== 0) return;
    post({
      type: 'error',
      message: (error as Error).message,
      code: error instanceof KioskError ? error.code : null,
      ...(error instanceof KioskError && error.detail && { detail: error.detail }),
    });
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The building half: takes the scanner's rows as they come and writes them. */
export function buildFromPipe(db: Db, job: BuildJob, pipe: BuildPipe, problems: Problems) {
  const signal = new Int32Array(pipe.signal);
  const insert = inserter(db);
  for (;;) {
    const posted = Atomics.load(signal, PIPE_POSTED);
    const received = receiveMessageOnPort(pipe.port) as { message: PipeMessage } | undefined;
    if (!received) {
      waitOn(signal, PIPE_POSTED, posted);
      continue;
    }
    Atomics.add(signal, PIPE_TAKEN, 1);
    Atomics.notify(signal, PIPE_TAKEN);
    const message = received.message;
    if (message.type === 'error')
      throw message.code ? new KioskError(message.message, message.code, message.detail && { detail: message.detail }) : new Error(message.message);
    if (message.type === 'rows') {
      for (const space of message.spaces) insert.space(space);
      insert.rows(message.members, message.credentials);
      problems.addAll(message.problems, message.details, message.skipped);
      continue;
    }
    insert.flush();
    const header: Header = Object.create(null);
    for (const [key, value] of message.header) header[key] = value;
    return finishFeed(db, problems, false, checkHeader(header, message.spaces, problems, job), job);
  }
}
