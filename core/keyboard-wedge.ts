/**
 * Tells a badge reader or scanner that "types" like a keyboard from a person typing, using
 * only key timing: readers type a whole badge number plus Enter/Tab within a few milliseconds
 * per key, people take a hundred or more.
 *
 * Trade-off: printable keys are held back until the detector knows which it is, so the first
 * key a person types is delayed by up to maxInterKeyMs (then replayed; once a person is seen
 * typing, keys pass straight through until a pause). A reader slower than maxInterKeyMs per key,
 * or one that sends no terminator, is taken for a person and its text lands where typing would.
 */
export interface WedgeOptions {
  /** Longest gap between two keys of one scanner burst. */
  maxInterKeyMs: number;
  /** Fewest characters a scan has; shorter bursts are typing. */
  minLength: number;
  /** `key` values that end a scan. */
  terminators: string[];
  /** A gap this long ends human-typing mode, so the next burst may be a scan again. */
  pauseMs: number;
}

export type WedgeVerdict =
  /** A whole scan: the caller swallows every held key and this one. */
  | { type: 'scan'; text: string }
  /** Typing after all: the caller replays these keys, in order, this event's key included when it was held. */
  | { type: 'human'; keys: string[] }
  /** The key is held back: the caller stops it reaching the page. */
  | { type: 'pending' }
  /** The key is none of the detector's business: the caller lets it through. */
  | { type: 'pass' };

export interface WedgeKey {
  /** KeyboardEvent.key */
  key: string;
  /** Milliseconds, any monotonic clock (event.timeStamp). */
  at: number;
}

export const defaultWedgeOptions: Readonly<WedgeOptions> = { maxInterKeyMs: 60, minLength: 4, terminators: ['Enter', 'Tab'], pauseMs: 500 };

/** A burst this long without a terminator is a held-down key repeating, not a badge. */
const MAX_BURST = 256;

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'FnLock']);

/** One character, not a named key like "Enter" or "ArrowLeft". */
function isPrintable(key: string): boolean {
  const chars = [...key];
  return chars.length === 1 && !/\p{Cc}/u.test(key);
}

export class KeyboardWedgeDetector {
  private readonly options: WedgeOptions;
  private held: string[] = [];
  private lastAt = 0;
  private human = false;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...defaultWedgeOptions, ...options };
  }

  key(event: WedgeKey): WedgeVerdict {
    const { key, at } = event;
    if (MODIFIERS.has(key)) return { type: 'pass' };
    const gap = at - this.lastAt;
    if (this.human && gap < this.options.pauseMs) {
      this.lastAt = at;
      return { type: 'pass' };
    }
    this.human = false;
    if (this.held.length === 0) {
      if (!isPrintable(key) || this.options.terminators.includes(key)) return { type: 'pass' };
      this.held.push(key);
      this.lastAt = at;
      return { type: 'pending' };
    }
    const inBurst = gap <= this.options.maxInterKeyMs;
    if (inBurst && this.options.terminators.includes(key) && this.held.length >= this.options.minLength) {
      const text = this.held.join('');
      this.held = [];
      return { type: 'scan', text };
    }
    if (inBurst && isPrintable(key) && !this.options.terminators.includes(key) && this.held.length < MAX_BURST) {
      this.held.push(key);
      this.lastAt = at;
      return { type: 'pending' };
    }
    // A slow key, a short burst ending, a named key or an endless burst: a person is typing.
    return this.toHuman([...this.held, key], at);
  }

  /** Called from a timer once keys stop; a call before maxInterKeyMs has passed changes nothing. */
  flush(now: number): WedgeVerdict {
    if (this.held.length === 0) return { type: 'pass' };
    if (now - this.lastAt < this.options.maxInterKeyMs) return { type: 'pending' };
    return this.toHuman(this.held, this.lastAt);
  }

  private toHuman(keys: string[], at: number): WedgeVerdict {
    this.held = [];
    this.human = true;
    this.lastAt = at;
    return { type: 'human', keys };
  }
}
