import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { em4100Frame } from '../fixtures/frames';
import { useTempDir } from '../fixtures/temp';
import { sleep, until } from '../fixtures/wait';
import { kioskWithReader } from './reader-pty';
import { checkShownAreLogged, demoRfids, readLog } from './visit-log';

const tempDir = useTempDir();
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const uids = demoRfids().map((d) => d.uid);

describe('the badge reader unplugged and plugged back during taps', () => {
  it('staff see it go and come back; every tap read is shown and logged once; a tap while unplugged is simply not read', async () => {
    const { db, pty, screen } = await kioskWithReader(tempDir(), cleanup);
    const tap = (uid: string) => pty.write(em4100Frame(uid));
    for (const uid of uids.slice(0, 5)) await tap(uid);
    await until('the first taps to be shown', () => screen.checkins.length === 5);
    await tap(uids[5]!);
    // Unplugged right after a tap: that tap may or may not have made it through the cable.
    await pty.stop();
    await until(
      () => `staff to see the reader gone (saw ${JSON.stringify(screen.readerStatuses)})`,
      () => screen.readerStatuses.some((s) => s.state !== 'connected'),
    );
    // A badge held to an unplugged reader: there is no device at all, so nothing can be read (no tone, no screen).
    expect(fs.existsSync(pty.readerPath)).toBe(false);
    await pty.start();
    await until('staff to see the reader back', () => screen.readerStatuses.at(-1)?.state === 'connected', 5000);
    for (const uid of uids.slice(7, 12)) await tap(uid);
    await until('the taps after the replug to be shown', () => screen.checkins.some((c) => c.credential.value === uids[11]));
    await sleep(200);

    const { visits, integrity } = readLog(db);
    expect(integrity).toBe('ok');
    const { problems, unshown } = checkShownAreLogged(visits, screen.checkins);
    expect(problems).toEqual([]);
    // The kiosk never died, so what is logged is exactly what was shown.
    expect(unshown).toEqual([]);
    const logged = visits.map((v) => v.credential_value);
    expect(logged).not.toContain(uids[6]);
    for (const uid of [...uids.slice(0, 5), ...uids.slice(7, 12)]) expect(logged.filter((v) => v === uid)).toHaveLength(1);
    expect(logged.filter((v) => v === uids[5]).length).toBeLessThanOrEqual(1);
    // The kiosk's log has the reader going and coming back, once each, not only the screens.
    const log = fs
      .readFileSync(path.join(path.dirname(db), 'logs', 'kiosk.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; event: string; fields: { reader?: string } });
    const reader = log.filter((line) => line.event.startsWith('reader.')).map((line) => `${line.level} ${line.event} ${line.fields.reader}`);
    // Gone may be told as "disconnected" or "error", depending on which the port says first: the log hears of it all the same.
    expect(reader.join('\n')).toMatch(/^info reader\.connected desk\n(warn reader\.(disconnected|error) desk\n){1,2}info reader\.connected desk$/);
  });
});
