import type { RecordPlace, RecordProblem } from '../../core/record-problem.js';

const PROBLEMS_KEPT = 20;

/**
 * Collects what was wrong with individual records: counted always, spelled out for the first
 * few, each as its English line and as data for a screen to word.
 */
export class Problems {
  count = 0;
  readonly first: string[] = [];
  readonly details: RecordProblem[] = [];
  add(message: string, detail: RecordProblem): void {
    this.count++;
    if (this.first.length < PROBLEMS_KEPT) {
      this.first.push(message);
      this.details.push(detail);
    }
  }
  /** Problems found on another thread, in their order. */
  addAll(messages: string[], details: RecordProblem[], count: number): void {
    messages.forEach((message, i) => {
      if (this.first.length < PROBLEMS_KEPT) {
        this.first.push(message);
        this.details.push(details[i]!);
      }
    });
    this.count += count;
  }
}

/** The record's id, when it has one in text, as a place names it. */
export const recordId = (raw: unknown): string | null => (typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null);

export const place = (list: RecordPlace['list'], index: number, id: string | null, field: string | null = null): RecordPlace => ({ list, index, id, field });

export function addOrphan(problems: Problems, position: number, id: string, space: string): void {
  problems.add(`members[${position}] (${id}).space: "${space}" is not one of the feed's spaces`, {
    what: 'unknown_space',
    at: place('members', position, id, 'space'),
    space,
  });
}
