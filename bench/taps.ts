import type { CheckinResult } from '../core/api/checkin.js';
import type { Kiosk } from '../service/kiosk.js';
import { memberUid } from './data.js';
import type { PtyFloor, RawTap } from './floor.js';
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
