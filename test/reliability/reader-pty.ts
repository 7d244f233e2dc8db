import path from 'node:path';
import { PtyDevice } from '../../bench/pty';
import { Kiosk } from '../../service/kiosk';
import { sleep } from '../fixtures/wait';
import { Screen } from './screen';
import { serve, type ServeProcess } from './serve-process';

/** Writes frames to a pty as a badge reader does, one every `gapMs`, until told to stop. */
export class TapWriter {
  written: string[] = [];
  private stopped = false;

  constructor(
    private readonly pty: PtyDevice,
    private readonly frame: (uid: string) => Uint8Array,
  ) {}

  stop(): void {
    this.stopped = true;
  }

  async run(uids: string[], gapMs: number, onWritten?: (count: number) => void): Promise<string[]> {
    this.stopped = false;
    const done: string[] = [];
    for (const uid of uids) {
      if (this.stopped) break;
      await this.pty.write(this.frame(uid));
      done.push(uid);
      this.written.push(uid);
      onWritten?.(this.written.length);
      await sleep(gapMs);
    }
    return done;
  }
}

/** A real pty linked in `dir`, set as the database's one reader: "desk", EM4100, on serial. */
export async function deskReader(dir: string, db: string, cleanup: (() => unknown)[]): Promise<PtyDevice> {
  const pty = new PtyDevice(dir);
  await pty.start();
  cleanup.push(() => pty.stop());
  const setup = Kiosk.open(db);
  setup.settings.set({ key: 'readers', value: JSON.stringify([{ id: 'desk', type: 'serial', path: pty.readerPath, protocol: 'em4100' }]) });
  await setup.close();
  return pty;
}

/** `serve` on the database with one screen open, once its reader is connected; both undone by `cleanup`. */
export async function serveWithScreen(db: string, cleanup: (() => unknown)[]): Promise<{ kiosk: ServeProcess; screen: Screen }> {
  const kiosk = await serve(db, ['--demo']);
  cleanup.push(() => kiosk.kill('SIGKILL'));
  const screen = await Screen.open(kiosk.url);
  cleanup.push(() => screen.close());
  await screen.readerConnected();
  return { kiosk, screen };
}

/** The demo kiosk as `serve` runs it in `dir`, with an EM4100 reader on a real pty and one screen open. */
export async function kioskWithReader(dir: string, cleanup: (() => unknown)[]) {
  const db = path.join(dir, 'kiosk.db');
  const pty = await deskReader(dir, db, cleanup);
  return { dir, db, pty, ...(await serveWithScreen(db, cleanup)) };
}
