import { looksLikePass } from './pass/visa-pass.js';

/**
 * Tells a badge reader or scanner that "types" like a keyboard from a person typing, using
 * only key timing: readers type a whole badge number plus Enter/Tab with short, even gaps
 * between keys, people take longer.
 *
 * The detector only watches: every key reaches the page as it was typed, so nothing a person
 * types is held back or changed. A scan is known after the fact, at its Enter or Tab; the caller
 * then swallows that terminator and undoes what the burst typed into a form field. A reader
 * slower than maxInterKeyMs per key, or one that sends no terminator, is taken for a person:
 * the reader.wedgeGapMs setting raises the limit, and staff can learn it from a scan.
 */
export interface WedgeOptions {
  /** Longest gap between two keys of one scanner burst. */
  maxInterKeyMs: number;
  /** Fewest characters a scan has; shorter bursts are typing. */
  minLength: number;
  /** `key` values that end a scan. */
  terminators: string[];
  /** A scan starts after this long without a key (at least twice maxInterKeyMs): the tail of a slow burst is no scan. */
  pauseMs: number;
}

export type WedgeVerdict =
  /** This key starts a new burst: the caller notes what the focused field held before it. */
  | { type: 'start' }
  /** A whole scan ends with this key: the caller swallows it and undoes the burst. */
  | { type: 'scan'; text: string }
  /** Nothing to do: the key goes where it was typed. */
  | { type: 'none' };

export interface WedgeKey {
  /** KeyboardEvent.key */
  key: string;
  /** Milliseconds, any monotonic clock (event.timeStamp). */
  at: number;
  /** KeyboardEvent.code (the physical key) and shiftKey: what a scanner sent, whatever the host's layout makes of it. */
  code?: string;
  shift?: boolean;
}

/** The limits of the reader.wedgeGapMs setting: Datalogic scanners allow inter-character delays up to 990 ms. */
export const WEDGE_GAP_MS = { min: 20, max: 2000, default: 60 } as const;

export const defaultWedgeOptions: Readonly<WedgeOptions> = {
  maxInterKeyMs: WEDGE_GAP_MS.default,
  minLength: 4,
  terminators: ['Enter', 'Tab'],
  pauseMs: 500,
};

/** A burst this long without a terminator is a held-down key repeating, not a badge. */
const MAX_BURST = 256;

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'FnLock']);

/** Physical keys → [unshifted, shifted] on a US layout: scanners type as one, while the host may be AZERTY or QWERTZ. */
const US_KEYS = new Map<string, [string, string]>([
  ...[...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c): [string, [string, string]] => [`Key${c}`, [c.toLowerCase(), c]]),
  ...[...'1234567890'].map((c, i): [string, [string, string]] => [`Digit${c}`, [c, '!@#$%^&*()'[i]!]]),
  ['Space', [' ', ' ']],
  ['Minus', ['-', '_']],
  ['Equal', ['=', '+']],
  ['Semicolon', [';', ':']],
  ['Period', ['.', '>']],
  ['Slash', ['/', '?']],
  ['Comma', [',', '<']],
]);

/** The character a US layout gives for a physical key, or undefined for one it does not know. */
export function usCharacter(code: string | undefined, shift: boolean | undefined): string | undefined {
  const chars = code === undefined ? undefined : US_KEYS.get(code);
  return chars && chars[shift ? 1 : 0];
}

/** One character, not a named key like "Enter" or "ArrowLeft". */
export function isPrintable(key: string): boolean {
  return [...key].length === 1 && !/\p{Cc}/u.test(key);
}

export class KeyboardWedgeDetector {
  private readonly options: WedgeOptions;
  private burst: string[] = [];
  /** The same burst as a US layout types it; null once a key has no US character. */
  private usBurst: string[] | null = [];
  private lastAt = Number.NEGATIVE_INFINITY;
  /** The burst began after a pause, so it may be a scan; one that began mid-typing is typing. */
  private afterPause = false;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...defaultWedgeOptions, ...options };
  }

  key(event: WedgeKey): WedgeVerdict {
    const { key, at } = event;
    // Readers press Shift for capitals: it neither breaks a burst nor counts as its key.
    if (MODIFIERS.has(key)) return { type: 'none' };
    const inBurst = this.burst.length > 0 && at - this.lastAt <= this.options.maxInterKeyMs;
    if (this.options.terminators.includes(key)) {
      const text = this.scanned();
      this.burst = [];
      return inBurst && this.afterPause && text.length >= this.options.minLength ? { type: 'scan', text } : { type: 'none' };
    }
    const us = usCharacter(event.code, event.shift);
    // Backspace, arrows and the like are a person's keys: the burst, if any, was typing. A dead key
    // (QWERTZ's ´ where a US scanner types "+") is still the scanner's character.
    if (!isPrintable(key) && !(key === 'Dead' && us !== undefined)) {
      this.burst = [];
      this.lastAt = at;
      return { type: 'none' };
    }
    const quietFor = at - this.lastAt;
    this.lastAt = at;
    if (inBurst && this.burst.length < MAX_BURST) {
      this.burst.push(key === 'Dead' ? us! : key);
      this.usBurst = us === undefined || !this.usBurst ? null : [...this.usBurst, us];
      return { type: 'none' };
    }
    this.burst = [key === 'Dead' ? us! : key];
    this.usBurst = us === undefined ? null : [us];
    this.afterPause = quietFor >= Math.max(this.options.pauseMs, 2 * this.options.maxInterKeyMs);
    return { type: 'start' };
  }

  /**
   * A visa pass as the scanner meant it: a US scanner on an AZERTY host types "CV1:" as "CV&M",
   * so a burst that is a pass on a US layout is read by its physical keys. Anything else is read
   * as the host typed it: a badge reader may be set up for the host's own layout.
   */
  private scanned(): string {
    const us = this.usBurst?.join('');
    return us !== undefined && looksLikePass(us) ? us : this.burst.join('');
  }

  /** Forgets a burst (focus moved, a shortcut was pressed). */
  reset(): void {
    this.burst = [];
  }
}

/** What a scan taught about a reader's pace: its longest gap between keys, and a limit with room to spare. */
export interface LearnedGap {
  longestGapMs: number;
  proposedMs: number;
}

/**
 * The gap limit for a reader, from the times of one scan's keys (its terminator included): the
 * longest gap half again plus 20 ms, since a loaded kiosk stretches some gaps, within the
 * setting's range. Null when the scan was too short to be a badge.
 */
export function learnWedgeGap(keyTimes: number[], minLength = defaultWedgeOptions.minLength): LearnedGap | null {
  if (keyTimes.length < minLength + 1) return null;
  const longestGapMs = Math.round(Math.max(...keyTimes.slice(1).map((at, i) => at - (keyTimes[i] ?? at))));
  const proposedMs = Math.min(WEDGE_GAP_MS.max, Math.max(WEDGE_GAP_MS.min, Math.ceil((longestGapMs * 1.5 + 20) / 10) * 10));
  return { longestGapMs, proposedMs };
}
