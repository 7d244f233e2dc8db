/**
 * Reads the same credential once while it stays on the reader: a read is dropped when the
 * same key was seen less than `windowMs` ago. The window slides with every sighting, because
 * an RDM6300 repeats its frame every ~100 ms for as long as the card rests on it.
 */
export class RepeatFilter {
  private readonly lastSeen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  accept(key: string, atMs: number): boolean {
    for (const [seen, at] of this.lastSeen) if (atMs - at >= this.windowMs) this.lastSeen.delete(seen);
    const fresh = !this.lastSeen.has(key);
    this.lastSeen.set(key, atMs);
    return fresh;
  }
}
