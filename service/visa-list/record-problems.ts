const PROBLEMS_KEPT = 20;

/** Collects what was wrong with individual records: counted always, spelled out for the first few. */
export class Problems {
  count = 0;
  readonly first: string[] = [];
  add(message: string): void {
    this.count++;
    if (this.first.length < PROBLEMS_KEPT) this.first.push(message);
  }
  /** Problems found on another thread, in their order. */
  addAll(messages: string[], count: number): void {
    for (const message of messages) if (this.first.length < PROBLEMS_KEPT) this.first.push(message);
    this.count += count;
  }
}

export const orphanProblem = (position: number, id: string, space: string) => `members[${position}] (${id}).space: "${space}" is not one of the feed's spaces`;
