import { Sessions } from './sessions.js';

/** What the console keeps while the registry runs: where its page is built, and who is signed in. */
export interface ConsoleState {
  /** dist/renderer, holding the built console page and its assets. */
  pageRoot: string;
  sessions: Sessions;
  /** Source addresses whose sign-in is being checked right now. */
  checking: Set<string>;
  now: () => number;
}

export function createConsoleState(pageRoot: string, now: () => number = Date.now): ConsoleState {
  return { pageRoot, sessions: new Sessions(now), checking: new Set(), now };
}
