import fs from 'node:fs';
import Database from 'better-sqlite3';
import { checkpointDue, checkpointsByHand, copyLog, KIOSK_CHECKPOINTS } from '../db/checkpoints.js';
import { memberName, memberUid } from './data.js';
import { em4100Frame } from './frames.js';
import type { PtyDevice } from './pty.js';

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
    if (checkpointDue({ now, unsaved: true, lastWriteAt: now, walBytes, taps: ++this.sinceCopy, behind: false }, KIOSK_CHECKPOINTS, true)) {
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
