/**
 * EM4100's checksum is an XOR of the five data bytes, so two flipped bits in the same position
 * of two bytes pass it and read as another card. A reader that repeats its frame while the card
 * rests (RDM6300, about every 100 ms) can be asked for the same frame `reads` times in a row
 * before it counts: a line error is not repeated identically, the card is.
 */
export const CONFIRM_WINDOW_MS = 1500;

export class ConfirmFilter {
  private last: { text: string; count: number; atMs: number } | null = null;

  constructor(
    private readonly reads: number,
    /** A repeat further apart than this is a new tap, not the card still resting. */
    private readonly windowMs = CONFIRM_WINDOW_MS,
  ) {}

  /** True once `text` has arrived `reads` times in a row, and for each arrival after that. */
  accept(text: string, atMs: number): boolean {
    if (this.reads <= 1) return true;
    const last = this.last;
    const count = last !== null && last.text === text && atMs - last.atMs <= this.windowMs ? last.count + 1 : 1;
    this.last = { text, count, atMs };
    return count >= this.reads;
  }

  /** The device went away: a frame before it and one after are not "in a row". */
  reset(): void {
    this.last = null;
  }
}
