/** How fast something may happen: `burst` at once, then `perSecond` on average. */
export interface Rate {
  burst: number;
  perSecond: number;
}

/** Milliseconds from a clock that never jumps back with the wall clock. */
export const monotonicMs = (): number => performance.now();

/** A token bucket: full at `burst`, each event takes a token, tokens come back at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number = monotonicMs,
  ) {
    this.tokens = rate.burst;
    this.at = now();
  }

  /** True (and one token spent) when the event may happen now. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** The token of an event that did not happen after all. */
  giveBack(): void {
    this.tokens = Math.min(this.rate.burst, this.tokens + 1);
  }

  /** Refilled to its burst: no different from a new bucket, so it can be forgotten. */
  full(): boolean {
    this.refill();
    return this.tokens >= this.rate.burst;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.rate.burst, this.tokens + (Math.max(0, now - this.at) * this.rate.perSecond) / 1000);
    this.at = now;
  }
}

/** One bucket per key (a screen's address, a reader); buckets that refilled are dropped, so the map stays small. */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number = monotonicMs,
    private readonly keep = 256,
  ) {}

  take(key: string): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.keep) this.forgetFull();
      bucket = new TokenBucket(this.rate, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }

  giveBack(key: string): void {
    this.buckets.get(key)?.giveBack();
  }

  get size(): number {
    return this.buckets.size;
  }

  private forgetFull(): void {
    for (const [key, bucket] of this.buckets) if (bucket.full()) this.buckets.delete(key);
  }
}
