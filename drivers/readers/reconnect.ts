export interface RetryPolicy {
  firstMs: number;
  /** Kept under 2 s so a replugged reader is back within 2 s of appearing. */
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstMs: 100, maxMs: 1000 };

/** Retries a connection with doubling delays, one pending attempt at a time. */
export class Reconnector {
  private timer: NodeJS.Timeout | null = null;
  private delay: number;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly attempt: () => void,
  ) {
    this.delay = policy.firstMs;
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.attempt();
    }, this.delay);
    this.delay = Math.min(this.delay * 2, this.policy.maxMs);
  }

  succeeded(): void {
    this.delay = this.policy.firstMs;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
