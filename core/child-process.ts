/**
 * How the kiosk starts a process of its own and talks to it: Node's fork under `serve`, Electron's
 * utilityProcess in the app. A contract only, so the app can supply its launcher without reaching
 * into the drivers that use it.
 */
export interface ChildEvents {
  message(message: unknown): void;
  /** Once, when the process has ended or could not start; `why` completes "… stopped: …". */
  exit(why: string): void;
}

/** The parent's handle on a child process, however it was started. */
export interface ChildHandle<Request = unknown> {
  send(request: Request): void;
  /** Asks it to end: it finishes or cancels what it follows, then exits. */
  end(): void;
  kill(): void;
}

export type LaunchChild<Request = unknown> = (entry: string, events: ChildEvents) => ChildHandle<Request>;
