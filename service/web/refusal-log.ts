/**
 * Refused sockets, as the log tells them: the first few from an address in a minute line by line,
 * the rest counted in one line at the end of the minute. Refusing takes no pairing token, so a
 * program on the network refusing itself thousands of times a second must not flood the log
 * (or make the system journal drop the kiosk's own lines).
 */
export class RefusalLog {
  private readonly counts = new Map<string, { told: number; more: number }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: (line: string) => void,
    private readonly linesPerMinute = 5,
    private readonly everyMs = 60_000,
  ) {}

  refused(from: string, status: number): void {
    let count = this.counts.get(from);
    if (!count) {
      count = { told: 0, more: 0 };
      this.counts.set(from, count);
    }
    if (count.told < this.linesPerMinute) {
      count.told++;
      this.log(`refused a WebSocket from ${from}: ${status}`);
    } else count.more++;
    this.timer ??= setTimeout(() => this.flush(), this.everyMs).unref();
  }

  /** Tells what was only counted (called each minute, and as the server closes). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [from, { more }] of this.counts) if (more > 0) this.log(`refused ${more} more WebSocket${more === 1 ? '' : 's'} from ${from} within a minute`);
    this.counts.clear();
  }
}
