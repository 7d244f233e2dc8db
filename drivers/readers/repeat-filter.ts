/**
 * Reads the same credential once while it stays on the reader: a read is dropped when the
 * same key was seen less than `windowMs` ago. The window slides with every sighting, because
 * an RDM6300 repeats its frame every ~100 ms for as long as the card rests on it.
 */
export class RepeatFilter {
  /** Last sighting per key, oldest first: a sighting moves its key to the end. */
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** `atMs` only goes forward (performance.now()). */
  accept(key: string, atMs: number): boolean {
    // The expired keys are the oldest, at the front: a rush of different badges costs no more per tap than one.
    for (const [seen, at] of this.lastSeen) {
      if (atMs - at < this.windowMs) break;
      this.lastSeen.delete(seen);
    }
    const fresh = !this.lastSeen.delete(key);
    this.lastSeen.set(key, atMs);
    return fresh;
  }
}
