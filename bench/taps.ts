import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { CheckinResult } from '../core/api/checkin.js';
import { checkpointDue, checkpointsByHand, copyLog, KIOSK_CHECKPOINTS } from '../db/checkpoints.js';
import type { Kiosk } from '../service/kiosk.js';
import { memberName, memberUid } from './data.js';
import { em4100Frame } from './frames.js';
import type { PtyDevice } from './pty.js';

/**
 * Hands out members to tap, each once, spread over the whole list (a fixed stride coprime
 * with the member count), so every tap is a first visit today: a lookup and a durable insert.
 */
export class Badges {
  private k = 0;
  private readonly stride: number;

  constructor(private readonly members: number) {
    let stride = 2_654_435_761 % members || 1;
    while (gcd(stride, members) !== 1) stride++;
    this.stride = stride;
  }

  next(): number {
    if (this.k === this.members)
      throw new Error(`every tap is a different member, and ${this.members} members are too few for the taps asked: give more --members or fewer --taps`);
    return (this.k++ * this.stride + 12_345) % this.members;
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export interface Tap {
  ms: number;
  result: CheckinResult;
}

/**
 * Plays the badge reader: writes an EM4100 frame into the pty and times it, from the moment it
 * went into the pty, until the service's 'checkin' event for that badge, which is emitted once
 * the visit is committed.
 */
export class Tapper {
  private readonly pending = new Map<string, (at: number, result: CheckinResult) => void>();

  constructor(
    service: Kiosk,
    private readonly pty: PtyDevice,
  ) {
    service.events.on('checkin', (result) => {
      const at = performance.now();
      const done = this.pending.get(result.credential.value);
      if (!done) return;
      this.pending.delete(result.credential.value);
      done(at, result);
    });
  }

  async tap(member: number, timeoutMs = 10_000): Promise<Tap> {
    const uid = memberUid(member);
    const decided = new Promise<{ at: number; result: CheckinResult }>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(uid);
        reject(new Error(`no decision for badge ${uid} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(uid, (at, result) => {
        clearTimeout(timer);
        resolve({ at, result });
      });
    });
    void this.pty.write(em4100Frame(uid));
    const { at, result } = await decided;
    return { ms: at - (await this.pty.writtenAt()), result };
  }
}

/**
 * The raw limit of a tap on this machine: one indexed lookup of the badge in the installed
 * list and one durable insert into the visit log (WAL, synchronous=FULL: one fsync per commit),
 * on a connection of its own to a copy of the kiosk's database (`database`), on the same disk.
 * A copy, not the kiosk's own file: there its inserts would grow the kiosk's log, which the
 * kiosk then copies into its database while its own taps are timed.
 */
export class RawTap {
  private readonly db: Database.Database;
  private readonly lookup: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly wal: string;
  private sinceCopy = 0;
  readonly plan: string;

  constructor(database: string, listFile: string) {
    this.db = new Database(database);
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // The kiosk's log policy (copied and started over every so many taps or at its bound, cut back
    // to half of it), but the copy made between inserts, off the clock, where the kiosk's goes on beside its taps.
    checkpointsByHand(this.db);
    this.wal = `${database}-wal`;
    this.db.prepare('ATTACH DATABASE ? AS list').run(listFile);
    const lookup = "SELECT member_id FROM list.credentials WHERE kind = 'rfid' AND value = ?";
    this.plan = (this.db.prepare(`EXPLAIN QUERY PLAN ${lookup}`).all('X') as { detail: string }[]).map((r) => r.detail).join('; ');
    this.lookup = this.db.prepare(lookup).pluck();
    // A visit row as full as the kiosk's: the same columns, values of the same size.
    this.insert = this.db.prepare(
      `INSERT INTO visits (at, local_date, kind, decision, reason, member_id, member_name, home_space_id, home_space_name, credential_kind, credential_value)
       VALUES (?, ?, 'visa', 'admitted', 'visa', ?, ?, 'cedar-commons', 'Cedar Commons', 'rfid', ?)`,
    );
  }

  once(member: number, localDate: string): number {
    const uid = memberUid(member);
    const started = performance.now();
    const id = this.lookup.get(uid) as string | undefined;
    this.insert.run(new Date().toISOString(), localDate, id ?? null, memberName(member), uid);
    const ms = performance.now() - started;
    const walBytes = fs.statSync(this.wal, { throwIfNoEntry: false })?.size ?? 0;
    const now = performance.now();
    if (checkpointDue({ now, unsaved: true, lastWriteAt: now, walBytes, taps: ++this.sinceCopy }, KIOSK_CHECKPOINTS, true)) {
      // Copied and started over as the kiosk's copier does, with nobody else writing this file.
      copyLog(this.db);
      this.sinceCopy = 0;
    }
    return ms;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * What a tap through a pty costs before the kiosk does anything: the same frame written into a
 * pty of its own and taken by the most direct reader there is, a blocking read() on this thread
 * (no event loop, no serialport, no decoding), then the same raw lookup and durable insert. No
 * reader that sleeps until its badge arrives can beat this on this machine.
 */
export class PtyFloor {
  private fd: number | null = null;
  private readonly buffer = Buffer.alloc(64);

  constructor(
    private readonly pty: PtyDevice,
    private readonly raw: RawTap,
  ) {}

  open(): void {
    this.fd = fs.openSync(this.pty.readerPath, fs.constants.O_RDONLY | fs.constants.O_NOCTTY);
  }

  /**
   * Milliseconds from the frame going into the pty to the committed insert, and to the frame's
   * last byte read (the pty alone, before any database work).
   */
  async once(member: number, localDate: string): Promise<{ total: number; delivery: number }> {
    // The read below blocks this thread: the frame must have left for the helper first.
    await this.pty.write(em4100Frame(memberUid(member)));
    let got = 0;
    while (got < FRAME_BYTES) got += fs.readSync(this.fd!, this.buffer, got, this.buffer.length - got, null);
    const read = performance.now();
    this.raw.once(member, localDate);
    const done = performance.now();
    const sent = await this.pty.writtenAt();
    return { total: done - sent, delivery: read - sent };
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

const FRAME_BYTES = em4100Frame('0000000000').length;

export interface DecisionSamples {
  taps: number[];
  raw: number[];
  floor: number[];
  /** The floor's frames, up to their last byte read. */
  delivery: number[];
  /** The raw lookup + insert again, each after the process has waited a millisecond, as a tap finds it. */
  rawAfterIdle: number[];
  decisions: Record<string, number>;
}

/**
 * Uncounted taps at the start of each round of kiosk taps: the floor's rounds start warm, after
 * the raw lookups and inserts on its own connection, and the kiosk's first taps after the
 * floor's work are slower (with 20 uncounted taps before each round's 20, p50 1.52–1.58× the
 * floor in three runs; with 100, 1.29–1.36×). When both wrote to the same file, each
 * connection's page cache was also emptied by the other's commits. They are kept with the floor on a copy.
 */
const WARM_TAPS = 100;

/**
 * Taps counted in a round of each kind. The machine's noise comes in bursts (every fsync slower
 * for some milliseconds): with rounds of 200, a burst landed on one side's round alone, a single
 * round's p99 ran from 0.6 to 4 ms on either side, and the ratio of the two p99s from 0.33 to
 * 2.24 in seven runs of the same code. A round of 20 (about 10 ms) was still often slow as a
 * whole, 1% of the taps at once: in six runs alternating with rounds of 10, the p99 ratio was
 * 1.00–2.05 (three over 1.25) against 0.67–1.23.
 */
const ROUND_TAPS = 10;

/**
 * Raw lookups+inserts (back to back, and each after a millisecond's wait), the pty floor and
 * kiosk taps in alternating rounds, so all see the same moments of a noisy machine.
 */
export async function tapsAndBaseline(
  tapper: Tapper,
  raw: RawTap,
  floor: PtyFloor,
  badges: Badges,
  count: number,
  localDate: string,
): Promise<DecisionSamples> {
  const taps: number[] = [];
  const rawSamples: number[] = [];
  const floorSamples: number[] = [];
  const delivery: number[] = [];
  const rawAfterIdle: number[] = [];
  const decisions: Record<string, number> = {};
  const n = ROUND_TAPS;
  while (taps.length < count) {
    for (let i = 0; i < n && rawSamples.length < count; i++) rawSamples.push(raw.once(badges.next(), localDate));
    for (let i = 0; i < n && rawAfterIdle.length < count; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      rawAfterIdle.push(raw.once(badges.next(), localDate));
    }
    for (let i = 0; i < n && floorSamples.length < count; i++) {
      const { total, delivery: read } = await floor.once(badges.next(), localDate);
      floorSamples.push(total);
      delivery.push(read);
    }
    for (let i = 0; i < WARM_TAPS; i++) await tapper.tap(badges.next());
    for (let i = 0; i < n && taps.length < count; i++) {
      const { ms, result } = await tapper.tap(badges.next());
      taps.push(ms);
      const key = `${result.decision}${result.repeat ? ' (repeat)' : ''}`;
      decisions[key] = (decisions[key] ?? 0) + 1;
    }
  }
  return { taps, raw: rawSamples, floor: floorSamples, delivery, rawAfterIdle, decisions };
}

/** Taps every `paceMs` for as long as `work` runs. */
export async function tapsDuring<T>(tapper: Tapper, badges: Badges, work: Promise<T>, paceMs: number): Promise<{ taps: number[]; value: T }> {
  let running = true;
  const finished = work.finally(() => (running = false));
  // Not awaited until the end: a failed import must still stop the taps.
  finished.catch(() => undefined);
  const taps: number[] = [];
  while (running) {
    const started = performance.now();
    taps.push((await tapper.tap(badges.next())).ms);
    const wait = paceMs - (performance.now() - started);
    if (wait > 0 && running) await new Promise((r) => setTimeout(r, wait));
  }
  return { taps, value: await finished };
}
